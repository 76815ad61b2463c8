"""Ideas (アイデア) and hand-offs: an idea's kind (自分たちで / 行政への要望 / unsorted), its
interest marks, its grouping by issue; which ideas may be entrusted to the SC, and a hand-off
made, edited, taken back and put back; the requests for the town office."""

from __future__ import annotations

from typing import Literal

from facilitator.i18n import Labels, t
from facilitator.ids import new_item_id
from facilitator.meeting.core import MeetingCore, RuleError
from facilitator.meeting.fields import due_date, optional, required, short
from facilitator.model import IDEA_KINDS, Handoff, Idea, Issue, Session, find

# Labels in the UI language, read when used (facilitator/i18n.py).
KIND_LABELS = Labels({"self": "labels.kind.self", "request": "labels.kind.request",
                      "unsorted": "labels.kind.unsorted"})
STATUS_LABELS = Labels({"open": "labels.idea_status.open", "handed": "labels.idea_status.handed",
                        "homework": "labels.idea_status.homework"})


def request_ideas(session: Session) -> list[Idea]:
    """行政への要望: the request ideas, for the town-office list."""
    return [i for i in session.ideas if i.kind == "request"]


class IdeaRules(MeetingCore):
    """Ideas and their hand-offs to the SC."""

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
        self._restore(self.session.ideas, index, idea, "idea")

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
        self._restore(self.session.handoffs, index, handoff, "handoff")

    def requests(self) -> list[Idea]:
        """行政への要望: the request ideas, for the town-office list."""
        return request_ideas(self.session)
