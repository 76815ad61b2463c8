"""What each section of the minutes says, and in which order within it: the blocks built from a session."""

from __future__ import annotations

from facilitator.board import category_label, department_label, meaning_label
from facilitator.export.minutes import record
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
    nonempty,
    nothing,
    shown,
    shown_line,
    time_range,
)
from facilitator.i18n import Labels, t
from facilitator.meeting import KIND_LABELS, NATURE_LABELS, STATUS_LABELS
from facilitator.meeting.details import REVIEW_STEP_IDS
from facilitator.meeting.followup import made_here
from facilitator.meeting.ideas import request_ideas
from facilitator.model import BoardItem, Idea, Session, find

BOARD_COLUMN_LABELS = Labels({
    "have": "minutes.column_have",
    "makeshift": "minutes.column_makeshift",
    "lack": "minutes.column_lack",
})


def section_blocks(key: str, session: Session, previous: Session | None) -> tuple[Block, ...]:
    """The blocks of the section ``key``; empty for a section left out of these minutes (次第
    without steps, 前回の振り返り and 前回からの経過 of a first meeting, 各ステップの記録 with no notes).
    Only 前回の振り返り and 前回からの経過 read ``previous``."""
    if key == "recap":
        return record.recap(session, previous)
    if key == "progress":
        return record.progress(session, previous)
    return _BUILDERS[key](session)


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
    tags = [NATURE_LABELS[idea.nature]] if idea.nature in NATURE_LABELS else []
    if idea.interest:
        tags.append(t("minutes.interest", count=idea.interest))
    if idea.status != "open":
        tags.append(STATUS_LABELS.get(idea.status, idea.status))
    details = []
    if with_issue:
        details.append(Field(t("minutes.issue"), _issue_title(session, idea.issue_id)))
    return Item(shown(idea.text), speaker=shown_line(idea.author) or None, tags=tuple(tags), details=nonempty(*details))


def _ideas(session: Session) -> tuple[Block, ...]:
    with_issue = len(session.issues) > 1
    blocks: list[Block] = []
    # A group per kind, headed by its label; 行政への要望 are listed once, in their own section.
    for kind in ("self", "unsorted"):
        ideas = [i for i in session.ideas if i.kind == kind]
        if ideas:
            blocks.append(Subsection(KIND_LABELS[kind], (ItemList(tuple(_idea_item(session, i, with_issue)
                                                                        for i in ideas)),)))
    if not blocks:
        return (nothing(t("minutes.record.only_requests")),) if session.ideas else (nothing(),)
    return tuple(blocks)


def _handoffs(session: Session) -> tuple[Block, ...]:
    # Made here; the ones carried from earlier meetings are under 前回からの経過.
    items = tuple(record.handoff_item(h, session) for h in made_here(session))
    return (ItemList(items),) if items else (nothing(),)


def _requests(session: Session) -> tuple[Block, ...]:
    undecided = t("minutes.undecided")
    rows = tuple(
        (Cell(shown(i.text), badge=NATURE_LABELS[i.nature] if i.nature in NATURE_LABELS else None),
         Cell(shown_line(i.author)), Cell(shown_line(i.department) or undecided))
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
        status = record.homework_status(hw)
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
    by = shown_line(session.review_by)
    blocks: list[Block] = [Fields((Field(t("minutes.record.review_by"), by),))] if by else []
    blocks.append(Paragraph(text) if text else nothing())
    return tuple(blocks)


def _notes(session: Session) -> tuple[Block, ...]:
    """Each step's notes (前回の振り返り's are in its own section; the 総評 step's text is the review)."""
    return tuple(
        Subsection(shown_line(s.title) or s.id, (Paragraph(shown(s.notes)),))
        for s in session.steps
        if shown(s.notes) and s.panel != "recap" and s.id not in REVIEW_STEP_IDS
    )


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
    fields = Fields((Field(t("minutes.when"), when), Field(t("minutes.place"), shown_line(nm.place) or undecided)))
    # The agenda as a list: items are sentences (「…を検討する。」), never joined into one line.
    items: Block = ItemList(tuple(Item(a) for a in agenda)) if agenda else nothing(undecided)
    return (fields, Subsection(t("minutes.agenda"), (items,)))


def _card(session: Session, item: BoardItem) -> Item:
    details = []
    if shown_line(item.category):
        # The fixed categories and 意味づけ (stored in Japanese) in the language in use.
        details.append(Field(t("minutes.record.category"), category_label(shown_line(item.category))))
    meanings = [meaning_label(m) for m in (shown_line(x) for x in item.meanings) if m]
    if meanings:
        details.append(Field(t("minutes.record.meanings"), t("minutes.meaning_separator").join(meanings)))
    if item.solvable == "ourselves":
        details.append(Field(t("minutes.record.sorted"), t("minutes.ourselves")))
    elif item.solvable == "municipality" or shown_line(item.department):
        # 「役場 福祉課」; a department typed with the office in it (「C町役場 福祉課」) as typed.
        details.append(Field(t("minutes.record.sorted"), shown_line(department_label(item.department))))
    linked = [shown_line(c.text) for c in (find(session.board.items, ref) for ref in item.links) if c is not None]
    if linked:
        details.append(Field(t("minutes.record.links"), t("minutes.link_separator").join(linked)))
    # 新: first put on the board in this meeting. A first meeting's board is all new: no mark.
    new = session.previous_session is not None and item.since == session.id
    tags = (t("minutes.new_badge"),) if new else ()
    if item.column == "lack" and item.resolved_in:
        tags += (t("minutes.resolved_here") if item.resolved_in == session.id else t("minutes.resolved"),)
    return Item(shown(item.text), tags=tags, details=nonempty(*details))


def _board(session: Session) -> tuple[Block, ...]:
    """The vision, then each column's cards as a list of its own (a table row would pair cards
    that have nothing to do with each other)."""
    board = session.board
    vision = shown(board.vision)
    if not vision and not board.items:
        return (nothing(t("minutes.board_empty")),)
    blocks: list[Block] = [Fields((Field(t("minutes.vision"), vision or t("minutes.not_set")),))]
    for key, label in BOARD_COLUMN_LABELS.items():
        cards = [_card(session, i) for i in board.items if i.column == key]
        blocks.append(Subsection(label, (ItemList(tuple(cards)) if cards else nothing(t("minutes.no_cards")),)))
    return tuple(blocks)


_BUILDERS = {
    "order": record.order,
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
