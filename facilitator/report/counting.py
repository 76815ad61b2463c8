"""The year's figures of one body, counted from its sessions of one 年度 (docs/report.md says how
each is counted, so that anyone can recount them from the session files).

Pure: sessions in, figures out. "Held" sessions are those dated in the 年度 on or before the day
the report is made (``today``); a session made ahead for a later date counts only as planned. An
item that carries over (homework, a hand-off, a board card) keeps its id from session to session:
it is counted once, as the latest copy of the year says (its state at the end of the 年度, or
today for the 年度 under way).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import chain
from operator import attrgetter
from typing import NamedTuple

from facilitator.dates import fiscal_year_range
from facilitator.meeting.followup import handoff_status
from facilitator.model import BoardItem, Handoff, Homework, Idea, Issue, Session, find
from facilitator.plan.model import Plan
from facilitator.report.planned import held_as_planned, planned_meetings
from facilitator.self_check import TrendRow, trend
from facilitator.store.reading import session_order_key
from facilitator.text import body_key, for_display

_SPACES = re.compile(r"\s+")
_TAKEN = ("present", "absent")
_KIND = attrgetter("kind")
_NATURE = attrgetter("nature")
_THEMES = attrgetter("themes")
_IDEAS_AND_ISSUES = attrgetter("ideas", "issues")
_STATUS = attrgetter("status")
_DEPARTMENT = attrgetter("department")


def line(text: str | None) -> str:
    """User text on one display-safe line."""
    if not text:
        return ""
    # Most text is already one clean line. In printable text the only whitespace is the ASCII
    # space (str.isprintable), so it is returned as it is unless spaces run or pad it.
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text
    return _SPACES.sub(" ", for_display(text)).strip()


# A section's (担当課's) name as one line: a year's requests name a few dozen sections, each now
# one string object, so counting and sorting them by section compares objects already at hand.
_section_line = lru_cache(maxsize=4096)(line)


# One line per item of the lists; a year of ten towns has tens of thousands: as tuples (fields
# inline) they are made, counted and sorted fastest.

class HandoffLine(NamedTuple):
    action: str
    ideas: tuple[str, ...]
    status: str  # open | in_progress | done | dropped (null read as open)
    result: str
    made_on: str  # the date of the session it was made in ("" when made before the 年度)
    earlier: bool  # made in an earlier 年度, followed up in this one


class HomeworkLine(NamedTuple):
    text: str
    owner: str
    status: str  # open | done | dropped
    carried: int  # how many of the year's meetings it was carried into
    reason: str  # why it was dropped


class RequestLine(NamedTuple):
    text: str
    department: str  # "" when no section was named
    on: str  # the session's date


class LackLine(NamedTuple):
    text: str
    state: str  # resolved (this 年度) | resolved_earlier | municipality | ourselves | unsorted
    department: str  # for municipality
    resolved_on: str  # the date of the session it was recorded as 解決 in


@dataclass
class BodyYear:
    """One body's figures for one 年度."""

    key: str
    name: str
    layer: str
    planned: int = 0
    held: int = 0
    as_planned: int | None = None  # planned meetings a held session answers (with a plan made ahead)
    present: int = 0  # person-times 出席
    absent: int = 0
    untaken: int = 0  # attendees whose 出欠 was never taken
    meetings_with_attendance: int = 0
    kinds: Counter[str] = field(default_factory=Counter)  # self | request | unsorted
    natures: Counter[str] = field(default_factory=Counter)  # need | demand | "" (not said)
    issue_natures: Counter[str] = field(default_factory=Counter)
    handoffs: list[HandoffLine] = field(default_factory=list)
    homework: list[HomeworkLine] = field(default_factory=list)
    found: list[str] = field(default_factory=list)  # あるもの first seen this 年度
    lack: list[LackLine] = field(default_factory=list)  # ないもの on the year's last board
    requests: list[RequestLine] = field(default_factory=list)
    themes: Counter[str] = field(default_factory=Counter)  # items tagged, per theme
    self_checks: list[TrendRow] = field(default_factory=list)  # the facilitator's, oldest first

    @property
    def ideas(self) -> int:
        return sum(self.kinds.values())

    def handoff_status(self, status: str) -> int:
        return list(map(_STATUS, self.handoffs)).count(status)

    def homework_status(self, status: str) -> int:
        return list(map(_STATUS, self.homework)).count(status)

    @property
    def homework_carried(self) -> int:
        """Items carried at least once."""
        return sum(1 for h in self.homework if h.carried)

    @property
    def carries(self) -> int:
        """Every carry of every item."""
        return sum(h.carried for h in self.homework)

    def lack_state(self, state: str) -> int:
        return sum(1 for x in self.lack if x.state == state)

    def requests_by_department(self) -> Counter[str]:
        return Counter(map(_DEPARTMENT, self.requests))

    def lack_by_department(self) -> Counter[str]:
        return Counter(x.department for x in self.lack if x.state == "municipality")


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def in_year(session: Session, fy: int) -> bool:
    first, last = fiscal_year_range(fy)
    d = _day(session.date)
    return d is not None and first <= d <= last


def count_body(sessions: Sequence[Session], fy: int, today: date, plan: Plan | None = None) -> BodyYear | None:
    """One body's figures from its sessions (any order, any 年度); None when it has no session
    dated in the 年度. ``plan``: the year plan made ahead, if there is one (``planned.py``)."""
    year = sorted((s for s in sessions if in_year(s, fy)), key=session_order_key)
    if not year:
        return None
    newest = year[-1]
    out = BodyYear(key=body_key(newest.body.name), name=line(newest.body.name), layer=line(newest.body.layer))
    out.planned = planned_meetings(year, fy, plan)
    held = [s for s in year if (_day(s.date) or date.max) <= today]
    out.held = len(held)
    out.as_planned = held_as_planned(held, plan)
    held_ids = {s.id: s for s in held}
    _attendance(out, held)
    _ideas(out, held)
    out.issue_natures = _natures(issue for s in held for issue in s.issues)
    out.themes = _themes(held)
    out.self_checks = trend(held)
    out.handoffs = _handoffs(held)
    out.homework = _homework(held)
    if held:
        out.found, out.lack = _board(held[-1], held_ids)
    return out


def _attendance(out: BodyYear, held: list[Session]) -> None:
    marks = Counter(a.attendance for s in held for a in s.attendees)
    out.present, out.absent = marks["present"], marks["absent"]
    out.untaken = marks.total() - out.present - out.absent  # null, absent or anything else
    out.meetings_with_attendance = sum(1 for s in held if any(a.attendance in _TAKEN for a in s.attendees))


def _ideas(out: BodyYear, held: list[Session]) -> None:
    """The held sessions' ideas by kind and by nature, and the requests to 役場 (each with its
    session's date)."""
    ideas = [idea for s in held for idea in s.ideas]
    out.kinds = Counter(map(_KIND, ideas))
    out.natures = _natures(ideas)
    out.requests = [RequestLine(line(idea.text), _section_line(idea.department), s.date)
                    for s in held for idea in s.ideas if idea.kind == "request"]


def _natures(items: Iterable[Idea | Issue]) -> Counter[str]:
    """Items by ``nature``, null read as "" (not said)."""
    out: Counter[str] = Counter()
    for nature, n in Counter(map(_NATURE, items)).items():
        out[nature or ""] += n
    return out


def _themes(held: list[Session]) -> Counter[str]:
    """Items tagged, per theme: each tag of the held sessions' ideas and issues, as one line (a
    tag that is blank on one line is not counted); each distinct tag made a line once."""
    items = chain.from_iterable(chain.from_iterable(map(_IDEAS_AND_ISSUES, held)))  # in order
    tags = Counter(chain.from_iterable(map(_THEMES, items)))
    out: Counter[str] = Counter()
    for tag, n in tags.items():
        name = line(tag)
        if name:
            out[name] += n
    return out


def _handoffs(held: list[Session]) -> list[HandoffLine]:
    """Each hand-off once, as its latest copy says; the date and ideas of the latest copy made in
    the year (without ``from_session``), if any. Lines are made for those copies only."""
    latest: dict[str, Handoff] = {}
    made: dict[str, tuple[str, list[Idea]]] = {}
    for s in held:  # oldest first: later copies win
        for h in s.handoffs:
            latest[h.id] = h
            if not h.from_session:
                made[h.id] = (s.date, [i for i in (find(s.ideas, ref) for ref in h.idea_ids) if i is not None])
    return [_handoff_line(h, made.get(hid)) for hid, h in latest.items()]


def _handoff_line(h: Handoff, made: tuple[str, list[Idea]] | None) -> HandoffLine:
    if made is None:  # made in an earlier 年度
        return HandoffLine(line(h.action), (), handoff_status(h), line(h.result), "", earlier=True)
    on, ideas = made
    return HandoffLine(line(h.action), tuple(line(i.text) for i in ideas), handoff_status(h), line(h.result), on,
                       earlier=False)


def _homework(held: list[Session]) -> list[HomeworkLine]:
    latest: dict[str, Homework] = {}
    carried: Counter[str] = Counter()
    for s in held:
        for hw in s.homework:
            latest[hw.id] = hw
            if hw.from_session:
                carried[hw.id] += 1
    return [HomeworkLine(line(hw.text), line(hw.owner), hw.status, carried[hid],
                         line(hw.reason) if hw.status == "dropped" else "")
            for hid, hw in latest.items()]


def _board(last: Session, held: dict[str, Session]) -> tuple[list[str], list[LackLine]]:
    """The board of the year's last meeting: あるもの first seen in a meeting of the year, and
    every ないもの with what became of it."""
    found: list[str] = []
    lack: list[LackLine] = []
    for card in last.board.items:
        if card.column == "have" and _first_seen(card, last) in held:
            found.append(line(card.text))
        elif card.column == "lack":
            lack.append(_lack(card, held))
    return found, lack


def _first_seen(card: BoardItem, last: Session) -> str:
    # Carry-over writes ``since``; a card without it (a hand-written file) counts from the
    # meeting whose board it is on.
    return card.since or last.id


def _lack(card: BoardItem, held: dict[str, Session]) -> LackLine:
    if card.resolved_in:
        where = held.get(card.resolved_in)
        if where is None:  # recorded in a session before the 年度 (or one not held)
            return LackLine(line(card.text), "resolved_earlier", "", "")
        return LackLine(line(card.text), "resolved", "", where.date)
    if card.solvable == "municipality":
        return LackLine(line(card.text), "municipality", _section_line(card.department), "")
    if card.solvable == "ourselves":
        return LackLine(line(card.text), "ourselves", "", "")
    return LackLine(line(card.text), "unsorted", "", "")
