"""The lock rules of docs/reliability.md "Two windows, two machines", without a UI: exclusive creation, who holds it, heartbeat,
staleness (two minutes silent, or this host and a dead pid), explicit take-over, a holder that
finds itself taken over, release. Clock, host, user and pid are injected."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import stat
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from facilitator.locks import (
    DEAD,
    SILENT,
    UNREADABLE,
    LockBusy,
    LockEnv,
    LockInfo,
    LockLost,
    Locks,
    describe_holder,
    pid_alive,
    stale_reason,
)
from facilitator.store import FileOps
from factories import JST

SID = "2026-08-19-3fa9c1"


class Clock:
    def __init__(self) -> None:
        self.t = datetime(2026, 8, 19, 14, 3, tzinfo=JST)

    def __call__(self) -> datetime:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += timedelta(seconds=seconds)


def env(clock: Clock, host: str = "pc-01", user: str = "sato", pid: int = 1001,
        alive: set[int] | None = None, fs: FileOps | None = None) -> LockEnv:
    live = alive if alive is not None else {1001, 2002, 3003}
    return LockEnv(host=host, user=user, pid=pid, now=clock, pid_alive=lambda p: p in live, fs=fs)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def locks_for(tmp_path: Path, e: LockEnv) -> Locks:
    return Locks(tmp_path / ".kyogitai", e)


# ---------------------------------------------------------------------------------------
# Creating and reading


def test_opening_creates_the_lock_file_with_who_and_when(tmp_path, clock):
    access = locks_for(tmp_path, env(clock)).open(SID)
    assert access.editable and not access.reclaimed and access.error is None
    path = tmp_path / ".kyogitai" / "locks" / f"{SID}.lock"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["host"] == "pc-01" and doc["user"] == "sato" and doc["pid"] == 1001
    assert doc["since"] == doc["heartbeat"] == "2026-08-19T14:03:00+09:00"
    assert doc["token"] == access.lock.token and doc["session"] == SID
    if os.name == "posix":  # host and user: owner-only like every file in a private store
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp files left


def test_a_second_opening_is_read_only_and_told_who_has_it(tmp_path, clock):
    first = locks_for(tmp_path, env(clock)).open(SID)
    clock.advance(60)
    second = locks_for(tmp_path, env(clock, host="pc-02", user="tanaka", pid=2002)).open(SID)
    assert first.editable and not second.editable
    assert second.holder is not None and second.stale is None
    assert (second.holder.host, second.holder.user, second.holder.pid) == ("pc-01", "sato", 1001)
    local = datetime(2026, 8, 19, 14, 3, tzinfo=JST).astimezone()  # shown in this machine's time
    assert describe_holder(second.holder) == f"sato（pc-01）が {local.month}月{local.day}日 {local:%H:%M} から"


def test_the_same_process_opening_twice_gets_it_once(tmp_path, clock):
    e = env(clock)
    assert locks_for(tmp_path, e).open(SID).editable
    again = locks_for(tmp_path, e).open(SID)
    assert not again.editable and again.stale is None  # our own pid is alive: never "dead"


def test_exactly_one_of_many_threads_gets_the_lock(tmp_path, clock):
    results: list[bool] = []
    barrier = threading.Barrier(8)

    def open_it(i: int) -> None:
        e = env(clock, pid=5000 + i, alive={5000 + j for j in range(8)})
        barrier.wait()
        results.append(locks_for(tmp_path, e).open(SID).editable)

    threads = [threading.Thread(target=open_it, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(results) == [False] * 7 + [True]


def _open_in_process(root: str, start, done, out) -> None:  # type: ignore[no-untyped-def]
    from facilitator.locks import Locks

    start.wait()
    out.put(Locks(Path(root) / ".kyogitai").open(SID).editable)
    done.wait(60)  # stay alive: a lock of an ended process would rightly count as stale


def test_exactly_one_of_many_processes_gets_the_lock(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    start, done, out = ctx.Event(), ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_open_in_process, args=(str(tmp_path), start, done, out)) for _ in range(4)]
    for p in procs:
        p.start()
    start.set()
    results = [out.get(timeout=60) for _ in procs]
    done.set()
    for p in procs:
        p.join(30)
    assert sorted(results) == [False, False, False, True]


# ---------------------------------------------------------------------------------------
# Heartbeat and staleness


def test_heartbeat_refreshes_the_time_and_keeps_since(tmp_path, clock):
    locks = locks_for(tmp_path, env(clock))
    lock = locks.open(SID).lock
    clock.advance(10)
    assert lock.heartbeat() is True
    info = locks.read(SID)
    assert info.since == "2026-08-19T14:03:00+09:00" and info.heartbeat == "2026-08-19T14:03:10+09:00"
    assert len(list(locks.dir.iterdir())) == 1  # replaced atomically, no temp file left


def test_stale_after_two_minutes_without_heartbeat(tmp_path, clock):
    locks_for(tmp_path, env(clock)).open(SID)
    other = env(clock, host="pc-02", pid=2002)
    reader = locks_for(tmp_path, other)
    clock.advance(120)
    assert reader.status(SID)[1] is None  # exactly two minutes: still alive
    clock.advance(1)
    holder, why = reader.status(SID)
    assert why == SILENT and holder.user == "sato"
    # Silent is never taken without asking: opening is still read-only, with the offer.
    access = reader.open(SID)
    assert not access.editable and access.stale == SILENT


def test_a_heartbeat_keeps_it_alive(tmp_path, clock):
    lock = locks_for(tmp_path, env(clock)).open(SID).lock
    reader = locks_for(tmp_path, env(clock, host="pc-02", pid=2002))
    for _ in range(30):  # five minutes, a beat every ten seconds
        clock.advance(10)
        assert lock.heartbeat()
        assert reader.status(SID)[1] is None


def test_same_host_dead_pid_is_stale_at_once_and_reclaimed_without_asking(tmp_path, clock):
    alive = {1001, 2002}
    locks_for(tmp_path, env(clock, pid=1001, alive=alive)).open(SID)
    alive.discard(1001)  # the first window was killed
    clock.advance(1)
    reopened = locks_for(tmp_path, env(clock, pid=2002, alive=alive)).open(SID)
    assert reopened.editable and reopened.reclaimed and reopened.stale == DEAD
    assert reopened.holder.pid == 1001
    assert locks_for(tmp_path, env(clock, pid=2002, alive=alive)).read(SID).pid == 2002
    assert [p.name for p in (tmp_path / ".kyogitai" / "locks").iterdir()] == [f"{SID}.lock"]


def test_a_dead_pid_on_another_host_means_nothing(tmp_path, clock):
    # Pids of another machine can't be checked here: only the heartbeat tells.
    locks_for(tmp_path, env(clock, host="pc-02", pid=4242)).open(SID)
    access = locks_for(tmp_path, env(clock, host="pc-01", pid=1001, alive={1001})).open(SID)
    assert not access.editable and access.stale is None


def test_host_names_compare_without_case(tmp_path, clock):
    info = LockInfo("PC-01", "sato", 4242, "2026-08-19T14:03:00+09:00", "2026-08-19T14:03:00+09:00")
    assert stale_reason(info, env(clock, host="pc-01", alive=set())) == DEAD


def test_an_unreadable_lock_counts_as_held_until_it_is_two_minutes_old(tmp_path, clock):
    locks = locks_for(tmp_path, env(clock))
    locks.dir.mkdir(parents=True)
    path = locks.path(SID)
    path.write_bytes(b"")  # being written by someone right now, or left half-written
    now = datetime.now(timezone.utc)
    real = env(clock)
    real.now = lambda: now
    reader = locks_for(tmp_path, real)
    holder, why = reader.status(SID)
    assert not holder.readable and why is None
    access = reader.open(SID)
    assert not access.editable and "ロックファイルが読めません" in describe_holder(access.holder)
    old = now.timestamp() - 300
    os.utime(path, (old, old))
    holder, why = reader.status(SID)
    assert why == UNREADABLE
    lock = reader.take_over(SID, holder)
    assert reader.read(SID).token == lock.token


# ---------------------------------------------------------------------------------------
# Take-over


def test_take_over_is_refused_while_the_holder_is_alive(tmp_path, clock):
    locks_for(tmp_path, env(clock)).open(SID)
    taker = locks_for(tmp_path, env(clock, host="pc-02", pid=2002))
    holder, _ = taker.status(SID)
    with pytest.raises(LockBusy):
        taker.take_over(SID, holder)
    assert taker.read(SID).pid == 1001


def test_take_over_of_a_silent_lock_and_the_old_window_stops(tmp_path, clock):
    old = locks_for(tmp_path, env(clock)).open(SID).lock
    clock.advance(300)  # the first laptop slept
    taker = locks_for(tmp_path, env(clock, host="pc-02", user="tanaka", pid=2002))
    holder, why = taker.status(SID)
    assert why == SILENT
    new = taker.take_over(SID, holder)
    info = taker.read(SID)
    assert (info.host, info.user, info.token) == ("pc-02", "tanaka", new.token)
    assert info.since == "2026-08-19T14:08:00+09:00"
    # The old window wakes up: its heartbeat and its next save find someone else's lock.
    assert old.heartbeat() is False
    with pytest.raises(LockLost) as lost:
        old.ensure()
    assert lost.value.holder.user == "tanaka"
    old.release()  # must not remove the new holder's lock
    assert taker.read(SID).token == new.token
    assert [p.name for p in taker.dir.iterdir()] == [f"{SID}.lock"]


def test_take_over_refused_when_the_lock_changed_since_it_was_shown(tmp_path, clock):
    old = locks_for(tmp_path, env(clock)).open(SID).lock
    clock.advance(300)
    taker = locks_for(tmp_path, env(clock, host="pc-02", pid=2002))
    shown, _ = taker.status(SID)
    old.heartbeat()  # the holder came back after the user was shown "stale"
    with pytest.raises(LockBusy):
        taker.take_over(SID, shown)
    assert old.heartbeat() is True


def test_two_takers_one_wins(tmp_path, clock):
    locks_for(tmp_path, env(clock)).open(SID)
    clock.advance(300)
    a = locks_for(tmp_path, env(clock, host="pc-02", pid=2002))
    b = locks_for(tmp_path, env(clock, host="pc-03", pid=3003))
    shown_a, _ = a.status(SID)
    shown_b, _ = b.status(SID)
    won = a.take_over(SID, shown_a)
    with pytest.raises(LockBusy):
        b.take_over(SID, shown_b)
    assert a.read(SID).token == won.token


def test_taking_a_released_lock_is_an_ordinary_open(tmp_path, clock):
    first = locks_for(tmp_path, env(clock)).open(SID).lock
    taker = locks_for(tmp_path, env(clock, host="pc-02", pid=2002))
    shown, _ = taker.status(SID)
    first.release()
    lock = taker.take_over(SID, shown)
    assert taker.read(SID).token == lock.token


# ---------------------------------------------------------------------------------------
# Release and vanished files


def test_release_removes_only_our_own_lock(tmp_path, clock):
    locks = locks_for(tmp_path, env(clock))
    lock = locks.open(SID).lock
    lock.release()
    assert locks.read(SID) is None
    lock.release()  # twice is harmless
    assert locks_for(tmp_path, env(clock, pid=2002)).open(SID).editable


def test_a_lock_file_deleted_under_its_holder_is_written_again(tmp_path, clock):
    locks = locks_for(tmp_path, env(clock))
    lock = locks.open(SID).lock
    locks.path(SID).unlink()
    clock.advance(10)
    assert lock.heartbeat()
    info = locks.read(SID)
    assert info.token == lock.token and info.since == "2026-08-19T14:03:00+09:00"


def test_a_vanished_store_is_not_created_again(tmp_path, clock):
    store = tmp_path / "share" / "協議体"
    store.mkdir(parents=True)
    locks = Locks(store / ".kyogitai", env(clock))
    lock = locks.open(SID).lock
    lock.release()
    (store / ".kyogitai" / "locks").rmdir()
    (store / ".kyogitai").rmdir()
    store.rmdir()  # the share was unplugged
    access = locks.open(SID)
    assert access.editable and isinstance(access.error, FileNotFoundError)
    assert not store.exists()


class FailingOps(FileOps):
    def __init__(self, code: int) -> None:
        self.code = code

    def write(self, fd: int, data: memoryview) -> int:
        raise OSError(self.code, os.strerror(self.code))


def test_a_lock_that_cannot_be_written_leaves_nothing_behind(tmp_path, clock):
    access = locks_for(tmp_path, env(clock, fs=FailingOps(errno.ENOSPC))).open(SID)
    # Editable, with the error: every save tries to write the lock again before it writes.
    assert access.editable and access.error is not None and access.error.errno == errno.ENOSPC
    assert list((tmp_path / ".kyogitai" / "locks").iterdir()) == []
    access.lock.locks.env.fs = None  # space again
    assert access.lock.ensure() is None
    assert access.lock.held


def test_a_lock_taken_while_we_could_not_write_ours_means_read_only(tmp_path, clock):
    access = locks_for(tmp_path, env(clock, fs=FailingOps(errno.EROFS))).open(SID)
    other = locks_for(tmp_path, env(clock, host="pc-02", pid=2002)).open(SID)
    assert other.editable
    with pytest.raises(LockLost):
        access.lock.ensure()


# ---------------------------------------------------------------------------------------
# Processes


def test_pid_alive_for_us_a_finished_process_and_a_zombie():
    assert pid_alive(os.getpid())
    done = subprocess.Popen([sys.executable, "-c", "pass"])
    done.wait(30)
    assert not pid_alive(done.pid)
    assert not pid_alive(0) and not pid_alive(-5)
    if sys.platform.startswith("linux"):
        zombie = subprocess.Popen([sys.executable, "-c", "pass"])
        # Not reaped yet: kill(pid, 0) still answers, but it will never write again.
        deadline = 200
        while deadline and Path(f"/proc/{zombie.pid}/stat").read_bytes().split(b") ")[1][:1] != b"Z":
            deadline -= 1
            threading.Event().wait(0.05)
        assert not pid_alive(zombie.pid)
        zombie.wait(30)


def test_lock_info_round_trips_and_rejects_partial_documents():
    info = LockInfo("pc-01", "佐藤", 12, "2026-08-19T14:03:00+09:00", "2026-08-19T14:03:10+09:00", "ab", SID)
    assert LockInfo.from_json(info.to_json()) == info
    for bad in (b"", b"{", b"[]", b'{"host": "x"}', info.to_json()[:-10]):
        with pytest.raises(ValueError):
            LockInfo.from_json(bad)
