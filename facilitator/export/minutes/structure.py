"""The minutes as a neutral structure: the blocks every renderer draws in its own way."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True)
class Fields:
    """Label/value pairs (日時, 場所 …)."""

    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Paragraph:
    """Free text, possibly several lines (総評, step notes)."""

    text: str
    empty: bool = False  # a fixed remark standing for "nothing here" (なし, 記録なし …)


@dataclass(frozen=True)
class Item:
    """A main text, the speaker, short tags (関心 3, 託した) and details (label/value pairs shown
    under the item)."""

    text: str
    speaker: str | None = None
    tags: tuple[str, ...] = ()
    details: tuple[Field, ...] = ()


@dataclass(frozen=True)
class ItemList:
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Cell:
    """A table cell: a main text, secondary lines, a badge such as 新."""

    text: str = ""
    lines: tuple[str, ...] = ()
    badge: str | None = None


@dataclass(frozen=True)
class Table:
    """Column headings and rows of ``Cell``."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    role: str = ""  # a hint for renderers: "board" for the あるもの/ないもの table


@dataclass(frozen=True)
class Subsection:
    """A heading (### level) with blocks of its own."""

    heading: str
    blocks: tuple[Block, ...]


Block = Fields | Paragraph | ItemList | Table | Subsection


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Minutes:
    title: str  # 会議名 + 議事録, one line
    meeting_name: str  # 会議名: body name + session title, one line
    header: Fields  # 日時, 場所, 出席者
    sections: tuple[Section, ...] = field(default_factory=tuple)
    footer: str = ""
