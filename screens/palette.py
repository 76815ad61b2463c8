"""The command palette (Ctrl+P) in the UI's language: the screen's own commands by name, then
Textual's (theme, quit, keys, screenshot …) with our titles.

The screen's commands are its live key bindings, those with an id (the same ones the footer and
F1 show, so the palette cannot drift from the keys): its own first, then those of the focused
widget, each named by its footer label or, where that is too short to read as a command, by a
longer name (``TITLES``: 「次のステップ」 for 「次へ」). A screen can add
commands that have no key with ``palette_commands()`` (the home screen's 新しい協議体の会議).
Choosing one runs the binding's action, as its key would.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider

from facilitator.i18n import Labels, t

if TYPE_CHECKING:
    from textual.binding import ActiveBinding
    from textual.screen import Screen

# Textual's own commands by the title it gives them → our title and help ("Keys/hide": the
# same command while the keys panel is shown).
SYSTEM_TITLES = Labels({
    "Theme": "palette.theme", "Quit": "palette.quit", "Keys": "palette.keys", "Keys/hide": "palette.keys_hide",
    "Maximize": "palette.maximize", "Minimize": "palette.minimize", "Screenshot": "palette.screenshot",
})
SYSTEM_HELP = Labels({
    "Theme": "palette.theme_help", "Quit": "palette.quit_help", "Keys": "palette.keys_help",
    "Keys/hide": "palette.keys_hide_help", "Maximize": "palette.maximize_help",
    "Minimize": "palette.minimize_help", "Screenshot": "palette.screenshot_help",
})
# Bindings whose footer label is too short to name a command (by binding id).
TITLES = Labels({
    "meeting.next": "palette.meeting.next", "meeting.previous": "palette.meeting.previous",
    "meeting.projection": "palette.meeting.projection", "meeting.prompts": "palette.meeting.prompts",
    "meeting.roster": "palette.meeting.roster", "meeting.timer": "palette.meeting.timer",
    "meeting.bright": "palette.meeting.bright", "meeting.conflicts": "palette.meeting.conflicts",
})


def command_title(binding_id: str, label: str) -> str:
    """The palette's name for a binding: a longer one from ``TITLES``, else its footer label."""
    return TITLES[binding_id] if binding_id in TITLES else label


def screen_commands(screen: Screen[object]) -> Iterator[SystemCommand]:
    """The commands of ``screen``: what it adds, its bindings, then the focused widget's."""
    extra = getattr(screen, "palette_commands", None)
    if callable(extra):
        yield from extra()
    app = screen.app
    own: list[SystemCommand] = []
    focused: list[SystemCommand] = []
    seen: set[tuple[int, str]] = set()
    for active in screen.active_bindings.values():
        node, binding = active.node, active.binding
        if node is app or not binding.id or not binding.description or not active.enabled:
            continue  # the app's (quit, the palette) are Textual's commands below
        if (id(node), binding.action) in seen:
            continue
        seen.add((id(node), binding.action))
        command = SystemCommand(
            command_title(binding.id, binding.description),
            _help(active, app.get_key_display(binding)),
            partial(app.run_action, binding.action, node),
        )
        (own if node is screen else focused).append(command)
    yield from own
    yield from focused


def _help(active: ActiveBinding, key: str) -> str:
    what = active.binding.tooltip or active.tooltip or active.binding.description
    return t("palette.key_help", key=key, what=what)


def translated(commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    """Textual's system commands with our titles (one we don't know keeps its own)."""
    for command in commands:
        name = command.title
        if name == "Keys" and command.help.startswith("Hide"):
            name = "Keys/hide"
        if name in SYSTEM_TITLES:
            command = command._replace(title=SYSTEM_TITLES[name], help=SYSTEM_HELP[name])
        yield command


class AppCommands(Provider):
    """The app's commands (``App.get_system_commands``), in the order given: the screen's
    first. (Textual's SystemCommandsProvider sorts them by title, which in Japanese is the order
    of the code points.)"""

    def _commands(self) -> list[SystemCommand]:
        return list(self.app.get_system_commands(self.screen))

    async def discover(self) -> Hits:
        for title, help_text, callback, discover in self._commands():
            if discover:
                yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands whose title matches ``query``, then (ranked lower) those whose help does:
        「F5」 or 「投影」 finds 投影モード."""
        matcher = self.matcher(query)
        found = False
        for title, help_text, callback, *_ in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)
            elif (score := matcher.match(help_text)) > 0:
                yield Hit(score / 2, title, callback, text=title, help=help_text)
            else:
                continue
            found = True
        if not found:  # said here, or the palette says "No matches found" (in English)
            yield Hit(0.01, t("palette.no_match"), _nothing, help=t("palette.no_match_help"))


def _nothing() -> None:
    """The 'no command matches' line, chosen: the palette just closes."""
