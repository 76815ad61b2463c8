"""The Textual app: opens a session's meeting screen, or the home screen on the store."""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime
from typing import Callable

from textual.app import App
from textual.binding import Binding

from facilitator.meeting import Meeting
from facilitator.model import Session
from facilitator.store import Store, StoreLocation


class KyogitaiApp(App[None]):
    CSS_PATH = [
        "app.tcss", "board.tcss", "home.tcss",
        "panels/recap_issues_consult.tcss", "panels/handoff_close.tcss",
    ]
    TITLE = "kyogitai"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "終了", priority=True, id="app.quit"),
    ]

    def __init__(
        self,
        location: StoreLocation,
        *,
        session: Session | None = None,
        read_only: bool = False,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
    ) -> None:
        """``clock`` times the steps and ``now`` is the wall clock: tests pass fixed ones."""
        super().__init__()
        self.clock = clock
        self.now = now
        self.location = location
        self.store = Store(location.path)
        self.session = session
        self.read_only = read_only
        self._force_quit = False

    def on_mount(self) -> None:
        if self.session is not None:
            self.open_meeting(self.session, read_only=self.read_only)
        else:
            from screens.home import HomeScreen

            self.push_screen(HomeScreen(self.store, self.location))
        if sys.platform == "win32" and not os.environ.get("WT_SESSION"):
            self.notify("Windows Terminal で開くと、日本語の表示と入力が安定します", timeout=10, markup=False)

    def open_meeting(self, session: Session, *, read_only: bool = False) -> None:
        from screens.meeting import MeetingScreen

        meeting = Meeting(session, clock=self.clock, now=self.now)
        self.push_screen(MeetingScreen(meeting, self.store, read_only=read_only))

    def open_review(self, session_id: str) -> None:
        """A past session read-only: what changed since last time, its minutes and board."""
        from screens.review import ReviewScreen

        self.push_screen(ReviewScreen(self.store, session_id))

    async def action_quit(self) -> None:
        """Quit after the final save; if it fails, say so and quit only on a second Ctrl+Q."""
        from screens.meeting import MeetingScreen

        errors = []
        for screen in self.screen_stack:
            if isinstance(screen, MeetingScreen):
                error = await screen.saver.flush()
                if error:
                    errors.append(error)
        if errors and not self._force_quit:
            self._force_quit = True
            self.notify("保存できません。もう一度 Ctrl+Q を押すと、保存せずに終了します", severity="error",
                        timeout=10, markup=False)
            return
        self.exit()


def run(location: StoreLocation, session_id: str | None = None) -> int:
    store = Store(location.path)
    session = store.load(session_id) if session_id else None
    KyogitaiApp(location, session=session).run()
    return 0
