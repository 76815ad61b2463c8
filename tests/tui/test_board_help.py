"""F1 on the board: built from the bindings of the screen, the board and a card list, so every
key that works there is in it (F7 was missing from the hand-written list it replaces)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from factories import make_session
from textual.binding import Binding

from facilitator.store import StoreLocation
from screens.app import KyogitaiApp
from screens.board import BoardScreen, BoardView
from screens.help import HelpScreen, key_text

NOW = datetime(2026, 8, 19, 14, 20, tzinfo=timezone(timedelta(hours=9)))


def described_keys(cls: type, cards: bool | None = None) -> set[str]:
    """The keys of ``cls``'s described bindings (``cards``: only those acting on a card, or only
    the others)."""
    return {key_text(b.key) for b in Binding.make_bindings(vars(cls)["BINDINGS"]) if b.description
            and (cards is None or (b.action.split("(")[0] in BoardView.CARD_ACTIONS) == cards)}


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
        assert described_keys(BoardScreen) | described_keys(BoardView, cards=False) <= board_keys
        assert described_keys(BoardView, cards=True) <= card_keys
        assert "F7" in board_keys and "Tab" in board_keys  # a binding, and a note (not a binding)
        rows = dict(cards)
        assert rows["Enter"] == "文字と分類を編集"
        assert rows["Shift+→ / Shift+←"] == "カードを左右の列へ移す（あるもの ⇄ やりくり ⇄ ないもの）"
        assert "Ctrl+Y" in rows and "Ctrl+A" in rows and "Ctrl+K" in rows
        # Ctrl+E is each column's own choice: a row for each
        assert [what for keys, what in cards if keys == "Ctrl+E"] == [
            "意味づけ（あるもの：見守り・孤立防止 など）", "組み合わせ（やりくり：使うあるものと補うないもの）",
            "仕分け（ないもの：自分たちでなんとかできそう / 役場の担当課へ）"]
        # no printable key acts on a card
        assert not [k for k in card_keys if len(k) == 1 and k.isascii()], card_keys
