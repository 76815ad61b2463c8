"""Where a line of Japanese text may break when it is folded to a width in cells (禁則処理).

Rich wraps at spaces, which Japanese hardly has; folding by cells reads naturally, provided the
old typesetting rules hold:

- a line never starts with a closing bracket or a mark that belongs to the character before it
  (」）。、・ー small kana …) — however many of them follow one another (「…まで」。」, 「）。」);
- a line never ends with an opening bracket (「（ …);
- half-width words (14:00, 2026/10/21, SC, LINE) are not cut in two.

When a rule cannot hold (a run of closing marks wider than the line), the line is broken by
width anyway: every character is always shown, nothing is ever dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.cells import get_character_cell_size as char_cells  # cached per character

# Characters a line should not start with: they stay with the character before them.
NO_LINE_START = frozenset("、。，．,.・：；:;？！?!ー）］｝」』】〕〉》”’)]}"
                          "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻…‥")
# Characters a line should not end with: they go down with the character after them.
NO_LINE_END = frozenset("（［｛「『【〔〈《“‘([{")


def _in_word(ch: str) -> bool:
    """Half-width letters, digits and the marks inside times and dates (14:00, 2026/10/21)."""
    return ch.isascii() and (ch.isalnum() or ch in ":/.-+")


def _adjust(plain: str, start: int, cut: int) -> int:
    """Move a break at ``cut`` (the first index of the next line) back so that the rules hold;
    never to ``start`` or before (the line keeps at least one character)."""
    # A closing mark (or a run of them) does not begin the next line: the character before
    # the run goes down with it.
    j = cut
    while j > start and plain[j] in NO_LINE_START:
        j -= 1
    if j > start:
        cut = j
    # A half-width word is not cut in two: it goes down whole.
    if _in_word(plain[cut]) and _in_word(plain[cut - 1]):
        j = cut
        while j > start and _in_word(plain[j - 1]):
            j -= 1
        if j > start:
            cut = j
    # An opening bracket (or a run of them) does not end a line.
    j = cut
    while j - 1 > start and plain[j - 1] in NO_LINE_END:
        j -= 1
    if j > start and j != cut:
        cut = j
    return cut


def _kept(cut: int, start: int, keep: Sequence[tuple[int, int]]) -> int:
    """A break inside a span to keep whole (a person's name, 「大野 健」) moves before the span,
    unless the span began the line (then it is wider than a line and breaks by width)."""
    for a, b in keep:
        if a < cut < b and a > start:
            return a
    return cut


def break_points(plain: str, width: int, keep: Sequence[tuple[int, int]] = ()) -> list[int]:
    """The indexes in ``plain`` (one line, no newline) where the next line starts when it is
    folded to ``width`` cells: each line at most ``width`` cells (unless one character is wider),
    no line starting with a closing mark or ending with an opening one when that can be helped.
    ``keep``: spans (start, end) not to be broken inside when a line can hold them (names).
    ``plain[a:b]`` for consecutive points are the lines; joined they are ``plain`` unchanged."""
    if width < 1 or cell_len(plain) <= width:
        return []
    cuts: list[int] = []
    start = 0
    cells = 0
    i = 0
    while i < len(plain):
        w = char_cells(plain[i])
        if cells + w > width and i > start:
            cut = _adjust(plain, start, i)
            if keep and (kept := _kept(cut, start, keep)) != cut:
                cut = _adjust(plain, start, kept)
            cuts.append(cut)
            start = cut
            cells = cell_len(plain[cut:i])
            continue  # plain[i] is measured again, on the new line
        cells += w
        i += 1
    return cuts


def fold(plain: str, width: int) -> list[str]:
    """``plain`` (newlines kept as line ends) folded to ``width`` cells by ``break_points``."""
    lines: list[str] = []
    for line in plain.split("\n"):
        cuts = break_points(line, width)
        bounds = [0, *cuts, len(line)]
        lines.extend(line[a:b] for a, b in zip(bounds, bounds[1:]))
    return lines
