"""Free text merged line by line (diff3-like, with difflib): each writer's edits, as changes to
ranges of the base's lines, are applied together where they do not overlap.

Where they overlap the ``first`` writer's lines stay (the caller passes the clock's winner
first) and the merge reports it, so the caller can keep the other text in ``conflicts``. Two
writers adding lines at the same place is not an overlap: both additions are kept, the first
writer's first (and one that already contains the other is kept alone). The text never gets
conflict markers.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import NamedTuple


class _Hunk(NamedTuple):
    start: int  # the base's lines [start, end) are replaced by ``lines``; start == end: an insertion
    end: int
    lines: list[str]
    first: bool  # the first writer's


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def _hunks(base: list[str], side: list[str], first: bool) -> list[_Hunk]:
    ops = SequenceMatcher(None, base, side, autojunk=False).get_opcodes()
    return [_Hunk(i1, i2, side[j1:j2], first) for tag, i1, i2, j1, j2 in ops if tag != "equal"]


def _overlaps(h: _Hunk, start: int, end: int) -> bool:
    """Does ``h`` touch the span [start, end) of a group of hunks (start == end: an insertion)?
    Hunks that only meet at an edge do not: their edits both apply."""
    if h.start == h.end:
        return start < h.start < end or start == end == h.start
    if start == end:
        return h.start < start < h.end
    return h.start < end and start < h.end


def _apply(base: list[str], start: int, end: int, hunks: list[_Hunk]) -> list[str]:
    """The base's lines [start, end) with one writer's hunks applied."""
    out: list[str] = []
    pos = start
    for h in hunks:
        out += base[pos:h.start]
        out += h.lines
        pos = h.end
    out += base[pos:end]
    return out


def _contains(big: list[str], small: list[str]) -> bool:
    n = len(small)
    return any(big[i:i + n] == small for i in range(len(big) - n + 1))


def merge_lines(base: str, first: str, second: str) -> tuple[str, bool]:
    """The three-way merge of ``first`` and ``second``, both edited from ``base``; and True when
    it is clean (False: some edits overlapped and ``first``'s were kept there)."""
    if first == second or second == base:
        return first, True
    if first == base:
        return second, True
    b = _lines(base)
    hunks = sorted(_hunks(b, _lines(first), True) + _hunks(b, _lines(second), False),
                   key=lambda h: (h.start, h.end, not h.first))
    out: list[str] = []
    pos = 0
    clean = True
    i = 0
    while i < len(hunks):
        group = [hunks[i]]
        start, end = hunks[i].start, hunks[i].end
        i += 1
        while i < len(hunks) and _overlaps(hunks[i], start, end):
            group.append(hunks[i])
            end = max(end, hunks[i].end)
            i += 1
        out += b[pos:start]
        pos = end
        mine = [h for h in group if h.first]
        theirs = [h for h in group if not h.first]
        if not theirs or not mine:
            out += _apply(b, start, end, group)
            continue
        a = _apply(b, start, end, mine)
        c = _apply(b, start, end, theirs)
        if a == c or _contains(a, c) and start == end:
            out += a
        elif start == end:  # both added lines at the same place: keep both
            out += c if _contains(c, a) else a + c
        else:
            out += a
            clean = False
    out += b[pos:]
    return "\n".join(out), clean
