"""session_to_json keeps each idea's, card's… encoded text by content (docs/performance.md,
autosave): the output must stay byte-for-byte the text of one whole C-encoder call, whatever is
changed in place, and a change made while an object is being encoded is never cached stale."""

from __future__ import annotations


import pytest

from facilitator import session_json
from benchmarks.data import archive_sessions, big_session
from facilitator.model import Attendee, BoardItem, Idea, SessionFormatError
from facilitator.session_json import _session_to_json_whole, session_to_json
from facilitator.session_load import session_from_json
from factories import make_session
from repo_paths import HOSTILE



def same(session) -> str:
    text = session_to_json(session)
    assert text == _session_to_json_whole(session)
    return text


def big():
    s = make_session()
    for i in range(40):
        s.ideas.append(Idea(id=f"idea-{i:04d}", text=f"アイデア{i}", author="佐藤", interest=i % 3))
        s.board.items.append(BoardItem(id=f"card-{i:04d}", column="have", text=f"カード{i}",
                                       meanings=["居場所"], links=[]))
    return s


def test_same_text_as_the_whole_encoder_for_the_demo_year_and_the_hostile_corpus():
    checked = 0
    for s in [*archive_sessions(12, 5), big_session(60, 20)]:
        same(s)
        same(s)  # the second time from the cache
        checked += 1
    for path in sorted(HOSTILE.glob("*.json")):
        try:
            s = session_from_json(path.read_text(encoding="utf-8"))
        except (SessionFormatError, ValueError):
            continue  # the broken ones: nothing to write
        same(s)
        same(s)
        checked += 1
    assert checked > 5


def test_changes_in_place_are_written():
    s = big()
    before = same(s)
    old = s.ideas[3].text
    s.ideas[3].text = "公民館でお茶会"
    after = same(s)
    assert after != before and "公民館でお茶会" in after
    s.ideas[3].text = old  # back to an earlier value: the earlier text again
    assert same(s) == before
    s.board.items[5].links.append("card-0001")  # a list inside a card, changed in place
    assert '"links": ["card-0001"]' in same(s)
    s.board.items[5].meanings.clear()
    same(s)
    s.board.items[5].meanings.append(1)  # not a str: still written as the encoder writes it
    same(s)
    del s.ideas[0]
    s.ideas.insert(7, Idea(id="idea-new", text="移動販売"))
    same(s)
    s.board.vision = "だれもが集える町"
    same(s)
    s.attendees.append(Attendee(name="田中"))
    same(s)


def test_values_that_compare_equal_but_encode_differently():
    s = big()
    idea = s.ideas[0]
    for value in (1, True, 1.0, 0, False, 0.0, -0.0, float("nan")):
        idea.interest = value  # type: ignore[assignment]
        same(s)
    s.steps[0].elapsed_seconds = 0.0
    same(s)
    s.steps[0].elapsed_seconds = -0.0
    assert same(s) == _session_to_json_whole(s)
    idea.author = None
    same(s)
    idea.author = ""
    same(s)


def test_unknown_fields_and_odd_objects():
    s = big()
    same(s)
    s.ideas[1].extra["x_local"] = {"nested": [1, 2]}
    assert '"x_local": {"nested": [1, 2]}' in same(s)
    s.ideas[1].extra.clear()
    same(s)
    s.ideas[2].__dict__["later"] = 1  # an attribute added outside the fields: not written
    same(s)
    s.board.items[0].links = ("card-0002",)  # type: ignore[assignment]  # not a list
    same(s)
    s.ideas[4].text = ["a", "list"]  # type: ignore[assignment]  # unhashable where a str belongs
    same(s)
    s.extra["x_top"] = "上"
    same(s)


def test_the_cache_is_bounded_and_stays_right_across_generations(monkeypatch):
    monkeypatch.setattr(session_json, "_FRAGMENT_GENERATION", 16)
    monkeypatch.setattr(session_json, "_fragments_new", {})
    monkeypatch.setattr(session_json, "_fragments_old", {})
    s = big()
    for round_ in range(5):
        for idea in s.ideas[::3]:
            idea.text = f"{idea.id} 第{round_}版"
        same(s)
        assert len(session_json._fragments_new) <= 16 and len(session_json._fragments_old) <= 16


def test_an_object_changed_while_it_is_encoded_is_not_cached_under_its_old_content(monkeypatch):
    """Another thread changes an idea between its key and its text: that text must not be kept
    for the old content, or the old content would later be written as the new text."""
    s = big()
    monkeypatch.setattr(session_json, "_fragments_new", {})
    monkeypatch.setattr(session_json, "_fragments_old", {})
    target = s.ideas[2]
    original = target.text
    real = session_json._SESSION_ENCODER

    class Racing:
        def encode(self, obj):
            if obj is target:
                target.text = "途中で変わった"
            return real.encode(obj)

    monkeypatch.setattr(session_json, "_SESSION_ENCODER", Racing())
    session_to_json(s)
    monkeypatch.setattr(session_json, "_SESSION_ENCODER", real)
    target.text = original
    assert original in same(s)  # not the text encoded after the change


@pytest.mark.parametrize("n", [0, 1])
def test_empty_and_single_lists(n):
    s = make_session()
    s.ideas = [Idea(id=f"idea-{i}", text="x") for i in range(n)]
    s.board.items = []
    s.attendees = []
    same(s)


def test_an_unchanged_object_is_taken_from_the_last_document_without_a_content_key(monkeypatch):
    """The object cache: the same object with the same field values (by identity) is not even
    looked up by content, and a reassigned field is a miss that is encoded again."""
    s = big()
    before = same(s)
    monkeypatch.setattr(session_json, "_fragments_new", {})
    monkeypatch.setattr(session_json, "_fragments_old", {})
    encoded: list[object] = []
    encode = session_json._SESSION_ENCODER.encode
    monkeypatch.setattr(session_json._SESSION_ENCODER, "encode", lambda o: (encoded.append(o), encode(o))[1])
    assert session_json.session_to_json(s) == before
    assert not [o for o in encoded if isinstance(o, (Idea, BoardItem))]
    s.ideas[2].interest = 5
    s.board.items[1].links.append("card-0003")
    after = session_json.session_to_json(s)
    assert after == _session_to_json_whole(s)
    assert [o for o in encoded if isinstance(o, (Idea, BoardItem))] == [s.ideas[2], s.board.items[1]]


def test_an_unchanged_object_is_checked_without_a_new_snapshot(monkeypatch):
    """The check of each unchanged object compares its fields with the snapshot kept from the
    last document, in place: a save after one change makes a snapshot of that object only."""
    s = big()
    same(s)
    made: list[object] = []
    real = session_json._snapshot_maker

    def counting(cls):  # type: ignore[no-untyped-def]
        snap = real(cls)
        return lambda o: (made.append(o), snap(o))[1]

    monkeypatch.setattr(session_json, "_snapshot_maker", counting)
    s.ideas[4].text = "変えた"
    assert session_json.session_to_json(s) == _session_to_json_whole(s)
    assert [o for o in made if isinstance(o, (Idea, BoardItem))] == [s.ideas[4], s.ideas[4]]  # before and after encoding
