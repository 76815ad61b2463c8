"""IntoMeetingRules: a ないもの card made homework or an idea of the session, once each."""

from __future__ import annotations

from facilitator.board.core import BoardCore
from facilitator.board.words import department_label
from facilitator.i18n import t
from facilitator.meeting import RuleError
from facilitator.meeting.fields import short
from facilitator.model import BoardItem, Homework, Idea, find

# Extra fields of a card (the session format allows added fields): what was made from it.
HOMEWORK_ID = "homework_id"  # on a card: the homework made from it
IDEA_ID = "idea_id"  # on a card: the idea made from it


class IntoMeetingRules(BoardCore):
    """A ないもの card becomes homework or an idea; the card remembers which, so not twice."""

    # -- what a card was made into ----------------------------------------------------------------
    def homework_of(self, item: BoardItem) -> Homework | None:
        ref = item.extra.get(HOMEWORK_ID)
        return find(self.session.homework, ref) if isinstance(ref, str) else None

    def idea_of(self, item: BoardItem) -> Idea | None:
        ref = item.extra.get(IDEA_ID)
        return find(self.session.ideas, ref) if isinstance(ref, str) else None

    # -- into the meeting ------------------------------------------------------------------------
    def to_homework(self, item_id: str, *, owner: str | None = None, due: str | None = None) -> Homework:
        """A ないもの card becomes a homework item (継続協議) of this session."""
        item = self._lack_for(t("board_rules.homework_lack_only"), item_id)
        if self.homework_of(item) is not None:
            raise RuleError(t("board_rules.already_homework", text=short(item.text)))
        hw = self.meeting.add_homework(self._from_card_text(item), owner=owner, due=due)
        item.extra[HOMEWORK_ID] = hw.id
        self._changed()
        return hw

    def to_idea(self, item_id: str, *, author: str | None = None) -> Idea:
        """A ないもの card becomes an idea of this session: 自分たちでできる when sorted so, 行政への
        要望 (with the department) when it goes to the town office, else 未分類."""
        item = self._lack_for(t("board_rules.idea_lack_only"), item_id)
        if self.idea_of(item) is not None:
            raise RuleError(t("board_rules.already_idea", text=short(item.text)))
        kind = {"ourselves": "self", "municipality": "request"}.get(item.solvable or "", "unsorted")
        idea = self.meeting.add_idea(
            self._from_card_text(item),
            kind=kind,
            author=author,
            department=item.department if kind == "request" else None,
        )
        item.extra[IDEA_ID] = idea.id
        self._changed()
        return idea

    # -- helpers ----------------------------------------------------------------------------------
    def _lack_for(self, refusal: str, item_id: str) -> BoardItem:
        item = self.get(item_id)
        if item.column != "lack":
            raise RuleError(refusal)
        return item

    def _from_card_text(self, item: BoardItem) -> str:
        if item.solvable == "municipality":
            return t("board_rules.card_to_office", text=item.text, department=department_label(item.department))
        return item.text
