"""The year plan (年間計画): one row per month of a 年度 (April–March), one column per body.

Like the paper plan SCs keep (docs/domain.md, the year plan): for each month and body, the sessions held
(or already created for a later date) with their topics, and the next meeting the body's latest
session planned, with its agenda; a 備考 column notes the requests to the town office made that
month. Pure: built from index rows (``facilitator.index.row_of``), so the whole store need not be
loaded. Exported as Markdown (a GFM table) and CSV (UTF-8 with BOM, for Excel).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from facilitator.dates import fiscal_year, fiscal_year_months, format_day, format_fiscal_year, format_month
from facilitator.i18n import Labels, t
from facilitator.text import body_key, for_display

EntryKind = Literal["held", "scheduled", "planned"]
KIND_LABELS = Labels({"held": "yearplan.kind_held", "scheduled": "yearplan.kind_scheduled",
                      "planned": "yearplan.kind_planned"})
NOTES_HEADING = t("yearplan.notes_heading")
MONTH_HEADING = t("yearplan.month_heading")
FORMATS: tuple[str, ...] = ("md", "csv")

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
    day: date
    title: str  # the session title; for a planned meeting, ""
    start_time: str = ""
    place: str = ""
    agenda: tuple[str, ...] = ()  # held/scheduled: the issues presented; planned: the agenda
    session_id: str = ""  # held/scheduled: the session; planned: the session that planned it

    def heading(self) -> str:
        """``8/19（水） 第3回 定例会`` or ``次回予定 1/20（水） 14:00``."""
        when = format_day(self.day)
        if self.kind == "planned":
            parts = [KIND_LABELS["planned"], when, self.start_time]
        elif self.kind == "scheduled":
            parts = [when, self.title, t("yearplan.scheduled_tag", label=KIND_LABELS["scheduled"])]
        else:
            parts = [when, self.title]
        return " ".join(p for p in parts if p)

    def lines(self) -> list[str]:
        """The heading, then one line per agenda item (・…)."""
        return [self.heading(), *(f"・{a}" for a in self.agenda)]


@dataclass(frozen=True)
class PlanColumn:
    key: str  # text.body_key of the body
    name: str  # the body's name (its newest session's spelling)
    layer: str = ""

    @property
    def heading(self) -> str:
        return self.name


@dataclass(frozen=True)
class PlanMonth:
    year: int
    month: int
    cells: tuple[tuple[PlanEntry, ...], ...]  # one per column
    notes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return format_month(self.month)


@dataclass(frozen=True)
class YearPlan:
    fiscal_year: int
    columns: tuple[PlanColumn, ...]
    months: tuple[PlanMonth, ...]
    years: tuple[int, ...] = field(default=())  # every 年度 with something to show, newest first

    @property
    def label(self) -> str:
        return format_fiscal_year(self.fiscal_year)

    @property
    def title(self) -> str:
        return t("yearplan.title", year=self.label)

    @property
    def empty(self) -> bool:
        return not any(any(c) for m in self.months for c in m.cells)


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


def build_year_plan(rows: Iterable[Mapping[str, Any]], fy: int, today: date) -> YearPlan:
    """The plan of 年度 ``fy`` from index rows of readable sessions (any order).

    A session dated after ``today`` is "scheduled"; each body's latest session's next meeting,
    when it has a date and no session of the body is dated on or after it, is "planned".
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
        entries[key] = sorted(found, key=lambda e: (e.day, e.kind != "held"))

    columns.sort(key=lambda c: (_layer_order(c.layer), c.key))
    months = []
    for year, month in fiscal_year_months(fy):
        cells = tuple(
            tuple(e for e in entries[c.key] if (e.day.year, e.day.month) == (year, month)) for c in columns
        )
        months.append(PlanMonth(year, month, cells, tuple(notes.get((year, month), ()))))
    return YearPlan(fiscal_year=fy, columns=tuple(columns), months=tuple(months), years=tuple(plan_years(rows)))


# ---------------------------------------------------------------------------------------
# Export


def cell_lines(entries: Iterable[PlanEntry]) -> list[str]:
    out: list[str] = []
    for e in entries:
        out.extend(e.lines())
    return out


def to_markdown(plan: YearPlan) -> str:
    """A GFM table; user text escaped (``escape_inline``), lines in a cell joined by ``<br>``."""
    from facilitator.export.markdown import escape_inline

    def cell(lines: Iterable[str]) -> str:
        return "<br>".join(escape_inline(x) for x in lines) or " "

    headings = [MONTH_HEADING, *(escape_inline(c.heading) for c in plan.columns), NOTES_HEADING]
    out = [f"# {escape_inline(plan.title)}", ""]
    if not plan.columns:
        out += [t("yearplan.empty_md"), ""]
    out.append("| " + " | ".join(headings) + " |")
    out.append("|" + "|".join("---" for _ in headings) + "|")
    for m in plan.months:
        row = [m.label, *(cell(cell_lines(c)) for c in m.cells), cell(m.notes)]
        out.append("| " + " | ".join(row) + " |")
    out += ["", t("yearplan.made_by"), ""]
    return "\n".join(out)


def to_csv(plan: YearPlan) -> str:
    """One row per month (年-月 first), the lines of a cell separated by newlines (quoted)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([MONTH_HEADING, *(c.heading for c in plan.columns), NOTES_HEADING])
    for m in plan.months:
        writer.writerow(
            [f"{m.year}-{m.month:02d}", *("\n".join(cell_lines(c)) for c in m.cells), "\n".join(m.notes)]
        )
    return buf.getvalue()


def export_year_plan(plan: YearPlan, fmt: str) -> bytes:
    """``md`` as UTF-8, ``csv`` as UTF-8 with a BOM (Excel on Japanese Windows)."""
    if fmt == "md":
        return to_markdown(plan).encode("utf-8", "replace")
    if fmt == "csv":
        return to_csv(plan).encode("utf-8-sig", "replace")
    raise ValueError(t("yearplan.bad_format", format=repr(fmt), formats=" / ".join(FORMATS)))


def file_name(plan: YearPlan, fmt: str) -> str:
    """``年間計画_2026年度.md``: ASCII-safe digits, no characters Windows refuses."""
    return f"年間計画_{plan.fiscal_year}年度.{fmt}"
