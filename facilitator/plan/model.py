"""The year plan made ahead (年間計画): the document in ``<store>/plans/<年度>.json``.

Primary data, like the sessions: the SC lays out the 年度 at its start — one column (``lanes``)
per body (第1層, 第2層, 部会) or event that is not a body (講演会), planned meetings in months with
their themes (a date or 日程未定), and a free-text 備考 per month. Public format:
docs/plan-format.md. Fields this version does not know are kept (``extra``) and written back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from facilitator.dates import fiscal_year, fiscal_year_months

PLAN_SCHEMA_VERSION = 1
LANE_KINDS = ("body", "event")
COLLECTIONS = ("lanes", "meetings")  # lists of items by id, as named in ``deleted``

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class PlanFormatError(ValueError):
    """A plan file that cannot be read as a plan (names the field)."""


class NewerPlanError(PlanFormatError):
    """A plan file written by a newer version: left untouched."""


@dataclass
class Lane:
    """A column of the plan: a body (matched to sessions by name, NFKC) or an event."""

    id: str
    name: str
    kind: str = "body"  # "body" | "event"
    layer: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class PlannedMeeting:
    """One planned meeting: in a month of a lane, with a theme; ``date`` None = 日程未定."""

    id: str
    lane: str  # a Lane id
    month: str  # "YYYY-MM", inside the plan's 年度
    theme: str = ""  # "" = テーマ未定
    date: str | None = None  # ISO, inside ``month``
    start_time: str | None = None
    place: str | None = None
    session_id: str | None = None  # the session held (or made) for this row
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    fiscal_year: int
    lanes: list[Lane] = field(default_factory=list)
    meetings: list[PlannedMeeting] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # "YYYY-MM" -> 備考 (free text)
    deleted: dict[str, list[str]] = field(default_factory=dict)  # tombstones: "lanes"/"meetings" -> ids
    clock: dict[str, Any] | None = None  # {"counter": int, "writer": str}: the Lamport clock
    conflicts: list[dict[str, Any]] = field(default_factory=list)  # [{path, value, by, at}]
    updated_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def months(self) -> list[str]:
        """The twelve months of the 年度, "YYYY-MM", April to March."""
        return [f"{y}-{m:02d}" for y, m in fiscal_year_months(self.fiscal_year)]

    def lane(self, lane_id: str) -> Lane | None:
        return next((x for x in self.lanes if x.id == lane_id), None)

    def meeting(self, meeting_id: str) -> PlannedMeeting | None:
        return next((x for x in self.meetings if x.id == meeting_id), None)

    def in_cell(self, month: str, lane_id: str) -> list[PlannedMeeting]:
        """The planned meetings of one month and lane: dated first (by date), then 未定."""
        found = [m for m in self.meetings if m.month == month and m.lane == lane_id]
        return sorted(found, key=lambda m: (m.date is None, m.date or ""))


def month_of(day: date | str) -> str:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{d.year}-{d.month:02d}"


def month_in_year(month: str, fy: int) -> bool:
    m = _MONTH.match(month)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return False
    return fiscal_year(date(int(m.group(1)), int(m.group(2)), 1)) == fy


# ---------------------------------------------------------------------------------------
# JSON <-> Plan: strict on the fields we know, everything else kept.

_LANE_KEYS = ("id", "name", "kind", "layer")
_MEETING_KEYS = ("id", "lane", "month", "theme", "date", "start_time", "place", "session_id")
_PLAN_KEYS = ("schema_version", "fiscal_year", "lanes", "meetings", "notes", "deleted", "clock", "conflicts",
              "updated_at")


def _text(data: dict[str, Any], key: str, where: str, *, required: bool = False) -> Any:
    value = data.get(key)
    if value is None:
        if required:
            raise PlanFormatError(f"{where}.{key}: required text")
        return None
    if not isinstance(value, str):
        raise PlanFormatError(f"{where}.{key}: not text")
    return value


def _extra(data: dict[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in known}


def lane_from_json(data: Any, where: str) -> Lane:
    if not isinstance(data, dict):
        raise PlanFormatError(f"{where}: not an object")
    lane = Lane(id=_text(data, "id", where, required=True), name=_text(data, "name", where, required=True),
                kind=_text(data, "kind", where) or "body", layer=_text(data, "layer", where),
                extra=_extra(data, _LANE_KEYS))
    if not _ID.match(lane.id):
        raise PlanFormatError(f"{where}.id: only A-Z a-z 0-9 _ - allowed")
    return lane


def meeting_from_json(data: Any, where: str) -> PlannedMeeting:
    if not isinstance(data, dict):
        raise PlanFormatError(f"{where}: not an object")
    m = PlannedMeeting(
        id=_text(data, "id", where, required=True), lane=_text(data, "lane", where, required=True),
        month=_text(data, "month", where, required=True), theme=_text(data, "theme", where) or "",
        date=_text(data, "date", where), start_time=_text(data, "start_time", where),
        place=_text(data, "place", where), session_id=_text(data, "session_id", where),
        extra=_extra(data, _MEETING_KEYS))
    if not _ID.match(m.id):
        raise PlanFormatError(f"{where}.id: only A-Z a-z 0-9 _ - allowed")
    if not _MONTH.match(m.month):
        raise PlanFormatError(f"{where}.month: not YYYY-MM")
    if m.date is not None:
        try:
            date.fromisoformat(m.date)
        except ValueError:
            raise PlanFormatError(f"{where}.date: not YYYY-MM-DD") from None
    return m


def plan_from_json(data: Any) -> Plan:
    """A plan from its parsed JSON; PlanFormatError naming the field when it is not one."""
    if not isinstance(data, dict):
        raise PlanFormatError("the plan is not a JSON object")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise PlanFormatError("schema_version: not an integer")
    if version > PLAN_SCHEMA_VERSION:
        raise NewerPlanError(f"schema_version {version} is newer than this app ({PLAN_SCHEMA_VERSION})")
    fy = data.get("fiscal_year")
    if not isinstance(fy, int) or isinstance(fy, bool):
        raise PlanFormatError("fiscal_year: not an integer")
    lanes = data.get("lanes") or []
    meetings = data.get("meetings") or []
    notes = data.get("notes") or {}
    deleted = data.get("deleted") or {}
    conflicts = data.get("conflicts") or []
    clock = data.get("clock")
    if not isinstance(lanes, list) or not isinstance(meetings, list):
        raise PlanFormatError("lanes, meetings: not lists")
    if not isinstance(notes, dict) or not all(isinstance(v, str) for v in notes.values()):
        raise PlanFormatError("notes: not an object of texts")
    if not isinstance(deleted, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in deleted.values()):
        raise PlanFormatError("deleted: not an object of id lists")
    if not isinstance(conflicts, list) or not all(isinstance(c, dict) for c in conflicts):
        raise PlanFormatError("conflicts: not a list of objects")
    if clock is not None and not (isinstance(clock, dict) and isinstance(clock.get("counter"), int)
                                  and isinstance(clock.get("writer", ""), str)):
        raise PlanFormatError("clock: not {counter, writer}")
    updated = data.get("updated_at") or ""
    if not isinstance(updated, str):
        raise PlanFormatError("updated_at: not text")
    return Plan(
        fiscal_year=fy,
        lanes=[lane_from_json(x, f"lanes[{i}]") for i, x in enumerate(lanes)],
        meetings=[meeting_from_json(x, f"meetings[{i}]") for i, x in enumerate(meetings)],
        notes=dict(notes), deleted={k: list(v) for k, v in deleted.items()},
        clock=dict(clock) if clock is not None else None,
        conflicts=[dict(c) for c in conflicts], updated_at=updated, extra=_extra(data, _PLAN_KEYS))


def _drop_none(d: dict[str, Any], optional: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if not (k in optional and v is None)}


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The plan as JSON data (known fields first, then the ones kept from the file)."""
    lanes = [{**_drop_none({"id": x.id, "name": x.name, "kind": x.kind, "layer": x.layer}, ("layer",)), **x.extra}
             for x in plan.lanes]
    meetings = [{**_drop_none({"id": m.id, "lane": m.lane, "month": m.month, "theme": m.theme, "date": m.date,
                               "start_time": m.start_time, "place": m.place, "session_id": m.session_id},
                              ("start_time", "place", "session_id")), **m.extra}
                for m in plan.meetings]
    out: dict[str, Any] = {"schema_version": PLAN_SCHEMA_VERSION, "fiscal_year": plan.fiscal_year,
                           "lanes": lanes, "meetings": meetings, "notes": dict(plan.notes)}
    if plan.deleted:
        out["deleted"] = {k: list(v) for k, v in plan.deleted.items()}
    if plan.clock is not None:
        out["clock"] = dict(plan.clock)
    if plan.conflicts:
        out["conflicts"] = [dict(c) for c in plan.conflicts]
    out["updated_at"] = plan.updated_at
    out.update(plan.extra)
    return out
