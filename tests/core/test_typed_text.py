"""Text typed into a field while another writer changes the same text (facilitator/merge/typed.py):
what each keystroke stores, when a text in the session is another writer's, and what goes to the
conflicts when the field is left. No terminal: the text panels' steps, by hand."""

from __future__ import annotations

from facilitator.merge.typed import TypedText, merge_line_sets


def test_alone_each_keystroke_stores_what_was_typed() -> None:
    typed = TypedText("一行目")
    assert typed.keystroke("一行目\nm", current="一行目") == "一行目\nm"
    assert typed.keystroke("一行目\nmi", current="一行目\nm") == "一行目\nmi"
    assert typed.keystroke("一行目\nmi", current="一行目\nmi") is None  # nothing new
    assert typed.theirs is None and not typed.unplaced("一行目\nmi", "一行目\nmi")


def test_the_windows_own_text_coming_back_is_not_another_writers() -> None:
    """The session's text after a merge was taken in is what this field stored last (its own
    save coming back): not theirs; the next keystroke stores what was typed."""
    typed = TypedText("")
    assert typed.keystroke("abc", current="") == "abc"
    typed.came_in("abc", "abcd")
    assert typed.theirs is None
    assert typed.keystroke("abcd", current="abc") == "abcd"


def test_another_writers_lines_are_merged_with_what_is_typed_from_then_on() -> None:
    typed = TypedText("一行目")
    assert typed.keystroke("一行目\nmine", current="一行目") == "一行目\nmine"
    typed.came_in("外の行\n一行目\nmine", "一行目\nmine")  # they added a line to what we saved
    assert typed.theirs == "外の行\n一行目\nmine"
    assert typed.keystroke("一行目\nmine2", current="外の行\n一行目\nmine") == "外の行\n一行目\nmine2"
    assert not typed.unplaced("一行目\nmine2", "外の行\n一行目\nmine2")
    typed.shown("外の行\n一行目\nmine2")  # the field left: it shows the session's text
    assert typed.theirs is None and typed.loaded == "外の行\n一行目\nmine2"


def test_a_change_noticed_only_at_the_next_keystroke_is_merged_too() -> None:
    """Another writer's text in the session that no ``came_in`` announced (the keystroke finds
    the session changed since it stored its text) is theirs as well."""
    typed = TypedText("a")
    assert typed.keystroke("a\nb", current="a") == "a\nb"
    assert typed.keystroke("a\nbc", current="x\na\nb") == "x\na\nbc"


def test_typed_text_the_merge_cannot_place_is_for_the_conflicts_when_left() -> None:
    typed = TypedText("同じ行")
    typed.came_in("彼らの行", "同じ行")
    assert typed.keystroke("私の行", current="彼らの行") is None  # theirs win the overlap: stored already
    assert typed.overlapped and typed.unplaced("私の行", "彼らの行")
    assert not typed.unplaced("   ", "彼らの行")  # nothing typed: nothing to keep


def test_line_sets_keep_both_sides_lines_and_drop_what_the_other_writer_removed() -> None:
    assert merge_line_sets("a\nb", "b\nc", "a\nb\nd") == ("b\nd\nc", True)  # a removed there, c added
    assert merge_line_sets("", "x", "") == ("x", True)
    assert merge_line_sets("a", "a", "") == ("", True)  # removed here
    assert merge_line_sets("a", "a\nb", "a\nb") == ("a\nb", True)  # the same line added on both sides: once
    typed = TypedText("一行目", merge=merge_line_sets)
    assert typed.keystroke("一行目\nmine", current="一行目") == "一行目\nmine"
    typed.came_in("外の議題\n一行目", "一行目\nmine")
    assert typed.keystroke("一行目\nmine2", current="外の議題\n一行目") == "一行目\nmine2\n外の議題"
    assert not typed.overlapped
