"""An edit form that outlived its item: the item was deleted in another window (its save came in,
``adopting``) while the form was open here. What was typed is not thrown away: on 決定 the item
goes back at its old place — its tombstone forgotten, as an undo of the deletion does, so the
merge keeps it in every window — and the form's values are then written to it as usual; the
window says so, and its undo takes it out again. The same rule for ideas, issues, questions,
hand-offs and homework (the board's cards: ``facilitator.board``'s ``restore``)."""

from __future__ import annotations

from typing import Any

from facilitator.meeting.agenda import AgendaRules
from facilitator.meeting.core import COLLECTION, RuleError
from facilitator.meeting.homework import HomeworkRules
from facilitator.meeting.ideas import IdeaRules
from facilitator.model import find


class OutlivedRules(AgendaRules, IdeaRules, HomeworkRules):
    def bring_back(self, what: str, item: Any, index: int) -> bool:
        """``item`` (an idea, issue, question, handoff or homework, as the form opened on it) back
        at ``index`` if it is gone from the session; True if it was. A hand-off whose ideas can
        no longer be handed off comes back all the same, its ideas as they are now."""
        items = getattr(self.session, COLLECTION[what])
        if find(items, item.id) is not None:
            return False
        if what == "idea":
            self.restore_idea(index, item)
        elif what == "issue":
            self.restore_issue(index, item, [])
        elif what == "question":
            self.restore_question(index, item)
        elif what == "homework":
            self.restore_homework(index, item)
        else:
            try:
                self.restore_handoff(index, item)
            except RuleError:
                self._restore(items, index, item, what)
        return True

    def take_back(self, what: str, item_id: str) -> None:
        """Undo ``bring_back``: the item deleted again (a tombstone, as any deletion); nothing if
        it is gone already or can't be deleted now (a handed idea)."""
        remove = {"idea": self.delete_idea, "issue": self.delete_issue, "question": self.delete_question,
                  "handoff": self.cancel_handoff, "homework": self.delete_homework}[what]
        if find(getattr(self.session, COLLECTION[what]), item_id) is None:
            return
        try:
            remove(item_id)
        except RuleError:
            pass
