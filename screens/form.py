"""A small modal form: a few labelled fields, 決定 / キャンセル. Returns the values or None.

Used to add and edit issues, questions, ideas, hand-offs and homework. Every label and value is
passed as literal text (user text is never markup).

Opened over a screen that keeps drafts (the meeting, the board: screens/drafts.py), what is typed
in it is kept as a draft until 決定 or キャンセル. After a crash, opening the same form on the
same item again (same title, same values to start from) shows what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, TextArea

from facilitator.drafts import form_key
from facilitator.i18n import t
from screens.drafts import DraftKeeper, keeper_below
from screens.ui_text import editable, literal, one_line


@dataclass
class FormField:
    key: str
    label: str
    value: str = ""
    options: list[tuple[str, str]] | None = None  # (label, value) → a Select
    multiline: bool = False  # → a TextArea
    placeholder: str = ""
    allow_blank: bool = True  # for a Select: may be left empty ("")


@dataclass
class FormResult:
    values: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, key: str) -> str:
        return self.values[key]


class FormScreen(ModalScreen[FormResult | None]):
    CSS_PATH = ["dialogs.tcss"]
    BINDINGS = [
        Binding("escape", "cancel", t("form.cancel")),
        Binding("ctrl+s", "submit", t("form.submit")),
    ]

    def __init__(self, title: str, fields: list[FormField], *, submit_label: str | None = None) -> None:
        super().__init__(classes="form-screen")
        self.form_title = title
        self.fields = fields
        self.submit_label = submit_label or t("form.submit")
        self._drafts: DraftKeeper | None = None
        self._draft_key = ""
        self._opened_with: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield Label(literal(self.form_title), classes="form-title")
            for f in self.fields:
                yield Label(literal(f.label), classes="form-label")
                wid = f"field-{f.key}"
                if f.options is not None:
                    options = [(literal(label), value) for label, value in f.options]
                    values = {v for _, v in f.options}
                    yield Select(
                        options,
                        id=wid,
                        value=f.value if f.value in values else Select.NULL,
                        allow_blank=f.allow_blank,
                        prompt=t("form.none"),
                    )
                elif f.multiline:
                    yield TextArea(editable(f.value), id=wid, soft_wrap=True, show_line_numbers=False)
                else:
                    yield Input(editable(f.value, multiline=False), id=wid, placeholder=f.placeholder, select_on_focus=False)
            with Horizontal(classes="form-buttons"):
                yield Button(Text(self.submit_label), id="form-submit", variant="primary")
                yield Button(Text(t("form.cancel")), id="form-cancel")

    def on_mount(self) -> None:
        first = self.query("#form Input, #form TextArea, #form Select").first()
        first.focus()
        self._drafts = keeper_below(self)
        if self._drafts is not None:
            self._opened_with = self.values().values
            self._draft_key = form_key(self.form_title, [(f.key, f.value) for f in self.fields])
            typed = self._drafts.open_form(self._draft_key)
            if typed:
                self._fill(typed)
                self.notify(t("drafts.form_restored"), markup=False)

    def _fill(self, values: dict[str, str]) -> None:
        for f in self.fields:
            if f.key not in values:
                continue
            value = values[f.key]
            widget = self.query_one(f"#field-{f.key}")
            if isinstance(widget, Select):
                if value in {v for _, v in f.options or []}:
                    widget.value = value
                elif value == "" and f.allow_blank:
                    widget.clear()
            elif isinstance(widget, TextArea):
                widget.load_text(editable(value))
            elif isinstance(widget, Input):
                widget.value = editable(value, multiline=False)

    def _about(self) -> str:
        """What the form is about, for the message about its draft: its first text's value."""
        return next((one_line(f.value, 40) for f in self.fields if f.options is None and f.value.strip()), "")

    def _draft_changed(self) -> None:
        if self._drafts is None or not self.is_mounted:
            return
        values = self.values().values
        self._drafts.form_changed(self._draft_key, self.form_title, self._about(), values,
                                  typed=values != self._opened_with)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._draft_changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._draft_changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._draft_changed()

    def values(self) -> FormResult:
        out: dict[str, str] = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.key}")
            if isinstance(widget, Select):
                value = widget.value
                out[f.key] = "" if value is Select.NULL or value is None else str(value)
            elif isinstance(widget, TextArea):
                out[f.key] = widget.text
            else:
                assert isinstance(widget, Input)
                out[f.key] = widget.value
        return FormResult(out)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "form-submit":
            self.action_submit()
        else:
            self.action_cancel()

    def action_submit(self) -> None:
        self._close_draft()
        self.dismiss(self.values())

    def action_cancel(self) -> None:
        self._close_draft()
        self.dismiss(None)

    def _close_draft(self) -> None:
        if self._drafts is not None:
            self._drafts.form_closed(self._draft_key)
            self._drafts = None
