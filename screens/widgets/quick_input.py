"""A one-line field for adding items one after another while people talk (ideas, board cards)."""

from __future__ import annotations

from textual import events

from screens.widgets.in_order import InOrderInput


class QuickInput(InOrderInput):
    """Every key acts in the order it was typed, Enter and the editing keys included.

    The field's own bindings (Backspace, Ctrl+U, ←, …) run at once, in key order
    (``InOrderInput``, screens/widgets/in_order.py), and Enter takes exactly what was typed
    before it and empties the field, so the next keys start the next item. Handlers of
    ``Submitted`` must not clear the field; on a refusal they may put the text back if the field
    is still empty.

    Coming back to the field never selects what is in it (``select_on_focus`` off): the next key
    typed adds to it instead of replacing it — a half-typed idea, or the first keys of a sentence
    typed on the list below (screens/typing.py), would be lost.
    """

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)

    async def on_key(self, event: events.Key) -> None:
        # Runs before Input's own key handler, which prevent_default() skips.
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            value = self.value
            self.value = ""
            self.post_message(self.Submitted(self, value))
        # Any other key: the field's own bindings act now (InOrderKeys.on_key, next in the MRO).
