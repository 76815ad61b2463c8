"""The facilitator's self-check after 散会 (facilitator/self_check.py): a few items, 0–3 each,
and a note, in a handful of keys.

← / → set the item under the cursor (unanswered → 0 → 1 → 2 → 3), ↑ / ↓ move between the items,
Enter or Ctrl+S saves, Esc skips (nothing saved). Printable keys never act on an item: typed on
an item or a button they go to the note (the typing rule, screens/typing.py) — a 「2」 typed
there is text, not an answer. The meeting screen opens it only out of projection mode
(screens/self_check_flow.py): it never reaches the wall.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from facilitator.i18n import t
from facilitator.model import SelfCheck
from facilitator.self_check import ITEM_LABELS, ITEMS, MAX, SCALE
from screens.typing import follow_focus, put_text, type_into_target
from screens.widgets.folded_static import FoldedStatic
from screens.ui_text import editable
from screens.widgets.in_order import InOrderInput, InOrderKeys

# What the dialog gives back: (answers by item, the note), or None for a skip.
Answer = tuple[dict[str, int | None], str]


class ScaleRow(InOrderKeys, Static, can_focus=True):
    """One item: its words and the scale, the chosen value marked (●) and said in words. Its
    keys (← → and ↓ ↑ to the next item) act in the order typed; keys of a burst that reach it
    after ↓ moved on go on to the item that has the focus now."""

    BINDINGS = [
        Binding("right", "step(1)", t("self_check.raise"), id="self_check.raise", tooltip=t("self_check.raise_tooltip")),
        Binding("left", "step(-1)", t("self_check.lower"), id="self_check.lower", tooltip=t("self_check.lower_tooltip")),
        Binding("down", "app.focus_next", show=False),
        Binding("up", "app.focus_previous", show=False),
    ]

    def on_key(self, event: events.Key) -> None:
        follow_focus(event, self.app, sent_to=self)  # (then InOrderKeys acts, unless it went on)

    def __init__(self, item: str, value: int | None) -> None:
        super().__init__(id=f"check-{item}", classes="scale-row")
        self.item = item
        self.value = value

    def on_mount(self) -> None:
        self._draw()

    def action_step(self, delta: int) -> None:
        if self.value is None:
            self.value = 0 if delta > 0 else None
        else:
            new = self.value + delta
            self.value = None if new < 0 else min(new, MAX)
        self._draw()

    def _draw(self) -> None:
        from facilitator.self_check import SCALE_LABELS

        marks = Text()
        for n in SCALE:
            chosen = n == self.value
            marks.append(f" {'●' if chosen else '○'}{n}", "bold reverse" if chosen else "")
        said = SCALE_LABELS[str(self.value)] if self.value is not None else t("self_check.unanswered")
        self.update(Text.assemble((ITEM_LABELS[self.item], "bold"), "\n", marks, "  ", said))


class SelfCheckDialog(ModalScreen[Answer | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", t("self_check.save"), id="self_check.save", tooltip=t("self_check.save_tooltip")),
        Binding("escape", "skip", t("self_check.skip"), id="self_check.skip", tooltip=t("self_check.skip_tooltip")),
        Binding("down", "app.focus_next", show=False),
        Binding("up", "app.focus_previous", show=False),
    ]
    CSS_PATH = ["dialogs.tcss"]

    def __init__(self, earlier: SelfCheck | None = None) -> None:
        """``earlier``: a check already recorded for this meeting (opened again), as it was."""
        super().__init__(classes="self-check-screen")
        self.earlier = earlier

    def compose(self) -> ComposeResult:
        answers: Mapping[str, int] = self.earlier.answers if self.earlier else {}
        with Vertical(id="self-check"):
            yield FoldedStatic(Text(t("self_check.title"), "bold"), id="self-check-title")
            yield FoldedStatic(Text(t("self_check.intro")), id="self-check-intro")
            for item in ITEMS:
                value = answers.get(item)
                yield ScaleRow(item, value if value in SCALE else None)
            yield Label(Text(t("self_check.note")), classes="form-label")
            yield InOrderInput(editable(self.earlier.note if self.earlier else "", multiline=False),
                               id="self-check-note", select_on_focus=False)
            with Horizontal(classes="form-buttons"):
                yield Button(Text(t("self_check.save")), id="self-check-save", variant="primary")
                yield Button(Text(t("self_check.skip")), id="self-check-skip")

    def on_mount(self) -> None:
        # The dialog opens at its top: its title and intro on screen, not scrolled away to bring
        # the first item (just under them) into view on a short screen (80×24).
        self.query_one(ScaleRow).focus(scroll_visible=False)
        box = self.query_one("#self-check")
        self.call_after_refresh(box.scroll_home, animate=False)

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not isinstance(self.focused, (Input, Button)):
            event.stop()
            self.action_save()  # Enter on an item saves, as in the note
            return
        if not follow_focus(event, self.app):
            type_into_target(self, event)  # a printable key on an item or a button: into the note

    def type_text(self, text: str) -> None:
        """``TypingTarget``: the note."""
        put_text(self.query_one("#self-check-note", Input), text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "self-check-save":
            self.action_save()
        else:
            self.action_skip()

    def action_save(self) -> None:
        answers = {row.item: row.value for row in self.query(ScaleRow)}
        self.dismiss((answers, self.query_one("#self-check-note", Input).value))

    def action_skip(self) -> None:
        self.dismiss(None)
