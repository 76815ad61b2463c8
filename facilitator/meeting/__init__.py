"""Meeting rules: steps and their time, issues, questions, ideas, hand-offs, homework, next date.

A ``Meeting`` wraps one Session and is the only thing that changes it during a meeting. Clocks
are injected: ``clock`` (monotonic seconds) times the steps, ``now`` (aware datetime) stamps
``updated_at``. Every change bumps ``version`` so an autosaver knows there is something to write.
Refusals raise ``RuleError`` with a sentence a facilitator can read out, in the UI language
(facilitator/i18n.py, table ``[rules]``).
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Callable, Literal

from facilitator import dates
from facilitator.i18n import Labels, t
from facilitator.ids import new_item_id
from facilitator.model import (
    IDEA_KINDS,
    Handoff,
    Homework,
    Idea,
    Issue,
    Session,
    find,
)
from facilitator.meeting.core import RuleError
from facilitator.meeting.agenda import AgendaRules
from facilitator.meeting.details import DetailRules
from facilitator.meeting.fields import due_date, is_iso_date, optional, required, short
from facilitator.meeting.steps import StepRules, TimerState, format_clock, timer_state
from facilitator.text import clean_line

# Labels in the UI language, read when used (facilitator/i18n.py).
KIND_LABELS = Labels({"self": "labels.kind.self", "request": "labels.kind.request",
                      "unsorted": "labels.kind.unsorted"})
STATUS_LABELS = Labels({"open": "labels.idea_status.open", "handed": "labels.idea_status.handed",
                        "homework": "labels.idea_status.homework"})
HOMEWORK_STATUS_LABELS = Labels({"open": "labels.homework_status.open", "done": "labels.homework_status.done",
                                 "dropped": "labels.homework_status.dropped"})


def _now() -> datetime:
    return datetime.now().astimezone()


# ---------------------------------------------------------------------------------------
# The meeting


class Meeting(StepRules, DetailRules, AgendaRules):
    def __init__(
        self,
        session: Session,
        *,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = _now,
        running: bool = True,
    ) -> None:
        self.session = session
        self._clock = clock
        self._now = now
        self.version = 0
        self._started = clock() if running else None
        if session.step(session.current_step) is None and session.steps:
            session.current_step = session.steps[0].id

    # -- ideas ------------------------------------------------------------------------------
    def add_idea(
        self,
        text: str,
        *,
        kind: str = "unsorted",
        author: str | None = None,
        issue_id: str | None = None,
        department: str | None = None,
    ) -> Idea:
        text = required(text, t("rules.empty_idea"))
        self._check_kind(kind)
        self._check_issue(issue_id)
        idea = Idea(
            id=new_item_id("idea"),
            text=text,
            author=optional(author),
            issue_id=issue_id,
            kind=kind,  # type: ignore[arg-type]
            department=optional(department),
        )
        self.session.ideas.append(idea)
        self._changed()
        return idea

    def edit_idea(
        self,
        idea_id: str,
        *,
        text: str | None = None,
        author: str | None | Literal[False] = False,
        issue_id: str | None | Literal[False] = False,
        department: str | None | Literal[False] = False,
    ) -> Idea:
        """Change what is given; ``None`` clears an optional field, leaving it out keeps it."""
        idea = self._get(self.session.ideas, idea_id, "idea")
        if text is not None:
            text = required(text, t("rules.empty_idea"))
            idea.text = text
        if author is not False:
            idea.author = optional(author)
        if issue_id is not False:
            self._check_issue(issue_id)
            idea.issue_id = issue_id
        if department is not False:
            idea.department = optional(department)
        self._changed()
        return idea

    def set_kind(self, idea_id: str, kind: str) -> Idea:
        idea = self._get(self.session.ideas, idea_id, "idea")
        self._check_kind(kind)
        if idea.status == "handed" and kind != "self":
            raise RuleError(t("rules.handed_kind"))
        idea.kind = kind  # type: ignore[assignment]
        self._changed()
        return idea

    def cycle_kind(self, idea_id: str) -> Idea:
        """unsorted → self → request → unsorted: one key walks through the kinds."""
        idea = self._get(self.session.ideas, idea_id, "idea")
        order = ["unsorted", "self", "request"]
        return self.set_kind(idea_id, order[(order.index(idea.kind) + 1) % len(order)])

    def add_interest(self, idea_id: str, delta: int = 1) -> Idea:
        """関心 marks: never below zero. This step does not vote, it only shows interest."""
        idea = self._get(self.session.ideas, idea_id, "idea")
        idea.interest = max(0, idea.interest + delta)
        self._changed()
        return idea

    def delete_idea(self, idea_id: str) -> tuple[int, Idea]:
        """Remove an idea (undo with restore_idea). A handed idea must be taken back first."""
        idea = self._get(self.session.ideas, idea_id, "idea")
        if idea.status == "handed":
            raise RuleError(t("rules.handed_delete"))
        return self._remove(self.session.ideas, idea_id, "idea")

    def restore_idea(self, index: int, idea: Idea) -> None:
        self._restore(self.session.ideas, index, idea)

    def ideas_by_issue(self) -> list[tuple[Issue | None, list[Idea]]]:
        """Ideas grouped by issue in the issues' order; unlinked ideas last (issue None)."""
        groups: dict[str | None, list[Idea]] = {i.id: [] for i in self.session.issues}
        groups[None] = []
        for idea in self.session.ideas:
            key = idea.issue_id if idea.issue_id in groups else None
            groups[key].append(idea)
        out: list[tuple[Issue | None, list[Idea]]] = [
            (issue, groups[issue.id]) for issue in self.session.issues if groups[issue.id]
        ]
        if groups[None]:
            out.append((None, groups[None]))
        return out

    def _check_kind(self, kind: str) -> None:
        if kind not in IDEA_KINDS:
            raise RuleError(t("rules.bad_kind", kind=repr(kind), kinds=" / ".join(IDEA_KINDS)))

    # -- hand-offs ---------------------------------------------------------------------------
    def can_hand_off(self, idea: Idea) -> str | None:
        """None when the idea may go to the SC; otherwise the reason it may not."""
        if idea.kind == "request":
            return t("rules.request_not_handed")
        if idea.kind != "self":
            return t("rules.unsorted_not_handed")
        if idea.status == "handed":
            return t("rules.already_handed")
        if idea.status == "homework":
            return t("rules.is_homework")
        return None

    def hand_off(
        self,
        idea_ids: list[str],
        action: str,
        *,
        contact: str | None = None,
        due: str | None = None,
    ) -> Handoff:
        """Entrust ``self`` ideas to the SC; anything else is refused with the reason."""
        if not idea_ids:
            raise RuleError(t("rules.pick_ideas"))
        ideas = [self._get(self.session.ideas, i, "idea") for i in idea_ids]
        for idea in ideas:
            reason = self.can_hand_off(idea)
            if reason:
                raise RuleError(t("rules.idea_refused", text=short(idea.text), reason=reason))
        action = required(action, t("rules.need_action"))
        handoff = Handoff(
            id=new_item_id("handoff"),
            idea_ids=[i.id for i in ideas],
            action=action,
            contact=optional(contact),
            due=due_date(due),
        )
        for idea in ideas:
            idea.status = "handed"
        self.session.handoffs.append(handoff)
        self._changed()
        return handoff

    def edit_handoff(self, handoff_id: str, *, action: str | None = None,
                     contact: str | None | Literal[False] = False,
                     due: str | None | Literal[False] = False) -> Handoff:
        h = self._get(self.session.handoffs, handoff_id, "handoff")
        if action is not None:
            action = required(action, t("rules.need_action"))
            h.action = action
        if contact is not False:
            h.contact = optional(contact)
        if due is not False:
            h.due = due_date(due)
        self._changed()
        return h

    def cancel_handoff(self, handoff_id: str) -> tuple[int, Handoff]:
        """Take a hand-off back: its ideas are open again."""
        index, h = self._remove(self.session.handoffs, handoff_id, "handoff")
        for idea_id in h.idea_ids:
            idea = find(self.session.ideas, idea_id)
            if idea is not None and idea.status == "handed":
                idea.status = "open"
        return index, h

    def restore_handoff(self, index: int, handoff: Handoff) -> None:
        """Undo ``cancel_handoff``: the same hand-off (same id) back at its place, its ideas handed
        again. Refused with the reason when one of them can no longer be handed off."""
        ideas = [self._get(self.session.ideas, i, "idea") for i in handoff.idea_ids]
        for idea in ideas:
            reason = self.can_hand_off(idea)
            if reason:
                raise RuleError(t("rules.idea_refused", text=idea.text[:20], reason=reason))
        for idea in ideas:
            idea.status = "handed"
        self._restore(self.session.handoffs, index, handoff)

    def requests(self) -> list[Idea]:
        """行政への要望: the request ideas, for the town-office list."""
        return [i for i in self.session.ideas if i.kind == "request"]

    def leftovers(self) -> list[Idea]:
        """Ideas that become homework at close: the open ``self`` and ``unsorted`` ones."""
        return [i for i in self.session.ideas if i.status == "open" and i.kind in ("self", "unsorted")]

    def leftovers_to_homework(self) -> list[Homework]:
        """継続協議: every leftover idea becomes an open homework item, in one call."""
        made = []
        for idea in self.leftovers():
            hw = Homework(
                id=new_item_id("hw"),
                text=idea.text,
                owner=idea.author,
                origin_session=self.session.id,
                idea_id=idea.id,
            )
            idea.status = "homework"
            self.session.homework.append(hw)
            made.append(hw)
        if made:
            self._changed()
        return made

    # -- homework ------------------------------------------------------------------------
    def add_homework(self, text: str, *, owner: str | None = None, due: str | None = None) -> Homework:
        text = required(text, t("rules.empty_homework"))
        hw = Homework(
            id=new_item_id("hw"),
            text=text,
            owner=optional(owner),
            due=due_date(due),
            origin_session=self.session.id,
        )
        self.session.homework.append(hw)
        self._changed()
        return hw

    def edit_homework(self, homework_id: str, *, text: str | None = None,
                      owner: str | None | Literal[False] = False,
                      due: str | None | Literal[False] = False) -> Homework:
        hw = self._get(self.session.homework, homework_id, "homework")
        if text is not None:
            text = required(text, t("rules.empty_homework"))
            hw.text = text
        if owner is not False:
            hw.owner = optional(owner)
        if due is not False:
            hw.due = due_date(due)
        self._changed()
        return hw

    def set_homework_status(self, homework_id: str, status: str, reason: str | None = None) -> Homework:
        if status not in ("open", "done", "dropped"):
            raise RuleError(t("rules.bad_homework_status", status=repr(status)))
        hw = self._get(self.session.homework, homework_id, "homework")
        if status == "dropped" and not optional(reason):
            raise RuleError(t("rules.need_drop_reason"))
        hw.status = status  # type: ignore[assignment]
        hw.reason = (optional(reason)) if status == "dropped" else None
        self._changed()
        return hw

    def delete_homework(self, homework_id: str) -> tuple[int, Homework]:
        index, hw = self._remove(self.session.homework, homework_id, "homework")
        if hw.idea_id:
            idea = find(self.session.ideas, hw.idea_id)
            if idea is not None and idea.status == "homework":
                idea.status = "open"
        return index, hw

    def restore_homework(self, index: int, hw: Homework) -> None:
        self._restore(self.session.homework, index, hw)
        if hw.idea_id:
            idea = find(self.session.ideas, hw.idea_id)
            if idea is not None and idea.status == "open":
                idea.status = "homework"

    def carried_homework(self) -> list[Homework]:
        """Homework brought in from the previous session (shown in 前回の振り返り)."""
        return [h for h in self.session.homework if h.from_session]

    # -- next meeting --------------------------------------------------------------------
    def set_next_meeting(
        self,
        *,
        date: str | None = None,
        start_time: str | None = None,
        place: str | None = None,
        agenda: list[str] | None = None,
    ) -> None:
        """Dates and times parse as people type them; "" clears a field."""
        nm = self.session.next_meeting
        if date is not None:
            nm.date = dates.parse_date(date).isoformat() if date.strip() else None
        if start_time is not None:
            nm.start_time = dates.parse_time(start_time) if start_time.strip() else None
        if place is not None:
            nm.place = optional(place)
        if agenda is not None:
            nm.agenda = [a for a in (clean_line(x) for x in agenda) if a]
        self._changed()

    def closing_summary(self) -> str:
        """A few sentences to read aloud at the end of the meeting."""
        s = self.session
        handed = len(s.handoffs)
        open_hw = [h for h in s.homework if h.status == "open"]
        reqs = self.requests()
        lines = [
            t("rules.summary_ideas", count=len(s.ideas)),
            t("rules.summary_handed", count=handed) if handed else t("rules.summary_none_handed"),
        ]
        if reqs:
            lines.append(t("rules.summary_requests", count=len(reqs)))
        if open_hw:
            lines.append(t("rules.summary_homework", count=len(open_hw)))
            for h in open_hw:
                parts = [h.owner] if h.owner else []
                if h.due:
                    due = dates.format_date(h.due) if is_iso_date(h.due) else h.due
                    # 「次回まで」 as typed keeps its own まで
                    parts.append(due if due.endswith("まで") else t("rules.summary_due", due=due))
                lines.append(t("rules.summary_item_detail", text=h.text, details=t("rules.summary_separator").join(parts))
                             if parts else t("rules.summary_item", text=h.text))
        nm = s.next_meeting
        if nm.date:
            when = dates.format_date(nm.date) + (t("rules.summary_next_time", time=nm.start_time) if nm.start_time else "")
            where = t("rules.summary_next_place", place=nm.place) if nm.place else ""
            lines.append(t("rules.summary_next", when=when, where=where))
        else:
            lines.append(t("rules.summary_no_next"))
        lines.append(t("rules.summary_thanks"))
        return "\n".join(lines)


__all__ = [
    "HOMEWORK_STATUS_LABELS",
    "KIND_LABELS",
    "STATUS_LABELS",
    "Meeting",
    "RuleError",
    "TimerState",
    "format_clock",
    "timer_state",
]
