"""A version parsed like another (facilitator/sharing/version.py) is the same session as one
parsed on its own — only the unchanged items are shared, read-only, with the other."""

from __future__ import annotations

import copy

from factories import NOW, make_session

from facilitator.board import BoardRules
from facilitator.meeting import Meeting
from facilitator.session_json import session_to_json
from facilitator.sharing import Version


def as_bytes(session) -> bytes:  # type: ignore[no-untyped-def]
    return session_to_json(session).encode("utf-8")


def test_a_version_parsed_like_another_is_the_same_session_and_shares_only_unchanged_items():
    base = make_session()
    m = Meeting(base, running=False, now=lambda: NOW, writer="w-a")
    for n in range(5):
        m.add_idea(f"案 {n}")
    BoardRules(m).add("カード", "have")
    old = Version(as_bytes(base))
    old.session
    later = copy.deepcopy(base)
    e = Meeting(later, running=False, now=lambda: NOW, writer="w-b")
    e.edit_idea(later.ideas[1].id, text="直した案")
    e.delete_idea(later.ideas[3].id)
    later.ideas.insert(0, later.ideas.pop())  # moved
    e.add_idea("新しい案")
    e.add_homework("宿題")
    new = Version(as_bytes(later), like=old)
    assert session_to_json(new.session) == session_to_json(Version(as_bytes(later)).session)
    assert new.like is None  # forgotten once parsed: no chain of versions is kept
    olds = {i.id: i for i in old.session.ideas}
    for idea in new.session.ideas:
        unchanged = idea.id in olds and as_dict(olds[idea.id]) == as_dict(idea)
        assert (idea is olds.get(idea.id)) == unchanged
    assert new.session.board.items[0] is old.session.board.items[0]
    assert new.session.steps[0] is old.session.steps[0]


def as_dict(item) -> str:  # type: ignore[no-untyped-def]
    return repr(item)


def test_an_older_schema_or_a_broken_neighbour_is_parsed_on_its_own():
    s = make_session()
    old = Version(b"{not json")
    new = Version(as_bytes(s), like=old)
    assert session_to_json(new.session) == session_to_json(s)
