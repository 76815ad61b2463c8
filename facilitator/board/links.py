"""LinkRules: a やりくり card pairs one or more あるもの cards with at most one ないもの card."""

from __future__ import annotations

from collections.abc import Iterable

from facilitator.board.core import BoardCore
from facilitator.i18n import t
from facilitator.meeting import RuleError
from facilitator.meeting.fields import short
from facilitator.model import BoardItem, find


class LinkRules(BoardCore):
    """A やりくり card's links, the cards they point to, and what a pairing still lacks."""

    def linked(self, item: BoardItem) -> tuple[list[BoardItem], BoardItem | None]:
        """A やりくり card's あるもの cards and its ないもの card (dangling links skipped)."""
        haves: list[BoardItem] = []
        lack: BoardItem | None = None
        for ref in item.links:
            other = find(self.items, ref)
            if other is None:
                continue
            if other.column == "have":
                haves.append(other)
            elif other.column == "lack" and lack is None:
                lack = other
        return haves, lack

    def used_in(self, item: BoardItem) -> list[BoardItem]:
        """The やりくり cards that link to ``item``."""
        return [m for m in self.items if m.column == "makeshift" and item.id in m.links]

    def set_links(self, item_id: str, have_ids: Iterable[str], lack_id: str | None) -> BoardItem:
        """A やりくり card pairs one or more あるもの cards with one ないもの card."""
        item = self.get(item_id)
        if item.column != "makeshift":
            raise RuleError(t("board_rules.links_makeshift_only"))
        haves: list[str] = []
        for ref in have_ids:
            other = self.get(ref)
            if other.column != "have":
                raise RuleError(t("board_rules.not_have", text=short(other.text)))
            if ref not in haves:
                haves.append(ref)
        links = list(haves)
        if lack_id is not None:
            other = self.get(lack_id)
            if other.column != "lack":
                raise RuleError(t("board_rules.not_lack", text=short(other.text)))
            links.append(lack_id)
        if item.links != links:
            item.links = links
            self._changed()
        return item

    def link_problem(self, item: BoardItem) -> str | None:
        """What a やりくり card still lacks to be a pairing, or None."""
        if item.column != "makeshift":
            return None
        haves, lack = self.linked(item)
        if not haves and lack is None:
            return t("board_rules.problem_both")
        if not haves:
            return t("board_rules.problem_have")
        if lack is None:
            return t("board_rules.problem_lack")
        return None
