"""BoardColumn: one column of cards (the board's keys act on the card under its cursor)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip

from facilitator.board import new_mark
from facilitator.i18n import Labels, t
from screens.widgets.row_list import Row, RowList

if TYPE_CHECKING:
    from screens.board.view import BoardView


def card_marks() -> tuple[str, str, int]:
    """The marks a card starts with — new this time (「新」) or not (「・」) — padded to one width,
    and the hanging indent of its wrapped lines (3 cells in Japanese: 「新 」「・ 」)."""
    new, old = new_mark(), t("board.old_mark")
    hang = max(cell_len(new), cell_len(old)) + 1
    return new + " " * (hang - cell_len(new)), old + " " * (hang - cell_len(old)), hang


EMPTY_TEXT_SHORT = Labels({
    "have": "board.empty_short_have",
    "makeshift": "board.empty_short_makeshift",
    "lack": "board.empty_short_lack",
})
EMPTY_TEXT = Labels({"have": "board.empty_have", "makeshift": "board.empty_makeshift", "lack": "board.empty_lack"})


class BoardColumn(RowList):
    """One column of cards. The keys acting on the card under the cursor are the BoardView's
    around it (shown while a column has the focus); a card wraps with a hanging indent after its
    新/・ mark."""

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {
        "board--new",
        "board--meta",
        "board--done",
        "board--warn",
    }

    def __init__(self, column: str, *, id: str | None = None) -> None:
        super().__init__(EMPTY_TEXT[column], id=id, classes=f"board-column column-{column}")
        self.column = column
        self._projection: tuple[bool, str] | None = None  # (projection mode, theme) the rows were built in
        new, old, self._hang = card_marks()
        self._marks = (new, old)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Rows hold styles resolved when they were built: after projection mode (the screen's
        # class, whoever switched it) or the theme is switched, the board builds them again.
        if self.is_mounted:
            look = (self.screen.has_class("projection"), self.app.theme)
            if self._projection is not None and look != self._projection:
                self.call_later(self._view().restyle)
            self._projection = look

    def cursor_shown(self) -> bool:
        return self.has_focus or not self.screen.has_class("projection")  # projected: focused only

    def _lines_of(self, row: Row) -> list[Strip]:
        """A card wraps with a hanging indent: its first line starts at the edge (after the 新
        or ・ mark), everything else — wrapped text and the lines under it — is indented."""
        cache_key = (row.key, row.sig if row.sig is not None else row.text.plain, row.indent, self._width)
        lines = self._wrapped.get(cache_key)
        if lines is not None:
            return lines
        console = self.app.console
        hang = self._hang
        width = max(hang + 4, self._width)
        pad = [Segment(" " * hang)]
        lines = []
        for n, part in enumerate(row.text.split("\n")):
            # A card's first line starts with its mark (「新 」 or 「・ 」, hang cells), kept out
            # of the wrapping so a long Japanese text is folded beside it, not pushed below it.
            heading = row.key is None and n == 0
            mark = Text()
            if n == 0 and not heading:
                size = next((len(m) for m in self._marks if part.plain.startswith(m)), 0)
                mark = part[:size]
            body = part[len(mark):] if mark else part
            for m, line in enumerate(body.wrap(console, width if heading else width - hang, overflow="fold")):
                segments = list(line.render(console))
                if n == 0 and m == 0:
                    segments = list(mark.render(console)) + segments
                else:
                    segments = pad + segments
                lines.append(Strip(segments).extend_cell_length(self._width))
        if not lines:
            lines = [Strip.blank(self._width)]
        self._wrapped[cache_key] = lines
        return lines

    def _view(self) -> BoardView:
        return cast("BoardView", self.query_ancestor("BoardView"))
