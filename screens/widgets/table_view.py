"""A virtualised one-line-per-row table: a fixed header line, group rows, a cursor, fast updates.

Built for lists that change on every keystroke (search as you type over 1,000 sessions):
``set_rows`` only stores the rows and recomputes column widths from cached cell widths; only the
visible lines are rendered (Textual's line API). DataTable re-measures every row on each rebuild,
which costs hundreds of milliseconds at 1,000 rows.

Cells are rich ``Text`` built by the caller from user text (never markup). A row with
``span=True`` (a group heading, a warning) draws its first cell across the whole width. Rows
without a key are not selectable. Row styles are component classes named in the row
(``table-view--group``, ``table-view--warning`` …), so colours live in the stylesheet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import zip_longest

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Click, Resize
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from facilitator.i18n import t
from screens.ui_text import fold_cells

GAP = 2  # cells between columns


@dataclass(frozen=True)
class Column:
    label: str
    width: int | None = None  # None: as wide as the content (at most max_width); "flex" takes the rest
    flex: bool = False
    align: str = "left"  # "left" | "right"
    max_width: int = 40
    min_width: int = 8  # the flexible column: what it keeps however narrow the table
    # The least important columns: squeezed to this many cells (0: left out) before the flexible
    # column goes under its min_width; what they hold must be shown elsewhere. None: never.
    squeeze_to: int | None = None


class TableRow:
    """One line of the table. ``cells`` may be given as ``make`` (a function returning them) with
    their ``widths``: the cells are then built only when the row is first drawn (a home screen
    of 1,000 sessions draws ~30 of them)."""

    __slots__ = ("key", "style", "span", "widths", "_cells", "_make")

    def __init__(self, key: str | None, cells: tuple[Text, ...] = (), style: str = "", span: bool = False,
                 *, widths: tuple[int, ...] = (), make: Callable[[], tuple[Text, ...]] | None = None) -> None:
        self.key = key  # None: not selectable
        self.style = style  # a component class, e.g. "table-view--group"
        self.span = span  # the first cell across the whole width
        self._cells: tuple[Text, ...] | None = None if make is not None else cells
        self._make = make
        self.widths = widths or tuple(cell_len(c.plain) for c in self.cells)

    @property
    def cells(self) -> tuple[Text, ...]:
        if self._cells is None:
            assert self._make is not None
            self._cells, self._make = self._make(), None
        return self._cells

    def __repr__(self) -> str:
        return f"TableRow({self.key!r}, {self.cells!r}, style={self.style!r}, span={self.span!r})"


class TableView(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "table-view--header",
        "table-view--cursor",
        "table-view--group",
        "table-view--warning",
        "table-view--overdue",
        "table-view--muted",
        "table-view--empty",
    }
    BINDINGS = [
        Binding("up", "cursor_up", t("common.up"), show=False),
        Binding("down", "cursor_down", t("common.down"), show=False),
        Binding("pageup", "page_up", t("common.page_up"), show=False),
        Binding("pagedown", "page_down", t("common.page_down"), show=False),
        Binding("home", "cursor_first", t("common.first"), show=False),
        Binding("end", "cursor_last", t("common.last"), show=False),
        Binding("enter", "select", t("common.open"), show=False),
    ]

    class Highlighted(Message):
        def __init__(self, table: "TableView", key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> "TableView":
            return self.table

    class Selected(Highlighted):
        """Enter or a double click on a selectable row."""

    def __init__(self, columns: list[Column], empty_text: str = "", *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.columns = list(columns)
        self.empty_text = empty_text
        self._rows: list[TableRow] = []
        self._selectable: list[int] = []
        self._index_of_key: dict[str, int] = {}
        self._widths: list[int] = [cell_len(c.label) for c in columns]
        self._natural = list(self._widths)  # as measured, before the fit to the width
        # id(row) -> (row, width, strip): kept across set_rows, so rows that stay are not re-rendered
        self._cache: dict[int, tuple[TableRow, int, Strip]] = {}
        self.cursor = -1
        self.version = 0  # bumped by every set_rows (tests and benchmarks wait on it)

    # -- data -------------------------------------------------------------------------------
    @property
    def rows(self) -> list[TableRow]:
        return self._rows

    @property
    def cursor_key(self) -> str | None:
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor].key
        return None

    def set_rows(self, rows: list[TableRow], *, keep: str | None = None) -> None:
        """Replace the rows; the cursor stays on ``keep`` (else the key it was on, else the first
        selectable row)."""
        keep = keep if keep is not None else self.cursor_key
        self._rows = rows
        self._selectable = [i for i, r in enumerate(rows) if r.key is not None]
        self._index_of_key = {rows[i].key: i for i in self._selectable}  # type: ignore[misc]
        old_widths = list(self._widths)
        self._measure()
        if self._widths != old_widths or len(self._cache) > 4 * len(rows) + 256:
            self._cache.clear()
        self.version += 1
        self.virtual_size = Size(self._total_width(), len(rows) + 1)
        target = self._index_of_key.get(keep) if keep is not None else None
        if target is None:
            target = self._selectable[0] if self._selectable else -1
        self._set_cursor(target, force=True)
        self.refresh()

    def select_key(self, key: str) -> None:
        index = self._index_of_key.get(key)
        if index is not None:
            self._set_cursor(index)

    # -- layout -------------------------------------------------------------------------------
    def _measure(self) -> None:
        widths = [cell_len(c.label) for c in self.columns]
        # Column by column in C (zip, max): 1,000 rows are measured on every search keystroke.
        measured = zip_longest(*(row.widths for row in self._rows if not row.span), fillvalue=0)
        for i, column in zip(range(len(widths)), measured):
            widths[i] = max(widths[i], *column)
        for i, c in enumerate(self.columns):
            if c.width is not None:
                widths[i] = c.width
            elif not c.flex:
                widths[i] = min(widths[i], c.max_width)
        self._natural = widths
        self._fit()

    def _fit(self) -> None:
        """Give the flexible column what the others leave of the visible width."""
        width = self.size.width
        if self.size.height and len(self._rows) + 1 > self.size.height:  # the vertical scrollbar takes its cells, even
            width -= self.styles.scrollbar_size_vertical  # before it is shown (no resize follows)
        widths = list(self._natural)
        gaps = GAP * (len(self.columns) - 1) + 2  # a space at each edge
        flex_min = max((c.min_width for c in self.columns if c.flex), default=0)
        short = flex_min - (width - sum(w for w, c in zip(widths, self.columns) if not c.flex) - gaps)
        for i, c in enumerate(self.columns):  # the flexible column short of its minimum: squeeze
            if short > 0 and c.squeeze_to is not None and widths[i] > c.squeeze_to:
                short -= widths[i] - c.squeeze_to  # all the way: 「202…」 tells nobody anything
                widths[i] = c.squeeze_to
        fixed = sum(w for w, c in zip(widths, self.columns) if not c.flex)
        gaps -= GAP * sum(1 for w, c in zip(widths, self.columns) if not w and c.squeeze_to == 0)
        for i, c in enumerate(self.columns):
            if c.flex:
                widths[i] = max(c.min_width, width - fixed - gaps)
        self._widths = widths

    def _total_width(self) -> int:
        return 2 + sum(self._widths) + GAP * (sum(1 for w in self._widths if w) - 1)

    def on_resize(self, event: Resize) -> None:
        self._fit()
        self._cache.clear()
        self.virtual_size = Size(self._total_width(), len(self._rows) + 1)
        if self.cursor >= 0:
            self._scroll_to_row(self.cursor)
        self.refresh()

    # -- rendering ---------------------------------------------------------------------------
    def _cells_text(self, cells: tuple[Text, ...]) -> Text:
        line = Text(" ", no_wrap=True, end="")
        for i, (cell, width) in enumerate(zip(cells, self._widths)):
            if not width:  # a column squeezed out (Column.squeeze_to=0): nor its gap, nor a 「…」
                continue
            if i:
                line.append(" " * GAP)
            piece = cell.copy()
            piece.no_wrap = True
            piece.end = ""
            if self.columns[i].align == "right":
                piece.truncate(width, overflow="ellipsis")
                piece.pad_left(width - cell_len(piece.plain))
            else:
                piece.truncate(width, overflow="ellipsis", pad=True)
            line.append_text(piece)
        return line

    def _strip(self, index: int) -> Strip:
        width = self._total_width()
        row = self._rows[index]
        cached = self._cache.get(id(row))
        if cached is not None and cached[0] is row and cached[1] == width:
            return cached[2]
        if row.span:
            text = Text(" ", no_wrap=True, end="")
            text.append_text(row.cells[0].copy() if row.cells else Text())
            text.truncate(width, overflow="ellipsis", pad=True)
        else:
            text = self._cells_text(row.cells)
        strip = Strip(list(text.render(self.app.console))).extend_cell_length(width)
        self._cache[id(row)] = (row, width, strip)
        return strip

    def _header_strip(self) -> Strip:
        cells = tuple(Text(c.label) for c in self.columns)
        return Strip(list(self._cells_text(cells).render(self.app.console))).extend_cell_length(self._total_width())

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()  # the strips hold the styles of before (a theme or class change)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("table-view--header")
            return self._header_strip().apply_style(style).crop(scroll_x, scroll_x + width).extend_cell_length(
                width, style)
        index = scroll_y + y - 1
        if not self._rows:
            # The empty list's message folded with 禁則 on as many lines as it needs, never cut at
            # the right edge (「（デモは uv run kyogitai demo」 at 80×24).
            lines = fold_cells(Text(self.empty_text), max(4, width - 2)).split("\n") if self.empty_text else []
            if 1 <= y <= len(lines):
                style = base + self.get_component_rich_style("table-view--empty")
                line = Text(" ", style=style, no_wrap=True, end="") + lines[y - 1]
                line.stylize(style)
                return Strip(list(line.render(self.app.console))).extend_cell_length(width, base).crop(0, width)
            return Strip.blank(width, base)
        if index >= len(self._rows):
            return Strip.blank(width, base)
        row = self._rows[index]
        style: Style = base
        if row.style:
            style = style + self.get_component_rich_style(row.style)
        strip = self._strip(index).apply_style(style)
        if index == self.cursor:
            # After the other styles (a pre-style would lose to the widget's background).
            cursor = self.get_component_rich_style("table-view--cursor")
            style = style + cursor
            strip = Strip(Segment.apply_style(iter(strip), post_style=cursor), strip.cell_length)
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, style)

    # -- cursor -------------------------------------------------------------------------------
    def _set_cursor(self, index: int, *, force: bool = False) -> None:
        changed = index != self.cursor
        self.cursor = index
        if index >= 0:
            self._scroll_to_row(index)
        self.refresh()
        if changed or force:
            self.post_message(self.Highlighted(self, self.cursor_key))

    def _scroll_to_row(self, index: int) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = index
        # Keep a group heading right above the row in view too.
        if index > 0 and self._rows[index - 1].key is None:
            top = index - 1
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif index >= self.scroll_y + visible:
            self.scroll_to(y=index - visible + 1, animate=False, immediate=True)

    def _rank(self) -> int:
        from bisect import bisect_left

        return bisect_left(self._selectable, self.cursor) if self._selectable else 0

    def _move(self, delta: int) -> None:
        if not self._selectable:
            return
        if self.cursor < 0:
            self._set_cursor(self._selectable[0])
            return
        rank = min(max(self._rank() + delta, 0), len(self._selectable) - 1)
        self._set_cursor(self._selectable[rank])

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_page_up(self) -> None:
        self._move(-max(1, self.scrollable_content_region.height - 2))

    def action_page_down(self) -> None:
        self._move(max(1, self.scrollable_content_region.height - 2))

    def action_cursor_first(self) -> None:
        if self._selectable:
            self._set_cursor(self._selectable[0])

    def action_cursor_last(self) -> None:
        if self._selectable:
            self._set_cursor(self._selectable[-1])

    def action_select(self) -> None:
        if self.cursor_key is not None:
            self.post_message(self.Selected(self, self.cursor_key))

    def on_click(self, event: Click) -> None:
        self.focus()
        if event.y < 1:
            return
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < len(self._rows) and self._rows[index].key is not None:
            self._set_cursor(index)
            if event.chain >= 2:
                self.action_select()
