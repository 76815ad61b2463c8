"""An edit form that outlived its item (deleted in another window while the form was open): on
決定 the item comes back at its old place with what was typed, every window keeps it after the
merge, the undo takes it out again, and no refusal anywhere shows an internal id (QA, issue 16:
「アイデア 'idea-45b5cfe4' はありません」 and the typed edit gone)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from facilitator.board import BoardRules
from facilitator.meeting import Meeting, RuleError
from facilitator.merge import merge
from facilitator.model import find
from factories import NOW, make_session


def meeting(session, writer: str) -> Meeting:  # type: ignore[no-untyped-def]
    return Meeting(session, clock=lambda: 0.0, now=lambda: NOW, running=False, writer=writer)


# what, its list, its id, how the other window deletes it, how the form's edit is written
KINDS: list[tuple[str, str, str, Any, Any]] = [
    ("idea", "ideas", "idea-03", lambda m, i: m.delete_idea(i), lambda m, i: m.edit_idea(i, text="サロンでスマホ教室（編集）")),
    ("issue", "issues", "issue-02", lambda m, i: m.delete_issue(i), lambda m, i: m.edit_issue(i, title="サロンの活性化（編集）")),
    ("question", "questions", "q-01", lambda m, i: m.delete_question(i), lambda m, i: m.edit_question(i, text="何ができそう？（編集）")),
    ("handoff", "handoffs", "hand-01", lambda m, i: m.cancel_handoff(i), lambda m, i: m.edit_handoff(i, action="確認する（編集）")),
    ("homework", "homework", "hw-01", lambda m, i: m.delete_homework(i), lambda m, i: m.edit_homework(i, text="ルートを調べる（編集）")),
]


def text_of(item: Any) -> str:
    return next(getattr(item, f) for f in ("text", "title", "action") if hasattr(item, f))


@pytest.mark.parametrize(("what", "collection", "item_id", "delete", "edit"), KINDS, ids=[k[0] for k in KINDS])
def test_an_item_deleted_elsewhere_while_its_form_was_open_comes_back_with_the_edit(what, collection, item_id, delete, edit) -> None:  # type: ignore[no-untyped-def]
    base = make_session()
    a, b = meeting(copy.deepcopy(base), "w-a"), meeting(copy.deepcopy(base), "w-b")
    held = find(getattr(a.session, collection), item_id)  # the form opens on it, here
    at = getattr(a.session, collection).index(held)
    delete(b, item_id)  # the other window deletes it, and its save comes in
    a.adopt(merge(base, a.session, b.session).session)
    assert find(getattr(a.session, collection), item_id) is None
    with pytest.raises(RuleError) as refused:
        edit(a, item_id)
    assert item_id not in str(refused.value) and "'" not in str(refused.value)  # no internal id said
    version = a.version
    assert a.bring_back(what, held, at) is True and a.version > version
    edit(a, item_id)
    items = getattr(a.session, collection)
    assert items.index(held) == at and "（編集）" in text_of(held)
    # Whoever saves first, the edited item is in the file and in the other window.
    for merged in (merge(b.session, a.session, b.session).session, merge(b.session, b.session, a.session).session):
        (back,) = [i for i in getattr(merged, collection) if i.id == item_id]
        assert "（編集）" in text_of(back)
    assert a.bring_back(what, held, at) is False  # there now: nothing to do
    a.take_back(what, item_id)  # the undo
    assert find(getattr(a.session, collection), item_id) is None
    assert item_id in a.session.deleted.get(collection, [])
    a.take_back(what, item_id)  # twice: nothing (never an error)


def test_a_hand_off_brought_back_hands_its_ideas_again() -> None:
    base = make_session()
    a, b = meeting(copy.deepcopy(base), "w-a"), meeting(copy.deepcopy(base), "w-b")
    held = a.session.handoffs[0]
    b.cancel_handoff("hand-01")
    a.adopt(merge(base, a.session, b.session).session)
    assert find(a.session.ideas, "idea-01").status == "open"
    a.bring_back("handoff", held, 0)
    assert find(a.session.ideas, "idea-01").status == "handed"


def test_a_board_card_deleted_elsewhere_comes_back_and_no_card_message_names_an_id() -> None:
    base = make_session()
    a, b = meeting(copy.deepcopy(base), "w-a"), meeting(copy.deepcopy(base), "w-b")
    ra, rb = BoardRules(a), BoardRules(b)
    held = ra.get("card-02")
    rb.delete("card-02")
    a.adopt(merge(base, a.session, b.session).session)
    with pytest.raises(RuleError) as refused:
        ra.set_text("card-02", "商店（編集）")
    assert "card-02" not in str(refused.value)
    assert ra.bring_back(held, 1) is True
    ra.set_text("card-02", "商店（編集）")
    assert [c.text for c in a.session.board.items] == ["公園のゲートボール", "商店（編集）"]
    merged = merge(b.session, b.session, a.session).session
    assert [c.text for c in merged.board.items] == ["公園のゲートボール", "商店（編集）"]
    ra.take_back("card-02")
    assert find(a.session.board.items, "card-02") is None
