"""Helpers for Pilot tests shared across test files."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from facilitator.store import StoreLocation
from factories import NOW, make_session
from screens.app import KyogitaiApp

SIZE = (120, 36)  # the terminal of the screen tests and snapshots
STARTED_AT = "2026-08-19T14:00:00+09:00"  # when make_app's meetings were opened (開会)


def make_app(tmp_path: Path, **overrides) -> KyogitaiApp:  # type: ignore[no-untyped-def]
    """The meeting screen on ``make_session(**overrides)``, at the ideas step unless
    ``current_step`` says otherwise, saved in ``tmp_path``. A meeting under way (opened at 14:00,
    ``started_at``; pass ``started_at=None`` for one not opened yet), so its clock runs. Fixed
    clocks: the step timer stays at 0:00 (``clock``), the header shows ``NOW`` (``now``), so
    screens are the same every run."""
    overrides.setdefault("current_step", "ideas")
    overrides.setdefault("started_at", STARTED_AT)
    return KyogitaiApp(StoreLocation(tmp_path, "test"), session=make_session(**overrides),
                       clock=lambda: 0.0, now=lambda: NOW)


def notes(app: App) -> list[str]:
    """Record every notification the app shows from now on (as plain strings)."""
    seen: list[str] = []
    original = app.notify

    def notify(message, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(str(message))
        return original(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return seen
