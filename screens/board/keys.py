"""F1 on the board: its keys, in two sections (the whole board; in a card list)."""

from __future__ import annotations

from facilitator.i18n import t


def board_keys() -> list[tuple[str, list[tuple[str, str]]]]:
    """F1 on the board: its keys, in two sections."""
    return [
        (t("board.help_board"), [
            ("F4 / Esc", t("board.help_close")),
            ("F5", t("board.help_projection")),
            (t("board.help_enter_key"), t("board.help_enter")),
            ("F3", t("board.help_target")),
            ("Tab / Shift+Tab", t("board.help_tab")),
            ("Ctrl+G", t("board.help_group")),
            ("Ctrl+R", t("board.help_undo")),
        ]),
        (t("board.help_cards"), [
            ("↑ ↓ / ← →", t("board.help_arrows")),
            ("1 / 2 / 3", t("board.help_move")),
            (t("board.help_edit_key"), t("board.help_edit")),
            ("c", t("board.help_category")),
            ("m", t("board.help_meanings")),
            ("s", t("board.help_sort")),
            ("l", t("board.help_links")),
            ("h / a", t("board.help_homework_idea")),
            (t("board.help_delete_key"), t("board.help_delete")),
            ("i", t("board.help_input")),
        ]),
    ]
