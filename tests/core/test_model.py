"""The session document: strict loading, optional fields, extras, newer schema, references."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.model import (
    SCHEMA_VERSION,
    Attendee,
    Board,
    BoardItem,
    Body,
    Handoff,
    Homework,
    Idea,
    Issue,
    NewerSchemaError,
    NextMeeting,
    Question,
    Session,
    SessionFormatError,
    Step,
)
from facilitator.session_json import session_to_dict, session_to_json
from facilitator.session_load import (
    check_references,
    session_from_dict,
    session_from_json,
)
from repo_paths import ROOT

# A document written by hand to docs/session-format.md: optional fields absent.
MINIMAL = {
    "schema_version": 1,
    "id": "2026-08-19-3fa9c1",
    "body": {"name": "C町 第1層協議体"},
    "title": "第3回 定例会",
    "date": "2026-08-19",
    "template": "c-town",
    "attendees": [{"name": "山田"}],
    "steps": [{"id": "ideas", "title": "情報・意見交換", "panel": "ideas", "notes": "", "elapsed_seconds": 0}],
    "current_step": "ideas",
    "issues": [{"id": "iss1", "title": "移動"}],
    "questions": [{"id": "q1", "text": "何ができる？"}],
    "ideas": [
        {"id": "a", "text": "乗り合い", "kind": "self", "interest": 2, "status": "open"},
        {"id": "b", "text": "バス増便", "kind": "request", "interest": 0, "status": "open"},
    ],
    "handoffs": [],
    "review": "",
    "homework": [{"id": "hw1", "text": "調べる", "status": "open"}],
    "next_meeting": {"agenda": []},
    "board": {"vision": "", "items": []},
    "created_at": "2026-08-19T10:00:00+09:00",
    "updated_at": "2026-08-19T10:00:00+09:00",
}


def doc(**changes):
    d = copy.deepcopy(MINIMAL)
    d.update(changes)
    return d


def test_minimal_hand_written_document_loads():
    s = session_from_dict(doc())
    assert s.body.layer is None and s.place is None and s.start_time is None
    assert s.ideas[0].author is None and s.homework[0].from_session is None
    assert s.next_meeting.date is None


def test_optional_fields_may_be_null():
    d = doc(place=None, start_time=None, previous_session=None)
    d["body"]["layer"] = None
    d["ideas"][0]["author"] = None
    d["next_meeting"] = {"date": None, "start_time": None, "place": None, "agenda": []}
    assert session_from_dict(d).place is None


@pytest.mark.parametrize(
    "mutate, path",
    [
        (lambda d: d["ideas"][1].__setitem__("text", 3), "ideas[1].text"),
        (lambda d: d["ideas"][0].pop("kind"), "ideas[0].kind"),
        (lambda d: d["ideas"][0].__setitem__("kind", "maybe"), "ideas[0].kind"),
        (lambda d: d["ideas"][0].__setitem__("interest", "2"), "ideas[0].interest"),
        (lambda d: d["ideas"][0].__setitem__("interest", True), "ideas[0].interest"),
        (lambda d: d.pop("title"), "title"),
        (lambda d: d["body"].pop("name"), "body.name"),
        (lambda d: d.__setitem__("date", "2026/08/19"), "date"),
        (lambda d: d.__setitem__("date", "2026-02-30"), "date"),
        (lambda d: d.__setitem__("start_time", "25:00"), "start_time"),
        (lambda d: d.__setitem__("created_at", "2026-08-19T10:00:00"), "created_at"),
        (lambda d: d.__setitem__("id", "../etc/passwd"), "id"),
        (lambda d: d.__setitem__("steps", {}), "steps"),
        (lambda d: d["steps"][0].__setitem__("panel", "chat"), "steps[0].panel"),
        (lambda d: d["board"].__setitem__("items", [{"id": "c", "column": "have"}]), "board.items[0].text"),
        (lambda d: d["homework"][0].__setitem__("status", "closed"), "homework[0].status"),
        (lambda d: d.__setitem__("schema_version", "1"), "schema_version"),
        (lambda d: d.__setitem__("schema_version", 0), "schema_version"),
    ],
)
def test_errors_name_the_field(mutate, path):
    d = doc()
    mutate(d)
    with pytest.raises(SessionFormatError) as e:
        session_from_dict(d)
    assert e.value.path == path
    assert str(e.value).startswith(path + ": ")


def test_not_json_and_not_an_object():
    with pytest.raises(SessionFormatError, match="JSON"):
        session_from_json("{ broken")
    with pytest.raises(SessionFormatError):
        session_from_json("[1, 2]")


def test_newer_schema_is_refused():
    with pytest.raises(NewerSchemaError) as e:
        session_from_dict(doc(schema_version=SCHEMA_VERSION + 1, anything="else"))
    assert e.value.version == SCHEMA_VERSION + 1


def test_unknown_fields_survive_a_round_trip():
    d = doc(tool_field={"x": [1, "二"]})
    d["ideas"][0]["colour"] = "yellow"
    d["body"]["code"] = 42
    d["board"]["items"] = [{"id": "c1", "column": "have", "text": "公園", "meanings": [], "links": [], "pos": [1, 2]}]
    out = json.loads(session_to_json(session_from_dict(d)))
    assert out["tool_field"] == {"x": [1, "二"]}
    assert out["ideas"][0]["colour"] == "yellow"
    assert out["body"]["code"] == 42
    assert out["board"]["items"][0]["pos"] == [1, 2]


def test_written_file_keeps_contract_field_order_and_japanese():
    text = session_to_json(session_from_dict(doc()))
    assert list(json.loads(text))[:3] == ["schema_version", "id", "body"]
    assert "C町 第1層協議体" in text  # not \\u escaped


def test_dangling_references_are_warnings_not_errors():
    d = doc(current_step="nope")
    d["ideas"][0]["issue_id"] = "missing"
    d["handoffs"] = [{"id": "h", "idea_ids": ["a", "ghost"], "action": "x"}]
    d["board"]["items"] = [{"id": "c", "column": "makeshift", "text": "t", "meanings": [], "links": ["zz"]}]
    s = session_from_dict(d)
    warnings = check_references(s)
    joined = "\n".join(warnings)
    for path in ("current_step", "ideas[0].issue_id", "handoffs[0].idea_ids[1]", "board.items[0].links[0]"):
        assert path in joined
    assert check_references(session_from_dict(doc())) == []


# -- property: any valid session survives save → load ---------------------------------------

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
opt = lambda s: st.none() | s  # noqa: E731
ident = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
iso_date = st.dates().map(lambda d: d.isoformat())
hhmm = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | text, lambda c: st.lists(c, max_size=3), max_leaves=5
)
extras = st.dictionaries(st.sampled_from(["x_note", "colour", "legacy"]), json_value, max_size=2)


def _with_extra(strategy):
    return st.tuples(strategy, extras).map(lambda t: (setattr(t[0], "extra", t[1]) or t[0]))


sessions = st.builds(
    Session,
    id=ident,
    body=_with_extra(st.builds(Body, name=text, layer=opt(text))),
    title=text,
    date=iso_date,
    template=ident,
    current_step=ident,
    created_at=st.just("2026-08-19T10:00:00+09:00"),
    updated_at=st.just("2026-08-19T11:30:00+09:00"),
    start_time=opt(hhmm),
    end_time=opt(hhmm),
    started_at=opt(st.just("2026-08-19T14:02:00+09:00")),
    ended_at=opt(st.just("2026-08-19T15:31:05+09:00")),
    clock_owner=opt(ident),
    place=opt(text),
    previous_session=opt(ident),
    attendees=st.lists(st.builds(Attendee, name=text, role=opt(text),
                                 attendance=opt(st.sampled_from(["present", "absent"]))), max_size=3),
    recorder=opt(text),
    review_by=opt(text),
    steps=st.lists(
        st.builds(Step, id=ident, title=text, panel=st.sampled_from(["ideas", "text", "close"]), notes=text,
                  elapsed_seconds=st.integers(0, 10_000) | st.floats(0, 1e5), planned_minutes=opt(st.integers(1, 90)),
                  purpose=text, prompts=st.lists(text, max_size=2), lead=opt(text)),
        max_size=3,
    ),
    issues=st.lists(st.builds(Issue, id=ident, title=text, detail=opt(text), source=opt(text)), max_size=3),
    questions=st.lists(st.builds(Question, id=ident, text=text, issue_id=opt(ident)), max_size=2),
    ideas=st.lists(
        _with_extra(st.builds(Idea, id=ident, text=text, author=opt(text), issue_id=opt(ident),
                              kind=st.sampled_from(["self", "request", "unsorted"]), interest=st.integers(0, 50),
                              status=st.sampled_from(["open", "handed", "homework"]), department=opt(text))),
        max_size=5,
    ),
    handoffs=st.lists(st.builds(Handoff, id=ident, idea_ids=st.lists(ident, max_size=3), action=text,
                                contact=opt(text), due=opt(iso_date),
                                status=opt(st.sampled_from(["open", "in_progress", "done", "dropped"])),
                                result=opt(text), from_session=opt(ident)), max_size=2),
    review=text,
    homework=st.lists(st.builds(Homework, id=ident, text=text, owner=opt(text), due=opt(iso_date | text),
                                status=st.sampled_from(["open", "done", "dropped"]), from_session=opt(ident),
                                origin_session=opt(ident), idea_id=opt(ident), reason=opt(text)), max_size=3),
    next_meeting=st.builds(NextMeeting, date=opt(iso_date), start_time=opt(hhmm), place=opt(text),
                           agenda=st.lists(text, max_size=3)),
    board=st.builds(Board, vision=text, items=st.lists(
        st.builds(BoardItem, id=ident, column=st.sampled_from(["have", "lack", "makeshift"]), text=text,
                  category=opt(text), solvable=opt(st.sampled_from(["ourselves", "municipality"])),
                  department=opt(text), meanings=st.lists(text, max_size=2), links=st.lists(ident, max_size=2),
                  since=opt(ident)), max_size=4)),
)


@settings(max_examples=150, deadline=None)
@given(sessions, extras)
def test_any_valid_session_round_trips(session, top_extra):
    session.extra = top_extra
    loaded = session_from_json(session_to_json(session))
    assert loaded == session
    assert session_to_dict(loaded) == session_to_dict(session)


def test_the_documented_example_loads_without_warnings():
    doc_text = (ROOT / "docs" / "session-format.md").read_text(encoding="utf-8")
    block = doc_text.split("```json", 1)[1].split("```", 1)[0]
    s = session_from_json(block)
    assert check_references(s) == []
    assert s.board.items[2].department == "役場 健康福祉課"


# -- the merge's bookkeeping: tombstones, the logical clock, conflicts ---------------------------


def test_bookkeeping_fields_are_optional_round_trip_and_are_left_out_while_empty():
    s = session_from_dict(doc())  # an older file: none of them
    assert s.deleted == {} and s.clock is None and s.conflicts == []
    text = session_to_json(s)
    assert not {"deleted", "clock", "conflicts"} & set(json.loads(text))
    assert session_to_dict(s).keys() == json.loads(text).keys()
    d = doc(deleted={"ideas": ["x1"], "board.items": []},
            clock={"counter": 7, "writer": "w-1a2b", "host_hint": "x"},
            conflicts=[{"path": "ideas/a/text", "value": "乗り合いで", "by": "w-9", "at": 6},
                       {"path": "ideas/b", "value": {"id": "b", "text": "バス"}}])
    s = session_from_dict(d)
    assert s.clock is not None and (s.clock.counter, s.clock.writer, s.clock.extra) == (7, "w-1a2b", {"host_hint": "x"})
    assert s.conflicts[1].value == {"id": "b", "text": "バス"} and s.conflicts[1].by is None
    out = json.loads(session_to_json(s))
    assert out["deleted"] == d["deleted"] and out["clock"] == d["clock"]
    assert out["conflicts"][0] == d["conflicts"][0]
    assert session_from_json(session_to_json(s)) == s
    assert session_to_dict(s) == out
    assert list(out)[-3:] == ["deleted", "clock", "conflicts"]  # after the contract's fields


@pytest.mark.parametrize("changes, path", [
    ({"deleted": {"ideas": "x"}}, "deleted.ideas"),
    ({"deleted": {"ideas": [1]}}, "deleted.ideas[0]"),
    ({"clock": {"counter": "1", "writer": "w"}}, "clock.counter"),
    ({"clock": {"writer": "w"}}, "clock.counter"),
    ({"conflicts": [{"value": 1}]}, "conflicts[0].path"),
])
def test_bookkeeping_of_the_wrong_shape_names_the_field(changes, path):
    with pytest.raises(SessionFormatError) as e:
        session_from_dict(doc(**changes))
    assert e.value.path == path
