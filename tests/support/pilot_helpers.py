"""Helpers for Pilot tests shared across test files."""

from __future__ import annotations

from textual.app import App


def notes(app: App) -> list[str]:
    """Record every notification the app shows from now on (as plain strings)."""
    seen: list[str] = []
    original = app.notify

    def notify(message, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(str(message))
        return original(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return seen
