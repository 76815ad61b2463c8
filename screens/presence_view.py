"""Who else has this meeting open, and where the meeting's clock is: the meeting screen's side of
facilitator/presence.py and facilitator/meeting/clock_owner.py (docs/reliability.md "Many
windows, many machines").

- :class:`PresenceLine`: one quiet line under the header — 「ほかに 1 人: 山田 (PC-2) — 情報・意見交換」,
  and 「会議は今: 総評」 when the window that owns the clock is on another step than this one.
  Hidden while nobody else is there and the clock is this window's.
- :class:`PresenceWatch`: writes this window's presence (at once, on every step change, every
  ~10 s) and looks who else is there (every ~3 s), both in a thread worker; removes the presence
  when the screen closes. It tells the screen when the clock stopped or moved here.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Callable

from rich.text import Text
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from facilitator.i18n import t
from facilitator.presence import (
    HEARTBEAT_SECONDS,
    LOOK_SECONDS,
    Presence,
    PresenceInfo,
    SessionPresence,
    describe_others,
    describe_person,
)
from screens.choice import ChoiceScreen
from screens.ui_text import literal, one_line

if TYPE_CHECKING:
    from screens.meeting import MeetingScreen


class PresenceLine(Static):
    """One line under the header; empty and hidden while there is nothing to say (its style:
    ``#presence`` in meeting.tcss)."""

    def say(self, text: Text) -> None:
        self.update(text)
        self.set_class(bool(text.plain), "-shown")

    @property
    def plain(self) -> str:
        return str(self.render())


class PresenceWatch:
    """The meeting screen's presence and its view of the others. ``presence`` None: no presence
    at all (a meeting screen made without a store's presence folder, as in some tests)."""

    def __init__(self, screen: MeetingScreen, presence: Presence | None, *, on_clock: Callable[[], None],
                 beat_seconds: float = HEARTBEAT_SECONDS, look_seconds: float = LOOK_SECONDS) -> None:
        """``on_clock``: the screen's, called when the clock stopped here or came here."""
        self.screen = screen
        self.presence = presence
        self.on_clock = on_clock
        self.beat_seconds = beat_seconds
        self.look_seconds = look_seconds
        self.mine: SessionPresence | None = None
        self.others: list[PresenceInfo] = []
        self.looked = False  # the first look has come back
        self._worker: Worker[Any] | None = None
        self._beat_due = True
        self._last_beat = 0.0

    @property
    def meeting(self):  # type: ignore[no-untyped-def]
        return self.screen.meeting

    def start(self) -> None:
        if self.presence is not None:
            self.mine = self.presence.join(self.meeting.session.id, self.meeting.current.id)
            self.screen.set_interval(self.look_seconds, self._tick, name="presence")
            self._tick()
        self.show()

    def moved(self) -> None:
        """This window is on another step: the others learn it with the next write, now."""
        if self.mine is not None:
            self._beat_due = True
            self._tick()

    def session_changed(self) -> None:
        """The session was brought up to date from the file (a merge, a refresh): follow the clock
        at once (it may have moved away from, or to, this window) instead of at the next look."""
        self._follow(first=False)
        self.show()

    def leave(self) -> None:
        """The screen closes or the app quits: this window is no longer there."""
        if self.mine is not None:
            self.mine.leave()

    # -- the worker --------------------------------------------------------------------------
    def _tick(self) -> None:
        mine = self.mine
        if mine is None or mine.left:
            return
        if self._worker is not None and self._worker.state in (WorkerState.PENDING, WorkerState.RUNNING):
            return  # a slow share: don't pile up
        beat = self._beat_due or time.monotonic() - self._last_beat >= self.beat_seconds
        step = self.meeting.current.id
        if beat:
            self._beat_due = False
            self._last_beat = time.monotonic()

        def work() -> list[PresenceInfo]:
            if beat:
                try:
                    mine.beat(step)
                except OSError:
                    pass  # an unreachable folder: the next beat tries again (the saves say why)
            return mine.look()

        self._worker = self.screen.run_worker(work, thread=True, group="presence", exit_on_error=False,
                                              name="presence")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> bool:
        """Call from the screen's handler; True if the event was ours."""
        if event.worker is not self._worker:
            return False
        if event.state == WorkerState.SUCCESS:
            first = not self.looked
            self.looked = True
            self.others = list(event.worker.result or [])
            self._follow(first)
            self.show()
        elif event.state == WorkerState.ERROR:
            self._beat_due = True  # the folder could not be read: try again at the next look
        return True

    # -- the clock's owner -----------------------------------------------------------------
    @property
    def owner(self) -> PresenceInfo | None:
        """The presence of the window that owns the clock, when it is another one still there."""
        owner = self.meeting.session.clock_owner
        return next((o for o in self.others if o.token == owner), None)

    @property
    def owner_gone(self) -> bool:
        """Another window owns the clock and is no longer there (closed, crashed, silent 2 min)."""
        return self.meeting.clock_elsewhere and self.looked and self.owner is None

    def _follow(self, first: bool) -> None:
        m = self.meeting
        if m.follow_clock():  # a merge gave the clock to another window: stop counting here
            self.on_clock()
        elif first and m.phase == "open" and self.owner_gone:
            # Opening a meeting whose clock's window is gone (the SC's own crash, a closed
            # laptop): the clock comes here without a question.
            if m.take_clock():
                self.on_clock()
                self.screen.notify(t("presence.clock_came_here"), markup=False)
        else:
            self.screen.refresh_bindings()  # F6 asks first only while the owner is there

    # -- the line ------------------------------------------------------------------------------
    def line(self) -> Text:
        m = self.meeting

        def title(step_id: str) -> str | None:
            step = m.session.step(step_id)
            return one_line(step.title, 30) if step is not None else None

        text = literal(describe_others(self.others, title))
        if m.clock_elsewhere:
            owner = self.owner
            meeting_step = owner.step if owner is not None and owner.step else m.session.current_step
            if meeting_step != m.current.id and (name := title(meeting_step)):
                text.append(t("presence.gap") if text else "")
                text.append_text(literal(t("presence.meeting_now", step=name), "bold"))
            if self.owner_gone:
                text.append(t("presence.gap") if text else "")
                text.append(t("presence.owner_gone"))
        return text

    def show(self) -> None:
        self.screen.query_one("#presence", PresenceLine).say(self.line())

    def describe_owner(self) -> str:
        owner = self.owner
        return describe_person(owner) if owner is not None else t("presence.someone")

    # -- taking the clock over -----------------------------------------------------------------
    def take_clock(self) -> None:
        """The clock (and the meeting's step) comes to this window — after a yes while the window
        that has it is still there, at once when it is gone."""
        screen = self.screen

        def take() -> None:
            if self.meeting.take_clock():
                self.on_clock()
                screen.notify(t("presence.clock_taken"), markup=False)

        if self.owner_gone:
            take()
            return

        def answered(choice: str | None) -> None:
            if choice == "take":
                take()

        detail = t("presence.ask_take_detail", who=self.describe_owner(), step=one_line(self.meeting.current.title, 30))
        screen.app.push_screen(ChoiceScreen(t("presence.ask_take"), detail, [("take", t("presence.take_yes"))]),
                               answered)
