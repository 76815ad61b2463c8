"""A free text step (総評, 事業の説明 …): one text area, saved as the meeting goes. The 総評 step
also has a one-line field for who gave it (``review_by``: the minutes say 総評（○○アドバイザー）)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Input, Static, TextArea

from facilitator.i18n import t
from facilitator.merge.typed import TypedText
from facilitator.model import Conflict
from screens.panels.base import StepPanel
from screens.ui_text import editable
from screens.widgets.in_order import InOrderInput, InOrderTextArea


class TextPanel(StepPanel):
    PANEL = "text"
    HELP_NOTES = [("Ctrl+Z / Ctrl+Y", t("text.help_undo"))]

    def compose(self) -> ComposeResult:
        self._typed = TypedText(editable(self.meeting.step_text(self.step)))
        hint = t("text.review_hint") if self.meeting.writes_review(self.step) else t("text.notes_hint")
        yield Static(hint, classes="panel-hint")
        if self.meeting.writes_review(self.step):
            yield InOrderInput(editable(self.session.review_by or "", multiline=False), id="review-by",
                               placeholder=t("text.review_by_placeholder"), disabled=self.read_only,
                               select_on_focus=False, tooltip=t("text.review_by_tooltip"))
        yield InOrderTextArea(  # Ctrl+U, Backspace … act in key order, in a burst too
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

    # Another writer may change this text while it is being typed (facilitator/sharing): the area
    # keeps what is typed, cursor and all, until it loses the focus; meanwhile each keystroke
    # saves the merge, line by line, of what was typed and what came in (facilitator/merge/typed.py).
    # Typed text the merge could not place (both changed the same lines) goes to the session's
    # conflicts at once, one entry kept up to date as the typing goes on (「確認が必要」, saved:
    # never only on the screen). A conflict about this text settled (here or in another window)
    # is a deliberate choice: the area shows the chosen text even while typed in. Texts compared
    # as the session holds and shows them (``editable``): a control character pasted in
    # (PowerPoint's line break \x0b) is not stored, and the text without it is this window's own.
    _typed: TypedText  # (made in compose, before the area can say it changed)
    _kept: Conflict | None = None  # where the typed text no merge placed is kept meanwhile

    def _path(self) -> str:
        return "review" if self.meeting.writes_review(self.step) else f"steps/{self.step.id}/notes"

    def sync(self) -> None:
        self._sync_review_by()
        area = self.query_one("#step-text", TextArea)
        text = editable(self.meeting.step_text(self.step))
        if area.has_focus and text != area.text:
            self._typed.came_in(text, editable(area.text))  # shown when the area loses the focus
            return
        self._load(area, text)

    def conflicts_settled(self, settled: list[Conflict]) -> None:
        """A conflict about this text was settled, here or in another window: the area shows the
        chosen text even while typed in (the cursor where it was, at the end if it was there), and
        what is typed next is merged from it. Typed text no merge placed and not the value just
        settled goes to the conflicts first: never lost."""
        mine = [c for c in settled if c.path == self._path()]
        area = self.query_one("#step-text", TextArea)
        text = editable(self.meeting.step_text(self.step))
        if not mine or area.text == text:
            return
        typed, (row, col) = area.text, area.cursor_location
        at_end = area.cursor_location == area.document.end
        if self._typed.overlapped and not self.read_only and all(c.value != typed for c in mine):
            self._kept = None  # (settled: a new entry)
            self._keep_typed(typed)
        self._load(area, text)
        if at_end:
            area.move_cursor(area.document.end)
        else:
            row = min(row, area.document.line_count - 1)
            area.move_cursor((row, min(col, len(area.document.get_line(row)))))

    def _load(self, area: TextArea, text: str) -> None:
        if area.text != text:
            area.load_text(text)
        self._typed.shown(text)
        self._kept = None

    def _sync_review_by(self) -> None:
        by = self.query("#review-by").first(Input) if self.meeting.writes_review(self.step) else None
        if by is not None and not by.has_focus and by.value != (self.session.review_by or ""):
            by.value = editable(self.session.review_by or "", multiline=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "review-by":
            return
        event.stop()
        if not self.read_only and (self.session.review_by or "") != event.value.strip():
            self.apply(self.meeting.set_review_by, event.value)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, TextArea) and event.widget.id == "step-text" and self.is_attached:
            self._keep_unplaced()
            self._load(event.widget, editable(self.meeting.step_text(self.step)))

    def _keep_unplaced(self) -> None:
        """The area loses the focus: typed text the merge could not place is in the conflicts (each
        keystroke keeps it there already; this is the last word on it)."""
        typed, text = editable(self.typing_field().text), editable(self.meeting.step_text(self.step))
        if not self.read_only and self._typed.unplaced(typed, text):
            self._keep_typed(typed)
        self._kept = None

    def _keep_typed(self, typed: str) -> None:
        """Typed text no merge placed, in the session's conflicts: one entry for this area while
        it is typed in, holding the text as typed now."""
        if typed.strip():
            self._kept = self.apply(self.meeting.keep_unmerged_text, self._path(), typed, instead_of=self._kept)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.read_only:
            return
        typed = editable(event.text_area.text)
        value = self._typed.keystroke(typed, editable(self.meeting.step_text(self.step)))
        if self._typed.overlapped:
            self._keep_typed(typed)  # at once: said (確認が必要) and saved, never only on the screen
        if value is not None:
            self.apply(self.meeting.set_step_text, self.step, value)
