"""Homework (宿題・継続協議): items added, edited, closed (done / dropped with a reason), deleted
and put back; the leftover ideas that become homework at close; homework carried in from the
previous session."""

from __future__ import annotations

from typing import Literal

from facilitator.i18n import Labels, t
from facilitator.ids import new_item_id
from facilitator.meeting.core import MeetingCore, RuleError
from facilitator.meeting.fields import due_date, optional, required
from facilitator.model import Homework, Idea, find

# Labels in the UI language, read when used (facilitator/i18n.py).
HOMEWORK_STATUS_LABELS = Labels({"open": "labels.homework_status.open", "done": "labels.homework_status.done",
                                 "dropped": "labels.homework_status.dropped"})


class HomeworkRules(MeetingCore):
    """Homework, and the rule for which ideas are left over at close."""

    # -- leftover ideas --------------------------------------------------------------------
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

    def undo_leftovers_to_homework(self, made: list[Homework]) -> int:
        """Take back what ``leftovers_to_homework`` made (its one-key undo): each homework item it
        made is removed (a tombstone, as a deletion) and its idea is open again. An item since
        edited, closed or deleted stays as it is, and so does its idea. Returns how many came back."""
        back = 0
        for hw in made:
            current = find(self.session.homework, hw.id)
            if current is None or current.status != "open":
                continue
            idea = find(self.session.ideas, hw.idea_id) if hw.idea_id else None
            self._remove(self.session.homework, hw.id, "homework")
            if idea is not None and idea.status == "homework":
                idea.status = "open"
            back += 1
        if back:
            self._changed()
        return back

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
        self._restore(self.session.homework, index, hw, "homework")
        if hw.idea_id:
            idea = find(self.session.ideas, hw.idea_id)
            if idea is not None and idea.status == "open":
                idea.status = "homework"

    def carried_homework(self) -> list[Homework]:
        """Homework brought in from the previous session (shown in 前回の振り返り)."""
        return [h for h in self.session.homework if h.from_session]
