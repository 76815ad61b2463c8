"""Presence (facilitator/presence.py, docs/reliability.md "Many windows, many machines"),
without a UI: who has a session open, written and refreshed by each process, removed at quit,
gone after two minutes of silence or when its process ended on this machine — and never
confused between two machines with the same host name (identity is the token). Nothing here
ever refuses anybody. Clock, host, user, pid, machine and token are injected."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.presence import (
    PRESENCE_DIR_NAME,
    Presence,
    PresenceEnv,
    PresenceInfo,
    describe_others,
    is_gone,
    pid_alive,
)
from facilitator.store import FileOps
from factories import JST

SID = "2026-08-19-3fa9c1"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 8, 19, 14, 3, tzinfo=JST)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def env(clock: Clock, *, token: str = "w-aaaa", host: str = "pc-01", user: str = "sato", pid: int = 1001,
        machine: str = "m-01", alive: set[int] | None = None, fs: FileOps | None = None) -> PresenceEnv:
    running = {1001, 2002, 3003} if alive is None else alive
    return PresenceEnv(host=host, user=user, pid=pid, machine=machine, token=token, now=clock,
                       pid_alive=lambda p: p in running, fs=fs)


def folder(tmp_path: Path, e: PresenceEnv) -> Presence:
    return Presence(tmp_path / ".kyogitai", e)


def test_a_beat_writes_who_where_and_which_step(tmp_path, clock):
    mine = folder(tmp_path, env(clock)).join(SID, "ideas")
    mine.beat()
    path = tmp_path / ".kyogitai" / PRESENCE_DIR_NAME / f"{SID}.w-aaaa.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["host"] == "pc-01" and doc["user"] == "sato" and doc["pid"] == 1001 and doc["token"] == "w-aaaa"
    assert doc["step"] == "ideas" and doc["machine"] == "m-01" and doc["session"] == SID
    assert doc["since"] == doc["heartbeat"] == "2026-08-19T14:03:00+09:00"
    clock.advance(10)
    mine.beat("handoff")  # the window moved, and the heartbeat is fresh; since stays
    info = PresenceInfo.from_json(path.read_bytes())
    assert info.step == "handoff" and info.heartbeat == "2026-08-19T14:03:10+09:00"
    assert info.since == "2026-08-19T14:03:00+09:00"


def test_two_windows_see_each_other_and_never_themselves(tmp_path, clock):
    a = folder(tmp_path, env(clock)).join(SID, "ideas")
    b = folder(tmp_path, env(clock, token="w-bbbb", host="pc-02", user="yamada", pid=2002, machine="m-02")
               ).join(SID, "comment")
    assert a.look() == [] and b.look() == []  # nothing written yet
    a.beat()
    b.beat()
    assert [(o.user, o.host, o.step) for o in a.look()] == [("yamada", "pc-02", "comment")]
    assert [(o.user, o.host, o.step) for o in b.look()] == [("sato", "pc-01", "ideas")]
    other_session = folder(tmp_path, env(clock, token="w-cccc")).join("2026-08-20-bbbbbb", "recap")
    other_session.beat()
    assert [o.token for o in a.look()] == ["w-bbbb"]  # another session's presence is not here


def test_leaving_removes_only_ones_own_presence_and_no_beat_after(tmp_path, clock):
    p = folder(tmp_path, env(clock))
    a = p.join(SID, "ideas")
    b = folder(tmp_path, env(clock, token="w-bbbb", pid=2002)).join(SID, "ideas")
    a.beat()
    b.beat()
    a.leave()
    assert not a.path.exists() and b.path.exists()
    a.beat()  # a late heartbeat from a worker must not bring it back
    assert not a.path.exists()
    a.leave()  # twice is fine


def test_leave_all_removes_every_session_this_process_joined(tmp_path, clock):
    p = folder(tmp_path, env(clock))
    one, two = p.join(SID, "ideas"), p.join("2026-08-20-bbbbbb", None)
    one.beat()
    two.beat()
    p.leave_all()
    assert not one.path.exists() and not two.path.exists()


def test_gone_after_two_minutes_without_a_heartbeat_and_its_file_is_cleared(tmp_path, clock):
    a = folder(tmp_path, env(clock)).join(SID, "ideas")
    b = folder(tmp_path, env(clock, token="w-bbbb", host="pc-02", pid=2002, machine="m-02")).join(SID, "ideas")
    b.beat()
    clock.advance(119)
    assert [o.token for o in a.look()] == ["w-bbbb"]
    clock.advance(2)
    assert a.look() == [] and not b.path.exists()
    b.beat()  # only asleep (a closed laptop): its next beat writes it again
    assert [o.token for o in a.look()] == ["w-bbbb"]


def test_a_dead_process_on_this_machine_is_gone_at_once(tmp_path, clock):
    a = folder(tmp_path, env(clock)).join(SID, "ideas")
    crashed = folder(tmp_path, env(clock, token="w-dead", pid=4444)).join(SID, "ideas")  # same host and machine
    crashed.beat()
    assert a.look() == []  # pid 4444 does not run here


def test_the_same_host_name_on_another_machine_is_never_judged_by_its_pid(tmp_path, clock):
    """Two machines both called PC-01 (a town office's images): the other one's pid means
    nothing here, so its window is there until its heartbeat is two minutes old."""
    a = folder(tmp_path, env(clock)).join(SID, "ideas")
    twin = folder(tmp_path, env(clock, token="w-twin", pid=4444, machine="m-99")).join(SID, "ideas")
    twin.beat()
    assert [o.token for o in a.look()] == ["w-twin"]
    unknown = folder(tmp_path, env(clock, token="w-unkn", pid=5555, machine="")).join(SID, "ideas")
    unknown.beat()  # a machine whose id is unknown: no pid judged either
    assert [o.token for o in a.look()] == ["w-twin", "w-unkn"]


def test_the_same_pid_and_host_with_another_token_is_another_window(tmp_path, clock):
    """Identity is the token: a new process that got the pid of one that crashed, on the same
    host, is not mistaken for it — and the crashed one's presence does not hide the new one."""
    a = folder(tmp_path, env(clock)).join(SID, "ideas")
    old = folder(tmp_path, env(clock, token="w-old0", pid=2002)).join(SID, "ideas")
    new = folder(tmp_path, env(clock, token="w-new0", pid=2002)).join(SID, "comment")
    old.beat()
    clock.advance(200)
    new.beat()
    assert [(o.token, o.step) for o in a.look()] == [("w-new0", "comment")]


def test_host_names_compare_without_case(clock):
    e = env(clock, alive=set())
    info = PresenceInfo(SID, "w-x", "PC-01", "sato", 4444, "2026-08-19T14:03:00+09:00",
                        "2026-08-19T14:03:00+09:00", None, "m-01")
    assert is_gone(info, e)  # PC-01 is pc-01, on the same machine: its pid is checked


def test_an_unreadable_presence_file_is_left_out(tmp_path, clock):
    a = folder(tmp_path, env(clock)).join(SID, "ideas")
    a.beat()
    (a.path.parent / f"{SID}.w-half.json").write_bytes(b'{"host": ')
    (a.path.parent / f"{SID}.w-else.json").write_bytes(  # a file whose name and token disagree
        PresenceInfo(SID, "w-other", "pc", "u", 1, "2026-08-19T14:03:00+09:00", "2026-08-19T14:03:00+09:00").to_json())
    (a.path.parent / f"{SID}.w.odd.json").write_bytes(  # a token that is no file name of ours
        PresenceInfo(SID, "w.odd", "pc", "u", 1, "2026-08-19T14:03:00+09:00", "2026-08-19T14:03:00+09:00").to_json())
    b = folder(tmp_path, env(clock, token="w-bbbb")).join(SID, "ideas")
    assert b.look() == [a.presence.everyone(SID)[0]] and b.look()[0].token == "w-aaaa"


def test_a_presence_folder_that_cannot_be_read_shows_nobody(tmp_path, clock):
    aux = tmp_path / ".kyogitai"
    aux.mkdir()
    (aux / PRESENCE_DIR_NAME).write_text("a file where the folder should be")
    assert folder(tmp_path, env(clock)).join(SID, "ideas").look() == []


def test_a_vanished_store_is_not_created_again(tmp_path, clock):
    store = tmp_path / "share" / "協議体"
    store.mkdir(parents=True)
    mine = Presence(store / ".kyogitai", env(clock)).join(SID, "ideas")
    store.rmdir()  # the share was unplugged
    with pytest.raises(FileNotFoundError):
        mine.beat()
    assert not store.exists()
    assert mine.look() == []


class FailingOps(FileOps):
    def write(self, fd: int, data: memoryview) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_presence_that_cannot_be_written_leaves_nothing_behind(tmp_path, clock):
    mine = folder(tmp_path, env(clock, fs=FailingOps())).join(SID, "ideas")
    with pytest.raises(OSError):
        mine.beat()
    assert list((tmp_path / ".kyogitai" / PRESENCE_DIR_NAME).iterdir()) == []


def test_beats_and_looks_from_many_threads_never_see_half_a_file(tmp_path, clock):
    a = folder(tmp_path, env(clock)).join(SID, "ideas")
    b = folder(tmp_path, env(clock, token="w-bbbb", pid=2002)).join(SID, "ideas")
    b.beat()
    seen: list[int] = []
    stop = threading.Event()

    def beat() -> None:
        while not stop.is_set():
            b.beat()

    writer = threading.Thread(target=beat)
    writer.start()
    try:
        for _ in range(200):
            seen.append(len(a.look()))
    finally:
        stop.set()
        writer.join(30)
    assert set(seen) == {1}


def test_describe_others_says_who_where_and_which_step():
    infos = [PresenceInfo(SID, "w-b", "PC-2", "山田", 2, "x", "y", "ideas"),
             PresenceInfo(SID, "w-c", "PC-3", "佐藤", 3, "x", "y", None)]
    titles = {"ideas": "情報・意見交換"}
    try:
        i18n.set_language("ja")
        assert describe_others(infos[:1], titles.get) == "ほかに 1 人: 山田 (PC-2) — 情報・意見交換"
        assert describe_others(infos, titles.get) == "ほかに 2 人: 山田 (PC-2) — 情報・意見交換、佐藤 (PC-3)"
        assert describe_others([], titles.get) == ""
        i18n.set_language("en")
        assert describe_others(infos, titles.get) == "Also here (2): 山田 (PC-2) — 情報・意見交換, 佐藤 (PC-3)"
    finally:
        i18n.set_language(None)


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


def test_presence_info_round_trips_and_rejects_partial_documents():
    info = PresenceInfo(SID, "w-ab", "pc-01", "佐藤", 12, "2026-08-19T14:03:00+09:00",
                        "2026-08-19T14:03:10+09:00", "ideas", "m-01")
    assert PresenceInfo.from_json(info.to_json()) == info
    for bad in (b"", b"{", b"[]", b'{"host": "x"}', info.to_json()[:-10],
                info.to_json().replace(b'"pid": 12', b'"pid": "12"'),
                info.to_json().replace(b'"2026-08-19T14:03:10+09:00"', b'"soon"')):
        with pytest.raises(ValueError):
            PresenceInfo.from_json(bad)


def test_a_token_that_could_leave_the_folder_is_refused(tmp_path, clock):
    with pytest.raises(ValueError):
        folder(tmp_path, env(clock, token="../../x")).join(SID, "ideas")
    with pytest.raises(ValueError):
        folder(tmp_path, env(clock)).join("../x", "ideas")


def test_an_unmounted_shares_empty_mount_point_gets_no_presence(tmp_path: Path) -> None:
    """The store's folder replaced by another one (the empty local folder under an unmounted
    share): the presence is refused like a folder out of reach, and nothing is written there."""
    from facilitator.store import Store

    root = tmp_path / "share"
    root.mkdir()
    store = Store(root)
    store.check_reachable()  # the store as it was opened
    presence = Presence(store.aux_dir, reachable=store.check_reachable)
    mine = presence.join("2026-08-19-aaaaaa", "ideas")
    mine.beat()
    assert list((root / ".kyogitai" / "presence").glob("*.json"))
    moved = tmp_path / "share-away"
    root.rename(moved)
    root.mkdir()  # the mount point, empty, on (in a real unmount) another device
    store.stat_root = lambda path: _other_device(os.stat(path))  # type: ignore[method-assign]
    with pytest.raises(OSError):
        mine.beat()
    assert not (root / ".kyogitai").exists()


def _other_device(st: os.stat_result) -> os.stat_result:
    fields = list(st)
    fields[2] += 1  # st_dev
    return os.stat_result(fields)
