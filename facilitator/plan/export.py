"""The year plan (``plan.year.YearPlan``: the plan made ahead and what happened) as files:
Markdown (a GFM table), CSV (UTF-8 with a BOM, for Excel), xlsx (XlsxWriter) and HTML (one
self-contained page, A4 landscape).

Nothing a person typed — a body's name, a theme, a 備考 — may run as a formula in a
spreadsheet: CSV cells (the headings too) get the leading ``'`` of ``export.csv.neutralise``;
xlsx cells are written as text cells (``write_string``, never a formula, number or link), also
prefixed the same way so a copy pasted from the sheet into another stays inert; HTML escapes
everything and prefixes the same cells, since Excel opens an HTML table as a sheet.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable

from facilitator.export.csv import neutralise
from facilitator.i18n import language, t
from facilitator.plan.year import MONTH_HEADING, NOTES_HEADING, YearPlan, cell_lines

FORMATS: tuple[str, ...] = ("md", "csv", "xlsx", "html")


def _table(plan: YearPlan) -> tuple[list[str], list[list[str]]]:
    """The headings and one row per month (年-月 first), cells as newline-joined lines, each
    line neutralised."""
    def cell(lines: Iterable[str]) -> str:
        return "\n".join(neutralise(x) for x in lines)

    headings = [MONTH_HEADING, *(neutralise(c.heading) for c in plan.columns), NOTES_HEADING]
    rows = [[f"{m.year}-{m.month:02d}", *(cell(cell_lines(c)) for c in m.cells), cell(m.notes)] for m in plan.months]
    return headings, rows


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
    headings, rows = _table(plan)
    writer.writerow(headings)
    writer.writerows(rows)
    return buf.getvalue()


def to_xlsx(plan: YearPlan) -> bytes:
    """One sheet, 年間計画: the months as rows, text cells only."""
    import xlsxwriter  # only when exporting (import time)

    from facilitator.export.xlsx import A4, FONT

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                                     "strings_to_urls": False})
    book.set_properties({"author": "kyogitai", "comments": ""})
    base = {"font_name": FONT, "font_size": 10.5, "valign": "top", "text_wrap": True}
    text = book.add_format(base)
    header = book.add_format({**base, "bold": True, "bg_color": "#EEEEEE", "border": 1})
    title = book.add_format({**base, "bold": True, "font_size": 14, "text_wrap": False})
    ws = book.add_worksheet(t("plan.sheet")[:31])
    headings, rows = _table(plan)
    ws.write_string(0, 0, neutralise(plan.title), title)
    ws.set_column(0, 0, 9, text)
    ws.set_column(1, len(headings) - 1, 30, text)
    for col, heading in enumerate(headings):
        ws.write_string(2, col, heading, header)
    for r, row in enumerate(rows, start=3):
        for col, value in enumerate(row):
            ws.write_string(r, col, value, text)
    ws.freeze_panes(3, 1)
    ws.set_paper(A4)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(2)
    book.close()
    return out.getvalue()


_STYLE = """
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "BIZ UDPGothic", "Yu Gothic", "游ゴシック", "Hiragino Sans", "Meiryo", "Noto Sans CJK JP",
  sans-serif; font-size: 10pt; line-height: 1.5; color: #000; background: #fff; margin: 0 auto; padding: 6mm; }
h1 { font-size: 15pt; margin: 0 0 3mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #444; padding: 1.5mm 2mm; vertical-align: top; text-align: left;
  white-space: pre-wrap; overflow-wrap: anywhere; }
th { background: #eee; }
tr { break-inside: avoid; page-break-inside: avoid; }
p.made { font-size: 8.5pt; color: #444; }
"""


def to_html(plan: YearPlan) -> str:
    """One page: the title, then the table (months as rows); everything escaped."""
    def esc(text: str) -> str:
        return html.escape(text, quote=True)

    headings, rows = _table(plan)
    month_labels = [m.label for m in plan.months]
    out = ["<!DOCTYPE html>", f'<html lang="{esc(language())}">', "<head>", '<meta charset="utf-8">',
           f"<title>{esc(plan.title)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
           f"<h1>{esc(plan.title)}</h1>", "<table>", "<thead><tr>"]
    out.append("".join(f"<th>{esc(h)}</th>" for h in headings))
    out.append("</tr></thead>")
    out.append("<tbody>")
    for label, row in zip(month_labels, rows):
        out.append("<tr>" + f"<th>{esc(label)}</th>" + "".join(f"<td>{esc(v)}</td>" for v in row[1:]) + "</tr>")
    out += ["</tbody>", "</table>", f'<p class="made">{esc(t("yearplan.made_by"))}</p>', "</body>", "</html>", ""]
    return "\n".join(out)


def export_year_plan(plan: YearPlan, fmt: str) -> bytes:
    """``md`` and ``html`` as UTF-8, ``csv`` as UTF-8 with a BOM (Excel on Japanese Windows), ``xlsx``."""
    if fmt == "md":
        return to_markdown(plan).encode("utf-8", "replace")
    if fmt == "csv":
        return to_csv(plan).encode("utf-8-sig", "replace")
    if fmt == "xlsx":
        return to_xlsx(plan)
    if fmt == "html":
        return to_html(plan).encode("utf-8", "replace")
    raise ValueError(t("yearplan.bad_format", format=repr(fmt), formats=" / ".join(FORMATS)))


def file_name(plan: YearPlan, fmt: str) -> str:
    """``年間計画_2026年度.md``: ASCII-safe digits, no characters Windows refuses."""
    return f"年間計画_{plan.fiscal_year}年度.{fmt}"
