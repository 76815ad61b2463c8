"""Minutes as Markdown (CommonMark + GFM tables): ``#`` title, ``##`` per section.

User text never changes the document's structure: Markdown punctuation is backslash-escaped
(``\\ ` * _ [ ] < > | ~`` and entity-like ``&``), a line that could open a block (heading, list,
quote, fence, setext underline, ordered list, indented code) is neutralised, continuation lines
are indented under their list item, and table cells turn newlines into ``<br>``. No line ends in a
hard-break backslash: each line of free text (総評, notes) is a paragraph of its own, and a list
item's further lines are lines of the same item. The minutes' own
punctuation (（speaker）, 〔tag〕, ：) is the catalogue's, in the language in use, escaped like text.
"""

from __future__ import annotations

import re

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

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_BLOCK_START = "#-+=>"  # ">" is already escaped inline; the rest only matter at a line start
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85]")


def escape_inline(text: str) -> str:
    """Backslash-escape the characters that carry inline (or table) meaning."""
    if _INLINE.search(text):  # most text has none: searching is ten times cheaper than sub
        text = _INLINE.sub(r"\\\1", text)
    return _ENTITY.sub(r"\\&", text) if "&" in text else text


def _escape_line(line: str) -> str:
    """One line of user text, safe wherever a line starts (leading spaces dropped: they
    would make an indented code block)."""
    line = escape_inline(line.lstrip(" \t"))
    if line and line[0] in _BLOCK_START:
        return "\\" + line
    if line[:1].isdigit():  # str.isdigit is wider than \d: only then can _ORDERED match
        return _ORDERED.sub(r"\1\\\2", line)
    return line


def _lines(text: str) -> list[str]:
    """The non-blank lines of ``text``, each escaped."""
    if "\r" in text or "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = _LINE_BREAKS.sub("\n", text)
    return [e for e in (_escape_line(x) for x in text.split("\n")) if e]


def _one_line(text: str) -> str:
    return " ".join(_lines(text))


def _flow(lines: list[str], first: str, indent: str) -> list[str]:
    """Lines of one item, the first after ``first``, the others indented by ``indent`` so they
    stay inside their list item (continuation lines of its paragraph)."""
    if not lines:
        return [first.rstrip()]
    return [first + lines[0], *(indent + x for x in lines[1:])]


_HOLE = "\x00"  # never in display text (for_display drops it): where the user text goes


def _frame(text: str) -> tuple[str, str]:
    """The catalogue's text before and after ``_HOLE`` (「〔」「〕」 for a tag), escaped."""
    before, _, after = text.partition(_HOLE)
    return escape_inline(before), escape_inline(after)


def _sep() -> str:
    return escape_inline(t("minutes.label_separator"))


def _cell(cell: Cell) -> str:
    parts = _lines(cell.text)
    if cell.badge:
        parts.insert(0, escape_inline(t("minutes.badge", badge=cell.badge)) + (parts.pop(0) if parts else ""))
    for extra in cell.lines:
        parts.extend(_lines(extra))
    return "<br>".join(parts) or " "


def _table(table: Table) -> list[str]:
    out = ["| " + " | ".join(escape_inline(c) for c in table.columns) + " |"]
    out.append("|" + "|".join(" --- " for _ in table.columns) + "|")
    for row in table.rows:
        out.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return out


def _item(item: Item) -> list[str]:
    lines = _lines(item.text)
    tail = ""
    if item.speaker:
        before, after = _frame(t("minutes.speaker", name=_HOLE))
        tail += before + _one_line(item.speaker) + after
    if item.tags:
        before, after = _frame(t("minutes.tag", tag=_HOLE))
        tail += "".join(before + _one_line(tag) + after for tag in item.tags)
    if tail:
        if lines:
            lines[-1] += tail
        else:
            lines = [tail]
    out = _flow(lines, "- ", "  ")
    sep = _sep() if item.details else ""
    for d in item.details:
        out.extend(_flow(_lines(d.value), f"  - {escape_inline(d.label)}{sep}", "    "))
    return out


def _fields(fields: Fields) -> list[str]:
    out: list[str] = []
    sep = _sep()
    for f in fields.fields:
        out.extend(_flow(_lines(f.value), f"- {escape_inline(f.label)}{sep}", "  "))
    return out


def _paragraph(p: Paragraph) -> list[str]:
    """Each line of the text a paragraph of its own (blank lines between): read as typed, in the
    file and rendered."""
    out: list[str] = []
    for line in _lines(p.text):
        if out:
            out.append("")
        out.append(line)
    return out


def _heading(level: int, text: str) -> str:
    """A heading: one line; every ``#`` escaped (a trailing run would close the heading)."""
    words = " ".join(x.strip() for x in _LINE_BREAKS.sub("\n", text).split("\n") if x.strip())
    return "#" * level + " " + escape_inline(words).replace("#", "\\#")


def _blocks(blocks: tuple[Block, ...], level: int) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if out:
            out.append("")
        if isinstance(block, Subsection):
            out.append(_heading(level, block.heading))
            out.append("")
            out.extend(_blocks(block.blocks, level + 1))
        elif isinstance(block, Paragraph):
            out.extend(_paragraph(block))
        elif isinstance(block, ItemList):
            for item in block.items:
                out.extend(_item(item))
        elif isinstance(block, Fields):
            out.extend(_fields(block))
        elif isinstance(block, Table):
            out.extend(_table(block))
        else:  # pragma: no cover - a new block type without a renderer
            raise TypeError(type(block).__name__)
    return out


def render(minutes: Minutes) -> str:
    out = [_heading(1, minutes.title), ""]
    out.extend(_fields(minutes.header))
    for section in minutes.sections:
        out += ["", _heading(2, section.heading), ""]
        out.extend(_blocks(section.blocks, 3))
    if minutes.footer:
        out += ["", "---", "", escape_inline(minutes.footer)]
    return "\n".join(out) + "\n"


def to_markdown(session: Session, previous: Session | None = None) -> str:
    """The minutes of ``session`` as a Markdown document."""
    return render(build_minutes(session, previous))
