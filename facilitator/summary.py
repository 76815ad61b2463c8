"""The minutes for the terminal (``kyogitai show ID``): a compact rich rendering.

Built from the same structure as the exported minutes (``facilitator.export.minutes``). User text
only ever reaches rich inside ``Text`` objects (never a markup string), so ``[bold]x[/]`` or a
stray ``[/]`` prints as typed; control characters are already stripped by the minutes builder.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

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
from facilitator.i18n import t
from facilitator.model import Session

HEADING_STYLE = "bold"
SUBHEADING_STYLE = "bold underline"
DIM = "dim"


def _fields(fields: Fields) -> RichTable:
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")  # a long value without spaces folds, never ends in 「…」
    for f in fields.fields:
        grid.add_row(Text(f.label), Text(f.value))
    return grid


def _hang(text: str, indent: str) -> str:
    """Continuation lines of multi-line user text, indented under the first."""
    return text.replace("\n", "\n" + indent)


def _item(item: Item, indent: str) -> list[RenderableType]:
    line = Text(indent + t("minutes.bullet"))
    line.append(_hang(item.text, indent + "  "))
    if item.speaker:
        line.append(t("minutes.speaker", name=item.speaker), style=DIM)
    for tag in item.tags:
        text = t("minutes.tag", tag=tag)
        if not text.startswith(" "):
            line.append(" ")
        line.append(text, style="bold")
    out: list[RenderableType] = [line]
    sep = t("minutes.label_separator") if item.details else ""
    for d in item.details:
        detail = Text(indent + "    ", style=DIM)
        detail.append(f"{d.label}{sep}")
        detail.append(_hang(d.value, indent + "    "))
        out.append(detail)
    return out


def _cell(cell: Cell) -> Text:
    text = Text()
    if cell.badge:
        text.append(t("minutes.badge", badge=cell.badge), style="bold reverse")
    text.append(cell.text)
    for line in cell.lines:
        text.append("\n")
        text.append(line, style=DIM)
    return text


def _table(table: Table) -> RichTable:
    grid = RichTable(box=box.SQUARE, show_lines=True, expand=table.role == "board", pad_edge=True)
    for c in table.columns:
        grid.add_column(Text(c), ratio=1 if table.role == "board" else None, overflow="fold")
    for row in table.rows:
        grid.add_row(*(_cell(c) for c in row))
    return grid


def _blocks(blocks: tuple[Block, ...], indent: str) -> list[RenderableType]:
    out: list[RenderableType] = []
    for block in blocks:
        if isinstance(block, Subsection):
            out.append(Text(indent + block.heading, style=SUBHEADING_STYLE))
            out.extend(_blocks(block.blocks, indent + "  "))
        elif isinstance(block, Paragraph):
            out.append(Text(indent + _hang(block.text, indent), style=DIM if block.empty else ""))
        elif isinstance(block, ItemList):
            for item in block.items:
                out.extend(_item(item, indent))
        elif isinstance(block, Fields):
            out.append(Padding(_fields(block), (0, 0, 0, len(indent))))
        elif isinstance(block, Table):
            out.append(Padding(_table(block), (0, 0, 0, len(indent))))
        else:  # pragma: no cover - a new block type without a renderer
            raise TypeError(type(block).__name__)
    return out


def render(minutes: Minutes) -> RenderableType:
    parts: list[RenderableType] = [
        Panel(_fields(minutes.header), title=Text(minutes.title, style="bold"), title_align="left",
              box=box.ROUNDED)
    ]
    for section in minutes.sections:
        body = _blocks(section.blocks, "  ")
        heading = Text("■ " + section.heading, style=HEADING_STYLE)
        if len(body) == 1 and isinstance(section.blocks[0], Paragraph) and section.blocks[0].empty:
            # 「なし」 on the heading's own line keeps the summary compact.
            heading.append("  ")
            heading.append(section.blocks[0].text, style=DIM)
            body = []
        parts.append(Text(""))
        parts.append(heading)
        parts.extend(body)
    if minutes.footer:
        parts += [Text(""), Text(minutes.footer, style=DIM)]
    return Group(*parts)


def render_summary(session: Session, previous: Session | None = None) -> RenderableType:
    """The session's minutes as a rich renderable, for ``kyogitai show``."""
    return render(build_minutes(session, previous))
