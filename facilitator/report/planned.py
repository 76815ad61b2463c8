"""How many meetings a body planned in a 年度: one small function, to be switched.

Until the year plan made ahead (``<store>/plans/<年度>.json``) exists in the core, "planned" is
counted from what the sessions say, as the year plan view (``facilitator.yearplan``) shows it:
every session dated in the 年度 (held, or made ahead for a later date) plus the next meeting
planned by the body's latest session of the 年度, when that date is in the 年度 and after every
session of the body. When the plan files exist, this function reads the plan's meetings for the
body instead, and nothing else in the report changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from facilitator.dates import fiscal_year_range
from facilitator.model import Session


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def planned_meetings(sessions: Sequence[Session], fy: int) -> int:
    """Meetings planned for the 年度 ``fy`` by one body, from its sessions dated in that 年度
    (oldest first, scheduled ones included)."""
    if not sessions:
        return 0
    first, last = fiscal_year_range(fy)
    planned = _day(sessions[-1].next_meeting.date)
    latest = max((d for d in (_day(s.date) for s in sessions) if d is not None), default=None)
    ahead = planned is not None and latest is not None and planned > latest and first <= planned <= last
    return len(sessions) + (1 if ahead else 0)
