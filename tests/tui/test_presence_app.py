"""Many windows on one session through the app (Pilot): opening never asks and is never
read-only; the others' presence is shown quietly in the header and follows them; only the window
that owns the meeting's clock counts time and writes current_step; the clock moves to another
window only when asked (after a yes while its window is there, at once when it is gone); quitting
removes the presence. "Another process" is a presence file written with another token, and two
apps with their own tokens in one test."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Callable

from factories import JST, make_session

from facilitator.presence import Presence, PresenceEnv, SessionPresence
from facilitator.session_load import session_from_json
from facilitator.store import Store, StoreLocation
from screens.app import KyogitaiApp
from screens.choice import ChoiceScreen
from screens.meeting import MeetingScreen
from screens.presence_view import PresenceLine
from pilot_helpers import notes

NOW = datetime(2026, 8, 19, 14, 20, tzinfo=JST)
SID = "2026-08-19-10c4ed"
STARTED = "2026-08-19T14:00:00+09:00"
SC = "w-sc000000001"  # the SC's window, on another machine
REC = "w-rec00000001"  # this app's window (the 記録係)
FAST = (0.2, 0.1)  # presence rewritten every 0.2 s, looked at every 0.1 s


class Ticking:
    """A step clock that moves a second each time it is read: a running timer always has news."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        self.t += 1.0
        return self.t


def saved_session(tmp_path: Path, **overrides):  # type: ignore[no-untyped-def]
    overrides.setdefault("current_step", "ideas")
    s = make_session(id=SID, **overrides)
    Store(tmp_path).save(s)
    return s


def on_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    return session_from_json((tmp_path / f"{SID}.json").read_bytes())


def make_app(tmp_path: Path, session=None, token: str = REC, **kwargs) -> KyogitaiApp:  # type: ignore[no-untyped-def]
    kwargs.setdefault("clock", Ticking())
    env = PresenceEnv(token=token, host="pc-01", user="kiroku", machine="m-01")
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, now=lambda: NOW, presence_env=env, **kwargs)
    app.presence_seconds = FAST
    return app


def other_window(tmp_path: Path, step: str | None = "ideas", token: str = SC) -> SessionPresence:
    """The SC's window on another machine: its presence file, with a fresh heartbeat."""
    env = PresenceEnv(token=token, host="PC-2", user="yamada", pid=4242, machine="m-02", pid_alive=lambda p: True)
    mine = Presence(tmp_path / ".kyogitai", env).join(SID, step)
    mine.beat()
    return mine


async def until(pilot, predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


def line(app: KyogitaiApp) -> str:
    return app.screen.query_one("#presence", PresenceLine).plain


def my_presence(tmp_path: Path, token: str = REC) -> Path:
    return tmp_path / ".kyogitai" / "presence" / f"{SID}.{token}.json"


def footer_keys(app: KyogitaiApp) -> str:
    return " ".join(b.description for _, b, enabled, _ in app.screen.active_bindings.values() if enabled)


# ---------------------------------------------------------------------------------------


async def test_a_second_window_is_editable_and_shows_who_else_is_there(tmp_path):
    session = saved_session(tmp_path, started_at=STARTED, clock_owner=SC)
    sc = other_window(tmp_path)
    app = make_app(tmp_path, session)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: "yamada (PC-2)" in line(app), what="the SC's presence")
        assert line(app) == "ほかに 1 人: yamada (PC-2) — 情報・意見交換"
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        # Editable: no question was asked, typing adds an idea and it is saved.
        await pilot.press(*"記録係のアイデア", "enter")
        await until(pilot, lambda: "記録係のアイデア" in [i.text for i in on_disk(tmp_path).ideas], what="the save")
        # This window does not own the clock: it does not count, and F6 offers to move it here.
        assert not screen.meeting.running and screen.meeting.clock_elsewhere
        assert "時計をこの画面に移す" in footer_keys(app) and "タイマー" not in footer_keys(app)
        # Its own presence is there for the others to see, on its step.
        await until(pilot, lambda: my_presence(tmp_path).exists(), what="this window's presence")
        # The SC moves on: this window follows them in the line within a look.
        sc.beat("comment")
        await until(pilot, lambda: "総評" in line(app), what="the SC's new step")
        assert "会議は今: 総評" in line(app)
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running, what="quit")
    assert not my_presence(tmp_path).exists()  # removed at quit
    assert on_disk(tmp_path).current_step == "ideas"  # the SC's step, never this window's
    assert on_disk(tmp_path).clock_owner == SC


async def test_moving_between_steps_without_the_clock_changes_nothing_in_the_file(tmp_path):
    session = saved_session(tmp_path, started_at=STARTED, clock_owner=SC)
    other_window(tmp_path)
    before = (tmp_path / f"{SID}.json").read_bytes()
    app = make_app(tmp_path, session)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: "yamada" in line(app), what="the SC's presence")
        await pilot.press("pagedown")
        await until(pilot, lambda: app.screen.meeting.current.id == "handoff", what="the next step")
        await until(pilot, lambda: "会議は今: 情報・意見交換" in line(app), what="where the meeting is")
        # Our presence says where we are, for the others.
        await until(pilot, lambda: my_presence(tmp_path).exists()
                    and b'"handoff"' in my_presence(tmp_path).read_bytes(), what="our step in our presence")
        assert app.screen.saver.state == "saved" and not app.screen.saver.dirty
        assert (tmp_path / f"{SID}.json").read_bytes() == before  # an idle window never writes
        await pilot.press("ctrl+q")


async def test_taking_the_clock_asks_while_its_window_is_there_and_then_counts_here(tmp_path):
    session = saved_session(tmp_path, started_at=STARTED, clock_owner=SC)
    other_window(tmp_path)
    app = make_app(tmp_path, session)
    seen = notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: "yamada" in line(app), what="the SC's presence")
        await pilot.press("pagedown")  # this window is at 託す, the meeting at 情報・意見交換
        await until(pilot, lambda: app.screen.meeting.current.id == "handoff", what="the next step")
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen), what="the question")
        assert "yamada (PC-2)" in app.screen.detail
        await pilot.press("escape")  # not now: nothing moved
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen), what="back")
        assert app.screen.meeting.session.clock_owner == SC
        await pilot.press("f6")
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen), what="the question again")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen), what="back")
        m = app.screen.meeting
        assert m.session.clock_owner == REC and m.running and m.session.current_step == "handoff"
        assert any("時計をこの画面に移しました" in n for n in seen)
        await until(pilot, lambda: on_disk(tmp_path).clock_owner == REC, what="the new owner saved")
        assert on_disk(tmp_path).current_step == "handoff"  # the meeting is where this window is
        assert "会議は今" not in line(app)
        assert "時計をこの画面に移す" not in footer_keys(app) and "タイマー" in footer_keys(app)  # pause/resume
        await pilot.press("ctrl+q")


async def test_a_meeting_whose_clock_window_is_gone_gives_the_clock_to_the_window_that_opens_it(tmp_path):
    """The SC's laptop crashed (its presence silent, or never written): reopening the meeting
    elsewhere takes the clock without a question, and the timer runs again."""
    session = saved_session(tmp_path, started_at=STARTED, clock_owner="w-crashed0001")
    app = make_app(tmp_path, session)
    seen = notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: app.screen.meeting.session.clock_owner == REC, what="the clock here")
        assert app.screen.meeting.running and not isinstance(app.screen, ChoiceScreen)
        assert any("閉じていたため" in n for n in seen)
        await until(pilot, lambda: on_disk(tmp_path).clock_owner == REC, what="saved")
        await pilot.press("ctrl+q")


async def test_when_the_clock_window_closes_f6_takes_it_without_asking(tmp_path):
    session = saved_session(tmp_path, started_at=STARTED, clock_owner=SC)
    sc = other_window(tmp_path)
    app = make_app(tmp_path, session)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: "yamada" in line(app), what="the SC's presence")
        assert app.screen.meeting.session.clock_owner == SC  # there: nothing is taken on its own
        sc.leave()  # the SC quit
        await until(pilot, lambda: "時計のあった画面は閉じています" in line(app), what="the owner gone")
        assert app.screen.meeting.session.clock_owner == SC  # still only said
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)  # no question
        assert app.screen.meeting.session.clock_owner == REC and app.screen.meeting.running
        await pilot.press("ctrl+q")


async def test_the_window_that_opens_the_meeting_owns_its_clock(tmp_path):
    session = saved_session(tmp_path)  # not opened yet (no started_at)
    app = make_app(tmp_path, session, token=SC)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("pagedown")  # 開会
        await until(pilot, lambda: on_disk(tmp_path).clock_owner == SC, what="the owner saved")
        saved = on_disk(tmp_path)
        assert saved.started_at is not None and saved.current_step == "handoff"
        await pilot.press("ctrl+q")


async def test_two_apps_on_one_session_both_edit_see_each_other_and_one_owns_the_clock(tmp_path):
    session = saved_session(tmp_path)
    a = make_app(tmp_path, session, token=SC)
    async with a.run_test(size=(120, 36)) as pa:
        await pa.pause()
        await pa.press("f6")  # 開会 in the SC's window
        await until(pa, lambda: on_disk(tmp_path).clock_owner == SC, what="開会 saved")
        b = make_app(tmp_path, Store(tmp_path).load(SID), token=REC)
        async with b.run_test(size=(120, 36)) as pb:
            await until(pb, lambda: "kiroku (pc-01)" in line(b), what="A in B's header")
            await until(pa, lambda: "kiroku (pc-01)" in line(a), what="B in A's header")
            assert a.screen.meeting.running and a.screen.meeting.owns_clock
            assert not b.screen.meeting.running and b.screen.meeting.clock_elsewhere
            await pb.press(*"Bの意見", "enter")
            await until(pb, lambda: "Bの意見" in [i.text for i in on_disk(tmp_path).ideas], what="B's save")
            await pb.press("ctrl+q")
        await until(pa, lambda: "kiroku" not in line(a), what="B gone from A's header")
        await pa.press("ctrl+q")


async def test_a_crashed_save_s_temp_files_are_kept_while_another_window_has_the_session(tmp_path):
    session = saved_session(tmp_path)
    other_window(tmp_path)
    stray = tmp_path / f".{SID}.json.0badf00d.tmp"  # maybe the other window's write in flight
    stray.write_bytes(b'{"half": ')
    app = make_app(tmp_path, session)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert stray.exists()
        await pilot.press("ctrl+q")


async def test_the_home_screen_opens_a_session_open_elsewhere_editable(tmp_path):
    from screens.home import HomeScreen
    from screens.widgets.table_view import TableView

    saved_session(tmp_path, started_at=STARTED, clock_owner=SC)
    other_window(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded, what="home")
        table = app.screen.query_one(TableView)
        table.select_key(SID)
        await pilot.pause()
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen), what="the meeting")
        await until(pilot, lambda: "yamada (PC-2)" in line(app), what="the SC's presence")
        await pilot.press(*"ホームから開いた", "enter")
        await until(pilot, lambda: "ホームから開いた" in [i.text for i in on_disk(tmp_path).ideas], what="the save")
        await pilot.press("ctrl+q")


async def test_the_homework_tracker_changes_a_session_open_elsewhere(tmp_path):
    from facilitator.model import Homework
    from screens.homework_tracker import HomeworkScreen
    from screens.widgets.table_view import TableView

    saved_session(tmp_path, homework=[Homework(id="hw-01", text="停車場所の候補を調べる", owner="田中")])
    other_window(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "loaded", False), what="home")
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, HomeworkScreen), what="the tracker")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one(TableView).select_key("hw-01")
        await pilot.pause()
        await pilot.press("d")
        await until(pilot, lambda: on_disk(tmp_path).homework[0].status == "done", what="the change saved")
        await pilot.press("ctrl+q")


async def test_the_palette_and_f1_offer_moving_the_clock_only_where_it_is_elsewhere(tmp_path):
    from screens.help import HelpScreen
    from test_first_meeting import palette_titles

    session = saved_session(tmp_path, started_at=STARTED, clock_owner=SC)
    other_window(tmp_path)
    app = make_app(tmp_path, session)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: "yamada" in line(app), what="the SC's presence")
        titles = await palette_titles(pilot, "時計")
        assert titles[0] == "時計をこの画面に移す" and "タイマーの一時停止 / 再開" not in titles
        await pilot.press("enter")  # runs it: the question, as from F6
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen), what="the question")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.meeting.session.clock_owner == REC, what="the clock here")
        titles = await palette_titles(pilot)
        assert "時計をこの画面に移す" not in titles and "タイマーの一時停止 / 再開" in titles
        await pilot.press("escape")
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        general = dict(dict(app.screen.sections)["会議の進行"])
        assert "時計をこの画面に移す" in general["F6"]  # one F6 row tells all it does
        await pilot.press("escape")
        await pilot.press("ctrl+q")


def test_snapshot_a_window_without_the_clock(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The 記録係's window while the SC's window (another machine) owns the clock and is at 総評:
    who else is there and where the meeting is under the header, the timer not counting, F6
    offering to move the clock."""
    session = saved_session(tmp_path, started_at=STARTED, clock_owner=SC)
    other_window(tmp_path, "comment")
    app = make_app(tmp_path, session, clock=lambda: 0.0)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await until(pilot, lambda: "会議は今" in line(app), what="the presence line")

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)


async def test_a_window_told_that_the_clock_moved_elsewhere_stops_counting_at_once(tmp_path):
    """What the saves' refresh brings (docs/reliability.md "Saving"): another window took the
    clock. Told so, this window stops counting, says where the meeting is and offers F6."""
    session = saved_session(tmp_path, started_at=STARTED, clock_owner=REC)
    other_window(tmp_path, "comment")
    app = make_app(tmp_path, session)
    async with app.run_test(size=(120, 36)) as pilot:
        await until(pilot, lambda: "yamada" in line(app), what="the SC's presence")
        screen = app.screen
        assert screen.meeting.running
        screen.meeting.session.clock_owner = SC  # as a merge with the SC's take-over leaves it
        screen.meeting.session.current_step = "comment"
        screen.presence.session_changed()
        await pilot.pause()
        assert not screen.meeting.running and screen.meeting.current.id == "ideas"
        assert "会議は今: 総評" in line(app) and "時計をこの画面に移す" in footer_keys(app)
        await pilot.press("ctrl+q")
