"""Text fields whose editing keys act in the order they were typed.

Textual runs a widget's key bindings (Backspace, Ctrl+U, ←, Ctrl+Z …) only once the key has
bubbled up from the widget to the app, while printable keys are typed in by the widget's own key
handler at once. When keys come in a burst — a loaded laptop that reads the terminal late, an IME
commit, a fast typist — the keys that follow a binding's key are typed before it acts:
"abc⌫d" became "abc", and Ctrl+U wiped what was typed *after* it (the clock e2e test once saw
the 総評 area keep only the keys typed after F6: its Ctrl+U, sent just before the review, had
acted after it).

``InOrderKeys`` runs the field's own bindings (its class's and its bases', nearest class first)
when the key reaches the field, in key order; the screen's and the app's keys still go up the
usual way (the meeting's F-keys, PgUp/PgDn and Ctrl+Q are priority bindings: the app runs them
only once the focused field has taken the keys typed before them, ``KyogitaiApp._check_bindings``). A binding
whose ``check_action`` refuses it here goes up the usual way too.
"""

from __future__ import annotations

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.widgets import Input, TextArea


class InOrderKeys:
    """Mix into an Input or a TextArea (before it): its own bindings act in key order."""

    async def on_key(self, event: events.Key) -> None:
        # Runs before the widget's own ``_on_key`` (Textual dispatches along the MRO).
        for action in self.field_keys().get(event.key, ()):
            if await self.app.run_action(action, self):  # type: ignore[attr-defined]
                event.stop()
                event.prevent_default()
                return

    @classmethod
    def field_keys(cls) -> dict[str, tuple[str, ...]]:
        """{key: actions} of the BINDINGS this class and its bases declare (nearest class first)."""
        cached = cls.__dict__.get("_field_keys")
        if cached is None:
            found: dict[str, list[str]] = {}
            for klass in cls.__mro__:
                for binding in Binding.make_bindings(vars(klass).get("BINDINGS", [])):
                    if not binding.priority:  # (the app runs priority bindings, in key order too)
                        found.setdefault(binding.key, []).append(binding.action)
            cached = {key: tuple(actions) for key, actions in found.items()}
            setattr(cls, "_field_keys", cached)
        return cached


class InOrderInput(InOrderKeys, Input):
    """A one-line field whose editing keys act in the order typed."""


class InOrderTextArea(InOrderKeys, TextArea):
    """A text area whose editing keys act in the order typed.

    F6 and F7 never select its text (Textual's TextArea selects the line and everything on
    them): they are the meeting's clock and bright keys, pressed without looking at the field —
    in a form over the meeting, where they have no use, the next key typed replaced the text.
    They go on to the screen's and the app's bindings instead."""

    def action_select_line(self) -> None:
        raise SkipAction()

    def action_select_all(self) -> None:
        raise SkipAction()
