"""The report as one self-contained HTML file for A4: the figures as tables, the charts as inline
SVG (``svg.py``; no script), then the lists. Every text goes through ``html.escape``."""

from __future__ import annotations

import html

from facilitator.export.html import STYLE
from facilitator.i18n import language, t
from facilitator.report.figures import charts, detail_lists, figure_sections
from facilitator.report.svg import bar_chart
from facilitator.report.table_text import escaped_rows
from facilitator.report.text_formats import header_lines
from facilitator.report.year import YearReport

EXTRA_STYLE = """
td.n, th.n { text-align: right; white-space: nowrap; }
td.i1 { padding-left: 6mm; } td.i2 { padding-left: 10mm; }
figure { margin: 2mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 1mm; }
svg.chart text { font-family: inherit; }
""".strip()


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def to_html(report: YearReport) -> str:
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if language() == "en" else "ja"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(report.title)}</title>",
        f"<style>\n{STYLE}\n{EXTRA_STYLE}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(report.title)}</h1>",
    ]
    out += [f"<p>{esc(x)}</p>" for x in header_lines(report)]
    if report.bodies:
        columns = [b.name for b in report.columns()]
        drawn = charts(report)
        for section in figure_sections(report):
            out.append(f"<section><h2>{esc(section.heading)}</h2><table>")
            out.append("<thead><tr>" + f'<th scope="col">{esc(t("report.item"))}</th>'
                       + "".join(f'<th scope="col" class="n">{esc(c)}</th>' for c in columns) + "</tr></thead><tbody>")
            for row in section.rows:
                cls = f' class="i{row.indent}"' if row.indent else ""
                out.append(f"<tr><td{cls}>{esc(row.label)}</td>"
                           + "".join(f'<td class="n">{esc(v)}</td>' for v in row.values) + "</tr>")
            out.append("</tbody></table>")
            for chart in (c for c in drawn if c.section == section.key):
                out.append(f"<figure><figcaption>{esc(chart.title)}</figcaption>{bar_chart(chart)}</figure>")
            out.append("</section>")
        for lst in detail_lists(report):
            out.append(f"<section><h2>{esc(lst.heading)}</h2>")
            if not lst.rows:
                out.append(f'<p class="none">{esc(t("report.none"))}</p></section>')
                continue
            heads = [t("report.body_column"), *lst.columns]
            out.append("<table><thead><tr>" + "".join(f'<th scope="col">{esc(h)}</th>' for h in heads)
                       + "</tr></thead><tbody>")
            out.append("<tr><td>" + escaped_rows(lst.rows, html.escape, "</td><td>", "</td></tr>\n<tr><td>")
                       + "</td></tr>")
            out.append("</tbody></table></section>")
    out += [f"<footer>{esc(t('report.made_by'))}</footer>", "</body>", "</html>", ""]
    return "\n".join(out)
