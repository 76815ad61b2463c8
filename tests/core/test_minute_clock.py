"""The header clock's next tick: at the next whole minute, not 60 s from when the screen opened."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from facilitator.minute_clock import AFTER_THE_MINUTE, seconds_to_next_minute


@pytest.mark.parametrize(("h", "m", "s", "us"), [(23, 59, 59, 999_000), (0, 0, 0, 0), (0, 2, 7, 0), (14, 5, 30, 500_000)])
def test_the_next_tick_reads_the_next_minute(h: int, m: int, s: int, us: int) -> None:
    now = datetime(2026, 12, 6, h, m, s, us)
    delay = seconds_to_next_minute(now)
    assert 0 < delay <= 60 + AFTER_THE_MINUTE
    then = now + timedelta(seconds=delay)
    expected = (now.replace(second=0, microsecond=0) + timedelta(minutes=1))
    assert f"{then:%H:%M}" == f"{expected:%H:%M}"
    assert then - expected < timedelta(seconds=1)


def test_from_the_minute_itself_the_next_is_a_minute_on() -> None:
    assert seconds_to_next_minute(datetime(2026, 12, 7, 0, 0, 0)) == pytest.approx(60 + AFTER_THE_MINUTE)
