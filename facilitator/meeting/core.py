"""What every part of the meeting rules stands on: the session, the count of its changes, and
``RuleError``; finding, removing and putting back an item by id.

Each concern's rules (steps.py, details.py, agenda.py, ideas.py, homework.py, closing.py) are a
mixin of :class:`MeetingCore`; ``Meeting`` (this package's ``__init__``) composes them and sets
the state declared here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from facilitator.i18n import Labels, t
from facilitator.merge.bookkeeping import bury, forget_tombstone, tick
from facilitator.model import Session, find, timestamp


class RuleError(ValueError):
    """An action the meeting rules refuse; the message says why, in the UI language."""


# What a missing item is called in "… 'x' はありません" (read only when the error is raised).
WHAT = Labels({"step": "rules.what_step", "issue": "rules.what_issue", "question": "rules.what_question",
               "idea": "rules.what_idea", "handoff": "rules.what_handoff", "homework": "rules.what_homework"})

# The list in ``session.deleted`` a deleted item's tombstone goes to, by what it is.
COLLECTION = {"issue": "issues", "question": "questions", "idea": "ideas", "handoff": "handoffs",
              "homework": "homework"}


class MeetingCore:
    """The session a meeting changes, and ``version``: every change bumps it, stamps
    ``updated_at`` and ticks the document's logical clock as ``writer`` (this window's token),
    so an autosaver knows there is something to write and a merge knows which change is later.
    A deletion leaves a tombstone in ``session.deleted`` and putting the item back forgets it
    (facilitator/merge/bookkeeping.py)."""

    session: Session
    version: int
    writer: str  # this window's writer token (facilitator.merge.process_token by default)
    _now: Callable[[], datetime]  # stamps updated_at

    # -- change bookkeeping -------------------------------------------------------------
    def _changed(self) -> None:
        self.version += 1
        self.session.updated_at = timestamp(self._now())
        tick(self.session, self.writer)

    def mark_changed(self) -> None:
        """For rules kept elsewhere (the board's) that change the session: count the change."""
        self._changed()

    # -- items by id ----------------------------------------------------------------------
    def _check_issue(self, issue_id: str | None) -> None:
        """Ideas and questions may point to an issue: only to one that exists."""
        if issue_id is not None and find(self.session.issues, issue_id) is None:
            raise RuleError(t("rules.not_found", what=WHAT["issue"]))

    def _get(self, items: list, item_id: str, what: str):  # type: ignore[no-untyped-def]
        item = find(items, item_id)
        if item is None:
            raise RuleError(t("rules.not_found", what=WHAT[what]))
        return item

    def _remove(self, items: list, item_id: str, what: str):  # type: ignore[no-untyped-def]
        item = self._get(items, item_id, what)
        index = items.index(item)
        del items[index]
        bury(self.session, COLLECTION[what], item_id)
        self._changed()
        return index, item

    def _restore(self, items: list, index: int, item: object, what: str) -> None:
        item_id = getattr(item, "id")
        if find(items, item_id) is not None:
            return
        forget_tombstone(self.session, COLLECTION[what], item_id)
        items.insert(min(max(index, 0), len(items)), item)
        self._changed()
