"""The home screen and a sync client's copy (issue 16): the session stays listed and marked, m on
it (or on the copy's row) asks, then merges the copy in and moves it aside; the list follows."""

from __future__ import annotations

from pathlib import Path

from facilitator.meeting import Meeting
from facilitator.session_json import session_to_json
from facilitator.store import Store
from pilot_helpers import notes
from screens.choice import ChoiceScreen
from screens.home import HomeScreen
from screens.widgets.table_view import TableView
from test_home_screens import NOW, SIZE, by_title, demo_store, make_app, settle  # noqa: F401 - fixture

__all__ = ["demo_store"]


def make_copy(store: Store) -> tuple[str, Path]:
    """Another PC's version of the body's 第2回, as a sync client saved it beside the session."""
    session = by_title(store, "第2回 定例会")
    Meeting(session, clock=lambda: 0.0, now=lambda: NOW, running=False, writer="w-other").add_idea("別の PC で出た意見")
    copy = store.root / f"{session.id} (1).json"
    copy.write_text(session_to_json(session), encoding="utf-8")
    return session.id, copy


async def test_m_on_a_session_with_a_copy_asks_then_merges_it_and_moves_the_copy_aside(demo_store: Store) -> None:
    sid, copy = make_copy(demo_store)
    app = make_app(demo_store)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        table = home.query_one(TableView)
        table.focus()
        table.select_key(sid)
        await pilot.pause()
        assert "⚠ 写し1件" in next(r for r in table.rows if r.key == sid).cells[1].plain
        assert home.check_action("merge_copy", ()) is True
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and copy.name in app.screen.question
        await pilot.press("escape")  # not now: nothing changes
        await pilot.pause()
        assert copy.exists()
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")  # 取り込む
        await settle(pilot)
        await settle(pilot)
        assert not copy.exists()
        assert (demo_store.root / ".kyogitai" / "merged-copies" / copy.name).exists()
        assert "別の PC で出た意見" in [i.text for i in Store(demo_store.root).load(sid).ideas]
        assert any("取り込みました" in n for n in seen)
        assert "写し" not in next(r for r in table.rows if r.key == sid).cells[1].plain
        assert not [r for r in table.rows if r.style == "table-view--warning"]
        assert home.check_action("merge_copy", ()) is False  # nothing left to merge here


async def test_m_elsewhere_merges_nothing(demo_store: Store) -> None:
    _, copy = make_copy(demo_store)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        table = home.query_one(TableView)
        other = next(r.key for r in table.rows if r.key and not r.key.startswith("problem:") and r.key not in copy.name)
        table.select_key(other)
        await pilot.pause()
        # Not a key there (hidden from the footer): typed on the list, m starts a search as any letter.
        assert home.check_action("merge_copy", ()) is False
        assert "m" not in app.active_bindings
        # On the copy's own row, m offers to merge it too.
        table.select_key(f"problem:{copy.name}")
        await pilot.pause()
        assert "m でこの会議に取り込めます" in str(home.query_one("#home-detail").render())
        assert "m" in app.active_bindings
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
