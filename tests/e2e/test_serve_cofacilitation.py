"""Issue 17's co-facilitation: the SC's terminal window and a 記録係's browser tab (kyogitai serve
--session, opened with the printed tokened address) on one session, each adding an idea; both
see both (the many-hands merge and live refresh, facilitator/sharing). Headless Chromium, skipped
without it (a failure when CI=true). How fast is measured by the benchmarks, not asserted here."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from facilitator.session_load import session_from_json
from served import Served
from tmux_driver import Tmux, new_session_at_ideas, wait_until

pytestmark = pytest.mark.e2e

FROM_TERMINAL = "投影している画面から出た案"
FROM_BROWSER = "記録係のタブレットから出た案"


def _ideas(path: Path) -> list[str]:
    try:
        return [i.text for i in session_from_json(path.read_bytes()).ideas]
    except (OSError, ValueError):
        return []  # being replaced


def test_a_served_tab_and_a_terminal_window_on_one_session_see_each_others_ideas(tmp_path: Path) -> None:
    from browser_driver import require_chromium

    require_chromium()
    store = tmp_path / "store"
    store.mkdir()
    sid = new_session_at_ideas(store)
    path = store / f"{sid}.json"
    served = Served(store, "--session", sid)
    terminal = Tmux(120, 36)
    try:
        served.wait_ready()
        terminal.start_kyogitai("--store", str(store), "open", sid)
        terminal.wait_for("アイデアを入力して Enter", timeout=60)
        asyncio.run(_scenario(served, terminal, path))
    finally:
        terminal.close()
        served.stop()


async def _scenario(served: Served, terminal: Tmux, path: Path) -> None:
    from browser_driver import Browser

    async with Browser() as browser:
        await browser.goto(served.url)  # the printed address: the token, then its cookie
        await browser.wait_for_app(60)
        await browser.focus_terminal()
        await browser.wait_for_text("アイデアを入力して Enter", 60)  # straight into the meeting (--session)

        terminal.type(FROM_TERMINAL)
        terminal.wait_for(FROM_TERMINAL)
        terminal.keys("Enter")
        await browser.type_text(FROM_BROWSER)
        await browser.wait_for_text(FROM_BROWSER, 30)  # in the tab's field, as the 記録係 sees it
        await browser.press("enter")

        wait_until(lambda: FROM_TERMINAL in _ideas(path) and FROM_BROWSER in _ideas(path), timeout=30,
                   what="both ideas in the file")
        assert sorted(_ideas(path)).count(FROM_TERMINAL) == 1 and _ideas(path).count(FROM_BROWSER) == 1
        # Each screen shows the other's idea (the live refresh looks at the file twice a second).
        terminal.wait_for(FROM_BROWSER, timeout=15)
        await browser.wait_for_text(FROM_TERMINAL, 15)
        # And each still shows its own: nothing was overwritten by the other's save.
        assert FROM_TERMINAL in terminal.screen()
        assert FROM_BROWSER in await browser.terminal_text()
