"""MoveRules: a card moved to another column or deleted, with what puts either back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from facilitator.board.core import BoardCore
from facilitator.i18n import t
from facilitator.merge.bookkeeping import CARDS, bury, forget_tombstone
from facilitator.model import BoardItem, find


@dataclass(frozen=True)
class Removed:
    """A deleted card, where it was, and the links that pointed to it (for ``restore``)."""

    index: int
    item: BoardItem
    links: tuple[tuple[str, int], ...]  # (やりくり card id, position in its links)


@dataclass(frozen=True)
class Moved:
    """A move and everything it dropped (for ``undo_move``)."""

    item_id: str
    index: int
    column: str
    meanings: tuple[str, ...]
    solvable: str | None
    department: str | None
    own_links: tuple[str, ...]
    links: tuple[tuple[str, int], ...]  # links to this card removed from やりくり cards

    @property
    def dropped(self) -> list[str]:
        """What the move took off, in words: ["意味づけ", "組み合わせ"]."""
        out = []
        if self.meanings:
            out.append(t("board_rules.dropped_meanings"))
        if self.solvable or self.department:
            out.append(t("board_rules.dropped_sorting"))
        if self.own_links or self.links:
            out.append(t("board_rules.dropped_links"))
        return out


class MoveRules(BoardCore):
    """Moving drops what no longer applies in the new column; deleting drops the links to the card.
    ``undo_move`` and ``restore`` put all of it back."""

    # -- moving -------------------------------------------------------------------------------
    def move(self, item_id: str, column: str) -> Moved | None:
        """Move a card to the end of ``column``; None if it is already there."""
        self._check_column(column)
        item = self.get(item_id)
        if item.column == column:
            return None
        index = self.items.index(item)
        moved = Moved(
            item_id=item.id,
            index=index,
            column=item.column,
            meanings=tuple(item.meanings),
            solvable=item.solvable,
            department=item.department,
            own_links=tuple(item.links),
            links=self._unlink(item.id),
        )
        item.column = column  # type: ignore[assignment]
        if column != "have":
            item.meanings = []
        if column != "lack":
            item.solvable = None
            item.department = None
        if column != "makeshift":
            item.links = []
        del self.items[index]
        self.items.append(item)
        self._changed()
        return moved

    def undo_move(self, moved: Moved) -> BoardItem | None:
        item = find(self.items, moved.item_id)
        if item is None:
            return None
        self.items.remove(item)
        self.items.insert(min(moved.index, len(self.items)), item)
        item.column = moved.column  # type: ignore[assignment]
        item.meanings = list(moved.meanings)
        item.solvable = moved.solvable  # type: ignore[assignment]
        item.department = moved.department
        item.links = list(moved.own_links)
        self._relink(item.id, moved.links)
        self._changed()
        return item

    # -- deleting -------------------------------------------------------------------------------
    def delete(self, item_id: str) -> Removed:
        """Remove a card and the links to it (``restore`` puts both back)."""
        item = self.get(item_id)
        index = self.items.index(item)
        links = self._unlink(item_id)
        del self.items[index]
        bury(self.session, CARDS, item_id)
        self._changed()
        return Removed(index, item, links)

    def restore(self, removed: Removed) -> BoardItem:
        if find(self.items, removed.item.id) is None:
            forget_tombstone(self.session, CARDS, removed.item.id)
            self.items.insert(min(max(removed.index, 0), len(self.items)), removed.item)
        self._relink(removed.item.id, removed.links)
        self._changed()
        return removed.item

    def bring_back(self, item: BoardItem, index: int) -> bool:
        """A card an edit form outlived (deleted in another window while the form was open):
        back at ``index`` so the form's values can be written to it; True if it was gone
        (facilitator/meeting/outlived.py says the same for the meeting's items)."""
        if find(self.items, item.id) is not None:
            return False
        self.restore(Removed(index, item, ()))
        return True

    def take_back(self, item_id: str) -> str | None:
        """Undo ``bring_back``: the card deleted again, if it is still there."""
        if find(self.items, item_id) is not None:
            self.delete(item_id)
        return None

    # -- links to a card taken off and put back ----------------------------------------------------
    def _unlink(self, item_id: str) -> tuple[tuple[str, int], ...]:
        removed: list[tuple[str, int]] = []
        for other in self.items:
            if item_id in other.links:
                pos = other.links.index(item_id)
                other.links = [r for r in other.links if r != item_id]
                removed.append((other.id, pos))
        return tuple(removed)

    def _relink(self, item_id: str, links: Iterable[tuple[str, int]]) -> None:
        for other_id, pos in links:
            other = find(self.items, other_id)
            if other is not None and item_id not in other.links:
                other.links.insert(min(pos, len(other.links)), item_id)
