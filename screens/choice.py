"""ChoiceScreen: a question, a sentence under it, and a row of buttons; Esc goes back.

Used where a key would change the record for good if pressed by accident (散会, 再開, quitting
at the last step). The first button has the focus, so Enter answers it; ← → and Tab move between
the buttons. Printable keys do nothing here: a sentence typed into it changes nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from facilitator.i18n import t
from screens.widgets.folded_static import FoldedStatic


class ChoiceScreen(ModalScreen[str | None]):
    """Dismissed with the id of the button pressed, or None (Esc, or the back button)."""

    BINDINGS = [
        Binding("escape", "cancel", t("opening.back"), id="choice.cancel"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]
    CSS_PATH = ["dialogs.tcss"]

    def __init__(self, question: str, detail: str, choices: list[tuple[str, str]]) -> None:
        """``choices``: (id, label) pairs, the first one the answer Enter gives; a back button
        comes last."""
        super().__init__(classes="choice-screen")
        self.question = question
        self.detail = detail
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="choice"):
            # Folded with 禁則 at the dialog's width: a line never starts with 、 or 。
            yield FoldedStatic(Text(self.question), id="choice-question")
            if self.detail:
                yield FoldedStatic(Text(self.detail), id="choice-detail")
            with Horizontal(id="choice-buttons"):
                for n, (choice_id, label) in enumerate(self.choices):
                    yield Button(Text(label), id=f"choice-{choice_id}", variant="warning" if n == 0 else "default")
                yield Button(Text(t("opening.back")), id="choice-back")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        self.dismiss(None if button_id == "choice-back" else button_id.removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss(None)
