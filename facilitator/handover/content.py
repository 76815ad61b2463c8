"""What the next SC needs to take a body over, gathered from its sessions (pure: sessions in).

Everything is counted from the session files, oldest first (``session_order_key``): the body's
latest session gives today's board and roster; every session gives the meetings so far; an item
that carries over (homework, a hand-off) keeps its id from session to session, so its copies are
its history. Nothing here reads the self-check into anything but its own trend.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from facilitator.homework import track_homework
from facilitator.meeting.followup import handoff_status, made_here
from facilitator.model import BoardItem, Handoff, Idea, Session, find
from facilitator.self_check import TrendRow, trend
from facilitator.store.reading import session_order_key
from facilitator.text import for_display, normalize


def line(text: str | None) -> str:
    """User text on one display-safe line."""
    return " ".join(for_display(text or "").split())


@dataclass(frozen=True)
class MeetingLine:
    """One session of the body."""

    session_id: str
    date: str
    title: str
    place: str
    present: int  # 出席 (attendance taken), or -1 when it was never taken
    roster: int
    ideas: int
    handoffs: int  # made in this meeting
    homework: int  # written down in this meeting
    state: str  # held (散会 recorded) | open (opened, not closed) | planned (not opened, later date) | unopened


@dataclass(frozen=True)
class Member:
    name: str
    role: str
    present: int  # meetings marked 出席
    absent: int


@dataclass(frozen=True)
class Step:
    """One appearance of a carried item: the meeting and how it stood there."""

    date: str
    status: str
    note: str  # a hand-off's 経過・結果 there, a homework item's owner/due there


@dataclass(frozen=True)
class OpenItem:
    """A homework item or a hand-off still open, with every meeting that held it."""

    kind: str  # homework | handoff
    text: str
    status: str  # homework: open; hand-off: open | in_progress
    owner: str  # homework's owner, a hand-off's contact
    due: str
    started: str  # the date of the meeting it was first written down in ("" unknown)
    carried: int  # meetings it was carried into
    history: tuple[Step, ...]
    ideas: tuple[str, ...] = ()  # a hand-off's ideas, where they can be found


@dataclass(frozen=True)
class Request:
    """What was asked of 役場 and what came of it."""

    text: str
    department: str
    date: str
    speaker: str
    fate: str  # asked_again | taken_on | on_board | resolved | none
    fate_dates: tuple[str, ...] = ()  # the meetings the fate was seen in
    fate_text: str = ""  # the board card or the idea it became


@dataclass(frozen=True)
class LackToOffice:
    """A ないもの card the body could not manage itself: sent to a section of 役場."""

    text: str
    department: str
    since: str  # the date of the meeting it first appeared in
    resolved: str  # the date of the meeting it was recorded 解決 in ("" not yet)


@dataclass(frozen=True)
class ThemeLine:
    theme: str
    dates: tuple[str, ...]  # the meetings it came up in, oldest first
    count: int  # items tagged with it


@dataclass(frozen=True)
class Notes:
    """The facilitator's notes of one meeting: the steps' notes and the self-check's note."""

    date: str
    title: str
    steps: tuple[tuple[str, str], ...]  # (step title, its notes)
    self_check: str


@dataclass
class Handover:
    body: str
    layer: str
    today: date
    sessions: int = 0
    first: str = ""
    last: str = ""
    vision: str = ""
    board: list[BoardItem] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    meetings: list[MeetingLine] = field(default_factory=list)
    themes: list[ThemeLine] = field(default_factory=list)
    homework: list[OpenItem] = field(default_factory=list)
    handoffs: list[OpenItem] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    lacks: list[LackToOffice] = field(default_factory=list)
    self_checks: list[TrendRow] = field(default_factory=list)
    notes: list[Notes] = field(default_factory=list)
    next_meeting: str = ""  # the latest session's planned next date (ISO) or ""
    next_agenda: tuple[str, ...] = ()
    latest: Session | None = None  # the body's latest session (its board is today's)


def build_handover(sessions: Sequence[Session], today: date, *, body: str = "") -> Handover:
    """The hand-over of one body from its sessions (any order). With no session: an empty one
    named ``body``."""
    ordered = sorted(sessions, key=session_order_key)
    if not ordered:
        return Handover(body=line(body), layer="", today=today)
    latest = ordered[-1]
    out = Handover(body=line(latest.body.name), layer=line(latest.body.layer), today=today,
                   sessions=len(ordered), first=ordered[0].date, last=latest.date)
    out.latest = latest
    out.vision = for_display(latest.board.vision).strip()
    out.board = list(latest.board.items)
    out.members = _members(ordered)
    out.meetings = [_meeting(s, today) for s in ordered]
    out.themes = themes_over_time(ordered)
    dates = {s.id: s.date for s in ordered}
    out.homework = _homework(ordered, dates)
    out.handoffs = _handoffs(ordered, dates)
    out.requests = _requests(ordered)
    out.lacks = _lacks(latest, dates)
    out.self_checks = trend(ordered)
    out.notes = [n for n in (_notes(s) for s in ordered) if n.steps or n.self_check]
    out.next_meeting = latest.next_meeting.date or ""
    out.next_agenda = tuple(x for x in (line(a) for a in latest.next_meeting.agenda) if x)
    return out


def _members(ordered: list[Session]) -> list[Member]:
    present: Counter[str] = Counter()
    absent: Counter[str] = Counter()
    for s in ordered:
        for a in s.attendees:
            key = normalize(a.name)
            if a.attendance == "present":
                present[key] += 1
            elif a.attendance == "absent":
                absent[key] += 1
    return [Member(line(a.name), line(a.role), present[normalize(a.name)], absent[normalize(a.name)])
            for a in ordered[-1].attendees]


def _meeting(s: Session, today: date) -> MeetingLine:
    taken = [a for a in s.attendees if a.attendance]
    present = sum(1 for a in taken if a.attendance == "present") if taken else -1
    if s.ended_at:
        state = "held"
    elif s.started_at:
        state = "open"
    else:
        try:
            later = date.fromisoformat(s.date) > today
        except ValueError:
            later = False
        state = "planned" if later else "unopened"
    written = sum(1 for h in s.homework if not h.from_session)
    return MeetingLine(s.id, s.date, line(s.title), line(s.place), present, len(s.attendees), len(s.ideas),
                       len(made_here(s)), written, state)


def _homework(ordered: list[Session], dates: dict[str, str]) -> list[OpenItem]:
    by_id = {s.id: s for s in ordered}
    out = []
    for tracked in track_homework(ordered, open_only=True):
        hw = tracked.item
        history = []
        for sid in tracked.history:
            copy = find(by_id[sid].homework, hw.id)
            if copy is not None:
                history.append(Step(dates[sid], copy.status, " ".join(x for x in (line(copy.owner), line(copy.due)) if x)))
        started = dates.get(tracked.origin_session, dates.get(tracked.history[0], ""))
        out.append(OpenItem("homework", line(hw.text), hw.status, line(hw.owner), line(hw.due), started,
                            tracked.carried, tuple(history)))
    return out


def _handoffs(ordered: list[Session], dates: dict[str, str]) -> list[OpenItem]:
    latest: dict[str, tuple[Handoff, Session]] = {}
    history: dict[str, list[Step]] = {}
    made: dict[str, tuple[str, tuple[str, ...]]] = {}
    for s in ordered:
        for h in s.handoffs:
            latest[h.id] = (h, s)
            history.setdefault(h.id, []).append(Step(s.date, handoff_status(h), line(h.result)))
            if not h.from_session and h.id not in made:
                ideas = tuple(line(i.text) for i in (find(s.ideas, ref) for ref in h.idea_ids) if i is not None)
                made[h.id] = (s.date, ideas)
    out = []
    for hid, (h, s) in latest.items():
        status = handoff_status(h)
        if status not in ("open", "in_progress"):
            continue
        started, ideas = made.get(hid, (dates.get(h.from_session or "", ""), ()))
        steps = tuple(history[hid])
        out.append(OpenItem("handoff", line(h.action), status, line(h.contact), line(h.due), started,
                            len(steps) - 1, steps, ideas))
    out.sort(key=lambda i: (i.started or "9999", i.text))
    return out


def _key(text: str | None) -> str:
    return "".join(normalize(text or "").split())


def _requests(ordered: list[Session]) -> list[Request]:
    """Every request to 役場 once (the same words in a later meeting are the same request asked
    again), with what became of it: asked again, taken on by the body itself (the same words later
    an idea of ours or handed to the SC), a ないもの card for that section on the board (and
    whether it was recorded 解決), or nothing recorded."""
    first: dict[str, tuple[Idea, Session]] = {}
    again: dict[str, list[str]] = {}
    ours: dict[str, list[str]] = {}
    for s in ordered:
        for idea in s.ideas:
            key = _key(idea.text)
            if not key:
                continue
            if idea.kind == "request":
                if key in first and first[key][1].id != s.id:
                    again.setdefault(key, []).append(s.date)
                first.setdefault(key, (idea, s))
            elif key in first and (idea.kind == "self" or idea.status == "handed"):
                ours.setdefault(key, []).append(s.date)
    board = ordered[-1].board.items
    dates = {s.id: s.date for s in ordered}
    out = []
    for key, (idea, s) in first.items():
        department = line(idea.department)
        base = dict(text=line(idea.text), department=department, date=s.date, speaker=line(idea.author))
        card = _office_card(board, department, key) if department or key else None
        resolved = getattr(card, "resolved_in", None) if card is not None else None
        if key in ours:
            out.append(Request(**base, fate="taken_on", fate_dates=tuple(ours[key])))
        elif resolved:
            out.append(Request(**base, fate="resolved", fate_dates=(dates.get(resolved, ""),), fate_text=line(card.text)))
        elif key in again:
            out.append(Request(**base, fate="asked_again", fate_dates=tuple(dict.fromkeys(again[key]))))
        elif card is not None:
            out.append(Request(**base, fate="on_board", fate_text=line(card.text)))
        else:
            out.append(Request(**base, fate="none"))
    return out


def _office_card(board: list[BoardItem], department: str, key: str) -> BoardItem | None:
    """The ないもの card sent to 役場 that matches a request: the same words, else the same section."""
    office = [c for c in board if c.column == "lack" and c.solvable == "municipality"]
    for card in office:
        if _key(card.text) == key:
            return card
    for card in office:
        if department and _key(card.department) == _key(department):
            return card
    return None


def _lacks(latest: Session, dates: dict[str, str]) -> list[LackToOffice]:
    out = []
    for card in latest.board.items:
        if card.column == "lack" and card.solvable == "municipality":
            resolved = getattr(card, "resolved_in", None) or ""
            out.append(LackToOffice(line(card.text), line(card.department), dates.get(card.since or "", ""),
                                    dates.get(resolved, "") if resolved else ""))
    return out


def themes_over_time(ordered: list[Session]) -> list[ThemeLine]:
    """The theme tags (``issues[].themes``, ``ideas[].themes``): each theme, the meetings it came
    up in and how many items carry it, most frequent first."""
    seen: dict[str, list[str]] = {}
    counts: Counter[str] = Counter()
    for s in ordered:
        for item in [*s.issues, *s.ideas]:
            for theme in item.themes:
                name = line(theme)
                if name:
                    counts[name] += 1
                    dates = seen.setdefault(name, [])
                    if s.date not in dates:
                        dates.append(s.date)
    return [ThemeLine(name, tuple(seen[name]), n) for name, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))]


def _notes(s: Session) -> Notes:
    steps = tuple((line(st.title), for_display(st.notes).strip()) for st in s.steps
                  if st.panel != "text" and for_display(st.notes).strip())
    note = for_display(s.self_check.note or "").strip() if s.self_check else ""
    return Notes(s.date, line(s.title), steps, note)
