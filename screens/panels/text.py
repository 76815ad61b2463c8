"""A free text step (総評, 事業の説明 …): one text area, saved as the meeting goes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static, TextArea

from facilitator.i18n import t
from screens.panels.base import StepPanel
from screens.ui_text import editable


class TextPanel(StepPanel):
    PANEL = "text"
    HELP_NOTES = [("Ctrl+Z / Ctrl+Y", t("text.help_undo"))]

    def compose(self) -> ComposeResult:
        hint = t("text.review_hint") if self.meeting.writes_review(self.step) else t("text.notes_hint")
        yield Static(hint, classes="panel-hint")
        yield TextArea(
            editable(self.meeting.step_text(self.step)),
            id="step-text",
            soft_wrap=True,
            show_line_numbers=False,
            read_only=self.read_only,
        )

    def focus_first(self) -> None:
        self.query_one("#step-text", TextArea).focus()

    def typing_field(self) -> TextArea:
        return self.query_one("#step-text", TextArea)

    def sync(self) -> None:
        area = self.query_one("#step-text", TextArea)
        text = editable(self.meeting.step_text(self.step))
        if area.text != text:
            area.load_text(text)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.read_only or event.text_area.text == editable(self.meeting.step_text(self.step)):
            return
        self.apply(self.meeting.set_step_text, self.step, event.text_area.text)
