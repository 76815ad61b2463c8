"""A list's rows as one escaped text, for the Markdown and HTML reports: a year's lists hold
hundreds of thousands of cells, and escaping the rows joined into one text is one call (in C)
where escaping each cell is one Python call per cell.

Joining first is exact when the escape works on each character, or on a run that a separator
cannot be part of (``html.escape``; Markdown's backslashes, and its ``&`` escaped only before an
entity, whose letters, digits and ``;`` are never a separator): escaping the joined text is then
the same as escaping each cell and joining. The separators are the ASCII unit and record
separators, which user text shown in the report never holds (``counting.line`` removes control
characters); a row that holds one anyway is found by counting them, and the rows are then
escaped cell by cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

CELL = "\x1f"  # between the cells of a row (ASCII unit separator)
ROW = "\x1e"  # between rows (ASCII record separator)

Rows = Sequence[tuple[str, ...]]  # the body's name, then the cells, as in figures.DetailList


def escaped_rows(rows: Rows, escape: Callable[[str], str], cell: str, row: str, empty: str = "") -> str:
    """Every row's cells escaped, joined by ``cell``; the rows joined by ``row``. An empty cell
    is written as ``empty`` (``escape(empty)`` must be ``empty``)."""
    if empty:
        lines = [CELL.join([c or empty for c in r]) for r in rows]
    else:
        lines = list(map(CELL.join, rows))
    text = ROW.join(lines)
    if text.count(CELL) != sum(map(len, rows)) - len(rows) or text.count(ROW) != max(len(rows) - 1, 0):
        return _cell_by_cell(rows, escape, cell, row, empty)  # a separator in a cell
    return escape(text).replace(CELL, cell).replace(ROW, row)


def _cell_by_cell(rows: Rows, escape: Callable[[str], str], cell: str, row: str, empty: str) -> str:
    return row.join(cell.join(escape(c) or empty for c in r) for r in rows)
