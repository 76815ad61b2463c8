"""Minutes as a Word document (.docx), from the same structure as the Markdown and HTML minutes.

Needs python-docx, in the optional ``office`` extra (``uv run --extra office kyogitai export ID
--format docx``); without it ``to_docx`` raises ``OfficeMissing`` (a ValueError: one line at the
command line saying how to install it). The rest of the app never imports it.

The document is A4 portrait, in Japanese fonts set for East Asian text (w:eastAsia) as well as
Latin: 游明朝 for the body, 游ゴシック for headings and table headers (both ship with Windows
8.1+ and with Word for Mac; Word substitutes MS 明朝 / MS ゴシック elsewhere), the language marked
ja-JP so Word applies Japanese line breaking. Sections are Heading 1 (they show in Word's
navigation pane), sub-sections Heading 2, lists are bulleted, tables have a repeated, shaded
header row; the あるもの/ないもの board is a three-column table of equal widths. User text goes in
as text (python-docx escapes it for XML); characters XML cannot hold are replaced. In English
(``facilitator.i18n``) the words and punctuation are English and the Latin language is en-US; the
fonts and the East Asian language stay Japanese (names and places are).
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone
from typing import Any

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
from facilitator.i18n import DEFAULT, catalogue, language, t
from facilitator.model import Session

__all__ = ["OfficeMissing", "to_docx", "BODY_FONT", "HEADING_FONT"]

BODY_FONT = "游明朝"
HEADING_FONT = "游ゴシック"
# What OfficeMissing says in Japanese (the default language); it says it in the language in use.
INSTALL_HINT = catalogue(DEFAULT)["export.cli_docx_missing"]
# What XML 1.0 cannot hold (after for_display there should be none left but these).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class OfficeMissing(ValueError):
    """python-docx is not installed."""


def _x(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


class _Writer:
    def __init__(self) -> None:
        try:
            import docx
            from docx.enum.section import WD_ORIENT
            from docx.enum.text import WD_ALIGN_PARAGRAPH
            from docx.oxml import OxmlElement
            from docx.oxml.ns import qn
            from docx.shared import Mm, Pt, RGBColor
        except ImportError:
            raise OfficeMissing(t("export.cli_docx_missing")) from None
        self.lang = "en-US" if language() == "en" else "ja-JP"
        self.qn = qn
        self.OxmlElement = OxmlElement
        self.Pt, self.Mm, self.RGBColor = Pt, Mm, RGBColor
        self.CENTER = WD_ALIGN_PARAGRAPH.CENTER
        self.doc = docx.Document()
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(20))
        self.text_width = section.page_width - section.left_margin - section.right_margin
        self._styles()

    # -- fonts and styles -------------------------------------------------------------------
    def _fonts(self, style_or_run: Any, name: str) -> None:
        """Latin and East Asian font of a style or a run."""
        style_or_run.font.name = name
        rpr = style_or_run.element.get_or_add_rPr()
        rfonts = rpr.get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(self.qn(attr), name)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(self.qn(attr), None)  # a theme font would win over the name

    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        self._fonts(normal, BODY_FONT)
        normal.font.size = self.Pt(10.5)
        normal.paragraph_format.space_after = self.Pt(2)
        # Japanese text: language ja-JP in the document defaults.
        rpr_default = self.doc.styles.element.find(self.qn("w:docDefaults"))
        if rpr_default is not None:
            rpr = rpr_default.find(f"{self.qn('w:rPrDefault')}/{self.qn('w:rPr')}")
            if rpr is not None:
                lang = rpr.find(self.qn("w:lang"))
                if lang is None:
                    lang = self.OxmlElement("w:lang")
                    rpr.append(lang)
                lang.set(self.qn("w:val"), self.lang)
                lang.set(self.qn("w:eastAsia"), "ja-JP")
        black = self.RGBColor(0, 0, 0)
        for name, size in (("Title", 16), ("Heading 1", 13), ("Heading 2", 11.5), ("Heading 3", 10.5)):
            style = styles[name]
            self._fonts(style, HEADING_FONT)
            style.font.size = self.Pt(size)
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = black
        styles["Title"].paragraph_format.alignment = self.CENTER
        styles["Heading 1"].paragraph_format.space_before = self.Pt(12)
        styles["Heading 2"].paragraph_format.space_before = self.Pt(6)
        for name in ("List Bullet", "Table Grid"):
            self._fonts(styles[name], BODY_FONT)

    # -- blocks -----------------------------------------------------------------------------
    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(_x(text), level=level)

    def paragraph(self, text: str, *, empty: bool = False, size: float | None = None) -> Any:
        p = self.doc.add_paragraph()
        run = p.add_run(_x(text))
        if empty:
            run.font.color.rgb = self.RGBColor(0x44, 0x44, 0x44)
        if size:
            run.font.size = self.Pt(size)
        return p

    def fields(self, block: Fields) -> None:
        table = self.doc.add_table(rows=0, cols=2)
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        widths = [self.Mm(32), self.text_width - self.Mm(32)]
        for f in block.fields:
            row = table.add_row()
            self._keep_row_together(row)
            label, value = row.cells
            self._cell_text(label, f.label, bold=True, shade=True)
            self._cell_text(value, f.value)
        self._set_widths(table, widths)
        self.doc.add_paragraph()

    def item_list(self, block: ItemList) -> None:
        for item in block.items:
            self._item(item)

    def _item(self, item: Item) -> None:
        p = self.doc.add_paragraph(style="List Bullet")
        p.add_run(_x(item.text))
        if item.speaker:
            who = p.add_run(_x(t("minutes.speaker", name=item.speaker)))
            who.font.color.rgb = self.RGBColor(0x33, 0x33, 0x33)
        for tag in item.tags:
            p.add_run(_x(t("minutes.word_tag", tag=tag))).font.size = self.Pt(9)
        sep = t("minutes.label_separator")
        for detail in item.details:
            run = p.add_run()
            run.add_break()
            detail_run = p.add_run(_x(f"{detail.label}{sep}{detail.value}"))
            detail_run.font.size = self.Pt(9.5)

    def table(self, block: Table) -> None:
        columns = len(block.columns)
        table = self.doc.add_table(rows=1, cols=columns)
        table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        header = table.rows[0]
        self._repeat_header(header)
        for cell, heading in zip(header.cells, block.columns):
            self._cell_text(cell, heading, bold=True, shade=True, center=block.role == "board")
        for row_cells in block.rows:
            row = table.add_row()
            self._keep_row_together(row)
            for cell, content in zip(row.cells, row_cells):
                self._cell(cell, content)
        self._set_widths(table, self._widths(block))
        self.doc.add_paragraph()

    @staticmethod
    def _set_widths(table: Any, widths: list[int]) -> None:
        """Column widths both in the grid (LibreOffice, Google Docs) and on every cell (Word)."""
        for column, width in zip(table.columns, widths):
            column.width = width
        for row in table.rows:
            for cell, width in zip(row.cells, widths):
                cell.width = width

    def _widths(self, block: Table) -> list[int]:
        n = len(block.columns)
        total = int(self.text_width)
        if block.role == "board" or n not in (3, 4):
            return [total // n] * n
        # 要望 | 提案者 | 担当課 and 内容 | 担当 | 期限 | 状況: the first column takes the room.
        shares = {3: (0.6, 0.2, 0.2), 4: (0.5, 0.17, 0.16, 0.17)}[n]
        return [int(total * s) for s in shares]

    def _repeat_header(self, row: Any) -> None:
        self._row_flag(row, "w:tblHeader")
        self._row_flag(row, "w:cantSplit")

    def _keep_row_together(self, row: Any) -> None:
        """A card or a field is never cut in two by a page break."""
        self._row_flag(row, "w:cantSplit")

    def _row_flag(self, row: Any, tag: str) -> None:
        flag = self.OxmlElement(tag)
        flag.set(self.qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(flag)

    def _shade(self, cell: Any) -> None:
        tc_pr = cell._tc.get_or_add_tcPr()
        shd = self.OxmlElement("w:shd")
        shd.set(self.qn("w:val"), "clear")
        shd.set(self.qn("w:color"), "auto")
        shd.set(self.qn("w:fill"), "EEEEEE")
        tc_pr.append(shd)

    def _cell_text(self, cell: Any, text: str, *, bold: bool = False, shade: bool = False,
                   center: bool = False) -> None:
        p = cell.paragraphs[0]
        run = p.add_run(_x(text))
        run.bold = bold
        if bold:
            self._fonts(run, HEADING_FONT)
        if center:
            p.alignment = self.CENTER
        if shade:
            self._shade(cell)

    def _cell(self, cell: Any, content: Cell) -> None:
        p = cell.paragraphs[0]
        if content.badge:
            badge = p.add_run(_x(t("minutes.badge", badge=content.badge)))
            badge.bold = True
        if content.text:
            p.add_run(_x(content.text))
        for line in content.lines:
            sub = cell.add_paragraph()
            run = sub.add_run(_x(line))
            run.font.size = self.Pt(9)

    def block(self, block: Block, level: int) -> None:
        if isinstance(block, Fields):
            self.fields(block)
        elif isinstance(block, Paragraph):
            self.paragraph(block.text, empty=block.empty)
        elif isinstance(block, ItemList):
            self.item_list(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Subsection):
            self.heading(block.heading, min(level + 1, 3))
            for inner in block.blocks:
                self.block(inner, level + 1)
        else:  # pragma: no cover - a new block type without a renderer
            raise TypeError(type(block).__name__)

    def page_footer(self, text: str) -> None:
        """記録ID on the left of every page's footer, the page number after it."""
        footer = self.doc.sections[0].footer
        p = footer.paragraphs[0]
        run = p.add_run(_x(t("minutes.word_footer", footer=text)))
        run.font.size = self.Pt(8)
        field = self.OxmlElement("w:fldSimple")
        field.set(self.qn("w:instr"), "PAGE")
        p._p.append(field)

    def minutes(self, m: Minutes, updated: datetime | None) -> bytes:
        props = self.doc.core_properties
        props.title = _x(m.title)[:255]  # the core property's limit: a longer title raised ValueError
        props.subject = t("minutes.word_subject")
        props.author = "kyogitai"
        props.last_modified_by = "kyogitai"
        props.comments = ""
        props.keywords = ""
        props.category = ""
        props.language = self.lang
        if updated is not None:
            props.created = props.modified = updated
        self.doc.add_paragraph(_x(m.title), style="Title")
        self.fields(m.header)
        for section in m.sections:
            self.heading(section.heading, 1)
            for block in section.blocks:
                self.block(block, 1)
        if m.footer:
            self.paragraph(m.footer, empty=True, size=8.5)
            self.page_footer(m.footer)
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _updated(session: Session) -> datetime | None:
    try:
        return datetime.fromisoformat(session.updated_at).astimezone(timezone.utc).replace(tzinfo=None)
    except ValueError:
        return None


def render(minutes: Minutes, updated: datetime | None = None) -> bytes:
    """Any document in the minutes' structure (the hand-over too) as .docx bytes."""
    return _Writer().minutes(minutes, updated)


def to_docx(session: Session, previous: Session | None = None) -> bytes:
    """The minutes of ``session`` as .docx bytes. Raises OfficeMissing without python-docx."""
    writer = _Writer()
    return writer.minutes(build_minutes(session, previous), _updated(session))
