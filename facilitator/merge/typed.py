"""Text being typed into a field while another writer changes the same text (issue 16).

A text area saves into the session at each keystroke. Another writer's change to that text comes
into the session (the live refresh's merge) while the area is being typed in: the area keeps what
is typed, cursor and all, and from then on each keystroke stores the merge of what is typed with
what came in — from the text the area last agreed with the session on (``loaded``) — so neither
side's lines are lost. Where the merge could not place what was typed (both changed the same
lines; the other writer's lines win there), the caller keeps the typed text in the session's
conflicts at once (``overlapped``). Leaving the field shows the session's text.

All texts here are as the session holds and shows them (the caller normalises what is typed the
same way the rule storing it does): a text that differs from what was typed only by that
normalisation is this window's own, never another writer's.

Plain Python; the screens' text panels (総評, notes, 前回の振り返り, the next meeting's agenda) hold one
:class:`TypedText` each.
"""

from __future__ import annotations

from typing import Callable

from facilitator.merge.text import merge_lines

# (base, theirs, typed) → (the text to store, True when everything typed has a place in it)
Merge = Callable[[str, str, str], "tuple[str, bool]"]


def merge_line_sets(base: str, theirs: str, typed: str) -> tuple[str, bool]:
    """Lines as a set (a list the file merges as a set: the next meeting's agenda): the lines
    typed, in their order, without those the other writer removed, then the lines they added.
    Nothing overlaps: an edited line is the old one removed and a new one added."""
    before, their_lines, mine = _lines(base), _lines(theirs), _lines(typed)
    removed = set(before) - set(their_lines)
    kept = [line for line in mine if line not in removed]
    added = [line for line in their_lines if line not in before and line not in kept]
    return "\n".join(kept + added), True


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


class TypedText:
    """One text area's typing against the session's text (see the module)."""

    def __init__(self, loaded: str, merge: Merge = merge_lines) -> None:
        self.merge = merge
        self.loaded = loaded  # the session's text when the area last agreed with it
        self.last_set: str | None = None  # what this area last stored in the session
        self.theirs: str | None = None  # another writer's text that came in while it was typed in
        self.overlapped = False  # the last merge could not place all of what was typed

    def shown(self, text: str) -> None:
        """The area shows the session's ``text`` now (loaded, or left)."""
        self.loaded, self.last_set, self.theirs, self.overlapped = text, None, None, False

    def came_in(self, text: str, typed: str) -> None:
        """The session's text is ``text`` after a merge was taken in, while the area, being typed
        in, holds ``typed``: unless it is what this area stored, it is another writer's."""
        if text != typed and text != self.last_set:
            self.theirs = text

    def keystroke(self, typed: str, current: str) -> str | None:
        """The area holds ``typed`` after a key; the session holds ``current``. The text to store
        (what was typed, or its merge with another writer's), or None when there is nothing to."""
        if self.last_set is not None and current != self.last_set:
            self.theirs = current  # another writer's change arrived since the last keystroke
        value, clean = (typed, True) if self.theirs is None else self.merge(self.loaded, self.theirs, typed)
        self.overlapped = not clean
        if value == current:
            return None
        self.last_set = value
        if self.theirs is None:
            self.loaded = typed
        return value

    def unplaced(self, typed: str, current: str) -> bool:
        """Leaving the field: does ``typed`` hold text the merge could not place (for the
        conflicts)?"""
        return self.overlapped and bool(typed.strip()) and typed != current
