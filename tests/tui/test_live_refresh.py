"""Many hands on one meeting, in the meeting screen: another writer's save shows up within a
second without touching the field being typed in, a save merges instead of overwriting, and
windows with no edits of their own never write (screens/saver.py, facilitator/sharing/)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

from textual.widgets import Input, Static, TextArea

from facilitator.meeting import Meeting
from facilitator.session_load import session_from_json
from facilitator.store import Store, StoreLocation
from factories import NOW, make_session
from pilot_helpers import SIZE, notes
from screens.app import KyogitaiApp
from screens.meeting import MeetingScreen
from screens.widgets.row_list import RowList


def stored_app(root: Path, **overrides) -> tuple[KyogitaiApp, Path]:  # type: ignore[no-untyped-def]
    """The meeting screen on a session already in the store (a meeting not opened yet: its
    clock does not run, as in a window that does not own it)."""
    overrides.setdefault("current_step", "ideas")
    session = make_session(**overrides)
    Store(root).save(session)
    app = KyogitaiApp(StoreLocation(root, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)
    return app, root / f"{session.id}.json"


def outside_edit(path: Path, change: Callable[[dict], None]) -> None:
    """A script: load the JSON, change it, os.replace it over the file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    tmp = path.with_name(".outside.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def add_outside_idea(text: str, idea_id: str, title: str | None = None) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        data["ideas"].append({"id": idea_id, "text": text, "kind": "unsorted", "interest": 0, "status": "open"})
        if title is not None:
            data["title"] = title
    return change


async def until(pilot, predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:  # type: ignore[no-untyped-def]
    waited = 0.0
    while not predicate():
        if waited > timeout:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)
        waited += 0.05


def texts(session) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.text for i in session.ideas]


def on_disk(path: Path):  # type: ignore[no-untyped-def]
    return session_from_json(path.read_bytes())


def shown(widget: Static) -> str:
    return str(widget.render())


async def test_an_outside_change_shows_within_a_second_and_the_field_being_typed_in_is_untouched(tmp_path):  # type: ignore[no-untyped-def]
    app, path = stored_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        field = screen.query_one("#idea-input", Input)
        await until(pilot, lambda: screen.saver.polls >= 1, what="the first look at the file")
        field.focus()
        await pilot.press(*"kakikake")
        field.cursor_position = 4
        outside_edit(path, add_outside_idea("外から: 公民館の送迎", "idea-outside", title="第3回 定例会（外で直した）"))
        await until(pilot, lambda: "外から: 公民館の送迎" in texts(screen.meeting.session), timeout=5,
                    what="the outside idea in the meeting")
        await pilot.pause()
        assert "外で直した" in shown(screen.query_one("#header-title", Static))
        rows = screen.query_one("#idea-list", RowList).rows
        assert any(r.key == "idea-outside" and "外から: 公民館の送迎" in r.text.plain for r in rows)
        assert field.value == "kakikake" and field.cursor_position == 4 and field.has_focus
        # Our own idea, typed on: saved with the outside idea and title, nothing overwritten.
        await pilot.press("enter")
        await until(pilot, lambda: "kakikake" in texts(on_disk(path)), what="the idea saved")
        final = on_disk(path)
        assert texts(final).count("外から: 公民館の送迎") == 1
        assert final.title == "第3回 定例会（外で直した）"
        await until(pilot, lambda: screen.saver.state == "saved", what="saved")


async def test_the_text_being_typed_keeps_its_lines_and_the_outside_lines_are_kept_too(tmp_path):  # type: ignore[no-untyped-def]
    app, path = stored_app(tmp_path, current_step="comment", review="一行目")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        area = screen.query_one("#step-text", TextArea)
        await until(pilot, lambda: screen.saver.polls >= 1, what="the first look at the file")
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press("enter", *"mine")
        await until(pilot, lambda: on_disk(path).review == "一行目\nmine", what="our line saved")
        outside_edit(path, lambda d: d.update(review="外の行\n" + d["review"]))
        await until(pilot, lambda: "外の行" in screen.meeting.session.review, timeout=5, what="the outside line")
        assert area.text == "一行目\nmine" and area.has_focus  # untouched while typed in
        await pilot.press(*"2")
        await until(pilot, lambda: on_disk(path).review == "外の行\n一行目\nmine2", what="both saved")
        assert area.text == "一行目\nmine2"
        screen.query_one("#rail").focus()  # leaving the field shows the merged text
        await until(pilot, lambda: area.text == "外の行\n一行目\nmine2", what="the merge in the area")
        assert not on_disk(path).conflicts  # a clean merge: nothing for the SC to resolve


async def test_two_idle_windows_never_write(tmp_path):  # type: ignore[no-untyped-def]
    session = make_session(current_step="ideas")
    store = Store(tmp_path)
    store.save(session)
    path = tmp_path / f"{session.id}.json"
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), clock=lambda: 0.0, now=lambda: NOW, store=store)
    async with app.run_test(size=SIZE) as pilot:
        windows = []
        for writer in ("w-one", "w-two"):  # two windows, no lock: as two machines would
            meeting = Meeting(Store(tmp_path).load(session.id), clock=lambda: 0.0, now=lambda: NOW,
                              running=False, writer=writer)
            screen = MeetingScreen(meeting, Store(tmp_path))
            screen.saver.poll_interval = 0.1
            await app.push_screen(screen)
            windows.append(screen)
        before = path.read_bytes(), os.stat(path).st_mtime_ns

        def polled(n: int) -> Callable[[], bool]:
            start = [w.saver.polls for w in windows]
            return lambda: all(w.saver.polls >= s + n for w, s in zip(windows, start))

        await until(pilot, polled(6), what="several looks at the file by both windows")
        assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before
        # Another writer saves: both take it in, and still neither writes.
        outside_edit(path, add_outside_idea("外から", "idea-outside"))
        written = path.read_bytes(), os.stat(path).st_mtime_ns
        await until(pilot, lambda: all("外から" in texts(w.meeting.session) for w in windows), timeout=5,
                    what="both windows took the change in")
        await until(pilot, polled(6), what="several more looks")
        assert (path.read_bytes(), os.stat(path).st_mtime_ns) == written
        assert all(w.saver.state == "saved" and w.meeting.version == 0 for w in windows)


async def test_typed_text_the_merge_cannot_place_goes_to_the_conflicts_not_away(tmp_path):  # type: ignore[no-untyped-def]
    app, path = stored_app(tmp_path, current_step="comment", review="一行目")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        area = screen.query_one("#step-text", TextArea)
        await until(pilot, lambda: screen.saver.polls >= 1, what="the first look at the file")
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press("X")
        await until(pilot, lambda: on_disk(path).review == "一行目X", what="our edit saved")
        outside_edit(path, lambda d: d.update(review="外で直した一行目"))  # the same line
        await until(pilot, lambda: screen.meeting.session.review == "外で直した一行目", timeout=5,
                    what="the outside edit")
        await pilot.press("Y")
        assert area.text == "一行目XY"
        # At once, while the area still has the focus: said in the header and saved, not only on the screen.
        await until(pilot, lambda: [c.value for c in on_disk(path).conflicts] == ["一行目XY"],
                    what="the typed text kept in conflicts")
        assert str(screen.query_one("#conflict-marker", Static).render()) == "確認が必要 1件"
        await pilot.press("Z")  # typing on: the same entry follows it
        await until(pilot, lambda: [c.value for c in on_disk(path).conflicts] == ["一行目XYZ"],
                    what="the entry kept up to date")
        assert area.text == "一行目XYZ" and area.has_focus
        screen.query_one("#rail").focus()
        await until(pilot, lambda: area.text == "外で直した一行目", what="the other writer's line shown on leaving")
        await until(pilot, lambda: screen.saver.state == "saved" and not screen.saver.dirty, what="all saved")
        assert on_disk(path).review == "外で直した一行目"
        assert [c.value for c in on_disk(path).conflicts] == ["一行目XYZ"]


async def test_the_boards_vision_being_typed_stays_and_the_one_it_replaced_is_kept(tmp_path):  # type: ignore[no-untyped-def]
    app, path = stored_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        meeting_screen = app.screen
        await until(pilot, lambda: meeting_screen.saver.polls >= 1, what="the first look at the file")
        await pilot.press("f4")
        await until(pilot, lambda: app.screen is not meeting_screen, what="the board")
        board = app.screen
        vision = board.query_one("#board-vision", Input)
        vision.focus()
        vision.value = ""
        await pilot.press(*"ours")
        await until(pilot, lambda: on_disk(path).board.vision == "ours", what="our vision saved")
        outside_edit(path, lambda d: d["board"].update(vision="theirs"))
        await until(pilot, lambda: meeting_screen.meeting.session.board.vision == "theirs", timeout=5,
                    what="the outside vision in the meeting")
        assert vision.value == "ours" and vision.has_focus  # as typed
        await pilot.press("!")
        board.query_one("#board-add", Input).focus()
        await until(pilot, lambda: any(c.value == "theirs" and c.path == "board/vision"
                                       for c in on_disk(path).conflicts), what="theirs kept in conflicts")
        assert on_disk(path).board.vision == "ours!" and vision.value == "ours!"
        # Changed outside while nobody types in it: shown at once.
        outside_edit(path, lambda d: d["board"].update(vision="みんなの"))
        await until(pilot, lambda: vision.value == "みんなの", timeout=5, what="the new vision shown")


async def test_the_next_meetings_fields_show_an_outside_change_but_not_over_the_one_typed_in(tmp_path):  # type: ignore[no-untyped-def]
    app, path = stored_app(tmp_path, current_step="close")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await until(pilot, lambda: screen.saver.polls >= 1, what="the first look at the file")
        place, time_field = screen.query_one("#next-place", Input), screen.query_one("#next-time", Input)
        time_field.focus()
        time_field.value = "15:"
        outside_edit(path, lambda d: d["next_meeting"].update(place="役場 2階", start_time="13:30",
                                                                 agenda=["外から足した議題"]))
        await until(pilot, lambda: place.value == "役場 2階", timeout=5, what="the outside place shown")
        assert time_field.value == "15:" and time_field.has_focus  # the field being typed in
        assert "外から足した議題" in screen.query_one("#next-agenda", TextArea).text


async def test_opening_a_session_brings_back_a_gone_windows_unsaved_edits_and_saves_them(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from facilitator.session_json import session_to_json
    from facilitator.sharing import RecoveryFolder, SessionFile
    from facilitator.store import FileOps
    from facilitator.userdata import user_data_dir

    class Unreachable(FileOps):
        def open(self, path: str) -> int:
            raise OSError(112, "The network name is no longer available")

    session = make_session(current_step="ideas")
    Store(tmp_path).save(session)
    path = tmp_path / f"{session.id}.json"
    # A window whose saves failed (the share was gone), then it died: its edits are in its copy.
    gone = Meeting(Store(tmp_path).load(session.id), clock=lambda: 0.0, now=lambda: NOW, running=False,
                   writer="w-gone")
    f = SessionFile(Store(tmp_path, fs=Unreachable()), session.id, recovery=RecoveryFolder(user_data_dir(), tmp_path))
    f.open(session_to_json(gone.session).encode("utf-8"))
    gone.add_idea("落ちた窓で出たアイデア")
    try:
        f.save(session_to_json(gone.session).encode("utf-8"))
    except OSError:
        pass
    f.close(unsaved=True)

    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=Store(tmp_path).load(session.id),
                      clock=lambda: 0.0, now=lambda: NOW)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await until(pilot, lambda: "落ちた窓で出たアイデア" in texts(on_disk(path)), what="the recovered idea saved")
        assert "落ちた窓で出たアイデア" in texts(screen.meeting.session)
        assert any("復元しました" in m for m in seen)
        await until(pilot, lambda: screen.saver.state == "saved", what="saved")
    assert not list((user_data_dir() / "recovery").rglob("*.json*"))


async def test_an_edit_form_writes_only_what_was_changed_in_it_and_merges_the_rest(tmp_path):  # type: ignore[no-untyped-def]
    from screens.form import FormScreen
    from screens.panels.ideas import IdeaList

    app, path = stored_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await until(pilot, lambda: screen.saver.polls >= 1, what="the first look at the file")
        idea = screen.meeting.session.ideas[1]  # コミュニティバスの増便, 企画課
        ideas = screen.query_one(IdeaList)
        ideas.focus()
        ideas.select_key(idea.id)
        screen._panel.action_edit()
        await until(pilot, lambda: isinstance(app.screen, FormScreen) and bool(app.screen.query("#field-text")),
                    what="the edit form")
        form = app.screen
        area = form.query_one("#field-text", TextArea)
        area.move_cursor(area.document.end)
        area.insert("\n平日の朝も")  # a line added here

        def outside(d: dict) -> None:  # meanwhile another writer: the department, a line of its own
            d["ideas"][1]["department"] = "福祉課"
            d["ideas"][1]["text"] = "【要望】" + "\n" + d["ideas"][1]["text"]
        outside_edit(path, outside)
        await until(pilot, lambda: idea.department == "福祉課", timeout=5, what="the outside change taken in")
        form.query_one("#field-text", TextArea).focus()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: on_disk(path).ideas[1].text == "【要望】\nコミュニティバスの増便\n平日の朝も",
                    what="both lines saved")
        assert on_disk(path).ideas[1].department == "福祉課"  # not written back with the form's old value
        assert not on_disk(path).conflicts


async def test_a_script_writing_over_a_save_it_never_saw_does_not_lose_the_windows_idea(tmp_path):  # type: ignore[no-untyped-def]
    """The script read the file before the window's save and writes its older copy back: the
    window's idea is gone from the file (absence is not deletion: the window keeps it) — and the
    window, seeing it dropped, saves it back without an edit of its own."""
    app, path = stored_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        await until(pilot, lambda: screen.saver.polls >= 1, what="the first look at the file")
        older = json.loads(path.read_text(encoding="utf-8"))  # the script reads …
        field = screen.query_one("#idea-input", Input)
        field.focus()
        await pilot.press(*"mine", "enter")
        await until(pilot, lambda: "mine" in texts(on_disk(path)), what="the idea saved")
        add_outside_idea("外から: 古い写しに足した案", "idea-outside")(older)  # … and writes its copy back
        outside_edit(path, lambda d: (d.clear(), d.update(older)))
        await until(pilot, lambda: "外から: 古い写しに足した案" in texts(screen.meeting.session), timeout=5,
                    what="the outside idea in the meeting")
        assert "mine" in texts(screen.meeting.session)
        await until(pilot, lambda: "mine" in texts(on_disk(path)), timeout=5, what="the dropped idea saved back")
        final = on_disk(path)
        assert texts(final).count("mine") == 1 and texts(final).count("外から: 古い写しに足した案") == 1
