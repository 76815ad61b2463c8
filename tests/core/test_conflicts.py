"""The values a merge could not keep (``session.conflicts``), said to the SC and settled by the
meeting's rules (issue 16): described as sentences, kept or taken — a taken value goes where it
belongs, a deleted item comes back — counted as a change, so it saves and merges like any edit;
never in the minutes."""

from __future__ import annotations

import copy
import io
import zipfile

import pytest

from facilitator.conflicts import describe, settled, where
from facilitator.export import FORMATS, export
from facilitator.meeting import Meeting, RuleError
from facilitator.merge import merge, merge_without_base
from facilitator.model import Conflict
from facilitator.session_json import session_to_json
from facilitator.session_load import session_from_json
from factories import NOW, make_session


def meeting(session, writer: str = "w-sc") -> Meeting:  # type: ignore[no-untyped-def]
    return Meeting(session, clock=lambda: 0.0, now=lambda: NOW, running=False, writer=writer)


def edited_twice():  # type: ignore[no-untyped-def]
    """Two windows changed idea-02's text: b (two changes) wins, a's text is in conflicts."""
    base = make_session()
    a, b = meeting(copy.deepcopy(base), "w-a"), meeting(copy.deepcopy(base), "w-b")
    a.edit_idea("idea-02", text="デマンドタクシー")
    b.edit_idea("idea-02", text="コミュニティバスを朝も")
    b.edit_idea("idea-02", text="コミュニティバスを朝夕も")
    return merge(base, a.session, b.session).session


def test_a_field_conflict_is_said_as_which_item_now_other_and_whose_change() -> None:
    s = edited_twice()
    (c,) = s.conflicts
    view = describe(s, c)
    assert view.item == "意見「コミュニティバスを朝夕も」の文"
    assert (view.current, view.other) == ("コミュニティバスを朝夕も", "デマンドタクシー")
    assert view.source == "別の画面・1番目の変更"
    assert describe(s, c, me="w-a").source == "この画面・1番目の変更"
    assert describe(s, c, names={"w-a": "記録係のPC（田中）"}).source == "記録係のPC（田中）・1番目の変更"


@pytest.mark.parametrize("path,value,item,current", [
    ("title", "第3回（案）", "題", "第3回 定例会"),
    ("next_meeting/place", "駅前の集会所", "次回の会場", "C町 公民館"),
    ("board/vision", "誰もが出かけられるまち", "ボードの目指す姿", "歳をとっても、歩いて行ける場所でおしゃべりできるまち"),
    ("steps/ideas/notes", "別の画面のメモ", "ステップ「情報・意見交換」のメモ", "（空）"),
    ("homework/hw-01/owner", "田中", "宿題「移動販売車の巡回ルートを調べる」の担当", "鈴木 SC"),
])
def test_every_kind_of_place_is_named_and_the_other_value_goes_there(path, value, item, current) -> None:  # type: ignore[no-untyped-def]
    s = make_session()
    c = Conflict(path=path, value=value, by="w-b", at=7)
    s.conflicts = [c]
    view = describe(s, c)
    assert (view.item, view.current, view.other) == (item, current, value)
    m = meeting(s)
    m.take_other(c)
    assert s.conflicts == [] and m.version == 1 and s.clock.writer == "w-sc"  # type: ignore[union-attr]
    data = session_from_json(session_to_json(s))  # it saves, and loads back as it was taken
    assert describe(data, Conflict(path=path, value=None)).current == value


def test_keeping_the_current_value_drops_the_conflict_and_counts_a_change() -> None:
    s = edited_twice()
    m = meeting(s)
    m.keep_current(s.conflicts[0])
    assert s.conflicts == [] and m.version == 1
    assert s.ideas[1].text == "コミュニティバスを朝夕も"


def test_taking_the_other_value_is_an_edit_that_merges_like_any() -> None:
    merged = edited_twice()
    resolved = copy.deepcopy(merged)
    meeting(resolved).take_other(resolved.conflicts[0])
    assert resolved.ideas[1].text == "デマンドタクシー" and resolved.conflicts == []
    # The other window still has the merged version: the SC's choice wins, the conflict is gone.
    later = merge(merged, resolved, merged).session
    assert later.ideas[1].text == "デマンドタクシー" and later.conflicts == []


def test_settled_names_the_conflicts_gone_since_the_last_look_whichever_window_settled_them() -> None:
    """The meeting screen shows the chosen value in the field a settled conflict is about (even
    one being typed in): ``settled`` says which went, here or in a merge from another window."""
    merged = edited_twice()
    before = list(merged.conflicts)
    assert settled(before, list(merged.conflicts)) == []
    # Another window's save, merged in: new objects, the same conflict — nothing settled.
    assert settled(before, copy.deepcopy(merged.conflicts)) == []
    here = copy.deepcopy(merged)
    meeting(here).keep_current(here.conflicts[0])
    assert settled(before, here.conflicts) == before
    there = copy.deepcopy(merged)
    meeting(there, "w-b").take_other(there.conflicts[0])
    came_in = merge(merged, merged, there).session  # this window's view once the save came in
    assert [c.path for c in settled(before, came_in.conflicts)] == ["ideas/idea-02/text"]
    # A new conflict on the same place is not a settled one.
    again = before + [Conflict(path="ideas/idea-02/text", value="ほかの文", by="w-c", at=9)]
    assert settled(again, before) == again[1:] and settled(before, again) == []


def test_a_deleted_item_edited_elsewhere_can_be_brought_back() -> None:
    one = make_session()
    other = copy.deepcopy(one)
    meeting(one, "w-a").delete_idea("idea-03")
    meeting(other, "w-b").edit_idea("idea-03", text="サロンでスマホ教室（月2回）")
    s = merge_without_base(one, other).session
    (c,) = [c for c in s.conflicts if c.path == "ideas/idea-03"]
    view = describe(s, c)
    assert view.item == "消された意見「サロンでスマホ教室（月2回）」"
    assert view.current == "（消されています）" and view.other == "残す（内容: サロンでスマホ教室（月2回））"
    m = meeting(s)
    m.take_other(c)
    assert [i.text for i in s.ideas if i.id == "idea-03"] == ["サロンでスマホ教室（月2回）"]
    assert "idea-03" not in s.deleted.get("ideas", [])
    assert c not in s.conflicts
    assert any(i.id == "idea-03" for i in session_from_json(session_to_json(s)).ideas)


def test_a_value_that_cannot_be_there_or_an_item_gone_is_refused_and_changes_nothing() -> None:
    s = make_session()
    bad = Conflict(path="title", value=42, by="w-b", at=3)
    gone = Conflict(path="ideas/idea-99/text", value="どこにもない", by="w-b", at=3)
    s.conflicts = [bad, gone]
    before = session_to_json(s)
    m = meeting(s)
    with pytest.raises(RuleError, match="使えません"):
        m.take_other(bad)
    with pytest.raises(RuleError, match="もうありません"):
        m.take_other(gone)
    assert session_to_json(s) == before and m.version == 0
    m.keep_current(gone)  # the SC can still let it go
    assert s.conflicts == [bad]
    with pytest.raises(RuleError):
        m.keep_current(gone)  # settled already (another window did, say)


def test_an_attendee_name_with_a_slash_is_found() -> None:
    s = make_session()
    meeting(s).add_attendee("A/B 地区 会長", "町内会長")
    path = where("attendees/A/B 地区 会長/role", {"attendees": [{"name": "A/B 地区 会長"}]})
    assert (path.collection, path.key, path.fields) == ("attendees", "A/B 地区 会長", ("role",))
    c = Conflict(path="attendees/A/B 地区 会長/role", value="民生委員", by="w-b", at=2)
    s.conflicts = [c]
    meeting(s).take_other(c)
    assert next(a.role for a in s.attendees if a.name == "A/B 地区 会長") == "民生委員"


def test_conflicts_are_never_in_the_minutes_or_any_export_but_the_document() -> None:
    s = edited_twice()
    s.conflicts.append(Conflict(path="review", value="別の画面の総評（食い違い）", by="w-a", at=4))
    s.next_meeting.date = "2026-09-16"  # the calendar event too
    for fmt in FORMATS:
        data = export(s, fmt)
        if fmt in ("docx", "xlsx"):  # zipped XML
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        else:
            text = data.decode("utf-8-sig")
        if fmt == "json":  # the document itself, as it is
            assert "デマンドタクシー" in text
            continue
        assert "デマンドタクシー" not in text and "食い違い" not in text, fmt


def test_a_conflict_about_an_item_gone_since_never_names_it_by_its_internal_id() -> None:
    s = make_session()
    s.conflicts = [Conflict(path="ideas/idea-45b5cfe4/text", value="サロンでスマホ教室（月2回）", by="w-b", at=3),
                   Conflict(path="ideas/idea-77aa/interest", value=3, by="w-b", at=3)]
    first, second = (describe(s, c) for c in s.conflicts)
    assert first.item == "意見「サロンでスマホ教室（月2回）」の文" and "idea-" not in second.item


def test_a_field_typed_on_keeps_one_entry_up_to_date_which_is_not_a_settled_one() -> None:
    """The 総評 being typed in while the other writer changed its line: each keystroke keeps the
    typed text in one entry (found again after a merge by place, writer and value); its value
    moving on is not a settlement, its removal is."""
    m = meeting(make_session(), "w-a")
    first = m.keep_unmerged_text("review", "総評X")
    before = list(m.session.conflicts)
    version = m.version
    assert m.keep_unmerged_text("review", "総評X", instead_of=first) is first and m.version == version
    again = m.keep_unmerged_text("review", "総評XY", instead_of=first)
    assert [c.value for c in m.session.conflicts] == ["総評XY"] and m.version == version + 1
    assert settled(before, m.session.conflicts) == []
    m.session.conflicts = copy.deepcopy(m.session.conflicts)  # a merge came in: new objects
    m.keep_unmerged_text("review", "総評XYZ", instead_of=again)
    assert [(c.path, c.value, c.by) for c in m.session.conflicts] == [("review", "総評XYZ", "w-a")]
    m.keep_current(m.session.conflicts[0])
    assert [c.path for c in settled(before, m.session.conflicts)] == ["review"]
    m.keep_unmerged_text("review", "総評XYZ!", instead_of=again)  # settled meanwhile: a new entry
    assert [c.value for c in m.session.conflicts] == ["総評XYZ!"]
