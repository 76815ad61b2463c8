"""Snapshots of the screens a projected meeting shows, at 80×24 (and 60×20 where the home list
and the roster must still be usable): nothing a user needs cut off, numbers and Japanese never
split. The demo store is fixed (seed and 'today'), clocks too.

Accept a changed snapshot only after reading the text of its SVG (``--snapshot-update``, then
tests/tui/__snapshots__/test_small_screen_snapshots/).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.demo import write_demo
from facilitator.store import Store
from test_home_screens import TODAY, make_app
from test_home_snapshots import steady

SMALL = (80, 24)
SMALLEST = (60, 20)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.chdir(tmp_path)
    s = Store(Path("sessions"))
    write_demo(s, today=TODAY, seed=20261122)
    return s


def test_snapshot_themes_80x24(snap_compare, store):  # type: ignore[no-untyped-def]
    """t in the year plan: one header line a column (the bodies as A, B with a legend), every
    count whole, the rows on screen under it."""
    assert snap_compare(make_app(store), terminal_size=SMALL, run_before=steady("y", "t"))


def test_snapshot_meeting_prompts_80x24(snap_compare, store):  # type: ignore[no-untyped-def]
    """The last meeting opened (o) and taken back to 情報・意見交換: the 問い lines end a blank
    before the scrollbar (「…ありますか？」, then 「（意味づけ）」 whole on the next line)."""
    assert snap_compare(make_app(store), terminal_size=SMALL, run_before=steady("o", "pageup", "pageup", "pageup"))


def test_snapshot_next_meeting_placeholders_80x24(snap_compare, tmp_path):  # type: ignore[no-untyped-def]
    """次回の日程 with nothing typed yet: the examples are dim and italic, 「例: …」, and the
    example date is ahead of today (2026/9/16, four weeks after the fixed 8/19), never a past day;
    the place typed (C町 公民館) reads as a value."""
    from facilitator.model import NextMeeting
    from pilot_helpers import make_app as meeting_app

    app = meeting_app(tmp_path, current_step="close", next_meeting=NextMeeting(place="C町 公民館"))
    assert snap_compare(app, terminal_size=SMALL, run_before=steady())


def test_snapshot_ideas_second_window_100x30(snap_compare, tmp_path):  # type: ignore[no-untyped-def]
    """A second window at 100×30 (the step rail shown): the idea field on a line of its own, as
    wide as the step, the speaker and the 課題 side by side under it."""
    from pilot_helpers import make_app as meeting_app

    assert snap_compare(meeting_app(tmp_path), terminal_size=(100, 30), run_before=steady())


async def test_the_idea_field_takes_the_width_of_the_step(tmp_path: Path) -> None:
    from textual.widgets import Input

    from pilot_helpers import make_app as meeting_app

    for size in ((100, 30), (80, 24), (60, 20), (120, 36)):
        app = meeting_app(tmp_path)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            field = app.screen.query_one("#idea-input", Input)
            entry = app.screen.query_one("#idea-entry")
            assert field.size.width >= min(30, entry.size.width), size


def test_snapshot_help_80x24(snap_compare, tmp_path):  # type: ignore[no-untyped-def]
    """F1 at 80×24: every description whole, folded on as many lines as it needs (「時計をこの
    画面に移す」 and the others never end in 「…」)."""
    from pilot_helpers import make_app as meeting_app

    assert snap_compare(meeting_app(tmp_path), terminal_size=SMALL, run_before=steady("f1"))


def test_snapshot_self_check_80x24(snap_compare, tmp_path):  # type: ignore[no-untyped-def]
    """The self-check after 散会 at 80×24: its title on screen above the first item (the focus
    on the first item no longer scrolls it away), the items and the buttons reachable."""
    from pilot_helpers import make_app as meeting_app
    from screens.self_check_dialog import SelfCheckDialog

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.push_screen(SelfCheckDialog())
        await steady()(pilot)

    assert snap_compare(meeting_app(tmp_path, current_step="close"), terminal_size=SMALL, run_before=run_before)


@pytest.mark.parametrize(("name", "keys"), [("next_meeting", ("n",)), ("handover", ("t",)), ("year_plan_add", ("y", "f2"))])
def test_snapshot_dialog_titles_80x24(snap_compare, store, name, keys):  # type: ignore[no-untyped-def]
    """n (次の会議), t (引き継ぎ: no line starting with 、, its four buttons whole) and F2 in the
    year plan: each title whole, folded on two lines where it needs them."""
    assert snap_compare(make_app(store), terminal_size=SMALL, run_before=steady(*keys))


def test_snapshot_export_dialog_80x24(snap_compare, store):  # type: ignore[no-untyped-def]
    """e at 80×24: the formats two to a row, each label whole (「i  次回の予定（カレンダー
    .ics）」), the keys in one column on every row."""
    assert snap_compare(make_app(store), terminal_size=SMALL, run_before=steady("e"))


def test_snapshot_review_80x24(snap_compare, store):  # type: ignore[no-untyped-def]
    """r at 80×24: 前回からの変化 folded with 禁則, each entry's next line under its text, a
    name whole on one line (「（持ち越し4回目、」 then 「大野 健）」, never 「大」 / 「野 健）」)."""
    assert snap_compare(make_app(store), terminal_size=SMALL, run_before=steady("r"))


def test_snapshot_homework_tracker_80x24(snap_compare, store):  # type: ignore[no-untyped-def]
    """h at 80×24: each homework shows ten characters and more (「畑の帰りに、ひとり暮ら…」,
    not 「畑の帰 …」); the first meeting's column gives way (it is under the table, 経緯)."""
    assert snap_compare(make_app(store), terminal_size=SMALL, run_before=steady("h"))


def test_snapshot_home_60x20(snap_compare, store):  # type: ignore[no-untyped-def]
    """Home at 60×20: each meeting's name readable (「第5回 一年のふりかえり」, not 「第5回 …」);
    the counts give way, 宿題 kept."""
    assert snap_compare(make_app(store), terminal_size=SMALLEST, run_before=steady())


@pytest.mark.parametrize("size", [SMALLEST, SMALL], ids=["60x20", "80x24"])
def test_snapshot_roster_small(snap_compare, store, size):  # type: ignore[no-untyped-def]
    """F3 in the last meeting: all nine names on screen (one showed at 60×20), the count line,
    the one-line fields and the hint."""
    assert snap_compare(make_app(store), terminal_size=size, run_before=steady("o", "f3"))


def test_snapshot_empty_home_80x24(snap_compare, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """A new, empty store at 80×24: the message folds onto a second line, whole (「（デモは uv run
    kyogitai demo）」), the command never cut in two."""
    import facilitator.invocation

    monkeypatch.chdir(tmp_path)
    # What a checkout's user types, wherever the test runs (not 「uv run --project /path …」).
    monkeypatch.setattr(facilitator.invocation, "command_name", lambda *a, **k: "uv run kyogitai")
    assert snap_compare(make_app(Store(Path("sessions"))), terminal_size=SMALL, run_before=steady())
