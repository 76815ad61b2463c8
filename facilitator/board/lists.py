"""ListRules: the categories, 意味づけ and departments a body chooses from, and its own additions."""

from __future__ import annotations

from collections.abc import Iterable

from facilitator.board.core import BoardCore
from facilitator.board.words import CATEGORIES, MEANINGS, OTHER, category_label, meaning_label
from facilitator.i18n import t
from facilitator.meeting import RuleError
from facilitator.model import Board
from facilitator.text import clean_line, normalize

# Extra fields of the board (the session format allows added fields), carried over with it.
OWN_CATEGORIES = "categories"  # on the board: the body's own categories
OWN_MEANINGS = "meanings"  # on the board: the body's own 意味づけ


def distinct(values: Iterable[str]) -> list[str]:
    """The values as one line each, in order, each once (compared normalised), empty ones left out."""
    seen: set[str] = set()
    out: list[str] = []
    for v in values:
        v = clean_line(v)
        key = normalize(v)
        if v and key not in seen:
            seen.add(key)
            out.append(v)
    return out


def _own_list(board: Board, key: str) -> list[str]:
    raw = board.extra.get(key)
    return [v for v in raw if isinstance(v, str)] if isinstance(raw, list) else []


def categories(board: Board) -> list[str]:
    """The categories to choose from: the fixed ones, the body's own before その他, then any
    other category found on a card (hand-written files)."""
    fixed = [c for c in CATEGORIES if c != OTHER]
    own = _own_list(board, OWN_CATEGORIES)
    used = [i.category for i in board.items if i.category]
    return distinct([*fixed, *own, *used, OTHER])


def meanings(board: Board) -> list[str]:
    """The 意味づけ to choose from: the fixed ones, the body's own, any found on a card."""
    own = _own_list(board, OWN_MEANINGS)
    used = [m for i in board.items for m in i.meanings]
    return distinct([*MEANINGS, *own, *used])


def category_rank(board: Board) -> dict[str, int]:
    return {normalize(c): n for n, c in enumerate(categories(board))}


class ListRules(BoardCore):
    """What a body chooses from, and the words it adds to its own lists."""

    # -- to choose from -----------------------------------------------------------------------
    def categories(self) -> list[str]:
        return categories(self.board)

    def meanings(self) -> list[str]:
        return meanings(self.board)

    def departments(self) -> list[str]:
        """Departments already named (on cards, then on 行政への要望 ideas), to choose from."""
        return distinct([*(i.department or "" for i in self.items), *(i.department or "" for i in self.session.ideas)])

    # -- lists the body extends ---------------------------------------------------------------
    def add_category(self, name: str) -> str:
        """Add one of the body's own categories (no-op if it is already there). The name used."""
        return self._add_own(OWN_CATEGORIES, name, self.categories())

    def add_meaning(self, name: str) -> str:
        return self._add_own(OWN_MEANINGS, name, self.meanings())

    def _add_own(self, key: str, name: str, known: list[str]) -> str:
        name = clean_line(name)
        is_category = key == OWN_CATEGORIES
        if not name:
            raise RuleError(t("board_rules.empty_category") if is_category else t("board_rules.empty_meaning"))
        fixed = CATEGORIES if is_category else MEANINGS
        label = category_label if is_category else meaning_label
        wanted = normalize(name)
        # A fixed word typed as it is shown in the UI language (「Food」) is that word (食べ物).
        match = next((k for k in known if normalize(k) == wanted), None) or next(
            (k for k in fixed if normalize(label(k)) == wanted), None)
        own = _own_list(self.board, key)
        if match is not None and (match in fixed or any(normalize(o) == normalize(match) for o in own)):
            return match
        # New, or known only from a card: remember it as the body's own (it stays in the list
        # even when that card goes, and carries over with the board).
        value = match or name
        self.board.extra[key] = [*own, value]
        self._changed()
        return value
