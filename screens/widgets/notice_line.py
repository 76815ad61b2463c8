"""NoticeLine: what the app says (notify), in lines of its own above the footer, never over the step.

Textual's toasts float over the lower right of the screen: projected, they hide the panels the room
is reading, they stack up (PgDn pressed three times at the last step gave three 「最後のステップです」),
and wide characters under them lose cells where the toast crosses a border below it (Textual issue
#6357: 「託したことを取り消しました」 showed as 「託したことを  り消しました」). A NoticeLine is part of
the screen's layout instead: it takes the lines it needs while it has something to say (the step
above gets shorter, nothing is covered), folds Japanese by cells with 禁則 (``fold_cells``: every
character shown), shows at most ``KEEP`` notices, and a notice said again while it is still shown
is counted (×3), not stacked. A warning starts with ⚠ (never colour alone, for the projector).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual import events
from textual.timer import Timer
from textual.widgets import Static

from facilitator.i18n import t
from screens.ui_text import fold_cells

KEEP = 2  # notices shown at once, the newest last


@dataclass
class _Notice:
    text: Text
    severity: str
    count: int = 1
    timer: Timer | None = field(default=None, repr=False)


class NoticeLine(Static):
    """The screen's notices (``say``), newest last; hidden while there is none."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="notice-line -empty", markup=False)
        self._notices: list[_Notice] = []
        self._width = 0

    @property
    def plain(self) -> str:
        """What is shown, unfolded: one notice a line (for tests and the e2e driver)."""
        return "\n".join(self._line(n).plain for n in self._notices)

    def say(self, message: Text, *, severity: str = "information", timeout: float = 5.0) -> None:
        """Show ``message`` for ``timeout`` seconds; the same message still shown is counted."""
        same = next((n for n in self._notices if n.text.plain == message.plain and n.severity == severity), None)
        if same is not None:
            self._notices.remove(same)
            same.count += 1
            if same.timer is not None:
                same.timer.stop()
            notice = same
        else:
            notice = _Notice(message, severity)
        self._notices.append(notice)
        notice.timer = self.set_timer(timeout, lambda: self._expire(notice))
        while len(self._notices) > KEEP:
            gone = self._notices.pop(0)
            if gone.timer is not None:
                gone.timer.stop()
        self._show()

    def clear(self) -> None:
        for notice in self._notices:
            if notice.timer is not None:
                notice.timer.stop()
        self._notices.clear()
        self._show()

    def _expire(self, notice: _Notice) -> None:
        if notice in self._notices:
            self._notices.remove(notice)
            self._show()

    def _line(self, notice: _Notice) -> Text:
        line = Text()
        if notice.severity in ("warning", "error"):
            line.append("⚠ ", style="bold")
        line.append_text(notice.text)
        if notice.count > 1:
            line.append(t("notices.repeated", count=notice.count))
        return line

    def _show(self) -> None:
        empty = not self._notices
        self.set_class(empty, "-empty")
        self.set_class(any(n.severity in ("warning", "error") for n in self._notices), "-warning")
        self._width = self.content_region.width or self.app.size.width - 2
        lines = [fold_cells(self._line(n), self._width) for n in self._notices]
        self.update(Text("\n").join(lines))

    def on_resize(self, event: events.Resize) -> None:
        if self._notices and self.content_region.width != self._width:
            self._show()
