"""The meeting header's clock changes at the wall clock's minute boundary, not up to a minute
late (it used to tick every so many seconds from when the screen opened)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path

from textual.widgets import Static

from facilitator.store import StoreLocation
from factories import JST, make_session
from pilot_helpers import SIZE, STARTED_AT
from screens.app import KyogitaiApp


async def test_the_header_clock_turns_over_at_the_minute(tmp_path: Path) -> None:
    start = datetime(2026, 12, 6, 23, 59, 59, 800_000, tzinfo=JST)
    opened = asyncio.get_running_loop().time()

    def wall() -> datetime:  # the wall clock, running from 23:59:59.8 with the event loop
        return start + timedelta(seconds=asyncio.get_running_loop().time() - opened)

    session = make_session(started_at=STARTED_AT)
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=wall)
    async with app.run_test(size=SIZE) as pilot:
        clock = app.screen.query_one("#header-clock", Static)
        assert str(clock.render()) in ("23:59", "00:00")
        for _ in range(200):  # the tick is due 0.25 s after the start: wait up to 10 s for it
            if str(clock.render()) == "00:00":
                break
            await pilot.pause(0.05)
        assert str(clock.render()) == "00:00"
