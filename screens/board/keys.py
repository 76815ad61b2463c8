"""F1 on the board: its help, built from the bindings of the screen and the board (the keys on a
card in a section of their own)."""

from __future__ import annotations

from textual.screen import Screen

from facilitator.i18n import t
from screens.board.view import BoardView
from screens.help import Section, binding_rows

# Keys that are not bindings (Enter in the add field, the Tab order, typing), with the whole board's.
HELP_NOTES = [
    (t("board.help_enter_key"), t("board.help_enter")),
    ("Tab / Shift+Tab", t("board.help_tab")),
    (t("board.help_typing_key"), t("board.help_typing")),
]


def board_keys(screen: Screen) -> list[Section]:
    """The keys of the board ``screen`` in two sections: the whole board (the screen's, the
    board's and the app's keys), and those acting on a card (``BoardView.CARD_ACTIONS``)."""
    view = screen.query_one(BoardView)

    def on_card(binding) -> bool:  # type: ignore[no-untyped-def]
        return binding.action.split("(")[0] in BoardView.CARD_ACTIONS

    general = [*binding_rows([screen]), *HELP_NOTES,
               *binding_rows([view], only=lambda b: not on_card(b)), *binding_rows([screen.app])]
    cards = binding_rows([view], only=on_card)
    return [(t("board.help_board"), general), (t("board.help_cards"), cards)]
