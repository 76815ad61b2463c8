"""End to end in a real terminal (tmux): F9 opens 困ったとき in one key (the ideas step's hints
first) and, projected, only asks — no hint on the wall; after 散会 the facilitator's self-check
fills in a few keys and reaches the file, and Esc skips it."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.model import SelfCheck
from facilitator.session_load import session_from_json
from facilitator.store import Store
from tmux_driver import Tmux, new_session_at_ideas, wait_until

pytestmark = pytest.mark.e2e


@pytest.fixture
def tmux():
    t = Tmux(100, 30)
    yield t
    t.close()


def saved(path: Path):  # type: ignore[no-untyped-def]
    return session_from_json(path.read_bytes())


def at_close_step(store: Path) -> str:
    """A meeting under way (開会 recorded) at its last step."""
    sid = new_session_at_ideas(store)
    s = Store(store)
    session = s.load(sid)
    session.current_step = "close"
    session.started_at = "2026-08-19T14:00:00+09:00"
    s.save(session)
    return sid


def test_f9_opens_the_hints_and_projected_it_only_asks(tmp_path: Path, tmux: Tmux) -> None:
    sid = new_session_at_ideas(tmp_path)
    tmux.start_kyogitai("--store", str(tmp_path), "open", sid)
    tmux.wait_for(lambda s: "4/7" in s and "情報・意見交換" in s)
    tmux.keys("F9")
    screen = tmux.wait_for("進行役のためのヒント")
    assert "いまのステップ（情報・意見交換）で" in screen and "アイデアが出ない" in screen
    assert screen.index("アイデアが出ない") < screen.index("役場への要望ばかり")
    tmux.type("月2回")  # typing closes the hints: the text is the idea field's
    tmux.wait_for(lambda s: "進行役のためのヒント" not in s and "月2回" in s)
    tmux.keys("C-u")

    tmux.keys("F5")  # projected
    tmux.wait_for(lambda s: "進行役のためのヒント" not in s and "月2回" not in s)
    tmux.keys("F9")
    screen = tmux.wait_for("投影中です")
    assert "アイデアが出ない" not in screen and "一人が話し続ける" not in screen  # nothing on the wall
    tmux.keys("Escape")
    tmux.wait_for(lambda s: "投影中です" not in s)
    assert "アイデアが出ない" not in tmux.screen()


def test_the_self_check_after_closing_in_a_few_keys(tmp_path: Path, tmux: Tmux) -> None:
    sid = at_close_step(tmp_path)
    path = tmp_path / f"{sid}.json"
    tmux.start_kyogitai("--store", str(tmp_path), "open", sid)
    tmux.wait_for(lambda s: "7/7" in s)
    tmux.keys("PageDown")
    tmux.wait_for("散会しますか？")
    tmux.keys("Enter")
    tmux.wait_for("散会後の自己チェック")
    tmux.keys("Right", "Right", "Right", "Down", "Right", "Right", "Right", "Right")
    tmux.wait_for("3 よくできた")
    tmux.type("次は2人組で")  # on an item: the note
    tmux.wait_for("次は2人組で")
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "散会後の自己チェック" not in s and "散会済み" in s)
    wait_until(lambda: saved(path).self_check == SelfCheck(answers={"listening": 2, "equal": 3}, note="次は2人組で"),
               timeout=10, what="the self-check in the file")
    assert saved(path).ended_at is not None


def test_the_self_check_is_skipped_with_esc(tmp_path: Path, tmux: Tmux) -> None:
    sid = at_close_step(tmp_path)
    path = tmp_path / f"{sid}.json"
    tmux.start_kyogitai("--store", str(tmp_path), "open", sid)
    tmux.wait_for(lambda s: "7/7" in s)
    tmux.keys("PageDown")
    tmux.wait_for("散会しますか？")
    tmux.keys("Enter")
    tmux.wait_for("散会後の自己チェック")
    tmux.keys("Escape")
    tmux.wait_for(lambda s: "散会後の自己チェック" not in s and "飛ばしました" in s)
    wait_until(lambda: saved(path).ended_at is not None, timeout=10, what="ended_at in the file")
    assert saved(path).self_check is None
