"""End to end in a real terminal (tmux, 120×36): a new user's tour of the demo store — find the
meeting where an idea came up by typing Japanese, read its review, export it as HTML and find the
file beside the store; then the overdue homework and the next session."""

from __future__ import annotations

import subprocess
import sys

import pytest

from facilitator.session_load import session_from_json
from tmux_driver import Tmux

pytestmark = pytest.mark.e2e


@pytest.fixture
def tmux():  # type: ignore[no-untyped-def]
    t = Tmux(120, 36)
    yield t
    t.close()


def test_demo_search_review_export_homework_next(tmp_path, tmux):  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    r = subprocess.run([sys.executable, "-m", "facilitator", "--store", str(store), "demo"],
                       capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert r.returncode == 0, r.stderr
    before = {p.name for p in store.glob("*.json")}

    tmux.start_kyogitai("--store", str(store))
    # (Both at once: a capture can catch a frame half-drawn.)
    tmux.wait_for(lambda s: "第5回 一年のふりかえり" in s and str(store) in s and "ひなた町 第1層協議体（6件）" in s)

    # Typed on the list, Japanese goes to the search; the list narrows as we type.
    tmux.type("停車場所をサロン")
    screen = tmux.wait_for(lambda s: "停車場所をサロン" in s and "（1件）" in s)
    assert "第2回 定例会" in screen and "第5回 一年のふりかえり" not in screen
    # Enter goes back to the list, Enter there opens the review of that meeting (pressed again
    # if the first Enter found the search field still focused on a slow machine).
    tmux.keys("Enter")
    screen = tmux.press_until("Enter", "振り返り（読み取り専用）")
    tmux.wait_for("前回からの変化")
    assert "第2回 定例会" in screen

    tmux.keys("e")
    tmux.wait_for("形式を選ぶと書き出します")
    tmux.keys("h")
    screen = tmux.wait_for("を書き出しました")
    exported = list((tmp_path / "exports").glob("*.html"))
    assert len(exported) == 1
    assert exported[0].name.endswith("_ひなた町第1層協議体_第2回定例会.html")
    html = exported[0].read_text(encoding="utf-8")
    assert "移動販売車の停車場所をサロン会場にする" in html and html.lstrip().lower().startswith("<!doctype")
    assert "exports/" in screen  # the dialog says where the file went
    tmux.keys("Escape")
    tmux.wait_for(lambda s: "形式を選ぶと" not in s)
    tmux.keys("Escape")
    tmux.wait_for("r 振り返り")

    # Overdue homework stands out, in words.
    tmux.keys("h")
    screen = tmux.wait_for("宿題（継続協議）の一覧")
    screen = tmux.wait_for("⚠ 期限切れ 2件")
    assert "買い物ついでの乗り合い" in screen
    tmux.keys("Escape")
    tmux.wait_for("r 振り返り")

    # The next session of the body: asks date and title, carries over, opens it.
    tmux.keys("n")
    tmux.wait_for("つくって開く")
    tmux.keys("Enter", "Enter", "Enter")  # date, title, template (Enter goes field to field): つくって開く
    tmux.wait_for("1/7")
    tmux.keys("C-q")
    tmux.wait_for("__EXIT__0")
    new = [p for p in store.glob("*.json") if p.name not in before]
    assert len(new) == 1
    s = session_from_json(new[0].read_bytes())
    assert s.title == "第6回" and s.previous_session and s.homework
