"""ニーズ/デマンド and themes in a few keys (screens/panels/item_tags.py): in 情報・意見交換, Ctrl+X
walks the idea through ニーズ → デマンド → 未記入 and Ctrl+A then Enter tags it with the theme
suggested first; typed letters never tag anything; the tags show on the row and are saved."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input
from test_meeting_screen import type_idea

from facilitator.model import Issue
from facilitator.session_load import session_from_json
from pilot_helpers import SIZE, make_app
from screens.panels.ideas import IdeaList, IdeasPanel
from screens.pick import PickScreen


async def test_nature_and_theme_in_a_few_keys(tmp_path: Path) -> None:
    issues = [Issue(id="issue-01", title="地域交通・移動", themes=["移動"])]
    app = make_app(tmp_path, issues=issues)
    async with app.run_test(size=SIZE) as pilot:
        await type_idea(pilot, "乗り合いで買い物に行く")
        idea = app.screen.meeting.session.ideas[-1]
        await pilot.press("down")
        assert isinstance(app.focused, IdeaList)
        await pilot.press("ctrl+x")
        assert idea.nature == "need"
        await pilot.press("ctrl+x")
        assert idea.nature == "demand"
        row = app.screen.query_one(IdeasPanel)._row(idea).text.plain
        assert "〔デマンド〕" in row
        # Ctrl+A, Enter: the idea's issue's theme is offered first.
        await pilot.press("ctrl+a")
        assert isinstance(app.screen, PickScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert idea.themes == ["移動"]
        # A new theme: Ctrl+A, type it (the letters go to the add field), Enter.
        await pilot.press("ctrl+a")
        await pilot.press(*"通院")
        assert app.screen.query_one("#pick-add", Input).value == "通院"
        await pilot.press("enter")
        await pilot.pause()
        assert idea.themes == ["移動", "通院"]
        assert "#移動 #通院" in app.screen.query_one(IdeasPanel)._row(idea).text.plain
        # Choosing a theme the idea has takes it off.
        await pilot.press("ctrl+a", "enter")
        await pilot.pause()
        assert idea.themes == ["通院"]
        await pilot.press("ctrl+x")
        assert idea.nature is None
        # Printable keys on the list: into the idea field, never a tag.
        await pilot.press(*"xa1")
        assert idea.nature is None and idea.themes == ["通院"]
        assert app.screen.query_one("#idea-input", Input).value == "xa1"
        session_id = app.screen.meeting.session.id
    # Quitting saves: the tags are in the file.
    saved = session_from_json((tmp_path / f"{session_id}.json").read_bytes())
    assert [(i.nature, i.themes) for i in saved.ideas if i.id == idea.id] == [(None, ["通院"])]


async def test_the_keys_show_only_while_the_list_has_the_focus(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.screen.query_one(IdeasPanel)
        assert app.focused is panel.query_one("#idea-input")
        assert panel.check_action("nature", ()) is False and panel.check_action("theme", ()) is False
        await pilot.press("down")
        assert panel.check_action("nature", ()) and panel.check_action("theme", ())


async def test_an_issue_gets_nature_and_theme_with_ctrl_x_and_ctrl_k(tmp_path: Path) -> None:
    from screens.panels.issues import IssueList, IssuesPanel

    app = make_app(tmp_path, current_step="issues")
    async with app.run_test(size=SIZE) as pilot:
        issue = app.screen.meeting.session.issues[0]
        assert isinstance(app.focused, IssueList)
        await pilot.press("ctrl+x", "ctrl+k")
        assert isinstance(app.screen, PickScreen)
        await pilot.press(*"移動", "enter")
        await pilot.pause()
        assert issue.nature == "need" and issue.themes == ["移動"]
        assert "〔ニーズ〕 #移動" in app.screen.query_one(IssuesPanel)._row(1, issue).text.plain
