"""User text, dates and times made into the minutes' strings: display-safe, in the language in use."""

from __future__ import annotations

import re
from datetime import date

from facilitator.dates import format_date, format_time_range
from facilitator.export.minutes.structure import Field, Paragraph
from facilitator.i18n import language, t
from facilitator.text import for_display

_SPACES = re.compile(r"\s+")


def shown(text: str | None) -> str:
    """User text made display-safe, outer whitespace trimmed (inner newlines kept)."""
    return for_display(text or "").strip()


def shown_line(text: str | None) -> str:
    """User text on one line."""
    return _SPACES.sub(" ", for_display(text or "")).strip()


def date_ja(value: str | None) -> str:
    """An ISO (or typed) date the town-office way (``Wed 19 Aug 2026`` in English); text that is
    not a date, as it is."""
    raw = shown_line(value)
    if not raw:
        return ""
    try:
        return format_date(raw)
    except ValueError:
        return raw


def time_range(start: str | None, end: str | None) -> str:
    """``14:00〜15:30`` (Japanese); ``14:00–15:30``, ``14:00``, ``until 15:30`` (English)."""
    start, end = shown_line(start), shown_line(end)
    if language() != "en":
        return format_time_range(start, end)
    if start and end:
        return f"{start}–{end}"
    return start or (f"until {end}" if end else "")


def listed(parts: list[str]) -> str:
    return t("minutes.list_separator").join(parts)


def due_text(value: str | None) -> str:
    """A due: 令和 form when it is a date (``2026-09-30``), else the words (「次回まで」)."""
    raw = shown_line(value)
    if not raw:
        return ""
    try:
        date.fromisoformat(raw)
    except ValueError:
        return raw
    return date_ja(raw)


def nonempty(*fields: Field) -> tuple[Field, ...]:
    return tuple(f for f in fields if f.value)


def nothing(text: str | None = None) -> Paragraph:
    """The fixed remark for an empty section: 「なし」, or ``text``."""
    return Paragraph(t("minutes.none") if text is None else text, empty=True)
