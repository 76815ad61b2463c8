"""Shared test set-up.

Text cursors blink on a 0.5 s timer; on a loaded machine a snapshot could catch either phase.
Every test sees a steady cursor instead, so snapshots show what the screen shows, every time.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea


@pytest.fixture(autouse=True)
def steady_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
