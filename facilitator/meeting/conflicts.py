"""The values a merge could not keep (``session.conflicts``), settled by the SC: keep the value
the session has now, or take the other one. Either way the conflict goes and the change is
counted, so it is saved and merged like any edit (a conflict removed on one side is gone from the
merge: merge/core.py). The wording and the putting back are ``facilitator.conflicts``."""

from __future__ import annotations

from facilitator.conflicts import ConflictGone, apply_other
from facilitator.i18n import t
from facilitator.meeting.core import MeetingCore, RuleError
from facilitator.model import Conflict


class ConflictRules(MeetingCore):
    def conflicts(self) -> list[Conflict]:
        """The values to check, in the session's order."""
        return list(self.session.conflicts)

    def keep_current(self, conflict: Conflict) -> None:
        """The value the session has now stays; the other one is dropped."""
        self._drop(conflict)
        self._changed()

    def take_other(self, conflict: Conflict) -> None:
        """The other value goes where it belongs (a deleted item comes back), and the conflict
        goes. RuleError if its item is gone or the value can't be there (nothing changed then)."""
        index = self._index_of(conflict)
        try:
            apply_other(self.session, conflict)
        except ConflictGone:
            raise RuleError(t("conflicts.gone")) from None
        except ValueError as e:  # SessionFormatError included: the value is not valid there
            raise RuleError(t("conflicts.bad_value", error=e)) from None
        del self.session.conflicts[index]
        self._changed()

    def _index_of(self, conflict: Conflict) -> int:
        for n, c in enumerate(self.session.conflicts):
            if c is conflict:
                return n
        for n, c in enumerate(self.session.conflicts):
            if (c.path, c.value, c.by, c.at) == (conflict.path, conflict.value, conflict.by, conflict.at):
                return n
        raise RuleError(t("conflicts.not_there"))

    def _drop(self, conflict: Conflict) -> None:
        del self.session.conflicts[self._index_of(conflict)]
