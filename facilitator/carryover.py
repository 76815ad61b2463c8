"""Creating a session, and carrying a body's latest session over into its next one.

docs/session-format.md "Carry-over": the new session copies from the body's latest readable session its open
homework (same id, from_session = that session), its open and in-progress hand-offs (the same),
the board (cards keep ids and ``since``), the attendee roster (attendance is not carried: it is
taken again), and next_meeting.agenda as its issues; previous_session = that session. The older
session is never modified (everything is deep-copied).
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date, datetime

from facilitator.i18n import t
from facilitator.ids import new_item_id, new_session_id
from facilitator.meeting.steps import step_from_template
from facilitator.model import Body, Handoff, Issue, Session, timestamp
from facilitator.next_session import PastSession, default_title, planned_day
from facilitator.templates import Template
from facilitator.text import clean_line


def new_session(
    *,
    body: str,
    template: Template,
    now: datetime,
    title: str | None = None,
    on: date | None = None,
    place: str | None = None,
    layer: str | None = None,
    previous: Session | None = None,
    session_id: str | None = None,
    number: int | None = None,
) -> Session:
    """A fresh session of ``body`` from ``template``, carried over from ``previous`` if given.

    Without a date, the previous session's planned next date is used, else today; without a
    place, the planned place. ``number`` (the how-many-th meeting) makes the default title
    (「第3回」; a user template's title is added: 「第3回 移動部会」).
    """
    body_name = clean_line(body)
    if not body_name:
        raise ValueError(t("carryover.empty_body"))
    planned = previous.next_meeting if previous else None
    if on is None:
        on = planned_day(past_session(previous) if previous else None, now.date())
    if place is None and planned and planned.place:
        place = planned.place
    if not title:
        # Written into the session in the UI language of the day (then it is the user's text).
        title = default_title(template, number)
    stamp = timestamp(now)
    steps = [step_from_template(t) for t in template.steps]
    session = Session(
        id=session_id or new_session_id(on),
        body=Body(name=body_name, layer=clean_line(layer or "") or (previous.body.layer if previous else None)),
        title=clean_line(title),
        date=on.isoformat(),
        template=template.id,
        current_step=steps[0].id,
        created_at=stamp,
        updated_at=stamp,
        place=clean_line(place or "") or None,
        start_time=planned.start_time if planned and on.isoformat() == planned.date else None,
        steps=steps,
    )
    if previous is not None:
        carry_over(session, previous)
    return session


def past_session(session: Session) -> PastSession:
    """What the next-session plan needs of a session."""
    return PastSession(template=session.template, date=session.date, next_date=session.next_meeting.date)


def carried_handoffs(previous: Session) -> list[Handoff]:
    """The hand-offs still being followed up (open or in progress), as copies for the next
    session: same id, ``from_session`` = ``previous`` (their ``idea_ids`` still point into the
    session they were made in)."""
    return [
        replace(copy.deepcopy(h), from_session=previous.id)
        for h in previous.handoffs
        if (h.status or "open") in ("open", "in_progress")
    ]


def carry_over(new: Session, previous: Session) -> None:
    """Copy what continues from ``previous`` into ``new`` (``previous`` is left as it was)."""
    new.previous_session = previous.id
    new.homework = [
        replace(
            copy.deepcopy(h),
            from_session=previous.id,
            origin_session=h.origin_session or h.from_session or previous.id,
        )
        for h in previous.homework
        if h.status == "open"
    ]
    new.handoffs = carried_handoffs(previous)
    new.board = copy.deepcopy(previous.board)
    for item in new.board.items:
        if item.since is None:
            item.since = previous.id
    new.attendees = [replace(copy.deepcopy(a), attendance=None) for a in previous.attendees]
    source = t("carryover.agenda_source")  # 前回の次回予定: stored with the issue, like typed text
    new.issues = [
        Issue(id=new_item_id("issue"), title=agenda, source=source)
        for agenda in (clean_line(a) for a in previous.next_meeting.agenda)
        if agenda
    ]
