"""開会, 散会 and 再開 in the meeting screen, and the keys that must work inside a text area (Pilot).

The step clock is a counter the test moves by hand (``Ticks``), the wall clock is fixed at ``NOW``
(14:05), so what the timer shows and what is stamped are known.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from textual.widgets import Input, Static, TextArea

from facilitator.session_load import session_from_json
from facilitator.store import Store, StoreLocation
from factories import NOW, make_session
from pilot_helpers import SIZE, STARTED_AT, notes
from screens.app import KyogitaiApp
from screens.choice import ChoiceScreen
from screens.meeting import MeetingScreen
from screens.self_check_dialog import SelfCheckDialog
from screens.themes import BRIGHT
from screens.widgets.footer import Footer


class Ticks:
    """The step clock: seconds that move only when the test says."""

    def __init__(self) -> None:
        self.seconds = 500.0

    def __call__(self) -> float:
        return self.seconds


def open_app(tmp_path: Path, ticks: Ticks, **overrides) -> tuple[KyogitaiApp, Path]:  # type: ignore[no-untyped-def]
    """The session saved in the store first (as when it is opened from home), then opened."""
    overrides.setdefault("start_time", None)
    session = make_session(**overrides)
    Store(tmp_path).save(session)
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=ticks, now=lambda: NOW)
    return app, tmp_path / f"{session.id}.json"


def meeting_screen(app: KyogitaiApp) -> MeetingScreen:
    screen = app.screen
    assert isinstance(screen, MeetingScreen)
    return screen


def timer_line(app: KyogitaiApp) -> str:
    return str(app.screen.query_one("#timer-line", Static).render())


def footer_keys(app: KyogitaiApp) -> dict[str, str]:
    return {e.description: e.key for e in app.screen.query_one(Footer).entries}


async def wait_until(pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


def on_disk(path: Path):  # type: ignore[no-untyped-def]
    return session_from_json(path.read_bytes())


# ---------------------------------------------------------------------------------------
# 開会


async def test_a_past_session_opened_to_look_at_does_not_run_its_timer(tmp_path: Path) -> None:
    ticks = Ticks()
    app, path = open_app(tmp_path, ticks, date="2026-06-17", current_step="ideas")
    before = path.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        m = meeting_screen(app).meeting
        assert m.phase == "before" and not m.running
        ticks.seconds += 600  # ten minutes of looking
        await pilot.pause(0.3)
        assert m.elapsed() == 0 and m.total_elapsed() == 0
        assert timer_line(app).startswith("開会前 0:00")
        assert footer_keys(app)["開会"] == "f6"
        assert meeting_screen(app).saver.dirty is False
    assert path.read_bytes() == before  # looking never wrote


async def test_page_down_opens_the_meeting_records_started_at_and_runs_the_clock(tmp_path: Path) -> None:
    ticks = Ticks()
    app, path = open_app(tmp_path, ticks, current_step="recap")
    async with app.run_test(size=SIZE) as pilot:
        said = notes(app)
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
        m = meeting_screen(app).meeting
        assert m.current.id == "issues" and m.phase == "open" and m.running
        assert m.session.started_at == "2026-08-19T14:05:00+09:00" and m.session.start_time == "14:05"
        assert "開会しました（14:05）" in said
        await wait_until(pilot, lambda: on_disk(path).started_at == "2026-08-19T14:05:00+09:00")
        ticks.seconds += 90
        await pilot.pause(1.2)  # the timer repaints every second
        assert m.elapsed() == 90 and timer_line(app).startswith("⏱ 1:30")
        assert "開会" not in footer_keys(app)  # F6 pauses now (not shown in the footer, as before)


async def test_f6_opens_the_meeting_then_pauses_and_resumes(tmp_path: Path) -> None:
    ticks = Ticks()
    app, path = open_app(tmp_path, ticks, current_step="ideas")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        m = meeting_screen(app).meeting
        assert isinstance(app.focused, Input)  # in the idea field: F6 works there too
        await pilot.press("f6")
        await pilot.pause()
        assert m.session.started_at and m.running and m.current.id == "ideas"
        ticks.seconds += 10
        await pilot.press("f6")
        await pilot.pause()
        assert not m.running and timer_line(app).startswith("⏸ 停止中 0:10")
        ticks.seconds += 100
        await pilot.press("f6")
        await pilot.pause()
        ticks.seconds += 1
        assert m.running and m.elapsed() == 11


async def test_a_meeting_under_way_runs_its_clock_when_opened_again(tmp_path: Path) -> None:
    ticks = Ticks()
    app, _ = open_app(tmp_path, ticks, current_step="ideas", started_at=STARTED_AT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        m = meeting_screen(app).meeting
        assert m.phase == "open" and m.running
        ticks.seconds += 5
        assert m.elapsed() == 5


# ---------------------------------------------------------------------------------------
# 散会 and 再開


async def test_close_step_done_records_ended_at_stops_the_clocks_and_reopen_runs_them(tmp_path: Path) -> None:
    ticks = Ticks()
    app, path = open_app(tmp_path, ticks, current_step="comment", started_at=STARTED_AT)
    async with app.run_test(size=SIZE) as pilot:
        said = notes(app)
        await pilot.pause()
        await pilot.press("pagedown")  # to 次回の日程・宿題の確認, the last step
        await pilot.pause()
        m = meeting_screen(app).meeting
        assert m.current.id == "close"
        ticks.seconds += 30
        await pilot.press("pagedown")  # the close step's done: 散会?
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press(*"月2回")  # typing here changes nothing
        assert isinstance(app.screen, ChoiceScreen) and m.session.ended_at is None
        await pilot.press("escape")  # not yet
        await pilot.pause()
        assert m.session.ended_at is None and m.running
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.press("enter")  # 散会する
        await pilot.pause()
        assert isinstance(app.screen, SelfCheckDialog)  # the facilitator's self-check (tests/tui/test_self_check_screen.py)
        await pilot.press("escape")  # skipped in one key
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen) and m.session.self_check is None
        assert m.session.ended_at == "2026-08-19T14:05:00+09:00" and m.session.end_time == "14:05"
        assert m.phase == "ended" and not m.running and "散会しました（14:05）" in said
        assert m.session.step("close").elapsed_seconds == 30
        assert timer_line(app).startswith("散会済み 0:30")
        assert footer_keys(app)["会議を再開"] == "f6"
        await wait_until(pilot, lambda: on_disk(path).ended_at == "2026-08-19T14:05:00+09:00")
        ticks.seconds += 300
        await pilot.press("pageup", "pagedown")  # looking back moves, the clocks stay stopped
        await pilot.pause()
        assert m.elapsed() == 30 and not m.running
        await pilot.press("pagedown")  # at the last step of a closed meeting: it only says so
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert said[-1] == "散会済みの会議です（F6 で再開できます）"

    # Opened again: finished, its clocks never run.
    ticks2 = Ticks()
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=on_disk(path), clock=ticks2, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        m = meeting_screen(app).meeting
        assert m.phase == "ended" and not m.running
        ticks2.seconds += 60
        assert m.total_elapsed() == on_disk(path).step("close").elapsed_seconds + sum(
            s.elapsed_seconds for s in on_disk(path).steps if s.id != "close")
        assert timer_line(app).startswith("散会済み")
        # 再開: F6 asks; Esc leaves it closed, a yes reopens it.
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert m.phase == "ended"
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("enter")  # 再開する
        await pilot.pause()
        assert m.phase == "open" and m.running
        assert m.session.ended_at is None and m.session.end_time is None  # it was filled from it
        ticks2.seconds += 7
        assert m.elapsed() == 30 + 7
        await wait_until(pilot, lambda: on_disk(path).ended_at is None)


async def test_quitting_from_the_close_step_asks_and_closes_the_meeting(tmp_path: Path) -> None:
    app, path = open_app(tmp_path, Ticks(), current_step="close", started_at=STARTED_AT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen) and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("enter")  # 散会して終了
        await wait_until(pilot, lambda: isinstance(app.screen, SelfCheckDialog))  # the self-check first
        await pilot.press("escape")  # skipped: then it quits
        await wait_until(pilot, lambda: not app.is_running)
    saved = on_disk(path)
    assert saved.ended_at == "2026-08-19T14:05:00+09:00" and saved.end_time == "14:05"


async def test_quitting_without_closing_leaves_the_meeting_under_way(tmp_path: Path) -> None:
    app, path = open_app(tmp_path, Ticks(), current_step="close", started_at=STARTED_AT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("right", "enter")  # 散会せずに終了
        await wait_until(pilot, lambda: not app.is_running)
    saved = on_disk(path)
    assert saved.started_at == STARTED_AT and saved.ended_at is None


async def test_quitting_from_another_step_asks_nothing(tmp_path: Path) -> None:
    app, path = open_app(tmp_path, Ticks(), current_step="comment", started_at=STARTED_AT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running)
    assert on_disk(path).ended_at is None


# ---------------------------------------------------------------------------------------
# F-keys inside a text area (総評, 議題)


async def f_keys_act_inside(pilot, app: KyogitaiApp, area: TextArea) -> None:  # type: ignore[no-untyped-def]
    """F6 pauses and resumes, F7 switches the theme, F2 and F5 toggle, with ``area`` focused;
    the area keeps its text and its cursor (TextArea binds F6 and F7 to select a line / all)."""
    screen = meeting_screen(app)
    m = screen.meeting
    area.focus()
    await pilot.pause()
    assert app.focused is area and m.running
    text, selection = area.text, area.selection
    await pilot.press("f6")
    await pilot.pause()
    assert not m.running and timer_line(app).startswith("⏸ 停止中")
    await pilot.press("f6")
    await pilot.pause()
    assert m.running
    theme = app.theme
    await pilot.press("f7")
    await pilot.pause()
    assert app.theme == BRIGHT.name
    await pilot.press("f7")
    await pilot.pause()
    assert app.theme == theme
    await pilot.press("f5", "f2")
    await pilot.pause()
    assert screen.has_class("projection") and screen.has_class("hide-prompts")
    await pilot.press("f5", "f2")
    await pilot.pause()
    assert app.focused is area and area.text == text and area.selection == selection


async def test_f6_and_f7_act_inside_the_review_area(tmp_path: Path) -> None:
    app, _ = open_app(tmp_path, Ticks(), current_step="comment", started_at=STARTED_AT, review="あるものを活かす案が多く出ました。")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        area = app.screen.query_one("#step-text", TextArea)
        await f_keys_act_inside(pilot, app, area)
        # PageUp/PageDown too (TextArea binds them to scroll).
        await pilot.press("pageup")
        await pilot.pause()
        assert meeting_screen(app).meeting.current.id == "handoff"


async def test_f6_and_f7_act_inside_the_agenda_area(tmp_path: Path) -> None:
    app, _ = open_app(tmp_path, Ticks(), current_step="close", started_at=STARTED_AT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        area = app.screen.query_one("#next-agenda", TextArea)
        await f_keys_act_inside(pilot, app, area)


async def test_f6_opens_the_meeting_from_inside_the_review_area(tmp_path: Path) -> None:
    app, path = open_app(tmp_path, Ticks(), current_step="comment")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, TextArea)
        await pilot.press("f6")
        await pilot.pause()
        assert meeting_screen(app).meeting.running
        assert app.screen.query_one("#step-text", TextArea).selected_text == ""
        await wait_until(pilot, lambda: on_disk(path).started_at == "2026-08-19T14:05:00+09:00")


async def test_f1_help_tells_what_f6_does_in_each_phase(tmp_path: Path) -> None:
    from screens.help import HelpScreen

    app, _ = open_app(tmp_path, Ticks(), current_step="comment")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")  # from inside the 総評 area
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        general = dict(dict(app.screen.sections)["会議の進行"])
        assert general["F6"] == (
            "開会前は開会、会議中はタイマーの一時停止 / 再開（時計がほかの画面にあるときは、時計をこの画面に移す）、"
            "散会後は会議の再開（確かめてから）")
