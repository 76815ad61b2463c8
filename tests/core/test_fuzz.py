"""Property-based fuzzing (issue 6) of the session loader and of every export.

- The loader: any bytes, any JSON, any valid document with one value replaced by anything →
  either a Session or SessionFormatError (NewerSchemaError is one), never another exception.
- The exports: any valid session (hostile text included) → bytes in every format, never a
  crash; the HTML has no '<' that is not one of our own tags; the JSON round-trips.
"""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile_corpus as corpus
from facilitator.export import FORMATS, export
from facilitator.export.ics import NoNextMeeting
from facilitator.model import Session, SessionFormatError
from facilitator.session_json import session_to_dict
from facilitator.session_load import session_from_dict, session_from_json
from test_hostile import OUR_TAGS
from test_model import sessions

FIELD_NAMES = ["schema_version", "id", "body", "name", "title", "date", "template", "current_step", "created_at",
               "updated_at", "attendees", "steps", "ideas", "homework", "board", "items", "text", "kind", "status",
               "interest", "elapsed_seconds", "planned_minutes", "next_meeting", "agenda", "panel", "column"]
hostile_text = st.one_of(st.text(max_size=30), st.sampled_from(corpus.ALL))
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-10**120, max_value=10**120),
    st.floats(allow_nan=True, allow_infinity=True), hostile_text,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(FIELD_NAMES) | hostile_text, inner,
                                                                max_size=4),
    max_leaves=20,
)


def load(data: bytes | str) -> Session | None:
    try:
        return session_from_json(data)
    except SessionFormatError:  # NewerSchemaError included
        return None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_load_or_are_a_format_error(data: bytes) -> None:
    load(data)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_any_json_loads_or_is_a_format_error(value) -> None:  # type: ignore[no-untyped-def]
    load(json.dumps(value, allow_nan=True))


def _paths(value, prefix=()):  # type: ignore[no-untyped-def]
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


BASE = corpus.encode(corpus.small_files()["mixed"])
PATHS = [p for p in _paths(json.loads(BASE)) if p]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=json_values, remove=st.booleans())
def test_a_valid_document_with_any_value_replaced(path, value, remove: bool) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(BASE)
    target = doc
    for key in path[:-1]:
        target = target[key]
    if remove:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    load(json.dumps(doc, allow_nan=True))


def hostile(session: Session, texts: list[str]) -> Session:
    """The session with hostile strings put into its text fields, cycling through ``texts``."""
    if not texts:
        return session
    pick = iter(texts * 50)
    session.title = next(pick)
    session.body.name = next(pick)
    session.place = next(pick)
    session.review = next(pick)
    for a in session.attendees:
        a.name, a.role = next(pick), next(pick)
    for i in session.ideas:
        i.text, i.author, i.department = next(pick), next(pick), next(pick)
    for h in session.homework:
        h.text, h.owner = next(pick), next(pick)
    for c in session.board.items:
        c.text, c.category = next(pick), next(pick)
    session.board.vision = next(pick)
    session.next_meeting.agenda = [next(pick)]
    return session


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(session=sessions, texts=st.lists(hostile_text, max_size=6))
def test_every_export_of_any_valid_session(session: Session, texts: list[str]) -> None:
    session = hostile(session, texts)
    for fmt in FORMATS:
        try:
            data = export(session, fmt)
        except NoNextMeeting:  # a calendar file needs a next date: the one refusal an export may give
            assert fmt == "ics" and session.next_meeting.date is None
            continue
        assert isinstance(data, bytes) and data, fmt
    page = export(session, "html").decode("utf-8")
    for m in re.finditer(r"<(/?)([^\s>/]*)", page):
        assert m.group(2).lower() in OUR_TAGS | {"!doctype"}, page[m.start():m.start() + 60]
    md = export(session, "md").decode("utf-8")
    assert sum(1 for line in md.split("\n") if line.startswith("# ")) == 1
    assert session_from_dict(json.loads(export(session, "json"))) == session
    assert session_to_dict(session_from_json(export(session, "json"))) == session_to_dict(session)
