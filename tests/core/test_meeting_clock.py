"""開会 and 散会 (facilitator/meeting/opening.py): started_at and ended_at, and the step clock kept
to them. No terminal: a hand-moved monotonic clock and a hand-moved wall clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from facilitator.meeting import Meeting
from facilitator.model import timestamp
from facilitator.session_json import session_to_json
from facilitator.session_load import session_from_json
from factories import JST, make_session

DAY = datetime(2026, 8, 19, 13, 58, tzinfo=JST)


class Clocks:
    """``tick`` (monotonic seconds) and ``now`` (the wall clock) moved together by ``advance``."""

    def __init__(self, wall: datetime = DAY) -> None:
        self.seconds = 1000.0
        self.wall = wall

    def tick(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return self.wall

    def advance(self, seconds: float) -> None:
        self.seconds += seconds
        self.wall += timedelta(seconds=seconds)


def meeting(clocks: Clocks, running: bool = True, **overrides) -> Meeting:  # type: ignore[no-untyped-def]
    overrides.setdefault("start_time", None)
    return Meeting(make_session(**overrides), clock=clocks.tick, now=clocks.now, running=running)


def stamp(wall: datetime) -> str:
    return timestamp(wall)


# -- before 開会 ---------------------------------------------------------------------------

def test_a_session_never_opened_keeps_its_clocks_stopped() -> None:
    c = Clocks()
    m = meeting(c)
    assert m.phase == "before" and not m.running
    c.advance(600)  # ten minutes looking at it
    assert m.elapsed() == 0 and m.total_elapsed() == 0
    assert not m.commit_time() and m.version == 0  # nothing to save: the file is not touched


def test_a_past_session_opened_to_look_at_stays_stopped_whatever_its_date() -> None:
    c = Clocks(wall=datetime(2027, 3, 1, 9, 0, tzinfo=JST))
    m = meeting(c, date="2026-08-19", current_step="ideas")
    c.advance(120)
    assert not m.running and m.elapsed() == 0
    assert m.session.started_at is None


def test_resume_does_not_run_the_clock_before_the_meeting_is_opened() -> None:
    c = Clocks()
    m = meeting(c)
    m.resume()
    c.advance(30)
    assert not m.running and m.elapsed() == 0


# -- 開会 -------------------------------------------------------------------------------------

def test_the_first_page_down_opens_the_meeting_and_the_clock_runs() -> None:
    c = Clocks()
    m = meeting(c)
    turn = m.turn_page(forward=True)
    assert turn.opened and turn.step is not None and turn.step.id == "issues" and not turn.close_due
    assert m.session.started_at == stamp(DAY) == "2026-08-19T13:58:00+09:00"
    assert m.session.start_time == "13:58"  # filled from it: none was typed
    assert m.phase == "open" and m.running
    c.advance(90)
    assert m.elapsed() == 90
    # Only the first turn opens: a later one leaves started_at alone.
    again = m.turn_page(forward=True)
    assert not again.opened and m.session.started_at == "2026-08-19T13:58:00+09:00"
    assert m.session.step("issues").elapsed_seconds == 90


def test_page_up_opens_too_even_where_it_cannot_move() -> None:
    c = Clocks()
    m = meeting(c, current_step="recap")
    turn = m.turn_page(forward=False)
    assert turn.opened and turn.step is None  # at the first step: no move, but 開会 is recorded
    assert m.session.started_at and m.running


def test_opening_records_the_real_time_whatever_the_meetings_date() -> None:
    c = Clocks(wall=datetime(2026, 9, 2, 10, 3, 17, tzinfo=JST))  # held two weeks after its planned date
    m = meeting(c, date="2026-08-19")
    assert m.open_meeting()
    assert m.session.started_at == "2026-09-02T10:03:17+09:00"
    assert m.session.date == "2026-08-19"  # the date is the SC's to change


def test_a_typed_or_planned_start_time_is_kept() -> None:
    c = Clocks()
    m = meeting(c, start_time="14:00")
    m.open_meeting()
    assert m.session.started_at == "2026-08-19T13:58:00+09:00" and m.session.start_time == "14:00"


def test_the_clock_key_opens_pauses_resumes_and_offers_reopen() -> None:
    c = Clocks()
    m = meeting(c)
    assert m.clock_key() == "open"
    m.open_meeting()
    assert m.clock_key() == "pause"
    c.advance(10)
    m.pause()
    assert m.clock_key() == "resume" and m.phase == "open"
    c.advance(100)  # paused: not counted
    m.resume()
    c.advance(1)
    assert m.elapsed() == 11
    m.close_meeting()
    assert m.clock_key() == "reopen"


def test_opening_is_a_change_saved_with_the_file() -> None:
    c = Clocks()
    m = meeting(c)
    m.turn_page(forward=True)
    assert m.version > 0 and m.session.updated_at == "2026-08-19T13:58:00+09:00"
    loaded = session_from_json(session_to_json(m.session))
    assert loaded.started_at == "2026-08-19T13:58:00+09:00" and loaded.ended_at is None


def test_the_window_that_opens_the_meeting_owns_its_clock() -> None:
    c = Clocks()
    m = Meeting(make_session(start_time=None), clock=c.tick, now=c.now, writer="w-sc")
    turn = m.turn_page(forward=True)
    assert turn.opened and m.session.clock_owner == "w-sc" and m.running


# -- under way ---------------------------------------------------------------------------

def test_reopening_a_meeting_under_way_runs_its_clock() -> None:
    c = Clocks()
    session = make_session(started_at="2026-08-19T14:00:00+09:00", current_step="ideas")
    m = Meeting(session, clock=c.tick, now=c.now)
    assert m.phase == "open" and m.running
    c.advance(5)
    assert m.elapsed() == 5


def test_a_meeting_whose_clock_may_not_run_stays_stopped_even_under_way() -> None:
    c = Clocks()
    m = Meeting(make_session(started_at="2026-08-19T14:00:00+09:00"), clock=c.tick, now=c.now, running=False)
    c.advance(5)
    assert not m.running and m.elapsed() == 0


# -- 散会 ------------------------------------------------------------------------------------

def test_page_down_at_the_last_step_of_a_meeting_under_way_asks_to_close() -> None:
    c = Clocks()
    m = meeting(c, current_step="comment")
    assert not m.turn_page(forward=True).close_due  # opens and moves to close
    assert m.current.id == "close" and m.close_due_on_quit
    turn = m.turn_page(forward=True)
    assert turn.step is None and turn.close_due
    assert m.session.ended_at is None  # asking is the screen's; nothing recorded yet


def test_page_down_at_the_last_step_before_opening_only_opens() -> None:
    m = meeting(Clocks(), current_step="close")
    turn = m.turn_page(forward=True)
    assert turn.opened and not turn.close_due and m.phase == "open"


def test_quitting_asks_to_close_only_at_the_last_step_under_way() -> None:
    m = meeting(Clocks(), current_step="close")
    assert not m.close_due_on_quit  # not opened
    m.open_meeting()
    assert m.close_due_on_quit
    m.previous_step()
    assert not m.close_due_on_quit  # another step
    m.next_step()
    m.close_meeting()
    assert not m.close_due_on_quit  # finished already


def test_closing_records_ended_at_and_end_time_and_stops_the_clocks_for_good() -> None:
    c = Clocks()
    m = meeting(c, current_step="handoff")
    m.open_meeting()
    c.advance(60)
    m.turn_page(forward=True)
    c.advance(30)
    m.turn_page(forward=True)
    c.advance(120)
    assert m.close_meeting()
    assert m.session.ended_at == "2026-08-19T14:01:30+09:00"
    assert m.session.end_time == "14:01" and m.session.start_time == "13:58"
    assert m.phase == "ended" and not m.running
    close = m.session.step("close")
    assert close.elapsed_seconds == 120  # the running time was folded in before it stopped
    c.advance(600)
    assert m.elapsed() == 120
    m.resume()  # the clock key's resume does nothing on a finished meeting
    m.turn_page(forward=False)  # nor does moving: looking back at a finished meeting
    c.advance(60)
    assert not m.running and m.total_elapsed() == 60 + 30 + 120
    assert not m.close_meeting()  # once


def test_a_typed_end_time_is_kept() -> None:
    c = Clocks()
    m = meeting(c, end_time="15:30")
    m.open_meeting()
    m.close_meeting()
    assert m.session.end_time == "15:30" and m.session.ended_at == "2026-08-19T13:58:00+09:00"


def test_a_finished_meeting_opened_again_never_runs_its_clocks() -> None:
    c = Clocks()
    session = make_session(started_at="2026-08-19T14:00:00+09:00", ended_at="2026-08-19T15:31:00+09:00",
                           current_step="close")
    m = Meeting(session, clock=c.tick, now=c.now)
    assert m.phase == "ended" and not m.running
    m.resume()
    c.advance(60)
    assert m.elapsed() == 0 and m.version == 0


# -- 再開 ------------------------------------------------------------------------------------

def test_reopen_clears_ended_at_and_the_end_time_filled_from_it_and_the_clock_runs() -> None:
    c = Clocks()
    m = meeting(c, current_step="close")
    m.open_meeting()
    c.advance(60)
    m.close_meeting()
    assert m.session.end_time == "13:59"
    c.advance(300)
    assert m.reopen_meeting()
    assert m.session.ended_at is None and m.session.end_time is None
    assert m.session.started_at == "2026-08-19T13:58:00+09:00"  # the meeting's start stays
    assert m.phase == "open" and m.running
    c.advance(10)
    assert m.elapsed() == 70
    c.advance(600)
    m.close_meeting()  # the second 散会 is the one recorded
    assert m.session.ended_at == "2026-08-19T14:14:10+09:00" and m.session.end_time == "14:14"


def test_reopen_keeps_a_typed_end_time() -> None:
    c = Clocks()
    m = meeting(c, end_time="15:30")
    m.open_meeting()
    m.close_meeting()
    m.reopen_meeting()
    assert m.session.end_time == "15:30"


def test_reopen_only_reopens_a_finished_meeting() -> None:
    m = meeting(Clocks())
    assert not m.reopen_meeting() and m.phase == "before"
    m.open_meeting()
    assert not m.reopen_meeting() and m.phase == "open"


def test_a_meeting_closed_without_being_opened_is_opened_by_reopen() -> None:
    """ended_at without started_at (a file written elsewhere): finished; 再開 opens it now."""
    c = Clocks()
    m = Meeting(make_session(ended_at="2026-08-19T15:00:00+09:00", start_time=None), clock=c.tick, now=c.now)
    assert m.phase == "ended" and not m.running
    assert m.reopen_meeting()
    assert m.session.started_at == "2026-08-19T13:58:00+09:00" and m.session.start_time == "13:58"
    assert m.running


# -- the file --------------------------------------------------------------------------------

def test_older_files_without_the_fields_load_and_nulls_are_accepted() -> None:
    import json

    doc = json.loads(session_to_json(make_session()))
    del doc["started_at"], doc["ended_at"]
    old = session_from_json(json.dumps(doc, ensure_ascii=False))
    assert old.started_at is None and old.ended_at is None
    doc["started_at"] = doc["ended_at"] = None
    assert session_from_json(json.dumps(doc, ensure_ascii=False)).started_at is None


def test_the_stamps_must_carry_an_offset() -> None:
    import json

    import pytest

    from facilitator.model import SessionFormatError

    doc = json.loads(session_to_json(make_session()))
    doc["started_at"] = "2026-08-19T14:00:00"  # no offset
    with pytest.raises(SessionFormatError) as e:
        session_from_json(json.dumps(doc, ensure_ascii=False))
    assert e.value.path == "started_at"


# -- two windows -------------------------------------------------------------------------------

def test_two_windows_opening_the_meeting_a_moment_apart_merge_without_a_conflict() -> None:
    """The SC's and the 記録係's windows both pressed PageDown first: one 開会 is kept, quietly."""
    import copy

    from facilitator.merge import merge

    base = make_session(start_time=None)
    sc = Clocks(wall=datetime(2026, 8, 19, 14, 2, 5, tzinfo=JST))
    recorder = Clocks(wall=datetime(2026, 8, 19, 14, 2, 40, tzinfo=JST))
    a = Meeting(copy.deepcopy(base), clock=sc.tick, now=sc.now, writer="w-a")
    b = Meeting(copy.deepcopy(base), clock=recorder.tick, now=recorder.now, writer="w-b")
    a.turn_page(forward=True)
    b.turn_page(forward=True)
    result = merge(base, a.session, b.session)
    assert result.session.started_at in (a.session.started_at, b.session.started_at)
    assert result.session.start_time == "14:02"
    assert not [c for c in result.session.conflicts if c.path in ("started_at", "start_time")]
    assert Meeting(result.session, clock=sc.tick, now=sc.now).phase == "open"


def test_a_close_in_one_window_survives_a_merge_with_one_that_did_not_close() -> None:
    import copy

    from facilitator.merge import merge

    base = make_session(started_at="2026-08-19T14:00:00+09:00", current_step="close")
    c = Clocks(wall=datetime(2026, 8, 19, 15, 31, tzinfo=JST))
    a = Meeting(copy.deepcopy(base), clock=c.tick, now=c.now, writer="w-a")
    b = Meeting(copy.deepcopy(base), clock=c.tick, now=c.now, writer="w-b")
    a.close_meeting()
    b.add_idea("月2回の乗り合いを試す")
    merged = merge(base, b.session, a.session).session
    assert merged.ended_at == "2026-08-19T15:31:00+09:00" and merged.end_time == "15:31"
    assert merged.ideas[-1].text == "月2回の乗り合いを試す"
