"""The footer: the keys that work now, drawn by one widget on one line.

It shows what Textual's Footer shows and looks the same (key, description, the command palette's
key on the right), but Textual's Footer is a container with a widget per key: every focus change
that changed the keys removed and made them all again, and at start its dozen key widgets were the
largest part of the time the home screen took to its first frame (docs/performance.md). Here the
keys are data; a change of keys is one repaint. A click on a key presses it; hovering shows its
tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

BORDER = "▏"  # the command palette key's left edge, as Textual's `border-left: vkey`
ALWAYS_SHOWN = frozenset({"help", "quit"})  # actions kept when the keys don't all fit, at the end
# Kept too, in their own place: the meeting's PgDn, the key a meeting runs on (a 60-column
# window used to cut it).
KEPT_IN_PLACE = frozenset({"next_step"})


@dataclass(frozen=True)
class FooterEntry:
    """One key as shown: ``key`` is what a click sends, ``key_display`` what is drawn."""

    key: str
    key_display: str
    description: str
    action: str
    enabled: bool
    tooltip: str


class Footer(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer-key--key",
        "footer-key--description",
        "footer--hover",
        "footer--border",
    }
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        .footer-key--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .footer--border {
            color: $foreground 20%;
        }
    }
    """

    compact: reactive[bool] = reactive(False)
    show_command_palette: reactive[bool] = reactive(True)

    def __init__(self, *, compact: bool = False, show_command_palette: bool = True,
                 name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(Footer.compact, compact)
        self.set_reactive(Footer.show_command_palette, show_command_palette)
        self.set_class(compact, "-compact", update=False)
        self._keys: tuple[FooterEntry, ...] = ()
        self._palette: FooterEntry | None = None
        self._spans: list[tuple[int, int, FooterEntry]] = []  # where each key was drawn
        self._hover: FooterEntry | None = None

    # -- what is shown -----------------------------------------------------------------------
    @property
    def entries(self) -> tuple[FooterEntry, ...]:
        """The keys shown, left to right (the command palette's last)."""
        return self._keys + ((self._palette,) if self._palette else ())

    def _collect(self) -> None:
        """Read the screen's active bindings; repaint only when what is shown changed."""
        keys: dict[str, FooterEntry] = {}  # one per action: the first binding, as Textual's
        palette = None
        app = self.app
        for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items():
            if key == app.COMMAND_PALETTE_BINDING and self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
                palette = FooterEntry(binding.key, app.get_key_display(binding), binding.description,
                                      binding.action, enabled, binding.tooltip or binding.description)
            elif binding.show and binding.action not in keys:
                keys[binding.action] = FooterEntry(binding.key, app.get_key_display(binding),
                                                   binding.description, binding.action, enabled, tooltip)
        shown = tuple(keys.values())
        if (shown, palette) != (self._keys, self._palette):
            self._keys, self._palette = shown, palette
            self.refresh()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._collect()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        # While the app has no focus (another window in front) its focused widget's keys are
        # gone for a moment: keep showing them, as Textual's Footer does.
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._collect()

    def _watch_compact(self, compact: bool) -> None:
        self.set_class(compact, "-compact")
        self.refresh()

    def _watch_show_command_palette(self) -> None:
        if self.is_attached:
            self._collect()

    # -- drawing -----------------------------------------------------------------------------
    def _entry_text(self, entry: FooterEntry, compact: bool) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        if compact:  # as Textual's compact keys: no padding but a space before the description
            key_pad, description_pad = (0, 0), (1, 0)
        else:
            key_padding = self.get_component_styles("footer-key--key").padding
            description_padding = self.get_component_styles("footer-key--description").padding
            key_pad = (key_padding.left, key_padding.right)
            description_pad = (description_padding.left, description_padding.right)
        if entry.description:
            text = Text.assemble(
                (" " * key_pad[0] + entry.key_display + " " * key_pad[1], key_style),
                (" " * description_pad[0] + entry.description + " " * description_pad[1],
                 self.get_component_rich_style("footer-key--description")),
            )
        else:
            text = Text(entry.key_display, key_style)
        if entry is self._hover:
            text.stylize_before(self.get_component_rich_style("footer--hover"))
        if not entry.enabled:
            text.stylize(Style(dim=True))
        return text

    def render(self) -> Text:
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, FooterEntry]] = []
        right = Text(no_wrap=True, end="")
        if self._palette is not None:
            # As Textual's: always compact, an edge on the left and one cell free on the right.
            right = Text.assemble((BORDER, self.get_component_rich_style("footer--border")),
                                  self._entry_text(self._palette, compact=True), " ")
        room = max(0, width - right.cell_len)
        gap = 1 if self.compact else 0  # Textual's margin-right: 1 between compact keys
        texts = [(entry, self._entry_text(entry, self.compact)) for entry in self._keys]
        kept = [(e, x) for e, x in texts if e.action in ALWAYS_SHOWN]
        if kept and sum(text.cell_len + gap for _, text in texts) > room:
            # Too many for the width (a narrow window, longer English labels): the help and quit
            # keys keep their place at the end, so one can always find the others and leave;
            # PgDn stays where it was among the keys that fit.
            kept_width = sum(x.cell_len + gap for e, x in texts if e.action in ALWAYS_SHOWN | KEPT_IN_PLACE)
            others, used, full = [], 0, False
            for entry, text in texts:
                if entry.action in ALWAYS_SHOWN:
                    continue
                if entry.action in KEPT_IN_PLACE:
                    others.append((entry, text))
                    continue
                full = full or used + text.cell_len + gap > room - kept_width
                if not full:
                    others.append((entry, text))
                    used += text.cell_len + gap
            texts = others + kept
        for entry, text in texts:
            start = line.cell_len
            if start >= room:
                break
            line.append_text(text)
            spans.append((start, min(room, line.cell_len), entry))
            line.append(" " * gap)
        line.truncate(room, overflow="crop", pad=True)
        if self._palette is not None:
            spans.append((room + 1, width, self._palette))
            line.append_text(right)
        self._spans = spans
        return line

    # -- mouse -------------------------------------------------------------------------------
    def _entry_at(self, x: int) -> FooterEntry | None:
        return next((entry for start, end, entry in self._spans if start <= x < end), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        entry = self._entry_at(event.x)
        if entry is None:
            return
        if entry.enabled:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_on(self._entry_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover_on(None)

    def _hover_on(self, entry: FooterEntry | None) -> None:
        if entry is not self._hover:
            self._hover = entry
            self.tooltip = (entry.tooltip or entry.description or None) if entry else None
            self.refresh()
