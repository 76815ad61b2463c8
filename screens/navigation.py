"""Where a screen asks to go: messages that bubble up to the App, which does the navigating.

Screens don't call the App's methods to move between screens; they post one of these and the
App (``KyogitaiApp.on_open_meeting`` …) decides how: a screen to push or switch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from facilitator.model import Session


@dataclass
class OpenMeeting(Message):
    """Open ``session``'s meeting screen (always editable). ``replace``: instead of the sender's
    screen; ``board_only``: straight to its board and back (F4 on home)."""

    session: Session
    replace: bool = False
    board_only: bool = False


@dataclass
class OpenReview(Message):
    """Show a past session read-only: what changed since last time, its minutes and board."""

    session_id: str
