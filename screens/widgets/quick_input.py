"""A one-line field for adding items one after another while people talk (ideas, board cards)."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input


class QuickInput(Input):
    """Every key acts in the order it was typed, Enter and the editing keys included.

    Textual runs a widget's key bindings (Backspace, Ctrl+U, ←, …) only once the key has
    bubbled up to the app, after the keys that follow it have already been typed into the
    field. When keys come in a burst — a loaded laptop, an IME commit, a fast typist — "abc⌫d"
    became "abc" and Ctrl+U wiped what was typed after it. Here the field's own bindings run at
    once, and Enter takes exactly what was typed before it and empties the field, so the next
    keys start the next item. Handlers of ``Submitted`` must not clear the field; on a refusal
    they may put the text back if the field is still empty.

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
            return
        # The bindings of this field itself (Input's editing keys and a subclass's own);
        # the screen's and app's keys still go up the usual way.
        action = self.field_keys().get(event.key)
        if action is not None:
            event.stop()
            event.prevent_default()
            await self.run_action(action)

    @classmethod
    def field_keys(cls) -> dict[str, str]:
        """{key: action} of the BINDINGS this class and its bases declare (nearest class first)."""
        cached = cls.__dict__.get("_field_keys")
        if cached is None:
            cached = {}
            for klass in cls.__mro__:
                for binding in Binding.make_bindings(vars(klass).get("BINDINGS", [])):
                    cached.setdefault(binding.key, binding.action)
            setattr(cls, "_field_keys", cached)
        return cached
