"""Snapshots of home, review, homework tracker and year plan on the demo store (120×36).

Fixed clocks, a fixed demo (seed and 'today') and a relative store path make them the same on
every run. Accept a changed snapshot only after looking at it (``--snapshot-update``, then the
SVG in tests/tui/__snapshots__/).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from test_home_screens import NOW, SIZE, TODAY, make_app, settle  # noqa: F401 - NOW documents the clock

from facilitator.demo import write_demo
from facilitator.store import Store


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.chdir(tmp_path)
    s = Store(Path("sessions"))
    write_demo(s, today=TODAY, seed=20261122)
    return s


def steady(*keys: str):  # type: ignore[no-untyped-def]
    async def run(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        await pilot.pause()

    return run


def test_snapshot_home(snap_compare, store):  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=SIZE, run_before=steady())


def test_snapshot_home_search(snap_compare, store):  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=SIZE, run_before=steady(*"サロン", "enter", "down"))


def test_snapshot_review(snap_compare, store):  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=SIZE, run_before=steady("r"))


def test_snapshot_export_dialog(snap_compare, store):  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=SIZE, run_before=steady("r", "e"))


def test_snapshot_homework_tracker(snap_compare, store):  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=SIZE, run_before=steady("h", "down", "down", "down"))


def test_snapshot_year_plan(snap_compare, store):  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=SIZE, run_before=steady("y"))
