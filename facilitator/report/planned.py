"""How many meetings a body planned in a 年度, and how many of those were held.

With the year plan made ahead (``<store>/plans/<年度>.json``, ``facilitator.plan``) and a lane
for the body in it, "planned" is the plan's meetings for the body
(``facilitator.plan.held.planned_meetings``) and "held as planned" those the plan's own rule
matches to a held session (``match_sessions``: the session linked to the row, else the body's
first unclaimed session in the row's month). Without a plan, or without a lane for the body,
"planned" is counted from what the sessions say, as the year plan shows it: every session dated
in the 年度 (held, or made ahead for a later date) plus the next meeting planned by the body's
latest session of the 年度, when that date is in the 年度 and after every session of the body;
"held as planned" is then not known.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from facilitator.dates import fiscal_year_range
from facilitator.model import Session
from facilitator.plan.held import match_sessions, planned_meetings as plan_rows
from facilitator.plan.model import Plan


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def planned_meetings(sessions: Sequence[Session], fy: int, plan: Plan | None = None) -> int:
    """Meetings planned for the 年度 ``fy`` by one body, from its sessions dated in that 年度
    (oldest first, scheduled ones included), or from the plan made ahead when it has the body."""
    if not sessions:
        return 0
    if plan is not None:
        rows = plan_rows(plan, sessions[-1].body.name)
        if rows:
            return len(rows)
    first, last = fiscal_year_range(fy)
    planned = _day(sessions[-1].next_meeting.date)
    latest = max((d for d in (_day(s.date) for s in sessions) if d is not None), default=None)
    ahead = planned is not None and latest is not None and planned > latest and first <= planned <= last
    return len(sessions) + (1 if ahead else 0)


def held_as_planned(held: Sequence[Session], plan: Plan | None) -> int | None:
    """How many of the plan's meetings for this body a held session answers; None without a
    plan that has the body."""
    if plan is None or not held:
        return None
    rows = plan_rows(plan, held[-1].body.name)
    if not rows:
        return None
    matched = match_sessions(plan, held)
    return sum(1 for r in rows if r.id in matched)
