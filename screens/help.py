"""F1: the keys of the screen in front of you, in Japanese, readable from the back of the room.

The meeting screen's help is built from the live bindings (the screen's and those of the current
step's widgets), so it cannot drift from what the keys do; panels add notes for keys that are
not bindings (Enter in a field, Tab order) in ``HELP_NOTES``. Typing while the help is open
closes it and the keys go on to the screen below (screens/typing.py): nothing typed is lost.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static

from facilitator.i18n import t
from screens.browser import BROWSER_KEYS, browser_mode
from screens.typing import typed_character
from screens.ui_text import Folded

Section = tuple[str, list[tuple[str, str]]]
TYPING_PAUSE_SECONDS = 0.15  # typing in the help: the keys go on once they pause this long

KEY_NAMES = {
    "pagedown": "PageDown", "pageup": "PageUp", "delete": "Del", "enter": "Enter", "escape": "Esc",
    "space": "Space", "plus": "+", "minus": "-", "equals_sign": "=", "down": "↓", "up": "↑",
    "left": "←", "right": "→", "tab": "Tab", "left_square_bracket": "[", "right_square_bracket": "]",
}


def key_text(key: str) -> str:
    """「Ctrl+R」 for ``ctrl+r``, 「Del」 for ``delete``: keys written the way a keyboard labels them."""
    parts = [KEY_NAMES.get(p, p) for p in key.strip().split("+")]
    modifiers = [p.capitalize() for p in parts[:-1]]
    last = parts[-1]
    if modifiers or (last.startswith("f") and last[1:].isdigit()):
        last = last.upper() if len(last) <= 3 else last
    return "+".join([*modifiers, last])


def binding_rows(nodes: Iterable[DOMNode], only: Callable[[Binding], bool] | None = None) -> list[tuple[str, str]]:
    """The described bindings of our own widget classes among ``nodes`` (Textual's built-in
    editing keys are left out), in the order met; keys explained the same way share a row
    (「Shift+← / Shift+→」), a key bound to several actions (Enter on different lists) has a row
    for each. A binding's tooltip, where it has one, is the longer explanation. ``only``: the
    bindings to list (all by default)."""
    rows: dict[str, list[str]] = {}
    for node in nodes:
        for cls in type(node).__mro__:
            if not cls.__module__.startswith("screens.") or "BINDINGS" not in vars(cls):
                continue
            for binding in Binding.make_bindings(vars(cls)["BINDINGS"]):
                if not binding.description or (only is not None and not only(binding)):
                    continue
                keys = rows.setdefault(binding.tooltip or binding.description, [])
                if key_text(binding.key) not in keys:
                    keys.append(key_text(binding.key))
    return [(" / ".join(keys), what) for what, keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    CSS_PATH = ["dialogs.tcss"]
    BINDINGS = [Binding("escape,f1", "dismiss", t("help.close"), id="help.close", tooltip=t("help.close_tooltip"))]

    def __init__(self, sections: list[Section]) -> None:
        super().__init__()
        self._typed: list[events.Key] = []
        self._pass_timer: Timer | None = None
        if browser_mode():  # kyogitai serve: the keys the browser leaves alone beside F1, F5 …
            sections = [(title, [(with_browser_keys(k), what) for k, what in rows]) for title, rows in sections]
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            for title, rows in self.sections:
                if not rows:
                    continue
                table = Table(title=title, show_header=False, expand=True, title_justify="left")
                table.add_column(t("help.key"), style="bold", no_wrap=True)
                table.add_column(t("help.what"))
                for key, what in rows:  # the description folded (禁則), never cut with 「…」
                    table.add_row(Text(key), Folded(Text(what)))
                yield Static(table)
            yield Static(Text(t("help.esc_closes")), classes="help-close")

    def on_key(self, event: events.Key) -> None:
        """Typing closes the help; the keys go to the screen below, where they land in the step's
        field as if the help had not been open. The help waits for the end of the burst (an IME
        commit is several keys) and hands them all on in order: keys still on their way to a
        closed screen would be lost."""
        if typed_character(event) is None and not self._typed:
            return
        event.stop()
        event.prevent_default()
        self._typed.append(events.Key(event.key, event.character))  # every key, once typing began
        if self._pass_timer is None:
            self._pass_timer = self.set_timer(TYPING_PAUSE_SECONDS, self._pass_on, name="help-typing")
        else:
            self._pass_timer.reset()

    def _pass_on(self) -> None:
        keys, self._typed, self._pass_timer = self._typed, [], None
        if self.is_current:
            self.dismiss()
        for key in keys:
            self.app.post_message(key)


_TERMINAL_LABEL = re.compile(r"(?<![\w+])(F1|F3|F4|F5|F6|Ctrl\+Q)(?![\w+])")


def with_browser_keys(label: str) -> str:
    """A help text's key column with the browser keys beside the terminal ones:
    「F4 / Esc」 → 「Ctrl+B / F4 / Esc」."""
    alternatives = {key_text(k): key_text(v) for k, v in BROWSER_KEYS.items()}
    return _TERMINAL_LABEL.sub(lambda m: f"{alternatives[m.group(1)]} / {m.group(1)}", label)
