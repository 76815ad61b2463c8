"""The report as the tables, lists and charts every format renders (Markdown, HTML, CSV, Excel,
the terminal): one structure, so they all say the same.

- ``figure_sections``: the figures, one row each, one column per body and the total;
- ``detail_lists``: what lies behind them (hand-offs with their results, dropped homework with
  the reasons …), one row per item, the body first;
- ``charts``: the few figures people would rather look at than read, as bar charts' data.
User text is already display-safe (``counting.line``); renderers escape it for their format.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from facilitator.dates import format_date
from facilitator.i18n import Labels, t
from facilitator.meeting import HANDOFF_STATUS_LABELS, HOMEWORK_STATUS_LABELS, KIND_LABELS
from facilitator.report.counting import BodyYear
from facilitator.report.year import YearReport
from facilitator.self_check import ITEM_LABELS, ITEMS, direction, item_averages

NATURE_LABELS = Labels({"need": "labels.nature.need", "demand": "labels.nature.demand",
                        "": "labels.nature.none"})
LACK_LABELS = Labels({
    "resolved": "report.lack_resolved", "resolved_earlier": "report.lack_resolved_earlier",
    "municipality": "report.lack_municipality", "ourselves": "report.lack_ourselves",
    "unsorted": "report.lack_unsorted",
})
# Homework at the year's end: 済, 取り下げ, and 年度末に継続中 (not just 継続中).
HOMEWORK_LABELS = Labels({"done": "labels.homework_status.done", "dropped": "labels.homework_status.dropped",
                          "open": "report.homework_open"})
KINDS = ("self", "request", "unsorted")
NATURES = ("need", "demand", "")
HANDOFF_STATES = ("open", "in_progress", "done", "dropped")
HOMEWORK_STATES = ("done", "dropped", "open")

Value = int | str
Row = tuple[str, ...]  # a list's row: the body's name, then the cells


@dataclass(frozen=True)
class FigureRow:
    key: str  # stable, for tests and tools: "meetings.held", "requests.dept:福祉課"
    label: str
    values: tuple[Value, ...]  # one per column: the bodies, then the total
    indent: int = 0


@dataclass(frozen=True)
class FigureSection:
    key: str
    heading: str
    rows: tuple[FigureRow, ...]


@dataclass(frozen=True)
class DetailList:
    key: str
    heading: str
    columns: tuple[str, ...]  # after the body's column
    rows: tuple[Row, ...]  # the body's name, then one cell per column


@dataclass(frozen=True)
class Chart:
    key: str
    section: str  # the figure section it illustrates (shown after its table)
    title: str
    series: tuple[str, ...]
    groups: tuple[tuple[str, tuple[int, ...]], ...]  # (body name, one value per series)


def department(name: str) -> str:
    return name or t("report.no_department")


def _average(b: BodyYear) -> str:
    if not b.meetings_with_attendance:
        return "—"
    return f"{b.present / b.meetings_with_attendance:.1f}"


def _rate(b: BodyYear) -> str:
    taken = b.present + b.absent
    return f"{round(100 * b.present / taken)}%" if taken else "—"


def _row(key: str, label: str, cols: list[BodyYear], value, indent: int = 0) -> FigureRow:  # type: ignore[no-untyped-def]
    return FigureRow(key, label, tuple(value(b) for b in cols), indent)


def _by_name(key: str, counters: list[Counter[str]], cols: list[BodyYear], label, indent: int = 1) -> list[FigureRow]:  # type: ignore[no-untyped-def]
    """One row per name (a section, a theme), most frequent first, then by name."""
    total: Counter[str] = Counter()
    for c in counters:
        total.update(c)
    names = sorted(total, key=lambda n: (-total[n], n))
    return [FigureRow(f"{key}:{n}", label(n), tuple(c[n] for c in counters), indent) for n in names]


def _per_column(report: YearReport, count: Callable[[BodyYear], Counter[str]]) -> list[Counter[str]]:
    """A body's counts by name, one per body, then the total's (the bodies' added, not recounted)."""
    counters = [count(b) for b in report.bodies]
    return [*counters, sum(counters, Counter())]


def figure_sections(report: YearReport) -> list[FigureSection]:
    cols = report.columns()
    out = [
        FigureSection("meetings", t("report.sec_meetings"), (
            _row("meetings.planned", t("report.planned"), cols, lambda b: b.planned),
            _row("meetings.held", t("report.held"), cols, lambda b: b.held),
            *((_row("meetings.as_planned", t("report.as_planned"), cols,
                    lambda b: "—" if b.as_planned is None else b.as_planned, 1),)
              if any(b.as_planned is not None for b in cols) else ()),
        )),
        FigureSection("attendance", t("report.sec_attendance"), (
            _row("attendance.present", t("report.present"), cols, lambda b: b.present),
            _row("attendance.absent", t("report.absent"), cols, lambda b: b.absent),
            _row("attendance.untaken", t("report.untaken"), cols, lambda b: b.untaken),
            _row("attendance.average", t("report.average"), cols, _average),
            _row("attendance.rate", t("report.rate"), cols, _rate),
        )),
        FigureSection("ideas", t("report.sec_ideas"), (
            _row("ideas.total", t("report.ideas"), cols, lambda b: b.ideas),
            *(_row(f"ideas.kind.{k}", KIND_LABELS[k], cols, lambda b, k=k: b.kinds[k], 1) for k in KINDS),
            *(_row(f"ideas.nature.{n or 'none'}", NATURE_LABELS[n], cols, lambda b, n=n: b.natures[n], 1)
              for n in NATURES),
            _row("issues.nature.need", t("report.issues_need"), cols, lambda b: b.issue_natures["need"]),
            _row("issues.nature.demand", t("report.issues_demand"), cols, lambda b: b.issue_natures["demand"]),
        )),
        FigureSection("handoffs", t("report.sec_handoffs"), (
            _row("handoffs.total", t("report.handoffs"), cols, lambda b: len(b.handoffs)),
            *(_row(f"handoffs.{s}", HANDOFF_STATUS_LABELS[s], cols, lambda b, s=s: b.handoff_status(s), 1)
              for s in HANDOFF_STATES),
            _row("handoffs.earlier", t("report.handoffs_earlier"), cols,
                 lambda b: sum(1 for h in b.handoffs if h.earlier)),
        )),
        FigureSection("homework", t("report.sec_homework"), (
            _row("homework.total", t("report.homework"), cols, lambda b: len(b.homework)),
            *(_row(f"homework.{s}", HOMEWORK_LABELS[s], cols, lambda b, s=s: b.homework_status(s), 1)
              for s in HOMEWORK_STATES),
            _row("homework.carried", t("report.homework_carried"), cols, lambda b: b.homework_carried),
            _row("homework.carries", t("report.carries"), cols, lambda b: b.carries),
        )),
        FigureSection("board", t("report.sec_board"), (
            _row("board.found", t("report.found"), cols, lambda b: len(b.found)),
            _row("board.lack", t("report.lack"), cols, lambda b: len(b.lack)),
            *(_row(f"board.lack.{s}", LACK_LABELS[s], cols, lambda b, s=s: b.lack_state(s), 1) for s in LACK_LABELS),
            *_by_name("board.lack.dept", _per_column(report, BodyYear.lack_by_department), cols,
                      lambda n: t("report.to_department", department=department(n)), 2),
        )),
        FigureSection("requests", t("report.sec_requests"), (
            _row("requests.total", t("report.requests"), cols, lambda b: len(b.requests)),
            *_by_name("requests.dept", _per_column(report, BodyYear.requests_by_department), cols, department),
        )),
    ]
    themes = _by_name("themes", [b.themes for b in cols], cols, lambda n: n, 0)
    if themes:
        out.append(FigureSection("themes", t("report.sec_themes"), tuple(themes)))
    if any(b.self_checks for b in cols):
        averages = {b.key: item_averages(b.self_checks) for b in cols}  # (once per body, not per item)
        out.append(FigureSection("self_check", t("report.sec_self_check"), (
            _row("self_check.meetings", t("report.self_checked"), cols, lambda b: len(b.self_checks)),
            *(_row(f"self_check.{i}", ITEM_LABELS[i], cols, lambda b, i=i: _trend_cell(b, i, averages[b.key]), 1)
              for i in ITEMS),
        )))
    return out


_ARROWS = {1: " ↑", -1: " ↓", 0: ""}


def _trend_cell(b: BodyYear, item: str, averages: dict[str, float]) -> str:
    """The item's average over the year's self-checks (0–3, ``averages``: the body's), with ↑/↓
    when its latest answer is above/below its first; — when never answered."""
    average = averages.get(item)
    if average is None:
        return "—"
    return f"{average:.1f}{_ARROWS[direction(b.self_checks, item)]}"


def detail_lists(report: YearReport) -> list[DetailList]:
    bodies = report.bodies
    return [
        DetailList("handoffs", t("report.list_handoffs"),
                   (t("report.col_action"), t("report.col_ideas"), t("report.col_status"), t("report.col_result")),
                   _handoff_rows(bodies)),
        DetailList("homework", t("report.list_homework"),
                   (t("report.col_homework"), t("report.col_owner"), t("report.col_status"),
                    t("report.col_carried"), t("report.col_reason")),
                   _homework_rows(bodies)),
        DetailList("lack", t("report.list_lack"),
                   (t("report.col_lack"), t("report.col_state"), t("report.col_department")),
                   tuple((b.name, x.text, LACK_LABELS[x.state], x.department)
                         for b in bodies for x in b.lack)),
        DetailList("found", t("report.list_found"), (t("report.col_have"),),
                   tuple((b.name, text) for b in bodies for text in b.found)),
        DetailList("requests", t("report.list_requests"),
                   (t("report.col_department"), t("report.col_request"), t("report.col_date")),
                   _request_rows(bodies)),
    ]


# The rows of the long lists (a year of ten towns: tens of thousands): each label looked up once.

def _handoff_rows(bodies: list[BodyYear]) -> tuple[Row, ...]:
    earlier, separator, status = t("report.earlier_tag"), t("report.idea_separator"), dict(HANDOFF_STATUS_LABELS)
    return tuple((b.name, h.action + earlier if h.earlier else h.action, separator.join(h.ideas),
                  status[h.status], h.result)
                 for b in bodies for h in b.handoffs)


def _homework_rows(bodies: list[BodyYear]) -> tuple[Row, ...]:
    """The homework carried at least once or dropped."""
    status = dict(HOMEWORK_STATUS_LABELS)
    times = lru_cache(maxsize=None)(lambda count: t("report.times", count=count))  # (a few counts)
    return tuple((b.name, h.text, h.owner, status[h.status], times(h.carried) if h.carried else "", h.reason)
                 for b in bodies for h in b.homework if h.carried or h.status == "dropped")


def _request_rows(bodies: list[BodyYear]) -> tuple[Row, ...]:
    """Each body's requests by section (none: 担当課未定), then by date."""
    none = t("report.no_department")
    on = lru_cache(maxsize=None)(format_date)  # (a year's requests fall on a few dozen dates)
    return tuple((b.name, r.department or none, r.text, on(r.on) if r.on else "")
                 for b in bodies for r in sorted(b.requests, key=lambda r: (r.department or none, r.on)))


def charts(report: YearReport) -> list[Chart]:
    bodies = report.bodies

    def chart(key: str, section: str, title: str, series: tuple[str, ...], value) -> Chart:  # type: ignore[no-untyped-def]
        return Chart(key, section, title, series, tuple((b.name, tuple(value(b))) for b in bodies))

    out = [
        chart("meetings", "meetings", t("report.sec_meetings"), (t("report.planned"), t("report.held")),
              lambda b: (b.planned, b.held)),
        chart("kinds", "ideas", t("report.chart_kinds"), tuple(KIND_LABELS[k] for k in KINDS),
              lambda b: (b.kinds[k] for k in KINDS)),
        chart("natures", "ideas", t("report.chart_natures"), tuple(NATURE_LABELS[n] for n in NATURES),
              lambda b: (b.natures[n] for n in NATURES)),
        chart("handoffs", "handoffs", t("report.sec_handoffs"), tuple(HANDOFF_STATUS_LABELS[s] for s in HANDOFF_STATES),
              lambda b: (b.handoff_status(s) for s in HANDOFF_STATES)),
        chart("homework", "homework", t("report.sec_homework"),
              tuple(HOMEWORK_LABELS[s] for s in HOMEWORK_STATES),
              lambda b: (b.homework_status(s) for s in HOMEWORK_STATES)),
    ]
    themes = report.total().themes
    if themes:
        top = [n for n, _ in sorted(themes.items(), key=lambda x: (-x[1], x[0]))[:10]]
        out.append(Chart("themes", "themes", t("report.sec_themes"), (t("report.theme_count"),),
                         tuple((n, (themes[n],)) for n in top)))
    return out
