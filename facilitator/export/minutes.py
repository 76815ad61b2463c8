"""The minutes (議事録) of a session as a neutral structure, for every renderer to share.

``build_minutes(session, previous)`` decides *what* the minutes say and in which order (the order a
town office expects, docs/domain.md, what the record is for); the Markdown, HTML and terminal
renderers only decide how it looks. Every string in the structure is display-safe
(``text.for_display``: no control characters, no escape sequences) but NOT escaped for any
format: renderers must escape it for theirs.

The minutes' own words (headings, labels, 「なし」, punctuation such as （…） and 「…」) come from the
``[minutes]`` table of the catalogue (``facilitator.i18n``), in the language in use when they are
built or rendered: Japanese by default, English when ``language() == "en"``. Dates follow the
language too (``dates.format_date``: 令和8年8月19日（水） / Wed 19 Aug 2026).

Blocks:
- ``Fields``: label/value pairs (日時, 場所 …);
- ``Paragraph``: free text, possibly several lines (総評, step notes); ``empty=True`` marks a
  fixed remark such as 「なし」;
- ``ItemList`` of ``Item``: a main text, the speaker, short tags (関心 3, 託した) and details
  (label/value pairs shown under the item);
- ``Table``: column headings and rows of ``Cell`` (a main text, secondary lines, a badge such
  as 新);
- ``Subsection``: a heading (### level) with blocks of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from facilitator.board import category_label, department_label, meaning_label
from facilitator.dates import format_date, format_time_range
from facilitator.i18n import DEFAULT, Labels, catalogue, language, t
from facilitator.meeting import HOMEWORK_STATUS_LABELS, KIND_LABELS, STATUS_LABELS
from facilitator.meeting.ideas import request_ideas
from facilitator.model import IDEA_KINDS, BoardItem, Handoff, Homework, Idea, Session, find
from facilitator.text import for_display

# Section keys and headings, in the order the minutes present them (looked up when read).
SECTION_LABELS = Labels({
    "recap": "minutes.recap",
    "issues": "minutes.issues",
    "questions": "minutes.questions",
    "ideas": "minutes.ideas",
    "handoffs": "minutes.handoffs",
    "requests": "minutes.requests",
    "homework": "minutes.homework",
    "review": "minutes.review",
    "notes": "minutes.notes",
    "next": "minutes.next",
    "board": "minutes.board",
})
SECTION_KEYS: tuple[str, ...] = tuple(SECTION_LABELS)
# The Japanese headings (the default language), for tests and tools that read Japanese minutes;
# section_headings() gives them in the language in use.
SECTION_HEADINGS: tuple[str, ...] = tuple(catalogue(DEFAULT)[k] for k in SECTION_LABELS.keys_used())
HEADER_LABELS: tuple[str, ...] = tuple(catalogue(DEFAULT)[f"minutes.{k}"] for k in ("when", "place", "attendees"))

BOARD_COLUMN_LABELS = Labels({
    "have": "minutes.column_have",
    "makeshift": "minutes.column_makeshift",
    "lack": "minutes.column_lack",
})


def section_headings() -> tuple[str, ...]:
    """The section headings in the language in use, in order."""
    return tuple(SECTION_LABELS.values())


# ---------------------------------------------------------------------------------------
# The structure


@dataclass(frozen=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True)
class Fields:
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Paragraph:
    text: str
    empty: bool = False  # a fixed remark standing for "nothing here" (なし, 記録なし …)


@dataclass(frozen=True)
class Item:
    text: str
    speaker: str | None = None
    tags: tuple[str, ...] = ()
    details: tuple[Field, ...] = ()


@dataclass(frozen=True)
class ItemList:
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Cell:
    text: str = ""
    lines: tuple[str, ...] = ()
    badge: str | None = None


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    role: str = ""  # a hint for renderers: "board" for the あるもの/ないもの table


@dataclass(frozen=True)
class Subsection:
    heading: str
    blocks: tuple[Block, ...]


Block = Fields | Paragraph | ItemList | Table | Subsection


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Minutes:
    title: str  # 会議名 + 議事録, one line
    meeting_name: str  # 会議名: body name + session title, one line
    header: Fields  # 日時, 場所, 出席者
    sections: tuple[Section, ...] = field(default_factory=tuple)
    footer: str = ""


# ---------------------------------------------------------------------------------------
# Helpers

_SPACES = re.compile(r"\s+")


def _t(text: str | None) -> str:
    """User text made display-safe, outer whitespace trimmed (inner newlines kept)."""
    return for_display(text or "").strip()


def _line(text: str | None) -> str:
    """User text on one line."""
    return _SPACES.sub(" ", for_display(text or "")).strip()


def date_ja(value: str | None) -> str:
    """An ISO (or typed) date the town-office way (``Wed 19 Aug 2026`` in English); text that is
    not a date, as it is."""
    raw = _line(value)
    if not raw:
        return ""
    try:
        return format_date(raw)
    except ValueError:
        return raw


def _times(start: str | None, end: str | None) -> str:
    """``14:00〜15:30`` (Japanese); ``14:00–15:30``, ``14:00``, ``until 15:30`` (English)."""
    start, end = _line(start), _line(end)
    if language() != "en":
        return format_time_range(start, end)
    if start and end:
        return f"{start}–{end}"
    return start or (f"until {end}" if end else "")


def _list(parts: list[str]) -> str:
    return t("minutes.list_separator").join(parts)


def _due(value: str | None) -> str:
    """A due: 令和 form when it is a date (``2026-09-30``), else the words (「次回まで」)."""
    raw = _line(value)
    if not raw:
        return ""
    try:
        date.fromisoformat(raw)
    except ValueError:
        return raw
    return date_ja(raw)


def _nonempty(*fields: Field) -> tuple[Field, ...]:
    return tuple(f for f in fields if f.value)


def _none(text: str | None = None) -> Paragraph:
    return Paragraph(t("minutes.none") if text is None else text, empty=True)


def _quote_ideas(session: Session, idea_ids: list[str]) -> str:
    parts = []
    for ref in idea_ids:
        idea = find(session.ideas, ref)
        if idea is None:
            continue
        author = _line(idea.author)
        if author:
            parts.append(t("minutes.quote_by", text=_line(idea.text), author=author))
        else:
            parts.append(t("minutes.quote", text=_line(idea.text)))
    return _list(parts)


# ---------------------------------------------------------------------------------------
# Sections


def _header(session: Session) -> Fields:
    when = date_ja(session.date)
    times = _times(session.start_time, session.end_time)
    if times:
        when = t("minutes.date_time", date=when, time=times) if when else times
    people = []
    for a in session.attendees:
        name = _line(a.name)
        role = _line(a.role)
        if name or role:
            people.append(t("minutes.with_role", name=name, role=role) if role else name)
    none = t("minutes.none")
    return Fields(
        (
            Field(t("minutes.when"), when or t("minutes.undecided")),
            Field(t("minutes.place"), _line(session.place) or none),
            Field(t("minutes.attendees"), _list(people) or none),
        )
    )


def _handoff_item(session: Session, h: Handoff) -> Item:
    return Item(
        _t(h.action),
        details=_nonempty(
            Field(t("minutes.grouped_ideas"), _quote_ideas(session, h.idea_ids)),
            Field(t("minutes.contact"), _line(h.contact)),
            Field(t("minutes.due"), _due(h.due)),
        ),
    )


def _homework_status(hw: Homework) -> str:
    label = HOMEWORK_STATUS_LABELS.get(hw.status, hw.status)
    if hw.status == "dropped" and _line(hw.reason):
        label = t("minutes.dropped_reason", status=label, reason=_line(hw.reason))
    return label


def _recap(session: Session, previous: Session | None) -> tuple[Block, ...]:
    blocks: list[Block] = []
    if previous is not None:
        when = date_ja(previous.date)
        title = _line(previous.title)
        name = t("minutes.name_and_date", date=when, name=title) if when and title else when or title
        if name:
            blocks.append(Fields((Field(t("minutes.previous"), name),)))
        if previous.handoffs:
            items = tuple(_handoff_item(previous, h) for h in previous.handoffs)
            blocks.append(Subsection(t("minutes.previous_handoffs"), (ItemList(items),)))
    carried = [hw for hw in session.homework if hw.from_session]
    if carried:
        items = tuple(
            Item(
                _t(hw.text),
                speaker=_line(hw.owner) or None,
                tags=(_homework_status(hw),),
                details=_nonempty(Field(t("minutes.due"), _due(hw.due))),
            )
            for hw in carried
        )
        blocks.append(Subsection(t("minutes.carried_homework"), (ItemList(items),)))
    if not any(isinstance(b, Subsection) for b in blocks):
        blocks.append(_none(t("minutes.no_recap")))
    return tuple(blocks)


def _issues(session: Session) -> tuple[Block, ...]:
    items = tuple(
        Item(_t(i.title), details=_nonempty(Field(t("minutes.detail"), _t(i.detail)),
                                            Field(t("minutes.source"), _line(i.source))))
        for i in session.issues
    )
    return (ItemList(items),) if items else (_none(),)


def _issue_title(session: Session, issue_id: str | None) -> str:
    issue = find(session.issues, issue_id) if issue_id else None
    return _line(issue.title) if issue is not None else ""


def _questions(session: Session) -> tuple[Block, ...]:
    items = tuple(
        Item(_t(q.text), details=_nonempty(Field(t("minutes.issue"), _issue_title(session, q.issue_id))))
        for q in session.questions
    )
    return (ItemList(items),) if items else (_none(),)


def _idea_item(session: Session, idea: Idea, with_issue: bool) -> Item:
    tags = []
    if idea.interest:
        tags.append(t("minutes.interest", count=idea.interest))
    if idea.status != "open":
        tags.append(STATUS_LABELS.get(idea.status, idea.status))
    details = []
    if idea.kind == "request":
        details.append(Field(t("minutes.department"), _line(idea.department) or t("minutes.undecided")))
    if with_issue:
        details.append(Field(t("minutes.issue"), _issue_title(session, idea.issue_id)))
    return Item(_t(idea.text), speaker=_line(idea.author) or None, tags=tuple(tags), details=_nonempty(*details))


def _ideas(session: Session) -> tuple[Block, ...]:
    if not session.ideas:
        return (_none(),)
    with_issue = len(session.issues) > 1
    blocks: list[Block] = []
    for kind in IDEA_KINDS:  # a group per kind, in the model's order, headed by the kind's label
        ideas = [i for i in session.ideas if i.kind == kind]
        body: Block = ItemList(tuple(_idea_item(session, i, with_issue) for i in ideas)) if ideas else _none()
        blocks.append(Subsection(KIND_LABELS[kind], (body,)))
    return tuple(blocks)


def _handoffs(session: Session) -> tuple[Block, ...]:
    items = tuple(_handoff_item(session, h) for h in session.handoffs)
    return (ItemList(items),) if items else (_none(),)


def _requests(session: Session) -> tuple[Block, ...]:
    undecided = t("minutes.undecided")
    rows = tuple(
        (Cell(_t(i.text)), Cell(_line(i.author)), Cell(_line(i.department) or undecided))
        for i in request_ideas(session)
    )
    columns = (t("minutes.request"), t("minutes.proposer"), t("minutes.department"))
    return (Table(columns, rows),) if rows else (_none(),)


_HOMEWORK_ORDER = {"open": 0, "done": 1, "dropped": 2}


def _homework(session: Session) -> tuple[Block, ...]:
    ordered = sorted(session.homework, key=lambda h: _HOMEWORK_ORDER.get(h.status, 3))
    rows = []
    carried = (t("minutes.from_previous"),)
    for hw in ordered:
        status = _homework_status(hw)
        rows.append(
            (
                Cell(_t(hw.text)),
                Cell(_line(hw.owner)),
                Cell(_due(hw.due)),
                Cell(status, lines=carried if hw.from_session else ()),
            )
        )
    columns = (t("minutes.task"), t("minutes.owner"), t("minutes.due"), t("minutes.status"))
    return (Table(columns, tuple(rows)),) if rows else (_none(),)


def _review(session: Session) -> tuple[Block, ...]:
    text = _t(session.review)
    return (Paragraph(text),) if text else (_none(),)


def _notes(session: Session) -> tuple[Block, ...]:
    blocks = tuple(
        Subsection(_line(s.title) or s.id, (Paragraph(_t(s.notes)),)) for s in session.steps if _t(s.notes)
    )
    return blocks or (_none(),)


def _next(session: Session) -> tuple[Block, ...]:
    nm = session.next_meeting
    agenda = [a for a in (_line(x) for x in nm.agenda) if a]
    when = date_ja(nm.date)
    time = _times(nm.start_time, None)
    if not (when or time or _line(nm.place) or agenda):
        return (_none(),)
    undecided = t("minutes.undecided")
    if not when:
        when = t("minutes.undecided_time", time=time) if time else undecided
    elif time:
        when = t("minutes.date_time", date=when, time=time)
    return (
        Fields(
            (
                Field(t("minutes.when"), when),
                Field(t("minutes.place"), _line(nm.place) or undecided),
                Field(t("minutes.agenda"), _list(agenda) or undecided),
            )
        ),
    )


def _card(session: Session, item: BoardItem) -> Cell:
    lines = []
    if _line(item.category):
        # The fixed categories and 意味づけ (stored in Japanese) in the language in use.
        lines.append(t("minutes.category", category=category_label(_line(item.category))))
    meanings = [meaning_label(m) for m in (_line(x) for x in item.meanings) if m]
    if meanings:
        lines.append(t("minutes.meanings", meanings=t("minutes.meaning_separator").join(meanings)))
    if item.solvable == "ourselves":
        lines.append(t("minutes.sorted_to", where=t("minutes.ourselves")))
    elif item.solvable == "municipality" or _line(item.department):
        # 「役場 福祉課」; a department typed with the office in it (「C町役場 福祉課」) as typed.
        lines.append(t("minutes.sorted_to", where=_line(department_label(item.department))))
    linked = [_line(c.text) for c in (find(session.board.items, ref) for ref in item.links) if c is not None]
    if linked:
        lines.append(t("minutes.links", cards=t("minutes.link_separator").join(linked)))
    badge = t("minutes.new_badge") if item.since == session.id else None
    return Cell(_t(item.text), lines=tuple(lines), badge=badge)


def _board(session: Session) -> tuple[Block, ...]:
    board = session.board
    vision = _t(board.vision)
    if not vision and not board.items:
        return (_none(t("minutes.board_empty")),)
    columns = [[_card(session, i) for i in board.items if i.column == key] for key in BOARD_COLUMN_LABELS]
    depth = max((len(c) for c in columns), default=0)
    rows = tuple(tuple(c[n] if n < len(c) else Cell() for c in columns) for n in range(depth))
    blocks: list[Block] = [Fields((Field(t("minutes.vision"), vision or t("minutes.not_set")),))]
    if rows:
        blocks.append(Table(tuple(BOARD_COLUMN_LABELS.values()), rows, role="board"))
    else:
        blocks.append(_none(t("minutes.no_cards")))
    return tuple(blocks)


_BUILDERS = {
    "issues": _issues,
    "questions": _questions,
    "ideas": _ideas,
    "handoffs": _handoffs,
    "requests": _requests,
    "homework": _homework,
    "review": _review,
    "notes": _notes,
    "next": _next,
    "board": _board,
}


def meeting_name(session: Session) -> str:
    """会議名: the body's name and the session title, on one line."""
    return " ".join(p for p in (_line(session.body.name), _line(session.title)) if p) or t("minutes.meeting")


def build_minutes(session: Session, previous: Session | None = None) -> Minutes:
    """The minutes of ``session``; ``previous`` (the session it carried over from) fills
    前回の振り返り with what was handed to the SC last time."""
    sections = []
    for key, heading in SECTION_LABELS.items():
        blocks = _recap(session, previous) if key == "recap" else _BUILDERS[key](session)
        sections.append(Section(key, heading, blocks))
    name = meeting_name(session)
    return Minutes(
        title=t("minutes.title", name=name),
        meeting_name=name,
        header=_header(session),
        sections=tuple(sections),
        footer=t("minutes.footer", id=session.id),
    )
