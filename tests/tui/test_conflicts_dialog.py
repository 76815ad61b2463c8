"""Conflicts shown to the SC (issue 16): 「確認が必要 N件」 in the meeting screen's header while a
merge left values to check, Ctrl+G (also in the palette and F1) opens a dialog that says each
as sentences, F2 keeps the current value, F3 takes the other one through the meeting's rules —
saved like any edit — and the marker goes when none is left. Letters typed there change nothing."""

from __future__ import annotations

import time
from pathlib import Path

from textual.widgets import OptionList, Static

from facilitator.model import Conflict
from facilitator.session_load import session_from_json
from facilitator.store import StoreLocation
from factories import NOW, make_session
from pilot_helpers import SIZE, STARTED_AT
from screens.app import KyogitaiApp
from screens.conflicts_dialog import ConflictsDialog
from screens.help import HelpScreen
from screens.meeting import MeetingScreen

CONFLICTS = [
    Conflict(path="ideas/idea-02/text", value="デマンドタクシーを呼べるようにする", by="w-9f3a1c", at=12),
    Conflict(path="next_meeting/place", value="駅前の集会所", by="w-9f3a1c", at=12),
]


def app_with_conflicts(tmp_path: Path) -> KyogitaiApp:
    session = make_session(current_step="ideas", started_at=STARTED_AT)
    session.conflicts = [Conflict(path=c.path, value=c.value, by=c.by, at=c.at) for c in CONFLICTS]
    return KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)


def marker(app: KyogitaiApp) -> Static:
    return app.screen.query_one("#conflict-marker", Static)


async def until(pilot, predicate, what: str, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


async def test_the_marker_the_dialog_and_settling_each_conflict(tmp_path: Path) -> None:
    app = app_with_conflicts(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert marker(app).display and str(marker(app).render()) == "確認が必要 2件"
        await pilot.press("ctrl+g")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConflictsDialog)
        options = dialog.query_one(OptionList)
        first = str(options.get_option_at_index(0).prompt)
        assert "意見「コミュニティバスの増便」の文" in first
        assert "いまの値: コミュニティバスの増便" in first
        assert "もう一つの値: デマンドタクシーを呼べるようにする" in first
        assert "別の画面・12番目の変更" in first and "w-9f3a1c" not in first  # never an internal token
        await pilot.press(*"abc")  # typed on the list: changes nothing
        assert len(screen.meeting.session.conflicts) == 2
        await pilot.press("f3")  # take the other text
        await pilot.pause()
        session = screen.meeting.session
        assert session.ideas[1].text == "デマンドタクシーを呼べるようにする" and len(session.conflicts) == 1
        assert "次回の会場" in str(options.get_option_at_index(0).prompt)
        await pilot.press("f2")  # keep 公民館
        await pilot.pause()
        assert session.conflicts == [] and session.next_meeting.place == "C町 公民館"
        assert "確認が必要な値はありません" in str(options.get_option_at_index(0).prompt)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not marker(app).display
        path = tmp_path / f"{session.id}.json"
        await until(pilot, lambda: path.exists() and session_from_json(path.read_bytes()).conflicts == [],
                    "the settled session saved")
        saved = session_from_json(path.read_bytes())
        assert saved.ideas[1].text == "デマンドタクシーを呼べるようにする"
        await pilot.press("ctrl+g")  # nothing left: not a key now
        await pilot.pause()
        assert app.screen is screen


async def test_without_conflicts_there_is_no_marker_and_f1_still_names_the_key(tmp_path: Path) -> None:
    session = make_session(current_step="ideas", started_at=STARTED_AT)
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not marker(app).display
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = [row for _, section in app.screen.sections for row in section]
        assert any(keys == "Ctrl+G" and "確認が必要な値" in what for keys, what in rows), rows


def test_snapshot_conflicts_dialog(snap_compare, tmp_path):  # type: ignore[no-untyped-def]
    """The dialog over the meeting screen: two conflicts as sentences, the first highlighted,
    F2/F3/Esc in the footer; 「確認が必要 2件」 in the header behind it."""
    assert snap_compare(app_with_conflicts(tmp_path), press=["ctrl+g"], terminal_size=SIZE)


async def test_on_a_board_step_ctrl_g_on_the_cards_still_groups_them(tmp_path: Path) -> None:
    """On a board step Ctrl+G stays the board's (group by category); the values to check are
    opened from the command palette there (「確認が必要な値を見る」)."""
    from facilitator.model import Board, BoardItem, Step
    from screens.board.view import BoardView

    steps = [Step(id="recap", title="前回の振り返り", panel="recap"),
             Step(id="map", title="あるもの・ないもの探し", panel="board", planned_minutes=30)]
    board = Board(items=[BoardItem(id="c1", column="have", text="公民館", category="場所"),
                         BoardItem(id="c2", column="have", text="川", category="自然")])
    session = make_session(steps=steps, current_step="map", board=board, started_at=STARTED_AT)
    session.conflicts = [Conflict(path="board/vision", value="誰もが出かけられるまち", by="w-9f3a1c", at=3)]
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.screen.query_one(BoardView)
        have = view.query_one("#board-have")
        have.focus()
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert any(r.key is None for r in have.rows)  # grouped: 【場所】 【自然】
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"確認が必要な値")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConflictsDialog), "the dialog from the palette")
