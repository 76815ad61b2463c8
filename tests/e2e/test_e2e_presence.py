"""Two real processes on one session (tmux), as a 記録係's window beside the SC's: both are
editable without a question, each shows the other's presence in its header within seconds (and
stops showing it once the other quits), and only the window that opened the meeting (開会) owns
its clock — the other offers to move the clock, counts nothing and never moves the meeting's
step. A SIGKILLed window's presence is not shown as someone still there."""

from __future__ import annotations

import getpass
import os
import signal
import socket
from pathlib import Path

import pytest

from facilitator.presence import Presence, PresenceInfo, pid_alive
from facilitator.session_load import session_from_json
from tmux_driver import new_session_at_ideas, Tmux, wait_until

pytestmark = pytest.mark.e2e

SEEN_WITHIN = 15.0  # seconds: a window looks every 3 s; generous for a loaded machine


def saved(path: Path):  # type: ignore[no-untyped-def]
    return session_from_json(path.read_bytes())


def ideas(path: Path) -> list[str]:
    return [i.text for i in saved(path).ideas]


def flat(screen: str) -> str:
    """The screen's lines joined (a line may wrap)."""
    return "".join(line.strip() for line in screen.splitlines())


def windows(store: Path, sid: str) -> list[PresenceInfo]:
    return [i for i in Presence(store / ".kyogitai").everyone(sid) if pid_alive(i.pid)]


def add_idea(t: Tmux, path: Path, text: str) -> None:
    t.type_into_field(text)
    t.keys("Enter")
    wait_until(lambda: text in ideas(path), timeout=10, what=f"{text} saved")


@pytest.fixture
def two():
    a, b = Tmux(120, 36), Tmux(120, 36)
    yield a, b
    a.close()
    b.close()


def test_two_windows_both_edit_see_each_other_and_one_owns_the_clock(tmp_path, two):
    a, b = two
    sid = new_session_at_ideas(tmp_path)
    path = tmp_path / f"{sid}.json"
    me = f"{getpass.getuser()} ({socket.gethostname()})"

    a.start_kyogitai("--store", str(tmp_path), "open", sid)
    a.wait_for("アイデアを入力して Enter")
    a.keys("F6")  # 開会: this window owns the meeting's clock
    wait_until(lambda: saved(path).clock_owner is not None, timeout=10, what="開会 saved")
    wait_until(lambda: len(windows(tmp_path, sid)) == 1, timeout=10, what="A's presence")
    owner = saved(path).clock_owner
    assert windows(tmp_path, sid)[0].token == owner
    add_idea(a, path, "SCのアイデア")

    b.start_kyogitai("--store", str(tmp_path), "open", sid)
    b_screen = b.wait_for("アイデアを入力して Enter")
    assert "読み取り専用" not in b_screen  # never read-only, never a question
    # Each shows the other, quietly, with where they are.
    b_screen = flat(b.wait_for(lambda s: "ほかに 1 人" in flat(s), timeout=SEEN_WITHIN))
    assert f"ほかに 1 人: {me} — 情報・意見交換" in b_screen
    a_screen = flat(a.wait_for(lambda s: "ほかに 1 人" in flat(s), timeout=SEEN_WITHIN))
    assert f"ほかに 1 人: {me} — 情報・意見交換" in a_screen
    # Only A owns the clock: B's F6 offers to move it, B's timer does not count.
    assert "時計をこの画面に移す" in b_screen and "時計はほかの画面" in b_screen
    assert "時計をこの画面に移す" not in a_screen and "⏱" in a_screen
    tokens = {i.token for i in windows(tmp_path, sid)}
    assert len(tokens) == 2 and owner in tokens

    # B edits too.
    add_idea(b, path, "記録係のアイデア")
    # B moves on its own; the meeting stays where A is, and B says so.
    b.keys("PageDown")
    b.wait_for("5/7")
    b.wait_for(lambda s: "会議は今: 情報・意見交換" in flat(s), timeout=SEEN_WITHIN)
    a.wait_for(lambda s: f"{me} — SCに託す" in flat(s), timeout=SEEN_WITHIN)  # A sees B's step
    assert "4/7" in a.screen()

    b.keys("C-q")
    b.wait_for("__EXIT__0")
    a.wait_for(lambda s: "ほかに" not in s, timeout=SEEN_WITHIN)  # B is gone from A's header
    after = saved(path)
    assert after.current_step == "ideas" and after.clock_owner == owner
    a.keys("C-q")
    a.wait_for("__EXIT__0")
    assert Presence(tmp_path / ".kyogitai").everyone(sid) == []  # both removed their own


def test_a_sigkilled_window_is_not_shown_as_still_there(tmp_path, two):
    a, b = two
    sid = new_session_at_ideas(tmp_path)
    path = tmp_path / f"{sid}.json"
    a.start_kyogitai("--store", str(tmp_path), "open", sid)
    a.wait_for("アイデアを入力して Enter")
    add_idea(a, path, "落ちる前のアイデア")
    wait_until(lambda: len(windows(tmp_path, sid)) == 1, timeout=10, what="A's presence")
    pid_a = windows(tmp_path, sid)[0].pid
    os.kill(pid_a, signal.SIGKILL)
    a.wait_for("__EXIT__137")
    assert len(Presence(tmp_path / ".kyogitai").everyone(sid)) == 1  # the dead window's file is still there

    b.start_kyogitai("--store", str(tmp_path), "open", sid)
    b.wait_for("アイデアを入力して Enter")
    wait_until(lambda: [i.pid for i in Presence(tmp_path / ".kyogitai").everyone(sid)] not in ([], [pid_a]),
               timeout=10, what="B's presence")
    # B's first look found the dead window (this machine, a pid that no longer runs): cleared away.
    wait_until(lambda: pid_a not in [i.pid for i in Presence(tmp_path / ".kyogitai").everyone(sid)],
               timeout=SEEN_WITHIN, what="the dead window's presence cleared")
    assert "ほかに" not in b.screen() and "落ちる前のアイデア" in b.screen()
    add_idea(b, path, "再開後のアイデア")
    b.keys("C-q")
    b.wait_for("__EXIT__0")
    assert ideas(path)[-2:] == ["落ちる前のアイデア", "再開後のアイデア"]
