"""End to end in a real terminal (tmux, 100×30): a new SC's first meeting, from an empty store,
without the command line — n on the home screen, the body's name typed in Japanese, Enter
through the fields, the meeting open and saved; then the command palette in Japanese runs a
command of the meeting screen."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from facilitator.session_load import session_from_json
from tmux_driver import Tmux, wait_until

pytestmark = pytest.mark.e2e


@pytest.fixture
def tmux():  # type: ignore[no-untyped-def]
    t = Tmux(100, 30)
    yield t
    t.close()


def test_an_empty_store_to_a_first_meeting_without_the_command_line(tmp_path, tmux):  # type: ignore[no-untyped-def]
    store = tmp_path / "store"
    days = {date.today().isoformat()}
    tmux.start_kyogitai("--store", str(store))
    # The empty store says how to start (n) as well as the demo.
    tmux.wait_for(lambda s: "n で最初の会議をつくれます" in s and "kyogitai demo" in s)

    tmux.keys("n")
    tmux.wait_for(lambda s: "新しい協議体の最初の会議" in s and "協議体の名前" in s)
    tmux.type("みどり町 第1層協議体")  # the name field has the cursor
    tmux.wait_for("みどり町 第1層協議体")
    tmux.keys("Enter", "Enter", "Enter")  # → layer (left empty: read from the name) → date (today) → place
    tmux.type("中央公民館 2階")
    tmux.wait_for("中央公民館 2階")
    tmux.keys("Enter")  # → the template (C町方式)
    tmux.keys("Enter")  # the last field: written and opened
    tmux.wait_for(lambda s: "1/7" in s and "前回の振り返り" in s and "みどり町 第1層協議体" in s and "第1回" in s)
    days.add(date.today().isoformat())

    wait_until(lambda: len(list(store.glob("*.json"))) == 1, timeout=10, what="the session file")
    [path] = store.glob("*.json")
    session = session_from_json(path.read_bytes())
    assert (session.body.name, session.body.layer, session.title, session.place, session.template) == (
        "みどり町 第1層協議体", "第1層", "第1回", "中央公民館 2階", "c-town")
    assert session.date in days | {(date.fromisoformat(d) - timedelta(days=1)).isoformat() for d in days}

    # Ctrl+P: the meeting screen's commands by name, in Japanese; one is chosen by typing.
    tmux.keys("C-p")
    screen = tmux.wait_for(lambda s: "次のステップ" in s and "投影モード" in s)
    assert "Quit" not in screen and "Theme" not in screen
    tmux.type("次のステップ")
    tmux.wait_for(lambda s: "PgDn" in s and "投影モード" not in s)
    tmux.keys("Enter")
    tmux.wait_for("2/7")

    tmux.keys("C-q")
    tmux.wait_for("__EXIT__0")
    assert session_from_json(path.read_bytes()).current_step == session.steps[1].id
