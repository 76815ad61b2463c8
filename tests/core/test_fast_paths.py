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


def index_text_as_planned(index) -> str:  # type: ignore[no-untyped-def]
    """What json.dumps writes for the tables, with a newline around each document."""
    from facilitator.index import INDEX_VERSION

    rows = index._rows
    meta = json.dumps({"index_version": INDEX_VERSION, "store": str(index.store.root)}, ensure_ascii=False)
    files = ",\n".join(f'"{i}": {json_safe(json.dumps(row, ensure_ascii=False))}'
                       for i, row in enumerate(rows.values(), start=1))
    texts = ",\n".join(f'"{i}": {json_safe(json.dumps({"file": name, "text": index.text_of(row)}, ensure_ascii=False))}'
                       for i, (name, row) in enumerate(rows.items(), start=1))
    return f'{{"meta": {{\n"1": {meta}\n}}, "files": {{\n{files}\n}}, "texts": {{\n{texts}\n}}}}'


def test_the_index_file_is_exactly_json_dumps_after_every_kind_of_change(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from facilitator.index import Index
    from facilitator.store import Store

    store = Store(tmp_path)
    sessions = [make_session(id=f"s-{n}", title=f"第{n}回 \ud800\u202e") for n in range(4)]
    for s in sessions:
        store.save(s)
    index = Index(store)
    index.refresh()
    assert index.path.read_text(encoding="utf-8") == index_text_as_planned(index)
    sessions[1].title = "変えた題"
    store.save(sessions[1])
    (tmp_path / "s-3.json").unlink()
    store.save(make_session(id="s-9"))
    stats = index.refresh()
    assert (stats.changed, stats.removed, stats.added) == (1, 1, 1)
    text = index.path.read_text(encoding="utf-8")
    assert text == index_text_as_planned(index)
    assert "変えた題" in text and "s-3.json" not in text
    assert Index(store).search("変えた題")[0]["id"] == "s-1"  # read back by a fresh index


def test_the_index_is_read_line_by_line_exactly_as_json_reads_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from facilitator.index import Index
    from facilitator.index.storage import _read_by_line
    from facilitator.store import Store

    store = Store(tmp_path)
    for n in range(5):
        store.save(make_session(id=f"s-{n}", title=f"第{n}回 \ud800 \\ \" : {{}}", review="一行目\n二行目"))
    index = Index(store)
    index.refresh()
    text = index.path.read_text(encoding="utf-8")
    assert _read_by_line(text) == json.loads(text)
    assert index.db.storage.read() == json.loads(text)
    # Anything else is left to the whole-document parse: json.dumps' own layout, a trailing
    # comma, a cut-off file.
    assert _read_by_line(json.dumps(json.loads(text), ensure_ascii=False)) is None
    last = text.rstrip("}").rstrip("\n")
    assert _read_by_line(last + ",\n}}") is None
    assert _read_by_line(text[: len(text) // 2]) is None
    assert _read_by_line('{"meta": {\n\n}, "files": {\n\n}}') == {"meta": {}, "files": {}}
