"""A small modal form: a few labelled fields, 決定 / キャンセル. Returns the values or None.

Used to add and edit issues, questions, ideas, hand-offs and homework. Every label and value is
passed as literal text (user text is never markup).

Enter, one rule for every form: in a form of more than one field, Enter in a one-line field (an
Input, a closed Select: ↓ or ↑ opens its list) goes to the next field, and submits on the last
one — a form is filled from top to bottom, like the new body's; a TextArea keeps Enter as a new
line (Tab leaves it). A form of one field submits on Enter. Ctrl+S submits from any field. The
form's hint line says which (``enter_hint``).

Opened over a screen that keeps drafts (the meeting, the board: screens/drafts.py), what is typed
in it is kept as a draft until 決定 or キャンセル. After a crash, opening the same form on the
same item again (same title, same values to start from) shows what was typed. A form opened by
typing (``typing``: its first field begun with what was typed) is known without that text — the
same form as one opened with Ctrl+A —, and the text goes on after the restored draft.

A ``TypingTarget`` (screens/typing.py): a
printable key no field took (a select or a button had the focus) is typed into the form's first
text field, so a sentence never chooses an option or presses a button.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, TextArea

from facilitator.drafts import FormDraft, form_key
from facilitator.i18n import t
from facilitator.merge.text import merge_lines
from screens.drafts import DraftKeeper, keeper_below
from screens.typing import follow_focus, put_text, type_into_target
from screens.ui_text import editable, literal, one_line
from screens.widgets.in_order import InOrderInput, InOrderTextArea
from screens.widgets.folded_static import FoldedStatic
from screens.widgets.stepping_select import NoWrapSelect


@dataclass
class FormField:
    key: str
    label: str
    value: str = ""
    options: list[tuple[str, str]] | None = None  # (label, value) → a Select
    multiline: bool = False  # → a TextArea
    placeholder: str = ""
    allow_blank: bool = True  # for a Select: may be left empty ("")
    suggestions: tuple[str, ...] = ()  # for an Input: completed as you type (→ accepts)


@dataclass
class FormResult:
    values: dict[str, str] = field(default_factory=dict)
    # Each field's value as the form showed it when it opened, and how it shows one ("select",
    # "text", "line"): for ``fresh``. Empty for a result made by hand (then ``fresh`` is the value).
    opened: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    # What ``fresh`` wrote over: another writer's value of a field this form changed too, where
    # the two could not be merged line by line (the caller keeps it in the session's conflicts).
    overwritten: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, key: str) -> str:
        return self.values[key]

    def touched(self, key: str) -> bool:
        """Whether the field was changed in the form (True for a result made by hand)."""
        return key not in self.opened or self.values[key] != self.opened[key]

    def fresh(self, key: str, live: str) -> str:
        """The value to write for ``key``, which another writer may have changed while the form
        was open (facilitator/sharing: the item is the live one). ``live``: its value now. A field
        left as it opened takes ``live``; one changed here only, what was typed; one changed on
        both sides, the two merged line by line — or, where they overlap, what was typed, with
        ``live`` put in ``overwritten``."""
        typed = self.values[key]
        if key not in self.opened:
            return typed
        opened = self.opened[key]
        kind = self.kinds.get(key, "line")
        shown = live if kind == "select" else editable(live, multiline=kind == "text")
        if typed == opened:
            return live
        if shown in (opened, typed):
            return typed
        if kind == "select":
            self.overwritten[key] = live
            return typed
        merged, clean = merge_lines(opened, shown, typed)
        if clean:
            return merged
        self.overwritten[key] = live
        return typed


class FormSelect(NoWrapSelect[str]):
    """A form's Select that, in a form filled with Enter, takes Enter as 'next field': ↓ and
    ↑ open its list (and Enter chooses in the list, as always); Space is typing, never a choice."""

    inherit_bindings = False
    BINDINGS = [Binding("down,up", "show_overlay", show=False),
                Binding("enter", "next_field", show=False)]

    class Entered(Message):
        """Enter on the closed Select."""

        def __init__(self, select: FormSelect) -> None:
            super().__init__()
            self.select = select

        @property
        def control(self) -> FormSelect:
            return self.select

    def action_next_field(self) -> None:
        self.post_message(self.Entered(self))


def _kind(f: FormField) -> str:
    return "select" if f.options is not None else ("text" if f.multiline else "line")


def _shown(f: FormField) -> str:
    """The value a field shows when the form opens (a Select's not among its options: none)."""
    if f.options is not None:
        return f.value if f.value in {v for _, v in f.options} else ""
    return editable(f.value, multiline=f.multiline)


def enter_hint(fields: list[FormField]) -> str:
    """The form's hint line: what Enter does in it (the module's rule), Ctrl+S, Esc."""
    if len(fields) > 1:
        hint = t("form.hint_next")
    else:
        hint = t("form.hint_submit_text") if fields and fields[0].multiline else t("form.hint_submit")
    if len(fields) > 1 and any(f.multiline for f in fields):
        hint += t("form.hint_multiline")
    return hint


class FormScreen(ModalScreen[FormResult | None]):
    CSS_PATH = ["dialogs.tcss"]
    BINDINGS = [
        Binding("escape", "cancel", t("form.cancel"), id="form.cancel", tooltip=t("form.cancel_tooltip")),
        Binding("ctrl+s", "submit", t("form.submit"), id="form.submit", tooltip=t("form.submit_tooltip")),
        Binding("enter", "next_field", show=False, priority=True),
    ]

    def __init__(self, title: str, fields: list[FormField], *, submit_label: str | None = None,
                 focus: str | None = None, typing: bool = False) -> None:
        """``focus``: the key of the field to start in (the first one if None).
        ``typing``: opened by typing on a list, the first field begun with what was typed: its
        cursor starts at the end, where the next keys go."""
        super().__init__(classes="form-screen")
        self.form_title = title
        self.fields = fields
        self.submit_label = submit_label or t("form.submit")
        # The rule of the module's docstring: Enter goes to the next field in a form of several.
        self.enter_moves_next = len(fields) > 1
        self.start_field = focus
        self._drafts: DraftKeeper | None = None
        self._draft_key = ""
        self._opened_with: dict[str, str] = {}
        self._seed = ""  # the field begun with what was typed (``typing``)
        self.typing = typing
        # What each field showed when the form opened (FormResult.fresh compares with it).
        self._opened = {f.key: _shown(f) for f in fields}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield FoldedStatic(literal(self.form_title), classes="form-title")  # folded (禁則), never cut
            for f in self.fields:
                yield FoldedStatic(literal(f.label), classes="form-label")
                wid = f"field-{f.key}"
                if f.options is not None:
                    options = [(literal(label), value) for label, value in f.options]
                    values = {v for _, v in f.options}
                    # (↑ on the first choice of an open list stays there: no blind wrap-around)
                    select = FormSelect if self.enter_moves_next else NoWrapSelect
                    yield select(
                        options,
                        id=wid,
                        value=f.value if f.value in values else Select.NULL,
                        allow_blank=f.allow_blank,
                        prompt=t("form.none"),
                        type_to_search=False,  # typing goes to the form's text field
                    )
                elif f.multiline:
                    yield InOrderTextArea(editable(f.value), id=wid, soft_wrap=True, show_line_numbers=False)
                else:
                    suggester = SuggestFromList(f.suggestions, case_sensitive=False) if f.suggestions else None
                    yield InOrderInput(editable(f.value, multiline=False), id=wid, placeholder=f.placeholder,
                                       select_on_focus=False, suggester=suggester)
            with Horizontal(classes="form-buttons"):
                yield Button(Text(self.submit_label), id="form-submit", variant="primary")
                yield Button(Text(t("form.cancel")), id="form-cancel")
            yield Label(Text(enter_hint(self.fields)), classes="form-hint")

    def on_mount(self) -> None:
        keys = [f.key for f in self.fields]
        if self.start_field in keys:
            first = self.query_one(f"#field-{self.start_field}")
        else:
            first = self.query("#form Input, #form TextArea, #form Select").first()
        # At once: keys typed before the form was up wait in its queue and follow the focus. The
        # form opens at its top (its title); a field asked for by name is scrolled into view.
        self.set_focus(first, scroll_visible=self.start_field in keys)
        if self.typing and isinstance(first, TextArea):
            first.move_cursor(first.document.end)
        # Opened by typing: the first field began with what was typed, which is typing, not what
        # the form opened with (its draft is the same form's as one opened with Ctrl+A).
        self._seed = first.id.removeprefix("field-") if self.typing and isinstance(first, (Input, TextArea)) else ""
        self._opened_with = {**self.values().values, **({self._seed: ""} if self._seed else {})}
        self._drafts = keeper_below(self)
        if self._drafts is not None:
            self._draft_key = self._key()
            typed = self._drafts.open_form(self._draft_key, self._keyed_by_typing)
            if typed:
                self._restore(typed, first)
            elif self._seed:
                self._draft_changed()  # what was typed to open it is a draft already

    def _key(self, first_text: str | None = None) -> str:
        """The form's draft key: its title and the values it opened with (what was typed to open
        it left out). ``first_text``: that value for its first text field instead."""
        first = next((f.key for f in self.fields if f.options is None), None)
        return form_key(self.form_title, [
            (f.key, first_text if first_text is not None and f.key == first
             else ("" if f.key == self._seed else f.value)) for f in self.fields])

    def _keyed_by_typing(self, key: str, draft: FormDraft) -> bool:
        """A draft of this form kept by an earlier version under what was typed to open it (the
        form's first text field began with it, also its ``about``): taken as this form's, so that
        it is restored once rather than announced at every opening."""
        first = next((f.key for f in self.fields if f.options is None), None)
        return (first is not None and not self._opened_with.get(first) and bool(draft.about)
                and draft.title == self.form_title and set(draft.values) == set(self._opened_with)
                and key == self._key(draft.about))

    def _restore(self, typed: dict[str, str], first: Widget) -> None:
        """A gone window's draft of this form into its fields; what was typed to open it (if it
        was) goes on after the draft's text, where the cursor is."""
        if self._seed:
            now = self.values().values[self._seed]
            kept = typed.get(self._seed, "")
            typed = {**typed, self._seed: kept + now}
        self._fill(typed)
        if isinstance(first, Input):
            first.cursor_position = len(first.value)
        elif isinstance(first, TextArea) and self._seed:
            first.move_cursor(first.document.end)
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

    def _about(self, values: dict[str, str]) -> str:
        """What the form is about, for the message about its draft: the first text it opened with
        (the item edited), else the first text typed (a new item's)."""
        texts = [f.key for f in self.fields if f.options is None]
        return next((one_line(v, 40) for v in ([self._opened_with.get(k, "") for k in texts]
                                               + [values.get(k, "") for k in texts]) if v.strip()), "")

    def _draft_changed(self) -> None:
        if self._drafts is None or not self.is_mounted:
            return
        values = self.values().values
        self._drafts.form_changed(self._draft_key, self.form_title, self._about(values), values,
                                  typed=values != self._opened_with)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._draft_changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._draft_changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._draft_changed()

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
        return FormResult(out, opened=dict(self._opened), kinds={f.key: _kind(f) for f in self.fields})

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._entered(event.input.id)

    def on_form_select_entered(self, event: FormSelect.Entered) -> None:
        event.stop()
        self._entered(event.select.id)

    def action_next_field(self) -> None:
        """Enter in a form of several fields, in a one-line field before the last: the next field, at once.
        As a priority binding it runs before the key reaches the field, so what is typed right
        after Enter (an IME's burst) lands in the next field, not in the one left. Anywhere else
        (the last field, a TextArea, an open list, a button) Enter does what it does there."""
        keys = [f"field-{f.key}" for f in self.fields]
        focused = self.focused
        if (not self.enter_moves_next or focused is None or focused.id not in keys[:-1]
                or not isinstance(focused, (Input, Select))):
            raise SkipAction()
        self.set_focus(self.query_one(f"#{keys[keys.index(focused.id) + 1]}"))

    def _entered(self, widget_id: str | None) -> None:
        """Enter in a field: the next field, or the form submitted (on the last field, or in a
        form of one field)."""
        keys = [f"field-{f.key}" for f in self.fields]
        if self.enter_moves_next and widget_id in keys[:-1]:
            self.query_one(f"#{keys[keys.index(widget_id) + 1]}").focus()
            return
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
