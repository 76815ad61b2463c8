"""Minutes as one self-contained HTML file, ready to print on A4.

No external resources (inline ``<style>``, no scripts, no fonts to fetch). Printed, every page
has its number and the page count at the foot (a CSS ``@page`` margin box, as Chromium prints it). Every piece of text —
user text and our own labels alike — goes through ``html.escape(..., quote=True)``; the minutes
structure already stripped control characters (``text.for_display``). Newlines in user text are
kept and shown with ``white-space: pre-wrap``, so the markup itself carries no whitespace inside
the elements that use it. The document's language (``<html lang>``) and the minutes' own
punctuation follow the language in use (``facilitator.i18n``).
"""

from __future__ import annotations

import html

from facilitator.export.minutes import (
    Block,
    Cell,
    Fields,
    Item,
    ItemList,
    Minutes,
    Paragraph,
    Subsection,
    Table,
    build_minutes,
)
from facilitator.i18n import language, t
from facilitator.model import Session

STYLE = """
@page {
  size: A4; margin: 15mm 15mm 18mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8.5pt; color: #444; }
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  font-family: "BIZ UDPGothic", "BIZ UDゴシック", "Yu Gothic", "YuGothic", "游ゴシック",
    "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Meiryo", "メイリオ",
    "Noto Sans CJK JP", "Noto Sans JP", sans-serif;
  font-size: 10.5pt; line-height: 1.6; color: #000; background: #fff;
  max-width: 180mm; margin: 0 auto; padding: 8mm 0;
}
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; padding-bottom: 2mm;
  border-bottom: 2px solid #000; }
h2 { font-size: 12.5pt; margin: 6mm 0 2mm; padding: 1mm 2mm; border-left: 5px solid #333;
  border-bottom: 1px solid #999; }
h3 { font-size: 11pt; margin: 3mm 0 1mm; }
h4 { font-size: 10.5pt; margin: 2mm 0 1mm; }
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
p, li, td, th, dd, dt, h1, h2, h3, h4 { white-space: pre-wrap; overflow-wrap: anywhere; }
ul, ol, table, thead, tbody, tr, dl { white-space: normal; }
p { margin: 1mm 0; }
ul { margin: 1mm 0; padding-left: 6mm; }
ul.details { list-style: none; padding-left: 3mm; color: #222; font-size: 9.5pt; }
li { margin: 0.5mm 0; break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; }
th, td { border: 1px solid #444; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
th { background: #eee; font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.meta th { width: 1%; white-space: nowrap; }
section > table.meta { break-after: avoid; page-break-after: avoid; }
table.board { table-layout: fixed; }
table.board th { text-align: center; width: 33.3%; }
.sub { font-size: 9pt; color: #333; }
.who { color: #333; }
.tag { display: inline-block; margin-left: 1.5mm; padding: 0 1.2mm; border: 1px solid #666;
  border-radius: 1mm; font-size: 8.5pt; line-height: 1.4; }
.badge { display: inline-block; margin-right: 1mm; padding: 0 1mm; border: 1.5px solid #000;
  font-weight: bold; font-size: 8.5pt; line-height: 1.4; }
.none { color: #444; }
footer { margin-top: 8mm; padding-top: 2mm; border-top: 1px solid #999; font-size: 8.5pt;
  color: #444; }
@media print { body { max-width: none; padding: 0; } }
""".strip()


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def _cell(cell: Cell, tag: str = "td") -> str:
    parts = []
    if cell.text or cell.badge:
        badge = f'<span class="badge">{esc(cell.badge)}</span>' if cell.badge else ""
        parts.append(f"<div>{badge}{esc(cell.text)}</div>")
    parts.extend(f'<div class="sub">{esc(line)}</div>' for line in cell.lines)
    return f"<{tag}>{''.join(parts)}</{tag}>"


def _table(table: Table) -> list[str]:
    cls = ' class="board"' if table.role == "board" else ""
    out = [f"<table{cls}>", "<thead><tr>" + "".join(f'<th scope="col">{esc(c)}</th>' for c in table.columns)
           + "</tr></thead>", "<tbody>"]
    for row in table.rows:
        out.append("<tr>" + "".join(_cell(c) for c in row) + "</tr>")
    out += ["</tbody>", "</table>"]
    return out


def _item(item: Item) -> str:
    out = [f"<li>{esc(item.text)}"]
    if item.speaker:
        out.append(f'<span class="who">{esc(t("minutes.speaker", name=item.speaker))}</span>')
    out.extend(f'<span class="tag">{esc(tag)}</span>' for tag in item.tags)
    if item.details:
        sep = esc(t("minutes.label_separator"))
        out.append('<ul class="details">')
        out.extend(f"<li>{esc(d.label)}{sep}{esc(d.value)}</li>" for d in item.details)
        out.append("</ul>")
    out.append("</li>")
    return "".join(out)


def _fields(fields: Fields, cls: str = "meta") -> list[str]:
    out = [f'<table class="{cls}">', "<tbody>"]
    out.extend(f'<tr><th scope="row">{esc(f.label)}</th><td>{esc(f.value)}</td></tr>' for f in fields.fields)
    out += ["</tbody>", "</table>"]
    return out


def _blocks(blocks: tuple[Block, ...], level: int) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Subsection):
            out.append(f"<h{level}>{esc(block.heading)}</h{level}>")
            out.extend(_blocks(block.blocks, min(level + 1, 6)))
        elif isinstance(block, Paragraph):
            cls = ' class="none"' if block.empty else ""
            out.append(f"<p{cls}>{esc(block.text)}</p>")
        elif isinstance(block, ItemList):
            out.append("<ul>")
            out.extend(_item(i) for i in block.items)
            out.append("</ul>")
        elif isinstance(block, Fields):
            out.extend(_fields(block))
        elif isinstance(block, Table):
            out.extend(_table(block))
        else:  # pragma: no cover - a new block type without a renderer
            raise TypeError(type(block).__name__)
    return out


def render(minutes: Minutes) -> str:
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if language() == "en" else "ja"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(minutes.title)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{esc(minutes.title)}</h1>",
        *_fields(minutes.header),
        "</header>",
    ]
    for section in minutes.sections:
        out.append(f'<section id="{esc(section.key)}">')
        out.append(f"<h2>{esc(section.heading)}</h2>")
        out.extend(_blocks(section.blocks, 3))
        out.append("</section>")
    if minutes.footer:
        out.append(f"<footer>{esc(minutes.footer)}</footer>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


def to_html(session: Session, previous: Session | None = None) -> str:
    """The minutes of ``session`` as a self-contained, printable HTML document."""
    return render(build_minutes(session, previous))
