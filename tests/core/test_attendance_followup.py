"""出欠, 記録者, 総評 by, step leads, and the follow-up of hand-offs across sessions (rules, no terminal)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from factories import make_session

from facilitator.carryover import carry_over
from facilitator.meeting import Meeting, RuleError
from facilitator.meeting.followup import carried, made_here
from facilitator.model import Handoff
from facilitator.session_load import check_references

NOW = datetime(2026, 8, 19, 14, 0, tzinfo=timezone.utc)


def meeting(**kw) -> Meeting:
    return Meeting(make_session(**kw), clock=lambda: 0.0, now=lambda: NOW, running=False)


def test_opening_the_meeting_marks_everyone_present_in_one_step_then_the_absent_are_marked():
    m = meeting()
    assert all(a.attendance is None for a in m.session.attendees)
    m.session.attendees[1].attendance = "absent"  # marked before 開会: kept
    assert m.open_meeting()
    assert [a.attendance for a in m.session.attendees] == ["present", "absent", "present"]
    m.toggle_attendance("山田 花子")
    assert m.session.attendees[0].attendance == "absent"
    m.toggle_attendance("山田 花子")
    assert m.session.attendees[0].attendance == "present"


def test_taking_attendance_from_the_roster_counts_one_change_and_only_when_something_changed():
    m = meeting()
    before = m.version
    assert m.take_attendance() == 3
    assert m.version == before + 1
    assert m.take_attendance() == 0 and m.version == before + 1


def test_someone_added_while_attendance_is_taken_is_present_and_before_it_not_taken():
    m = meeting()
    m.add_attendee("田中")
    assert m.session.attendees[-1].attendance is None
    m.take_attendance()
    m.add_attendee("高橋")
    assert m.session.attendees[-1].attendance == "present"
    with pytest.raises(RuleError):
        m.toggle_attendance("いない人")


def test_someone_added_in_the_roster_is_present_even_before_anyone_was_taken():
    m = meeting()
    m.session.attendees.clear()
    m.add_attendee("田中", present=True)
    assert m.session.attendees[-1].attendance == "present"


def test_recorder_review_by_and_step_leads_are_cleaned_and_emptied():
    m = meeting()
    m.set_recorder("  佐藤（事務局）\n")
    m.set_review_by("○○アドバイザー")
    m.set_step_lead("comment", "アドバイザー")
    assert (m.session.recorder, m.session.review_by) == ("佐藤（事務局）", "○○アドバイザー")
    assert m.session.step("comment").lead == "アドバイザー"
    m.set_recorder("")
    m.set_step_lead("comment", " ")
    assert m.session.recorder is None and m.session.step("comment").lead is None
    with pytest.raises(RuleError):
        m.set_step_lead("nope", "SC")


def test_open_and_in_progress_handoffs_carry_over_with_their_id_and_attendance_does_not():
    first = make_session(handoffs=[
        Handoff(id="h-open", idea_ids=["idea-01"], action="車両を確認"),
        Handoff(id="h-prog", idea_ids=["idea-01"], action="店に相談", status="in_progress", result="1軒と話した"),
        Handoff(id="h-done", idea_ids=[], action="済んだこと", status="done"),
        Handoff(id="h-drop", idea_ids=[], action="やめたこと", status="dropped"),
    ])
    first.attendees[0].attendance = "absent"
    second = make_session(date="2026-09-16", ideas=[], handoffs=[], homework=[], attendees=[])
    carry_over(second, first)
    assert [h.id for h in second.handoffs] == ["h-open", "h-prog"]
    assert {h.from_session for h in second.handoffs} == {first.id}
    assert second.handoffs[1].result == "1軒と話した"
    assert all(a.attendance is None for a in second.attendees)
    assert first.handoffs[0].from_session is None  # the older file is never modified
    # Their ideas live in the session they were made in: not a warning.
    assert not [w for w in check_references(second) if "handoffs" in w]
    assert made_here(second) == [] and carried(second) == second.handoffs


def test_the_recap_sets_progress_and_result_and_a_done_one_stops_carrying():
    first = make_session()
    second = make_session(date="2026-09-16", handoffs=[], homework=[])
    carry_over(second, first)
    m = Meeting(second, clock=lambda: 0.0, now=lambda: NOW, running=False)
    (h,) = m.carried_handoffs()
    assert m.next_handoff_status(h.id).status == "in_progress"
    m.set_handoff_result(h.id, "社協の車が火曜に使える\n")
    assert h.result == "社協の車が火曜に使える"
    third = make_session(date="2026-10-21", handoffs=[], homework=[])
    carry_over(third, second)
    assert [x.id for x in third.handoffs] == [h.id]  # in progress: carried again, once
    m.set_handoff_status(h.id, "done")
    fourth = make_session(date="2026-10-21", handoffs=[], homework=[])
    carry_over(fourth, second)
    assert fourth.handoffs == []
