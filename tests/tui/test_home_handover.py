"""The home screen's t: the hand-over of the selected session's body, in the format chosen,
written beside the store (exports/), owner-only, the notice line saying where."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facilitator.demo import write_demo
from facilitator.store import Store
from pilot_helpers import SIZE, notes
from screens.choice import ChoiceScreen
from test_home_screens import TODAY, make_app, settle


@pytest.fixture
def demo_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.chdir(tmp_path)
    store = Store(Path("sessions"))
    write_demo(store, today=TODAY, seed=20261122)
    return store


async def test_t_writes_the_hand_over_of_the_selected_body(demo_store: Store) -> None:
    app = make_app(demo_store)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert "ひなた町 第1層協議体" in str(app.screen.question)
        await pilot.press("enter")  # Markdown, the first choice
        await settle(pilot)
        target = Path("exports/引き継ぎ_ひなた町_第1層協議体.md").resolve()
        assert target.is_file()
        md = target.read_text(encoding="utf-8")
        assert md.startswith("# ひなた町 第1層協議体 引き継ぎ資料") and "## まだ終わっていないこと" in md
        assert any(str(target) in n for n in seen)
        if hasattr(os, "getuid"):
            assert target.stat().st_mode & 0o077 == 0  # names of residents: owner only
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("escape")  # no: nothing more written
        await settle(pilot)
    assert sorted(p.name for p in Path("exports").iterdir()) == [target.name]
    assert not list(Path("sessions").glob("*.md"))
