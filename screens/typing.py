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
  Enter among them submits the field, it does not open the item under the cursor). The app marks
  each key with where it sent it (``note_sent_to``), so a screen can tell such keys too.
- A paste of several lines into a one-line field keeps every line, joined with a space
  (``paste_as_one_line``, for every Input of the app).
- A screen (``on_key``: ``follow_focus``, then ``type_into_target``) does the same for the keys
  that no widget took: a button, a closed select, the step rail had the focus.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.widgets import Input

from facilitator.i18n import t
from facilitator.text import pasted_line

if TYPE_CHECKING:  # (the app imports this module at start: TextArea comes with the meeting screen)
    from textual.widgets import TextArea

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


SENT_TO = "_kyogitai_sent_to"  # on a key event: the widget (or screen) the app handed it to


def note_sent_to(app: App, event: events.Key) -> None:
    """Called by the app for each key it reads, before it hands the key on: the widget the key
    goes to (the focused one, else the screen), so that ``follow_focus`` can tell a key that
    reached a widget after the focus had left it."""
    if not event.is_forwarded:
        setattr(event, SENT_TO, app.focused or app.screen)


def follow_focus(event: events.Key, app: App, *, sent_to: DOMNode | None = None) -> bool:
    """A key that was handed to a widget which no longer has the focus (the rest of a burst the
    app handed over before the first keys moved the focus) goes on to the widget that has the
    focus now — or to the screen in front, when a dialog opened by the first keys has not focused
    its field yet. True when it was handed on (the event stops here). ``sent_to``: where the key
    went, for a key the app did not mark (a list passes itself)."""
    sent = getattr(event, SENT_TO, None) or sent_to
    if sent is None:
        return False
    now = app.focused or app.screen
    if sent is now:
        return False
    event.stop()
    event.prevent_default()
    again = events.Key(event.key, event.character)
    setattr(again, SENT_TO, now)
    now.post_message(again)
    return True


def paste_as_one_line(app: App, event: events.Paste) -> None:
    """Called by the app for each paste, before it hands it to the focused widget: a paste of
    several lines into a one-line field (every ``Input`` of the app) keeps all its lines, joined
    with a space (``facilitator.text.pasted_line``) — Textual's Input would keep the first line
    only. A TextArea takes the lines as they are."""
    if not event.is_forwarded and isinstance(app.focused, Input):
        event.text = pasted_line(event.text)


def put_text(field: Input | TextArea, text: str) -> None:
    """Give ``field`` the focus now (not after a refresh: the next keys of a burst go where the
    focus is when they arrive) and add ``text`` at its end."""
    if field.screen.focused is not field:
        field.screen.set_focus(field)
    if isinstance(field, Input):
        field.cursor_position = len(field.value)
        field.insert_text_at_cursor(text)
    else:
        field.move_cursor(field.document.end)
        field.insert(text, maintain_selection_offset=False)


def refuse_typing(node: DOMNode) -> None:
    """Typing in a read-only window: nothing is typed, and that is said once for a burst of keys."""
    now = time.monotonic()
    if now - getattr(node, "_typing_refused_at", -READ_ONLY_SAID_SECONDS) >= READ_ONLY_SAID_SECONDS:
        setattr(node, "_typing_refused_at", now)
        node.notify(t("common.read_only"), severity="warning", markup=False)
