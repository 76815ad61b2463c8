"""F1 on the board: its help, built from the bindings of the screen, the board and a card list."""

from __future__ import annotations

from textual.screen import Screen

from facilitator.i18n import t
from screens.board.column import BoardColumn
from screens.board.view import BoardView
from screens.help import Section, binding_rows

# Keys that are not bindings (Enter in the add field, the Tab order), with the whole board's.
HELP_NOTES = [
    (t("board.help_enter_key"), t("board.help_enter")),
    ("Tab / Shift+Tab", t("board.help_tab")),
]


def board_keys(screen: Screen) -> list[Section]:
    """The keys of the board ``screen`` in two sections: the whole board (the screen's, the
    board's and the app's keys), and those of a card list."""
    general = [*binding_rows([screen]), *HELP_NOTES, *binding_rows([screen.query_one(BoardView), screen.app])]
    cards = binding_rows([screen.query_one(BoardColumn)])
    return [(t("board.help_board"), general), (t("board.help_cards"), cards)]
