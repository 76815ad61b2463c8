"""What is written about a session besides its agenda items: the header (title, date, times,
place), who attends, each step's notes, and the 総評 (review) a text panel may write instead."""

from __future__ import annotations

from facilitator import dates
from facilitator.i18n import t
from facilitator.meeting.core import WHAT, MeetingCore, RuleError
from facilitator.meeting.fields import optional, required
from facilitator.merge.bookkeeping import ATTENDEES, attendee_key, bury, forget_tombstone
from facilitator.model import Attendee, Step
from facilitator.text import clean

# Text-panel steps whose text is the session's 総評 (review) rather than the step's notes.
REVIEW_STEP_IDS = frozenset({"comment", "review", "summary"})


class DetailRules(MeetingCore):
    """The header, the attendees, the steps' notes and the review."""

    # -- the header and who attends ------------------------------------------------------
    def set_details(
        self,
        *,
        title: str | None = None,
        date: str | None = None,
        start_time: str | None = None,
        end_time: str | None = None,
        place: str | None = None,
    ) -> None:
        """Header fields; dates and times parse as people type them ("" clears a time)."""
        s = self.session
        if title is not None:
            title = required(title, t("rules.empty_title"), line=True)
            s.title = title
        if date is not None:
            s.date = dates.parse_date(date).isoformat()
        if start_time is not None:
            s.start_time = dates.parse_time(start_time) if start_time.strip() else None
        if end_time is not None:
            s.end_time = dates.parse_time(end_time) if end_time.strip() else None
        if place is not None:
            s.place = optional(place)
        self._changed()

    def add_attendee(self, name: str, role: str | None = None, *, present: bool = False) -> Attendee:
        """``present``: added where attendance is being taken (the roster, whose opening marks
        everyone present), so the newcomer is present at once, not 未 until it is reopened."""
        name = required(name, t("rules.empty_name"), line=True)
        if any(a.name == name for a in self.session.attendees):
            raise RuleError(t("rules.already_attending", name=name))
        a = Attendee(name=name, role=optional(role))
        if present or any(x.attendance for x in self.session.attendees):  # attendance is being taken: here
            a.attendance = "present"
        forget_tombstone(self.session, ATTENDEES, attendee_key(name))  # back after a removal
        self.session.attendees.append(a)
        self._changed()
        return a

    def remove_attendee(self, name: str) -> None:
        before = len(self.session.attendees)
        self.session.attendees = [a for a in self.session.attendees if a.name != name]
        if len(self.session.attendees) != before:
            if not any(attendee_key(a.name) == attendee_key(name) for a in self.session.attendees):
                bury(self.session, ATTENDEES, attendee_key(name))
            self._changed()

    # -- step notes and the review (text panels) -------------------------------------------
    def set_step_notes(self, step_id: str, text: str) -> None:
        step = self.session.step(step_id)
        if step is None:
            raise RuleError(t("rules.not_found", what=WHAT["step"]))
        text = clean(text)
        if step.notes != text:
            step.notes = text
            self._changed()

    @staticmethod
    def writes_review(step: Step) -> bool:
        """The 総評 step's text is the session's review; other text steps keep their notes."""
        return step.id in REVIEW_STEP_IDS

    def step_text(self, step: Step) -> str:
        return self.session.review if self.writes_review(step) else step.notes

    def set_step_text(self, step: Step, text: str) -> None:
        if self.writes_review(step):
            self.set_review(text)
        else:
            self.set_step_notes(step.id, text)

    def set_review(self, text: str) -> None:
        text = clean(text)
        if self.session.review != text:
            self.session.review = text
            self._changed()
