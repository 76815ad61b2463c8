"""開会 and 散会: when the meeting really started and ended, and whether its clocks may run.

The session records ``started_at`` (開会) and ``ended_at`` (散会), ISO 8601 with the offset,
stamped by the meeting's wall clock ``now``. They decide the meeting's phase:

- ``before`` — no ``started_at``: not opened yet. The step clocks are stopped, so opening a
  session only to look at it (a past one, one made ahead) never runs its timer. The first
  PageDown/PageUp (:meth:`OpeningRules.turn_page`) or the clock key (開会) opens it, whatever the
  meeting's date;
- ``open`` — ``started_at`` without ``ended_at``: under way. The clock runs in the window that owns
  it (``clock_owner``, clock_owner.py), also when the session is opened again after a crash or a
  quit; there the clock key pauses and resumes it, elsewhere it offers to take the clock over;
- ``ended`` — ``ended_at``: finished (散会: PageDown at the last step, or quitting from it, after a
  yes). Its clocks never run; only an explicit 再開 (:meth:`OpeningRules.reopen_meeting`) opens it
  again, clearing ``ended_at``.

``start_time``/``end_time`` (HH:MM) are filled from them, unless a time is already there that
the SC typed (or that was planned when the session was made). 再開 clears an ``end_time`` that
reads the same as the ``ended_at`` it clears (it was filled from it), so the next 散会 fills it
again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from facilitator.meeting.attendance import everyone_present
from facilitator.meeting.steps import StepRules
from facilitator.model import Step, timestamp

Phase = Literal["before", "open", "ended"]
# What the clock key (F6) does now: open the meeting, pause or resume its clock, offer 再開, or
# (another window owns the clock) offer to take the clock over (clock_owner.py).
ClockKey = Literal["open", "pause", "resume", "reopen", "take"]


@dataclass(frozen=True)
class PageTurn:
    """What a PageDown/PageUp did."""

    step: Step | None  # the step moved to; None when already at the first/last one
    opened: bool  # this turn opened the meeting (開会)
    close_due: bool  # PageDown at the last step of a meeting under way: ask whether to close (散会)


def clock_time(stamp: str | None) -> str | None:
    """The HH:MM a stamp reads as where it was made (its own offset)."""
    if not stamp:
        return None
    try:
        return f"{datetime.fromisoformat(stamp):%H:%M}"
    except ValueError:
        return None


class OpeningRules(StepRules):
    """The meeting's phase, 開会, 散会 and 再開, and the step clock kept to them."""

    _may_run: bool  # False: this Meeting's clock never runs (the board opened from home, a script)

    # -- the phase ------------------------------------------------------------------------
    @property
    def phase(self) -> Phase:
        s = self.session
        if s.ended_at:
            return "ended"
        return "open" if s.started_at else "before"

    def _start_clock(self) -> None:
        if self._may_run and self.phase == "open" and self._started is None and self.owns_clock:
            self._started = self._clock()

    def _stop_clock(self) -> None:
        self.commit_time()
        self._started = None

    def resume(self) -> None:
        """The clock runs again, only in a meeting under way."""
        self._start_clock()

    def clock_key(self) -> ClockKey:
        """What the clock key does now: 開会, pause, resume, offer 再開 (after a yes), or offer to
        take the clock over from the window that owns it."""
        phase = self.phase
        if phase == "before":
            return "open"
        if phase == "ended":
            return "reopen"
        if not self.owns_clock:
            return "take"
        return "pause" if self.running else "resume"

    @property
    def close_due_on_quit(self) -> bool:
        """Quitting now asks whether to close the meeting (散会): at its last step, under way, from
        the window that owns its clock."""
        return self.phase == "open" and self.owns_clock and bool(self.steps) and self.current is self.steps[-1]

    # -- 開会, 散会, 再開 ---------------------------------------------------------------------
    def open_meeting(self) -> bool:
        """開会: record ``started_at`` (and ``start_time`` when none is there), mark everyone whose
        attendance is not taken present, make this window the clock's owner and run the clock.
        False when the meeting was already opened (or is finished): nothing changes."""
        if self.phase != "before":
            return False
        self._own_clock()
        s = self.session
        s.started_at = timestamp(self._now())
        if not s.start_time:
            s.start_time = clock_time(s.started_at)
        everyone_present(s)  # attendance in one step: the SC then marks the absent
        self._changed()
        self._start_clock()
        return True

    def close_meeting(self) -> bool:
        """散会: stop the clock, record ``ended_at`` (and ``end_time`` unless the SC typed one).
        False when it was already finished."""
        if self.phase == "ended":
            return False
        self._stop_clock()
        s = self.session
        s.ended_at = timestamp(self._now())
        if not s.end_time:
            s.end_time = clock_time(s.ended_at)
        self._changed()
        return True

    def reopen_meeting(self) -> bool:
        """再開: a finished meeting is under way again (its clock runs). ``ended_at`` is cleared, and
        ``end_time`` with it when it was filled from it. A meeting closed without ever being opened
        (a file written elsewhere) is opened now. The window that reopens it owns its clock. False
        when it was not finished."""
        if self.phase != "ended":
            return False
        self._own_clock()
        s = self.session
        if s.end_time and s.end_time == clock_time(s.ended_at):
            s.end_time = None
        s.ended_at = None
        if not s.started_at:
            s.started_at = timestamp(self._now())
            if not s.start_time:
                s.start_time = clock_time(s.started_at)
        self._changed()
        self._start_clock()
        return True

    # -- PageDown / PageUp ------------------------------------------------------------------
    def turn_page(self, forward: bool) -> PageTurn:
        """PageDown (``forward``) or PageUp: the first one opens the meeting (開会), then the window
        moves a step (the meeting's step too, from the clock's owner). At the last step of a
        meeting under way PageDown moves nowhere: in the clock owner's window it is time to ask
        whether to close (散会)."""
        opened = self.open_meeting()
        step = self.next_step() if forward else self.previous_step()
        close_due = forward and step is None and not opened and self.phase == "open" and self.owns_clock
        return PageTurn(step, opened, close_due)
