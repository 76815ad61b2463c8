"""Attributing an idea (情報・意見交換): the speaker and 課題 in one or two keys, predictably."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from facilitator.model import Issue, Question
from pilot_helpers import SIZE, make_app

FOUR = [Issue(id=f"issue-0{n}", title=t) for n, t in enumerate(["情報共有", "地域通貨", "移動", "サロン"], 1)]


def select(app, which: str) -> Select:  # type: ignore[no-untyped-def]
    return app.screen.query_one(f"#idea-{which}", Select)


async def test_tab_then_arrows_change_the_speaker_at_once_and_typing_goes_on_in_the_field(tmp_path: Path) -> None:
    app = make_app(tmp_path, ideas=[])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = app.screen.meeting.session
        assert select(app, "speaker").is_blank()  # no idea yet: no speaker
        await pilot.press("tab", "down", "down")  # two names down, without opening the list
        await pilot.pause()
        speaker = select(app, "speaker")
        assert not speaker.expanded and speaker.value == s.attendees[1].name
        await pilot.press(*"ベンチを置く")  # typing goes on in the idea field
        await pilot.press("enter")
        await pilot.pause()
        assert s.ideas[-1].text == "ベンチを置く" and s.ideas[-1].author == s.attendees[1].name
        # The speaker stays for the next idea (the rule), shown in the select.
        assert select(app, "speaker").value == s.attendees[1].name
        await pilot.press(*"もう一つ", "enter")
        await pilot.pause()
        assert s.ideas[-1].author == s.attendees[1].name


async def test_arrows_stop_at_the_ends_never_wrap_round(tmp_path: Path) -> None:
    app = make_app(tmp_path, ideas=[])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = app.screen.meeting.session
        await pilot.press("tab", *["up"] * 5)  # from 匿名 up: stays 匿名 (no wrap to the last name)
        await pilot.pause()
        assert select(app, "speaker").is_blank()
        await pilot.press(*["down"] * (len(s.attendees) + 4))  # past the last name: stays there
        await pilot.pause()
        assert select(app, "speaker").value == s.attendees[-1].name
        await pilot.press("home")
        await pilot.pause()
        assert select(app, "speaker").is_blank()
        await pilot.press("enter")  # back to the field
        await pilot.pause()
        assert app.focused is app.screen.query_one("#idea-input", Input)
        # The open list (a click opens it) does not wrap either.
        speaker = select(app, "speaker")
        speaker.focus()
        speaker.expanded = True
        await pilot.pause()
        await pilot.press("up", "up")
        await pilot.pause()
        assert speaker.query_one("SelectOverlay").highlighted == 0


async def test_the_issue_starts_on_the_one_under_discussion_and_stays_after_reopening(tmp_path: Path) -> None:
    app = make_app(tmp_path, ideas=[], issues=FOUR,
                   questions=[Question(id="q-1", text="④をどうする？", issue_id="issue-04")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = app.screen.meeting.session
        assert select(app, "issue").value == "issue-04"  # the question put to the body names ④
        await pilot.press("tab", "tab", "up")  # to the issue: ③
        await pilot.pause()
        assert select(app, "issue").value == "issue-03"
        await pilot.press(*"乗り合い", "enter")
        await pilot.pause()
        assert s.ideas[-1].issue_id == "issue-03"
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.press("pageup")  # the step again: like the idea said last
        await pilot.pause()
        assert select(app, "issue").value == "issue-03"


async def test_a_new_question_starts_on_the_issue_under_discussion_not_the_first(tmp_path: Path) -> None:
    from screens.form import FormScreen
    from screens.panels.consult import QuestionList

    app = make_app(tmp_path, current_step="consult", issues=FOUR, ideas=[],
                   questions=[Question(id="q-1", text="④をどうする？", issue_id="issue-04")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        questions = app.screen.query_one(QuestionList)
        assert app.focused is questions
        questions.cursor = 0  # the issue's heading, not a question
        await pilot.press(*"次の問い")  # typing on the list: the new question's form
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.values()["issue"] == "issue-04"


async def test_the_speaker_list_in_the_edit_form_and_a_picker_do_not_wrap_round(tmp_path: Path) -> None:
    from screens.form import FormScreen
    from screens.panels.ideas import IdeaList
    from screens.pick import PickScreen

    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ideas = app.screen.query_one(IdeaList)
        ideas.focus()
        await pilot.press("enter")  # edit the idea under the cursor
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        author = app.screen.query_one("#field-author", Select)
        author.focus()
        author.expanded = True
        await pilot.pause()
        overlay = author.query_one("SelectOverlay")
        overlay.highlighted = 0
        await pilot.press("up", "up")
        await pilot.pause()
        assert overlay.highlighted == 0  # not the last name
        await pilot.press("escape", "escape")
        await pilot.pause()
        picker = PickScreen("?", [("一", 1), ("二", 2), ("三", 3)])
        app.push_screen(picker)
        await pilot.pause()
        await pilot.press("up", "up")
        assert picker.query_one("#pick-list").highlighted == 0
        await pilot.press("down", "down", "down", "down")
        assert picker.query_one("#pick-list").highlighted == 2
