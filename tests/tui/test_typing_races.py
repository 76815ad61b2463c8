"""What is typed stays what was typed, whatever the timing (issue 16, "Many hands on one meeting").

The clock e2e test once ended with the 総評 area holding only the keys typed after F6. The cause:
the keys came in one burst (a loaded machine reads the terminal late) and the text area ran its
own key bindings (Ctrl+U, Backspace …) only once the key had bubbled up to the app — after the
keys typed after it. Here every key of a burst acts in the order it was typed, and the live
refresh and the saves, however slow, never put older text back in a field being typed in.
"""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path
from typing import Callable

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input, TextArea

from facilitator.session_load import session_from_json
from facilitator.store import Store, StoreLocation
from factories import NOW, make_session
from pilot_helpers import SIZE, STARTED_AT, make_app
from screens.app import KyogitaiApp
from screens.meeting import MeetingScreen


def post_burst(app, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
    """All keys at once, as a terminal delivers keys that queued up while the app was busy."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(_character_to_key(key), key))
        else:
            app.post_message(events.Key(key, None))


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        await pilot.pause()


async def test_the_review_typed_in_a_burst_with_ctrl_u_and_f6_keeps_every_key_in_order(tmp_path: Path) -> None:
    """The clock e2e test's keys as one burst: Ctrl+U (empty the area), the review, F6 (pause),
    more text. Ctrl+U acts before the review, F6 pauses and selects nothing."""
    app = make_app(tmp_path, current_step="comment", review="")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        area = screen.query_one("#step-text", TextArea)
        assert area.has_focus and screen.meeting.running
        post_burst(app, ["ctrl+u", *"月2回の乗り合い", "f6", *"。3便"])
        await settle(pilot)
        assert area.text == "月2回の乗り合い。3便"
        assert screen.meeting.session.review == "月2回の乗り合い。3便"
        assert not screen.meeting.running  # F6 paused the clock


async def test_editing_keys_in_the_review_act_in_the_order_typed(tmp_path: Path) -> None:
    """Backspace, Ctrl+U, Enter and ← in a burst act where they were typed."""
    app = make_app(tmp_path, current_step="comment", review="")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        area = app.screen.query_one("#step-text", TextArea)
        post_burst(app, [*"見守りか", "backspace", *"隊", "enter", *"消す文", "ctrl+u", *"送迎", "left", *"の"])
        await settle(pilot)
        assert area.text == "見守り隊\n送の迎"


BURST = ["ctrl+u", *"見守りか", "backspace", *"隊", "left", *"の"]  # Ctrl+U first: it empties the field
TYPED = "見守りの隊"


async def open_board(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("f4")


async def open_roster(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("f3")


async def open_form(pilot) -> None:  # type: ignore[no-untyped-def]
    from screens.form import FormField, FormScreen

    await pilot.app.push_screen(FormScreen("アイデアを編集", [FormField("text", "内容"), FormField("note", "メモ", multiline=True)]))


@pytest.mark.parametrize(("step", "opened_by", "field_id"), [
    ("recap", None, "recap-notes"),
    ("comment", None, "review-by"),
    ("close", None, "next-place"),
    ("close", None, "next-agenda"),
    ("ideas", open_board, "board-vision"),
    ("ideas", open_roster, "roster-name"),
    ("ideas", open_form, "field-text"),
    ("ideas", open_form, "field-note"),
])
async def test_every_field_of_the_meeting_takes_a_burst_in_the_order_typed(tmp_path: Path, step, opened_by, field_id) -> None:  # type: ignore[no-untyped-def]
    """The step's text areas and one-line fields, the board's vision, the roster and a form's
    fields: what was typed before Ctrl+U goes, what was typed after it stays, ⌫ and ← act where
    they were typed."""
    app = make_app(tmp_path, current_step=step, ideas=[])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if opened_by is not None:
            await opened_by(pilot)
            await settle(pilot)
        field = app.screen.query_one(f"#{field_id}")
        assert isinstance(field, (Input, TextArea))
        field.focus()
        field.clear()  # (what the step shows already is not the point)
        await settle(pilot)
        post_burst(app, [*"消す", *BURST])
        await settle(pilot)
        assert (field.text if isinstance(field, TextArea) else field.value) == TYPED


# Fields that keep Textual's own key handling: outside the meeting, and home's search is in the
# first frame (in_order.py brings TextArea's import with it); in_order.py makes the in-order ones.
PLAIN_FIELDS = {"screens/home/filters.py", "screens/export_dialog.py", "screens/widgets/in_order.py"}


def test_no_field_in_the_screens_is_a_bare_input_or_text_area() -> None:
    """Every Input or TextArea made or subclassed in screens/ is an in-order one (a new field
    made with Textual's own class would bring the reordered keys back)."""
    root = Path(__file__).resolve().parents[2]
    bare = re.compile(r"(?:^|[^\w.])(?:Input|TextArea)\(|class \w+\((?:[\w, ]*[ (])?(?:Input|TextArea)[,)]")
    found = []
    for path in sorted((root / "screens").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if bare.search(line) and "isinstance" not in line and name not in PLAIN_FIELDS:
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == []


@pytest.mark.parametrize(("pasted", "expected"), [
    ("スライドの行\x0b次の行", "スライドの行\n次の行続き"),  # (the area takes \x0b as a line break)
    ("右から\u202e左へ", "右から左へ続き"),
    ("ベル\x07", "ベル続き"),
])
async def test_text_pasted_with_a_control_character_is_still_ours_and_what_follows_is_saved(tmp_path: Path, pasted: str, expected: str) -> None:
    """A control character the session does not keep (PowerPoint's line break \\x0b, a bidi
    override, a bell) pasted into the 総評: the session's text without it is this window's own,
    never taken for another writer's — what is typed after it reaches the session, and leaving
    the area leaves nothing in the conflicts."""
    app = make_app(tmp_path, current_step="comment", review="")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        area = screen.query_one("#step-text", TextArea)
        app.post_message(events.Paste(pasted))
        await settle(pilot)
        await pilot.press(*"続き")
        await settle(pilot)
        assert screen.meeting.session.review == expected
        screen.query_one("#rail").focus()
        await settle(pilot)
        assert screen.meeting.session.review == expected and area.text == expected
        assert screen.meeting.session.conflicts == []


# -- the live refresh and the saves, with a file on disk ---------------------------------------


def stored_app(root: Path, **overrides) -> tuple[KyogitaiApp, Path]:  # type: ignore[no-untyped-def]
    """The meeting screen on a session already in the store, under way (its clock runs)."""
    overrides.setdefault("started_at", STARTED_AT)
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


def on_disk(path: Path):  # type: ignore[no-untyped-def]
    return session_from_json(path.read_bytes())


async def until(pilot, predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:  # type: ignore[no-untyped-def]
    waited = 0.0
    while not predicate():
        if waited > timeout:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)
        waited += 0.05


async def test_a_vision_typed_with_a_space_at_its_end_is_not_taken_for_another_writers(tmp_path: Path) -> None:
    """The vision is stored trimmed: 「みんなで 」 being typed is 「みんなで」 in the session. Another
    writer's change elsewhere (a card) coming in meanwhile must not make that trimmed text look
    like theirs — leaving the field keeps no conflict of the window's own words."""
    app, path = stored_app(tmp_path, current_step="ideas")
    async with app.run_test(size=SIZE) as pilot:
        meeting_screen = app.screen
        assert isinstance(meeting_screen, MeetingScreen)
        await until(pilot, lambda: meeting_screen.saver.polls >= 1, what="the first look at the file")
        await pilot.press("f4")
        await until(pilot, lambda: app.screen is not meeting_screen, what="the board")
        board = app.screen
        vision = board.query_one("#board-vision", Input)
        vision.focus()
        vision.value = ""
        await pilot.press(*"みんなで", "space")
        await until(pilot, lambda: on_disk(path).board.vision == "みんなで", what="the vision saved")
        outside_edit(path, lambda d: d.update(title="外で直した題"))
        await until(pilot, lambda: meeting_screen.meeting.session.title == "外で直した題", timeout=5,
                    what="the outside change in the meeting")
        await pilot.press(*"支える")
        board.query_one("#board-add", Input).focus()
        await until(pilot, lambda: on_disk(path).board.vision == "みんなで 支える", what="the whole vision saved")
        await settle(pilot)
        assert meeting_screen.meeting.session.conflicts == [] and on_disk(path).conflicts == []
        assert vision.value == "みんなで 支える"


class SlowWrites:
    """The store's writes held at the door until ``release`` (a slow share, a loaded machine):
    ``held`` is set once a save is waiting there."""

    def __init__(self, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        self.held = threading.Event()
        self._open = threading.Event()
        self.writes = 0
        original = Store.write_session

        def write_session(store, *args, **kwargs):  # type: ignore[no-untyped-def]
            if not self._open.is_set():
                self.held.set()
                self._open.wait(20)
            self.writes += 1
            return original(store, *args, **kwargs)

        monkeypatch.setattr(Store, "write_session", write_session)

    def release(self) -> None:
        self._open.set()


async def test_keys_and_f6_typed_during_a_slow_save_stay_and_the_save_is_never_taken_for_another_writers(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The review typed, its save held at the door, more keys and F6 typed meanwhile: the area
    keeps every key, the meeting takes in nothing (its own save coming back through the live
    refresh is not another writer's change), and the file ends with the whole review."""
    app, path = stored_app(tmp_path, current_step="comment", review="")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        area = screen.query_one("#step-text", TextArea)
        await until(pilot, lambda: screen.saver.polls >= 1, what="the first look at the file")
        slow = SlowWrites(monkeypatch)
        await pilot.press(*"月2回")
        await until(pilot, slow.held.is_set, what="a save held at the door")
        await pilot.press(*"の乗り合い", "f6", *"で3便")
        await settle(pilot)
        full = "月2回の乗り合いで3便"
        assert area.text == full and screen.meeting.session.review == full and not screen.meeting.running
        slow.release()
        await until(pilot, lambda: on_disk(path).review == full and screen.saver.state == "saved",
                    what="the whole review saved")
        polls = screen.saver.polls
        await until(pilot, lambda: screen.saver.polls >= polls + 3, what="three more looks at the file")
        assert screen.meeting.adopted == 0  # only this window wrote: nothing came in
        assert area.text == full and area.has_focus and slow.writes >= 2
        assert on_disk(path).review == full


async def test_another_writers_change_landing_during_a_slow_save_is_merged_and_the_typing_stays(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Another writer saves while this window's save waits at the door, and keys are typed
    meanwhile: the save merges, the meeting takes the merge in once, the area keeps every key
    (cursor at the end), and the later looks at the file take nothing more in."""
    app, path = stored_app(tmp_path, current_step="comment", review="")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        area = screen.query_one("#step-text", TextArea)
        await until(pilot, lambda: screen.saver.polls >= 1, what="the first look at the file")
        slow = SlowWrites(monkeypatch)
        await pilot.press(*"月2回")
        await until(pilot, slow.held.is_set, what="a save held at the door")
        outside_edit(path, lambda d: d.update(title="外で直した題"))
        await pilot.press(*"の乗り合い")
        slow.release()
        await until(pilot, lambda: screen.meeting.session.title == "外で直した題", what="the merge taken in")
        await pilot.press(*"で3便")
        full = "月2回の乗り合いで3便"
        await until(pilot, lambda: on_disk(path).review == full and screen.saver.state == "saved",
                    what="the whole review saved")
        assert on_disk(path).title == "外で直した題"
        adopted, polls = screen.meeting.adopted, screen.saver.polls
        await until(pilot, lambda: screen.saver.polls >= polls + 3, what="three more looks at the file")
        assert screen.meeting.adopted == adopted == 1
        assert area.text == full and area.cursor_location == area.document.end
        assert screen.meeting.session.conflicts == []


async def test_the_clock_claimed_at_opening_is_not_undone_by_the_first_look_at_the_file(tmp_path: Path) -> None:
    """An older file under way without a clock owner: the window that opens it claims the clock.
    The file, which does not have the claim yet, is what the window read — not another writer's
    change: the looks at it take nothing in and the claim stays, to be written by the next save."""
    app, path = stored_app(tmp_path, current_step="comment", review="")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        me = screen.meeting.writer
        assert screen.meeting.session.clock_owner == me and on_disk(path).clock_owner is None
        await until(pilot, lambda: screen.saver.polls >= 3, what="three looks at the file")
        assert screen.meeting.adopted == 0
        assert screen.meeting.session.clock_owner == me and screen.meeting.running
        await pilot.press(*"総評")
        await until(pilot, lambda: on_disk(path).review == "総評", what="the review saved")
        assert on_disk(path).clock_owner == me


def add_outside_recap_line(data: dict) -> None:
    for step in data["steps"]:
        if step["id"] == "recap":
            step["notes"] = "外の行\n" + step["notes"]


def add_outside_agenda_item(data: dict) -> None:
    data["next_meeting"]["agenda"].insert(0, "外の議題")


@pytest.mark.parametrize(("step", "field_id", "change", "saved", "merged"), [
    ("recap", "recap-notes", add_outside_recap_line,
     lambda s: s.step("recap").notes, "外の行\n一行目\nmine2"),
    ("close", "next-agenda", add_outside_agenda_item,
     lambda s: "\n".join(s.next_meeting.agenda), "一行目\nmine2\n外の議題"),
])
async def test_the_recap_notes_and_the_agenda_being_typed_keep_another_writers_lines(tmp_path: Path, step, field_id, change, saved, merged) -> None:  # type: ignore[no-untyped-def]
    """前回の振り返り's notes and the next meeting's agenda, typed in while another writer adds a
    line: the area keeps what is typed, the next keystroke saves both (their line was written
    over), and leaving the area shows the merge."""
    app, path = stored_app(tmp_path, current_step=step)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        await until(pilot, lambda: screen.saver.polls >= 1, what="the first look at the file")
        area = screen.query_one(f"#{field_id}", TextArea)
        area.focus()
        area.load_text("一行目")
        area.move_cursor(area.document.end)
        await pilot.press("enter", *"mine")
        await until(pilot, lambda: saved(on_disk(path)) == "一行目\nmine", what="our lines saved")
        adopted = screen.meeting.adopted
        outside_edit(path, change)
        await until(pilot, lambda: screen.meeting.adopted > adopted, timeout=5, what="their line taken in")
        assert area.text == "一行目\nmine" and area.has_focus  # untouched while typed in
        await pilot.press("2")
        await until(pilot, lambda: saved(on_disk(path)) == merged, what="both saved")
        assert area.text == "一行目\nmine2"
        screen.query_one("#rail").focus()  # leaving the area shows the merge
        await until(pilot, lambda: area.text == merged, what="the merge in the area")
        assert not on_disk(path).conflicts


async def test_f6_and_f7_in_a_forms_text_area_select_nothing(tmp_path: Path) -> None:
    """F6 (the clock) and F7 (bright) pressed in a form's text area over the meeting, where they
    have no use: the text is not selected, so the next keys add to it instead of replacing it."""
    app = make_app(tmp_path, ideas=[])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_form(pilot)
        await settle(pilot)
        area = app.screen.query_one("#field-note", TextArea)
        area.focus()
        await settle(pilot)
        post_burst(app, [*"見守り", "f6", *"隊", "f7", *"の会"])
        await settle(pilot)
        assert area.text == "見守り隊の会" and area.selected_text == ""


async def test_keys_typed_right_after_f4_go_to_the_boards_card_field_not_the_vision(tmp_path: Path) -> None:
    """F4 and a card typed at once: the board shows with the card field focused (auto focus),
    so none of the keys reach the vision field that comes first on the screen."""
    from facilitator.model import Board
    from screens.board import BoardScreen

    app = make_app(tmp_path, board=Board(vision="助け合えるまち"))
    s = app.session
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        post_burst(app, ["f4", *"即カード"])
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        assert board.query_one("#board-add").value == "即カード"
        assert board.query_one("#board-vision").value == "助け合えるまち"
        assert s.board.vision == "助け合えるまち"


async def test_an_idea_typed_and_ctrl_q_in_one_burst_is_kept_whole_as_a_draft(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Q is handled before the keys typed just before it reach the field: the quit waits
    for them, so the draft the next opening restores holds the whole text, not its start."""
    from facilitator.drafts import Drafts

    data = tmp_path / "data"
    monkeypatch.setenv("KYOGITAI_DATA_DIR", str(data))
    app = make_app(tmp_path, current_step="ideas")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        post_burst(app, [*"途中まで書いたアイデア", "ctrl+q"])
        for _ in range(40):
            if not app.is_running:
                break
            await pilot.pause(0.05)
    files = [f for f in data.rglob("*.json") if f.name.startswith(app.session.id)]
    assert len(files) == 1
    assert Drafts.from_json(files[0].read_bytes()).fields == {"ideas/idea-input": "途中まで書いたアイデア"}


async def test_text_typed_and_pagedown_in_one_burst_stays_with_its_step(tmp_path: Path) -> None:
    """Text and PgDn in one burst: the text is the ideas step's (kept in its field for the way
    back). (Pilot does not reorder these keys as a loaded terminal can, so this holds the
    behaviour, not the race; the race is proved by the Ctrl+Q test above.)"""
    app = make_app(tmp_path, current_step="ideas")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        post_burst(app, [*"途中まで書いた", "pagedown"])
        await settle(pilot)
        assert screen.meeting.current.id != "ideas"
        post_burst(app, ["pageup"])
        await settle(pilot)
        assert screen.query_one("#idea-input").value == "途中まで書いた"
