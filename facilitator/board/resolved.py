"""A ないもの card recorded as 解決 (made up for, or taken on by 役場): ``resolved_in`` names the
session where the body recorded it. The card stays on the board, marked, and carries over with it
(the report counts it in the 年度 of that session: docs/report.md)."""

from __future__ import annotations

from facilitator.board.core import BoardCore
from facilitator.i18n import t
from facilitator.meeting import RuleError
from facilitator.model import BoardItem


def is_resolved(item: BoardItem) -> bool:
    return item.column == "lack" and bool(item.resolved_in)


class ResolvedRules(BoardCore):
    def toggle_resolved(self, item_id: str) -> BoardItem:
        """解決 in this session, or, for a card marked so already, not resolved any more."""
        item = self.get(item_id)
        if item.column != "lack":
            raise RuleError(t("board_rules.resolve_lack_only"))
        item.resolved_in = None if item.resolved_in else self.session.id
        self._changed()
        return item
