"""A board step (template ``panel = "board"``): the あるもの/ないもの board inside the meeting.

The same ``BoardView`` as the F4 screen: vision, quick-add, three columns. Its changes reach the
meeting screen as MeetingChanged (autosave, rail); F4 still opens the full-screen board.
"""

from __future__ import annotations

from textual.app import ComposeResult

from screens.board.view import BoardView
from screens.panels.base import StepPanel


class BoardPanel(StepPanel):
    PANEL = "board"
    DRAFT_FIELDS = ("board-add",)

    def compose(self) -> ComposeResult:
        yield BoardView(self.meeting, undo=self.undo, read_only=self.read_only, id="board-step")

    def focus_first(self) -> None:
        self.query_one(BoardView).focus_first()

    def sync(self) -> None:
        self.query_one(BoardView).sync()

    def type_text(self, text: str) -> None:
        self.query_one(BoardView).type_text(text)
