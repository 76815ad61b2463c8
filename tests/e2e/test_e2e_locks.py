"""Two real processes on one session (tmux): the second opens read-only, says who has it and never
writes; the first window's edits are never overwritten; a SIGKILLed holder's lock (this host,
dead pid) does not lock the next window out."""

from __future__ import annotations

import getpass
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator.locks import Locks, pid_alive
from facilitator.session_load import session_from_json
from tmux_driver import new_session_at_ideas, Tmux, wait_until

pytestmark = pytest.mark.e2e



def ideas(path: Path) -> list[str]:
    return [i.text for i in session_from_json(path.read_bytes()).ideas]


def file_state(path: Path) -> tuple[bytes, int, int]:
    st = path.stat()
    return path.read_bytes(), st.st_mtime_ns, st.st_ino


def holder_pid(store: Path, sid: str) -> int | None:
    info = Locks(store / ".kyogitai").read(sid)
    return info.pid if info is not None and info.readable else None


def flat(screen: str) -> str:
    """The screen's lines joined (a bar may wrap)."""
    return "".join(line.strip() for line in screen.splitlines())


def add_idea(t: Tmux, path: Path, text: str) -> None:
    t.type(text)
    t.wait_for(text)  # in the field (keys sent before focus lands would be lost)
    t.keys("Enter")
    wait_until(lambda: text in ideas(path), timeout=10, what=f"{text} saved")


@pytest.fixture
def two():
    a, b = Tmux(120, 36), Tmux(120, 36)
    yield a, b
    a.close()
    b.close()


def test_the_second_window_is_read_only_and_never_writes(tmp_path, two):
    a, b = two
    sid = new_session_at_ideas(tmp_path)
    path = tmp_path / f"{sid}.json"
    a.start_kyogitai("--store", str(tmp_path), "open", sid)
    a.wait_for("アイデアを入力して Enter")
    add_idea(a, path, "一つ目のアイデア（A）")
    pid_a = holder_pid(tmp_path, sid)
    assert pid_a is not None and pid_alive(pid_a)

    b.start_kyogitai("--store", str(tmp_path), "open", sid)
    screen = flat(b.wait_for("読み取り専用 — この会議は"))
    assert f"{getpass.getuser()}（{socket.gethostname()}）が" in screen and "から" in screen
    before = file_state(path)
    # Everything B would save in an editable window: a step, typing, the timer.
    b.keys("PageDown")
    b.wait_for("5/7")
    b.keys("PageUp")
    b.wait_for("4/7")
    b.type("Bのアイデア")
    b.keys("Enter", "F6")
    started = time.monotonic()
    wait_until(lambda: time.monotonic() - started > 1.5, what="1.5 s of B")  # longer than any save wait
    assert "読み取り専用" in b.screen()  # still said
    b.keys("C-q")
    b.wait_for("__EXIT__0")
    assert file_state(path) == before  # B wrote nothing
    assert holder_pid(tmp_path, sid) == pid_a  # and left A's lock alone

    add_idea(a, path, "二つ目のアイデア（A）")
    saved = session_from_json(path.read_bytes())
    assert [i.text for i in saved.ideas][-2:] == ["一つ目のアイデア（A）", "二つ目のアイデア（A）"]
    assert "Bのアイデア" not in [i.text for i in saved.ideas] and saved.current_step == "ideas"
    a.keys("C-q")
    a.wait_for("__EXIT__0")
    assert holder_pid(tmp_path, sid) is None  # released at quit


def test_a_sigkilled_holder_does_not_lock_the_next_window_out(tmp_path, two):
    a, b = two
    sid = new_session_at_ideas(tmp_path)
    path = tmp_path / f"{sid}.json"
    a.start_kyogitai("--store", str(tmp_path), "open", sid)
    a.wait_for("アイデアを入力して Enter")
    add_idea(a, path, "落ちる前のアイデア")
    pid_a = holder_pid(tmp_path, sid)
    os.kill(pid_a, signal.SIGKILL)
    a.wait_for("__EXIT__137")
    assert holder_pid(tmp_path, sid) == pid_a  # the dead window's lock is still there

    b.start_kyogitai("--store", str(tmp_path), "open", sid)
    b.wait_for("アイデアを入力して Enter")
    wait_until(lambda: holder_pid(tmp_path, sid) not in (None, pid_a), timeout=10, what="the new lock")
    screen = b.screen()
    assert "読み取り専用" not in screen and "落ちる前のアイデア" in screen
    add_idea(b, path, "再開後のアイデア")
    b.keys("C-q")
    b.wait_for("__EXIT__0")
    assert ideas(path)[-2:] == ["落ちる前のアイデア", "再開後のアイデア"]
