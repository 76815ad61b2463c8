"""End to end in a real terminal (tmux): the dialogs and one-line fields as QA used them.

- The hand-off dialog filled with Enter after each field, the whole sequence sent as one burst
  (as fast as a person with an IME): every field saved, and no word of it turned into an idea.
- A bracketed paste of three lines (``paste-buffer -p``) into the idea field, then Enter: one
  idea holding all three lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import make_session
from tmux_driver import Tmux, wait_until

from facilitator.model import Idea, Session
from facilitator.session_load import session_from_json
from facilitator.store import Store

pytestmark = pytest.mark.e2e


@pytest.fixture
def tmux():
    t = Tmux(120, 36)
    yield t
    t.close()


def saved(path: Path) -> Session | None:
    try:
        return session_from_json(path.read_bytes())
    except (OSError, ValueError):
        return None


def test_the_hand_off_dialog_filled_with_enter_in_one_burst_keeps_every_field(tmp_path: Path, tmux: Tmux) -> None:
    idea = Idea(id="idea-e2e", text="商店の配達ついでに声かけ", kind="self")
    session = make_session(current_step="handoff", ideas=[idea], handoffs=[])
    Store(tmp_path).save(session)
    path = tmp_path / f"{session.id}.json"
    tmux.start_kyogitai("--store", str(tmp_path), "open", session.id)
    tmux.wait_for(lambda s: "商店の配達ついでに声かけ" in s and "^x 選ぶ" in s)
    tmux.keys("C-x")
    tmux.wait_for("選択 1")
    tmux.keys("Enter")
    tmux.wait_for("Enter 次の欄へ")
    # One tmux call: the keys arrive as one burst, each Enter among them.
    tmux._tmux("send-keys", "-t", tmux.name, "-l", "社協の車両を借りる", ";", "send-keys", "-t", tmux.name, "Enter",
               ";", "send-keys", "-t", tmux.name, "-l", "社協 地域福祉係", ";", "send-keys", "-t", tmux.name, "Enter",
               ";", "send-keys", "-t", tmux.name, "-l", "次回まで", ";", "send-keys", "-t", tmux.name, "Enter")
    wait_until(lambda: (s := saved(path)) is not None and len(s.handoffs) == 1, timeout=15, what="the hand-off saved")
    s = saved(path)
    assert s is not None
    h = s.handoffs[0]
    assert (h.idea_ids, h.action, h.contact, h.due) == (["idea-e2e"], "社協の車両を借りる", "社協 地域福祉係", "次回まで")
    assert [i.text for i in s.ideas] == ["商店の配達ついでに声かけ"]  # no stray idea
    tmux.keys("C-q")
    tmux.wait_for("__EXIT__0")


def test_a_bracketed_paste_of_three_lines_is_one_idea_with_all_of_them(tmp_path: Path, tmux: Tmux) -> None:
    session = make_session(current_step="ideas")
    Store(tmp_path).save(session)
    path = tmp_path / f"{session.id}.json"
    tmux.start_kyogitai("--store", str(tmp_path), "open", session.id)
    tmux.wait_for("アイデアを入力して Enter")
    tmux._tmux("set-buffer", "-b", "kyogitai-paste", "一行目の案\n二行目の案\n三行目")
    tmux._tmux("paste-buffer", "-p", "-d", "-b", "kyogitai-paste", "-t", tmux.name)
    tmux.wait_for("一行目の案 二行目の案 三行目")
    tmux.keys("Enter")
    wait_until(lambda: (s := saved(path)) is not None and s.ideas[-1].text == "一行目の案 二行目の案 三行目",
               timeout=15, what="one idea with the three lines")
    tmux.keys("C-q")
    tmux.wait_for("__EXIT__0")
