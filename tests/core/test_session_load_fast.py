"""The strict loader's fast path (facilitator/session_fast.py, ``fast_decoder``) accepts exactly what the
field-by-field decoder accepts and builds the same session; on anything else the slow decoder
runs and names the field. Fuzzed with the same documents as test_fuzz.py."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator import session_fast, session_load
from facilitator.migrate import upgrade
from facilitator.model import Session, SessionFormatError
from facilitator.session_json import session_to_dict
from test_fuzz import BASE, PATHS, json_values


def text_of(s: Session) -> str:
    return json.dumps(session_to_dict(s), allow_nan=True, default=repr, ensure_ascii=False)


def agree(doc: object) -> None:
    try:
        data, _ = upgrade(doc)
    except (SessionFormatError, RecursionError):
        return
    try:
        slow: Session | None = session_load._decode_object(Session, data, "")
    except SessionFormatError:
        slow = None
    try:
        fast: Session | None = session_fast.fast_decoder(Session)(data)
    except session_fast.Refused:
        fast = None
    assert (slow is None) == (fast is None)
    if slow is not None and fast is not None:
        assert text_of(fast) == text_of(slow)
        assert fast.extra == slow.extra or text_of(fast) == text_of(slow)


def test_the_fast_path_builds_the_same_session_from_a_valid_document():
    doc = json.loads(BASE)
    data, _ = upgrade(doc)
    fast = session_fast.fast_decoder(Session)(data)
    assert fast == session_load._decode_object(Session, data, "")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=json_values, remove=st.booleans())
def test_the_fast_path_agrees_with_the_strict_decoder_on_any_value_replaced(path, value, remove: bool) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(BASE)
    target = doc
    for key in path[:-1]:
        target = target[key]
    if remove:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    agree(doc)


def test_a_refused_document_still_names_the_field():
    doc = json.loads(BASE)
    doc["ideas"][0]["interest"] = "たくさん"
    try:
        session_load.session_from_dict(doc)
    except SessionFormatError as e:
        assert e.path == "ideas[0].interest"
    else:
        raise AssertionError("accepted")
