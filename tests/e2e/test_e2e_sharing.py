"""Issue 16's scenario in a real terminal: a script rewrites the session (os.replace) while the
app has it open at the ideas step; the app shows the change within a second or so and its next
save keeps both (facilitator/sharing, screens/saver.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from facilitator.session_load import session_from_json
from tmux_driver import Tmux, new_session_at_ideas, wait_until

pytestmark = pytest.mark.e2e


def ideas(path: Path) -> list[str]:
    return [i.text for i in session_from_json(path.read_bytes()).ideas]


def add_idea(t: Tmux, path: Path, text: str) -> None:
    t.type(text)
    t.wait_for(text)  # in the field (keys sent before focus lands would be lost)
    t.keys("Enter")
    wait_until(lambda: text in ideas(path), timeout=10, what=f"{text} saved")


def test_a_script_rewrites_the_open_session_and_nothing_is_lost(tmp_path):  # type: ignore[no-untyped-def]
    t = Tmux(120, 36)
    try:
        sid = new_session_at_ideas(tmp_path)
        path = tmp_path / f"{sid}.json"
        t.start_kyogitai("--store", str(tmp_path), "open", sid)
        t.wait_for("アイデアを入力して Enter")
        add_idea(t, path, "一つ目は画面から")

        data = json.loads(path.read_text(encoding="utf-8"))  # the script of the issue
        data["ideas"].append({"id": "idea-script", "text": "スクリプトが足した案", "kind": "unsorted",
                              "interest": 0, "status": "open"})
        data["title"] = "第2回 定例会（外で直した）"
        tmp = tmp_path / ".script.tmp"
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

        t.type("二つ目は")  # typed while the change comes in: the field keeps it
        t.wait_for("二つ目は")
        screen = t.wait_for(lambda s: "スクリプトが足した案" in s and "外で直した" in s, timeout=10)
        assert "保存済み" in screen and "二つ目は" in screen
        t.type("画面から")
        t.wait_for("二つ目は画面から")
        t.keys("Enter")
        wait_until(lambda: "二つ目は画面から" in ideas(path), timeout=10, what="the second idea saved")
        saved = session_from_json(path.read_bytes())
        texts = [i.text for i in saved.ideas]
        for text in ("一つ目は画面から", "スクリプトが足した案", "二つ目は画面から"):
            assert texts.count(text) == 1
        assert saved.title == "第2回 定例会（外で直した）"
        t.wait_for("保存済み")
        t.keys("C-q")
        t.wait_for("__EXIT__0")
    finally:
        t.close()
