"""Meeting rules: ``Meeting``, the one thing that changes a Session during a meeting.

A ``Meeting`` wraps one Session. Clocks are injected: ``clock`` (monotonic seconds) times the
steps, ``now`` (aware datetime) stamps ``updated_at``. Every change bumps ``version`` so an
autosaver knows there is something to write, and ticks the document's logical clock as
``writer`` (this window's token; by default one random token per process) for the merge of
two writers' versions (facilitator/merge/). Refusals raise ``RuleError`` with a sentence a
facilitator can read out, in the UI language (facilitator/i18n.py, table ``[rules]``).

Each concern's rules are a mixin in a module of its own, all on ``core.MeetingCore`` (the
session, the change count, item lookups):

- ``steps``: the step clock, the timer's state, moving between steps;
- ``opening``: 開会 and 散会 (``started_at``, ``ended_at``), which decide whether the clock runs;
- ``clock_owner``: which window's clock counts and whose step is the meeting's, and taking it over;
- ``details``: the header, attendees, step notes and the review;
- ``agenda``: issues and questions;
- ``ideas``: ideas and their hand-offs to the SC, the requests for the town office;
- ``homework``: homework, and the leftover ideas that become homework at close;
- ``closing``: the next meeting and the closing summary;
- ``conflicts``: the values a merge could not keep, settled by the SC.
- ``outlived``: an item deleted in another window while an edit form was open on it, brought back;
- ``attendance``: 出欠, the 記録者, who gave the 総評, who leads each step;
- ``followup``: the progress and result of hand-offs carried from the last session;
- ``adopting``: another writer's saved changes, merged, taken in (``adopt``: not a local edit);
- ``tags``: ニーズ/デマンド (``nature``) and theme tags (``themes``) on issues and ideas;
- ``self_check``: the facilitator's own check after 散会 (``record_self_check``).

``fields`` turns typed text into field values for all of them.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Callable

from facilitator.meeting.adopting import AdoptRules
from facilitator.meeting.agenda import AgendaRules
from facilitator.meeting.attendance import ATTENDANCE_LABELS, AttendanceRules
from facilitator.meeting.closing import ClosingRules
from facilitator.meeting.conflicts import ConflictRules
from facilitator.meeting.core import RuleError
from facilitator.meeting.details import DetailRules
from facilitator.meeting.followup import HANDOFF_STATUS_LABELS, FollowUpRules
from facilitator.meeting.homework import HOMEWORK_STATUS_LABELS, HomeworkRules
from facilitator.meeting.ideas import KIND_LABELS, STATUS_LABELS, IdeaRules
from facilitator.meeting.clock_owner import ClockOwnerRules
from facilitator.meeting.tags import NATURE_LABELS, TagRules
from facilitator.meeting.self_check import SelfCheckRules
from facilitator.meeting.opening import ClockKey, PageTurn, Phase
from facilitator.meeting.outlived import OutlivedRules
from facilitator.meeting.steps import TimerState, format_clock, timer_state
from facilitator.merge.bookkeeping import process_token
from facilitator.model import Session


def _now() -> datetime:
    return datetime.now().astimezone()


class Meeting(OutlivedRules, ClockOwnerRules, DetailRules, AgendaRules, IdeaRules, HomeworkRules, ClosingRules, ConflictRules,
              AttendanceRules, FollowUpRules, AdoptRules, TagRules, SelfCheckRules):
    """A session's meeting: every rule of the mixins, over the state set here."""

    def __init__(
        self,
        session: Session,
        *,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = _now,
        running: bool = True,
        writer: str | None = None,
    ) -> None:
        """``running`` False: the clock never runs here (the board opened from home, a script
        changing homework). Otherwise it runs while the meeting is under way: opened (開会), not
        closed (散会) — see ``opening``."""
        self.session = session
        self.writer = writer or process_token()
        self._clock = clock
        self._now = now
        self.version = 0
        self.adopted = 0
        self._may_run = running
        self._started = None
        if session.step(session.current_step) is None and session.steps:
            session.current_step = session.steps[0].id
        self._here = session.current_step
        self.claim_unowned_clock()
        self._start_clock()

    def now(self) -> datetime:
        """The wall clock the meeting stamps its changes with (tests pass a fixed one)."""
        return self._now()


__all__ = [
    "ATTENDANCE_LABELS",
    "HANDOFF_STATUS_LABELS",
    "ClockKey",
    "HOMEWORK_STATUS_LABELS",
    "KIND_LABELS",
    "NATURE_LABELS",
    "STATUS_LABELS",
    "Meeting",
    "PageTurn",
    "Phase",
    "RuleError",
    "TimerState",
    "format_clock",
    "timer_state",
]
