"""A paste of several lines (a bracketed paste: Textual's ``events.Paste``) keeps all of them: in
every one-line field of the app (screens/typing.paste_as_one_line) joined with a space — Textual's
Input alone keeps the first line only — and in a TextArea as lines."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input, TextArea

from pilot_helpers import SIZE, make_app
from screens.form import FormScreen
from screens.panels.consult import QuestionList

PASTED = "一行目の案\n二行目の案\n三行目"


async def test_a_paste_of_three_lines_into_the_idea_field_is_one_idea_with_all_three(tmp_path: Path) -> None:
    app = make_app(tmp_path, current_step="ideas")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = app.screen.meeting.session  # type: ignore[attr-defined]
        field = app.screen.query_one("#idea-input", Input)
        assert app.focused is field
        await pilot.press(*"案は")
        app.post_message(events.Paste(PASTED))
        await pilot.pause()
        assert field.value == "案は一行目の案 二行目の案 三行目"
        await pilot.press("enter")
        await pilot.pause()
        assert session.ideas[-1].text == "案は一行目の案 二行目の案 三行目"


async def test_a_paste_into_a_dialogs_line_keeps_its_lines_and_a_text_area_keeps_them_as_lines(
        tmp_path: Path) -> None:
    app = make_app(tmp_path, current_step="consult")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one(QuestionList).focus()
        await pilot.press("ctrl+a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        area = form.query_one("#field-text", TextArea)
        assert form.focused is area
        app.post_message(events.Paste(PASTED))
        await pilot.pause()
        assert area.text == PASTED
    app = make_app(tmp_path, current_step="handoff")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the hand-off dialog of the idea under the cursor
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        action = form.query_one("#field-action", Input)
        assert form.focused is action
        app.post_message(events.Paste("社協に聞く\n車両の空き"))
        await pilot.pause()
        assert action.value == "社協に聞く 車両の空き"
