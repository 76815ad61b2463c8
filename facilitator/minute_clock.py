"""When a clock showing hours and minutes (the meeting header's 14:05) must be drawn again.

Ticking every 60 s from whenever the screen opened leaves the shown minute behind the wall clock
by up to a minute (「23:59」 at 00:00:00). The next tick is scheduled at the next whole minute
instead, a little after it so that a timer firing early still reads the new minute.
"""

from __future__ import annotations

from datetime import datetime

AFTER_THE_MINUTE = 0.05  # seconds past the boundary: the time read then is in the new minute


def seconds_to_next_minute(now: datetime) -> float:
    """Seconds from ``now`` until just after the next whole minute (never zero or less)."""
    into = now.second + now.microsecond / 1_000_000
    return 60.0 - into + AFTER_THE_MINUTE
