"""The parts of the minutes a town office files them by (議事録の体裁): the header (会議名, 日時 with
the weekday and start～end, 場所, 出席者 / 欠席者, 事務局・記録者), the 次第 with who leads each part,
前回の振り返り (the previous meeting and the notes taken on it) and 前回からの経過 (what became of
the hand-offs and homework carried over)."""

from __future__ import annotations

import re

from facilitator.export.minutes.structure import Block, Field, Fields, Item, ItemList, Paragraph, Subsection
from facilitator.export.minutes.wording import date_ja, due_text, listed, nonempty, shown, shown_line, time_range
from facilitator.i18n import t
from facilitator.meeting import HANDOFF_STATUS_LABELS, HOMEWORK_STATUS_LABELS
from facilitator.meeting.followup import carried, handoff_status
from facilitator.meeting.opening import clock_time
from facilitator.model import Attendee, Handoff, Homework, Session, find

# Roles of the 事務局 (the SC's side of the table): named as such in the header.
_SECRETARIAT = re.compile(r"生活支援コーディネーター|コーディネーター|事務局|^SC$|\bSC\b|coordinator|secretariat", re.I)


def _person(a: Attendee) -> str:
    name, role = shown_line(a.name), shown_line(a.role)
    return t("minutes.with_role", name=name, role=role) if name and role else name or role


def when(session: Session) -> str:
    """日時: the date with its weekday, then start～end (typed, else from 開会 and 散会)."""
    day = date_ja(session.date)
    start = session.start_time or clock_time(session.started_at)
    end = session.end_time or clock_time(session.ended_at)
    times = time_range(start, end)
    if times:
        return t("minutes.date_time", date=day, time=times) if day else times
    return day or t("minutes.undecided")


def header(session: Session, name: str) -> Fields:
    """会議名, 日時, 場所, 出席者 / 欠席者 (or 出欠未記録), 事務局・記録者."""
    none = t("minutes.none")
    people = [a for a in session.attendees if _person(a)]
    fields = [
        Field(t("minutes.record.meeting_name"), name),
        Field(t("minutes.when"), when(session)),
        Field(t("minutes.place"), shown_line(session.place) or none),
    ]
    untaken = [_person(a) for a in people if a.attendance is None]
    if not any(a.attendance for a in people):  # attendance not taken: the roster, said so
        roster = listed(untaken)
        value = t("minutes.record.not_taken_roster", names=roster) if roster else none
        fields.append(Field(t("minutes.attendees"), value))
    else:
        present = [_person(a) for a in people if a.attendance == "present"]
        absent = [_person(a) for a in people if a.attendance == "absent"]
        fields.append(Field(t("minutes.attendees"), t("minutes.record.count", names=listed(present),
                                                           count=len(present)) if present else none))
        fields.append(Field(t("minutes.record.absent"), listed(absent) or none))
        if untaken:
            fields.append(Field(t("minutes.record.not_taken"), listed(untaken)))
    office = [_person(a) for a in people if a.role and _SECRETARIAT.search(a.role)]
    recorder = shown_line(session.recorder) or t("minutes.record.unrecorded")
    if office:  # 「事務局・記録者：事務局：…　記録者：…」: the two told apart inside the field
        staff = [t("minutes.record.secretariat_is", names=listed(office)), t("minutes.record.recorder_is", name=recorder)]
        fields.append(Field(t("minutes.record.staff"), t("minutes.record.staff_separator").join(staff)))
    else:  # no 事務局 in the roster: 「記録者：…」, the label said once (not 「記録者：記録者：…」)
        fields.append(Field(t("minutes.record.recorder"), recorder))
    return Fields(tuple(fields))


def order(session: Session) -> tuple[Block, ...]:
    """次第: the steps in order, each with who leads it."""
    items = []
    for n, step in enumerate(session.steps, start=1):
        title = t("minutes.record.step", number=n, title=shown_line(step.title) or step.id)
        lead = shown_line(step.lead)
        items.append(Item(title, speaker=t("minutes.record.lead", lead=lead) if lead else None))
    return (ItemList(tuple(items)),) if items else ()


def recap(session: Session, previous: Session | None) -> tuple[Block, ...]:
    """前回の振り返り: which meeting it looked back on, and what was said (the step's notes)."""
    blocks: list[Block] = []
    if previous is not None:
        day, title = date_ja(previous.date), shown_line(previous.title)
        name = t("minutes.name_and_date", date=day, name=title) if day and title else day or title
        if name:
            blocks.append(Fields((Field(t("minutes.previous"), name),)))
    notes = [shown(s.notes) for s in session.steps if s.panel == "recap" and shown(s.notes)]
    blocks.extend(Paragraph(n) for n in notes)
    return tuple(blocks)


def _quote(source: Session | None, h: Handoff) -> str:
    if source is None:
        return ""
    parts = []
    for ref in h.idea_ids:
        idea = find(source.ideas, ref)
        if idea is None:
            continue
        author = shown_line(idea.author)
        parts.append(t("minutes.quote_by", text=shown_line(idea.text), author=author) if author
                     else t("minutes.quote", text=shown_line(idea.text)))
    return listed(parts)


def handoff_item(h: Handoff, source: Session | None, *, follow_up: bool = False) -> Item:
    """A hand-off as an item: the action, its ideas (from ``source``, where it was made), contact,
    due; followed up: its status as a tag and its result."""
    details = [
        Field(t("minutes.grouped_ideas"), _quote(source, h)),
        Field(t("minutes.contact"), shown_line(h.contact)),
        Field(t("minutes.due"), due_text(h.due)),
    ]
    tags: tuple[str, ...] = ()
    if follow_up:
        tags = (HANDOFF_STATUS_LABELS[handoff_status(h)],)
        details.append(Field(t("minutes.record.result"), shown(h.result)))
    return Item(shown(h.action), tags=tags, details=nonempty(*details))


def homework_status(hw: Homework) -> str:
    label = HOMEWORK_STATUS_LABELS.get(hw.status, hw.status)
    if hw.status == "dropped" and shown_line(hw.reason):
        label = t("minutes.dropped_reason", status=label, reason=shown_line(hw.reason))
    return label


def progress(session: Session, previous: Session | None) -> tuple[Block, ...]:
    """前回からの経過: the hand-offs carried here with their status and result (a session carried
    over before hand-offs were carried: the previous session's, as they were), and the homework."""
    blocks: list[Block] = []
    followed = carried(session)
    if followed:
        source = previous if previous is not None else None
        items = tuple(handoff_item(h, source if source and h.from_session == source.id else None, follow_up=True)
                      for h in followed)
        blocks.append(Subsection(t("minutes.previous_handoffs"), (ItemList(items),)))
    elif previous is not None and previous.handoffs:
        items = tuple(handoff_item(h, previous) for h in previous.handoffs)
        blocks.append(Subsection(t("minutes.previous_handoffs"), (ItemList(items),)))
    homework = [hw for hw in session.homework if hw.from_session]
    if homework:
        items = tuple(
            Item(shown(hw.text), speaker=shown_line(hw.owner) or None, tags=(homework_status(hw),),
                 details=nonempty(Field(t("minutes.due"), due_text(hw.due))))
            for hw in homework
        )
        blocks.append(Subsection(t("minutes.carried_homework"), (ItemList(items),)))
    return tuple(blocks)
