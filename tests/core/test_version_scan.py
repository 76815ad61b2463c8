"""A version read item by item (facilitator/sharing/scan.py, version.py): the same session as a
whole parse whatever the layout, the same refusals, only byte-equal items taken from the version
it is read like, and a merge written with the base's texts the same document as one written from
the objects."""

from __future__ import annotations

import copy
import json

import pytest
from factories import NOW, make_session

from facilitator.board import BoardRules
from facilitator.meeting import Meeting
from facilitator.merge import merge
from facilitator.model import SessionFormatError
from facilitator.session_json import session_to_json
from facilitator.session_load import session_from_json
from facilitator.sharing import Version
from facilitator.sharing.scan import Unscannable, scan


def meeting(session, writer):  # type: ignore[no-untyped-def]
    return Meeting(session, running=False, now=lambda: NOW, writer=writer)


def busy_session():  # type: ignore[no-untyped-def]
    s = make_session()
    m = meeting(s, "w-base")
    for n in range(12):
        m.add_idea(f"案 {n}")
    BoardRules(m).add("公民館の部屋", "have")
    BoardRules(m).add("移動の足", "lack")
    m.add_homework("宿題")
    return s


def as_bytes(session) -> bytes:  # type: ignore[no-untyped-def]
    return session_to_json(session).encode("utf-8")


def parsed(data: bytes, like: Version | None = None) -> Version:
    v = Version(data, like=like)
    v.session
    return v


def test_each_items_text_is_its_json_in_the_file():
    s = busy_session()
    text = session_to_json(s)
    doc, lists = scan(text)
    whole = json.loads(text)
    assert doc == whole
    for name, items in lists.items():
        owner = whole["board"] if name == "board.items" else whole
        listed = owner[name.removeprefix("board.")]
        assert [json.loads(t) for t in items.texts] == listed
        assert all(t in text for t in items.texts)
        assert items.reused == [None] * len(listed)
    assert set(lists) >= {"ideas", "steps", "board.items", "homework"}


def test_unchanged_items_are_not_parsed_again_and_changed_ones_are():
    s = busy_session()
    old = parsed(as_bytes(s))
    later = copy.deepcopy(s)
    m = meeting(later, "w-b")
    m.edit_idea(later.ideas[2].id, text="直した案")
    m.delete_idea(later.ideas[5].id)
    later.ideas.insert(1, later.ideas.pop())  # moved
    m.add_idea("新しい案")
    new = parsed(as_bytes(later), like=old)
    assert session_to_json(new.session) == session_to_json(later)
    olds = {i.id: i for i in old.session.ideas}
    for idea in new.session.ideas:
        same = idea.id in olds and repr(olds[idea.id]) == repr(idea)
        assert (idea is olds.get(idea.id)) == same, idea.id
    shared = sum(idea.id in olds and idea is olds[idea.id] for idea in new.session.ideas)
    assert shared == len(old.session.ideas) - 2  # all but the edited and the deleted one


def test_another_programs_layout_is_parsed_whole_and_read_like_it_nothing_is_shared():
    s = busy_session()
    pretty = json.dumps(json.loads(session_to_json(s)), ensure_ascii=False, indent=2).encode("utf-8")
    with pytest.raises(Unscannable):
        scan(pretty.decode("utf-8"))
    old = parsed(pretty)
    assert session_to_json(old.session) == session_to_json(s)
    assert old.known() == {}
    new = parsed(as_bytes(s), like=old)  # read on its own: the neighbour has no texts
    assert session_to_json(new.session) == session_to_json(s)
    assert all(a is not b for a, b in zip(new.session.ideas, old.session.ideas))


def test_an_item_a_script_rewrote_with_its_keys_in_another_order_is_parsed_again():
    s = busy_session()
    old = parsed(as_bytes(s))
    data = json.loads(session_to_json(s))
    data["ideas"][0] = dict(reversed(list(data["ideas"][0].items())))
    new = parsed(json.dumps(data, ensure_ascii=False).encode("utf-8"), like=old)
    assert new.session.ideas[0] is not old.session.ideas[0]
    assert repr(new.session.ideas[0]) == repr(old.session.ideas[0])
    assert new.session.ideas[1] is old.session.ideas[1]


@pytest.mark.parametrize("damage", [
    lambda t: t[: len(t) // 2],  # cut off
    lambda t: t.rstrip("\n") + " trailing",  # more after the document
    lambda t: t.replace('"interest": 0', '"interest": NaN', 1),
    lambda t: t.replace('"interest": 0', '"interest": ' + "9" * 200, 1),
    lambda t: "\ufeff" + t[:10] + "\x00" + t[10:],
])
def test_a_damaged_document_is_refused_with_the_same_message_read_alone_or_like_another(damage):  # type: ignore[no-untyped-def]
    s = busy_session()
    old = parsed(as_bytes(s))
    bad = damage(session_to_json(s)).encode("utf-8")
    with pytest.raises(SessionFormatError) as alone:
        session_from_json(bad)
    with pytest.raises(SessionFormatError) as like:
        Version(bad, like=old).session
    assert str(like.value) == str(alone.value)


def test_a_bad_field_in_an_item_is_named_at_its_place_in_the_whole_list():
    s = busy_session()
    old = parsed(as_bytes(s))
    data = json.loads(session_to_json(s))
    data["ideas"][-2]["interest"] = "たくさん"
    bad = json.dumps(data, ensure_ascii=False).encode("utf-8")
    with pytest.raises(SessionFormatError) as alone:
        session_from_json(bad)
    with pytest.raises(SessionFormatError) as like:
        Version(bad, like=old).session
    assert str(like.value) == str(alone.value)
    assert f"ideas[{len(data['ideas']) - 2}]" in str(alone.value)


def test_a_byte_order_mark_and_trailing_whitespace_are_read_as_json_reads_them():
    s = busy_session()
    old = parsed(as_bytes(s))
    data = b"\xef\xbb\xbf" + session_to_json(s).encode("utf-8") + b"  \n"
    assert session_to_json(parsed(data, like=old).session) == session_to_json(s)


def merged_both_ways(base, a, b):  # type: ignore[no-untyped-def]
    """The merge as the save makes it (the versions read like the base, sharing what all three
    hold, written with the base's texts) and as it is defined (whole parses, nothing shared)."""
    vb = parsed(as_bytes(base))
    va, vo = parsed(as_bytes(a), like=vb), parsed(as_bytes(b), like=vb)
    shared = merge(vb.session, va.session, vo.session, now=NOW, share=True).session
    plain = merge(session_from_json(as_bytes(base)), session_from_json(as_bytes(a)),
                  session_from_json(as_bytes(b)), now=NOW).session
    return vb, shared, plain


def test_a_merge_written_with_the_bases_texts_is_the_document_written_from_its_objects():
    base = busy_session()
    a, b = copy.deepcopy(base), copy.deepcopy(base)
    ma, mb = meeting(a, "w-a"), meeting(b, "w-b")
    ma.add_idea("Aの案")
    ma.edit_idea(a.ideas[3].id, text="Aが直した")
    mb.delete_idea(b.ideas[7].id)
    mb.add_interest(b.ideas[3].id)
    BoardRules(mb).add("Bのカード", "have")
    vb, shared, plain = merged_both_ways(base, a, b)
    assert session_to_json(shared, known=vb.known()) == session_to_json(plain)
    untouched = {i.id for i in base.ideas} - {a.ideas[3].id, b.ideas[7].id}
    by_id = {i.id: i for i in vb.session.ideas}
    assert all(i is by_id[i.id] for i in shared.ideas if i.id in untouched)
    assert all(i is not by_id.get(i.id) for i in plain.ideas)  # without share: nothing shared


def test_a_character_kyogitai_escapes_written_raw_by_another_program_is_escaped_in_a_merge():
    base = busy_session()
    data = json.loads(session_to_json(base))
    data["ideas"][0]["text"] = "見守り\u202e逆向き"
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    assert "\u202e".encode("utf-8") in raw
    vb = parsed(raw)
    assert vb.known() == {}  # its texts are not ones kyogitai would write
    a = session_from_json(raw)
    meeting(a, "w-a").add_idea("新しい案")
    written = session_to_json(merge(vb.session, parsed(as_bytes(a), like=vb).session, vb.session,
                                     now=NOW, share=True).session, known=vb.known())
    assert "\u202e" not in written and "\\u202e" in written
