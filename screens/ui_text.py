"""User text for widgets: always literal (rich Text, never markup), control characters stripped."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from facilitator.text import for_display


def literal(value: str | None, style: str = "") -> Text:
    """User text as a Text object: ``[bold]`` stays ``[bold]``; escapes and controls removed."""
    return Text(for_display(value or ""), style=style)


def one_line(value: str | None, limit: int | None = None) -> str:
    """For places that can hold one line only (window titles, notifications)."""
    text = " ".join(for_display(value or "").split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


# Characters a Japanese line should not start with (禁則): they stay with the line before.
NO_LINE_START = set("、。，．・：；？！ー）］」』】〕〉》”’ぁぃぅぇぉっゃゅょァィゥェォッャュョ")
NO_LINE_END = set("（［「『【〔〈《“‘")


def _in_word(ch: str) -> bool:
    """Half-width letters, digits and the marks inside times and dates (14:00, 2026/10/21)."""
    return ch.isascii() and (ch.isalnum() or ch in ":/.-+")


def fold_cells(text: Text, width: int) -> Text:
    """Break each line at the width in cells, not at spaces.

    Rich wraps at spaces, which in Japanese leaves 「本日は 3」 alone on a line and the rest of
    the sentence below. Folding by cells reads naturally; a line never starts with 。、」 etc.,
    and half-width words (14:00, SC) are not cut in two.
    """
    if width < 4:
        return text
    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        plain = line.plain
        cuts: list[int] = []
        start = 0
        cells = 0
        for i, ch in enumerate(plain):
            w = cell_len(ch)
            if cells + w > width and i > start:
                cut = i
                if ch in NO_LINE_START and cut - 1 > start:
                    cut -= 1
                if _in_word(plain[cut]):
                    j = cut
                    while j > start and _in_word(plain[j - 1]):
                        j -= 1
                    if j > start:
                        cut = j
                if plain[cut - 1] in NO_LINE_END and cut - 1 > start:
                    cut -= 1
                cuts.append(cut)
                start = cut
                cells = cell_len(plain[cut:i + 1])
            else:
                cells += w
        parts = line.divide(cuts) if cuts else [line]
        # A space where a line was broken is dropped, not carried to the next line's start.
        lines.extend([parts[0], *(p[1:] if p.plain.startswith(" ") else p for p in parts[1:])])
    return Text("\n").join(lines)
