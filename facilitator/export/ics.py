"""The next meeting as an iCalendar file (RFC 5545), for Outlook and Google Calendar to import.

One VEVENT: the next meeting's date, time, place, and the agenda in DESCRIPTION.

- **Time zone.** A timed event is written as local time with ``TZID=Asia/Tokyo`` and a
  VTIMEZONE block for it. Google Calendar recognises the IANA name itself; Outlook does not
  look names up but takes the offset from the VTIMEZONE block, which it needs to be present.
  Japan has had no daylight saving time since 1951, so one STANDARD rule (+09:00) is exact for
  every date. Floating local time (no zone) was rejected: Google Calendar reads it in the
  calendar's own zone, which on many accounts set up abroad or by default is not Japan, and the
  meeting would move. UTC (``...Z``) was rejected because a person reading the file sees 05:00
  for a 14:00 meeting.
- **No time → an all-day event** (``VALUE=DATE``, DTEND the next day, exclusive), which both
  import as all-day.
- **Duration.** The next meeting has only a start time: the event lasts as long as a meeting
  is planned to — the sum of this session's steps' ``planned_minutes``, else the minutes of its
  built-in template; 120 minutes when neither is known. Never how
  long this meeting happened to run (its start and end time): one that ended early or late says
  nothing about the next.
- **UID** is the session id + ``-next@kyogitai``: exporting again after a change (a new time,
  another place) updates the same event instead of adding a second one. SEQUENCE grows with the
  session's ``updated_at`` (minutes since 2024), so the later export is the newer revision.
  DTSTAMP is ``updated_at`` in UTC: the same session always gives the same bytes.
- **Text** (RFC 5545 3.3.11): ``\\`` ``;`` ``,`` and newlines escaped; control characters
  dropped. **Lines** are folded at 75 octets (continuation lines start with a space), never
  inside a UTF-8 character or an escape; every line ends with CRLF.

A session without a next meeting date raises ``NoNextMeeting`` (a ValueError: one line at the
command line). SUMMARY and DESCRIPTION are in the language in use (``facilitator.i18n``).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta, timezone

from facilitator import __version__
from facilitator.export.minutes.wording import date_ja
from facilitator.i18n import t
from facilitator.model import Session
from facilitator.templates import builtin_templates
from facilitator.text import for_display

__all__ = ["NoNextMeeting", "escape_text", "fold_line", "to_ics", "TZID"]

TZID = "Asia/Tokyo"
PRODID = f"-//kyogitai//kyogitai {__version__}//JA"
DEFAULT_MINUTES = 120
MAX_MINUTES = 24 * 60
MAX_OCTETS = 75
_SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)

VTIMEZONE: tuple[str, ...] = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0900",
    "TZOFFSETTO:+0900",
    "TZNAME:JST",
    "END:STANDARD",
    "END:VTIMEZONE",
)


class NoNextMeeting(ValueError):
    """The session has no next meeting date: there is no event to write."""


# ---------------------------------------------------------------------------------------
# RFC 5545 text

_NEWLINES = re.compile(r"\r\n|[\r\n\u2028\u2029\x85\v\f]")
_SPECIAL = re.compile(r"([\\;,])")
# Folding units: an escape (backslash + one character) or a single character; never split.
_UNITS = re.compile(r"\\.|.", re.DOTALL)


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): control characters dropped, ``\\ ; ,`` escaped, every
    kind of line break written as ``\\n``."""
    text = _NEWLINES.sub("\n", value)
    text = "\n".join(for_display(line) for line in text.split("\n"))
    text = text.replace("\t", " ")
    return _SPECIAL.sub(r"\\\1", text).replace("\n", "\\n")


def fold_line(line: str, limit: int = MAX_OCTETS) -> list[str]:
    """One content line as physical lines of at most ``limit`` octets of UTF-8 (the leading
    space of a continuation line counts), split only between characters and escapes."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    budget = limit
    for unit in _UNITS.findall(line):
        octets = len(unit.encode("utf-8"))
        if size + octets > budget and current:
            out.append("".join(current))
            current, size, budget = [], 0, limit - 1  # the continuation's space takes one octet
        current.append(unit)
        size += octets
    out.append("".join(current))
    return [out[0], *(" " + rest for rest in out[1:])]


def _content(lines: list[str]) -> str:
    physical = [p for line in lines for p in fold_line(line)]
    return "\r\n".join(physical) + "\r\n"


# ---------------------------------------------------------------------------------------
# The event


def _utc(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).astimezone(timezone.utc)


def _utc_text(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _template_minutes(template_id: str) -> float:
    """The minutes of the built-in template of that id (0 when there is none: a user template
    lives in a store this renderer does not know)."""
    return next((t.total_minutes for t in builtin_templates() if t.id == template_id), 0)


def _minutes_of(session: Session) -> int:
    """How long the next meeting is expected to take: as long as a meeting is planned to."""
    planned = sum(s.planned_minutes or 0 for s in session.steps) or _template_minutes(session.template)
    # A plan of more than a day (a typing slip in a file) is no plan.
    return int(math.ceil(planned)) if 0 < planned <= MAX_MINUTES else DEFAULT_MINUTES


def _line(text: str | None) -> str:
    return " ".join(for_display(text or "").split())


def _summary(session: Session) -> str:
    body = _line(session.body.name)
    return t("minutes.calendar_summary", body=body) if body else t("minutes.calendar_summary_no_body")


def _description(session: Session) -> str:
    agenda = [a for a in (_line(x) for x in session.next_meeting.agenda) if a]
    lines = [t("minutes.calendar_agenda")]
    lines += [t("minutes.calendar_item", item=a) for a in agenda] or [
        t("minutes.calendar_item", item=t("minutes.undecided"))]
    previous = " ".join(p for p in (date_ja(session.date), _line(session.title)) if p)
    lines += ["", t("minutes.calendar_previous", previous=previous), t("minutes.footer", id=session.id)]
    return "\n".join(lines)


def event_lines(session: Session) -> list[str]:
    """The VEVENT's content lines (unfolded, escaped). Raises NoNextMeeting."""
    nm = session.next_meeting
    if not nm.date:
        raise NoNextMeeting(t("export.cli_no_next_date", id=session.id))
    day = date.fromisoformat(nm.date)
    updated = _utc(session.updated_at)
    sequence = max(0, int((updated - _SEQUENCE_EPOCH).total_seconds() // 60))
    lines = [
        "BEGIN:VEVENT",
        f"UID:{session.id}-next@kyogitai",
        f"DTSTAMP:{_utc_text(updated)}",
        f"LAST-MODIFIED:{_utc_text(updated)}",
        f"SEQUENCE:{sequence}",
    ]
    if nm.start_time:
        start = datetime.combine(day, time.fromisoformat(nm.start_time))
        end = start + timedelta(minutes=_minutes_of(session))
        lines += [
            f"DTSTART;TZID={TZID}:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID={TZID}:{end:%Y%m%dT%H%M%S}",
        ]
    else:
        lines += [
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
        ]
    lines.append(f"SUMMARY:{escape_text(_summary(session))}")
    place = _line(nm.place)
    if place:
        lines.append(f"LOCATION:{escape_text(place)}")
    lines += [
        f"DESCRIPTION:{escape_text(_description(session))}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]
    return lines


def to_ics(session: Session, previous: Session | None = None) -> str:
    """The next meeting of ``session`` as an iCalendar document (CRLF line ends).

    ``previous`` is accepted for the common exporter signature and not used.
    """
    event = event_lines(session)
    timed = any(line.startswith("DTSTART;TZID=") for line in event)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *(VTIMEZONE if timed else ()),
        *event,
        "END:VCALENDAR",
    ]
    return _content(lines)
