"""The minutes (議事録) of a session as a neutral structure, for every renderer to share.

``build_minutes(session, previous)`` decides *what* the minutes say and in which order (the order a
town office expects, docs/domain.md, what the record is for); the Markdown, HTML and terminal
renderers only decide how it looks. Every string in the structure is display-safe
(``text.for_display``: no control characters, no escape sequences) but NOT escaped for any
format: renderers must escape it for theirs.

The minutes' own words (headings, labels, 「なし」, punctuation such as （…） and 「…」) come from the
``[minutes]`` table of the catalogue (``facilitator.i18n``), in the language in use when they are
built or rendered: Japanese by default, English when ``language() == "en"``. Dates follow the
language too (``dates.format_date``: 令和8年8月19日（水） / Wed 19 Aug 2026).

The blocks (``structure.py``) are drawn by every renderer; ``record.py`` builds the header, the
次第, 前回の振り返り and 前回からの経過 the way a town office files minutes; ``sections.py`` says what each
section holds; ``wording.py`` makes user text, dates and times into its strings.
"""

from __future__ import annotations

from facilitator.export.minutes.record import header
from facilitator.export.minutes.sections import section_blocks
from facilitator.export.minutes.structure import (
    Block,
    Cell,
    Field,
    Fields,
    Item,
    ItemList,
    Minutes,
    Paragraph,
    Section,
    Subsection,
    Table,
)
from facilitator.export.minutes.wording import shown_line
from facilitator.i18n import DEFAULT, Labels, catalogue, t
from facilitator.model import Session

# The structure is the package's too: the renderers import it from here, with build_minutes.
__all__ = [
    "Block", "Cell", "Field", "Fields", "Item", "ItemList", "Minutes", "Paragraph", "Section",
    "Subsection", "Table",
    "SECTION_LABELS", "SECTION_KEYS", "SECTION_HEADINGS", "HEADER_LABELS",
    "section_headings", "meeting_name", "build_minutes",
]

# Section keys and headings, in the order the minutes present them (looked up when read).
SECTION_LABELS = Labels({
    "order": "minutes.record.order",
    "recap": "minutes.recap",
    "progress": "minutes.record.progress",
    "issues": "minutes.issues",
    "questions": "minutes.questions",
    "ideas": "minutes.ideas",
    "handoffs": "minutes.handoffs",
    "requests": "minutes.requests",
    "homework": "minutes.homework",
    "review": "minutes.review",
    "notes": "minutes.notes",
    "next": "minutes.next",
    "board": "minutes.board",
})
SECTION_KEYS: tuple[str, ...] = tuple(SECTION_LABELS)
# The Japanese headings (the default language), for tests and tools that read Japanese minutes;
# section_headings() gives them in the language in use.
SECTION_HEADINGS: tuple[str, ...] = tuple(catalogue(DEFAULT)[k] for k in SECTION_LABELS.keys_used())
HEADER_LABELS: tuple[str, ...] = tuple(catalogue(DEFAULT)[f"minutes.{k}"] for k in (
    "record.meeting_name", "when", "place", "attendees", "record.absent", "record.staff"))


def section_headings() -> tuple[str, ...]:
    """The section headings in the language in use, in order."""
    return tuple(SECTION_LABELS.values())


def meeting_name(session: Session) -> str:
    """会議名: the body's name and the session title, on one line."""
    return " ".join(p for p in (shown_line(session.body.name), shown_line(session.title)) if p) or t("minutes.meeting")


def build_minutes(session: Session, previous: Session | None = None) -> Minutes:
    """The minutes of ``session``; ``previous`` (the session it carried over from) names the
    meeting looked back on and quotes the ideas of what was handed to the SC there. A section
    with nothing to say for this meeting (次第 without steps, 前回の振り返り and 前回からの経過 in a
    first meeting, 各ステップの記録 without notes) is left out."""
    sections = []
    for key, heading in SECTION_LABELS.items():
        blocks = section_blocks(key, session, previous)
        if blocks:
            sections.append(Section(key, heading, blocks))
    name = meeting_name(session)
    return Minutes(
        title=t("minutes.title", name=name),
        meeting_name=name,
        header=header(session, name),
        sections=tuple(sections),
        footer=t("minutes.footer", id=session.id),
    )
