"""What each section of the minutes says, and in which order within it: the blocks built from a session."""

from __future__ import annotations

from facilitator.board import category_label, department_label, meaning_label
from facilitator.export.minutes.structure import (
    Block,
    Cell,
    Field,
    Fields,
    Item,
    ItemList,
    Paragraph,
    Subsection,
    Table,
)
from facilitator.export.minutes.wording import (
    date_ja,
    due_text,
    listed,
    nonempty,
    nothing,
    shown,
    shown_line,
    time_range,
)
from facilitator.i18n import Labels, t
from facilitator.meeting import HOMEWORK_STATUS_LABELS, KIND_LABELS, STATUS_LABELS
from facilitator.meeting.ideas import request_ideas
from facilitator.model import IDEA_KINDS, BoardItem, Handoff, Homework, Idea, Session, find

BOARD_COLUMN_LABELS = Labels({
    "have": "minutes.column_have",
    "makeshift": "minutes.column_makeshift",
    "lack": "minutes.column_lack",
})


def section_blocks(key: str, session: Session, previous: Session | None) -> tuple[Block, ...]:
    """The blocks of the section ``key``; only 前回の振り返り (recap) reads ``previous``."""
    return _recap(session, previous) if key == "recap" else _BUILDERS[key](session)


def _quote_ideas(session: Session, idea_ids: list[str]) -> str:
    parts = []
    for ref in idea_ids:
        idea = find(session.ideas, ref)
        if idea is None:
            continue
        author = shown_line(idea.author)
        if author:
            parts.append(t("minutes.quote_by", text=shown_line(idea.text), author=author))
        else:
            parts.append(t("minutes.quote", text=shown_line(idea.text)))
    return listed(parts)


def header(session: Session) -> Fields:
    """日時, 場所, 出席者: the fields under the title."""
    when = date_ja(session.date)
    times = time_range(session.start_time, session.end_time)
    if times:
        when = t("minutes.date_time", date=when, time=times) if when else times
    people = []
    for a in session.attendees:
        name = shown_line(a.name)
        role = shown_line(a.role)
        if name or role:
            people.append(t("minutes.with_role", name=name, role=role) if role else name)
    none = t("minutes.none")
    return Fields(
        (
            Field(t("minutes.when"), when or t("minutes.undecided")),
            Field(t("minutes.place"), shown_line(session.place) or none),
            Field(t("minutes.attendees"), listed(people) or none),
        )
    )


def _handoff_item(session: Session, h: Handoff) -> Item:
    return Item(
        shown(h.action),
        details=nonempty(
            Field(t("minutes.grouped_ideas"), _quote_ideas(session, h.idea_ids)),
            Field(t("minutes.contact"), shown_line(h.contact)),
            Field(t("minutes.due"), due_text(h.due)),
        ),
    )


def _homework_status(hw: Homework) -> str:
    label = HOMEWORK_STATUS_LABELS.get(hw.status, hw.status)
    if hw.status == "dropped" and shown_line(hw.reason):
        label = t("minutes.dropped_reason", status=label, reason=shown_line(hw.reason))
    return label


def _recap(session: Session, previous: Session | None) -> tuple[Block, ...]:
    blocks: list[Block] = []
    if previous is not None:
        when = date_ja(previous.date)
        title = shown_line(previous.title)
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
                shown(hw.text),
                speaker=shown_line(hw.owner) or None,
                tags=(_homework_status(hw),),
                details=nonempty(Field(t("minutes.due"), due_text(hw.due))),
            )
            for hw in carried
        )
        blocks.append(Subsection(t("minutes.carried_homework"), (ItemList(items),)))
    if not any(isinstance(b, Subsection) for b in blocks):
        blocks.append(nothing(t("minutes.no_recap")))
    return tuple(blocks)


def _issues(session: Session) -> tuple[Block, ...]:
    items = tuple(
        Item(shown(i.title), details=nonempty(Field(t("minutes.detail"), shown(i.detail)),
                                            Field(t("minutes.source"), shown_line(i.source))))
        for i in session.issues
    )
    return (ItemList(items),) if items else (nothing(),)


def _issue_title(session: Session, issue_id: str | None) -> str:
    issue = find(session.issues, issue_id) if issue_id else None
    return shown_line(issue.title) if issue is not None else ""


def _questions(session: Session) -> tuple[Block, ...]:
    items = tuple(
        Item(shown(q.text), details=nonempty(Field(t("minutes.issue"), _issue_title(session, q.issue_id))))
        for q in session.questions
    )
    return (ItemList(items),) if items else (nothing(),)


def _idea_item(session: Session, idea: Idea, with_issue: bool) -> Item:
    tags = []
    if idea.interest:
        tags.append(t("minutes.interest", count=idea.interest))
    if idea.status != "open":
        tags.append(STATUS_LABELS.get(idea.status, idea.status))
    details = []
    if idea.kind == "request":
        details.append(Field(t("minutes.department"), shown_line(idea.department) or t("minutes.undecided")))
    if with_issue:
        details.append(Field(t("minutes.issue"), _issue_title(session, idea.issue_id)))
    return Item(shown(idea.text), speaker=shown_line(idea.author) or None, tags=tuple(tags), details=nonempty(*details))


def _ideas(session: Session) -> tuple[Block, ...]:
    if not session.ideas:
        return (nothing(),)
    with_issue = len(session.issues) > 1
    blocks: list[Block] = []
    for kind in IDEA_KINDS:  # a group per kind, in the model's order, headed by the kind's label
        ideas = [i for i in session.ideas if i.kind == kind]
        body: Block = ItemList(tuple(_idea_item(session, i, with_issue) for i in ideas)) if ideas else nothing()
        blocks.append(Subsection(KIND_LABELS[kind], (body,)))
    return tuple(blocks)


def _handoffs(session: Session) -> tuple[Block, ...]:
    items = tuple(_handoff_item(session, h) for h in session.handoffs)
    return (ItemList(items),) if items else (nothing(),)


def _requests(session: Session) -> tuple[Block, ...]:
    undecided = t("minutes.undecided")
    rows = tuple(
        (Cell(shown(i.text)), Cell(shown_line(i.author)), Cell(shown_line(i.department) or undecided))
        for i in request_ideas(session)
    )
    columns = (t("minutes.request"), t("minutes.proposer"), t("minutes.department"))
    return (Table(columns, rows),) if rows else (nothing(),)


_HOMEWORK_ORDER = {"open": 0, "done": 1, "dropped": 2}


def _homework(session: Session) -> tuple[Block, ...]:
    ordered = sorted(session.homework, key=lambda h: _HOMEWORK_ORDER.get(h.status, 3))
    rows = []
    carried = (t("minutes.from_previous"),)
    for hw in ordered:
        status = _homework_status(hw)
        rows.append(
            (
                Cell(shown(hw.text)),
                Cell(shown_line(hw.owner)),
                Cell(due_text(hw.due)),
                Cell(status, lines=carried if hw.from_session else ()),
            )
        )
    columns = (t("minutes.task"), t("minutes.owner"), t("minutes.due"), t("minutes.status"))
    return (Table(columns, tuple(rows)),) if rows else (nothing(),)


def _review(session: Session) -> tuple[Block, ...]:
    text = shown(session.review)
    return (Paragraph(text),) if text else (nothing(),)


def _notes(session: Session) -> tuple[Block, ...]:
    blocks = tuple(
        Subsection(shown_line(s.title) or s.id, (Paragraph(shown(s.notes)),)) for s in session.steps if shown(s.notes)
    )
    return blocks or (nothing(),)


def _next(session: Session) -> tuple[Block, ...]:
    nm = session.next_meeting
    agenda = [a for a in (shown_line(x) for x in nm.agenda) if a]
    when = date_ja(nm.date)
    time = time_range(nm.start_time, None)
    if not (when or time or shown_line(nm.place) or agenda):
        return (nothing(),)
    undecided = t("minutes.undecided")
    if not when:
        when = t("minutes.undecided_time", time=time) if time else undecided
    elif time:
        when = t("minutes.date_time", date=when, time=time)
    return (
        Fields(
            (
                Field(t("minutes.when"), when),
                Field(t("minutes.place"), shown_line(nm.place) or undecided),
                Field(t("minutes.agenda"), listed(agenda) or undecided),
            )
        ),
    )


def _card(session: Session, item: BoardItem) -> Cell:
    lines = []
    if shown_line(item.category):
        # The fixed categories and 意味づけ (stored in Japanese) in the language in use.
        lines.append(t("minutes.category", category=category_label(shown_line(item.category))))
    meanings = [meaning_label(m) for m in (shown_line(x) for x in item.meanings) if m]
    if meanings:
        lines.append(t("minutes.meanings", meanings=t("minutes.meaning_separator").join(meanings)))
    if item.solvable == "ourselves":
        lines.append(t("minutes.sorted_to", where=t("minutes.ourselves")))
    elif item.solvable == "municipality" or shown_line(item.department):
        # 「役場 福祉課」; a department typed with the office in it (「C町役場 福祉課」) as typed.
        lines.append(t("minutes.sorted_to", where=shown_line(department_label(item.department))))
    linked = [shown_line(c.text) for c in (find(session.board.items, ref) for ref in item.links) if c is not None]
    if linked:
        lines.append(t("minutes.links", cards=t("minutes.link_separator").join(linked)))
    badge = t("minutes.new_badge") if item.since == session.id else None
    return Cell(shown(item.text), lines=tuple(lines), badge=badge)


def _board(session: Session) -> tuple[Block, ...]:
    board = session.board
    vision = shown(board.vision)
    if not vision and not board.items:
        return (nothing(t("minutes.board_empty")),)
    columns = [[_card(session, i) for i in board.items if i.column == key] for key in BOARD_COLUMN_LABELS]
    depth = max((len(c) for c in columns), default=0)
    rows = tuple(tuple(c[n] if n < len(c) else Cell() for c in columns) for n in range(depth))
    blocks: list[Block] = [Fields((Field(t("minutes.vision"), vision or t("minutes.not_set")),))]
    if rows:
        blocks.append(Table(tuple(BOARD_COLUMN_LABELS.values()), rows, role="board"))
    else:
        blocks.append(nothing(t("minutes.no_cards")))
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
