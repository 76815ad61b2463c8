"""The report's charts in the terminal, drawn with Rich: a horizontal bar per value, in block
characters (eighths for the last cell), each with its label before it and its number after it —
readable projected from the back of a room and never told apart by colour alone. Labels are
measured in cells (``rich.cells.cell_len``), so Japanese labels line up.

Rich rather than textual-plotext: the charts are a few bars of counts, which text draws exactly;
Rich is already here (no new dependency in the offline ``kyogitai.pyz``, no import time), and
plotext measured wide characters as one cell until its version 6, which broke Japanese legends."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from facilitator.report.figures import Chart
from screens.ui_text import literal

EIGHTHS = " ▏▎▍▌▋▊▉"
STYLES = ("bold", "", "italic", "dim")


def bar(value: int, top: int, width: int) -> str:
    """``value`` of ``top`` as a bar at most ``width`` cells long (a non-zero value shows)."""
    if value <= 0 or top <= 0 or width <= 0:
        return ""
    eighths = max(1, round(8 * width * value / top))
    full, rest = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[rest] if rest else "")


def render_chart(chart: Chart, width: int = 60) -> Text:
    """The chart as Text: the title, then per body its name and one bar per series."""
    label_width = max((cell_len(s) for s in chart.series), default=0)
    top = max((v for _, values in chart.groups for v in values), default=0)
    room = max(4, width - label_width - 8)
    out = Text()
    out.append(chart.title, style="bold underline")
    for name, values in chart.groups:
        out.append("\n")
        out.append_text(literal(name, "bold"))
        for n, (series, value) in enumerate(zip(chart.series, values)):
            out.append("\n  ")
            out.append_text(literal(set_cell_size(series, label_width)))
            out.append(" ")
            out.append(bar(value, top, room), style=STYLES[n % len(STYLES)])
            out.append(f" {value}")
    return out
