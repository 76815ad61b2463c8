"""Drafts of the add dialogs (地域課題を追加, 問いを追加): what is typed into one is kept within a
second, restored into the same dialog when it is opened again (by Ctrl+A or by typing), and gone
once restored and submitted or cancelled — never announced again. Opening a dialog by typing on a
list begins its first field with what was typed; that is typing, not what the dialog opened with,
so the draft is the same dialog's whether it was opened by typing or by Ctrl+A.

Windows die as in test_drafts.py (no close, the token no longer alive); Ctrl+Q is a clean quit.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from facilitator.drafts import Drafts, DraftFolder, FormDraft, Writer, form_key
from pilot_helpers import SIZE, notes
from screens.form import FormScreen
from screens.panels.consult import QuestionList
from screens.panels.issues import IssueList
from test_drafts import die, draft_files, folder_of, wait_for
from pilot_helpers import make_app

TITLE = "避難支援の仕組み"
QUESTION = "見守りの担い手をどう増やすか"


def forms_on_disk(folder: Path) -> list[FormDraft]:
    return [form for f in draft_files(folder) for form in Drafts.from_json(f.read_bytes()).forms.values()]


def reopen(app, tmp_path: Path, step: str):  # type: ignore[no-untyped-def]
    from facilitator.store import Store

    again = make_app(tmp_path, current_step=step)
    again.session = Store(tmp_path).load(app.session.id) if (tmp_path / f"{app.session.id}.json").exists() \
        else app.session
    return again


async def test_an_issue_typed_on_the_list_comes_back_in_the_add_dialog_opened_with_ctrl_a(
        tmp_path: Path, private_data_dir: Path) -> None:
    app = make_app(tmp_path, current_step="issues")
    folder = folder_of(app, private_data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        meeting = app.screen
        meeting.query_one(IssueList).focus()
        await pilot.press(*TITLE)  # the first key opens the add dialog, the rest follow it
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-title", Input).value == TITLE
        # On disk within a second (wait_for's timeout is the test's limit, not a measure).
        await wait_for(pilot, lambda: [(d.about, d.values.get("title")) for d in forms_on_disk(folder)]
                       == [(TITLE, TITLE)], what="the dialog's draft, named by what was typed")
        die(meeting)

    app2 = reopen(app, tmp_path, "issues")
    seen = notes(app2)
    async with app2.run_test(size=SIZE) as pilot:
        meeting = app2.screen
        await wait_for(pilot, lambda: meeting.drafts.loaded, what="the drafts claimed")
        await wait_for(pilot, lambda: any(f"（{TITLE}）" in n for n in seen), what="the note naming the text")
        assert len(app2.screen_stack) == 2  # said, not popped up
        meeting.query_one(IssueList).focus()
        await pilot.press("ctrl+a")
        await pilot.pause()
        form = app2.screen
        assert isinstance(form, FormScreen)
        field = form.query_one("#field-title", Input)
        assert field.value == TITLE and field.cursor_position == len(TITLE)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert meeting.meeting.session.issues[-1].title == TITLE
        await wait_for(pilot, lambda: not draft_files(folder), what="the restored and submitted draft gone")

    app3 = reopen(app2, tmp_path, "issues")
    seen = notes(app3)
    async with app3.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app3.screen.drafts.loaded, what="the drafts looked for")
        await pilot.pause()
        assert not any("書きかけ" in n for n in seen)  # no stale notice


async def test_a_question_typed_then_ctrl_q_comes_back_when_typing_opens_the_dialog_again(
        tmp_path: Path, private_data_dir: Path) -> None:
    app = make_app(tmp_path, current_step="consult")
    folder = folder_of(app, private_data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one(QuestionList).focus()
        await pilot.press(*QUESTION)
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await wait_for(pilot, lambda: [d.values.get("text") for d in forms_on_disk(folder)] == [QUESTION],
                       what="the dialog's draft")
        await pilot.press("ctrl+q")  # quits with the dialog open: the draft stays, for the next opening
    assert [(d.about, d.values.get("text")) for d in forms_on_disk(folder)] == [(QUESTION, QUESTION)]

    app2 = reopen(app, tmp_path, "consult")
    seen = notes(app2)
    async with app2.run_test(size=SIZE) as pilot:
        meeting = app2.screen
        await wait_for(pilot, lambda: any(f"（{QUESTION}）" in n for n in seen), what="the note naming the text")
        meeting.query_one(QuestionList).focus()
        await pilot.press("と")  # typing opens the dialog: the draft, then what was just typed
        await pilot.pause()
        form = app2.screen
        assert isinstance(form, FormScreen)
        area = form.query_one("#field-text", TextArea)
        assert area.text == QUESTION + "と"
        await pilot.press("は")
        assert area.text == QUESTION + "とは"  # the cursor was at the end
        await pilot.press("escape")  # cancelled: the draft goes with it
        await wait_for(pilot, lambda: not draft_files(folder), what="the draft gone")


async def test_a_draft_kept_under_what_was_typed_by_an_earlier_version_is_restored_once(
        tmp_path: Path, private_data_dir: Path) -> None:
    """Before this fix an add dialog opened by typing kept its draft under a key made of its
    first character, which no later opening matched: announced at every opening, never restored."""
    app = make_app(tmp_path, current_step="issues")
    folder = DraftFolder(folder_of(app, private_data_dir))
    old_key = form_key("地域課題を追加", [("title", "災"), ("detail", ""), ("source", "")])
    stale = FormDraft("地域課題を追加", "災", {"title": "災害時の避難支援", "detail": "", "source": ""})
    gone = Writer(app.session.id, folder.env.user, folder.env.host, folder.env.pid, "0123456789abcdef")
    folder.write(Drafts(gone, str(tmp_path), closed=True, forms={old_key: stale}))
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        meeting = app.screen
        await wait_for(pilot, lambda: any("（災）" in n for n in seen), what="the old note")
        meeting.query_one(IssueList).focus()
        await pilot.press("ctrl+a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-title", Input).value == "災害時の避難支援"
        await pilot.press("escape")
        await wait_for(pilot, lambda: not draft_files(folder.folder), what="the old draft gone")
