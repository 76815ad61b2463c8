"""Following up what was handed to the SC (``handoffs[].status``, ``result``, ``from_session``).

A hand-off made in this session is ``made_here``; one copied from the previous session
(open or in progress, same id, ``from_session`` set: facilitator/carryover.py) is ``carried``:
its progress and result are noted in 前回の振り返り, and it is counted where it was made, once.
"""

from __future__ import annotations

from facilitator.i18n import Labels
from facilitator.meeting.core import MeetingCore
from facilitator.model import HANDOFF_STATUSES, Handoff, Session, handoff_status
from facilitator.text import clean

HANDOFF_STATUS_LABELS = Labels({
    "open": "labels.handoff_status.open",
    "in_progress": "labels.handoff_status.in_progress",
    "done": "labels.handoff_status.done",
    "dropped": "labels.handoff_status.dropped",
})
# Ctrl+X in 前回の振り返り: 未着手 → 対応中 → 済 → 未着手 (取りやめ is its own key).
_NEXT = {"open": "in_progress", "in_progress": "done", "done": "open", "dropped": "open"}


def made_here(session: Session) -> list[Handoff]:
    """The hand-offs made in this session (what the minutes' SCに託したこと lists and counts)."""
    return [h for h in session.handoffs if not h.from_session]


def carried(session: Session) -> list[Handoff]:
    """The hand-offs carried from earlier sessions, being followed up here."""
    return [h for h in session.handoffs if h.from_session]


class FollowUpRules(MeetingCore):
    """The progress and the result of a hand-off."""

    def carried_handoffs(self) -> list[Handoff]:
        return carried(self.session)

    def set_handoff_status(self, handoff_id: str, status: str) -> Handoff:
        if status not in HANDOFF_STATUSES:
            raise ValueError(status)
        h: Handoff = self._get(self.session.handoffs, handoff_id, "handoff")
        if handoff_status(h) != status:
            h.status = status  # type: ignore[assignment]
            self._changed()
        return h

    def next_handoff_status(self, handoff_id: str) -> Handoff:
        h: Handoff = self._get(self.session.handoffs, handoff_id, "handoff")
        return self.set_handoff_status(handoff_id, _NEXT[handoff_status(h)])

    def set_handoff_result(self, handoff_id: str, text: str | None) -> Handoff:
        h: Handoff = self._get(self.session.handoffs, handoff_id, "handoff")
        value = clean(text or "").strip() or None
        if h.result != value:
            h.result = value
            self._changed()
        return h


__all__ = ["HANDOFF_STATUS_LABELS", "FollowUpRules", "carried", "handoff_status", "made_here"]
