"""The year's activity report for 事業評価 (``kyogitai report``, and from the year plan in the app).

Per body and in total, for one 年度 (April–March; bodies with no meeting in it are left out):
meetings planned and held, attendance, ideas by kind and by ニーズ/デマンド, hand-offs by status
with their results, homework done / carried / dropped with the reasons, あるもの found,
ないもの resolved or sent to 役場, requests to 役場 by section, and the year's themes. Every figure
is counted from the session files the way docs/report.md says, so anyone can recount it.

- ``counting``: one body's figures from its sessions (the rules); ``planned``: meetings planned;
- ``year``: every body side by side, the total (``build_year_report``);
- ``collect``: the 年度's sessions read from a store (only those files decoded);
- ``anonymized``: the sessions and the plan with names hidden (``--anonymize``);
- ``figures``: the tables, lists and charts every format renders;
- ``text_formats`` (md, csv), ``html_format`` + ``svg`` (charts), ``xlsx_format``: the formats;
  ``table_text``: a list's rows escaped for md or html all at once.
"""

from __future__ import annotations

from datetime import date
from importlib import import_module

from facilitator.i18n import pinned_language, t
from facilitator.report.counting import in_year
from facilitator.report.year import YearReport, build_year_report

FORMATS: tuple[str, ...] = ("md", "html", "csv", "xlsx")
TO_STDOUT: tuple[str, ...] = ("md", "html", "csv")

# format -> (module, function, encoding); None: the renderer returns bytes
_RENDERERS: dict[str, tuple[str, str, str | None]] = {
    "md": ("text_formats", "to_markdown", "utf-8"),
    "html": ("html_format", "to_html", "utf-8"),
    "csv": ("text_formats", "to_csv", "utf-8-sig"),  # a BOM, for Excel on Japanese Windows
    "xlsx": ("xlsx_format", "to_xlsx", None),
}


def render(report: YearReport, fmt: str) -> bytes:
    if fmt not in _RENDERERS:
        raise ValueError(t("report.bad_format", format=repr(fmt), formats=" / ".join(FORMATS)))
    module, function, encoding = _RENDERERS[fmt]
    renderer = getattr(import_module(f"facilitator.report.{module}"), function)
    with pinned_language():
        if encoding is None:
            data: bytes = renderer(report)
            return data
        text: str = renderer(report)
    return text.encode(encoding, "replace")


def report_from_store(store, fy: int, today: date, body: str | None = None, *,  # type: ignore[no-untyped-def]
                      anonymize: bool = False) -> YearReport:
    """The report of 年度 ``fy`` from the store's files (only the year's files decoded).
    ``anonymize``: names hidden, with the guarantee of an anonymised export (``anonymized.py``;
    the same figures)."""
    from facilitator.plan.file import load_plan
    from facilitator.plan.model import PlanFormatError
    from facilitator.report.collect import year_sessions

    sessions, unreadable = year_sessions(store, fy)
    try:
        plan = load_plan(store, fy)
    except (PlanFormatError, OSError):
        plan = None  # counted from the sessions, as without a plan
        unreadable = [*unreadable, f"plans/{fy}.json"]
    if anonymize:
        from facilitator.report.anonymized import anonymize_year, other_years
        from facilitator.text import body_key

        if body:  # chosen by its real name, before the names are hidden
            sessions = [s for s in sessions if body_key(s.body.name) == body_key(body)]
            body = None
        sessions = [s for s in sessions if in_year(s, fy)]
        sessions, plan, mask = anonymize_year(sessions, plan, known=other_years(store, sessions))
        unreadable = [mask(name) for name in unreadable]
    return build_year_report(sessions, fy, today, body=body, unreadable=unreadable, plan=plan)


def file_name(report: YearReport, fmt: str) -> str:
    """``活動報告_2026年度.md``: digits, no characters Windows refuses."""
    return f"活動報告_{report.fiscal_year}年度.{fmt}"


__all__ = ["FORMATS", "TO_STDOUT", "YearReport", "build_year_report", "file_name", "render", "report_from_store"]
