"""The fast paths the benchmarks asked for write exactly what the plain ones wrote.

- ``session_to_json`` lets the C encoder call back per model object instead of building
  ``session_to_dict`` first: same text, for every shape of session.
"""

from __future__ import annotations

import json
from datetime import date

from factories import make_session

from facilitator.demo import build_demo
from facilitator.model import Idea
from facilitator.session_json import session_to_dict, session_to_json
from facilitator.session_load import session_from_dict
from facilitator.text import json_safe


def reference(session) -> str:  # type: ignore[no-untyped-def]
    return json_safe(json.dumps(session_to_dict(session), ensure_ascii=False)) + "\n"


def test_session_to_json_is_the_plain_encoding_of_session_to_dict() -> None:
    sessions = build_demo(date(2026, 11, 22), seed=3) + [make_session()]
    for s in sessions:
        assert session_to_json(s) == reference(s)


def test_unknown_fields_and_hostile_text_are_encoded_the_same() -> None:
    d = session_to_dict(make_session(title="題\u202e名\x9b[31m\ud800"))
    d["tool_field"] = {"x": [1, "二", {"y": None}]}
    d["ideas"][0]["colour"] = "yellow"
    d["ideas"][0]["text"] = "\u2028行\x7f"
    d["body"]["code"] = 42
    d["board"]["items"][0]["pos"] = [1, 2]
    d["steps"][0]["elapsed_seconds"] = 12.5
    s = session_from_dict(d)
    assert session_to_json(s) == reference(s)
    assert json.loads(session_to_json(s))["tool_field"] == {"x": [1, "二", {"y": None}]}


def test_attributes_set_out_of_order_or_added_are_still_written_in_field_order() -> None:
    s = make_session()
    idea = s.ideas[0]
    del idea.text  # then set again: now last in the instance's __dict__
    idea.text = "あとから"
    idea.cached_width = 12  # not a field: never written
    s.ideas.append(Idea(id="idea-x", text="新しい"))
    text = session_to_json(s)
    assert text == reference(s)
    first = json.loads(text)["ideas"][0]
    assert list(first)[:2] == ["id", "text"] and "cached_width" not in first


# ---------------------------------------------------------------------------------------
# The index file: each row's JSON is kept and only new rows are encoded on the next write.


