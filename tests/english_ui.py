"""The app in English (KYOGITAI_LANG=en), run by test_english_ui.py in a fresh process.

Key labels are read when the screen classes are imported, so English needs a process that
starts in English; this file is not collected with the rest of the suite (its name doesn't
start with test_) and refuses to run in Japanese.
"""

from __future__ import annotations

import asyncio
import html
import os
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.demo import write_demo
from facilitator.store import Store, StoreLocation
from factories import make_session
from screens.app import KyogitaiApp

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 8, 19, 14, 5, tzinfo=JST)
SIZE = (120, 36)
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]")
HOME_CSS = (Path(__file__).parent.parent / "screens" / "home.tcss").resolve()

pytestmark = pytest.mark.skipif(os.environ.get(i18n.ENV) != "en", reason="runs in a process started in English")


def screen_lines(app: KyogitaiApp) -> list[str]:
    """What the terminal shows, line by line (from the SVG screenshot's text runs)."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text[^>]*?x="([\d.]+)"[^>]*?y="([\d.]+)"[^>]*>(.*?)</text>', svg, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", m.group(3))).replace("\xa0", " ")
        rows.setdefault(float(m.group(2)), []).append((float(m.group(1)), text))
    return ["".join(t for _, t in sorted(parts)).rstrip() for _, parts in sorted(rows.items())]


async def shown_when(pilot, *words: str, timeout: float = 10.0) -> str:  # type: ignore[no-untyped-def]
    """The screen's text once every word is on it (or what it shows when the time is up)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        await pilot.pause()
        text = "\n".join(screen_lines(pilot.app))
        if all(w in text for w in words) or loop.time() > deadline:
            return text


def test_the_process_is_in_english() -> None:
    assert i18n.language() == "en"


async def test_home_screen_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = Store(Path("sessions"))
    write_demo(store, today=NOW.date(), seed=20260819)
    app = KyogitaiApp(StoreLocation(store.root, "test"), clock=lambda: 0.0, now=lambda: NOW)
    if HOME_CSS not in [Path(p).resolve() for p in app.css_path]:
        app.css_path.append(HOME_CSS)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        lines = screen_lines(app)
        shown = "\n".join(lines)
        footer = lines[-1]
        for label in ("Review", "Open to edit", "Next meeting", "Export", "Homework", "Year plan", "Search"):
            assert label in footer, (label, footer)
        assert not JAPANESE.search(footer), footer
        for label in ("records of the 協議体", "Date", "Meeting", "Ideas", "Handed", "All bodies", "All years"):
            assert label in shown, (label, shown)
        assert re.search(r"\d+ meetings", shown), shown
        # Dates the English way, the fiscal year too (the demo is in 令和 years in Japanese).
        assert re.search(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} 20\d\d", shown), shown
        assert "令和" not in shown

        await pilot.press("y")
        plan = await shown_when(pilot, "Year plan FY")
        assert "Year plan FY" in plan and "Previous year" in plan and "Month" in plan, plan


async def test_meeting_screen_in_english(tmp_path: Path) -> None:
    session = make_session(current_step="ideas")
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        shown = "\n".join(lines)
        footer = lines[-1]
        for label in ("Next", "Previous", "Projection", "Board", "Prompts", "Attendees", "Help"):
            assert label in footer, (label, footer)
        assert not JAPANESE.search(footer), footer
        # The step panel: field placeholder, speaker and issue choices, counts, the rail, timer, header.
        for label in ("Type an idea and press Enter", "Anonymous", "in all", "We can do it",
                      "Steps", "Total", "Wed 19 Aug 2026"):
            assert label in shown, (label, shown)

        await pilot.press("f1")
        help_text = await shown_when(pilot, "Running the meeting")
        assert "Running the meeting" in help_text and "This step" in help_text and "Next step" in help_text
        assert "Add the idea" in help_text
        await pilot.press("escape")

        # A step further: the hand-off panel speaks English too.
        await pilot.press("pagedown")
        shown = await shown_when(pilot, "Ideas to hand off")
        assert "Ideas to hand off" in shown and "Handed to the SC" in shown, shown


async def test_user_text_stays_text_in_english(tmp_path: Path) -> None:
    session = make_session(current_step="ideas")
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"[bold]x[/] {count}")
        await pilot.press("enter")
        assert "[bold]x[/] {count}" in await shown_when(pilot, "[bold]x[/] {count}")
