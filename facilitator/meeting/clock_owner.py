"""Which window owns the meeting's clock, when several windows have one session open.

The session's ``clock_owner`` is the writer token of the window whose timer counts and whose
step is the meeting's (``current_step``). It is set by the window that opens the meeting (開会,
:meth:`OpeningRules.open_meeting`) or reopens it (再開), and moves only when another window takes
it over explicitly (:meth:`ClockOwnerRules.take_clock`). The other windows move between steps on
their own, count no time and never write ``current_step``; they show the owner's step
(「会議は今: …」) and the clock read-only.

A file without ``clock_owner`` (older, or written by another tool) whose meeting is under way is
claimed by the first window that opens it with a running clock (:meth:`claim_unowned_clock`).
Two windows taking the clock at the same moment are settled by the merge (``clock_owner``
merges like ``current_step``: by the logical clock, quietly).
"""

from __future__ import annotations

from facilitator.meeting.opening import OpeningRules
from facilitator.model import Step


class ClockOwnerRules(OpeningRules):
    """Owning the meeting's clock, taking it over, and following the owner."""

    @property
    def clock_elsewhere(self) -> bool:
        """Another window owns the clock (its token is in ``clock_owner``)."""
        return not self.owns_clock

    @property
    def meeting_step(self) -> Step | None:
        """The meeting's step as this window's copy of the session has it (the owner's)."""
        return self.session.step(self.session.current_step)

    def claim_unowned_clock(self) -> bool:
        """A meeting under way that no window owns (an older file) becomes this window's, before
        its clock starts. Not counted as a change: the running clock's next save writes it."""
        if not self._may_run or self.phase != "open" or self.session.clock_owner is not None:
            return False
        self.session.clock_owner = self.writer
        return True

    def take_clock(self) -> bool:
        """Take the meeting's clock over from the window that owns it: this window's step becomes
        the meeting's, and its timer counts from now. False when it is this window's already, or
        the meeting is not under way (開会 and 再開 take it themselves)."""
        if self.phase != "open" or self.session.clock_owner == self.writer:
            return False
        self._own_clock()
        self._changed()
        self._start_clock()
        return True

    def follow_clock(self) -> bool:
        """After the session changed under this window (a merge brought another ``clock_owner``):
        a window that lost the clock stops counting (the time it counted stays with its step).
        True when the clock stopped here."""
        if self.owns_clock or self._started is None:
            return False
        self.commit_time()
        self._started = None
        return True
