"""BoardCore: what every part of the board rules stands on — the meeting, its board, a card by id."""

from __future__ import annotations

from facilitator.board.words import COLUMNS
from facilitator.i18n import t
from facilitator.meeting import Meeting, RuleError
from facilitator.model import BOARD_COLUMNS, Board, BoardItem, Session, find
from facilitator.text import clean_line


class BoardCore:
    """The board of ``meeting``'s session. Every change bumps ``meeting.version``.

    Each concern's rules are a mixin of this class in a module of its own; ``BoardRules`` (this
    package's ``__init__``) composes them and sets ``meeting``."""

    meeting: Meeting

    # -- reading ------------------------------------------------------------------------------
    @property
    def session(self) -> Session:
        return self.meeting.session

    @property
    def board(self) -> Board:
        return self.meeting.session.board

    @property
    def items(self) -> list[BoardItem]:
        return self.board.items

    def get(self, item_id: str) -> BoardItem:
        item = find(self.items, item_id)
        if item is None:
            raise RuleError(t("board_rules.no_card"))
        return item

    # -- helpers ----------------------------------------------------------------------------------
    def _changed(self) -> None:
        # The meeting's one change hook: bumps version (autosave) and updated_at.
        self.meeting.mark_changed()

    @staticmethod
    def _text(text: str) -> str:
        text = clean_line(text)
        if not text:
            raise RuleError(t("board_rules.empty_text"))
        return text

    @staticmethod
    def _check_column(column: str) -> None:
        if column not in BOARD_COLUMNS:
            raise RuleError(t("board_rules.bad_column", column=repr(column), columns=" / ".join(COLUMNS)))
