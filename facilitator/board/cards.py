"""CardRules: cards counted, written, edited, classified and sorted; the board's vision line."""

from __future__ import annotations

from collections.abc import Iterable

from facilitator.board.lists import ListRules, distinct
from facilitator.board.words import COLUMNS
from facilitator.i18n import t
from facilitator.ids import new_item_id
from facilitator.meeting import RuleError
from facilitator.model import BoardItem, Session
from facilitator.text import clean_line


def is_new(item: BoardItem, session: Session) -> bool:
    """A card is new when it first appeared in this session."""
    return item.since == session.id


class CardRules(ListRules):
    """The cards themselves, and the vision the board is written towards."""

    # -- reading ------------------------------------------------------------------------------
    def column(self, column: str) -> list[BoardItem]:
        return [i for i in self.items if i.column == column]

    def counts(self) -> dict[str, int]:
        """Cards per column, and ``new`` (written down in this session)."""
        out = {c: 0 for c in COLUMNS}
        out["new"] = 0
        sid = self.session.id
        for i in self.items:
            out[i.column] = out.get(i.column, 0) + 1
            if i.since == sid:
                out["new"] += 1
        return out

    def is_new(self, item: BoardItem) -> bool:
        return is_new(item, self.session)

    # -- the vision -------------------------------------------------------------------------------
    def set_vision(self, text: str) -> bool:
        """The わがまちビジョン, one line. True if it changed."""
        text = clean_line(text)
        if self.board.vision == text:
            return False
        self.board.vision = text
        self._changed()
        return True

    # -- cards ----------------------------------------------------------------------------------
    def add(self, text: str, column: str = "have", *, category: str | None = None) -> BoardItem:
        """A new card at the end of ``column``; it is new this time (since = this session)."""
        text = self._text(text)
        self._check_column(column)
        item = BoardItem(id=new_item_id("card"), column=column, text=text,  # type: ignore[arg-type]
                         since=self.session.id)
        if category:
            item.category = self.add_category(category)
        self.items.append(item)
        self._changed()
        return item

    def set_text(self, item_id: str, text: str) -> BoardItem:
        item = self.get(item_id)
        text = self._text(text)
        if item.text != text:
            item.text = text
            self._changed()
        return item

    def set_category(self, item_id: str, category: str | None) -> BoardItem:
        """A category from the list, or a new one (added to the body's own list); None clears."""
        item = self.get(item_id)
        value = self.add_category(category) if category and clean_line(category) else None
        if item.category != value:
            item.category = value
            self._changed()
        return item

    def set_meanings(self, item_id: str, values: Iterable[str]) -> BoardItem:
        """意味づけ of an あるもの card; new words join the body's own list."""
        item = self.get(item_id)
        chosen = distinct(values)
        if chosen and item.column != "have":
            raise RuleError(t("board_rules.meanings_have_only"))
        chosen = [self.add_meaning(v) for v in chosen]
        if item.meanings != chosen:
            item.meanings = chosen
            self._changed()
        return item

    def sort_lack(self, item_id: str, solvable: str | None, department: str | None = None) -> BoardItem:
        """Sort a ないもの card: "ourselves", "municipality" (with the department it goes to), or
        None (not sorted yet). Only a municipality card keeps a department."""
        item = self.get(item_id)
        if item.column != "lack":
            raise RuleError(t("board_rules.sort_lack_only"))
        if solvable not in (None, "ourselves", "municipality"):
            raise RuleError(t("board_rules.bad_sorting", value=repr(solvable)))
        dept = (clean_line(department or "") or None) if solvable == "municipality" else None
        if item.solvable != solvable or item.department != dept:
            item.solvable = solvable  # type: ignore[assignment]
            item.department = dept
            self._changed()
        return item
