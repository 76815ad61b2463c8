"""End to end in a real terminal (tmux): F4 opens the board, a Japanese card typed and entered is
in the session file; the body's next session starts with that board, a card added there is the
only one marked 新, and the minutes show the board as a table."""

from __future__ import annotations

import subprocess
import sys

import pytest
from tmux_driver import Tmux, wait_until

from facilitator.session_load import session_from_json

pytestmark = pytest.mark.e2e

BODY = "テスト町 第1層協議体"


def cli(store, *args) -> str:
    r = subprocess.run([sys.executable, "-m", "facilitator", "--store", str(store), *args],
                       capture_output=True, text=True, encoding="utf-8", timeout=60, check=True)
    return r.stdout


@pytest.fixture
def tmux():
    t = Tmux(120, 36)
    yield t
    t.close()


def type_and_enter(tmux: Tmux, text: str) -> None:
    """Type, wait until the field shows it (IME-like input arrives before Enter), then Enter."""
    tmux.type(text)
    tmux.wait_for(text)
    tmux.keys("Enter")


def saved(path):
    try:
        return session_from_json(path.read_bytes())
    except (OSError, ValueError):
        return None


def test_board_card_typed_in_tmux_is_saved_and_carried_to_the_next_session(tmp_path, tmux):
    first = cli(tmp_path, "new", "--body", BODY, "--title", "第1回", "--date", "2026-06-17").strip()
    path = tmp_path / f"{first}.json"
    tmux.start_kyogitai("--store", str(tmp_path), "open", first)
    tmux.wait_for("前回の振り返り")
    tmux.keys("F4")
    tmux.wait_for("まず、わがまちビジョンを決めましょう")
    type_and_enter(tmux, "歩いて行ける場所でおしゃべりできるまち")
    tmux.wait_for(lambda s: "まず、わがまちビジョン" not in s)
    type_and_enter(tmux, "公園のゲートボール")
    tmux.wait_for("新 公園のゲートボール")
    # Autosave: in the file within about a second, before quitting.
    wait_until(lambda: (s := saved(path)) is not None and any(c.text == "公園のゲートボール" for c in s.board.items),
               timeout=10, what="the card in the session file")
    tmux.keys("F3", "F3")  # 追加先 → ないもの
    tmux.wait_for("ないものに入れるカード")
    type_and_enter(tmux, "[red]商店[/]")
    tmux.wait_for("新 [red]商店[/]")
    tmux.keys("C-q")
    tmux.wait_for("__EXIT__0")
    s = session_from_json(path.read_bytes())
    assert s.board.vision == "歩いて行ける場所でおしゃべりできるまち"
    assert [(c.column, c.text, c.since) for c in s.board.items] == [
        ("have", "公園のゲートボール", first), ("lack", "[red]商店[/]", first)]

    # The body's second session: the board is there, nothing on it is new until we add a card.
    tmux.close()
    second = cli(tmp_path, "new", "--body", BODY, "--title", "第2回", "--date", "2026-08-19").strip()
    tmux.start_kyogitai("--store", str(tmp_path), "open", second)
    tmux.wait_for("前回の振り返り")
    tmux.keys("F4")
    screen = tmux.wait_for("公園のゲートボール")
    assert "・ 公園のゲートボール" in screen and "新 公園" not in screen
    assert "まず、わがまちビジョン" not in screen
    type_and_enter(tmux, "毎朝のラジオ体操")
    tmux.wait_for("新 毎朝のラジオ体操")
    tmux.keys("C-q")
    tmux.wait_for("__EXIT__0")
    s2 = session_from_json((tmp_path / f"{second}.json").read_bytes())
    assert [(c.text, c.since) for c in s2.board.items] == [
        ("公園のゲートボール", first), ("[red]商店[/]", first), ("毎朝のラジオ体操", second)]

    md = cli(tmp_path, "export", second, "--format", "md")
    # The board as a list per column (a table would pair unrelated cards in one row).
    assert "### あるもの" in md and "### ないもの" in md and "- \\[red\\]商店\\[/\\]" in md
    assert "- 毎朝のラジオ体操〔新〕" in md and "- 公園のゲートボール\n" in md, md
    html = cli(tmp_path, "export", second, "--format", "html")
    assert '<table class="board">' not in html and "<li>[red]商店[/]</li>" in html
