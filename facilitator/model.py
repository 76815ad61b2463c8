"""The session document (docs/session-format.md) as typed Python: its dataclasses,
SCHEMA_VERSION, the allowed values of its choice fields, and the two errors a document that does
not follow the format raises. Reading a file into these types is ``session_load``; writing them
back is ``session_json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, TypeVar, get_args

from facilitator.i18n import t

SCHEMA_VERSION = 1

IdeaKind = Literal["self", "request", "unsorted"]
IdeaStatus = Literal["open", "handed", "homework"]
HomeworkStatus = Literal["open", "done", "dropped"]
# Added for the minutes (issue 18, docs/session-format.md "Attendance and hand-off follow-up").
Attendance = Literal["present", "absent"]
HandoffStatus = Literal["open", "in_progress", "done", "dropped"]
# Added for the year's report (issue 21): ニーズ (what supports a life) or デマンド (what was asked for).
Nature = Literal["need", "demand"]
BoardColumn = Literal["have", "lack", "makeshift"]
Solvable = Literal["ourselves", "municipality"]
Panel = Literal["recap", "issues", "consult", "ideas", "handoff", "text", "close", "board"]

IDEA_KINDS: tuple[str, ...] = get_args(IdeaKind)
IDEA_STATUSES: tuple[str, ...] = get_args(IdeaStatus)
HOMEWORK_STATUSES: tuple[str, ...] = get_args(HomeworkStatus)
ATTENDANCES: tuple[str, ...] = get_args(Attendance)
HANDOFF_STATUSES: tuple[str, ...] = get_args(HandoffStatus)
NATURES: tuple[str, ...] = get_args(Nature)
BOARD_COLUMNS: tuple[str, ...] = get_args(BoardColumn)
PANELS: tuple[str, ...] = get_args(Panel)

# Field metadata. "optional": may be absent from a file although not None-able in Python
# (fields this project added to the contract). "format": a check on a string's shape.
_OPTIONAL = {"optional": True}


def _extra() -> Any:
    return field(default_factory=dict, metadata={"extra": True}, repr=False)


def _fmt(kind: str, **more: Any) -> dict[str, Any]:
    return {"format": kind, **more}


@dataclass
class Body:
    name: str
    layer: str | None = None
    extra: dict[str, Any] = _extra()


@dataclass
class Attendee:
    name: str
    role: str | None = None
    attendance: Attendance | None = None  # None: not taken (出欠未記録); never carried over
    extra: dict[str, Any] = _extra()


@dataclass
class Step:
    id: str
    title: str
    panel: Panel
    notes: str = ""
    elapsed_seconds: float = 0
    planned_minutes: float | None = None
    # Added by kyogitai: copied from the template so the session stays self-contained.
    purpose: str = field(default="", metadata=_OPTIONAL)
    prompts: list[str] = field(default_factory=list, metadata=_OPTIONAL)
    lead: str | None = None  # who leads this part of the 次第 (進行: SC, 総括: アドバイザー)
    extra: dict[str, Any] = _extra()


@dataclass
class Issue:
    id: str
    title: str
    detail: str | None = None
    source: str | None = None
    # Added for the year's report: ニーズ/デマンド, and theme tags that tie one 地域課題 across
    # sessions and bodies (移動, 買い物, 見守り …).
    nature: Nature | None = None
    themes: list[str] = field(default_factory=list, metadata=_OPTIONAL)
    extra: dict[str, Any] = _extra()


@dataclass
class Question:
    id: str
    text: str
    issue_id: str | None = None
    extra: dict[str, Any] = _extra()


@dataclass
class Idea:
    id: str
    text: str
    author: str | None = None
    issue_id: str | None = None
    kind: IdeaKind = "unsorted"
    interest: int = 0
    status: IdeaStatus = "open"
    department: str | None = None
    nature: Nature | None = None  # as on issues
    themes: list[str] = field(default_factory=list, metadata=_OPTIONAL)
    extra: dict[str, Any] = _extra()


@dataclass
class Handoff:
    id: str
    idea_ids: list[str]
    action: str
    contact: str | None = None
    due: str | None = None
    # Follow-up in the next meetings (None: open); a carried copy keeps the id, from_session set.
    status: HandoffStatus | None = None
    result: str | None = None  # 経過・結果
    from_session: str | None = None
    extra: dict[str, Any] = _extra()


def handoff_status(h: Handoff) -> str:
    """The status, null read as open."""
    return h.status or "open"


@dataclass
class Homework:
    id: str
    text: str
    owner: str | None = None
    due: str | None = None
    status: HomeworkStatus = "open"
    from_session: str | None = None
    # Added by kyogitai.
    origin_session: str | None = None  # where the item was first written down
    idea_id: str | None = None  # the idea it continues, when it came from one
    reason: str | None = None  # why it was dropped
    extra: dict[str, Any] = _extra()


@dataclass
class NextMeeting:
    date: str | None = field(default=None, metadata=_fmt("date"))
    start_time: str | None = field(default=None, metadata=_fmt("time"))
    place: str | None = None
    agenda: list[str] = field(default_factory=list)
    extra: dict[str, Any] = _extra()


@dataclass
class BoardItem:
    id: str
    column: BoardColumn
    text: str
    category: str | None = None
    solvable: Solvable | None = None
    department: str | None = None
    meanings: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    since: str | None = None
    resolved_in: str | None = None  # a ないもの card: the session where it was recorded as 解決
    extra: dict[str, Any] = _extra()


@dataclass
class Board:
    vision: str = ""
    items: list[BoardItem] = field(default_factory=list)
    extra: dict[str, Any] = _extra()


@dataclass
class Clock:
    """The document's logical clock (a Lamport counter): every change counted by the meeting's
    rules adds one and names the writer (a token per window/process, never a person or a
    time). A merge keeps the greater (counter, writer) and decides between two values of one
    field by it (facilitator/merge/)."""

    counter: int = 0
    writer: str = ""
    extra: dict[str, Any] = _extra()


@dataclass
class Conflict:
    """A value a merge did not keep: a field both writers changed (the one the clock did not
    choose), or an item one writer edited while the other deleted it. Shown to the SC to
    resolve; never in the minutes."""

    path: str  # "ideas/<id>/text", "steps/<id>/notes", "review", "ideas/<id>" (a whole item)
    value: Any = field(default=None, metadata=_OPTIONAL)  # the value as it is in the file's JSON
    by: str | None = None  # the writer token of the version it came from
    at: int | None = None  # that version's clock counter (logical time, not a wall clock)
    extra: dict[str, Any] = _extra()


@dataclass
class SelfCheck:
    """The facilitator's own check after the meeting (facilitator/self_check.py names the items):
    each answered item's id and 0–3, and a note. Never in the minutes or an anonymised export."""

    answers: dict[str, int] = field(default_factory=dict)
    note: str | None = None
    extra: dict[str, Any] = _extra()


@dataclass
class Session:
    id: str = field(metadata=_fmt("session_id"))
    body: Body
    title: str
    date: str = field(metadata=_fmt("date"))
    template: str
    current_step: str
    created_at: str = field(metadata=_fmt("datetime"))
    updated_at: str = field(metadata=_fmt("datetime"))
    schema_version: int = SCHEMA_VERSION
    start_time: str | None = field(default=None, metadata=_fmt("time"))
    end_time: str | None = field(default=None, metadata=_fmt("time"))
    place: str | None = None
    previous_session: str | None = None
    attendees: list[Attendee] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    ideas: list[Idea] = field(default_factory=list)
    handoffs: list[Handoff] = field(default_factory=list)
    review: str = ""
    homework: list[Homework] = field(default_factory=list)
    next_meeting: NextMeeting = field(default_factory=NextMeeting)
    board: Board = field(default_factory=Board)
    # Added in the second round: when the meeting was really opened (開会) and closed (散会),
    # ISO 8601 with the UTC offset. While started_at is empty the step clocks are stopped; with
    # ended_at the meeting is finished and they never run (facilitator/meeting/opening.py).
    started_at: str | None = field(default=None, metadata=_fmt("datetime"))
    ended_at: str | None = field(default=None, metadata=_fmt("datetime"))
    # Added for many windows: the writer token of the window that owns the meeting's clock (its
    # timer counts, its current_step is the meeting's), set at 開会 or by an explicit take-over
    # (facilitator/meeting/ownership.py). None: no window has claimed it yet.
    clock_owner: str | None = None
    # Added in the second round for the minutes (議事録): who kept the record, who gave the 総評.
    recorder: str | None = None
    review_by: str | None = None
    # Added in the second round: the facilitator's self-check after 散会 (None: not done, skipped).
    self_check: SelfCheck | None = None
    # Added by kyogitai for many writers (docs/session-format.md, "Many writers"); absent in
    # older files and left out of the file while empty.
    deleted: dict[str, list[str]] = field(default_factory=dict, metadata=_OPTIONAL)  # tombstones
    clock: Clock | None = None
    conflicts: list[Conflict] = field(default_factory=list, metadata=_OPTIONAL)
    extra: dict[str, Any] = _extra()

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


class SessionFormatError(ValueError):
    """The document does not follow the session format. ``path`` names the field."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


class NewerSchemaError(SessionFormatError):
    """Written by a newer kyogitai: may not be opened read-write, never rewritten."""

    def __init__(self, version: int) -> None:
        self.version = version
        super().__init__(
            "schema_version", t("model.newer_schema", version=version, supported=SCHEMA_VERSION),
        )


T = TypeVar("T")


def find(items: list[T], item_id: str) -> T | None:
    """The item with that id in a list of model objects, or None."""
    return next((x for x in items if getattr(x, "id") == item_id), None)


def timestamp(now: datetime) -> str:
    """ISO 8601 with the UTC offset (never a zone name)."""
    if now.tzinfo is None:
        now = now.astimezone()
    return now.isoformat(timespec="seconds")
