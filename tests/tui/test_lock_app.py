"""Locks through the app (Pilot): a session held elsewhere opens read-only and says who has it,
never writes (not even the timer), offers F9 to take over a stale lock (after a yes), a window
taken over stops writing and says so, Ctrl+Q releases the lock, and a dead process's lock on this
host doesn't lock anyone out. The home screen and the homework tracker go through the same locks.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from factories import JST, make_session

from facilitator.locks import LockEnv, Locks, default_host
from facilitator.model import Idea
from facilitator.session_load import session_from_json
from facilitator.store import Store, StoreLocation
from screens.app import KyogitaiApp
from screens.lock_view import ConfirmScreen, NoticeBar
from screens.meeting import MeetingScreen
from pilot_helpers import notes

NOW = datetime(2026, 8, 19, 14, 20, tzinfo=JST)
SID = "2026-08-19-10c4ed"


class Ticking:
    """A step clock that moves a second each time it is read: a running timer always has news."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        self.t += 1.0
        return self.t


def saved_session(tmp_path: Path, **overrides):  # type: ignore[no-untyped-def]
    s = make_session(id=SID, current_step="ideas", **overrides)
    Store(tmp_path).save(s)
    return s


def session_path(tmp_path: Path) -> Path:
    return tmp_path / f"{SID}.json"


def make_app(tmp_path: Path, session, **kwargs) -> KyogitaiApp:  # type: ignore[no-untyped-def]
    kwargs.setdefault("clock", Ticking())
    return KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, now=lambda: NOW, **kwargs)


def other_window(tmp_path: Path, *, host: str = "pc-02", user: str = "tanaka", pid: int = 4242,
                 now: Callable[[], datetime] | None = None) -> Locks:
    return Locks(tmp_path / ".kyogitai", LockEnv(host=host, user=user, pid=pid, pid_alive=lambda p: True,
                                                 now=now or (lambda: datetime.now().astimezone())))


async def until(pilot, predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


def bar(app: KyogitaiApp, which: str = "lock-bar") -> NoticeBar:
    return app.screen.query_one(f"#{which}", NoticeBar)


def file_state(path: Path) -> tuple[bytes, int, int]:
    st = path.stat()
    return path.read_bytes(), st.st_mtime_ns, st.st_ino


# ---------------------------------------------------------------------------------------
# Read-only when someone else has it


async def test_locked_elsewhere_opens_read_only_says_who_and_never_writes(tmp_path):
    s = saved_session(tmp_path)
    other = other_window(tmp_path).open(SID)
    assert other.editable
    before = file_state(session_path(tmp_path))
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen) and screen.read_only
        text = bar(app).plain
        assert bar(app).shown and "読み取り専用" in text
        assert "tanaka（pc-02）が" in text and "から" in text and "最終確認" in text
        assert "F9" not in text  # alive: nothing to take over
        assert screen.query_one("#idea-input").disabled
        # Everything that would write in an editable window: steps, the timer, waiting.
        await pilot.press("pagedown", "pageup", "f6", "f6")
        screen.meeting.add_idea("読み取り専用の画面で足したアイデア")  # even a change in memory
        screen.saver.tick()
        started = time.monotonic()
        await until(pilot, lambda: time.monotonic() - started > 1.5, what="1.5 s")
        assert bar(app).shown  # not a toast: still there
        await pilot.press("f9")  # refused: the holder is alive
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        await pilot.press("ctrl+q")  # quits at once: nothing of ours to save
        await pilot.pause()
    assert app.return_code == 0 or app.return_code is None
    assert file_state(session_path(tmp_path)) == before
    held = other_window(tmp_path).read(SID)
    assert held is not None and held.token == other.lock.token  # and the lock is still theirs


async def test_stale_lock_is_taken_over_only_after_f9_and_a_yes(tmp_path):
    s = saved_session(tmp_path)
    five_minutes_ago = lambda: datetime.now().astimezone() - timedelta(minutes=5)  # noqa: E731
    other_window(tmp_path, now=five_minutes_ago).open(SID)
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.screen.read_only
        assert "2分以上応答がありません。F9 で引き継げます" in bar(app).plain
        # The silent holder had saved one more idea before it went quiet.
        last = make_session(id=SID, current_step="ideas")
        last.ideas.append(Idea(id="idea-99", text="最後に保存されたアイデア"))
        Store(tmp_path).save(last)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # no: nothing happens
        await pilot.pause()
        assert app.screen.read_only and other_window(tmp_path).read(SID).user == "tanaka"
        await pilot.press("f9")
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen) and not app.screen.read_only,
                    what="an editable meeting")
        screen = app.screen
        assert not bar(app).shown
        held = other_window(tmp_path).read(SID)
        assert held.token == screen.saver.lock.token and held.host == default_host()
        assert "最後に保存されたアイデア" in [i.text for i in screen.meeting.session.ideas]  # read again
        await pilot.press(*"引き継いでからのアイデア", "enter")
        await until(pilot, lambda: "引き継いでからのアイデア" in session_path(tmp_path).read_text(encoding="utf-8"),
                    what="the idea saved")
        saved = session_from_json(session_path(tmp_path).read_bytes())
        assert {"最後に保存されたアイデア", "引き継いでからのアイデア"} <= {i.text for i in saved.ideas}
        await pilot.press("ctrl+q")
    assert other_window(tmp_path).read(SID) is None  # released at quit


async def test_a_lock_released_while_watching_can_be_picked_up(tmp_path):
    s = saved_session(tmp_path)
    other = other_window(tmp_path).open(SID)
    app = make_app(tmp_path, s)
    app.lock_watch_seconds = 0.2
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.screen.read_only
        other.lock.release()  # the other SC closed the meeting
        await until(pilot, lambda: "いまはだれもこの会議を編集していません" in bar(app).plain, what="the free lock")
        await pilot.press("f9")
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await until(pilot, lambda: not app.screen.read_only, what="an editable meeting")
        await pilot.press("ctrl+q")


# ---------------------------------------------------------------------------------------
# Taken over while open


async def test_a_window_taken_over_stops_writing_and_says_so(tmp_path):
    s = saved_session(tmp_path)
    app = make_app(tmp_path, s)
    seen = notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert not screen.read_only and not bar(app).shown
        await pilot.press(*"取られる前のアイデア", "enter")
        await until(pilot, lambda: "取られる前のアイデア" in session_path(tmp_path).read_text(encoding="utf-8"),
                    what="the first idea saved")
        # Another machine judged us stale (its clock is ahead) and took the session over.
        later = lambda: datetime.now().astimezone() + timedelta(minutes=10)  # noqa: E731
        taker = other_window(tmp_path, host="pc-03", user="suzuki", now=later)
        holder, why = taker.status(SID)
        assert why is not None
        taker.take_over(SID, holder)
        before = file_state(session_path(tmp_path))
        await pilot.press(*"取られた後のアイデア", "enter")
        await until(pilot, lambda: screen.saver.state == "lost", what="the lost lock")
        text = bar(app).plain
        assert "読み取り専用" in text and "引き継がれました" in text and "suzuki（pc-03）" in text
        await until(pilot, lambda: app.screen.query_one("#idea-input").disabled, what="read-only panels")
        started = time.monotonic()
        await until(pilot, lambda: time.monotonic() - started > 1.5, what="1.5 s")
        assert file_state(session_path(tmp_path)) == before  # never written again
        # Quitting warns once: the last idea exists only in this window.
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and any("保存" in n for n in seen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert file_state(session_path(tmp_path)) == before
    assert other_window(tmp_path).read(SID).user == "suzuki"  # their lock is left alone


async def test_the_heartbeat_alone_finds_the_take_over(tmp_path):
    s = saved_session(tmp_path)
    app = make_app(tmp_path, s)
    app.lock_heartbeat_seconds = 0.2
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        locks = app.locks
        first = locks.read(SID)
        await until(pilot, lambda: locks.read(SID).heartbeat != first.heartbeat or True, what="a beat")
        later = lambda: datetime.now().astimezone() + timedelta(minutes=10)  # noqa: E731
        taker = other_window(tmp_path, now=later)
        taker.take_over(SID, taker.status(SID)[0])
        await until(pilot, lambda: app.screen.saver.state == "lost", what="the heartbeat noticing")
        assert "引き継がれました" in bar(app).plain
        await pilot.press("ctrl+q")  # nothing unsaved: quits at once


# ---------------------------------------------------------------------------------------
# Quit, crash, and the other ways in


async def test_ctrl_q_waits_for_the_last_save_and_releases_the_lock(tmp_path):
    s = saved_session(tmp_path)
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.locks.read(SID) is not None
        await pilot.press(*"終了直前のアイデア", "enter", "ctrl+q")  # before any autosave is due
        await pilot.pause()
    saved = session_from_json(session_path(tmp_path).read_bytes())
    assert saved.ideas[-1].text == "終了直前のアイデア"
    assert app.locks.read(SID) is None


async def test_a_dead_process_lock_on_this_host_does_not_lock_us_out(tmp_path):
    s = saved_session(tmp_path)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait(30)
    crashed = Locks(tmp_path / ".kyogitai", LockEnv(pid=dead.pid))  # this host, a pid that ended
    crashed.open(SID)
    app = make_app(tmp_path, s)
    seen = notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert not app.screen.read_only and not bar(app).shown
        assert any("ロックを引き継ぎました" in n for n in seen)
        assert app.locks.read(SID).token == app.screen.saver.lock.token
        await pilot.press("ctrl+q")


async def test_the_home_screen_opens_a_locked_session_read_only(tmp_path, monkeypatch):
    from screens.home import HomeScreen
    from screens.widgets.table_view import TableView

    saved_session(tmp_path)
    other_window(tmp_path).open(SID)
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), clock=Ticking(), now=lambda: NOW)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded, what="home")
        table = app.screen.query_one(TableView)
        table.select_key(SID)
        await pilot.pause()
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen), what="the meeting")
        assert app.screen.read_only and "tanaka（pc-02）" in bar(app).plain
        await pilot.press("ctrl+q")


async def test_the_homework_tracker_leaves_a_locked_session_alone(tmp_path):
    from screens.homework_tracker import HomeworkScreen
    from screens.widgets.table_view import TableView

    saved_session(tmp_path)
    other_window(tmp_path).open(SID)
    before = file_state(session_path(tmp_path))
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), clock=Ticking(), now=lambda: NOW)
    seen = notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "loaded", False), what="home")
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, HomeworkScreen), what="the tracker")
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(TableView)
        table.select_key("hw-01")
        await pilot.pause()
        await pilot.press("d")
        await until(pilot, lambda: any("編集しているため変えられません" in n for n in seen), what="the refusal")
    assert file_state(session_path(tmp_path)) == before
