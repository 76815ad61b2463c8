"""F1 on the board: built from the bindings of the screen, the board and a card list, so every
key that works there is in it (F7 was missing from the hand-written list it replaces)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from factories import make_session
from textual.binding import Binding

from facilitator.store import StoreLocation
from screens.app import KyogitaiApp
from screens.board import BoardColumn, BoardScreen, BoardView
from screens.help import HelpScreen, key_text

NOW = datetime(2026, 8, 19, 14, 20, tzinfo=timezone(timedelta(hours=9)))


def described_keys(cls: type) -> set[str]:
    return {key_text(b.key) for b in Binding.make_bindings(vars(cls)["BINDINGS"]) if b.description}


async def test_the_board_help_lists_every_key_of_the_screen_the_board_and_a_card_list(tmp_path: Path) -> None:
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=make_session(), clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        (_, board), (_, cards) = help_screen.sections
        board_keys = {k for keys, _ in board for k in keys.split(" / ")}
        card_keys = {k for keys, _ in cards for k in keys.split(" / ")}
        assert described_keys(BoardScreen) | described_keys(BoardView) <= board_keys
        assert described_keys(BoardColumn) <= card_keys
        assert "F7" in board_keys and "Tab" in board_keys  # a binding, and a note (not a binding)
        rows = dict(cards)
        assert rows["e / Enter"] == "文字と分類を編集" and "1 / 2 / 3" in rows and "h / a" in rows
