"""The home screen's n proposes what kyogitai new would make: the plan of facilitator/next_session.py."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from textual.widgets import Input, Select

from facilitator.carryover import new_session
from facilitator.store import Store
from facilitator.templates import get_template
from pilot_helpers import SIZE
from test_home_screens import NOW, make_app, settle  # the home screen with fixed clocks
from screens.form import FormScreen
from screens.meeting import MeetingScreen

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


async def test_a_user_template_s_next_session_is_titled_with_it_and_follows_a_changed_template(tmp_path: Path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "idou.toml").write_text(USER_TEMPLATE, encoding="utf-8")
    store = Store(tmp_path)
    first = new_session(body="C町 移動部会", template=get_template("idou", tmp_path), now=NOW,
                        on=date(2026, 10, 1), number=1)
    store.save(first)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-title", Input).value == "第2回 移動部会"  # as kyogitai new makes it
        form.query_one("#field-template", Select).value = "activity-report"  # the title was not typed
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        made = app.screen.meeting.session
        assert (made.template, made.title) == ("activity-report", "成果報告会")


async def test_a_deeply_nested_user_template_does_not_stop_the_next_session(tmp_path: Path):
    """A broken user template (nested 100,000 deep: RecursionError in tomllib) is skipped: n still
    opens the form with the built-in templates, and the meeting is made."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "deep.toml").write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n",
                                                       encoding="utf-8")
    store = Store(tmp_path)
    store.save(new_session(body="C町 第1層協議体", template=get_template("c-town"), now=NOW,
                           on=date(2026, 10, 1), number=1))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-title", Input).value.startswith("第2回")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
