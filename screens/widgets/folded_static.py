"""A Static for Japanese text that wraps: folded by cells at the width it has, never cut."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import Static

from screens.ui_text import fold_cells


class FoldedStatic(Static):
    """Rich wraps only at spaces: 「問い 今ある住民の…」 left 「問い」 alone on a line and a title
    without spaces broke anywhere. Here the text is folded by cells at the widget's width
    (``fold_cells``: a line never starts with 。、」, half-width words stay whole), again
    whenever the width changes. ``show(text)`` sets the text; ``plain`` is it unfolded."""

    def __init__(self, text: Text | None = None, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(text or Text(), id=id, classes=classes)
        self._source = text or Text()
        self._width = 0

    @property
    def plain(self) -> str:
        return self._source.plain

    def show(self, text: Text) -> None:
        self._source = text
        self._fold()

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._width:
            self._fold()

    def _fold(self) -> None:
        self._width = self.scrollable_content_region.width
        self.update(fold_cells(self._source, self._width) if self._width else self._source)
        # Folded while a resize is being laid out, the layout asked for here is lost: the height
        # measured for the unfolded text stayed (a dialog title folded to 2 lines kept the 3 of
        # Rich's wrap at spaces). Measured and laid out again once this refresh is done.
        self.call_after_refresh(self._measure_again)

    def _measure_again(self) -> None:
        self.clear_cached_dimensions()
        self.refresh(layout=True)
