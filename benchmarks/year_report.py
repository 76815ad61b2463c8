"""The year's activity report (docs/report.md): counting and rendering over 1,000 sessions, and
the whole ``kyogitai report`` path from the store's files; the themes view over the same store
(from the index, as its screen makes it)."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

from facilitator.dates import fiscal_year
from facilitator.model import Session
from facilitator.report import build_year_report, render, report_from_store
from facilitator.session_json import session_to_json
from facilitator.index import Index
from facilitator.theme_view import themes_from_rows
from facilitator.store import Store, atomic_write

from benchmarks.core import timings
from benchmarks.data import BenchStore
from benchmarks.report import Result, median

FY = 2026
AS_OF = date(2027, 3, 31)  # the year's end: every session of it held


def into_one_year(sessions: list[Session], fy: int = FY) -> list[Session]:
    """Every session moved into 年度 ``fy`` (same month and day), so that the report counts all."""
    out = []
    for s in sessions:
        d = date.fromisoformat(s.date)
        year = fy if d.month >= 4 else fy + 1
        out.append(replace(s, date=date(year, d.month, min(d.day, 28)).isoformat()))
    return out


def year_report(bench: BenchStore, runs: int = 10) -> list[Result]:
    store = Store(bench.root)
    sessions = [s for s, _ in store.scan().sessions]
    one_year = into_one_year(sessions)
    n = len(one_year)

    def count_and_render() -> None:
        report = build_year_report(one_year, FY, AS_OF)
        render(report, "md")
        render(report, "html")

    inner = timings(count_and_render, runs)
    busiest = Counter(fiscal_year(s.date) for s in sessions).most_common(1)[0]
    from_store = timings(lambda: render(report_from_store(store, busiest[0], AS_OF), "md"), runs)
    # The same, with every one of the store's sessions dated in the one 年度 (a worst case: a
    # town whose 1,000 meetings all fall in one year).
    temp = Path(tempfile.mkdtemp(prefix="kyogitai-bench-report-"))
    try:
        for s in one_year:
            atomic_write(temp / f"{s.id}.json", session_to_json(s).encode("utf-8"))
        crowded = Store(temp)
        whole = timings(lambda: render(report_from_store(crowded, FY, AS_OF), "md"), max(3, runs // 3))
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return [
        Result(f"year report: count + render md and html, {n} sessions in one 年度 (in memory)", median(inner), "ms",
               1000.0, inner, f"{n} sessions, {sum(len(s.ideas) for s in one_year)} ideas"),
        Result(f"year report from the store: the busiest 年度 ({busiest[1]} of {n} files), md", median(from_store),
               "ms", 1000.0, from_store, "each file's head read (store/head.py), the year's files parsed"),
        Result(f"year report from the store: all {n} files in one 年度, md", median(whole), "ms", None, whole,
               "reading and strictly decoding every file is most of it"),
    ]


def themes(bench: BenchStore, runs: int = 20) -> list[Result]:
    """The recurring 地域課題 view over every session of the store, as the themes screen makes it:
    from the index's rows and the theme facts kept beside them (``Index.theme_rows``), not from
    the files. The floor is for the view made from them (in memory, as the screen's worker has
    them); the screen's whole wait (the index read, refreshed, its facts read, the view) beside it."""
    index = Index(Store(bench.root))
    index.refresh()
    rows = index.theme_rows()
    index.close()
    xs = timings(lambda: themes_from_rows(rows), runs)
    view = themes_from_rows(rows)
    tagged = sum(r.items for r in view.themes)

    def screen_wait() -> None:
        fresh = Index(Store(bench.root))
        try:
            fresh.refresh()
            themes_from_rows(fresh.theme_rows())
        finally:
            fresh.close()

    whole = timings(screen_wait, max(3, runs // 4))
    return [Result(f"themes view over {len(rows)} sessions, from the index's rows (in memory)", median(xs), "ms",
                   200.0, xs, f"{len(view.themes)} themes, {tagged} tagged items, {len(view.bodies)} bodies"),
            Result(f"themes screen's wait: index read and refreshed, theme facts read, the view ({len(rows)} sessions)",
                   median(whole), "ms", None, whole, "it read every session file before (issue 23)")]
