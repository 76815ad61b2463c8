"""Issue 16's scenarios in a real terminal (facilitator/sharing, screens/saver.py): a script
rewrites the session (os.replace) while the app has it open at the ideas step — the app shows the
change within 2 s and its next save keeps both; two windows (two processes) type ideas into one
session — the file holds every idea once and each screen shows the other's within 2 s; two idle
windows on one session leave the file alone for 30 s; a conflict at 総評 settled in one window
shows in both fields and the losing window's typing afterwards is saved."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from facilitator.session_load import session_from_json
from tmux_driver import Tmux, new_session_at_ideas, wait_until

pytestmark = pytest.mark.e2e

WITHIN = 2.0  # seconds: a window looks every 0.5 s and saves within 0.4 s of the last key (the limit)
SEEN_WITHIN = 15.0  # seconds: presence is looked at every 3 s; generous for a loaded machine


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
        screen = t.wait_for(lambda s: "スクリプトが足した案" in s and "外で直した" in s and "二つ目は" in s,
                            timeout=WITHIN)
        assert "保存済み" in screen
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


def flat(screen: str) -> str:
    """The screen's lines joined (a line may wrap)."""
    return "".join(line.strip() for line in screen.splitlines())


@pytest.fixture
def two():  # type: ignore[no-untyped-def]
    a, b = Tmux(120, 36), Tmux(120, 36)
    yield a, b
    a.close()
    b.close()


def open_both(tmp_path: Path, a: Tmux, b: Tmux) -> Path:
    """Two processes on one new session at the ideas step, each fully open: its idea field
    shown and the other window seen in its header (so both have read the file and looked)."""
    sid = new_session_at_ideas(tmp_path)
    for t in (a, b):
        t.start_kyogitai("--store", str(tmp_path), "open", sid)
        t.wait_for("アイデアを入力して Enter")
    for t in (a, b):
        t.wait_for(lambda s: "ほかに 1 人" in flat(s), timeout=SEEN_WITHIN)
    return tmp_path / f"{sid}.json"


def test_two_windows_type_ideas_into_one_session_and_each_sees_the_others(tmp_path, two):  # type: ignore[no-untyped-def]
    a, b = two
    path = open_both(tmp_path, a, b)
    typed = {a: ["Aの案・バス停に椅子", "Aの案・見守りの声かけ"], b: ["Bの案・ゴミ出し支援", "Bの案・サロンの送迎"]}
    for n in range(2):  # in turns, each Enter right after the other's
        for t in (a, b):
            t.type_into_field(typed[t][n])
            t.keys("Enter")
    last = time.monotonic()
    everyone = typed[a] + typed[b]

    def all_once() -> bool:
        texts = ideas(path)
        return all(texts.count(x) == 1 for x in everyone)

    wait_until(all_once, timeout=WITHIN, what="every idea in the file once")
    for t, other in ((a, b), (b, a)):
        t.wait_for(lambda s, other=other: all(x in s for x in typed[other]),
                   timeout=max(0.1, WITHIN - (time.monotonic() - last)))  # what is left of the 2 s
    texts = ideas(path)
    assert sorted(texts) == sorted(everyone)  # nothing else, nothing twice
    for t in (a, b):
        t.wait_for("保存済み")
        t.keys("C-q")
        t.wait_for("__EXIT__0")
    assert sorted(ideas(path)) == sorted(everyone)


def test_two_idle_windows_leave_the_file_alone_for_30_seconds(tmp_path, two):  # type: ignore[no-untyped-def]
    a, b = two
    path = open_both(tmp_path, a, b)
    before = path.read_bytes(), os.stat(path).st_mtime_ns
    # A bounded observation, not a wait for something: 30 s (the issue's) of looking at the file,
    # failing at the first change.
    end = time.monotonic() + 30.0
    while time.monotonic() < end:
        now = path.read_bytes(), os.stat(path).st_mtime_ns
        assert now == before, "an idle window rewrote the file"
        time.sleep(0.2)
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before
    for t in (a, b):
        assert "保存済み" in t.screen() and "保存できません" not in t.screen()
        t.keys("C-q")
        t.wait_for("__EXIT__0")
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before  # quitting writes nothing either


def test_a_conflict_settled_in_one_window_shows_in_both_and_later_typing_is_saved(tmp_path, two):  # type: ignore[no-untyped-def]
    """QA's run: two processes at 総評 append to the same line; 「確認が必要 1件」 in both headers;
    in a, Ctrl+G and F3 (the other value). The header follows under the dialog, both fields show
    the chosen text within 2 s, and what the window whose text lost types next is in the file."""
    from facilitator.store import Store

    a, b = two
    sid = new_session_at_ideas(tmp_path)
    store = Store(tmp_path)
    session = store.load(sid)
    session.current_step, session.review = "comment", "今日は活発な意見が出ました。次回も期待します"
    store.save(session)
    path = tmp_path / f"{sid}.json"
    for t in (a, b):
        t.start_kyogitai("--store", str(tmp_path), "open", sid)
        t.wait_for("次回も期待します")
    for t in (a, b):
        t.wait_for(lambda s: "ほかに 1 人" in flat(s), timeout=SEEN_WITHIN)
    own = {a: "（A追記）", b: "（B追記）"}
    for t in (a, b):
        t.keys("End")
        t.type(own[t])
        t.wait_for(own[t])
    for t in (a, b):
        t.wait_for("確認が必要 1件", timeout=10)
    disk = session_from_json(path.read_bytes())
    (conflict,) = disk.conflicts
    chosen = conflict.value  # F3: the other value
    a.keys("C-g")
    a.wait_for("もう一つの値")
    a.keys("F3")
    screen = a.wait_for("確認が必要な値はありません")
    assert "確認が必要 1件" not in screen.splitlines()[0]  # the header under the dialog, at once
    a.keys("Escape")
    wait_until(lambda: session_from_json(path.read_bytes()).review == chosen
               and not session_from_json(path.read_bytes()).conflicts, timeout=10, what="the choice saved")
    for t in (a, b):
        t.wait_for(lambda s: chosen in flat(s) and "確認が必要" not in s, timeout=WITHIN)
    loser = a if own[a] not in chosen else b
    loser.type("XYZ")
    wait_until(lambda: session_from_json(path.read_bytes()).review == chosen + "XYZ", timeout=10,
               what="typing after the choice saved")
    for t in (a, b):
        t.wait_for("保存済み")
        t.keys("C-q")
        t.wait_for("__EXIT__0")
    saved = session_from_json(path.read_bytes())
    assert saved.review == chosen + "XYZ" and not saved.conflicts
