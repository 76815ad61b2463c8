"""End to end in a real terminal (tmux): take attendance in the roster (F3, Ctrl+X), name the
recorder and a step's lead (F2), quit, and find them in the file and in the exported minutes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from facilitator.session_load import session_from_json
from tmux_driver import Tmux

pytestmark = pytest.mark.e2e


def kyogitai(store, *args):
    return subprocess.run([sys.executable, "-m", "facilitator", "--store", str(store), *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=True).stdout


@pytest.fixture
def tmux():
    t = Tmux(120, 36)
    yield t
    t.close()


def test_attendance_recorder_and_leads_reach_the_minutes(tmp_path, tmux):
    store = tmp_path / "store"
    session_id = kyogitai(store, "new", "--body", "テスト町 第1層協議体", "--title", "第1回 定例会").strip()
    tmux.start_kyogitai("--store", str(store), "open", session_id)
    tmux.wait_for("前回の振り返り")
    tmux.keys("F3")
    tmux.wait_for("出席者（名簿）")
    for name in ("山田 花子", "佐藤 一郎"):
        tmux.type_into_field(name)
        tmux.keys("Enter")
        tmux.wait_for(lambda s, n=name: f" {n}" in s and "出席者 " in s)
    # The roster was opened with nobody on it: each name added is present at once (it showed 未
    # until F3 was closed and opened again).
    tmux.wait_for("出席 2 名")
    assert " 未 " not in tmux.screen()
    tmux.keys("Tab", "Tab", "Tab", "Tab")  # from the name field round to the list
    tmux.press_until("Tab", lambda s: "^x 出欠" in s)
    tmux.keys("End", "C-x")  # 佐藤 一郎 sent apologies
    tmux.wait_for("欠席 1 名")
    tmux.keys("F2")
    tmux.wait_for("記録者と次第の担当")
    tmux.type("佐藤（事務局）")
    tmux.keys("Enter")
    tmux.type("SC")
    tmux.keys("C-s")
    tmux.wait_for("記録者：佐藤（事務局）")
    tmux.keys("Escape")
    tmux.wait_for(lambda s: "出席者（名簿）" not in s)
    tmux.keys("C-q")
    tmux.wait_for("__EXIT__0")
    s = session_from_json((store / f"{session_id}.json").read_bytes())
    assert [(a.name, a.attendance) for a in s.attendees] == [("山田 花子", "present"), ("佐藤 一郎", "absent")]
    assert s.recorder == "佐藤（事務局）" and s.steps[0].lead == "SC"
    md = kyogitai(store, "export", session_id, "--format", "md").splitlines()
    assert "- 出席者：山田 花子（1名）" in md and "- 欠席者：佐藤 一郎" in md
    assert "- 記録者：佐藤（事務局）" in md  # no 事務局 in the roster: the label once, not 「事務局・記録者：記録者：」
    assert "- 1．前回の振り返り（SC）" in md
