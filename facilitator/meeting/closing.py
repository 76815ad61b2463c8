"""The end of a meeting: the next meeting (date, time, place, agenda) and the closing summary
read aloud, which counts what every other part of the meeting produced."""

from __future__ import annotations

from facilitator import dates
from facilitator.i18n import t
from facilitator.meeting.core import MeetingCore
from facilitator.meeting.fields import is_iso_date, optional
from facilitator.meeting.followup import made_here
from facilitator.meeting.ideas import request_ideas
from facilitator.text import clean_line


class ClosingRules(MeetingCore):
    """The next meeting and the closing summary."""

    # -- next meeting --------------------------------------------------------------------
    def set_next_meeting(
        self,
        *,
        date: str | None = None,
        start_time: str | None = None,
        place: str | None = None,
        agenda: list[str] | None = None,
    ) -> None:
        """Dates and times parse as people type them; "" clears a field."""
        nm = self.session.next_meeting
        if date is not None:
            nm.date = dates.parse_date(date).isoformat() if date.strip() else None
        if start_time is not None:
            nm.start_time = dates.parse_time(start_time) if start_time.strip() else None
        if place is not None:
            nm.place = optional(place)
        if agenda is not None:
            nm.agenda = list(dict.fromkeys(a for a in (clean_line(x) for x in agenda) if a))  # each line once
        self._changed()

    def closing_summary(self) -> str:
        """A few sentences to read aloud at the end of the meeting."""
        s = self.session
        handed = len(made_here(s))  # a carried one was counted where it was made
        open_hw = [h for h in s.homework if h.status == "open"]
        reqs = request_ideas(s)
        lines = [
            t("rules.summary_ideas", count=len(s.ideas)),
            t("rules.summary_handed", count=handed) if handed else t("rules.summary_none_handed"),
        ]
        if reqs:
            lines.append(t("rules.summary_requests", count=len(reqs)))
        if open_hw:
            lines.append(t("rules.summary_homework", count=len(open_hw)))
            for h in open_hw:
                parts = [h.owner] if h.owner else []
                if h.due:
                    due = dates.format_date(h.due) if is_iso_date(h.due) else h.due
                    # 「次回まで」 as typed keeps its own まで
                    parts.append(due if due.endswith("まで") else t("rules.summary_due", due=due))
                lines.append(t("rules.summary_item_detail", text=h.text, details=t("rules.summary_separator").join(parts))
                             if parts else t("rules.summary_item", text=h.text))
        nm = s.next_meeting
        if nm.date:
            when = dates.format_date(nm.date) + (t("rules.summary_next_time", time=nm.start_time) if nm.start_time else "")
            where = t("rules.summary_next_place", place=nm.place) if nm.place else ""
            lines.append(t("rules.summary_next", when=when, where=where))
        else:
            lines.append(t("rules.summary_no_next"))
        lines.append(t("rules.summary_thanks"))
        return "\n".join(lines)
