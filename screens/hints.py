"""F9 in the meeting screen: 困ったとき, the facilitator's hints for a stuck room.

The hints for the current step come first (facilitator/hints.py). They are for the SC: while
projection mode (F5) is on, F9 first asks whether to show them on the wall, in a question that
holds no hint (:func:`open_hints`); the SC chooses, and nothing opens by itself there. Typing
while the hints are open closes them and the text goes on to the step's field, as with F1's help
(the typing rule, screens/typing.py).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from facilitator.hints import Hint, for_step
from facilitator.i18n import t
from screens.choice import ChoiceScreen
from screens.help import HelpScreen
from screens.ui_text import literal, one_line
from screens.widgets.folded_static import FoldedStatic


class HintsScreen(HelpScreen):
    """The hints for ``panel`` first, then the others; Esc or F9 closes."""

    BINDINGS = [Binding("escape,f9", "dismiss", t("hints.close"), id="hints.close", tooltip=t("hints.close_tooltip"))]

    def __init__(self, panel: str, step_title: str) -> None:
        super().__init__([])
        self.add_class("hints-screen")
        self.panel = panel
        self.step_title = step_title

    def compose(self) -> ComposeResult:
        here, others = for_step(self.panel)
        with VerticalScroll(id="help", classes="hints"):
            yield Static(Text(t("hints.title"), "bold"), id="hints-title")
            for heading, hints, section in ((t("hints.here", step=one_line(self.step_title, 30)), here, "here"),
                                            (t("hints.others"), others, "others")):
                if hints:
                    yield Static(Text(heading, "bold underline"), classes="hints-heading", id=f"hints-{section}")
                    for hint in hints:
                        yield _HintView(hint)
            yield Static(Text(t("hints.closes")), classes="help-close")

    def on_mount(self) -> None:
        for view in self.query(_HintView):
            view.show(Text.assemble(literal("■ " + view.hint.title, "bold"), "\n", literal(view.hint.text)))


class _HintView(FoldedStatic):
    """One situation and a way to think about it, folded by cells (禁則)."""

    def __init__(self, hint: Hint) -> None:
        super().__init__(classes="hint", id=f"hint-{hint.id}")
        self.hint = hint


def open_hints(screen: Screen[object], panel: str, step_title: str, *, projected: bool) -> None:
    """Open the hints over ``screen``; while projected, only after the SC chose to show them on
    the wall (the question itself says nothing of the hints' content)."""
    if not projected:
        screen.app.push_screen(HintsScreen(panel, step_title))
        return

    def answered(choice: str | None) -> None:
        if choice == "show":
            screen.app.push_screen(HintsScreen(panel, step_title))

    screen.app.push_screen(ChoiceScreen(t("hints.projected_question"), t("hints.projected_detail"),
                                        [("show", t("hints.show_anyway"))]), answered)
