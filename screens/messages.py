"""Messages a meeting's widgets send up to the screen that holds the meeting."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class MeetingChanged(Message):
    """A panel or the board changed the meeting (the screen refreshes its rail, header and save state)."""
