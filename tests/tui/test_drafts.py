"""Drafts in the app (screens/drafts.py, facilitator/drafts.py): text typed and not yet submitted
is on disk within a second, is back in its field when the session is opened again after its
window died, and goes once submitted.

A window "dies" here the way a killed process would leave it: its keeper stops without closing
(no last write, no ``closed`` mark) and its token is no longer a live one in this process.
The kill -9 of a real process is tests/e2e/test_e2e_drafts.py.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from textual.widgets import Input, TextArea

from facilitator.drafts import Drafts, drafts_folder
from facilitator.store import Store
from pilot_helpers import SIZE, make_app, notes
from screens.board import BoardScreen
from screens.form import FormScreen
from screens.meeting import MeetingScreen
from screens.panels.ideas import IdeaList
from screens.roster import RosterScreen

HALF = "月2回の乗り合いを"


def folder_of(app, data_dir: Path) -> Path:  # type: ignore[no-untyped-def]
    return drafts_folder(data_dir, app.store.root)


def draft_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


async def wait_for(pilot, predicate, timeout: float = 5.0, what: str = "condition"):  # type: ignore[no-untyped-def]
    """Wait (a worker writing, a file appearing) with a timeout, never a fixed time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def reopen(app, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A new window on the same session, as it is on disk (or as it was, if never saved)."""
    again = make_app(tmp_path, current_step="ideas")
    try:
        again.session = Store(tmp_path).load(app.session.id)
    except Exception:  # noqa: BLE001 - nothing changed, so nothing was saved
        again.session = app.session
    return again


def die(screen: MeetingScreen) -> None:
    """The window's process is gone: no close, its token no longer alive."""
    keeper = screen.drafts
    assert keeper is not None
    keeper._closed = True  # as if killed: nothing more is written, and close() does nothing
    keeper.env.live_tokens.discard(keeper.token)


async def test_a_typed_idea_is_a_draft_within_a_second_then_back_after_a_crash_then_gone_after_enter(
        tmp_path: Path, private_data_dir: Path) -> None:
    app = make_app(tmp_path, current_step="ideas")
    folder = folder_of(app, private_data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        field = screen.query_one("#idea-input", Input)
        assert field.has_focus
        typed_at = time.monotonic()
        await pilot.press(*HALF)
        assert field.value == HALF
        # Until the draft holds every key: a loaded machine may write it once on the way.
        files = await wait_for(pilot, lambda: (f := draft_files(folder)) and Drafts.from_json(
            f[0].read_bytes()).fields == {"ideas/idea-input": HALF} and f, what="the draft file")
        print(f"\ndraft on disk {time.monotonic() - typed_at:.2f} s after the first key")
        draft = Drafts.from_json(files[0].read_bytes())
        assert draft.writer.session == screen.meeting.session.id and draft.writer.pid == os.getpid()
        assert not draft.closed
        if os.name == "posix":  # owner-only, like the sessions
            assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
            assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
        assert not list(tmp_path.glob("**/*drafts*")), "never in the store"
        die(screen)
        ideas_before = [i.text for i in screen.meeting.session.ideas]

    # Opened again (the session as saved): the field holds the draft, no dialog, a short note.
    app2 = reopen(app, tmp_path)
    seen = notes(app2)
    async with app2.run_test(size=SIZE) as pilot:
        screen = app2.screen
        assert isinstance(screen, MeetingScreen)
        field = screen.query_one("#idea-input", Input)
        await wait_for(pilot, lambda: field.value == HALF, what="the draft in the field")
        assert field.has_focus and field.cursor_position == len(HALF)
        assert len(app2.screen_stack) == 2  # no dialog over the meeting
        await wait_for(pilot, lambda: any("書きかけ" in n for n in seen), what="the note")
        # The dead window's file is taken over by this one's: one file, ours.
        files = await wait_for(pilot, lambda: (f := draft_files(folder)) and len(f) == 1
                               and screen.drafts.token in f[0].name and f, what="the draft taken over")
        assert Drafts.from_json(files[0].read_bytes()).fields == {"ideas/idea-input": HALF}
        # Finish the sentence, Enter: it is an idea, and the draft is gone.
        await pilot.press(*"試す", "enter")
        assert [i.text for i in screen.meeting.session.ideas] == [*ideas_before, HALF + "試す"]
        await wait_for(pilot, lambda: not draft_files(folder), what="the draft removed")
        assert field.value == ""


async def test_a_live_window_never_takes_another_live_windows_draft(tmp_path: Path, private_data_dir: Path) -> None:
    app = make_app(tmp_path, current_step="ideas")
    folder = folder_of(app, private_data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*HALF)
        await wait_for(pilot, lambda: draft_files(folder), what="the draft file")
        first = app.screen.drafts
        # A second window on the same session while the first lives (both editable).
        app2 = reopen(app, tmp_path)
        async with app2.run_test(size=SIZE) as pilot2:
            screen2 = app2.screen
            await wait_for(pilot2, lambda: screen2.drafts.loaded, what="the second window's drafts")
            assert screen2.query_one("#idea-input", Input).value == ""
            assert [f.name for f in draft_files(folder)] == [f"{app.session.id}.{first.token}.json"]
        assert app.screen.query_one("#idea-input", Input).value == HALF


async def test_a_clean_quit_keeps_the_text_for_the_next_opening(tmp_path: Path, private_data_dir: Path) -> None:
    app = make_app(tmp_path, current_step="ideas")
    folder = folder_of(app, private_data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"すぐに閉じる")
        await pilot.press("ctrl+q")  # within the debounce: the close writes it
    files = draft_files(folder)
    assert len(files) == 1
    draft = Drafts.from_json(files[0].read_bytes())
    assert draft.closed and draft.fields == {"ideas/idea-input": "すぐに閉じる"}
    app2 = reopen(app, tmp_path)
    async with app2.run_test(size=SIZE) as pilot:
        field = app2.screen.query_one("#idea-input", Input)
        await wait_for(pilot, lambda: field.value == "すぐに閉じる", what="the text back")
        await pilot.press("ctrl+u")  # cleared: nothing left to keep
        await wait_for(pilot, lambda: not draft_files(folder), what="the draft removed")
        await pilot.press("ctrl+q")
    assert not draft_files(folder)


async def test_text_left_in_the_field_comes_back_after_a_step_change(tmp_path: Path) -> None:
    app = make_app(tmp_path, current_step="ideas")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"途中まで")
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.press("pageup")
        await pilot.pause()
        field = app.screen.query_one("#idea-input", Input)
        assert field.value == "途中まで" and field.has_focus
        await pilot.press(*"書いた", "enter")  # typed on, not over it
        assert app.screen.meeting.session.ideas[-1].text == "途中まで書いた"


async def test_the_board_quick_add_and_the_roster_keep_drafts(tmp_path: Path, private_data_dir: Path) -> None:
    app = make_app(tmp_path, current_step="ideas")
    folder = folder_of(app, private_data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.query_one("#board-add", Input).focus()
        await pilot.press(*"商店の配達")
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        await pilot.press(*"佐藤")
        # Until the draft holds both keys: a loaded machine may write it once after the first.
        await wait_for(pilot, lambda: (f := draft_files(folder)) and Drafts.from_json(f[0].read_bytes()).fields == {
            "board/board-add": "商店の配達", "roster/roster-name": "佐藤"}, what="the roster draft")
        die(app.screen_stack[1])
    app2 = reopen(app, tmp_path)
    async with app2.run_test(size=SIZE) as pilot:
        meeting = app2.screen
        await wait_for(pilot, lambda: meeting.drafts.loaded, what="the drafts claimed")
        await pilot.press("f4")
        await pilot.pause()
        assert app2.screen.query_one("#board-add", Input).value == "商店の配達"
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert app2.screen.query_one("#roster-name", Input).value == "佐藤"
        await pilot.press("enter")  # added: its draft goes
        await pilot.pause()
        assert "佐藤" in [a.name for a in meeting.meeting.session.attendees]
        await wait_for(pilot, lambda: (f := draft_files(folder)) and Drafts.from_json(f[0].read_bytes()).fields
                       == {"board/board-add": "商店の配達"}, what="only the board's draft left")


async def test_an_open_edit_form_is_kept_and_shown_again_in_the_same_form(tmp_path: Path,
                                                                          private_data_dir: Path) -> None:
    app = make_app(tmp_path, current_step="ideas")
    folder = folder_of(app, private_data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        meeting = app.screen
        idea = meeting.meeting.session.ideas[0]
        original = idea.text
        ideas = meeting.query_one(IdeaList)
        ideas.focus()
        ideas.select_key(idea.id)
        meeting._panel.action_edit()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        area = form.query_one("#field-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press(*"追記")
        # Until the draft holds both keys: a loaded machine may write it once after the first.
        await wait_for(pilot, lambda: (f := draft_files(folder)) and [
            d.values.get("text") for d in Drafts.from_json(f[0].read_bytes()).forms.values()] == [original + "追記"],
            what="the form's draft with what was typed")
        die(meeting)
    app2 = reopen(app, tmp_path)
    seen = notes(app2)
    async with app2.run_test(size=SIZE) as pilot:
        meeting = app2.screen
        await wait_for(pilot, lambda: meeting.drafts.loaded, what="the drafts claimed")
        await wait_for(pilot, lambda: any(original[:10] in n for n in seen), what="the note naming the form")
        assert len(app2.screen_stack) == 2  # said, not popped up
        ideas = meeting.query_one(IdeaList)
        ideas.focus()
        ideas.select_key(idea.id)
        meeting._panel.action_edit()
        await pilot.pause()
        form = app2.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-text", TextArea).text == original + "追記"
        await pilot.press("ctrl+s")  # submitted: the edit is made, the draft goes
        await pilot.pause()
        assert meeting.meeting.session.ideas[0].text == original + "追記"
        await wait_for(pilot, lambda: not draft_files(folder), what="the form's draft removed")


async def test_a_cancelled_form_leaves_no_draft(tmp_path: Path, private_data_dir: Path) -> None:
    app = make_app(tmp_path, current_step="ideas")
    folder = folder_of(app, private_data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        meeting = app.screen
        ideas = meeting.query_one(IdeaList)
        ideas.focus()
        ideas.select_key(meeting.meeting.session.ideas[0].id)
        meeting._panel.action_edit()
        await pilot.pause()
        app.screen.query_one("#field-text", TextArea).focus()
        await pilot.press(*"消す予定")
        await wait_for(pilot, lambda: draft_files(folder), what="the form's draft")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not draft_files(folder), what="the draft removed")


async def test_an_unwritable_data_folder_says_so_once_and_the_text_stays(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setenv("KYOGITAI_DATA_DIR", str(blocked / "data"))
    store = tmp_path / "store"
    store.mkdir()
    app = make_app(store, current_step="ideas")
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"書けない")
        await wait_for(pilot, lambda: any("書きかけを保存できません" in n for n in seen), what="the warning")
        assert app.screen.query_one("#idea-input", Input).value == "書けない"
