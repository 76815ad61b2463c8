"""The あるもの/ないもの board (docs/domain.md, the board): its rules.

``BoardRules(meeting)`` is the only thing that changes ``session.board`` during a meeting. Every
change goes through ``Meeting._changed`` so ``meeting.version`` moves and autosave writes; a
refusal raises ``RuleError`` with a sentence a facilitator can read out.

The rules:
- three columns, shown in this order: あるもの (have) | やりくり (makeshift) | ないもの (lack);
- a new card's ``since`` is this session; "new this time" means ``since == session.id``
  (carry-over copies cards with their ``since``, so a card stays "new" only in the session where
  it was written down);
- categories and 意味づけ come from fixed lists plus the body's own additions, which are kept in
  the board's ``categories`` / ``meanings`` fields (extra fields of the session file, carried
  over with the board) and also gathered from the cards;
- 意味づけ belong to あるもの cards, 自分たちで/役場 sorting (and the department) to ないもの
  cards, links to やりくり cards: one or more あるもの cards and at most one ないもの card;
- moving a card to another column drops what no longer applies (its 意味づけ, its sorting, its
  links, and links to it from やりくり cards); ``undo_move`` puts all of it back;
- a deleted card can be restored (``restore``), with the links that pointed to it;
- a ないもの card becomes homework or an idea of the current session in one call; the card
  remembers which (``homework_id`` / ``idea_id`` extra fields) so it is not done twice.

Modules: ``words`` (columns, fixed lists, their labels), ``groups`` (cards grouped for display),
and the rules, each concern a mixin of ``core.BoardCore`` that ``BoardRules`` here composes:
``lists`` (what a body chooses from, and adds to), ``cards``, ``links`` (やりくり pairings),
``moves`` (moving and deleting, and undoing either), ``into_meeting`` (ないもの cards made homework
or ideas), ``resolved`` (a ないもの card recorded as 解決: ``resolved_in``).
"""

from __future__ import annotations

from facilitator.board.cards import CardRules, is_new
from facilitator.board.groups import LACK_GROUPS, LackGroup, group_by_category, group_lack
from facilitator.board.into_meeting import HOMEWORK_ID, IDEA_ID, IntoMeetingRules
from facilitator.board.links import LinkRules
from facilitator.board.lists import OWN_CATEGORIES, OWN_MEANINGS, categories, category_rank, meanings
from facilitator.board.moves import Moved, MoveRules, Removed
from facilitator.board.resolved import ResolvedRules, is_resolved
from facilitator.board.words import (
    CATEGORIES,
    CATEGORY_LABELS,
    COLUMN_LABELS,
    COLUMN_SHORT,
    COLUMNS,
    MEANING_LABELS,
    MEANINGS,
    OFFICE_WORDS,
    OTHER,
    SOLVABLE_LABELS,
    Column,
    category_label,
    department_label,
    meaning_label,
    new_mark,
    uncategorised_label,
    unsorted_label,
)
from facilitator.meeting import Meeting


class BoardRules(CardRules, LinkRules, MoveRules, IntoMeetingRules, ResolvedRules):
    """The board of ``meeting``'s session: every rule of the mixins. Every change bumps
    ``meeting.version``."""

    def __init__(self, meeting: Meeting) -> None:
        self.meeting = meeting


__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "COLUMNS",
    "COLUMN_LABELS",
    "COLUMN_SHORT",
    "HOMEWORK_ID",
    "IDEA_ID",
    "LACK_GROUPS",
    "MEANINGS",
    "MEANING_LABELS",
    "OFFICE_WORDS",
    "OTHER",
    "OWN_CATEGORIES",
    "OWN_MEANINGS",
    "SOLVABLE_LABELS",
    "BoardRules",
    "Column",
    "LackGroup",
    "Moved",
    "Removed",
    "categories",
    "category_label",
    "category_rank",
    "department_label",
    "group_by_category",
    "group_lack",
    "is_new",
    "is_resolved",
    "meaning_label",
    "meanings",
    "new_mark",
    "uncategorised_label",
    "unsorted_label",
]
