"""The facilitator's self-check after 散会 (facilitator/self_check.py says what it holds)."""

from __future__ import annotations

from collections.abc import Mapping

from facilitator import self_check
from facilitator.meeting.core import MeetingCore


class SelfCheckRules(MeetingCore):
    def record_self_check(self, answers: Mapping[str, int | None], note: str | None) -> bool:
        """Keep what the facilitator chose (unanswered items left out). Nothing chosen and
        nothing written is a skip: an earlier check stays. True when the session changed."""
        check = self_check.make(answers, note)
        if check is None or check == self.session.self_check:
            return False
        self.session.self_check = check
        self._changed()
        return True
