"""Undo of deletions (issue 6) does not fight the text fields' own undo.

The app's undo of a deleted idea, card or homework item is Ctrl+R (meeting screen and board; u
on a list), never Ctrl+Z: TextArea and Input keep Ctrl+Z/Ctrl+Y for the typing inside them.
These tests delete something, type in a text field, and check that each key undoes only its own
thing — whatever has the focus. (Single deletions per kind: test_meeting_screen.py,
test_board_screen.py, test_handoff_and_close_panels.py.)
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from facilitator.model import Homework, NextMeeting
from pilot_helpers import SIZE, make_app
from screens.board import BoardColumn, BoardScreen
from screens.meeting import MeetingScreen
from screens.panels.close import HomeworkList
from screens.panels.ideas import IdeaList



def ids(items) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.id for i in items]


async def delete_in_list(pilot, row_list, key: str, press: str) -> None:  # type: ignore[no-untyped-def]
    """The row ``key`` of a list deleted by its key ``press``, as a facilitator would."""
    row_list.focus()
    row_list.select_key(key)
    await pilot.press(press)
    await pilot.pause()


async def goto(pilot, step_id: str) -> None:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    assert isinstance(screen, MeetingScreen)
    order = [st.id for st in screen.meeting.session.steps]
    for _ in range(len(order)):
        here = screen.meeting.current.id
        if here == step_id:
            return
        await pilot.press("pagedown" if order.index(step_id) > order.index(here) else "pageup")
        await pilot.pause()
    assert screen.meeting.current.id == step_id


async def test_ctrl_z_in_the_text_area_and_ctrl_r_for_the_deleted_idea(tmp_path: Path) -> None:
    app = make_app(tmp_path, current_step="ideas", review="")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = app.screen.meeting.session
        before = ids(s.ideas)
        await delete_in_list(pilot, app.screen.query_one(IdeaList), before[1], "delete")
        assert ids(s.ideas) == [before[0], *before[2:]]
        # In the 総評 step: type, then Ctrl+Z undoes the typing only.
        await goto(pilot, "comment")
        area = app.screen.query_one(TextArea)
        assert app.focused is area
        await pilot.press(*"総評です")
        await pilot.pause()
        assert area.text == "総評です" and s.review == "総評です"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert area.text == "" and s.review == ""
        assert ids(s.ideas) == [before[0], *before[2:]]  # the deleted idea stays deleted
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert area.text == "総評です"
        # Ctrl+R, with the text area still focused, brings the idea back — and leaves the text.
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert ids(s.ideas) == before  # at its place
        assert app.focused is area and area.text == "総評です" and s.review == "総評です"


async def test_ctrl_r_in_the_idea_field_restores_and_ctrl_z_keeps_to_the_field(tmp_path: Path) -> None:
    app = make_app(tmp_path, current_step="ideas")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = app.screen.meeting.session
        before = ids(s.ideas)
        await delete_in_list(pilot, app.screen.query_one(IdeaList), before[0], "delete")
        field = app.screen.query_one("#idea-input", Input)
        field.focus()
        await pilot.press(*"書きかけ")
        await pilot.press("ctrl+z")  # the field's key, whatever it does there: never the deletion
        await pilot.pause()
        assert ids(s.ideas) == before[1:]
        typed = field.value
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert ids(s.ideas) == before and field.value == typed and app.focused is field


async def test_undo_across_steps_and_the_board(tmp_path: Path) -> None:
    """Delete an idea, then (another step) a homework item, then a card on the board. The
    meeting's Ctrl+R brings back the homework item, then the idea, from wherever; the board keeps
    its own undo (Ctrl+R there), which still works after leaving and coming back."""
    homework = [Homework(id="hw-01", text="巡回ルートを調べる", owner="鈴木 SC"),
                Homework(id="hw-02", text="公民館の予約状況", owner="佐藤 一郎")]
    app = make_app(tmp_path, current_step="ideas", homework=homework,
                   next_meeting=NextMeeting(date="2026-10-21"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = app.screen.meeting.session
        ideas_before, cards_before = ids(s.ideas), ids(s.board.items)
        await delete_in_list(pilot, app.screen.query_one(IdeaList), ideas_before[0], "delete")
        await goto(pilot, "close")
        await delete_in_list(pilot, app.screen.query_one(HomeworkList), "hw-02", "delete")
        await pilot.press("f4")
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        column = next(c for c in board.query(BoardColumn) if c.rows)
        column.focus()
        card = column.cursor_key or next(r.key for r in column.rows if r.key)
        column.select_key(card)
        await pilot.press("delete")
        await pilot.pause()
        assert card not in ids(s.board.items)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert ids(s.homework) == ["hw-01"] and ids(s.ideas) == ideas_before[1:]
        await goto(pilot, "comment")  # a text area has the focus now
        assert isinstance(app.focused, TextArea)
        await pilot.press("ctrl+r")  # the homework item, deleted in the close step
        await pilot.pause()
        assert ids(s.homework) == ["hw-01", "hw-02"] and ids(s.ideas) == ideas_before[1:]
        await pilot.press("ctrl+r")  # the idea
        await pilot.pause()
        assert ids(s.ideas) == ideas_before
        assert card not in ids(s.board.items)
        await pilot.press("f4")
        await pilot.pause()
        next(c for c in app.screen.query(BoardColumn) if c.rows).focus()
        await pilot.press("ctrl+r")  # the board's undo: the card
        await pilot.pause()
        assert ids(s.board.items) == cards_before
