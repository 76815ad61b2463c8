"""Snapshots of the meeting screen as the back row sees it: projection (F5) at 80×24 and 60×20 —
the step number in large digits, the step title whole on its own bold line (a long Japanese
title that must wrap), the timer, the newest idea — and the ideas step at 60×20 without F5.

The session (``crowded_session``) has 30 ideas in two groups; the newest is listed at the end of
the first group, in the middle of the list. Clocks are fixed (the timer shows 0:00, the header
14:05), so the screens are the same every run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select

from facilitator.model import Handoff, Idea
from facilitator.store import StoreLocation
from factories import NOW, make_session
from pilot_helpers import STARTED_AT, crowded_session
from screens.app import KyogitaiApp
from screens.panels.ideas import IdeaList

SIZES = {"80x24": (80, 24), "60x20": (60, 20)}


def app_for(tmp_path: Path, session) -> KyogitaiApp:  # type: ignore[no-untyped-def]
    """The session as projected during a meeting: opened (開会), its clock running."""
    if session.started_at is None:
        session.started_at = STARTED_AT
    return KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_snapshot_projection_opened(snap_compare, tmp_path, size):  # type: ignore[no-untyped-def]
    """Opened (or reopened) and projected: 「4/7」 large, the title wrapped on its band, the
    timer large, the newest idea (社協の車で…) highlighted in the middle of the list."""
    assert snap_compare(app_for(tmp_path, crowded_session()), press=["f5"], terminal_size=SIZES[size])


@pytest.mark.parametrize("size", SIZES, ids=list(SIZES))
def test_snapshot_projection_after_adding(snap_compare, tmp_path, size):  # type: ignore[no-untyped-def]
    """The list was at the end of サロンの活性化; a new idea for 地域交通・移動 is typed: the list
    scrolls up to it, at the end of the first group."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("f5")
        screen = pilot.app.screen
        screen.query_one(IdeaList).action_cursor_last()
        screen.query_one("#idea-issue", Select).value = "issue-01"
        screen.query_one("#idea-input", Input).focus()
        await pilot.press(*"送迎ボランティアを募る", "enter")
        await pilot.pause()

    assert snap_compare(app_for(tmp_path, crowded_session()), terminal_size=SIZES[size], run_before=run_before)


def test_snapshot_projection_bright_60x20(snap_compare, tmp_path):  # type: ignore[no-untyped-def]
    """F5 then F7: the same in black on white for a bright room."""
    assert snap_compare(app_for(tmp_path, crowded_session()), press=["f5", "f7"], terminal_size=(60, 20))


def test_snapshot_ideas_60x20_without_projection(snap_compare, tmp_path):  # type: ignore[no-untyped-def]
    """Not projected, the worst case (four prompts, two questions, a long title): the title on
    its own line, the field, the speaker and the 課題 selector, rows of ideas with the newest,
    the prompts in three scrolling lines, PgDn in the footer."""
    assert snap_compare(app_for(tmp_path, crowded_session()), terminal_size=(60, 20))


def test_snapshot_handoff_projection_60x20(snap_compare, tmp_path):  # type: ignore[no-untyped-def]
    """SCに託す projected at 60×20: the empty lists keep their hint whole in a few lines, so the
    hand-offs below them are on screen."""
    s = make_session(current_step="handoff",
                     ideas=[Idea(id="idea-01", text="乗り合いで買い物に行く", kind="self", status="handed")],
                     handoffs=[Handoff(id="hand-01", idea_ids=["idea-01"], action="社協の車両が使えるか確認する",
                                       contact="社協 地域福祉係", due="次回まで")])
    assert snap_compare(app_for(tmp_path, s), press=["f5"], terminal_size=(60, 20))


def test_snapshot_board_projection_60x20(snap_compare, tmp_path):  # type: ignore[no-untyped-def]
    """The board (F4) projected at 60×20: the vision whole on a line under its label."""
    assert snap_compare(app_for(tmp_path, make_session(current_step="ideas")), press=["f5", "f4"],
                        terminal_size=(60, 20))
