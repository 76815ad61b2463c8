"""A command key pressed where it does nothing says so, instead of doing nothing silently.

The meeting's item commands are Ctrl keys and Del, each bound on the list it acts on (README,
「会議中のキー操作」). Pressed on another list, or outside a list, such a key used to do nothing and
say nothing — the SC could not tell a key that did not arrive from one that has no use here. Now
``say_if_unused`` tells, once for a burst of the same key: 「Del はここでは使えません（F1 でこの
ステップのキー）」. Keys the terminal or a field uses (Enter, arrows, Tab, Esc, Backspace) are left
alone: they always do something somewhere.
"""

from __future__ import annotations

import time

from textual import events
from textual.screen import Screen

from facilitator.i18n import t
from screens.help import key_text

# The item commands of the meeting and the board (bound on their lists, never printable).
COMMAND_KEYS = frozenset({"delete", "ctrl+a", "ctrl+d", "ctrl+e", "ctrl+g", "ctrl+k", "ctrl+x", "ctrl+y"})
SAID_SECONDS = 2.0  # the same unused key pressed again within this: said once


def say_if_unused(screen: Screen, event: events.Key) -> bool:
    """Called from the screen's ``on_key`` (after the widgets had the key): when ``event`` is an
    item command no enabled binding takes here, say so. True when it was said."""
    if event.key not in COMMAND_KEYS:
        return False
    binding = screen.active_bindings.get(event.key)
    if binding is not None and binding.enabled:
        return False  # a binding (of the list, the field, the screen) will take it
    now = time.monotonic()
    last = getattr(screen, "_unused_key_said", None)
    if last is not None and last[0] == event.key and now - last[1] < SAID_SECONDS:
        return False
    setattr(screen, "_unused_key_said", (event.key, now))
    screen.notify(t("meeting.unused_key", key=key_text(event.key)), markup=False)
    return True
