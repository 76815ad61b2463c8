"""The step rail: every step of the session, the current one marked, done ones ticked."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from facilitator.i18n import t
from facilitator.meeting import Meeting
from screens.ui_text import literal


class StepRail(OptionList):
    """Click or Enter on a step to go there (the screen handles OptionSelected)."""

    def __init__(self, meeting: Meeting, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.meeting = meeting

    def on_mount(self) -> None:
        self.border_title = t("rail.title")
        self.sync()

    def sync(self) -> None:
        m = self.meeting
        options = []
        for n, step in enumerate(m.steps, start=1):
            if step is m.current:
                mark, style = "▶", "bold"
            elif m.is_done(step):
                mark, style = "✓", "dim"
            else:
                mark, style = " ", ""
            label = Text.assemble((f"{mark} {n}. ", style), literal(step.title, style))
            options.append(Option(label, id=step.id))
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(options)
        self.highlighted = m.current_index if highlighted is None or not self.has_focus else highlighted
