"""Textual's Footer, recomposed only when what it shows changed.

Textual's Footer schedules a full recompose (every key widget removed, made and styled again) for
each ``bindings_updated`` signal, and a focus change sends one even when the keys stay the same.
Opening the home screen sent six; the recomposes were the largest part of the time to its first
frame (docs/performance.md). This one recomposes once per batch of signals, and only when the
shown keys (key, description, enabled, tooltip) differ from the ones it shows. Its keys are made
already in the footer's compact style (not restyled twice each as they mount).
"""

from __future__ import annotations

from typing import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey


class Footer(TextualFooter):
    _recompose_pending = False
    _shown: Hashable = None

    def _keys(self) -> Hashable:
        return (
            self.compact,
            self.show_command_palette,
            tuple((key, binding, enabled, tooltip)
                  for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
                  if binding.show or key == self.app.COMMAND_PALETTE_BINDING),
        )

    def compose(self) -> ComposeResult:
        # Textual's Footer shows no keys until its screen's first bindings signal, one refresh
        # later: the first frame came without them. The screen's bindings are there already.
        self.set_reactive(TextualFooter._bindings_ready, True)
        self._shown = self._keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and "compact" in (widget._reactive_connect or {}):
                # A FooterKey starts compact and is bound to the footer's compact (all but the
                # command palette's, which stays compact): each key was
                # restyled twice while it mounted (its class added, then removed), about a tenth
                # of the home screen's start. Made with the footer's value and class, it is not.
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._recompose_pending:
            self._recompose_pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._recompose_pending = False
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()
