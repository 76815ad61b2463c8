"""User text for widgets: always literal (rich Text, never markup), control characters stripped."""

from __future__ import annotations

import threading

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from facilitator.linebreak import break_points
from facilitator.text import for_display


def literal(value: str | None, style: str = "") -> Text:
    """User text as a Text object: ``[bold]`` stays ``[bold]``; escapes and controls removed."""
    return Text(for_display(value or ""), style=style)


def editable(value: str | None, multiline: bool = True) -> str:
    """Stored text to pre-fill an Input or TextArea with: those widgets draw what they hold
    as it is, so escapes and control characters are stripped first (``for_display``). What the
    user then saves is what they see; a field they don't touch is never written back."""
    text = for_display(value or "")
    return text if multiline else " ".join(text.split("\n"))


def one_line(value: str | None, limit: int | None = None) -> str:
    """For places that can hold one line only (window titles, notifications)."""
    text = " ".join(for_display(value or "").split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


# Marks a span of text that a folded line does not break inside when a line can hold it: a
# person's name (「大野 健」 was folded as 「大」 / 「野 健）」). ``whole(text)`` applies it.
KEEP_WHOLE = Style(meta={"kyogitai.whole": True})


def whole(text: Text) -> Text:
    """``text`` marked to stay on one line when folded (``fold_cells``), if a line can hold it."""
    text.stylize(KEEP_WHOLE)
    return text


def _kept_spans(line: Text) -> list[tuple[int, int]]:
    return [(span.start, span.end) for span in line.spans
            if isinstance(span.style, Style) and span.style.meta.get("kyogitai.whole")]


def fold_cells(text: Text, width: int) -> Text:
    """Break each line at the width in cells, not at spaces.

    Rich wraps at spaces, which in Japanese leaves 「本日は 3」 alone on a line and the rest of
    the sentence below. Folding by cells reads naturally; where a line breaks is
    ``facilitator.linebreak``'s rule (禁則: a line never starts with 。、」）, half-width words
    such as 14:00 and SC are not cut in two), and no character is ever dropped.
    """
    if width < 4:
        return text
    if all(cell_len(line) <= width for line in text.plain.split("\n")):
        return text  # the usual idea or card: lines that fit (10,000 of them must be quick)
    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        cuts = break_points(line.plain, width, _kept_spans(line))
        parts = line.divide(cuts) if cuts else [line]
        # A space where a line was broken is dropped, not carried to the next line's start.
        lines.extend([parts[0], *(p[1:] if p.plain.startswith(" ") and len(p.plain) > 1 else p for p in parts[1:])])
    return Text("\n").join(lines)


class Folded:
    """Text folded with ``fold_cells`` at whatever width Rich gives it — a table cell, a panel:
    Rich itself wraps only at spaces and cuts a Japanese sentence with 「…」 in a column.
    ``hang``: the continuation lines of a folded line start under its text, past its leading
    spaces and bullet (「    ・」), so a list stays a list."""

    def __init__(self, text: Text, *, hang: bool = False, min_width: int = 8) -> None:
        self.text = text
        self.hang = hang
        self.min_width = min_width

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(line) for line in self.text.plain.split("\n")), default=0)
        return Measurement(min(self.min_width, widest), widest).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        folded = hanging(self.text, width) if self.hang else fold_cells(self.text, width)
        new_line = Segment.line()
        for line in folded.split("\n", allow_blank=True):
            if cell_len(line.plain) > width:  # one character wider than the line: Rich's way
                yield from console.render(line, options)
                continue
            # Folded already: drawn as it is (Rich's own wrap, at spaces, only cost time).
            yield from line.render(console, end="")
            yield new_line


BULLETS = "・•-*"


def hang_width(line: str) -> int:
    """Cells before a line's text: its leading spaces (half- and full-width) and a bullet."""
    i = 0
    while i < len(line) and line[i] in " \u3000":
        i += 1
    if i < len(line) and line[i] in BULLETS:
        i += 1
    return cell_len(line[:i])


def hanging(text: Text, width: int) -> Text:
    """``fold_cells`` with the continuation lines of each line indented under its text
    (``hang_width``): 「・…（持ち越し3回目、」 then 「  大野 健）」, not back at the margin."""
    if all(cell_len(line) <= width for line in text.plain.split("\n")):
        return text  # nothing to fold (most lines of most minutes)
    out: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        plain = line.plain
        indent = hang_width(plain)
        if cell_len(plain) <= width or width <= indent + 4:
            out.append(fold_cells(line, width))
            continue
        # The first line at the full width (its break lies within the first ``width`` characters),
        # the rest folded once, narrower by the indent.
        cuts = break_points(plain[: width + 1], width, _kept_spans(line))
        cut = cuts[0] if cuts else len(plain)
        out.append(line[:cut])
        rest = line[cut:]
        if rest.plain.startswith(" ") and len(rest.plain) > 1:
            rest = rest[1:]
        if rest.plain:
            pad = Text(" " * indent)
            out.extend(pad + part for part in fold_cells(rest, width - indent).split("\n"))
    return Text("\n").join(out)


class RenderedOnce:
    """A rich renderable drawn once per width, then replayed.

    Textual draws a Static's renderable several times (to measure its height, then to paint
    it): for the minutes of a 10,000-idea session each pass took many seconds on the UI
    thread. This renders once per width — in a worker thread when :meth:`warm` is called
    with the width the widget will have — and hands back the same lines afterwards.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._lines: dict[int, list[list[Segment]]] = {}
        self._lock = threading.Lock()

    def lines(self, console: Console, options: ConsoleOptions) -> list[list[Segment]]:
        width = options.max_width
        with self._lock:
            lines = self._lines.get(width)
            if lines is None:
                lines = console.render_lines(self.renderable, options.update(height=None), pad=False)
                if len(self._lines) >= 3:  # with and without a scrollbar, and the last resize
                    self._lines.pop(next(iter(self._lines)))
                self._lines[width] = lines
            return lines

    def warm(self, console: Console, width: int) -> None:
        """Render now (from a worker thread) for ``width`` cells."""
        if width > 0:
            self.lines(console, console.options.update_width(width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        new_line = Segment.line()
        for line in self.lines(console, options):
            yield from line
            yield new_line
