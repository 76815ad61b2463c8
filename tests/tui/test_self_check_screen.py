"""The facilitator's self-check after 散会 (Pilot): it opens after 散会, fills in a few keys
(← → 0–3, ↓ next item, typing goes to the note, Enter saves), skips in one key (Esc), never
opens on the wall (projected: it waits until F5 turns projection off), and never reaches the
minutes or an anonymised export."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from textual.widgets import Input

from facilitator.anonymize import anonymize
from facilitator.export import export
from facilitator.model import SelfCheck
from facilitator.session_load import session_from_json
from facilitator.store import Store, StoreLocation
from factories import NOW, make_session
from pilot_helpers import SIZE, STARTED_AT, notes
from screens.app import KyogitaiApp
from screens.choice import ChoiceScreen
from screens.meeting import MeetingScreen
from screens.self_check_dialog import ScaleRow, SelfCheckDialog


def open_app(tmp_path: Path, **overrides) -> tuple[KyogitaiApp, Path]:  # type: ignore[no-untyped-def]
    overrides.setdefault("current_step", "close")
    overrides.setdefault("started_at", STARTED_AT)
    session = make_session(**overrides)
    Store(tmp_path).save(session)
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)
    return app, tmp_path / f"{session.id}.json"


async def wait_until(pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


def drawn(app) -> str:  # type: ignore[no-untyped-def]
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def close_the_meeting(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("pagedown")  # at the last step: 散会?
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChoiceScreen))
    await pilot.press("enter")  # 散会する


async def test_after_closing_the_check_fills_in_a_few_keys_and_stays_out_of_the_minutes(tmp_path: Path) -> None:
    app, path = open_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        said = notes(app)
        await pilot.pause()
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        await close_the_meeting(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, SelfCheckDialog))
        assert isinstance(app.focused, ScaleRow) and app.focused.item == "listening"
        await pilot.press("right", "right", "right")  # 傾聴・受容: 2
        await pilot.press("down", "right", "right", "right", "right", "right")  # 対等: 3 (stops at 3)
        await pilot.press("down", "right", "left", "left")  # 主体性: back to unanswered
        await pilot.press(*"次は2人組で")  # typed on an item: the note, never an answer
        assert app.screen.query_one("#self-check-note", Input).value == "次は2人組で"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is meeting)
        session = meeting.meeting.session
        assert session.self_check == SelfCheck(answers={"listening": 2, "equal": 3}, note="次は2人組で")
        assert any("自己チェックを保存しました" in s for s in said)
        await wait_until(pilot, lambda: session_from_json(path.read_bytes()).self_check == session.self_check)
    saved = session_from_json(path.read_bytes())
    for fmt in ("md", "html"):
        minutes = export(saved, fmt).decode("utf-8")
        assert "次は2人組で" not in minutes and "自己チェック" not in minutes and "傾聴" not in minutes
    masked, _ = anonymize(saved, None, others=[saved])
    assert masked.self_check is None
    assert "次は2人組で" not in export(masked, "json").decode("utf-8")


async def test_skipped_in_one_key(tmp_path: Path) -> None:
    app, path = open_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        said = notes(app)
        await pilot.pause()
        await close_the_meeting(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, SelfCheckDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        assert app.screen.meeting.session.self_check is None
        assert app.screen.meeting.phase == "ended"
        assert any("飛ばしました" in s for s in said)


async def test_projected_the_check_waits_until_projection_is_off(tmp_path: Path) -> None:
    app, _ = open_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        said = notes(app)
        await pilot.pause()
        meeting = app.screen
        await pilot.press("f5")
        await close_the_meeting(pilot)
        await wait_until(pilot, lambda: meeting.meeting.phase == "ended")
        await pilot.pause()
        assert app.screen is meeting  # nothing over the wall
        wall = drawn(app)
        assert "自己チェック（" not in wall and "傾聴" not in wall
        assert any("F5 で投影を止めると開きます" in s for s in said)
        # The palette offers it only off the wall.
        assert not meeting.self_check.available()
        await pilot.press("f5")  # projection off: now it opens
        await wait_until(pilot, lambda: isinstance(app.screen, SelfCheckDialog))
        await pilot.press("right", "enter")
        await wait_until(pilot, lambda: app.screen is meeting)
        assert meeting.meeting.session.self_check == SelfCheck(answers={"listening": 0})
        await pilot.press("f5", "f5")  # once only
        await pilot.pause()
        assert app.screen is meeting
        assert meeting.self_check.available()


async def test_opened_again_from_the_palette_it_shows_what_was_recorded(tmp_path: Path) -> None:
    app, _ = open_app(tmp_path, ended_at="2026-08-19T15:30:00+09:00",
                      self_check=SelfCheck(answers={"pace": 1}, note="早口だった"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        meeting = app.screen
        assert meeting.self_check.available()
        meeting.self_check.open()  # what the palette's 自己チェック runs
        await wait_until(pilot, lambda: isinstance(app.screen, SelfCheckDialog) and bool(app.screen.query("#check-pace")))
        assert app.screen.query_one("#check-pace", ScaleRow).value == 1
        assert app.screen.query_one("#self-check-note", Input).value == "早口だった"
        await pilot.press("escape")  # a skip keeps what was there
        await wait_until(pilot, lambda: app.screen is meeting)
        assert meeting.meeting.session.self_check == SelfCheck(answers={"pace": 1}, note="早口だった")


async def test_answers_typed_in_one_burst_land_on_their_items(tmp_path: Path) -> None:
    """→→→↓→→ sent at once (a busy laptop reads them in one go): 傾聴・受容 2, 対等 1 — the keys
    after ↓ go to the next item, none is dropped or applied to the first. (Pilot does not reorder
    keys as a loaded terminal did for QA; this holds the behaviour, not that race.)"""
    from textual import events
    from textual.keys import _character_to_key  # noqa: F401  (keys posted as the driver does)

    app, _ = open_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await close_the_meeting(pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, SelfCheckDialog))
        for key in ("right", "right", "right", "down", "right", "right"):
            app.post_message(events.Key(key, None))
        rows = {row.item: row for row in app.screen.query(ScaleRow)}
        await wait_until(pilot, lambda: rows["equal"].value == 1)
        await pilot.pause()
        assert rows["listening"].value == 2 and rows["equal"].value == 1
