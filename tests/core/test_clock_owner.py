"""The meeting's clock owner (facilitator/meeting/clock_owner.py): the window that opened the
meeting counts its time and its step is the meeting's; another window on the same session moves
on its own, counts nothing and changes nothing in the file; taking the clock over is explicit.
No terminal: two Meetings on copies of one session, as two windows would have."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta

from facilitator.merge import merge
from facilitator.meeting import Meeting
from facilitator.session_json import session_to_json
from facilitator.session_load import session_from_json
from factories import JST, make_session

DAY = datetime(2026, 8, 19, 14, 0, tzinfo=JST)
STARTED = "2026-08-19T14:00:00+09:00"


class Clocks:
    def __init__(self) -> None:
        self.seconds = 1000.0
        self.wall = DAY

    def tick(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return self.wall

    def advance(self, seconds: float) -> None:
        self.seconds += seconds
        self.wall += timedelta(seconds=seconds)


def window(session, clocks: Clocks, writer: str, **kwargs) -> Meeting:  # type: ignore[no-untyped-def]
    """One window's Meeting on its own copy of the session (as loaded from the file)."""
    return Meeting(session_from_json(session_to_json(session)), clock=clocks.tick, now=clocks.now,
                   writer=writer, **kwargs)


def test_opening_the_meeting_makes_this_window_the_owner_and_another_window_does_not_count() -> None:
    c = Clocks()
    sc = Meeting(make_session(start_time=None), clock=c.tick, now=c.now, writer="w-sc")
    assert sc.clock_key() == "open"
    sc.open_meeting()
    assert sc.session.clock_owner == "w-sc" and sc.owns_clock and sc.running
    recorder = window(sc.session, c, "w-rec")  # a second window opens the file the SC saved
    assert not recorder.owns_clock and recorder.clock_elsewhere and not recorder.running
    assert recorder.clock_key() == "take"  # F6 offers to move the clock, never pause/resume
    c.advance(300)
    assert sc.elapsed() == 300 and recorder.elapsed() == 0
    assert not recorder.commit_time() and recorder.version == 0  # nothing to write


def test_a_window_without_the_clock_moves_on_its_own_and_never_changes_current_step() -> None:
    c = Clocks()
    base = make_session(started_at=STARTED, current_step="ideas", clock_owner="w-sc")
    recorder = window(base, c, "w-rec")
    assert recorder.current.id == "ideas"
    assert recorder.next_step() is not None and recorder.current.id == "handoff"
    assert recorder.session.current_step == "ideas"  # the meeting is still where the SC is
    assert recorder.meeting_step is not None and recorder.meeting_step.id == "ideas"
    assert recorder.version == 0  # a step change here is no change to the file
    turn = recorder.turn_page(forward=True)
    assert turn.step is not None and not turn.opened and recorder.session.current_step == "ideas"


def test_the_owner_moves_the_meeting() -> None:
    c = Clocks()
    sc = window(make_session(started_at=STARTED, current_step="ideas", clock_owner="w-sc"), c, "w-sc")
    assert sc.owns_clock and sc.running
    sc.next_step()
    assert sc.session.current_step == "handoff" and sc.version == 1


def test_only_the_owner_is_asked_to_close_at_the_last_step() -> None:
    c = Clocks()
    base = make_session(started_at=STARTED, clock_owner="w-sc")
    base.current_step = base.steps[-1].id
    sc, recorder = window(base, c, "w-sc"), window(base, c, "w-rec")
    assert sc.turn_page(forward=True).close_due and sc.close_due_on_quit
    assert not recorder.turn_page(forward=True).close_due and not recorder.close_due_on_quit


def test_taking_the_clock_over_brings_the_meeting_to_this_windows_step() -> None:
    c = Clocks()
    base = make_session(started_at=STARTED, current_step="ideas", clock_owner="w-sc")
    recorder = window(base, c, "w-rec")
    recorder.goto("comment")
    assert recorder.take_clock()
    s = recorder.session
    assert s.clock_owner == "w-rec" and s.current_step == "comment" and recorder.running
    assert recorder.version == 1 and s.clock is not None and s.clock.writer == "w-rec"
    c.advance(60)
    assert recorder.elapsed() == 60
    assert not recorder.take_clock()  # already here
    assert recorder.clock_key() == "pause"


def test_the_clock_cannot_be_taken_before_the_meeting_is_opened_or_after_it_closed() -> None:
    c = Clocks()
    before = window(make_session(clock_owner="w-sc"), c, "w-rec")
    assert not before.take_clock() and before.session.clock_owner == "w-sc"
    ended = window(make_session(started_at=STARTED, ended_at="2026-08-19T16:00:00+09:00", clock_owner="w-sc"),
                   c, "w-rec")
    assert not ended.take_clock()
    assert ended.reopen_meeting() and ended.session.clock_owner == "w-rec" and ended.running  # 再開 takes it


def test_a_window_that_lost_the_clock_in_a_merge_stops_counting() -> None:
    c = Clocks()
    base = make_session(started_at=STARTED, current_step="ideas", clock_owner="w-sc")
    sc = window(base, c, "w-sc")
    c.advance(30)
    sc.session.clock_owner = "w-rec"  # what a merge with the other window's take-over brings
    assert sc.follow_clock() and not sc.running
    assert sc.session.step("ideas").elapsed_seconds == 30  # the time it counted stays
    c.advance(30)
    assert sc.elapsed() == 30 and not sc.follow_clock()


def test_an_older_file_under_way_without_an_owner_is_claimed_by_the_window_that_runs_its_clock() -> None:
    c = Clocks()
    base = make_session(started_at=STARTED, current_step="ideas")
    assert base.clock_owner is None
    m = window(base, c, "w-sc")
    assert m.session.clock_owner == "w-sc" and m.running and m.version == 0
    board_only = window(base, c, "w-board", running=False)  # the board opened from home
    assert board_only.session.clock_owner is None and not board_only.running


def test_clock_owner_round_trips_and_an_older_file_without_it_loads() -> None:
    s = make_session(started_at=STARTED, clock_owner="w-sc")
    assert session_from_json(session_to_json(s)).clock_owner == "w-sc"
    doc = json.loads(session_to_json(make_session()))
    del doc["clock_owner"]  # a file written before the field existed
    assert session_from_json(json.dumps(doc, ensure_ascii=False)).clock_owner is None


def test_two_windows_taking_the_clock_at_once_merge_to_one_owner_quietly_whoever_saves_first() -> None:
    c = Clocks()
    base = make_session(started_at=STARTED, current_step="ideas", clock_owner="w-sc")
    a, b = window(base, c, "w-a"), window(base, c, "w-b")
    a.goto("handoff")
    b.goto("comment")
    assert a.take_clock() and b.take_clock()
    one = merge(copy.deepcopy(base), copy.deepcopy(a.session), copy.deepcopy(b.session), now=STARTED).session
    two = merge(copy.deepcopy(base), copy.deepcopy(b.session), copy.deepcopy(a.session), now=STARTED).session
    assert one.clock_owner == two.clock_owner and one.clock_owner in ("w-a", "w-b")
    assert one.current_step == two.current_step
    assert not one.conflicts and not two.conflicts  # where the clock is is no conflict
