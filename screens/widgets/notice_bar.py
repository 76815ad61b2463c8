"""A bar under the meeting screen's header that stays until its cause is gone (never a toast that
fades): 「保存できません」 with why, while saves fail."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import Static

from facilitator.i18n import t
from screens.ui_text import fold_cells, literal, one_line


class NoticeBar(Static):
    """A one-or-two-line bar that stays until cleared (never a toast that fades)."""

    DEFAULT_CSS = """
    NoticeBar {
        height: auto;
        display: none;
        padding: 0 1;
        text-style: bold;
        color: $text;
        background: $warning;
    }
    NoticeBar.-shown { display: block; }
    NoticeBar.-error { background: $error; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._source = Text()
        self._width = 0

    def show(self, text: Text, *, error: bool = False) -> None:
        self._source = text
        self._fold()
        self.set_class(True, "-shown")
        self.set_class(error, "-error")

    def hide(self) -> None:
        self._source = Text()
        self.update("")
        self.set_class(False, "-shown")

    def on_resize(self, event: events.Resize) -> None:
        if self.size.width != self._width:
            self._fold()

    def _fold(self) -> None:
        # Folded by cells the Japanese way: Rich would break only at the spaces, leaving 「—」
        # alone at the end of a line and the whole sentence on the next.
        self._width = self.size.width
        self.update(fold_cells(self._source, self._width) if self._width else self._source)

    @property
    def shown(self) -> bool:
        return self.has_class("-shown")

    @property
    def plain(self) -> str:
        """The message as one line (what it says, not how it is folded)."""
        return self._source.plain


def save_error_text(detail: str) -> Text:
    return literal(t("notice.save_error", detail=one_line(detail, 120)))
