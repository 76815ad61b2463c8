"""What changed since last time: cards, homework done/dropped/carried again/new, carried counts."""

from __future__ import annotations

from datetime import datetime

from factories import make_session

from facilitator.carryover import new_session
from facilitator.changes import carried_times, chain_needed, changes_since
from facilitator.meeting import Meeting
from facilitator.model import BoardItem, Homework
from facilitator.templates import get_template



def next_of(previous, day: str):  # type: ignore[no-untyped-def]
    return new_session(body=previous.body.name, template=get_template("c-town"),
                       now=datetime.fromisoformat(f"{day}T10:00:00+09:00"), title="次", previous=previous,
                       on=datetime.fromisoformat(day).date())


def test_first_session_has_nothing_to_compare() -> None:
    s = make_session()
    c = changes_since(s, None)
    assert c.first and c.previous_id is None
    assert [x.id for x in c.new_cards] == ["card-01", "card-02"]
    assert [h.id for h in c.homework_new] == ["hw-01", "hw-02"]
    assert c.new_ideas == 3 and c.new_handoffs == 1


def test_changes_through_the_real_carry_over() -> None:
    first = make_session(date="2026-05-20", homework=[
        Homework(id="hw-a", text="移動販売車のルートを調べる", owner="鈴木"),
        Homework(id="hw-b", text="公民館の予約", owner="佐藤"),
        Homework(id="hw-c", text="ポイント制度を調べる"),
        Homework(id="hw-old", text="済んだもの", status="done"),
    ])
    second = next_of(first, "2026-07-15")
    m = Meeting(second, running=False)
    m.set_homework_status("hw-b", "done")
    m.set_homework_status("hw-c", "dropped", reason="町の事業に合流")
    m.add_homework("新しい宿題", owner="山田")
    second.board.items.append(BoardItem(id="card-new", column="have", text="商店の配達", since=second.id))
    second.board.items = [c for c in second.board.items if c.id != "card-02"]

    c = changes_since(second, first)
    assert not c.first and not c.empty and c.previous_id == first.id
    assert [x.text for x in c.new_cards] == ["商店の配達"]
    assert [x.id for x in c.removed_cards] == ["card-02"]
    assert [h.id for h in c.homework_done] == ["hw-b"]
    assert [(h.id, h.reason) for h in c.homework_dropped] == [("hw-c", "町の事業に合流")]
    assert [(x.item.id, x.times) for x in c.homework_carried] == [("hw-a", 1)]
    assert [h.text for h in c.homework_new] == ["新しい宿題"]
    # Nothing of the previous session changed.
    assert [h.status for h in first.homework] == ["open", "open", "open", "done"]


def test_carried_counts_follow_the_chain() -> None:
    s1 = make_session(date="2026-03-18", homework=[Homework(id="hw-a", text="乗り合い")])
    s2 = next_of(s1, "2026-05-20")
    Meeting(s2, running=False).add_homework("二回目から", owner="x")
    s3 = next_of(s2, "2026-07-15")
    s4 = next_of(s3, "2026-09-16")
    c = changes_since(s4, s3, [s1, s2, s3])
    times = {x.item.text: x.times for x in c.homework_carried}
    assert times == {"乗り合い": 3, "二回目から": 2}
    assert carried_times("hw-a", [s1, s2, s3]) == 3
    assert carried_times("hw-a", [s2]) == 1
    # Without a chain, an item carried in counts once.
    assert {x.times for x in changes_since(s4, s3).homework_carried} == {1}
    # chain_needed: keep reading back while an open item is held by every session read so far.
    assert chain_needed(s4, [])
    assert chain_needed(s4, [s3])
    assert chain_needed(s4, [s2, s3])
    assert not chain_needed(s4, [s1, s2, s3])  # s1 has no previous session
    assert not chain_needed(make_session(), [])


def test_an_unchanged_session_is_empty() -> None:
    first = make_session(homework=[])
    second = next_of(first, "2026-09-01")
    c = changes_since(second, first)
    assert c.empty and not c.first
