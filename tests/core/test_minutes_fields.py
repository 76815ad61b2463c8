"""The fields added for the minutes (attendance, recorder, review_by, steps[].lead, hand-off
follow-up): optional in older files, checked when present, kept through a save and a merge."""

from __future__ import annotations

import copy
import json

import pytest

from facilitator.merge import merge
from facilitator.model import SessionFormatError
from facilitator.session_json import session_to_json
from facilitator.session_load import session_from_dict, session_from_json
from test_model import MINIMAL


def doc(**changes):
    d = copy.deepcopy(MINIMAL)
    d.update(changes)
    return d


def test_an_older_file_without_them_loads_with_nothing_taken():
    s = session_from_dict(doc(handoffs=[{"id": "h", "idea_ids": ["a"], "action": "調べる"}]))
    assert s.attendees[0].attendance is None
    assert s.recorder is None and s.review_by is None
    assert s.steps[0].lead is None
    h = s.handoffs[0]
    assert (h.status, h.result, h.from_session) == (None, None, None)


def test_they_round_trip():
    d = doc(recorder="佐藤（事務局）", review_by="○○アドバイザー",
            handoffs=[{"id": "h", "idea_ids": ["a"], "action": "調べる", "status": "in_progress",
                       "result": "2件の店に話した", "from_session": "2026-07-15-aaaaaa"}])
    d["attendees"] = [{"name": "山田", "attendance": "present"}, {"name": "鈴木", "attendance": "absent"}]
    d["steps"][0]["lead"] = "SC"
    s = session_from_json(session_to_json(session_from_dict(d)))
    assert [a.attendance for a in s.attendees] == ["present", "absent"]
    assert (s.recorder, s.review_by, s.steps[0].lead) == ("佐藤（事務局）", "○○アドバイザー", "SC")
    assert (s.handoffs[0].status, s.handoffs[0].result) == ("in_progress", "2件の店に話した")
    assert json.loads(session_to_json(s))["handoffs"][0]["from_session"] == "2026-07-15-aaaaaa"


@pytest.mark.parametrize("mutate, path", [
    (lambda d: d["attendees"][0].__setitem__("attendance", "late"), "attendees[0].attendance"),
    (lambda d: d.__setitem__("handoffs", [{"id": "h", "idea_ids": [], "action": "x", "status": "closed"}]),
     "handoffs[0].status"),
    (lambda d: d.__setitem__("recorder", 3), "recorder"),
    (lambda d: d["steps"][0].__setitem__("lead", ["SC"]), "steps[0].lead"),
])
def test_a_wrong_value_names_the_field(mutate, path):
    d = doc()
    mutate(d)
    with pytest.raises(SessionFormatError) as e:
        session_from_dict(d)
    assert e.value.path == path


def test_two_writers_marking_attendance_and_a_result_both_keep_theirs():
    d = doc(handoffs=[{"id": "h", "idea_ids": ["a"], "action": "調べる"}])
    d["attendees"] = [{"name": "山田"}, {"name": "鈴木"}]
    base = session_from_dict(d)
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine.attendees[0].attendance = "present"
    mine.handoffs[0].result = "店に話した"
    theirs.attendees[1].attendance = "absent"
    theirs.recorder = "佐藤"
    theirs.handoffs[0].status = "in_progress"
    merged = merge(base, mine, theirs).session
    assert [a.attendance for a in merged.attendees] == ["present", "absent"]
    assert merged.recorder == "佐藤"
    assert (merged.handoffs[0].status, merged.handoffs[0].result) == ("in_progress", "店に話した")
