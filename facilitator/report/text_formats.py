"""The report as Markdown (a GFM table per section, then the lists) and as CSV (one row per
figure: 区分, 項目, one column per body, 合計 — for a spreadsheet)."""

from __future__ import annotations

import csv
import io

from facilitator.dates import format_date
from facilitator.export.csv import neutralise
from facilitator.export.markdown import escape_inline
from facilitator.i18n import t
from facilitator.report.figures import detail_lists, figure_sections
from facilitator.report.table_text import escaped_rows
from facilitator.report.year import YearReport


def header_lines(report: YearReport) -> list[str]:
    """The lines under the title: when, which year, which bodies, what could not be read."""
    lines = [t("report.made_on", date=format_date(report.today), year=report.year_label,
               start=report.fiscal_year, end=report.fiscal_year + 1)]
    if report.bodies:
        lines.append(t("report.bodies", names=t("report.idea_separator").join(b.name for b in report.bodies)))
    else:
        lines.append(t("report.no_bodies"))
    if report.unreadable:
        lines.append(t("report.unreadable", files=", ".join(report.unreadable)))
    lines.append(t("report.counting_note"))
    return lines


def _cell(text: str) -> str:
    """A table cell's text escaped, a newline as ``<br>`` (``escaped_rows`` writes an empty cell as " ")."""
    return escape_inline(text).replace("\n", "<br>")


def to_markdown(report: YearReport) -> str:
    out = [f"# {escape_inline(report.title)}", ""]
    out += [escape_inline(x) + "  " for x in header_lines(report)]
    out.append("")
    columns = [b.name for b in report.columns()]
    for section in figure_sections(report) if report.bodies else []:
        out += [f"## {escape_inline(section.heading)}", ""]
        out.append("| " + " | ".join([t("report.item"), *(escape_inline(c) for c in columns)]) + " |")
        out.append("|---|" + "|".join("---:" for _ in columns) + "|")
        for row in section.rows:
            label = "\u3000" * row.indent + escape_inline(row.label)
            out.append("| " + " | ".join([label, *(str(v) for v in row.values)]) + " |")
        out.append("")
    for lst in detail_lists(report) if report.bodies else []:
        out += [f"## {escape_inline(lst.heading)}", ""]
        if not lst.rows:
            out += [t("report.none"), ""]
            continue
        heads = [t("report.body_column"), *lst.columns]
        out.append("| " + " | ".join(escape_inline(h) for h in heads) + " |")
        out.append("|" + "|".join("---" for _ in heads) + "|")
        out.append("| " + escaped_rows(lst.rows, _cell, " | ", " |\n| ", empty=" ") + " |")
        out.append("")
    out += [t("report.made_by"), ""]
    return "\n".join(out)


def to_csv(report: YearReport) -> str:
    """Without the BOM (``render`` adds it). Body names and section names are user text: a cell
    that a spreadsheet would run as a formula gets a leading apostrophe (``export.csv.neutralise``)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([t("report.section_column"), t("report.item"),
                     *(neutralise(b.name) for b in report.columns())])
    for section in figure_sections(report) if report.bodies else []:
        for row in section.rows:
            writer.writerow([section.heading, neutralise(row.label), *row.values])
    return buf.getvalue()
