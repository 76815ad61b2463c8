"""A virtualised list of wrapped rows with group headers and a cursor.

Only the visible lines are rendered (Textual's line API), so a list of thousands of ideas or cards
stays fast: adding a row re-wraps only that row. Rows carry rich ``Text`` built by the caller
from user text with ``Text(...)`` (never markup). Headers are not selectable.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Hashable

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding
from textual.events import Click, Key, Resize
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from facilitator.i18n import t
from screens.typing import follow_focus, type_into_target
from screens.ui_text import fold_cells


@dataclass(frozen=True)
class Row:
    key: str | None  # None: a group header, not selectable
    text: Text
    sig: Hashable = None  # changes whenever the row must be re-wrapped
    indent: int = 0
    style: str = field(default="")  # a component class name for the row, e.g. "row--request"


class RowList(ScrollView, can_focus=True):
    """Rows wrap to the width; the cursor moves over keyed rows only.

    Typing never acts on a row (screens/typing.py): a printable key goes to the field of the
    ``TypingTarget`` around the list (the panel, the board, the roster), and the keys that reach
    the list after the focus left it go on to where the focus is now. Commands on the row under
    the cursor are bindings of the panel around the list on modifier and function keys, shown
    while the list has the focus (the panel's ``check_action``).
    """

    COMPONENT_CLASSES = {
        "row-list--cursor",
        "row-list--header",
        "row-list--empty",
    }
    BINDINGS = [
        Binding("up", "cursor_up", t("common.up"), show=False, id="list.up", tooltip=t("common.up_tooltip")),
        Binding("down", "cursor_down", t("common.down"), show=False, id="list.down", tooltip=t("common.down_tooltip")),
        Binding("home", "cursor_first", t("common.first"), show=False, id="list.first",
                tooltip=t("common.first_tooltip")),
        Binding("end", "cursor_last", t("common.last"), show=False, id="list.last", tooltip=t("common.last_tooltip")),
    ]

    class Highlighted(Message):
        def __init__(self, row_list: "RowList", key: str | None) -> None:
            super().__init__()
            self.row_list = row_list
            self.key = key

        @property
        def control(self) -> "RowList":
            return self.row_list

    def __init__(self, empty_text: str = "", *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.empty_text = empty_text
        self._rows: list[Row] = []
        self._offsets: list[int] = [0]  # first line of each row; last = total lines
        self._selectable: list[int] = []  # indexes of keyed rows
        self._index_of_key: dict[str, int] = {}
        self._wrapped: dict[tuple[str | None, Hashable, int, int], list[Strip]] = {}
        self._width = 0
        self.cursor = -1  # index into rows; -1 when nothing is selected
        self._revealed: str | None = None  # the key reveal_key() put at the bottom of the view

    # -- public API -----------------------------------------------------------------------
    @property
    def rows(self) -> list[Row]:
        return self._rows

    @property
    def cursor_key(self) -> str | None:
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor].key
        return None

    def set_rows(self, rows: list[Row], *, keep: str | None = None) -> None:
        """Replace the rows; the cursor stays on ``keep`` (or the key it was on) if still there."""
        keep = keep if keep is not None else self.cursor_key
        self._rows = list(rows)
        self._reindex()
        self._relayout()
        target = self._index_of_key.get(keep) if keep is not None else None
        if target is None:
            target = self._selectable[min(len(self._selectable) - 1, self._cursor_rank())] if self._selectable else -1
        self._set_cursor(target)

    def append_row(self, row: Row) -> None:
        """Add a row at the end: only that row is wrapped."""
        self._rows.append(row)
        index = len(self._rows) - 1
        if row.key is not None:
            self._selectable.append(index)
            self._index_of_key[row.key] = index
        height = self._height_of(row) if self._width else 1
        self._offsets.append(self._offsets[-1] + height)
        self._update_virtual_size()

    def select_key(self, key: str, *, scroll: bool = True) -> None:
        index = self._index_of_key.get(key)
        if index is not None:
            self._set_cursor(index, scroll=scroll)

    def reveal_key(self, key: str) -> None:
        """Put the cursor on ``key`` and its row at the bottom of the view, the rows before it
        above: what was just said, with what was said before it in its group. The view stays
        so when the list is resized (F5, a zoom) until the cursor moves."""
        index = self._index_of_key.get(key)
        if index is None:
            return
        self._set_cursor(index, scroll=False)
        self._revealed = key
        self._scroll_to_bottom_of(index)

    def scroll_to_key(self, key: str) -> None:
        index = self._index_of_key.get(key)
        if index is not None:
            self._scroll_to_row(index)

    def forget_wraps(self) -> None:
        """Drop the wrapped lines kept for each row: their styles were baked in with the theme
        in use, and a row that did not change (same ``sig``) would keep the old theme's colours."""
        self._wrapped.clear()
        self.refresh()

    def visible_keys(self) -> list[str]:
        """The keys of the rows whose every line is on screen now, top to bottom."""
        top = round(self.scroll_y)
        bottom = top + self.scrollable_content_region.height
        keys: list[str] = []
        for index in range(max(0, bisect_right(self._offsets, top) - 1), len(self._rows)):
            start, end = self._offsets[index], self._offsets[index + 1]
            if start >= bottom:
                break
            key = self._rows[index].key
            if key is not None and start >= top and end <= bottom:
                keys.append(key)
        return keys

    # -- layout ---------------------------------------------------------------------------
    def _reindex(self) -> None:
        self._selectable = [i for i, r in enumerate(self._rows) if r.key is not None]
        self._index_of_key = {self._rows[i].key: i for i in self._selectable}  # type: ignore[misc]

    def _relayout(self) -> None:
        offsets = [0]
        total = 0
        for row in self._rows:
            total += self._height_of(row) if self._width else 1
            offsets.append(total)
        self._offsets = offsets
        if len(self._wrapped) > 4 * len(self._rows) + 64:  # drop stale wraps
            live = {(r.key, r.sig, r.indent, self._width) for r in self._rows}
            self._wrapped = {k: v for k, v in self._wrapped.items() if k in live}
        self._update_virtual_size()

    def _update_virtual_size(self) -> None:
        empty = len(self._empty_lines()) if not self._rows else 0
        self.virtual_size = Size(self._width, max(self._offsets[-1], empty))
        self.refresh()

    def _empty_lines(self) -> list[str]:
        """The empty list's text folded to the width: a hint such as 「託せるアイデアはありません
        （「情報・意見交換」で…）」 is read whole, not cut at the list's edge."""
        if not self.empty_text:
            return []
        if not self._width:
            return [self.empty_text]
        return fold_cells(Text(self.empty_text), self._width).plain.split("\n")

    def _height_of(self, row: Row) -> int:
        """How many lines the row takes, without drawing it when its lines fit the width (the
        usual case): a layout of 10,000 rows then draws only the rows on screen."""
        cache_key = (row.key, row.sig if row.sig is not None else row.text.plain, row.indent, self._width)
        lines = self._wrapped.get(cache_key)
        if lines is not None or type(self)._lines_of is not RowList._lines_of:  # (a subclass wraps its own way)
            return len(lines if lines is not None else self._lines_of(row))
        parts = row.text.plain.split("\n")
        if all(cell_len(part) <= max(4, self._width - row.indent) for part in parts):
            return len(parts)
        return len(self._lines_of(row))

    def _lines_of(self, row: Row) -> list[Strip]:
        cache_key = (row.key, row.sig if row.sig is not None else row.text.plain, row.indent, self._width)
        lines = self._wrapped.get(cache_key)
        if lines is None:
            console = self.app.console
            width = max(4, self._width - row.indent)
            pad = [Segment(" " * row.indent)] if row.indent else []
            # Folded by cells with simple 禁則, not at spaces: rich's word wrap leaves 「☑ 」 or
            # 「本日は 3」 alone on a line above a long Japanese sentence.
            lines = [
                Strip(pad + list(line.render(console))).extend_cell_length(self._width)
                for line in fold_cells(row.text, width).split("\n", allow_blank=True)
            ] or [Strip.blank(self._width)]
            self._wrapped[cache_key] = lines
        return lines

    def on_resize(self, event: Resize) -> None:
        # Rows wrap to the width inside borders and scrollbar (pair with scrollbar-gutter: stable
        # so the width stays put when the vertical scrollbar comes and goes).
        width = self.scrollable_content_region.width
        if width != self._width:
            self._width = width
            self._relayout()
        # Taller, shorter or narrower (F5, F2, a zoom): the cursor's row stays in view.
        if self.cursor >= 0:
            if self._revealed is not None and self._revealed == self.cursor_key:
                self._scroll_to_bottom_of(self.cursor)
            else:
                self._scroll_to_row(self.cursor)

    # -- rendering ------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        line_no = scroll_y + y
        width = self.size.width
        base = self.rich_style
        if not self._rows:
            empty = self._empty_lines()
            if 0 <= line_no < len(empty):
                style = base + self.get_component_rich_style("row-list--empty")
                # (a Segment with the style: Text.render drops a Text's own style when it has no spans)
                line = empty[line_no]
                return Strip([Segment(line, style)], cell_len(line)).extend_cell_length(width, base).crop(0, width)
            return Strip.blank(width, base)
        if line_no >= self._offsets[-1]:
            return Strip.blank(width, base)
        index = bisect_right(self._offsets, line_no) - 1
        row = self._rows[index]
        lines = self._lines_of(row)
        strip = lines[min(line_no - self._offsets[index], len(lines) - 1)]
        style = base
        if row.key is None:
            style = style + self.get_component_rich_style("row-list--header")
        if row.style:
            style = style + self.get_component_rich_style(row.style)
        strip = strip.apply_style(style)
        if index == self.cursor and self.cursor_shown():
            # On top of the row's own colours, or a coloured row would hide the cursor.
            cursor = self.get_component_rich_style("row-list--cursor")
            strip = Strip(Segment.apply_style(list(strip), post_style=cursor), strip.cell_length)
        return strip.crop(scroll_x, scroll_x + width)

    def cursor_shown(self) -> bool:
        """Whether the cursor row is highlighted now (subclasses may hide it, e.g. when projected)."""
        return True

    # -- cursor ---------------------------------------------------------------------------
    def _cursor_rank(self) -> int:
        return max(0, bisect_right(self._selectable, self.cursor) - 1) if self._selectable else 0

    def _set_cursor(self, index: int, *, scroll: bool = True) -> None:
        changed = index != self.cursor
        if changed:
            self._revealed = None
        self.cursor = index
        self.refresh()
        if index >= 0 and scroll:
            self._scroll_to_row(index)
        if changed:
            self.post_message(self.Highlighted(self, self.cursor_key))

    def _scroll_to_row(self, index: int) -> None:
        if index < 0 or index >= len(self._rows):
            return
        row_top = top = self._offsets[index]
        # Keep the group header above the first row of a group in view too.
        if index > 0 and self._rows[index - 1].key is None:
            top = self._offsets[index - 1]
        bottom = self._offsets[index + 1]
        height = max(1, self.scrollable_content_region.height)
        if bottom - top > height:  # no room for the header as well
            top = row_top
        if bottom - top > height:  # taller than the view: its first lines
            self.scroll_to(y=top, animate=False, immediate=True)
        elif top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif bottom > self.scroll_y + height:
            self.scroll_to(y=bottom - height, animate=False, immediate=True)

    def _scroll_to_bottom_of(self, index: int) -> None:
        row_top, bottom = self._offsets[index], self._offsets[index + 1]
        height = max(1, self.scrollable_content_region.height)
        if bottom - row_top > height:
            y = row_top
        else:  # from the first row that starts in the view: no half row at the top
            y = self._offsets[bisect_left(self._offsets, max(0, bottom - height))]
        self.scroll_to(y=y, animate=False, immediate=True)

    def _move(self, delta: int) -> None:
        if not self._selectable:
            return
        if self.cursor < 0:
            self._set_cursor(self._selectable[0 if delta > 0 else -1])
            return
        rank = min(max(self._cursor_rank() + delta, 0), len(self._selectable) - 1)
        self._set_cursor(self._selectable[rank])

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_first(self) -> None:
        if self._selectable:
            self._set_cursor(self._selectable[0])

    def action_cursor_last(self) -> None:
        if self._selectable:
            self._set_cursor(self._selectable[-1])

    def on_key(self, event: Key) -> None:
        # Before any binding reads the key (Textual runs bindings once a key has bubbled up).
        if not follow_focus(event, self.app, sent_to=self):
            type_into_target(self, event)

    def on_click(self, event: Click) -> None:
        line_no = self.scroll_offset.y + event.y
        if 0 <= line_no < self._offsets[-1]:
            index = bisect_right(self._offsets, line_no) - 1
            if self._rows[index].key is not None:
                self._set_cursor(index, scroll=False)
        self.focus()

    def on_focus(self) -> None:
        if self.cursor < 0 and self._selectable:
            self._set_cursor(self._selectable[-1])
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
