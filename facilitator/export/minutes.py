"""The minutes (議事録) of a session as a neutral structure, for every renderer to share.

``build_minutes(session, previous)`` decides *what* the minutes say and in which order (the order a
town office expects, DOMAIN.md "What the record is for"); the Markdown, HTML and terminal
renderers only decide how it looks. Every string in the structure is display-safe
(``text.for_display``: no control characters, no escape sequences) but NOT escaped for any
format: renderers must escape it for theirs.

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

from facilitator.board import department_label
from facilitator.dates import format_date_ja, format_time_range
from facilitator.meeting import HOMEWORK_STATUS_LABELS, KIND_LABELS, STATUS_LABELS
from facilitator.model import BoardItem, Handoff, Homework, Idea, Session, find
from facilitator.text import for_display

NONE = "なし"
NO_RECAP = "前回からの引き継ぎはありません"
BOARD_EMPTY = "記録なし"
NEW_BADGE = "新"

# Section keys and headings, in the order the minutes present them.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("recap", "前回の振り返り"),
    ("issues", "地域課題"),
    ("questions", "協議体に諮った内容"),
    ("ideas", "意見・アイデア"),
    ("handoffs", "SCに託したこと"),
    ("requests", "行政への要望"),
    ("homework", "継続協議・宿題"),
    ("review", "総評"),
    ("notes", "各ステップの記録"),
    ("next", "次回予定"),
    ("board", "あるもの/ないもの"),
)
SECTION_HEADINGS: tuple[str, ...] = tuple(h for _, h in SECTIONS)
HEADER_LABELS: tuple[str, ...] = ("日時", "場所", "出席者")

# Idea groups in the ideas section, in this order.
IDEA_GROUPS: tuple[tuple[str, str], ...] = tuple((k, KIND_LABELS[k]) for k in ("self", "request", "unsorted"))
BOARD_COLUMNS: tuple[tuple[str, str], ...] = (
    ("have", "あるもの"),
    ("makeshift", "あるものでないものをやりくりする"),
    ("lack", "ないもの"),
)
SOLVABLE_LABELS = {"ourselves": "自分たちでなんとかできそう", "municipality": "役場"}


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
    """An ISO (or typed) date the town-office way; text that is not a date, as it is."""
    raw = _line(value)
    if not raw:
        return ""
    try:
        return format_date_ja(raw)
    except ValueError:
        return raw


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


def _none(text: str = NONE) -> Paragraph:
    return Paragraph(text, empty=True)


def _quote_ideas(session: Session, idea_ids: list[str]) -> str:
    parts = []
    for ref in idea_ids:
        idea = find(session.ideas, ref)
        if idea is None:
            continue
        text = f"「{_line(idea.text)}」"
        if _line(idea.author):
            text += f"（{_line(idea.author)}）"
        parts.append(text)
    return "、".join(parts)


# ---------------------------------------------------------------------------------------
# Sections


def _header(session: Session) -> Fields:
    when = date_ja(session.date)
    times = format_time_range(_line(session.start_time), _line(session.end_time))
    if times:
        when = f"{when}　{times}" if when else times
    people = []
    for a in session.attendees:
        name = _line(a.name)
        role = _line(a.role)
        if name or role:
            people.append(f"{name}（{role}）" if role else name)
    return Fields(
        (
            Field("日時", when or "未定"),
            Field("場所", _line(session.place) or NONE),
            Field("出席者", "、".join(people) or NONE),
        )
    )


def _handoff_item(session: Session, h: Handoff) -> Item:
    return Item(
        _t(h.action),
        details=_nonempty(
            Field("まとめたアイデア", _quote_ideas(session, h.idea_ids)),
            Field("連絡先", _line(h.contact)),
            Field("期限", _due(h.due)),
        ),
    )


def _homework_status(hw: Homework) -> str:
    label = HOMEWORK_STATUS_LABELS.get(hw.status, hw.status)
    if hw.status == "dropped" and _line(hw.reason):
        label += f"（理由：{_line(hw.reason)}）"
    return label


def _recap(session: Session, previous: Session | None) -> tuple[Block, ...]:
    blocks: list[Block] = []
    if previous is not None:
        when = date_ja(previous.date)
        name = "　".join(p for p in (when, _line(previous.title)) if p)
        if name:
            blocks.append(Fields((Field("前回", name),)))
        if previous.handoffs:
            items = tuple(_handoff_item(previous, h) for h in previous.handoffs)
            blocks.append(Subsection("前回SCに託したこと", (ItemList(items),)))
    carried = [hw for hw in session.homework if hw.from_session]
    if carried:
        items = tuple(
            Item(
                _t(hw.text),
                speaker=_line(hw.owner) or None,
                tags=(_homework_status(hw),),
                details=_nonempty(Field("期限", _due(hw.due))),
            )
            for hw in carried
        )
        blocks.append(Subsection("前回からの宿題", (ItemList(items),)))
    if not any(isinstance(b, Subsection) for b in blocks):
        blocks.append(_none(NO_RECAP))
    return tuple(blocks)


def _issues(session: Session) -> tuple[Block, ...]:
    items = tuple(
        Item(_t(i.title), details=_nonempty(Field("内容", _t(i.detail)), Field("出典", _line(i.source))))
        for i in session.issues
    )
    return (ItemList(items),) if items else (_none(),)


def _issue_title(session: Session, issue_id: str | None) -> str:
    issue = find(session.issues, issue_id) if issue_id else None
    return _line(issue.title) if issue is not None else ""


def _questions(session: Session) -> tuple[Block, ...]:
    items = tuple(
        Item(_t(q.text), details=_nonempty(Field("地域課題", _issue_title(session, q.issue_id))))
        for q in session.questions
    )
    return (ItemList(items),) if items else (_none(),)


def _idea_item(session: Session, idea: Idea, with_issue: bool) -> Item:
    tags = []
    if idea.interest:
        tags.append(f"関心 {idea.interest}")
    if idea.status != "open":
        tags.append(STATUS_LABELS.get(idea.status, idea.status))
    details = []
    if idea.kind == "request":
        details.append(Field("担当課", _line(idea.department) or "未定"))
    if with_issue:
        details.append(Field("地域課題", _issue_title(session, idea.issue_id)))
    return Item(_t(idea.text), speaker=_line(idea.author) or None, tags=tuple(tags), details=_nonempty(*details))


def _ideas(session: Session) -> tuple[Block, ...]:
    if not session.ideas:
        return (_none(),)
    with_issue = len(session.issues) > 1
    blocks: list[Block] = []
    for kind, label in IDEA_GROUPS:
        ideas = [i for i in session.ideas if i.kind == kind]
        body: Block = ItemList(tuple(_idea_item(session, i, with_issue) for i in ideas)) if ideas else _none()
        blocks.append(Subsection(label, (body,)))
    return tuple(blocks)


def _handoffs(session: Session) -> tuple[Block, ...]:
    items = tuple(_handoff_item(session, h) for h in session.handoffs)
    return (ItemList(items),) if items else (_none(),)


def _requests(session: Session) -> tuple[Block, ...]:
    rows = tuple(
        (Cell(_t(i.text)), Cell(_line(i.author)), Cell(_line(i.department) or "未定"))
        for i in session.ideas
        if i.kind == "request"
    )
    return (Table(("要望", "提案者", "担当課"), rows),) if rows else (_none(),)


_HOMEWORK_ORDER = {"open": 0, "done": 1, "dropped": 2}


def _homework(session: Session) -> tuple[Block, ...]:
    ordered = sorted(session.homework, key=lambda h: _HOMEWORK_ORDER.get(h.status, 3))
    rows = []
    for hw in ordered:
        status = _homework_status(hw)
        rows.append(
            (
                Cell(_t(hw.text)),
                Cell(_line(hw.owner)),
                Cell(_due(hw.due)),
                Cell(status, lines=("前回から",) if hw.from_session else ()),
            )
        )
    return (Table(("内容", "担当", "期限", "状況"), tuple(rows)),) if rows else (_none(),)


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
    time = format_time_range(_line(nm.start_time), None)
    if not (when or time or _line(nm.place) or agenda):
        return (_none(),)
    if not when:
        when = f"未定（{time}）" if time else "未定"
    elif time:
        when = f"{when}　{time}"
    return (
        Fields(
            (
                Field("日時", when),
                Field("場所", _line(nm.place) or "未定"),
                Field("議題", "、".join(agenda) or "未定"),
            )
        ),
    )


def _card(session: Session, item: BoardItem) -> Cell:
    lines = []
    if _line(item.category):
        lines.append(f"分類：{_line(item.category)}")
    meanings = [m for m in (_line(x) for x in item.meanings) if m]
    if meanings:
        lines.append(f"意味づけ：{'・'.join(meanings)}")
    if item.solvable == "ourselves":
        lines.append(f"→ {SOLVABLE_LABELS['ourselves']}")
    elif item.solvable == "municipality" or _line(item.department):
        # 「役場 福祉課」; a department typed with the office in it (「C町役場 福祉課」) as typed.
        lines.append(f"→ {_line(department_label(item.department))}")
    linked = [_line(c.text) for c in (find(session.board.items, ref) for ref in item.links) if c is not None]
    if linked:
        lines.append(f"組み合わせ：{' ＋ '.join(linked)}")
    return Cell(_t(item.text), lines=tuple(lines), badge=NEW_BADGE if item.since == session.id else None)


def _board(session: Session) -> tuple[Block, ...]:
    board = session.board
    vision = _t(board.vision)
    if not vision and not board.items:
        return (_none(BOARD_EMPTY),)
    columns = [[_card(session, i) for i in board.items if i.column == key] for key, _ in BOARD_COLUMNS]
    depth = max((len(c) for c in columns), default=0)
    rows = tuple(tuple(c[n] if n < len(c) else Cell() for c in columns) for n in range(depth))
    blocks: list[Block] = [Fields((Field("わがまちビジョン", vision or "未設定"),))]
    if rows:
        blocks.append(Table(tuple(label for _, label in BOARD_COLUMNS), rows, role="board"))
    else:
        blocks.append(_none("カードなし"))
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
    return " ".join(p for p in (_line(session.body.name), _line(session.title)) if p) or "会議"


def build_minutes(session: Session, previous: Session | None = None) -> Minutes:
    """The minutes of ``session``; ``previous`` (the session it carried over from) fills
    前回の振り返り with what was handed to the SC last time."""
    sections = []
    for key, heading in SECTIONS:
        blocks = _recap(session, previous) if key == "recap" else _BUILDERS[key](session)
        sections.append(Section(key, heading, blocks))
    name = meeting_name(session)
    return Minutes(
        title=f"{name} 議事録",
        meeting_name=name,
        header=_header(session),
        sections=tuple(sections),
        footer=f"記録ID {session.id}（kyogitai で作成）",
    )
