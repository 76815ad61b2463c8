"""A free text step (総評, 事業の説明 …): one text area, saved as the meeting goes. The 総評 step
also has a one-line field for who gave it (``review_by``: the minutes say 総評（○○アドバイザー）)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Static, TextArea

from facilitator.i18n import t
from screens.panels.base import StepPanel
from screens.ui_text import editable


class TextPanel(StepPanel):
    PANEL = "text"
    HELP_NOTES = [("Ctrl+Z / Ctrl+Y", t("text.help_undo"))]

    def compose(self) -> ComposeResult:
        hint = t("text.review_hint") if self.meeting.writes_review(self.step) else t("text.notes_hint")
        yield Static(hint, classes="panel-hint")
        if self.meeting.writes_review(self.step):
            yield Input(editable(self.session.review_by or "", multiline=False), id="review-by",
                        placeholder=t("text.review_by_placeholder"), disabled=self.read_only,
                        select_on_focus=False, tooltip=t("text.review_by_tooltip"))
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
        by = self.query("#review-by").first(Input) if self.meeting.writes_review(self.step) else None
        if by is not None and not by.has_focus and by.value != (self.session.review_by or ""):
            by.value = editable(self.session.review_by or "", multiline=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "review-by":
            return
        event.stop()
        if not self.read_only and (self.session.review_by or "") != event.value.strip():
            self.apply(self.meeting.set_review_by, event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.read_only or event.text_area.text == editable(self.meeting.step_text(self.step)):
            return
        self.apply(self.meeting.set_step_text, self.step, event.text_area.text)
