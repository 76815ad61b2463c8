"""Typing is never lost or misapplied: where a key typed outside a text field goes.

Japanese sentences are full of digits and letters (月2回, 1日3便, LINE), and an SC types fast
without looking at which widget has the focus. So in the meeting screen, the board, the roster
and every dialog opened from them, no printable key acts on an item — item commands are on
modifier and function keys (README, "会議中のキー操作") — and a printable key typed where no text
field has the focus is typed into a field:

- A ``TypingTarget`` says which: a step panel, the board, the roster, a dialog. Its
  ``type_text(text)`` moves the focus to its field and puts the text there (the idea field, the
  board's quick-add, the roster's name field), or opens the form that adds an item with the text
  in its first field (a panel without a free-text field of its own: a new 地域課題, 問い, 宿題).
- A list (``RowList``) hands a printable key to the nearest ``TypingTarget`` above it at once, in
  its own key handler (``type_into_target``), before any binding could read it as a command.
- The keys of the same burst (an IME commits a word as several key events; a fast typist gets
  ahead of a busy machine) that the app had already handed to the list before the focus moved
  reach the list afterwards. ``follow_focus`` hands each of them on to whatever has the focus now,
  in the order typed: none is dropped or reordered, and none is read as a command on the list (an
  Enter among them submits the field, it does not open the item under the cursor).
- A screen gives the printable keys that no widget took (a button, a closed select, the step
  rail had the focus) to its ``TypingTarget`` from its ``on_key`` with ``type_into_target`` too.
"""

from __future__ import annotations

import time
from typing import Protocol, runtime_checkable

from textual import events
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Input, TextArea

from facilitator.i18n import t

READ_ONLY_SAID_SECONDS = 3.0  # a burst of keys typed in a read-only window says so once


@runtime_checkable
class TypingTarget(Protocol):
    """What a sentence typed outside a text field lands in (see the module's docstring)."""

    def type_text(self, text: str) -> None:
        """Put ``text`` in this target's field (or the form it opens) and give that field the focus
        at once, so that the next keys of a burst follow it there."""


def typed_character(event: events.Key) -> str | None:
    """What the key types (「月」, 「2」, 「 」), or None for a command key (Enter, Tab, Ctrl+…, F-keys)."""
    return event.character if event.is_printable and event.character else None


def typing_target(node: DOMNode) -> TypingTarget | None:
    """The nearest ``TypingTarget`` at ``node`` or above it."""
    for candidate in node.ancestors_with_self:
        if isinstance(candidate, TypingTarget):
            return candidate
    return None


def type_into_target(node: DOMNode, event: events.Key) -> bool:
    """A printable key that reached ``node`` (not a text field) goes to the nearest
    ``TypingTarget``; the event stops here. True when it did."""
    text = typed_character(event)
    if text is None:
        return False
    target = typing_target(node)
    if target is None:
        return False
    event.stop()
    event.prevent_default()
    target.type_text(text)
    return True


def follow_focus(widget: Widget, event: events.Key) -> bool:
    """A key that reached ``widget`` after the focus left it (the rest of a burst the app handed
    to it while it still had the focus) goes on to the widget that has the focus now — or to the
    screen in front, when a dialog opened by the first keys has not focused its field yet. True
    when it was handed on (the event stops here)."""
    app = widget.app
    focused = app.focused
    if focused is widget:
        return False
    event.stop()
    event.prevent_default()
    (focused if focused is not None else app.screen).post_message(events.Key(event.key, event.character))
    return True


def put_text(field: Input | TextArea, text: str) -> None:
    """Give ``field`` the focus now (not after a refresh: the next keys of a burst go where the
    focus is when they arrive) and add ``text`` at its end."""
    if field.screen.focused is not field:
        field.screen.set_focus(field)
    if isinstance(field, TextArea):
        field.move_cursor(field.document.end)
        field.insert(text, maintain_selection_offset=False)
    else:
        field.cursor_position = len(field.value)
        field.insert_text_at_cursor(text)


def refuse_typing(node: DOMNode) -> None:
    """Typing in a read-only window: nothing is typed, and that is said once for a burst of keys."""
    now = time.monotonic()
    if now - getattr(node, "_typing_refused_at", -READ_ONLY_SAID_SECONDS) >= READ_ONLY_SAID_SECONDS:
        setattr(node, "_typing_refused_at", now)
        node.notify(t("common.read_only"), severity="warning", markup=False)
