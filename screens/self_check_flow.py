"""When the meeting screen opens the self-check (screens/self_check_dialog.py): after 散会, and
from the command palette once the meeting is closed — never while projection mode (F5) is on.

After 散会 while projecting, the check waits: the notice line says it opens when projection is
turned off, and it does then (once). Skipping is one key (Esc) and saves nothing.
"""

from __future__ import annotations

from typing import Awaitable, Callable

from textual.screen import Screen

from facilitator.i18n import t
from facilitator.meeting import Meeting


class SelfCheckFlow:
    def __init__(self, screen: Screen[None], meeting: Meeting, saved: Callable[[], None]) -> None:
        """``saved``: called after a check changed the session (the screen's autosave tick)."""
        self.screen = screen
        self.meeting = meeting
        self.saved = saved
        self.waiting = False  # closed while projecting: opens when projection is turned off

    @property
    def projected(self) -> bool:
        return self.screen.has_class("projection")

    def closed(self, then: Callable[[], Awaitable[None]] | None = None) -> None:
        """散会 just recorded. ``then``: what follows once the check is answered or skipped (quit)."""
        if self.projected:
            if then is None:
                self.waiting = True
                self.screen.notify(t("self_check.after_projection"), markup=False)
            else:
                self.screen.run_worker(then(), exclusive=False)
            return
        self.open(then)

    def projection_changed(self) -> None:
        if self.waiting and not self.projected:
            self.waiting = False
            self.open()

    def available(self) -> bool:
        """The palette's 自己チェック: a closed meeting, out of projection."""
        return self.meeting.phase == "ended" and not self.projected

    def open(self, then: Callable[[], Awaitable[None]] | None = None) -> None:
        from screens.self_check_dialog import Answer, SelfCheckDialog

        if self.projected:  # (the palette is the other way in: never onto the wall)
            self.screen.notify(t("self_check.projected"), markup=False)
            return

        async def answered(answer: Answer | None) -> None:
            if answer is None:
                self.screen.notify(t("self_check.skipped"), markup=False)
            else:
                answers, note = answer
                if self.meeting.record_self_check(answers, note):
                    self.saved()
                self.screen.notify(t("self_check.saved"), markup=False)
            if then is not None:
                await then()

        self.screen.app.push_screen(SelfCheckDialog(self.meeting.session.self_check), answered)
