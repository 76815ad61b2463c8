"""End to end in a real terminal (tmux, 120×36): a sync client left a copy of a meeting beside it
(another PC changed the title and added an idea). The meeting stays listed and marked, m merges the
copy in after a yes and moves it aside; opened, the meeting says 「確認が必要 1件」, Ctrl+G shows the
two titles, F3 takes the other one, and the file on disk has it — nothing typed on either PC lost."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from tmux_driver import Tmux

pytestmark = pytest.mark.e2e


@pytest.fixture
def tmux():  # type: ignore[no-untyped-def]
    t = Tmux(120, 36)
    yield t
    t.close()


def test_a_sync_copy_is_merged_from_home_and_its_conflict_settled_in_the_meeting(tmp_path, tmux):  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    r = subprocess.run([sys.executable, "-m", "facilitator", "--store", str(store), "demo"],
                       capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert r.returncode == 0, r.stderr
    own = next(p for p in store.glob("*.json") if json.loads(p.read_text(encoding="utf-8"))["title"] == "第4回 定例会")
    data = json.loads(own.read_text(encoding="utf-8"))
    data["title"] = "第4回 定例会（別PC）"
    data["ideas"].append({"id": "idea-pc2", "text": "別のPCで出た意見", "kind": "unsorted", "interest": 0,
                          "status": "open"})
    copy = store / f"{own.stem} (1).json"
    copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    tmux.start_kyogitai("--store", str(store))
    tmux.wait_for(lambda s: "第4回 定例会  ⚠ 写し1件" in s and "同期ソフトの写し" in s)
    tmux.keys("Down")  # the newest session is selected; 第4回 is the one below it
    tmux.wait_for(lambda s: "m 写しを取り込む" in s)
    tmux.keys("m")
    tmux.wait_for("に取り込みますか？")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "を取り込みました" in s and "写し1件" not in s)
    assert not copy.exists() and (store / ".kyogitai" / "merged-copies" / copy.name).exists()

    tmux.keys("o")
    screen = tmux.wait_for("確認が必要 1件")
    tmux.keys("C-g")
    screen = tmux.wait_for("確認が必要な値")
    assert "いまの値: 第4回 定例会" in screen and "もう一つの値: 第4回 定例会" in screen
    tmux.keys("F3")
    tmux.wait_for("確認が必要な値はありません")
    tmux.keys("Escape")
    tmux.wait_for(lambda s: "確認が必要 1件" not in s and "保存済み" in s)
    deadline = time.monotonic() + 20
    while True:
        saved = json.loads(own.read_text(encoding="utf-8"))
        if not saved.get("conflicts"):
            break
        assert time.monotonic() < deadline, "the settled meeting was not saved"
        time.sleep(0.1)
    texts = [i["text"] for i in saved["ideas"]]
    assert "別のPCで出た意見" in texts and len(texts) == len(data["ideas"])
    tmux.keys("C-q")
