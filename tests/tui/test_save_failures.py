"""When a save fails — disk full, permission denied, read-only folder, a vanished share — the app
keeps running, says 「保存できません」 (and why) until a save succeeds, keeps the edits in memory,
retries at least every two seconds, saves once the cause is gone, and the previous file stays
whole throughout. Driven through the app (Pilot) with an injected failing file layer, and once
with a store folder that really disappears. Ctrl+Q waits for the last save and never quits
silently over a failing one.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Callable

import pytest
from factories import JST, make_session

from facilitator.presence import PresenceEnv
from facilitator.session_load import session_from_json
from facilitator.store import FileOps, Store, StoreLocation
from screens.app import KyogitaiApp
from screens.widgets.notice_bar import NoticeBar
from pilot_helpers import notes

NOW = datetime(2026, 8, 19, 14, 20, tzinfo=JST)
SID = "2026-08-19-5a7e0f"


class FailingOps(FileOps):
    """The OS calls of every write, failing with ``errno`` at ``stage`` while switched on. Every
    attempt to write a session (the temp file's open) is timed."""

    def __init__(self) -> None:
        self.code: int | None = None
        self.stage = "open"
        self.attempts: list[float] = []
        self._mutex = threading.Lock()

    def fail(self, code: int, stage: str = "open") -> None:
        self.code, self.stage = code, stage

    def heal(self) -> None:
        self.code = None

    def _maybe(self, stage: str) -> None:
        if self.code is not None and self.stage == stage:
            raise OSError(self.code, os.strerror(self.code))

    def open(self, path: str) -> int:
        if path.endswith(".tmp") and ".json." in Path(path).name:
            with self._mutex:
                self.attempts.append(time.monotonic())
        self._maybe("open")
        return super().open(path)

    def write(self, fd: int, data: memoryview) -> int:
        self._maybe("write")
        return super().write(fd, data)

    def fsync(self, fd: int) -> None:
        self._maybe("fsync")
        super().fsync(fd)

    def replace(self, src: str, dst: str) -> None:
        self._maybe("replace")
        super().replace(src, dst)


def saved_session(root: Path):  # type: ignore[no-untyped-def]
    s = make_session(id=SID, current_step="ideas")
    Store(root).save(s)
    return s


def make_app(root: Path, session, ops: FileOps | None = None, **kwargs) -> KyogitaiApp:  # type: ignore[no-untyped-def]
    store = Store(root, fs=ops)
    return KyogitaiApp(StoreLocation(root, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW,
                       store=store, **kwargs)


async def until(pilot, predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


def save_bar(app: KyogitaiApp) -> NoticeBar:
    return app.screen.query_one("#save-bar", NoticeBar)


def ideas_on_disk(path: Path) -> list[str]:
    return [i.text for i in session_from_json(path.read_bytes()).ideas]


def leftovers(root: Path) -> list[str]:
    return [p.name for p in root.iterdir() if p.name.endswith(".tmp")]


# ---------------------------------------------------------------------------------------


async def test_disk_full_says_so_until_saved_retries_and_keeps_the_file_whole(tmp_path):
    ops = FailingOps()
    app = make_app(tmp_path, saved_session(tmp_path), ops)
    path = tmp_path / f"{SID}.json"
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        before = path.read_bytes()
        ops.fail(errno.ENOSPC, "write")
        await pilot.press(*"満杯のときのアイデア", "enter")
        await until(pilot, lambda: screen.saver.state == "error", what="the failed save")
        text = save_bar(app).plain
        assert save_bar(app).shown and "保存できません" in text and "ディスクがいっぱいです" in text
        assert "保存できません" in str(screen.query_one("#save-state").render())
        # Retries, at least every two seconds; the message stays; the file stays as it was.
        # The latest a retry can come is the schedule's retry plus one tick of the saver's loop
        # (the schedule is checked on a fake clock in tests/core/test_autosave.py); gaps measured
        # here would be whatever the machine's load makes of them.
        assert screen.saver.schedule.retry + screen.saver.interval <= 2.0
        await until(pilot, lambda: len(ops.attempts) >= 4, timeout=30, what="three retries")
        assert save_bar(app).shown and app.is_running
        assert path.read_bytes() == before and leftovers(tmp_path) == []
        assert "満杯のときのアイデア" in [i.text for i in screen.meeting.session.ideas]  # kept in memory
        await pilot.press(*"その間のアイデア", "enter")
        ops.heal()  # someone deleted the old videos
        await until(pilot, lambda: screen.saver.state == "saved", what="the save after recovery")
        assert not save_bar(app).shown
        assert ideas_on_disk(path)[-2:] == ["満杯のときのアイデア", "その間のアイデア"]
        await pilot.press("ctrl+q")


@pytest.mark.parametrize(("code", "stage", "reason"), [
    (errno.EACCES, "open", "書き込む権限がありません"),
    (errno.EROFS, "open", "読み取り専用の場所です"),
    (errno.ENOENT, "open", "保存先のフォルダが見つかりません"),
    (errno.EIO, "fsync", "読み書きのエラーです"),
    (errno.ENOSPC, "replace", "ディスクがいっぱいです"),
])
async def test_each_cause_is_named_and_recovered_from(tmp_path, code, stage, reason):
    ops = FailingOps()
    app = make_app(tmp_path, saved_session(tmp_path), ops)
    path = tmp_path / f"{SID}.json"
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        before = path.read_bytes()
        ops.fail(code, stage)
        await pilot.press(*"失敗中のアイデア", "enter")
        await until(pilot, lambda: screen.saver.state == "error", what="the failed save")
        assert "保存できません" in save_bar(app).plain and reason in save_bar(app).plain
        assert path.read_bytes() == before and leftovers(tmp_path) == []
        ops.heal()
        await until(pilot, lambda: screen.saver.state == "saved", what="the save after recovery")
        assert not save_bar(app).shown and ideas_on_disk(path)[-1] == "失敗中のアイデア"
        await pilot.press("ctrl+q")


async def test_a_vanished_share_is_waited_for_not_created_again(tmp_path):
    share = tmp_path / "share"
    root = share / "協議体"
    root.mkdir(parents=True)
    app = make_app(root, saved_session(root))
    path = root / f"{SID}.json"
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        before = path.read_bytes()
        gone = tmp_path / "share-unplugged"
        share.rename(gone)  # the town office's file server went away
        await pilot.press(*"切断中のアイデア", "enter")
        await until(pilot, lambda: screen.saver.state == "error", what="the failed save")
        assert "保存先のフォルダ" in save_bar(app).plain  # 見つかりません or につながっていません
        await until(pilot, lambda: screen.saver.last_error != "" and not share.exists(), what="a retry")
        assert not share.exists()  # never saved into a local folder under the mount point
        gone.rename(share)  # back
        await until(pilot, lambda: screen.saver.state == "saved", what="the save after reconnect")
        assert not save_bar(app).shown
        assert ideas_on_disk(path)[-1] == "切断中のアイデア"
        assert session_from_json(before).ideas != session_from_json(path.read_bytes()).ideas
        await pilot.press("ctrl+q")


async def test_no_space_even_for_the_presence_at_open(tmp_path):
    ops = FailingOps()
    ops.fail(errno.ENOSPC, "write")
    path = tmp_path / f"{SID}.json"
    session = saved_session(tmp_path)
    before = path.read_bytes()
    app = make_app(tmp_path, session, ops, presence_env=PresenceEnv(fs=ops, token="w-nospace0001"))
    app.presence_seconds = (0.2, 0.1)
    presence = tmp_path / ".kyogitai" / "presence"
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        # Opened all the same, editable: edits are kept, saving waits for space.
        await pilot.press(*"場所なしで入れたアイデア", "enter")
        await until(pilot, lambda: screen.saver.state == "error", what="the failing save")
        assert "保存できません" in save_bar(app).plain and "ディスクがいっぱいです" in save_bar(app).plain
        assert path.read_bytes() == before
        assert list(presence.iterdir()) == []  # no half-written presence either
        ops.heal()
        await until(pilot, lambda: screen.saver.state == "saved", what="the save after recovery")
        assert ideas_on_disk(path)[-1] == "場所なしで入れたアイデア"
        await until(pilot, lambda: [p.name for p in presence.iterdir()] == [f"{SID}.w-nospace0001.json"],
                    what="the presence written once there is space")
        await pilot.press("ctrl+q")
    assert list(presence.iterdir()) == []


async def test_ctrl_q_while_saving_fails_asks_twice_and_keeps_the_old_file(tmp_path):
    ops = FailingOps()
    app = make_app(tmp_path, saved_session(tmp_path), ops)
    seen = notes(app)
    path = tmp_path / f"{SID}.json"
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        before = path.read_bytes()
        ops.fail(errno.EROFS)
        await pilot.press(*"保存できないアイデア", "enter", "ctrl+q")
        await pilot.pause()
        assert app.is_running  # the first Ctrl+Q never quits over a failed save
        assert any("保存できません" in n and "もう一度 Ctrl+Q" in n for n in seen)
        assert save_bar(app).shown
        await pilot.press("ctrl+q")  # the second one does, on purpose
        await pilot.pause()
    assert path.read_bytes() == before


async def test_ctrl_q_after_the_cause_is_gone_saves_and_quits(tmp_path):
    ops = FailingOps()
    app = make_app(tmp_path, saved_session(tmp_path), ops)
    path = tmp_path / f"{SID}.json"
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        ops.fail(errno.EACCES)
        await pilot.press(*"後で保存するアイデア", "enter", "ctrl+q")
        await pilot.pause()
        assert app.is_running
        ops.heal()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert ideas_on_disk(path)[-1] == "後で保存するアイデア"


async def test_temp_files_a_killed_save_left_are_cleared_when_nobody_else_has_the_session(tmp_path):
    session = saved_session(tmp_path)
    stray = tmp_path / f".{SID}.json.0badf00d.tmp"
    stray.write_bytes(b'{"half": ')  # SIGKILL between write and replace
    other = tmp_path / ".2026-01-01-aaaaaa.json.12345678.tmp"  # another session's: not ours to touch
    other.write_bytes(b"{")
    app = make_app(tmp_path, session)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert not stray.exists() and other.exists()
        await pilot.press("ctrl+q")


class SlowOps(FileOps):
    """Writes that wait at fsync while the gate is closed: a slow share."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.gate.set()

    def fsync(self, fd: int) -> None:
        self.gate.wait(20)
        super().fsync(fd)


async def test_saving_shows_only_for_a_save_that_takes_a_while(tmp_path):
    """A save of a few ms goes 未保存 → 保存済み without 「保存中…」 (no flicker on the wall, no
    repaint competing with the write); a slow one says 「保存中…」 after a moment."""
    ops = SlowOps()
    app = make_app(tmp_path, saved_session(tmp_path), ops)
    async with app.run_test() as pilot:
        screen = app.screen
        saver = screen.saver
        reported: list[str] = []
        report = saver._report
        saver._report = lambda state, detail="": (reported.append(state), report(state, detail))  # type: ignore[method-assign]
        header = screen.query_one("#save-state")
        await pilot.press(*"朝市", "enter")
        await until(pilot, lambda: saver.state == "saved" and not saver.dirty, what="the quick save")
        assert "saving" not in reported and reported[-1] == "saved"
        ops.gate.clear()
        reported.clear()
        await pilot.press(*"送迎", "enter")
        await until(pilot, lambda: "saving" in reported, what="「保存中…」 for the slow save")
        assert "保存中" in str(header.render())
        ops.gate.set()
        await until(pilot, lambda: saver.state == "saved" and not saver.dirty, what="the slow save")
        assert "保存済み" in str(header.render())
    assert ideas_on_disk(tmp_path / f"{SID}.json")[-2:] == ["朝市", "送迎"]
