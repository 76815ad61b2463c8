"""Cards grouped as the board shows them: by category, and ないもの cards by their sorting."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from facilitator.board.lists import category_rank
from facilitator.model import Board, BoardItem
from facilitator.text import clean_line, normalize


def group_by_category(board: Board, items: Iterable[BoardItem]) -> list[tuple[str | None, list[BoardItem]]]:
    """Cards grouped by category in the category list's order; cards without one last (None).
    Within a group the cards keep their order."""
    rank = category_rank(board)
    groups: dict[str | None, list[BoardItem]] = {}
    names: dict[str | None, str | None] = {None: None}
    for item in items:
        cat = clean_line(item.category or "") or None
        key = normalize(cat) if cat else None
        groups.setdefault(key, []).append(item)
        names.setdefault(key, cat)

    def order(key: str | None) -> tuple[int, int]:
        if key is None:
            return (2, 0)
        return (0, rank[key]) if key in rank else (1, 0)

    return [(names[k], groups[k]) for k in sorted(groups, key=order)]


LackGroup = Literal["ourselves", "municipality", "unsorted"]
LACK_GROUPS: tuple[LackGroup, ...] = ("ourselves", "municipality", "unsorted")


def group_lack(items: Iterable[BoardItem]) -> list[tuple[LackGroup, list[BoardItem]]]:
    """ないもの cards sorted as on paper: 自分たちでなんとかできそう, 自分たちでは何ともならない
    (役場へ), then the ones not sorted yet. Empty groups are left out."""
    groups: dict[LackGroup, list[BoardItem]] = {g: [] for g in LACK_GROUPS}
    for item in items:
        groups[item.solvable or "unsorted"].append(item)  # type: ignore[index]
    return [(g, groups[g]) for g in LACK_GROUPS if groups[g]]
