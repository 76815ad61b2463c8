"""The hand-over as a document: the minutes' neutral structure (facilitator/export/minutes/),
so the Markdown, HTML and Word renderers draw it as they draw the minutes.

Written for an SC on their first day with the body: what it aims at, who is in it, what it did,
what is still open and for how long, what was asked of 役場 and what came of it, and how the
facilitation itself went (the self-check's trend and the facilitator's notes).
"""

from __future__ import annotations

from facilitator.export.minutes import (
    Block,
    Cell,
    Field,
    Fields,
    Item,
    ItemList,
    Minutes,
    Paragraph,
    Section,
    Subsection,
    Table,
)
from facilitator.export.minutes.sections import section_blocks
from facilitator.board.words import department_label
from facilitator.export.minutes.wording import date_ja, due_text, nonempty, nothing
from facilitator.handover.content import Handover, OpenItem, Request
from facilitator.i18n import Labels, t
from facilitator.meeting.followup import HANDOFF_STATUS_LABELS
from facilitator.meeting.homework import HOMEWORK_STATUS_LABELS
from facilitator.self_check import ITEM_SHORT, ITEMS, MAX, direction, item_averages

STATE_LABELS = Labels({"held": "handover.state.held", "open": "handover.state.open",
                       "planned": "handover.state.planned", "unopened": "handover.state.unopened"})
FATE_LABELS = Labels({"asked_again": "handover.fate.asked_again", "taken_on": "handover.fate.taken_on",
                      "on_board": "handover.fate.on_board", "resolved": "handover.fate.resolved",
                      "none": "handover.fate.none"})
ARROWS = {1: "↑", 0: "→", -1: "↓"}


def build_document(h: Handover) -> Minutes:
    title = t("handover.title", body=h.body or t("handover.no_body"))
    span = t("handover.span", count=h.sessions, first=date_ja(h.first), last=date_ja(h.last)) if h.sessions else t("minutes.none")
    header = Fields(nonempty(
        Field(t("handover.body"), h.body),
        Field(t("handover.layer"), h.layer),
        Field(t("handover.made_on"), date_ja(h.today.isoformat())),
        Field(t("handover.meetings_span"), span),
        Field(t("handover.next"), date_ja(h.next_meeting) or t("minutes.undecided")),
    ))
    sections = (
        Section("reading", t("handover.reading"), (Paragraph(t("handover.reading_text")),)),
        Section("board", t("handover.board"), _board(h)),
        Section("members", t("handover.members"), _members(h)),
        Section("meetings", t("handover.meetings"), _meetings(h)),
        Section("themes", t("handover.themes"), _themes(h)),
        Section("open", t("handover.open"), _open(h)),
        Section("office", t("handover.office"), _office(h)),
        Section("self_check", t("handover.self_check"), _self_check(h)),
        Section("notes", t("handover.notes"), _notes(h)),
    )
    return Minutes(title=title, meeting_name=h.body, header=header, sections=sections,
                   footer=t("handover.footer", count=h.sessions))


def _board(h: Handover) -> tuple[Block, ...]:
    if h.latest is None:
        return (nothing(),)
    note = Paragraph(t("handover.board_from", date=date_ja(h.latest.date)), empty=True)
    return (note, *section_blocks("board", h.latest, None))


def _members(h: Handover) -> tuple[Block, ...]:
    if not h.members:
        return (nothing(),)
    rows = tuple((Cell(m.name), Cell(m.role), Cell(t("handover.attendance", present=m.present, absent=m.absent)))
                 for m in h.members)
    return (Table((t("handover.name"), t("handover.role"), t("handover.attended")), rows),)


def _meetings(h: Handover) -> tuple[Block, ...]:
    if not h.meetings:
        return (nothing(),)
    rows = []
    for m in h.meetings:
        present = t("handover.present_of", present=m.present, roster=m.roster) if m.present >= 0 else t("handover.not_taken")
        rows.append((Cell(date_ja(m.date)), Cell(m.title, lines=(m.place,) if m.place else ()), Cell(present),
                     Cell(str(m.ideas)), Cell(str(m.handoffs)), Cell(str(m.homework)), Cell(STATE_LABELS[m.state])))
    columns = (t("handover.date"), t("handover.meeting"), t("handover.attended"), t("handover.ideas"),
               t("handover.handed"), t("handover.homework_written"), t("handover.state_column"))
    return (Table(columns, tuple(rows)),)


def _themes(h: Handover) -> tuple[Block, ...]:
    if not h.themes:
        return (nothing(t("handover.themes_none")),)
    rows = tuple((Cell(x.theme), Cell(t("minutes.list_separator").join(date_ja(d) for d in x.dates)), Cell(str(x.count)))
                 for x in h.themes)
    return (Table((t("handover.theme"), t("handover.theme_dates"), t("handover.theme_count")), rows),)


def _history(item: OpenItem, labels: Labels) -> str:
    steps = []
    for step in item.history:
        said = labels[step.status] if step.status in labels else step.status
        steps.append(t("handover.history_step", date=date_ja(step.date), status=said) +
                     (t("handover.history_note", note=step.note) if step.note and item.kind == "handoff" else ""))
    return t("handover.history_arrow").join(steps)


def _open_item(item: OpenItem, labels: Labels) -> Item:
    tags = [labels[item.status]]
    if item.carried:
        tags.append(t("handover.carried", count=item.carried))
    details = nonempty(
        Field(t("handover.ideas_of"), t("minutes.list_separator").join(item.ideas)),
        Field(t("handover.owner") if item.kind == "homework" else t("minutes.contact"), item.owner),
        Field(t("minutes.due"), due_text(item.due)),
        Field(t("handover.started"), date_ja(item.started)),
        Field(t("handover.history"), _history(item, labels)),
    )
    return Item(item.text, tags=tuple(tags), details=details)


def _open(h: Handover) -> tuple[Block, ...]:
    homework = tuple(_open_item(i, HOMEWORK_STATUS_LABELS) for i in h.homework)
    handoffs = tuple(_open_item(i, HANDOFF_STATUS_LABELS) for i in h.handoffs)
    return (
        Paragraph(t("handover.open_count", homework=len(homework), handoffs=len(handoffs))),
        Subsection(t("handover.open_handoffs"), (ItemList(handoffs) if handoffs else nothing(),)),
        Subsection(t("handover.open_homework"), (ItemList(homework) if homework else nothing(),)),
    )


def _fate(r: Request) -> str:
    dates = t("minutes.list_separator").join(date_ja(d) for d in r.fate_dates if d)
    if r.fate == "asked_again":
        return t("handover.fate_text.asked_again", dates=dates)
    if r.fate == "taken_on":
        return t("handover.fate_text.taken_on", dates=dates)
    if r.fate == "resolved":
        return t("handover.fate_text.resolved", dates=dates, card=r.fate_text)
    if r.fate == "on_board":
        return t("handover.fate_text.on_board", card=r.fate_text)
    return t("handover.fate_text.none")


def _office(h: Handover) -> tuple[Block, ...]:
    requests = tuple(
        Item(r.text, speaker=r.speaker or None, tags=(FATE_LABELS[r.fate],), details=nonempty(
            Field(t("minutes.department"), department_label(r.department) if r.department else t("minutes.not_set")),
            Field(t("handover.asked_on"), date_ja(r.date)),
            Field(t("handover.came_of_it"), _fate(r)),
        ))
        for r in h.requests
    )
    lacks = tuple(
        Item(x.text, tags=(t("handover.resolved_on", date=date_ja(x.resolved)) if x.resolved else t("handover.unresolved"),),
             details=nonempty(Field(t("minutes.department"),
                                    department_label(x.department) if x.department else t("minutes.not_set")),
                              Field(t("handover.since"), date_ja(x.since))))
        for x in h.lacks
    )
    return (
        Subsection(t("handover.requests"), (ItemList(requests) if requests else nothing(),)),
        Subsection(t("handover.lacks"), (ItemList(lacks) if lacks else nothing(),)),
    )


def _self_check(h: Handover) -> tuple[Block, ...]:
    rows = h.self_checks
    if not rows:
        return (nothing(t("handover.self_check_none")),)
    answered = [i for i in ITEMS if any(i in r.answers for r in rows)]
    table_rows = []
    for r in rows:
        cells = [Cell(date_ja(r.date)), Cell(r.title)]
        cells += [Cell(str(r.answers[i]) if i in r.answers else "—") for i in answered]
        cells.append(Cell(f"{r.average:.1f}" if r.average is not None else "—"))
        table_rows.append(tuple(cells))
    columns = (t("handover.date"), t("handover.meeting"), *(ITEM_SHORT[i] for i in answered), t("handover.average"))
    averages = item_averages(rows)
    summary = Fields(tuple(
        Field(ITEM_SHORT[i], t("handover.item_trend", average=f"{averages[i]:.1f}", max=MAX,
                                 arrow=ARROWS[direction(rows, i)]))
        for i in answered
    ))
    return (Paragraph(t("handover.self_check_intro", max=MAX)), Table(columns, tuple(table_rows)), summary)


def _notes(h: Handover) -> tuple[Block, ...]:
    if not h.notes:
        return (nothing(),)
    blocks: list[Block] = []
    for n in h.notes:
        fields = [Field(title, text) for title, text in n.steps]
        if n.self_check:
            fields.append(Field(t("handover.self_check_note"), n.self_check))
        blocks.append(Subsection(t("minutes.name_and_date", date=date_ja(n.date), name=n.title), (Fields(tuple(fields)),)))
    return tuple(blocks)
