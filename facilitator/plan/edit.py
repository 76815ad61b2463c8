"""Laying out the 年度: the rules the plan screen calls. Each change cleans what was typed
(``text.clean``: control characters out), checks it and ticks the plan's logical clock as this
process's writer (``merge.process_token``), so a later merge can order two writers' edits.
Deleting leaves a tombstone (``plan.deleted``): absence alone is never deletion.
"""

from __future__ import annotations

from datetime import date

from facilitator.i18n import t
from facilitator.ids import new_item_id
from facilitator.merge import process_token
from facilitator.plan.model import LANE_KINDS, Lane, Plan, PlannedMeeting, month_in_year, month_of
from facilitator.text import body_key, clean, clean_line


class PlanRuleError(ValueError):
    """A change the plan refuses (one line, in the UI language)."""


def touch(plan: Plan, writer: str | None = None) -> None:
    """One counted change: the Lamport counter up by one, naming the writer."""
    counter = int((plan.clock or {}).get("counter", 0)) + 1
    plan.clock = {"counter": counter, "writer": writer or process_token()}


def _bury(plan: Plan, collection: str, key: str) -> None:
    keys = plan.deleted.setdefault(collection, [])
    if key not in keys:
        keys.append(key)


def lane_of_body(plan: Plan, name: str) -> Lane | None:
    """The lane of a body, matched by name after NFKC normalisation (全角 spaces too)."""
    key = body_key(name)
    return next((x for x in plan.lanes if body_key(x.name) == key), None)


def add_lane(plan: Plan, name: str, kind: str = "body", layer: str | None = None) -> Lane:
    """A column: a body, or an event that is not a body (講演会). The same name twice is refused."""
    name = clean_line(name).strip()
    if not name:
        raise PlanRuleError(t("plan.need_name"))
    if kind not in LANE_KINDS:
        raise PlanRuleError(t("plan.bad_kind", kind=kind))
    if lane_of_body(plan, name) is not None:
        raise PlanRuleError(t("plan.lane_exists", name=name))
    layer = clean_line(layer or "").strip() or None
    lane = Lane(id=new_item_id("lane"), name=name, kind=kind, layer=layer)
    plan.lanes.append(lane)
    touch(plan)
    return lane


def ensure_lanes(plan: Plan, bodies: list[tuple[str, str | None]]) -> bool:
    """A lane for each body (name, layer) that has sessions but none yet; True if any was added."""
    added = False
    for name, layer in bodies:
        if name.strip() and lane_of_body(plan, name) is None:
            add_lane(plan, name, "body", layer)
            added = True
    return added


def _day(text: str | None, month: str) -> str | None:
    if not text:
        return None
    try:
        d = date.fromisoformat(text)
    except ValueError:
        raise PlanRuleError(t("plan.bad_date", date=text)) from None
    if month_of(d) != month:
        raise PlanRuleError(t("plan.date_not_in_month", date=text))
    return d.isoformat()


def add_meeting(plan: Plan, lane_id: str, month: str, theme: str = "", *, day: str | None = None,
                start_time: str | None = None, place: str | None = None) -> PlannedMeeting:
    """A planned meeting in ``month`` ("YYYY-MM" of the plan's 年度); ``day`` ISO or None (未定).
    A date in another month moves the meeting to that month (it must still be in the 年度)."""
    if plan.lane(lane_id) is None:
        raise PlanRuleError(t("plan.no_lane"))
    if day:
        month = _month_of_day(day)
    if not month_in_year(month, plan.fiscal_year):
        raise PlanRuleError(t("plan.month_not_in_year", month=month))
    meeting = PlannedMeeting(id=new_item_id("plan"), lane=lane_id, month=month, theme=clean(theme).strip(),
                             date=_day(day, month), start_time=clean_line(start_time or "").strip() or None,
                             place=clean_line(place or "").strip() or None)
    plan.meetings.append(meeting)
    touch(plan)
    return meeting


def _month_of_day(day: str) -> str:
    try:
        return month_of(day)
    except ValueError:
        raise PlanRuleError(t("plan.bad_date", date=day)) from None


def update_meeting(plan: Plan, meeting_id: str, *, theme: str, day: str | None, start_time: str | None = None,
                   place: str | None = None) -> PlannedMeeting:
    """New theme, date (None: 日程未定; another month of the 年度 moves it), time and place."""
    m = plan.meeting(meeting_id)
    if m is None:
        raise PlanRuleError(t("plan.no_meeting"))
    month = _month_of_day(day) if day else m.month
    if not month_in_year(month, plan.fiscal_year):
        raise PlanRuleError(t("plan.month_not_in_year", month=month))
    values = (clean(theme).strip(), _day(day, month), clean_line(start_time or "").strip() or None,
              clean_line(place or "").strip() or None, month)
    if values == (m.theme, m.date, m.start_time, m.place, m.month):
        return m
    m.theme, m.date, m.start_time, m.place, m.month = values
    touch(plan)
    return m


def remove_meeting(plan: Plan, meeting_id: str) -> PlannedMeeting:
    m = plan.meeting(meeting_id)
    if m is None:
        raise PlanRuleError(t("plan.no_meeting"))
    plan.meetings.remove(m)
    _bury(plan, "meetings", m.id)
    touch(plan)
    return m


def set_note(plan: Plan, month: str, text: str) -> bool:
    """The month's 備考 (free text; empty removes it). True if it changed."""
    if not month_in_year(month, plan.fiscal_year):
        raise PlanRuleError(t("plan.month_not_in_year", month=month))
    text = clean(text).strip()
    if plan.notes.get(month, "") == text:
        return False
    if text:
        plan.notes[month] = text
    else:
        plan.notes.pop(month, None)
    touch(plan)
    return True


def link_session(plan: Plan, meeting_id: str, session_id: str, day: str | None = None) -> PlannedMeeting:
    """The session held (or made) for a planned meeting; its date fills a 未定 one."""
    m = plan.meeting(meeting_id)
    if m is None:
        raise PlanRuleError(t("plan.no_meeting"))
    m.session_id = session_id
    if day and m.date is None and month_of(day) == m.month:
        m.date = day
    touch(plan)
    return m


def session_title(default: str, theme: str) -> str:
    """The title proposed for a session made from a planned meeting: 「第3回 地域交通・移動に関する
    集中協議」 (the template's title, then the theme's first line)."""
    first = next((x.strip() for x in theme.splitlines() if x.strip()), "")
    return f"{default} {first}".strip() if first else default
