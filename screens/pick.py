"""PickScreen and LinkScreen: dialogs choosing values of any type from one list or from two."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from facilitator.i18n import t
from screens.typing import follow_focus, put_text, type_into_target, typed_character
from screens.ui_text import literal
from screens.widgets.in_order import InOrderInput
from screens.widgets.stepping_select import NoWrapOptionList
from screens.widgets.folded_static import FoldedStatic

# Both look like FormScreen (dialogs.tcss): title, hint, the list(s), OK and Cancel; Ctrl+S also
# confirms, Esc cancels. Labels are user text: shown as rich Text (``literal``), never as markup.
# Typing never chooses (screens/typing.py): Enter picks in a list of several (the SelectionList's
# own Enter), not Space; a printable key typed on a list goes to the add field when there is one.

V = TypeVar("V")  # what is chosen (from one list)
W = TypeVar("W")  # what is chosen from LinkScreen's second list


@dataclass
class Picked(Generic[V]):
    values: list[V]  # chosen from the list, in the list's order
    added: list[str]  # typed in the add field (new ones, not in the list before)


class _PickList(SelectionList[V]):
    """A SelectionList where Enter (or a click) picks and unpicks; a printable key — Space
    included, which SelectionList binds to picking — is typing, handed to the dialog."""

    def on_key(self, event: events.Key) -> None:
        # Before the bindings (Textual runs them once the key has bubbled up to the app).
        if follow_focus(event, self.app, sent_to=self):
            return
        if typed_character(event) is not None:
            type_into_target(self.screen, event)
            event.stop()


class PickScreen(ModalScreen[Picked[V] | None]):
    """Choose one (↑↓ Enter) or several (Space, then Enter) from ``options`` ((label, value)
    pairs); or type a new one in the add field when there is one (``add_placeholder``)."""

    CSS_PATH = ["dialogs.tcss"]
    BINDINGS = [
        Binding("escape", "cancel", t("form.cancel"), id="pick.cancel", tooltip=t("form.cancel_tooltip")),
        Binding("ctrl+s", "submit", t("form.submit"), id="pick.submit", tooltip=t("form.submit_tooltip")),
    ]

    def __init__(self, title: str, options: list[tuple[str, V]], *, selected: Iterable[V] = (),
                 multi: bool = False, add_placeholder: str = "", hint: str = "",
                 suggestions: list[str] | None = None) -> None:
        super().__init__(classes="pick-screen")
        self.pick_title = title
        self.options: list[tuple[str, Any]] = list(options)  # typed values join them (multi)
        self.selected = list(selected)
        self.multi = multi
        self.add_placeholder = add_placeholder
        self.hint = hint
        self.suggestions = suggestions or []
        self._added: list[str] = []  # typed values that were not in the list (multi)

    def compose(self) -> ComposeResult:
        with Vertical(id="pick"):
            yield FoldedStatic(literal(self.pick_title), classes="form-title")
            if self.hint:
                yield Label(Text(self.hint), classes="form-label")
            if self.multi:
                yield _PickList(
                    *[Selection(literal(label), value, value in self.selected) for label, value in self.options],
                    id="pick-list",
                )
            else:
                # ↑ on the first choice stays there (no blind wrap-around to the last)
                yield NoWrapOptionList(*[Option(literal(label), id=str(n)) for n, (label, _) in enumerate(self.options)],
                                       id="pick-list")
            if self.add_placeholder:
                yield InOrderInput(
                    placeholder=self.add_placeholder,
                    id="pick-add",
                    select_on_focus=False,
                    suggester=SuggestFromList(self.suggestions, case_sensitive=False) if self.suggestions else None,
                )
            with Horizontal(classes="form-buttons"):
                yield Button(Text(t("form.submit")), id="pick-submit", variant="primary")
                yield Button(Text(t("form.cancel")), id="pick-cancel")

    def on_mount(self) -> None:
        widget = self.query_one("#pick-list")
        if isinstance(widget, OptionList) and not isinstance(widget, SelectionList):
            values = [v for _, v in self.options]
            first = next((values.index(s) for s in self.selected if s in values), 0)
            widget.highlighted = first if values else None
        widget.focus()

    def on_key(self, event: events.Key) -> None:
        if not follow_focus(event, self.app):
            type_into_target(self, event)  # a printable key the list did not take: to the add field

    def type_text(self, text: str) -> None:
        """``TypingTarget``: into the add field; without one, typing does nothing here."""
        field = self.query("#pick-add").first(Input) if self.add_placeholder else None
        if field is not None:
            put_text(field, text)

    @on(OptionList.OptionSelected, "#pick-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.multi or event.option.id is None:
            return
        self.dismiss(Picked([self.options[int(event.option.id)][1]], []))

    @on(Input.Submitted, "#pick-add")
    def _added_one(self, event: Input.Submitted) -> None:
        event.stop()
        value = " ".join(event.value.split())
        if not value:
            return
        if not self.multi:
            self.dismiss(Picked([], [value]))
            return
        pick = self.query_one(_PickList)
        existing = [v for _, v in self.options]
        if value not in existing:  # a new one: joins the list, chosen
            self.options.append((value, value))
            self._added.append(value)
            pick.add_option(Selection(literal(value), value, True))
        else:
            pick.select(value)
        event.input.value = ""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "pick-submit":
            self.action_submit()
        else:
            self.action_cancel()

    def action_submit(self) -> None:
        if self.multi:
            chosen = set(self.query_one(_PickList).selected)
            typed = set(self._added)
            self.dismiss(Picked([v for _, v in self.options if v in chosen and v not in typed],
                                [v for v in self._added if v in chosen]))
            return
        widget = self.query_one("#pick-list", OptionList)
        typed_value = " ".join(self.query("#pick-add").first(Input).value.split()) if self.add_placeholder else ""
        if typed_value:
            self.dismiss(Picked([], [typed_value]))
        elif widget.highlighted is not None:
            self.dismiss(Picked([self.options[widget.highlighted][1]], []))
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass
class Linked(Generic[V, W]):
    many: list[V]  # chosen from the first list (any number), in its order
    one: W | None  # chosen from the second list (at most one)


class LinkScreen(ModalScreen[Linked[V, W] | None]):
    """Two lists side by side: any number from the first, at most one from the second (choosing
    another there takes the first one off). Enter picks, Tab goes across, Ctrl+S confirms.
    It has no text field: typing changes nothing here."""

    CSS_PATH = ["dialogs.tcss"]
    BINDINGS = [
        Binding("escape", "cancel", t("form.cancel"), id="link.cancel", tooltip=t("form.cancel_tooltip")),
        Binding("ctrl+s", "submit", t("form.submit"), id="link.submit", tooltip=t("form.submit_tooltip")),
    ]

    def type_text(self, text: str) -> None:
        """``TypingTarget``: nothing to type into here; the key is kept from choosing."""

    def __init__(self, title: str, *, hint: str = "",
                 many_label: str, many: list[tuple[str, V]], many_selected: Iterable[V] = (),
                 one_label: str, one: list[tuple[str, W]], one_selected: W | None = None) -> None:
        super().__init__(classes="pick-screen")
        self.link_title = title
        self.hint = hint
        self.many_label = many_label
        self.many = many
        self.many_selected = list(many_selected)
        self.one_label = one_label
        self.one = one
        self.one_selected = one_selected

    def compose(self) -> ComposeResult:
        with Vertical(id="link"):
            yield FoldedStatic(literal(self.link_title), classes="form-title")
            if self.hint:
                yield Label(Text(self.hint), classes="form-label")
            with Horizontal(id="link-lists"):
                with Vertical(classes="link-side"):
                    yield Label(Text(self.many_label), classes="link-label")
                    yield _PickList(*[Selection(literal(label), v, v in self.many_selected) for label, v in self.many],
                                    id="link-many")
                with Vertical(classes="link-side"):
                    yield Label(Text(self.one_label), classes="link-label")
                    yield _PickList(*[Selection(literal(label), v, v == self.one_selected) for label, v in self.one],
                                    id="link-one")
            with Horizontal(classes="form-buttons"):
                yield Button(Text(t("form.submit")), id="link-submit", variant="primary")
                yield Button(Text(t("form.cancel")), id="link-cancel")

    def on_mount(self) -> None:
        self.query_one("#link-many").focus()

    @on(SelectionList.SelectionToggled, "#link-one")
    def _just_one(self, event: SelectionList.SelectionToggled) -> None:
        event.stop()
        one = self.query_one("#link-one", _PickList)
        value = event.selection.value
        if value in one.selected:
            for other in list(one.selected):
                if other != value:
                    one.deselect(other)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "link-submit":
            self.action_submit()
        else:
            self.action_cancel()

    def action_submit(self) -> None:
        many = set(self.query_one("#link-many", _PickList).selected)
        one = self.query_one("#link-one", _PickList).selected
        self.dismiss(Linked([v for _, v in self.many if v in many], one[0] if one else None))

    def action_cancel(self) -> None:
        self.dismiss(None)
