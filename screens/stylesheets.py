"""MEETING_CSS_PATH: the stylesheets of the meeting and board screens, as absolute paths."""

from __future__ import annotations

from pathlib import Path, PurePath

HERE = Path(__file__).resolve().parent

# The meeting's panels, the board panel and BoardScreen, their dialogs. Not in the App's CSS_PATH,
# so a start on the home screen does not parse them: Textual loads a screen's CSS_PATH the first
# time the screen is pushed. Absolute paths, because a relative CSS_PATH is read from the folder
# of the file of the class that sets it, and the screens using this list live in different ones.
MEETING_CSS_PATH: list[str | PurePath] = [
    HERE / "meeting.tcss",
    HERE / "dialogs.tcss",
    HERE / "board" / "board.tcss",
    HERE / "panels" / "recap_issues_consult.tcss",
    HERE / "panels" / "handoff_close.tcss",
]
