"""A small modal form: a few labelled fields, 決定 / キャンセル. Returns the values or None.

Used to add and edit issues, questions, ideas, hand-offs and homework. Every label and value is
passed as literal text (user text is never markup). A ``TypingTarget`` (screens/typing.py): a
printable key no field took (a select or a button had the focus) is typed into the form's first
text field, so a sentence never chooses an option or presses a button.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, TextArea

from facilitator.i18n import t
from screens.typing import follow_focus, put_text, type_into_target
from screens.ui_text import editable, literal


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
        Binding("escape", "cancel", t("form.cancel"), id="form.cancel", tooltip=t("form.cancel_tooltip")),
        Binding("ctrl+s", "submit", t("form.submit"), id="form.submit", tooltip=t("form.submit_tooltip")),
    ]

    def __init__(self, title: str, fields: list[FormField], *, submit_label: str | None = None,
                 typing: bool = False) -> None:
        """``typing``: opened by typing on a list, the first field begun with what was typed: its
        cursor starts at the end, where the next keys go."""
        super().__init__(classes="form-screen")
        self.form_title = title
        self.fields = fields
        self.submit_label = submit_label or t("form.submit")
        self.typing = typing

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
                        type_to_search=False,  # typing goes to the form's text field
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
        # At once: keys typed before the form was up wait in its queue and follow the focus.
        self.set_focus(first)
        if self.typing and isinstance(first, TextArea):
            first.move_cursor(first.document.end)

    def on_key(self, event: events.Key) -> None:
        if not follow_focus(event, self.app):
            type_into_target(self, event)  # a printable key no field took: into the first text field

    def type_text(self, text: str) -> None:
        """``TypingTarget``: into the focused text field, or the form's first one."""
        focused = self.focused
        if isinstance(focused, (Input, TextArea)):
            put_text(focused, text)
            return
        fields = self.query("#form Input, #form TextArea")
        if fields:
            put_text(fields.first(), text)

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
        self.dismiss(self.values())

    def action_cancel(self) -> None:
        self.dismiss(None)
