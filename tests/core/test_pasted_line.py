"""A paste into a one-line field keeps every line (facilitator.text.pasted_line)."""

from __future__ import annotations

from facilitator.text import pasted_line


def test_every_line_is_kept_joined_with_a_space() -> None:
    assert pasted_line("一行目の案\n二行目の案\n三行目") == "一行目の案 二行目の案 三行目"


def test_windows_line_ends_blank_lines_and_indents_leave_no_extra_spaces() -> None:
    assert pasted_line("  ・移動販売\r\n\r\n\t・見守り  \r\n") == "・移動販売 ・見守り"


def test_a_paste_of_one_line_is_left_as_it_is() -> None:
    assert pasted_line("  月2回  の乗り合い ") == "  月2回  の乗り合い "
    assert pasted_line("") == ""
