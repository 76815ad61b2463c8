"""An item's due and its name in a message, as the hand-off and close panels show them."""

from __future__ import annotations

from facilitator import dates
from screens.ui_text import one_line


def due_text(due: str | None) -> str:
    """A due date the way a town office writes it when it is a date; words as they were typed."""
    if not due:
        return ""
    try:
        return dates.format_date(due)
    except ValueError:
        return due


def short(text: str, limit: int = 24) -> str:
    return one_line(text, limit)
