"""A ないもの card marked 解決 on the board (Ctrl+X on the ないもの column): shown as such, saved as
``resolved_in``, carried to the next session, and only on ないもの cards."""

from __future__ import annotations

from pathlib import Path

from test_board_screen import SID, full_board, make_app, open_board, plain

from facilitator.carryover import new_session
from facilitator.templates import get_template
from factories import make_session
from screens.board import BoardColumn


async def test_ctrl_x_marks_a_lacking_card_resolved_and_back(tmp_path: Path) -> None:
    s = make_session(id=SID, board=full_board())
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        board = await open_board(pilot)
        lack = board.query_one("#board-lack", BoardColumn)
        lack.focus()
        lack.select_key("l1")
        await pilot.press("ctrl+x")
        await pilot.pause()
        l1 = next(i for i in s.board.items if i.id == "l1")
        assert l1.resolved_in == SID
        assert any("スーパーが遠い" in r and "✓ 解決" in r for r in plain(lack))
        await pilot.press(*"x1")  # typed letters never resolve anything: into the quick-add field
        assert l1.resolved_in == SID
        lack.focus()  # (the typing went to the quick-add field, and the focus with it)
        lack.select_key("l1")
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert l1.resolved_in is None
        have = board.query_one("#board-have", BoardColumn)
        have.focus()
        await pilot.pause()
        assert board.query_one("BoardView").check_action("resolve", ()) is False  # not on あるもの


def test_a_resolved_card_carries_over_and_shows_in_the_minutes() -> None:
    from facilitator.board import BoardRules
    from facilitator.export import export
    from facilitator.meeting import Meeting, RuleError

    s = make_session(id=SID, board=full_board())
    rules = BoardRules(Meeting(s, running=False))
    rules.toggle_resolved("l2")
    try:
        rules.toggle_resolved("h1")
        raise AssertionError("an あるもの card cannot be resolved")
    except RuleError:
        pass
    assert "夜間に病院へ行く足〔解決（この会議で）〕" in export(s, "md").decode("utf-8")
    from datetime import datetime, timezone

    nxt = new_session(body=s.body.name, template=get_template("c-town"), now=datetime(2026, 10, 1, tzinfo=timezone.utc),
                      previous=s)
    carried = next(i for i in nxt.board.items if i.id == "l2")
    assert carried.resolved_in == SID
    assert "夜間に病院へ行く足〔解決済み〕" in export(nxt, "md").decode("utf-8")
