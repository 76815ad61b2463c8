"""SteppingSelect: a Select the SC changes without opening it, and without looking.

The idea field's speaker and 課題 were Selects: changing the speaker took Tab, Enter, arrows,
Enter, Shift+Tab, and ↑ on the first name of the open list wrapped round to the last one, so
blind presses picked the wrong person. Here, with the select focused (Tab from the field):

- ↑ / ↓ step to the previous / next choice at once, shown in the select; they stop at the ends
  (no wrap-around): ↑ pressed many times always lands on the blank choice (匿名, なし) first;
- Home goes to the blank choice, End to the last one;
- Enter goes back to the field (``Done``); typing goes to the field anyway (screens/typing.py),
  so Tab ↓ and then the idea attributes it;
- a click still opens the list, whose ↑/↓ stop at the ends too.

``NoWrapSelect`` (the forms' selects) and ``NoWrapOptionList`` (the pickers) stop at the ends
the same way.
"""

from __future__ import annotations

from typing import Generic

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList, Select
from textual.widgets._select import SelectOverlay, SelectType

from facilitator.i18n import t


class NoWrapOptionList(OptionList):
    """An OptionList whose ↑ on the first option and ↓ on the last stay there (Textual's wrap
    round, so a blind press picks the far end of the list)."""

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted > 0:
            super().action_cursor_up()
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()


class NoWrapSelect(Select[SelectType], Generic[SelectType]):
    """A Select whose open list stops at its ends (↑ on the first choice stays there)."""

    def on_key(self, event: events.Key) -> None:
        # The open list: ↑ on its first choice and ↓ on its last stay there (OptionList wraps).
        if not self.expanded or event.key not in ("up", "down"):
            return
        overlay = self.query_one(SelectOverlay)
        last = overlay.option_count - 1
        at = overlay.highlighted
        if (event.key == "up" and (at is None or at == 0)) or (event.key == "down" and at == last):
            event.stop()
            event.prevent_default()
            if at is None and last >= 0:
                overlay.highlighted = 0  # nothing highlighted yet (a blank choice): the first


class SteppingSelect(NoWrapSelect[SelectType], Generic[SelectType]):
    """A Select stepped with ↑/↓ while closed; Enter posts ``Done`` (see the module's docstring)."""

    BINDINGS = [
        Binding("down", "step(1)", t("stepping.next"), key_display="↓", id="stepping.next",
                tooltip=t("stepping.next_tooltip")),
        Binding("up", "step(-1)", t("stepping.previous"), key_display="↑", id="stepping.previous",
                tooltip=t("stepping.previous_tooltip")),
        Binding("home", "step_to_end(-1)", t("stepping.first"), key_display="Home", show=False,
                id="stepping.first", tooltip=t("stepping.first_tooltip")),
        Binding("end", "step_to_end(1)", t("stepping.last"), key_display="End", show=False,
                id="stepping.last", tooltip=t("stepping.last_tooltip")),
        Binding("enter", "done", t("stepping.done"), key_display="Enter", id="stepping.done",
                tooltip=t("stepping.done_tooltip")),
    ]

    class Done(Message):
        """Enter on the closed select: the choice is made, back to the field."""

        def __init__(self, select: SteppingSelect) -> None:
            super().__init__()
            self.select = select

    def _values(self) -> list[object]:
        return [value for _, value in self._options]

    def _index(self) -> int:
        values = self._values()
        return values.index(self.value) if self.value in values else 0

    def action_step(self, delta: int) -> None:
        values = self._values()
        if values:
            self.value = values[max(0, min(len(values) - 1, self._index() + delta))]  # type: ignore[assignment]

    def action_step_to_end(self, direction: int) -> None:
        values = self._values()
        if values:
            self.value = values[0 if direction < 0 else -1]  # type: ignore[assignment]

    def action_done(self) -> None:
        self.post_message(self.Done(self))
