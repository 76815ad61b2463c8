"""When to save (docs/reliability.md "Crash safety"): the rule, without threads or a UI.

While changes are pending a save happens at least once a second: ``quiet`` seconds after the last
change, and never later than ``max_wait`` after the first unsaved one. A running timer alone is
saved every ``periodic`` seconds. A failed save is retried every ``retry`` seconds. The caller
owns the clock, the writing and the threads; this only answers "is a save due now?".
"""

from __future__ import annotations

import time
from typing import Callable


class SaveSchedule:
    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        *,
        quiet: float = 0.3,
        max_wait: float = 1.0,
        periodic: float = 30.0,
        retry: float = 1.0,
    ) -> None:
        self._clock = clock
        self.quiet = quiet
        self.max_wait = max_wait
        self.periodic = periodic
        self.retry = retry
        self._first_pending: float | None = None
        self._last_change = 0.0
        self._last_save = clock()
        self._retry_at: float | None = None
        self.in_flight = False

    @property
    def pending(self) -> bool:
        return self._first_pending is not None

    def changed(self) -> None:
        now = self._clock()
        if self._first_pending is None:
            self._first_pending = now
        self._last_change = now

    def due(self, *, timer_running: bool = False) -> bool:
        if self.in_flight:
            return False
        now = self._clock()
        if self._retry_at is not None:
            return now >= self._retry_at
        if self._first_pending is not None:
            return now - self._last_change >= self.quiet or now - self._first_pending >= self.max_wait
        return timer_running and now - self._last_save >= self.periodic

    def next_due(self, *, timer_running: bool = False) -> float | None:
        """When (on the schedule's clock) a save falls due if nothing else happens; None: never."""
        if self.in_flight:
            return None
        if self._retry_at is not None:
            return self._retry_at
        if self._first_pending is not None:
            return min(self._last_change + self.quiet, self._first_pending + self.max_wait)
        return self._last_save + self.periodic if timer_running else None

    def started(self) -> None:
        """A snapshot of everything changed so far is being written."""
        self.in_flight = True
        self._first_pending = None
        self._retry_at = None

    def succeeded(self) -> None:
        self.in_flight = False
        self._last_save = self._clock()

    def failed(self) -> None:
        """The write failed: the changes are pending again and a retry is scheduled."""
        self.in_flight = False
        now = self._clock()
        if self._first_pending is None:
            self._first_pending = now
        self._retry_at = now + self.retry
