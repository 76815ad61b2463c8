"""The year plan (年間計画): one row per month of a 年度 (April–March), one column per body.

Like the paper plan SCs keep (docs/domain.md, the year plan): the plan made ahead
(``facilitator.plan``: lanes, planned meetings with themes, 備考) combined with what happened —
for each month and column, the sessions held (or already created for a later date) with their
topics, the planned meetings not held yet (計画, 日程未定 allowed), and the next meeting the body's
latest session planned in its close step (次回予定, filling a planned row of that month). The 備考
column is the SC's free text, then the requests to the town office made that month. Pure: built
from index rows (``facilitator.index.row_of``), so the whole store need not be loaded. Exports:
``facilitator.plan.export``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from facilitator.dates import fiscal_year, fiscal_year_months, format_day, format_fiscal_year, format_month
from facilitator.i18n import Labels, t
from facilitator.plan.held import match_sessions
from facilitator.plan.model import Plan
from facilitator.text import body_key, for_display

EntryKind = Literal["held", "scheduled", "planned", "plan"]
KIND_LABELS = Labels({"held": "yearplan.kind_held", "scheduled": "yearplan.kind_scheduled",
                      "planned": "yearplan.kind_planned", "plan": "yearplan.kind_plan"})
NOTES_HEADING = t("yearplan.notes_heading")
MONTH_HEADING = t("yearplan.month_heading")

_SPACES = re.compile(r"\s+")
_LAYER_NUMBER = re.compile(r"(\d+)")


def _line(value: Any) -> str:
    return _SPACES.sub(" ", for_display(value if isinstance(value, str) else "")).strip()


def _iso(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class PlanEntry:
    kind: EntryKind
    day: date | None  # None: a planned meeting whose date is 未定
    title: str  # the session title; for a planned meeting, ""
    start_time: str = ""
    place: str = ""
    agenda: tuple[str, ...] = ()  # held/scheduled: the issues presented; planned: the agenda
    session_id: str = ""  # held/scheduled: the session; planned: the session that planned it
    theme: str = ""  # the plan's theme for this meeting
    plan_id: str = ""  # the planned meeting (the plan file's row) this entry shows, if any
    month: tuple[int, int] | None = None  # (year, month) of a planned meeting whose date is 未定

    def heading(self) -> str:
        """``8/19（水） 第3回 定例会``, ``次回予定 1/20（水） 14:00``, ``計画 日程未定 「移動」``."""
        when = format_day(self.day) if self.day is not None else t("yearplan.undecided")
        theme = t("yearplan.theme", theme=self.theme) if self.theme else ""
        if self.kind == "plan":
            parts = [KIND_LABELS["plan"], when, self.start_time, theme]
        elif self.kind == "planned":
            parts = [KIND_LABELS["planned"], when, self.start_time, theme]
        elif self.kind == "scheduled":
            parts = [when, self.title, theme, t("yearplan.scheduled_tag", label=KIND_LABELS["scheduled"])]
        else:
            parts = [when, self.title, theme]
        return " ".join(p for p in parts if p)

    def lines(self) -> list[str]:
        """The heading, then one line per agenda item (・…)."""
        return [self.heading(), *(f"・{a}" for a in self.agenda)]


@dataclass(frozen=True)
class PlanColumn:
    key: str  # text.body_key of the body
    name: str  # the body's name (its newest session's spelling; the plan's for a lane without one)
    layer: str = ""
    lane_id: str = ""  # the plan's lane, if it has one
    kind: str = "body"  # "body" | "event" (a 講演会: no sessions)

    @property
    def heading(self) -> str:
        return self.name


@dataclass(frozen=True)
class PlanMonth:
    year: int
    month: int
    cells: tuple[tuple[PlanEntry, ...], ...]  # one per column
    notes: tuple[str, ...] = ()  # the SC's 備考 lines, then the generated ones

    @property
    def label(self) -> str:
        return format_month(self.month)

    @property
    def key(self) -> str:
        """``2026-08``: the month as the plan file names it."""
        return f"{self.year}-{self.month:02d}"


@dataclass(frozen=True)
class YearPlan:
    fiscal_year: int
    columns: tuple[PlanColumn, ...]
    months: tuple[PlanMonth, ...]
    years: tuple[int, ...] = field(default=())  # every 年度 with something to show, newest first
    plan: Plan | None = None  # the plan made ahead it was built with

    @property
    def label(self) -> str:
        return format_fiscal_year(self.fiscal_year)

    @property
    def title(self) -> str:
        return t("yearplan.title", year=self.label)

    @property
    def empty(self) -> bool:
        return not any(any(c) for m in self.months for c in m.cells)

    def progress(self) -> tuple[int, int]:
        """(held, planned): the plan's meetings in this 年度 and how many of them were held."""
        shown = [e for m in self.months for c in m.cells for e in c if e.plan_id]
        return sum(1 for e in shown if e.kind == "held"), len(shown)


def _layer_order(layer: str) -> int:
    m = _LAYER_NUMBER.search(unicodedata.normalize("NFKC", layer or ""))
    return int(m.group(1)) if m else 99


def _order(row: Mapping[str, Any]) -> tuple[str, str]:
    return (row.get("date") or "", row.get("created_at") or "")


def plan_years(rows: Iterable[Mapping[str, Any]]) -> list[int]:
    """Every 年度 in which a session is dated or a next meeting is planned, newest first."""
    years: set[int] = set()
    for r in rows:
        for value in (r.get("date"), (r.get("next_meeting") or {}).get("date")):
            d = _iso(value)
            if d is not None:
                years.add(fiscal_year(d))
    return sorted(years, reverse=True)


def default_year(rows: Iterable[Mapping[str, Any]], today: date) -> int:
    """This 年度 when it has anything to show, else the newest one that has; else this one."""
    years = plan_years(rows)
    this = fiscal_year(today)
    if not years or this in years:
        return this
    return years[0]


def build_year_plan(rows: Iterable[Mapping[str, Any]], fy: int, today: date, plan: Plan | None = None) -> YearPlan:
    """The plan of 年度 ``fy`` from index rows of readable sessions (any order) and the plan
    made ahead (``plan``, its lanes first in their order, then bodies it does not name).

    A session dated after ``today`` is "scheduled"; each body's latest session's next meeting,
    when it has a date and no session of the body is dated on or after it, is "planned". A
    planned meeting of the plan file shows on the session held for it (``match_sessions``),
    else on the body's next meeting in its month when its date is 未定 or the same, else as
    "plan" (計画).
    """
    rows = [r for r in rows if r.get("status", "ok") == "ok" and _iso(r.get("date"))]
    by_body: dict[str, list[Mapping[str, Any]]] = {}
    for r in rows:
        key = r.get("body_key") or body_key(r.get("body") or "")
        by_body.setdefault(key, []).append(r)
    first, last = date(fy, 4, 1), date(fy + 1, 3, 31)

    columns: list[PlanColumn] = []
    entries: dict[str, list[PlanEntry]] = {}
    notes: dict[tuple[int, int], list[str]] = {}
    for key, body_rows in by_body.items():
        body_rows.sort(key=_order)
        newest = body_rows[-1]
        column = PlanColumn(key=key, name=_line(newest.get("body")), layer=_line(newest.get("layer")))
        found: list[PlanEntry] = []
        for r in body_rows:
            day = _iso(r["date"])
            assert day is not None
            if not first <= day <= last:
                continue
            found.append(
                PlanEntry(
                    kind="scheduled" if day > today else "held",
                    day=day,
                    title=_line(r.get("title")),
                    start_time=_line(r.get("start_time")),
                    place=_line(r.get("place")),
                    agenda=tuple(t for t in (_line(x) for x in r.get("issue_titles") or ()) if t),
                    session_id=r.get("id") or "",
                )
            )
            n = r.get("requests") or 0
            if day <= today and isinstance(n, int) and n > 0:
                who = column.layer or column.name
                notes.setdefault((day.year, day.month), []).append(t("yearplan.requests_note", who=who, count=n))
        nm = newest.get("next_meeting") or {}
        planned = _iso(nm.get("date"))
        latest_day = _iso(newest["date"])
        if planned is not None and latest_day is not None and planned > latest_day and first <= planned <= last:
            found.append(
                PlanEntry(
                    kind="planned",
                    day=planned,
                    title="",
                    start_time=_line(nm.get("start_time")),
                    place=_line(nm.get("place")),
                    agenda=tuple(t for t in (_line(x) for x in nm.get("agenda") or ()) if t),
                    session_id=newest.get("id") or "",
                )
            )
        columns.append(column)
        entries[key] = found

    columns.sort(key=lambda c: (_layer_order(c.layer), c.key))
    free: dict[tuple[int, int], list[str]] = {}
    if plan is not None:
        columns = _with_plan(plan, columns, entries, [r for r in rows if first <= _iso(r["date"]) <= last])  # type: ignore[operator]
        for month, text in plan.notes.items():
            y, m = (int(x) for x in month.split("-")) if _MONTH_KEY.match(month) else (0, 0)
            free[(y, m)] = [x for x in (_line(line) for line in text.split("\n")) if x]
    months = []
    for year, month in fiscal_year_months(fy):
        cells = tuple(
            tuple(sorted((e for e in entries[c.key] if e.day is not None and (e.day.year, e.day.month) == (year, month)
                          or e.day is None and e.month == (year, month)),
                         key=lambda e: (e.day is None, e.day or first, e.kind != "held")))
            for c in columns
        )
        months.append(PlanMonth(year, month, cells, (*free.get((year, month), ()), *notes.get((year, month), ()))))
    return YearPlan(fiscal_year=fy, columns=tuple(columns), months=tuple(months), years=tuple(plan_years(rows)),
                    plan=plan)


_MONTH_KEY = re.compile(r"^\d{4}-\d{2}$")


def _with_plan(plan: Plan, columns: list[PlanColumn], entries: dict[str, list[PlanEntry]],
               rows: list[Mapping[str, Any]]) -> list[PlanColumn]:
    """The plan's lanes first (in its order), then the bodies it does not name; each planned
    meeting put on the entry of the session held for it, or the body's next meeting, or added."""
    by_key = {c.key: c for c in columns}
    ordered: list[PlanColumn] = []
    lane_key: dict[str, str] = {}
    for lane in plan.lanes:
        key = body_key(lane.name) if lane.kind == "body" else f"lane:{lane.id}"
        seen = key in lane_key.values()
        lane_key[lane.id] = key
        if seen:  # two people gave one body a lane at once: one column, both lanes' meetings
            continue
        known = by_key.pop(key, None)
        name = known.name if known is not None else _line(lane.name)
        layer = known.layer if known is not None else _line(lane.layer)
        ordered.append(PlanColumn(key=key, name=name, layer=layer, lane_id=lane.id, kind=lane.kind))
        entries.setdefault(key, [])
    ordered += [c for c in columns if c.key in by_key]
    held = match_sessions(plan, rows)
    for m in plan.meetings:
        key = lane_key.get(m.lane)
        if key is None or not _MONTH_KEY.match(m.month):
            continue
        found = entries[key]
        theme = _line(m.theme)
        session = held.get(m.id)
        at = -1
        if session is not None:
            at = next((i for i, e in enumerate(found) if e.kind != "planned" and e.session_id == session.get("id")), -1)
        elif m.date is None or _iso(m.date) is not None:
            at = next((i for i, e in enumerate(found) if e.kind == "planned" and not e.plan_id and e.day is not None
                       and f"{e.day.year}-{e.day.month:02d}" == m.month and (m.date is None or e.day == _iso(m.date))),
                      -1)
        if at >= 0:
            found[at] = replace(found[at], theme=theme, plan_id=m.id)
            continue
        y, mo = (int(x) for x in m.month.split("-"))
        found.append(PlanEntry(kind="plan", day=_iso(m.date), title="", start_time=_line(m.start_time),
                              place=_line(m.place), theme=theme, plan_id=m.id, month=(y, mo)))
    return ordered


# ---------------------------------------------------------------------------------------
# Export


def cell_lines(entries: Iterable[PlanEntry]) -> list[str]:
    out: list[str] = []
    for e in entries:
        out.extend(e.lines())
    return out
