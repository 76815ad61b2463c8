"""出欠 and the people the minutes name: who attended (``attendees[].attendance``), who kept the
record (``recorder``), who gave the 総評 (``review_by``), who leads each part of the 次第
(``steps[].lead``).

Attendance ``None`` is "not taken" (the minutes say 出欠未記録). Taking it is one step: 開会, or
opening the roster, marks everyone not yet taken present (:func:`everyone_present`); the SC then
marks the absent. An attendee added once attendance is being taken is present.
"""

from __future__ import annotations

from facilitator.i18n import Labels, t
from facilitator.meeting.core import WHAT, MeetingCore, RuleError
from facilitator.meeting.fields import optional
from facilitator.model import ATTENDANCES, Attendee, Session

ATTENDANCE_LABELS = Labels({"present": "labels.attendance.present", "absent": "labels.attendance.absent"})


def everyone_present(session: Session) -> int:
    """Mark every attendee whose attendance is not taken present; how many were marked."""
    marked = 0
    for a in session.attendees:
        if a.attendance is None:
            a.attendance = "present"
            marked += 1
    return marked


def attendance_taken(session: Session) -> bool:
    return any(a.attendance is not None for a in session.attendees)


class AttendanceRules(MeetingCore):
    """出欠, 記録者, 総評 by, and the leads of the 次第."""

    def take_attendance(self) -> int:
        """Everyone not yet taken present, in one step (the roster opening). How many."""
        marked = everyone_present(self.session)
        if marked:
            self._changed()
        return marked

    def _attendee(self, name: str) -> Attendee:
        a = next((a for a in self.session.attendees if a.name == name), None)
        if a is None:
            raise RuleError(t("attendance.not_attending", name=name))
        return a

    def set_attendance(self, name: str, attendance: str | None) -> Attendee:
        if attendance is not None and attendance not in ATTENDANCES:
            raise ValueError(attendance)
        a = self._attendee(name)
        if a.attendance != attendance:
            a.attendance = attendance  # type: ignore[assignment]
            self._changed()
        return a

    def toggle_attendance(self, name: str) -> Attendee:
        """出席 ↔ 欠席 (not taken yet: 欠席, the usual reason to press it)."""
        a = self._attendee(name)
        return self.set_attendance(name, "present" if a.attendance == "absent" else "absent")

    def set_recorder(self, text: str | None) -> None:
        value = optional(text)
        if self.session.recorder != value:
            self.session.recorder = value
            self._changed()

    def set_review_by(self, text: str | None) -> None:
        value = optional(text)
        if self.session.review_by != value:
            self.session.review_by = value
            self._changed()

    def set_step_lead(self, step_id: str, text: str | None) -> None:
        step = self.session.step(step_id)
        if step is None:
            raise RuleError(t("rules.not_found", what=WHAT["step"]))
        value = optional(text)
        if step.lead != value:
            step.lead = value
            self._changed()
