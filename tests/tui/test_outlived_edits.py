"""Editing an item that another window deletes meanwhile (QA, issue 16): a opens 「アイデアを編集」
on an idea, b deletes it, a appends to the text and presses Ctrl+S. Nothing typed is lost and no
internal id is shown: the idea comes back at its place with the edit, a notice says why, both
windows and the file have it, and Ctrl+R takes it out again."""

from __future__ import annotations

import time
from pathlib import Path

from textual.widgets import TextArea

from facilitator.meeting import Meeting
from facilitator.session_load import session_from_json
from facilitator.store import Store, StoreLocation
from factories import NOW, make_session
from pilot_helpers import SIZE, notes
from screens.app import KyogitaiApp
from screens.form import FormScreen
from screens.meeting import MeetingScreen
from screens.panels.ideas import IdeaList

ORIGINAL = ["乗り合いで買い物に行く", "コミュニティバスの増便", "サロンでスマホ教室"]
EDITED = ["乗り合いで買い物に行く", "コミュニティバスの増便（編集）", "サロンでスマホ教室"]


async def until(pilot, predicate, what: str, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


def texts(session) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.text for i in session.ideas]


async def test_an_idea_deleted_in_another_window_while_edited_comes_back_with_the_edit(tmp_path: Path) -> None:
    session = make_session(current_step="ideas")
    Store(tmp_path).save(session)
    path = tmp_path / f"{session.id}.json"
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), clock=lambda: 0.0, now=lambda: NOW, store=Store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        windows = {}
        for writer in ("w-b", "w-a"):  # two windows, as two processes; a's on top
            meeting = Meeting(Store(tmp_path).load(session.id), clock=lambda: 0.0, now=lambda: NOW,
                              running=False, writer=writer)
            window = MeetingScreen(meeting, Store(tmp_path))
            window.saver.poll_interval = 0.1
            await app.push_screen(window)
            windows[writer] = window
        a, b = windows["w-a"], windows["w-b"]
        await until(pilot, lambda: a.saver.polls >= 1 and b.saver.polls >= 1, "the first looks at the file")
        seen = notes(app)
        ideas = a.query_one(IdeaList)
        ideas.focus()
        ideas.select_key("idea-02")
        await pilot.press("enter")  # アイデアを編集
        await until(pilot, lambda: isinstance(app.screen, FormScreen), "the edit form")
        form = app.screen
        b.meeting.delete_idea("idea-02")  # b: Del on the same idea, saved
        await until(pilot, lambda: "コミュニティバスの増便" not in texts(session_from_json(path.read_bytes())), "b's deletion saved")
        await until(pilot, lambda: "コミュニティバスの増便" not in texts(a.meeting.session), "a took the deletion in")
        text = form.query_one(TextArea)
        text.focus()
        await pilot.press("end")
        text.insert("（編集）")  # as an IME commits it
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is a, "the form closed")
        assert texts(a.meeting.session) == EDITED  # back at its place, with the edit
        assert any("別の画面で削除されたアイデアだったので" in n for n in seen), seen
        assert not any("idea-" in n for n in seen), seen  # no internal id said anywhere
        await until(pilot, lambda: texts(session_from_json(path.read_bytes())) == EDITED, "saved")
        await until(pilot, lambda: texts(b.meeting.session) == EDITED, "in the other window")
        await pilot.press("ctrl+r")  # undo: taken out again
        await until(pilot, lambda: texts(a.meeting.session) == [ORIGINAL[0], ORIGINAL[2]], "undone")
        await until(pilot, lambda: texts(session_from_json(path.read_bytes())) == [ORIGINAL[0], ORIGINAL[2]],
                    "the undo saved")
