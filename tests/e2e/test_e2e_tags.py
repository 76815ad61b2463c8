"""In a real terminal (tmux): an idea marked ニーズ/デマンド with Ctrl+X and tagged with a theme
with Ctrl+A then Enter (or a new theme typed), then found in the session file and the report."""

from __future__ import annotations

import subprocess
import sys

import pytest

from facilitator.session_load import session_from_json
from tmux_driver import Tmux, new_session_at_ideas

pytestmark = pytest.mark.e2e


@pytest.fixture
def tmux():
    t = Tmux(120, 36)
    yield t
    t.close()


def test_mark_need_and_tag_a_theme_in_a_few_keys(tmp_path, tmux):
    session_id = new_session_at_ideas(tmp_path)
    tmux.start_kyogitai("--store", str(tmp_path), "open", session_id)
    tmux.wait_for("情報・意見交換")
    tmux.type_into_field("乗り合いで買い物に行く")
    tmux.keys("Enter")
    tmux.wait_for("未分類  乗り合いで買い物に行く")
    tmux.keys("Down")
    tmux.wait_for("^x ニーズ/デマンド")  # the list has the focus: its keys in the footer
    tmux.keys("C-x")
    tmux.wait_for("乗り合いで買い物に行く 〔ニーズ〕")
    tmux.keys("C-a")
    tmux.wait_for("テーマ（地域課題）")
    tmux.type("通院")
    tmux.wait_for(lambda s: "通院" in s.split("テーマ（地域課題）", 1)[-1])
    tmux.keys("Enter")
    tmux.wait_for("〔ニーズ〕 #通院")
    tmux.keys("C-a")
    tmux.wait_for("テーマ（地域課題）")
    tmux.keys("Down", "Enter")  # the first is 通院 (this meeting's), the next the built-in 移動
    tmux.wait_for("〔ニーズ〕 #通院 #移動")
    tmux.keys("C-q")
    tmux.wait_for("__EXIT__0")
    s = session_from_json((tmp_path / f"{session_id}.json").read_bytes())
    idea = next(i for i in s.ideas if i.text == "乗り合いで買い物に行く")
    assert (idea.nature, idea.themes) == ("need", ["通院", "移動"])
    r = subprocess.run([sys.executable, "-m", "facilitator", "--store", str(tmp_path), "report", "--format", "csv",
                        "--fiscal-year", s.date[:4] if int(s.date[5:7]) >= 4 else str(int(s.date[:4]) - 1)],
                       capture_output=True, timeout=60)
    rows = r.stdout.decode("utf-8-sig").splitlines()
    assert "地域課題のテーマ,通院,1,1" in rows and "アイデア,ニーズ,1,1" in rows
