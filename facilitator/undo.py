"""UndoStack: an open meeting's undo — what was deleted (or moved) and how to put it back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class UndoEntry:
    where: str  # the place whose undo takes it back, e.g. "steps", "board", "roster"
    label: str  # what was done, for the message when undone: 「公園」の削除
    undo: Callable[[], str | None]  # puts it back; returns the key of what to select, or None


class UndoStack:
    """Entries newest last; each place pops only its own.

    The meeting screen owns one and hands it down to what it opens (the step panels, the board,
    the roster). Each entry names the place whose undo key takes it back (``where``): Ctrl+R on
    the meeting screen restores the last deletion made in the steps, the board's Ctrl+R or u its
    own last deletion or move, u in the roster its last removal.
    """

    def __init__(self) -> None:
        self._entries: list[UndoEntry] = []

    def push(self, where: str, label: str, undo: Callable[[], str | None]) -> None:
        self._entries.append(UndoEntry(where, label, undo))

    def has(self, where: str) -> bool:
        return any(e.where == where for e in self._entries)

    def pop(self, where: str) -> UndoEntry | None:
        """Take off the newest entry of ``where`` (None when it has none)."""
        for i in range(len(self._entries) - 1, -1, -1):
            if self._entries[i].where == where:
                return self._entries.pop(i)
        return None

    def drop(self, where: str) -> None:
        """Forget every entry of ``where`` (e.g. a dialog's when it closes)."""
        self._entries = [e for e in self._entries if e.where != where]

    def __len__(self) -> int:
        return len(self._entries)
