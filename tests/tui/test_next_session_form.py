"""The home screen's n proposes what kyogitai new would make: the plan of facilitator/next_session.py."""

from __future__ import annotations

import textwrap
from datetime import date, datetime
from pathlib import Path

from textual.widgets import Input, Select

from factories import JST
from facilitator.carryover import new_session
from facilitator.store import Store, StoreLocation
from facilitator.templates import get_template
from pilot_helpers import SIZE
from screens.app import KyogitaiApp
from screens.form import FormScreen
from screens.meeting import MeetingScreen

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=JST)
USER_TEMPLATE = textwrap.dedent(
    """\
    id = "idou"
    title = "移動部会"

    [[steps]]
    id = "ideas"
    title = "意見交換"
    panel = "ideas"
    purpose = "アイデアを出す。"
    minutes = 30
    prompts = []
    """
)


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def test_a_user_template_s_next_session_is_titled_with_it_and_follows_a_changed_template(tmp_path: Path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "idou.toml").write_text(USER_TEMPLATE, encoding="utf-8")
    store = Store(tmp_path)
    first = new_session(body="C町 移動部会", template=get_template("idou", tmp_path), now=NOW,
                        on=date(2026, 10, 1), number=1)
    store.save(first)
    app = KyogitaiApp(StoreLocation(tmp_path, "テスト"), clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await pilot.press("n")
        await _settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-title", Input).value == "第2回 移動部会"  # as kyogitai new makes it
        form.query_one("#field-template", Select).value = "activity-report"  # the title was not typed
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        made = app.screen.meeting.session
        assert (made.template, made.title) == ("activity-report", "成果報告会")
