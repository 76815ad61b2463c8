"""How typed text becomes a field of the session: cleaned, required or optional, a due date as
ISO when it reads as one; and a long text shortened for a refusal message."""

from __future__ import annotations

from datetime import datetime

from facilitator import dates
from facilitator.meeting.core import RuleError
from facilitator.text import clean, clean_line


def required(text: str, message: str, *, line: bool = False) -> str:
    """Cleaned text that must not be empty (``message`` says what is missing)."""
    value = clean_line(text) if line else clean(text).strip()
    if not value:
        raise RuleError(message)
    return value


def optional(value: str | None) -> str | None:
    """A cleaned one-line optional field; empty becomes None."""
    return clean_line(value or "") or None


def short(text: str, n: int = 20) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def is_iso_date(value: str | None) -> bool:
    if not value:
        return False
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def due_date(value: str | None) -> str | None:
    """A due date as ISO when it reads as a date; otherwise the words as typed (「次回まで」)."""
    value = clean_line(value or "")
    if not value:
        return None
    try:
        return dates.parse_date(value).isoformat()
    except ValueError:
        return value
