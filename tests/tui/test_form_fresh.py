"""``FormResult.fresh``: what an edit form writes for a field another writer may have changed
while it was open (screens/form.py). No terminal needed: the result is plain data."""

from __future__ import annotations

from screens.form import FormResult


def result(typed: str, opened: str, kind: str = "text") -> FormResult:
    return FormResult({"f": typed}, opened={"f": opened}, kinds={"f": kind})


def test_a_field_left_as_it_opened_takes_the_value_it_has_now():
    r = result("元の文", "元の文")
    assert r.fresh("f", "外で直した文") == "外で直した文" and not r.overwritten


def test_a_field_changed_only_here_is_written_as_typed():
    r = result("ここで直した文", "元の文")
    assert r.fresh("f", "元の文") == "ここで直した文" and not r.overwritten


def test_a_text_changed_on_both_sides_merges_line_by_line():
    r = result("一行目\n二行目\nここで足した", "一行目\n二行目")
    assert r.fresh("f", "外で足した\n一行目\n二行目") == "外で足した\n一行目\n二行目\nここで足した"
    assert not r.overwritten


def test_an_overlap_writes_what_was_typed_and_keeps_theirs_aside():
    r = result("ここで直した", "元の文", kind="line")
    assert r.fresh("f", "外で直した") == "ここで直した"
    assert r.overwritten == {"f": "外で直した"}


def test_a_choice_changed_on_both_sides_keeps_theirs_aside():
    r = result("issue-02", "issue-01", kind="select")
    assert r.fresh("f", "issue-03") == "issue-02" and r.overwritten == {"f": "issue-03"}


def test_a_stored_value_with_control_characters_is_not_taken_for_a_change():
    shown = "見守り"  # what the form showed: the stored value without its bidi isolate
    r = result(shown, shown, kind="line")
    assert r.fresh("f", "見守り\u2066") == "見守り\u2066"  # left alone: the stored value, untouched
    r = result("見守り当番", shown, kind="line")
    assert r.fresh("f", "見守り\u2066") == "見守り当番" and not r.overwritten  # changed here only


def test_a_result_made_by_hand_is_its_values():
    assert FormResult({"f": "x"}).fresh("f", "y") == "x"
