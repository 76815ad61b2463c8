"""The session as an Excel workbook (.xlsx), for a town office that keeps its records in Excel.

Five sheets, headed in the UI language: 議事録 (the same minutes as Markdown, HTML and Word, one
block per row), アイデア (the ideas, the CSV's columns), 宿題, 託したこと and ボード. Every sheet has
its header row frozen and bold, columns wide enough to read, wrapped text aligned to the top, and
prints on A4 fitted to the page width.

Written with XlsxWriter (pure Python, no dependencies, write-only and small: it goes into the
offline ``kyogitai.pyz``). Every text cell is written as a string (``write_string``) in a workbook
whose string-to-formula, -number and -URL conversions are off: text someone typed
(``=HYPERLINK(…)``, ``+81…``, ``@…``) is kept as typed and never becomes a formula or a link.
The workbook's dates are the session's ``updated_at``: the same session gives the same bytes.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from typing import Any

import xlsxwriter

from facilitator.board import category_label, department_label, meaning_label
from facilitator.export.csv import columns as idea_columns
from facilitator.export.csv import idea_rows
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
from facilitator.export.minutes.record import homework_status
from facilitator.export.minutes.sections import BOARD_COLUMN_LABELS
from facilitator.export.minutes.wording import due_text, shown, shown_line
from facilitator.i18n import t
from facilitator.meeting import HANDOFF_STATUS_LABELS
from facilitator.meeting.followup import handoff_status
from facilitator.model import Session, find

FONT = "游ゴシック"  # Japanese text in a Japanese font (Excel for Windows and Mac have it)
A4 = 9  # Excel's paper size code


class _Book:
    def __init__(self, updated: datetime | None) -> None:
        self.out = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.out, {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        })
        props: dict[str, Any] = {"author": "kyogitai", "comments": ""}
        if updated is not None:
            props["created"] = updated
        self.book.set_properties(props)
        base = {"font_name": FONT, "font_size": 10.5, "valign": "top", "text_wrap": True}
        self.text = self.book.add_format(base)
        self.number = self.book.add_format({**base, "align": "right"})
        self.header = self.book.add_format({**base, "bold": True, "bg_color": "#EEEEEE", "border": 1})
        self.title = self.book.add_format({**base, "bold": True, "font_size": 14})
        self.heading = self.book.add_format({**base, "bold": True, "font_size": 12, "bottom": 1})
        self.subheading = self.book.add_format({**base, "bold": True})
        self.label = self.book.add_format({**base, "bold": True, "font_color": "#333333"})

    def sheet(self, name: str, headers: tuple[str, ...], widths: tuple[float, ...]) -> Any:
        ws = self.book.add_worksheet(name[:31])  # Excel's limit on a sheet name
        for col, width in enumerate(widths):
            ws.set_column(col, col, width, self.text)
        for col, heading in enumerate(headers):
            ws.write_string(0, col, heading, self.header)
        ws.freeze_panes(1, 0)
        ws.set_paper(A4)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        return ws

    def row(self, ws: Any, r: int, values: tuple[str | int, ...]) -> None:
        for col, value in enumerate(values):
            if isinstance(value, int):
                ws.write_number(r, col, value, self.number)
            else:
                ws.write_string(r, col, value, self.text)

    def close(self) -> bytes:
        self.book.close()
        return self.out.getvalue()


# -- 議事録: the minutes, one block per row --------------------------------------------------


def _item_text(item: Item) -> str:
    text = item.text
    if item.speaker:
        text += t("minutes.speaker", name=item.speaker)
    text += "".join(t("minutes.tag", tag=tag) for tag in item.tags)
    sep = t("minutes.label_separator")
    lines = [text, *(f"{d.label}{sep}{d.value}" for d in item.details)]
    return "\n".join(x for x in lines if x)


def _cell_text(cell: Cell) -> str:
    first = t("minutes.badge", badge=cell.badge) + cell.text if cell.badge else cell.text
    return "\n".join(x for x in (first, *cell.lines) if x)


class _MinutesSheet:
    def __init__(self, book: _Book, minutes: Minutes) -> None:
        self.book = book
        self.ws = book.sheet(t("xlsx.sheet_minutes"), (), (18, 62, 16, 16, 16))
        self.ws.set_row(0, 24, book.title)
        self.ws.merge_range(0, 0, 0, 4, minutes.title, book.title)
        self.r = 1
        self.fields(minutes.header)
        for section in minutes.sections:
            self.r += 1
            self.ws.merge_range(self.r, 0, self.r, 4, section.heading, book.heading)
            self.r += 1
            self.blocks(section.blocks)
        if minutes.footer:
            self.r += 1
            self.ws.write_string(self.r, 0, minutes.footer, book.text)

    def fields(self, block: Fields) -> None:
        for f in block.fields:
            self.ws.write_string(self.r, 0, f.label, self.book.label)
            self.ws.merge_range(self.r, 1, self.r, 4, f.value, self.book.text)
            self.r += 1

    def blocks(self, blocks: tuple[Block, ...]) -> None:
        for block in blocks:
            if isinstance(block, Fields):
                self.fields(block)
            elif isinstance(block, Paragraph):
                self.ws.merge_range(self.r, 1, self.r, 4, block.text, self.book.text)
                self.r += 1
            elif isinstance(block, ItemList):
                for item in block.items:
                    self.ws.merge_range(self.r, 1, self.r, 4, _item_text(item), self.book.text)
                    self.r += 1
            elif isinstance(block, Table):
                for col, heading in enumerate(block.columns):
                    self.ws.write_string(self.r, 1 + col, heading, self.book.header)
                self.r += 1
                for cells in block.rows:
                    for col, cell in enumerate(cells):
                        self.ws.write_string(self.r, 1 + col, _cell_text(cell), self.book.text)
                    self.r += 1
            elif isinstance(block, Subsection):
                self.ws.write_string(self.r, 1, block.heading, self.book.subheading)
                self.r += 1
                self.blocks(block.blocks)
            else:  # pragma: no cover - a new block type without a renderer
                raise TypeError(type(block).__name__)


# -- the lists ----------------------------------------------------------------------------------


def _homework(book: _Book, session: Session) -> None:
    ws = book.sheet(t("xlsx.sheet_homework"), (
        t("xlsx.task"), t("xlsx.owner"), t("xlsx.due"), t("xlsx.status"), t("xlsx.carried")), (48, 18, 20, 24, 10))
    for r, hw in enumerate(session.homework, start=1):
        carried = t("xlsx.yes") if hw.from_session else ""
        book.row(ws, r, (shown(hw.text), shown_line(hw.owner), due_text(hw.due), homework_status(hw), carried))


def _handoffs(book: _Book, session: Session) -> None:
    ws = book.sheet(t("xlsx.sheet_handoffs"), (
        t("xlsx.action"), t("xlsx.ideas"), t("xlsx.contact"), t("xlsx.due"), t("xlsx.status"), t("xlsx.result"),
        t("xlsx.carried")), (40, 40, 18, 18, 12, 36, 10))
    for r, h in enumerate(session.handoffs, start=1):
        ideas = [shown(i.text) for i in (find(session.ideas, ref) for ref in h.idea_ids) if i is not None]
        carried = t("xlsx.yes") if h.from_session else ""
        book.row(ws, r, (shown(h.action), "\n".join(ideas), shown_line(h.contact), due_text(h.due),
                         HANDOFF_STATUS_LABELS[handoff_status(h)], shown(h.result), carried))


def _board(book: _Book, session: Session) -> None:
    ws = book.sheet(t("xlsx.sheet_board"), (
        t("xlsx.column"), t("xlsx.card"), t("xlsx.category"), t("xlsx.meanings"), t("xlsx.sorted"),
        t("xlsx.links"), t("xlsx.new")), (22, 40, 12, 24, 26, 36, 8))
    order = {key: n for n, key in enumerate(BOARD_COLUMN_LABELS)}
    items = sorted(session.board.items, key=lambda i: order.get(i.column, len(order)))
    new_here = session.previous_session is not None
    for r, item in enumerate(items, start=1):
        sorted_to = ""
        if item.solvable == "ourselves":
            sorted_to = t("minutes.ourselves")
        elif item.solvable == "municipality" or shown_line(item.department):
            sorted_to = shown_line(department_label(item.department))
        links = [shown_line(c.text) for c in (find(session.board.items, x) for x in item.links) if c is not None]
        book.row(ws, r, (
            BOARD_COLUMN_LABELS.get(item.column, item.column),
            shown(item.text),
            category_label(shown_line(item.category)) if shown_line(item.category) else "",
            t("minutes.meaning_separator").join(meaning_label(m) for m in (shown_line(x) for x in item.meanings) if m),
            sorted_to,
            t("minutes.link_separator").join(links),
            t("minutes.new_badge") if new_here and item.since == session.id else "",
        ))


def _updated(session: Session) -> datetime | None:
    try:
        return datetime.fromisoformat(session.updated_at).astimezone(timezone.utc).replace(tzinfo=None)
    except ValueError:
        return None


def to_xlsx(session: Session, previous: Session | None = None) -> bytes:
    """The workbook's bytes: 議事録, アイデア, 宿題, 託したこと, ボード."""
    book = _Book(_updated(session))
    _MinutesSheet(book, build_minutes(session, previous))
    ideas = book.sheet(t("xlsx.sheet_ideas"), idea_columns(), (20, 12, 20, 20, 16, 48, 16, 8, 12, 16))
    for r, row in enumerate(idea_rows(session), start=1):
        book.row(ideas, r, row)
    _homework(book, session)
    _handoffs(book, session)
    _board(book, session)
    return book.close()
