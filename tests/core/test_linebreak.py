"""禁則: where a folded line of Japanese may break (facilitator/linebreak.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from facilitator.linebreak import NO_LINE_END, NO_LINE_START, break_points, fold


def test_a_run_of_closing_marks_never_starts_a_line():
    # 「…印まで」。 at a width where 」 (and 。) would begin the next line: 「で」 goes down with them.
    lines = fold("回覧板に「見守り」と書く、印まで」。", 16)
    assert "".join(lines) == "回覧板に「見守り」と書く、印まで」。"
    assert all(line[0] not in NO_LINE_START for line in lines[1:])
    assert lines[-1] == "で」。"


def test_closing_bracket_and_full_stop_stay_with_the_word_before():
    lines = fold("サロン（公民館）。", 14)  # 「）。」 would start line two at 14 cells
    assert lines == ["サロン（公民", "館）。"]


def test_an_opening_bracket_never_ends_a_line():
    lines = fold("次回は「移動」について", 10)
    assert all(line[-1] not in NO_LINE_END for line in lines)
    assert "".join(lines) == "次回は「移動」について"


def test_half_width_words_are_not_cut():
    lines = fold("本日は 3 件のアイデアが出ました。次回は 14:00から。", 20)
    assert lines[0] == "本日は 3 件のアイデ"
    assert any("14:00" in line for line in lines)


def test_text_that_fits_is_not_broken():
    assert break_points("宿題にしました", 20) == []
    assert fold("一行目\n二行目", 20) == ["一行目", "二行目"]


def test_nothing_but_closing_marks_is_broken_by_width_and_kept_whole():
    lines = fold("」」」」」」」」", 4)
    assert "".join(lines) == "」」」」」」」」"
    assert all(cell_len(line) <= 4 for line in lines)


@given(st.text(alphabet="あ漢」。（「、ー14:0 SCa", max_size=60), st.integers(min_value=2, max_value=30))
def test_folding_never_drops_or_reorders_a_character(text, width):
    lines = fold(text, width)
    assert "".join(lines) == text
    # Each line fits, except where one unbreakable half-width word is longer than the line.
    for line in lines:
        assert cell_len(line) <= width or all(ch.isascii() and ch != " " for ch in line) or len(line) == 1


def test_a_span_kept_whole_goes_down_whole_when_a_line_can_hold_it() -> None:
    """A person's name (a span to keep) is not folded in two: 「大」 / 「野 健）」 was the review's."""
    text = "買い物（持ち越し3回目、大野 健）"
    name = (text.index("大"), text.index("）"))
    cuts = break_points(text, 26, keep=[name])
    assert [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])] == ["買い物（持ち越し3回目、", "大野 健）"]
    assert break_points(text, 26) != cuts  # without it, the name is cut
    # A span wider than a line still breaks (by width): nothing is dropped.
    assert "".join(text[a:b] for a, b in zip([0, *break_points(text, 4, keep=[name])],
                                              [*break_points(text, 4, keep=[name]), len(text)])) == text
