"""End to end in a real terminal (tmux): Japanese sentences full of digits and letters, typed
(tmux delivers each as one burst of keys, as an IME commits a word) while a list has the focus —
the idea list, the homework list of the close step, a column of the board — land as new items
in the saved session file, and no item that was there changed. The item commands are on
modifier keys: Ctrl+K, typed on purpose, still classifies."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from factories import make_session
from tmux_driver import Tmux, wait_until

from facilitator.model import NextMeeting, Session
from facilitator.session_load import session_from_json
from facilitator.store import Store

pytestmark = pytest.mark.e2e

IDEA = "月2回の乗り合いを試す"
HOMEWORK = "1日3便のバスをLINEで2人に知らせる"
CARD = "80歳以上12人 d e u 3-2 の体操"


@pytest.fixture
def tmux():
    t = Tmux(120, 36)
    yield t
    t.close()


def items(s: Session) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for what, listed in (("idea", s.ideas), ("issue", s.issues), ("question", s.questions),
                         ("handoff", s.handoffs), ("homework", s.homework), ("card", s.board.items)):
        for item in listed:
            found[(what, item.id)] = json.loads(json.dumps(asdict(item)))
    return found


def saved(path: Path) -> Session | None:
    try:
        return session_from_json(path.read_bytes())
    except (OSError, ValueError):
        return None


def saved_has(path: Path, test) -> bool:  # type: ignore[no-untyped-def]
    s = saved(path)
    return s is not None and bool(test(s))


def test_sentences_typed_on_lists_are_saved_as_items_and_nothing_else_changes(tmp_path: Path, tmux: Tmux) -> None:
    session = make_session(current_step="ideas", next_meeting=NextMeeting())
    Store(tmp_path).save(session)
    path = tmp_path / f"{session.id}.json"
    before = items(saved(path))  # type: ignore[arg-type]
    tmux.start_kyogitai("--store", str(tmp_path), "open", session.id)

    # 情報・意見交換: ↓ into the list (the footer then shows the list's keys), the sentence, Enter.
    tmux.wait_for("4/7")
    tmux.press_until("Down", "^k 種類")
    tmux.type(IDEA)
    tmux.wait_for(IDEA)  # in the idea field, not acting on the idea under the cursor
    tmux.keys("Enter")
    wait_until(lambda: saved_has(path, lambda s: s.ideas[-1].text == IDEA), timeout=15, what="the idea saved")

    # 次回の日程・宿題の確認: the step opens on the date; Esc to the homework list, the sentence,
    # the add form opens with it, Ctrl+S adds it (Enter would go on to its next field).
    for _ in range(3):
        tmux.keys("PageDown")
    tmux.wait_for("7/7")
    tmux.press_until("Escape", "^a 宿題を追加")
    tmux.type(HOMEWORK)
    tmux.wait_for(lambda screen: "宿題を追加" in screen and HOMEWORK in screen)
    tmux.keys("C-s")
    wait_until(lambda: saved_has(path, lambda s: s.homework[-1].text == HOMEWORK), timeout=15,
               what="the homework saved")

    # The board: from the quick-add to the あるもの column, the sentence, Enter.
    tmux.keys("F4")
    tmux.wait_for("あるもの/ないもの")
    tmux.press_until("Tab", "⇧←→ 移動")  # the footer shows a column's keys: a column has the focus
    tmux.type(CARD)
    tmux.wait_for(CARD)
    tmux.keys("Enter")
    wait_until(lambda: saved_has(path, lambda s: s.board.items[-1].text == CARD), timeout=15,
               what="the card saved")

    # A command key on purpose: Ctrl+K on a card opens its category, Esc leaves it as it was.
    tmux.press_until("Tab", "⇧←→ 移動")
    tmux.keys("C-k")
    tmux.wait_for("の分類")
    tmux.keys("Escape")
    tmux.keys("F4")
    tmux.wait_for("7/7")
    tmux.keys("C-q")
    tmux.wait_for("散会してから終了しますか")  # at the last step: close the meeting, then quit
    tmux.keys("Enter")
    tmux.wait_for("散会後の自己チェック")  # the facilitator's own check first: Esc skips it
    tmux.keys("Escape")
    tmux.wait_for("__EXIT__0")

    s = session_from_json(path.read_bytes())
    after = items(s)
    assert [key for key, fields in before.items() if after.get(key) != fields] == []
    new = {key: fields for key, fields in after.items() if key not in before}
    assert sorted((what, fields.get("text")) for (what, _), fields in new.items()) == [
        ("card", CARD), ("homework", HOMEWORK), ("idea", IDEA)]
    card = next(fields for (what, _), fields in new.items() if what == "card")
    assert card["column"] == "have"
    assert s.ideas[-1].kind == "unsorted" and s.homework[-1].status == "open"
