"""The meeting's steps: the clock that times them, the timer's state (normal / warning / over),
and moving between them; and a session step made from a template step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal

from facilitator.i18n import t
from facilitator.meeting.core import WHAT, MeetingCore, RuleError
from facilitator.model import Step

# Timer: a warning when this share of the planned time is left.
WARNING_SHARE = 0.2


@dataclass(frozen=True)
class TimerState:
    elapsed: float  # seconds
    planned: float | None  # seconds
    level: Literal["normal", "warning", "over"]
    label: str  # e.g. "12:05 / 15:00", "残り 2分", "超過 +3分"


def format_clock(seconds: float) -> str:
    """Minutes and seconds, or hours when a meeting runs long: 5:07, 1:02:03."""
    s = max(0, int(seconds))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def timer_state(elapsed: float, planned_minutes: float | None) -> TimerState:
    """Normal; a warning when 20% of the planned time is left; over, said in words (超過 +3分)."""
    if not planned_minutes:
        return TimerState(elapsed, None, "normal", format_clock(elapsed))
    planned = planned_minutes * 60
    left = planned - elapsed
    if left < 0:
        over_min = int(-left // 60) + (1 if -left % 60 else 0)
        return TimerState(elapsed, planned, "over", t("timer.over", minutes=max(1, over_min)))
    level: Literal["normal", "warning"] = "warning" if left <= planned * WARNING_SHARE else "normal"
    return TimerState(elapsed, planned, level, f"{format_clock(elapsed)} / {format_clock(planned)}")


class StepRules(MeetingCore):
    """The current step and the time spent on each. Time runs from ``_started`` (a reading of
    ``_clock``, monotonic seconds) and is folded into the current step's ``elapsed_seconds``
    when the meeting moves on, pauses or saves.

    Each window moves between steps on its own (``_here``). Only the window that owns the
    meeting's clock (``session.clock_owner`` is its writer token, or nobody has claimed it)
    writes where it is to ``session.current_step``, the meeting's step; another window's moves
    change nothing in the file (facilitator/meeting/clock_owner.py)."""

    _clock: Callable[[], float]
    _started: float | None  # None while paused
    _here: str  # the step id this window is on

    @property
    def steps(self) -> list[Step]:
        return self.session.steps

    @property
    def owns_clock(self) -> bool:
        """This window's timer counts and its step is the meeting's (nobody else has the clock)."""
        return self.session.clock_owner in (None, self.writer)

    @property
    def current(self) -> Step:
        """The step this window is on (the owner's is the meeting's ``current_step``)."""
        s = self.session
        if self.owns_clock and s.step(s.current_step) is not None:
            self._here = s.current_step
        step = s.step(self._here) or s.step(s.current_step) or (s.steps[0] if s.steps else None)
        if step is None:
            raise RuleError(t("rules.no_steps"))
        return step

    def _own_clock(self) -> None:
        """This window takes the meeting's clock: where it is becomes the meeting's step."""
        here = self.current.id
        self.session.clock_owner = self.writer
        self.session.current_step = here

    @property
    def current_index(self) -> int:
        return self.steps.index(self.current)

    @property
    def running(self) -> bool:
        return self._started is not None

    def _running_seconds(self) -> float:
        return 0.0 if self._started is None else max(0.0, self._clock() - self._started)

    def elapsed(self, step: Step | None = None) -> float:
        """Seconds spent on a step, the running part of the current one included."""
        step = step or self.current
        extra = self._running_seconds() if step is self.current else 0.0
        return step.elapsed_seconds + extra

    def total_elapsed(self) -> float:
        return sum(self.elapsed(s) for s in self.steps)

    def timer(self) -> TimerState:
        return timer_state(self.elapsed(), self.current.planned_minutes)

    def commit_time(self) -> bool:
        """Fold the running time into the current step (before a save). True if it moved."""
        if self._started is None:
            return False
        now = self._clock()
        spent = now - self._started
        self._started = now
        if spent <= 0:
            return False
        self.current.elapsed_seconds = round(self.current.elapsed_seconds + spent, 1)
        return True

    def pause(self) -> None:
        if self._started is not None:
            self.commit_time()
            self._started = None
            self._changed()

    def resume(self) -> None:
        if self._started is None:
            self._started = self._clock()

    def is_done(self, step: Step) -> bool:
        """A step is done once the meeting has moved past it."""
        return self.steps.index(step) < self.current_index

    def goto(self, step_id: str) -> Step:
        target = self.session.step(step_id)
        if target is None:
            raise RuleError(t("rules.not_found", what=WHAT["step"]))
        if target is self.current:
            return target
        self.commit_time()
        self._here = target.id
        if self.owns_clock:
            self.session.current_step = target.id
            self._changed()
        return target

    def next_step(self) -> Step | None:
        """Move on; None when already at the last step."""
        i = self.current_index
        return self.goto(self.steps[i + 1].id) if i + 1 < len(self.steps) else None

    def previous_step(self) -> Step | None:
        i = self.current_index
        return self.goto(self.steps[i - 1].id) if i > 0 else None


def step_from_template(tstep) -> Step:  # type: ignore[no-untyped-def]
    """A session step copied from a template step (the session's copy is authoritative)."""
    return Step(
        id=tstep.id,
        title=tstep.title,
        panel=tstep.panel,
        notes="",
        elapsed_seconds=0,
        planned_minutes=tstep.minutes,
        purpose=tstep.purpose,
        prompts=list(tstep.prompts),
    )
