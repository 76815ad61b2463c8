"""End to end in a real terminal (tmux): open a session, walk the steps with PageDown, type
Japanese ideas, say who said one (the roster, then Tab ↓), make the rest homework (Ctrl+Y, which
asks first), quit with Ctrl+Q, and find everything in the session file — then reopen."""

from __future__ import annotations

import subprocess
import sys

import pytest

from facilitator.session_load import session_from_json
from tmux_driver import Tmux

pytestmark = pytest.mark.e2e


def new_session(store, *args):
    r = subprocess.run([sys.executable, "-m", "facilitator", "--store", str(store), "new", *args],
                       capture_output=True, text=True, encoding="utf-8", timeout=60, check=True)
    return r.stdout.strip()


@pytest.fixture
def tmux():
    t = Tmux(120, 36)
    yield t
    t.close()


def test_run_a_meeting_in_tmux(tmp_path, tmux):
    session_id = new_session(tmp_path, "--body", "テスト町 第1層協議体", "--title", "第1回 定例会")
    path = tmp_path / f"{session_id}.json"
    tmux.start_kyogitai("--store", str(tmp_path), "open", session_id)
    tmux.wait_for("前回の振り返り")
    tmux.wait_for("この協議体の最初の会議です")
    for _ in range(3):
        tmux.keys("PageDown")
    tmux.wait_for(lambda s: "4/7" in s and "情報・意見交換" in s)
    # The template's prompts for this step are shown under the panel.
    tmux.wait_for("問い 今ある住民の活動や集まりで")
    for text in ("朝の散歩で見守り", "[red]ゴミ出し[/] 支援"):
        # Enter only once the field holds the text: keys sent before focus lands would be lost.
        tmux.type_into_field(text)
        tmux.keys("Enter")
        tmux.wait_for(lambda s, t=text: "未分類  " + t in s)
    tmux.wait_for("全 2 件")

    # Who said it: two names on the roster (F3), then Tab ↓ ↓ picks the second one without
    # opening a list, and what is typed next goes on in the idea field.
    tmux.press_until("F3", "出席者（名簿）")
    for count, name in enumerate(("山田 花子", "佐藤 一郎"), start=1):
        tmux.type_into_field(name)  # (again until it shows: keys before the field's focus are lost)
        tmux.press_until("Enter", f"出席者 {count} 名")  # (Enter on an empty field adds nobody)
    tmux.keys("Escape")
    tmux.wait_for(lambda s: "出席者（名簿）" not in s and "f3 出席者" in s)
    tmux.keys("Tab")
    tmux.wait_for("↓ 次を選ぶ")  # the speaker has the focus: its keys in the footer
    tmux.keys("Down")
    tmux.wait_for(lambda s: "山田 花子" in s and "発言者: 匿名" not in s)
    tmux.keys("Down")
    tmux.wait_for("佐藤 一郎")
    tmux.type("声かけ当番")
    tmux.wait_for(lambda s: "声かけ当番" in s and "入力欄へ" not in s.splitlines()[-1])  # in the field
    tmux.keys("Enter")
    tmux.wait_for("声かけ当番　— 佐藤 一郎")
    tmux.wait_for("全 3 件")

    # A bulk action asks first and says what it did: Ctrl+Y makes the three open ideas homework.
    tmux.keys("PageDown")
    tmux.wait_for(lambda s: "5/7" in s and "^y 残りを宿題に" in s)
    tmux.keys("C-y")
    tmux.wait_for(lambda s: "残りのアイデア 3 件を、宿題" in s and "3 件を宿題にする" in s)
    tmux.keys("Enter")
    done = tmux.wait_for("3 件を宿題（継続協議）にしました")
    assert "継続協議 3" in done
    tmux.keys("C-q")
    tmux.wait_for("__EXIT__0")
    s = session_from_json(path.read_bytes())
    assert [i.text for i in s.ideas] == ["朝の散歩で見守り", "[red]ゴミ出し[/] 支援", "声かけ当番"]
    assert [i.author for i in s.ideas] == [None, None, "佐藤 一郎"]
    assert [i.status for i in s.ideas] == ["homework"] * 3
    assert [h.text for h in s.homework] == [i.text for i in s.ideas]
    assert s.current_step == "handoff"
    assert s.step("ideas").elapsed_seconds > 0

    # Reopen: everything is there, at the step where we left.
    tmux.close()
    tmux.start_kyogitai("--store", str(tmp_path), "open", session_id)
    tmux.wait_for("5/7")
    tmux.keys("PageUp")
    screen = tmux.wait_for("朝の散歩で見守り")
    assert "[red]ゴミ出し[/] 支援" in screen
    tmux.keys("C-q")
    tmux.wait_for("__EXIT__0")
