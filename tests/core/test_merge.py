"""The merge of two writers' versions of a session (facilitator/merge/), and the bookkeeping
the meeting's rules write for it: tombstones for deletions, the logical clock."""

from __future__ import annotations

import copy
import json
from datetime import timedelta

import pytest
from factories import NOW, make_session

from facilitator.board import BoardRules
from facilitator.export import export
from facilitator.meeting import Meeting
from facilitator.merge import forget_tombstone, merge, merge_without_base, process_token
from facilitator.merge.fields import MODEL_CLASSES, kind_of
from facilitator.merge.text import merge_lines
from facilitator.model import Attendee, Conflict, Homework, Idea
from facilitator.session_json import session_to_json
from facilitator.session_load import session_from_json


def meeting(session=None, writer="w-a"):  # type: ignore[no-untyped-def]
    return Meeting(session if session is not None else make_session(), clock=lambda: 0.0, now=lambda: NOW,
                   running=False, writer=writer)


# -- the rules' bookkeeping -----------------------------------------------------------------------


def test_every_counted_change_ticks_the_clock_as_this_writer():
    m = meeting(writer="w-a")
    assert m.session.clock is None
    m.add_idea("見守りの当番表")
    m.add_interest("idea-01")
    assert (m.session.clock.counter, m.session.clock.writer) == (2, "w-a")  # type: ignore[union-attr]
    other = meeting(m.session, writer="w-b")
    other.set_review("よい会でした")
    assert (m.session.clock.counter, m.session.clock.writer) == (3, "w-b")  # type: ignore[union-attr]
    BoardRules(other).add("駄菓子屋", "have")
    assert m.session.clock.counter == 4  # type: ignore[union-attr]


def test_the_default_writer_is_one_random_token_per_process():
    assert meeting(writer=None).writer == meeting(writer=None).writer == process_token()
    assert process_token().startswith("w-") and len(process_token()) > 8


def test_deleting_leaves_a_tombstone_and_undoing_forgets_it():
    m = meeting()
    s = m.session
    i, idea = m.delete_idea("idea-03")
    q = m.delete_question("q-01")
    hw = m.delete_homework("hw-02")
    h = m.cancel_handoff("hand-01")
    iss = m.delete_issue("issue-02")
    assert s.deleted == {"ideas": ["idea-03"], "questions": ["q-01"], "homework": ["hw-02"],
                         "handoffs": ["hand-01"], "issues": ["issue-02"]}
    m.restore_idea(i, idea)
    m.restore_question(*q)
    m.restore_homework(*hw)
    m.restore_handoff(*h)
    m.restore_issue(*iss, linked=["idea-03"])
    assert s.deleted == {}
    board = BoardRules(m)
    removed = board.delete("card-01")
    assert s.deleted == {"board.items": ["card-01"]}
    board.restore(removed)
    assert s.deleted == {}


def test_attendees_are_tombstoned_by_their_normalised_name():
    m = meeting()
    m.remove_attendee("山田 花子")
    assert m.session.deleted == {"attendees": ["山田 花子"]}
    m.add_attendee("山田　花子", "民生委員")  # 全角 space: the same person, back again
    assert m.session.deleted == {}
    m.remove_attendee("佐藤 一郎")
    forget_tombstone(m.session, "attendees", "佐藤 一郎")
    forget_tombstone(m.session, "attendees", "佐藤 一郎")  # twice: nothing to forget
    assert m.session.deleted == {}


def test_a_deletion_undone_twice_or_of_something_present_changes_nothing_more():
    m = meeting()
    i, idea = m.delete_idea("idea-03")
    m.restore_idea(i, idea)
    before = copy.deepcopy(m.session)
    m.restore_idea(i, idea)
    assert m.session == before


# -- merging: helpers ------------------------------------------------------------------------------


def two_writers(base=None):  # type: ignore[no-untyped-def]
    """A base session and two meetings on copies of it, as two windows would hold them."""
    base = base if base is not None else make_session()
    return base, meeting(copy.deepcopy(base), "w-a"), meeting(copy.deepcopy(base), "w-b")


def both_orders(base, a, b, **kw):  # type: ignore[no-untyped-def]
    """merge(base, a, b), checked to be the same document as merge(base, b, a)."""
    one, other = merge(base, a, b, **kw), merge(base, b, a, **kw)
    assert session_to_json(one.session) == session_to_json(other.session)
    return one


def conflicts(result):  # type: ignore[no-untyped-def]
    return {c.path: c for c in result.session.conflicts}


# -- deletion --------------------------------------------------------------------------------------


def test_delete_against_edit_the_delete_wins_and_the_edit_is_kept_in_conflicts():
    base, a, b = two_writers()
    a.delete_idea("idea-03")
    b.edit_idea("idea-03", text="サロンでスマホ教室（毎月第2火曜）")
    r = both_orders(base, a.session, b.session)
    assert [i.id for i in r.session.ideas] == ["idea-01", "idea-02"]
    assert r.session.deleted == {"ideas": ["idea-03"]}
    c = conflicts(r)["ideas/idea-03"]  # the whole item as it was edited: nothing typed is lost
    assert c.value["text"] == "サロンでスマホ教室（毎月第2火曜）" and c.value["id"] == "idea-03"
    assert (c.by, c.at) == ("w-b", 1)
    assert r.conflicts == r.session.conflicts


def test_a_delete_against_an_unchanged_item_is_silent():
    base, a, b = two_writers()
    BoardRules(a).delete("card-02")
    b.add_idea("駄菓子屋を集いの場に")
    r = both_orders(base, a.session, b.session)
    assert [c.id for c in r.session.board.items] == ["card-01"] and r.session.conflicts == []


def test_absence_is_not_deletion():
    """An item one side never saw (or an outside tool dropped without a tombstone) survives."""
    base, a, b = two_writers()
    a.add_idea("見守りの当番表")
    b.session.ideas = [i for i in b.session.ideas if i.id != "idea-02"]  # removed by hand: no tombstone
    b.add_idea("お茶会")
    r = both_orders(base, a.session, b.session)
    assert [i.text for i in r.session.ideas] == [
        "乗り合いで買い物に行く", "コミュニティバスの増便", "サロンでスマホ教室", "見守りの当番表", "お茶会"]


def test_undoing_a_delete_keeps_the_item_and_the_other_sides_edit():
    base, a, b = two_writers()
    index, idea = a.delete_idea("idea-03")
    a.restore_idea(index, idea)
    b.add_interest("idea-03", 2)
    r = both_orders(base, a.session, b.session)
    assert r.session.ideas[2].interest == 2 and r.session.deleted == {} and r.session.conflicts == []


def test_a_writer_deleting_what_it_added_itself_does_not_remove_the_others_addition():
    base, a, b = two_writers()
    a.add_attendee("田中 次郎", "町内会")
    a.remove_attendee("田中 次郎")  # a mistake, taken back by removing
    b.add_attendee("田中　次郎", "民生委員")  # 全角 space: the same person, added at the other laptop
    r = both_orders(base, a.session, b.session)
    assert [(x.name, x.role) for x in r.session.attendees][-1] == ("田中 次郎", "民生委員")  # (cleaned)
    assert r.session.deleted == {}


# -- the same id twice -------------------------------------------------------------------------------


def test_the_same_id_added_on_both_sides_keeps_both_and_renames_one_by_its_content():
    base, a, b = two_writers()
    a.session.ideas.append(Idea(id="idea-9", text="子ども食堂と合同の昼食会", kind="self"))
    b.session.ideas.append(Idea(id="idea-9", text="雪かきの当番", kind="self"))
    b.hand_off(["idea-9"], "町内会に相談する")  # the renamed item's own references follow it
    r = both_orders(base, a.session, b.session)
    texts = {i.id: i.text for i in r.session.ideas}
    [renamed] = r.renamed
    assert renamed.collection == "ideas" and renamed.old == "idea-9" and renamed.new.startswith("idea-9-")
    assert texts[renamed.new] in ("子ども食堂と合同の昼食会", "雪かきの当番")
    assert {texts["idea-9"], texts[renamed.new]} == {"子ども食堂と合同の昼食会", "雪かきの当番"}
    handoff = r.session.handoffs[-1]
    assert texts[handoff.idea_ids[0]] == "雪かきの当番"
    assert renamed.side == ("theirs" if texts[renamed.new] == "雪かきの当番" else "mine")
    again = merge(base, b.session, a.session).renamed[0]
    assert again.new == renamed.new and again.side != renamed.side  # the same id, whoever merges


def test_the_same_id_added_on_both_sides_with_the_same_content_is_one_item():
    base, a, b = two_writers()
    for m in (a, b):
        m.session.homework.append(Homework(id="hw-9", text="送迎車の空きを聞く"))
    r = both_orders(base, a.session, b.session)
    assert [h.id for h in r.session.homework].count("hw-9") == 1 and r.renamed == []


# -- fields and the clock ---------------------------------------------------------------------------


def test_a_field_changed_on_one_side_wins_and_on_both_the_later_clock_wins():
    base, a, b = two_writers()
    a.set_details(title="第4回 定例会")
    a.set_details(place="集会所")
    a.set_details(start_time="13:30")
    b.set_details(title="第3回 定例会（臨時）")
    b.edit_idea("idea-02", department="建設課")
    r = both_orders(base, a.session, b.session)
    s = r.session
    assert s.place == "集会所" and s.ideas[1].department == "建設課"
    assert s.title == "第4回 定例会"  # a counted 3 changes, b 2: a is later
    c = conflicts(r)["title"]
    assert (c.value, c.by, c.at) == ("第3回 定例会（臨時）", "w-b", 2)
    assert (s.clock.counter, s.clock.writer) == (3, "w-a")  # type: ignore[union-attr]
    meeting(s, "w-b").set_review("…")
    assert s.clock.counter == 4  # type: ignore[union-attr]  # the next change is later than both


def test_equal_counters_are_decided_by_the_writer_token_never_the_wall_clock():
    base, a, b = two_writers()
    a.set_details(title="A案")
    b._now = lambda: NOW - timedelta(hours=5)  # type: ignore[method-assign]  # a wrong wall clock
    b.set_details(title="B案")
    assert a.session.clock.counter == b.session.clock.counter  # type: ignore[union-attr]
    r = both_orders(base, a.session, b.session)
    assert r.session.title == "B案" and conflicts(r)["title"].value == "A案"  # "w-b" > "w-a"


def test_updated_at_is_the_merge_time_given_or_the_later_side():
    base, a, b = two_writers()
    a.add_idea("x")
    b._now = lambda: NOW + timedelta(minutes=5)  # type: ignore[method-assign]
    b.add_idea("y")
    assert both_orders(base, a.session, b.session).session.updated_at == "2026-08-19T14:10:00+09:00"
    r = both_orders(base, a.session, b.session, now=NOW + timedelta(hours=1))
    assert r.session.updated_at == "2026-08-19T15:05:00+09:00"


def test_counters_add_each_sides_increments():
    base, a, b = two_writers()
    a.add_interest("idea-01", 2)  # 3 → 5
    b.add_interest("idea-01", 1)
    b.add_interest("idea-01", -3)  # 3 → 1
    a.add_interest("idea-02", -1)  # 0 stays 0
    b.add_interest("idea-02", -1)
    a.add_interest("idea-03", 1)
    b.add_interest("idea-03", 1)
    r = both_orders(base, a.session, b.session)
    assert [i.interest for i in r.session.ideas] == [3 + 2 - 2, 0, 2] and r.session.conflicts == []
    assert merge(base, a.session, a.session).session.ideas[2].interest == 1  # one version: counted once


def test_string_lists_merge_as_sets():
    base, a, b = two_writers()
    base.next_meeting.agenda = ["移動販売の報告", "サロンの日程", "会計"]
    a.session.next_meeting.agenda = list(base.next_meeting.agenda)
    b.session.next_meeting.agenda = list(base.next_meeting.agenda)
    a.set_next_meeting(agenda=["サロンの日程", "会計", "見守りマップ"])  # removed one, added one
    b.set_next_meeting(agenda=["移動販売の報告", "会計", "雪かき", "サロンの日程"])  # moved one, added one
    BoardRules(a).set_meanings("card-01", ["見守り", "居場所"])  # removed 孤立防止, added 居場所
    BoardRules(b).set_meanings("card-01", ["孤立防止", "健康づくり"])  # removed 見守り, added 健康づくり
    r = both_orders(base, a.session, b.session)
    # Kept unless either removed it, added if either added it; b's order (its clock is later:
    # the same count, and "w-b" > "w-a"), a's additions after the line they follow in a's list.
    assert r.session.next_meeting.agenda == ["会計", "見守りマップ", "雪かき", "サロンの日程"]
    assert r.session.board.items[0].meanings == ["居場所", "健康づくり"]  # 居場所 follows nothing kept
    assert r.session.conflicts == []


def test_notes_merge_line_by_line():
    base = make_session()
    base.steps[3].notes = "自己紹介\n移動の困りごと\n買い物の困りごと"
    base, a, b = two_writers(base)
    a.set_step_notes("ideas", "自己紹介（10名）\n移動の困りごと\n買い物の困りごと\n送迎の話")
    b.set_step_notes("ideas", "自己紹介\n移動の困りごと\n買い物の困りごと（移動販売が来ない）\n次回は商店の人も")
    r = both_orders(base, a.session, b.session)
    assert r.session.steps[3].notes == (  # both additions kept, the later clock's (b's) first
        "自己紹介（10名）\n移動の困りごと\n買い物の困りごと（移動販売が来ない）\n次回は商店の人も\n送迎の話")
    assert r.session.conflicts == []


def test_overlapping_edits_keep_the_winners_text_and_the_other_in_conflicts_without_markers():
    base = make_session(review="よい会でした\n次回も楽しみです")
    base, a, b = two_writers(base)
    a.set_review("よい会でした！\n次回も楽しみです")
    b.set_review("とてもよい会でした\n次回も楽しみです\n（アドバイザー）")
    b.set_review("とてもよい会でした\n次回も楽しみです\n（アドバイザー 佐藤）")  # b is later
    r = both_orders(base, a.session, b.session)
    assert r.session.review == "とてもよい会でした\n次回も楽しみです\n（アドバイザー 佐藤）"
    c = conflicts(r)["review"]
    assert (c.value, c.by) == ("よい会でした！\n次回も楽しみです", "w-a")
    assert "<<<" not in r.session.review and "===" not in r.session.review


@pytest.mark.parametrize("base, first, second, merged, clean", [
    ("a\nb\nc", "A\nb\nc", "a\nb\nC", "A\nb\nC", True),
    ("a\nb", "a\nb\nx", "a\nb\ny", "a\nb\nx\ny", True),  # both appended: first's first
    ("a\nb", "a\nb\nx\ny", "a\nb\ny", "a\nb\nx\ny", True),  # one's addition contains the other's
    ("", "x", "y", "x\ny", True),  # both wrote into empty notes
    ("a\nb\nc", "a\nB\nc", "a\nβ\nc", "a\nB\nc", False),
    ("a\nb\nc", "a\nc", "a\nB\nc", "a\nc", False),  # deleted against edited
    ("a\nb\nc\nd", "a\nc\nd", "a\nb\nc\nD", "a\nc\nD", True),
    ("a", "a", "b", "b", True),
])
def test_merge_lines(base, first, second, merged, clean):
    assert merge_lines(base, first, second) == (merged, clean)


# -- an hour offline, a restart --------------------------------------------------------------------


def test_an_hour_offline():
    """The 記録係's laptop lost the network for an hour: many edits there, a few at the SC's."""
    base, a, b = two_writers()
    added_a = [a.add_idea(f"意見{n}", author="山田 花子").id for n in range(60)]
    for n, idea_id in enumerate(added_a[:20]):
        a.add_interest(idea_id, n % 3)
    a.edit_idea("idea-01", text="乗り合いで買い物に行く（月2回）")
    a.delete_idea(added_a[5])
    a.add_homework("送迎ボランティアの名簿を作る", owner="鈴木 SC")
    a.set_step_notes("ideas", "\n".join(f"メモ{n}" for n in range(30)))
    added_b = [b.add_idea("駄菓子屋を集いの場に").id, b.add_idea("雪かきの当番").id]
    b.add_interest("idea-01", 1)
    b.set_homework_status("hw-01", "done")
    r = both_orders(base, a.session, b.session)
    s = r.session
    ids = [i.id for i in s.ideas]
    assert set(added_a) - {added_a[5]} <= set(ids) and set(added_b) <= set(ids) and added_a[5] not in ids
    assert len(ids) == len(set(ids)) == 3 + 59 + 2
    assert s.ideas[0].text == "乗り合いで買い物に行く（月2回）" and s.ideas[0].interest == 4
    assert s.homework[0].status == "done" and s.homework[-1].text == "送迎ボランティアの名簿を作る"
    assert s.steps[3].notes.count("メモ") == 30 and s.conflicts == []


def test_a_base_read_back_from_its_file_gives_the_same_merge():
    """After a restart the base comes from a file (the recovery copy): the same merge."""
    base, a, b = two_writers()
    a.add_idea("見守りの当番表")
    b.delete_idea("idea-02")
    reread = session_from_json(session_to_json(base))
    assert session_to_json(merge(reread, a.session, b.session).session) == \
        session_to_json(merge(base, a.session, b.session).session)


def test_the_inputs_are_not_changed_and_the_result_shares_nothing_with_them():
    base, a, b = two_writers()
    a.add_idea("x")
    b.edit_idea("idea-01", text="y")
    before = [session_to_json(x) for x in (base, a.session, b.session)]
    s = merge(base, a.session, b.session).session
    assert [session_to_json(x) for x in (base, a.session, b.session)] == before
    s.ideas[0].text = "changed"
    s.board.items[0].meanings.append("z")
    s.next_meeting.agenda.append("z")
    assert [session_to_json(x) for x in (base, a.session, b.session)] == before


# -- no common version: a sync client's conflict copy ---------------------------------------------


def test_merge_without_base_keeps_everything_and_sends_differing_fields_to_conflicts():
    one = make_session(id="2026-08-19-c0ffee")
    other = copy.deepcopy(one)
    m1, m2 = meeting(one, "w-a"), meeting(other, "w-b")
    m1.add_idea("A だけの意見")
    m1.edit_idea("idea-01", text="乗り合い（A）")
    m2.add_idea("B だけの意見")
    m2.edit_idea("idea-01", text="乗り合い（B）")
    m2.delete_idea("idea-03")
    r = merge_without_base(one, other)
    assert session_to_json(r.session) == session_to_json(merge_without_base(other, one).session)
    texts = [i.text for i in r.session.ideas]
    assert "A だけの意見" in texts and "B だけの意見" in texts and "サロンでスマホ教室" not in texts
    assert texts[0] == "乗り合い（B）"  # b counted 3 changes, a 2
    paths = conflicts(r)
    assert paths["ideas/idea-01/text"].value == "乗り合い（A）"
    assert paths["ideas/idea-03"].value["text"] == "サロンでスマホ教室"  # no base: kept in conflicts


# -- the conflicts' shape and where they (do not) go ----------------------------------------------


def test_conflicts_shape_in_the_file_and_not_in_the_minutes():
    base, a, b = two_writers()
    a.edit_idea("idea-02", text="デマンドタクシー")
    b.edit_idea("idea-02", text="コミュニティバスを朝も")
    b.edit_idea("idea-02", text="コミュニティバスを朝夕も")
    s = both_orders(base, a.session, b.session).session
    data = json.loads(session_to_json(s))
    assert data["conflicts"] == [{"path": "ideas/idea-02/text", "value": "デマンドタクシー", "by": "w-a", "at": 1}]
    assert session_to_json(session_from_json(session_to_json(s))) == session_to_json(s)
    for fmt in ("md", "html", "csv"):
        assert "デマンドタクシー" not in export(s, fmt).decode("utf-8-sig"), fmt
    assert "デマンドタクシー" in export(s, "json").decode("utf-8")  # the document itself, as it is
    resolved = copy.deepcopy(s)
    resolved.conflicts = []  # the SC resolved it on one window
    later = merge(s, resolved, s).session
    assert later.conflicts == []  # resolved on one side: gone


def test_every_field_of_the_model_has_a_merge_rule():
    for cls in MODEL_CLASSES:
        assert kind_of(cls)
    assert dict(kind_of(Idea))["interest"] == "counter" and dict(kind_of(Attendee))["role"] == "scalar"
    assert Conflict(path="x").value is None


def test_an_agenda_line_is_kept_once_even_when_both_sides_add_it_again():
    """Found by hypothesis: both writers add a line the base already had; merging again with
    one of them against the old base made it twice."""
    from facilitator.merge import merge as merge3
    from facilitator.meeting import Meeting
    from factories import make_session

    base = make_session(id="2026-08-19-abc123")
    Meeting(base, running=False).set_next_meeting(agenda=["見守り0"])
    a, b = copy.deepcopy(base), copy.deepcopy(base)
    Meeting(a, running=False).set_next_meeting(agenda=["見守り0", "見守り0"])
    Meeting(b, running=False).set_next_meeting(agenda=["見守り0", "見守り0", "見守り0"])
    assert a.next_meeting.agenda == ["見守り0"]  # the rule keeps each line once
    m = merge3(base, a, b).session
    for side in (a, b):
        assert merge3(base, m, side).session.next_meeting.agenda == ["見守り0"]


def test_an_older_copy_written_back_does_not_undo_a_deletion_it_never_saw():
    """A script read the file, a window then deleted an idea (its tombstone), and the script wrote
    its older copy back: the copy lacks the tombstone because it never saw it — its clock is
    behind the base's — so the idea stays deleted, with no conflict; the script's own change is
    kept. An undo (a writer that saw the deletion: its clock is ahead) still brings it back."""
    a = meeting(writer="w-a")
    older = copy.deepcopy(a.session)  # what the script read
    gone = a.session.ideas[0].id
    a.delete_idea(gone)
    base = copy.deepcopy(a.session)  # what the window wrote and last read
    older.title = "スクリプトが直した題"  # the script's change to its copy, no tick
    result = merge(base, copy.deepcopy(base), older)
    assert gone not in [i.id for i in result.session.ideas]
    assert gone in result.session.deleted["ideas"] and not result.conflicts
    assert result.session.title == "スクリプトが直した題"
    # Another window's undo of that deletion is ahead of the base: the idea comes back.
    b = meeting(copy.deepcopy(base), writer="w-b")
    index, idea = 0, next(i for i in older.ideas if i.id == gone)
    b.restore_idea(index, copy.deepcopy(idea))
    undone = merge(base, copy.deepcopy(base), b.session).session
    assert gone in [i.id for i in undone.ideas] and "ideas" not in undone.deleted
