"""User text for widgets: always literal (rich Text, never markup), control characters stripped."""

from __future__ import annotations

from rich.text import Text

from facilitator.text import for_display


def literal(value: str | None, style: str = "") -> Text:
    """User text as a Text object: ``[bold]`` stays ``[bold]``; escapes and controls removed."""
    return Text(for_display(value or ""), style=style)


def one_line(value: str | None, limit: int | None = None) -> str:
    """For places that can hold one line only (window titles, notifications)."""
    text = " ".join(for_display(value or "").split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text
