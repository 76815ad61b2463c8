"""Planned vs held: which session was held (or made) for which planned meeting.

A small API for every reader of the plan (the year plan screen, exports, the activity report):
``planned_meetings(plan, body)`` and ``match_sessions(plan, sessions)``. A session is an index
row (a mapping with ``id``, ``body`` — the name — and ``date``, ISO) or a ``Session``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from facilitator.plan.model import Plan, PlannedMeeting
from facilitator.text import body_key


def planned_meetings(plan: Plan, body: str) -> list[PlannedMeeting]:
    """The meetings planned for a body (matched by name after NFKC normalisation), in month
    order, dated ones before 未定 in a month. [] when the plan has no lane for it."""
    key = body_key(body)
    lanes = {x.id for x in plan.lanes if body_key(x.name) == key}
    found = [m for m in plan.meetings if m.lane in lanes]
    return sorted(found, key=lambda m: (m.month, m.date is None, m.date or "", m.id))


def _get(s: Any, key: str) -> Any:
    value = s.get(key) if isinstance(s, Mapping) else getattr(s, key, None)
    if key == "body" and value is not None and not isinstance(value, str):
        value = getattr(value, "name", None)  # a Session's Body
    return value


def match_sessions(plan: Plan, sessions: Iterable[Any]) -> dict[str, Any]:
    """planned meeting id -> the session held (or made) for it.

    A row linked by ``session_id`` gets that session (whatever its date); the others, in
    month and date order, get the first session of their body in their month that no other
    row has (the one on their date if there is one). Each session answers one row at most.
    """
    body_of_lane = {x.id: body_key(x.name) for x in plan.lanes if x.kind == "body"}
    by_id: dict[str, Any] = {}
    for s in sessions:
        sid, day = _get(s, "id"), _get(s, "date")
        if isinstance(sid, str) and isinstance(day, str) and len(day) >= 7:
            by_id.setdefault(sid, s)
    out: dict[str, Any] = {}
    used: set[str] = set()
    for m in plan.meetings:
        if m.session_id and m.session_id in by_id and m.session_id not in used:
            out[m.id] = by_id[m.session_id]
            used.add(m.session_id)
    ordered = sorted(by_id.values(), key=lambda s: (_get(s, "date"), _get(s, "id")))
    for m in sorted(plan.meetings, key=lambda m: (m.month, m.date is None, m.date or "", m.id)):
        if m.id in out or m.lane not in body_of_lane or m.session_id in by_id:
            continue
        key = body_of_lane[m.lane]
        candidates = [s for s in ordered if _get(s, "id") not in used and _get(s, "date")[:7] == m.month
                      and body_key(_get(s, "body") or "") == key]
        if not candidates:
            continue
        pick = next((s for s in candidates if _get(s, "date") == m.date), candidates[0])
        out[m.id] = pick
        used.add(_get(pick, "id"))
    return out
