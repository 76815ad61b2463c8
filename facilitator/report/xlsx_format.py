"""The report as an Excel workbook: 集計 (the figures, one column per body and the total), then
one sheet per list. Through the minutes' workbook helper (``export.xlsx``): every text cell a
string, never a formula or a link; numbers as numbers."""

from __future__ import annotations

from facilitator.export.xlsx import _Book
from facilitator.i18n import t
from facilitator.report.figures import detail_lists, figure_sections
from facilitator.report.year import YearReport


def to_xlsx(report: YearReport) -> bytes:
    book = _Book(None)
    columns = [b.name for b in report.columns()]
    ws = book.sheet(t("report.sheet_figures"), (t("report.section_column"), t("report.item"), *columns),
                    (22, 34, *(16 for _ in columns)))
    r = 1
    for section in figure_sections(report) if report.bodies else []:
        for row in section.rows:
            book.row(ws, r, (section.heading, "\u3000" * row.indent + row.label, *row.values))
            r += 1
    for lst in detail_lists(report) if report.bodies else []:
        heads = (t("report.body_column"), *lst.columns)
        sheet = book.sheet(lst.heading, heads, (24, *(36 for _ in lst.columns)))
        for n, cells in enumerate(lst.rows, start=1):
            book.row(sheet, n, cells)
    return book.close()
