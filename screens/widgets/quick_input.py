"""A one-line field for adding items one after another while people talk (ideas, board cards)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class QuickInput(Input):
    """Enter takes the text and empties the field at once, in the field's own order of keys.

    Textual handles ``Input.Submitted`` after the keys that follow Enter, so a handler that
    clears the field afterwards would wipe what a fast typist (or an IME commit, or a paste)
    already put there — or glue it onto this item. Here the item is exactly what was typed
    before Enter and the next keys start the next one. Handlers must not clear the field; on a
    refusal they may put the text back if the field is still empty.
    """

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            value = self.value
            self.value = ""
            self.post_message(self.Submitted(self, value))
            return
        await super()._on_key(event)
