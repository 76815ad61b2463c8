"""A bar chart as inline SVG, for the HTML report: prints as it shows, no script, no font or
file to fetch. Each body is a group of bars, one per series, each with its label and its number
written beside it (never told apart by colour alone); bars are shades of grey and hatching that
stay distinct in black-and-white print."""

from __future__ import annotations

import html

from facilitator.report.figures import Chart

WIDTH = 640
LABEL = 200  # the series labels' column
BAR = 14
GAP = 4
GROUP_GAP = 14
HEAD = 20
FILLS = ("#333333", "#888888", "hatch", "#cccccc", "#555555", "#aaaaaa")  # hatch: the pattern


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def bar_chart(chart: Chart) -> str:
    """The chart as one ``<svg>`` element (with a ``<title>`` for screen readers)."""
    top = max((v for _, values in chart.groups for v in values), default=0) or 1
    room = WIDTH - LABEL - 48
    y = 4
    parts: list[str] = []
    hatch = f"hatch-{chart.key}"  # one id per chart: several charts share the page
    for name, values in chart.groups:
        parts.append(f'<text x="0" y="{y + 13}" class="g">{_esc(name)}</text>')
        y += HEAD
        for n, (series, value) in enumerate(zip(chart.series, values)):
            width = round(room * value / top) if value else 0
            fill = FILLS[n % len(FILLS)]
            fill = f"url(#{hatch})" if fill == "hatch" else fill
            parts.append(f'<text x="{LABEL - 6}" y="{y + 11}" text-anchor="end" class="s">{_esc(series)}</text>')
            if width:
                parts.append(f'<rect x="{LABEL}" y="{y}" width="{width}" height="{BAR}" fill="{fill}" '
                             f'stroke="#000" stroke-width="0.5"/>')
            parts.append(f'<text x="{LABEL + width + 4}" y="{y + 11}" class="v">{value}</text>')
            y += BAR + GAP
        y += GROUP_GAP
    height = y
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" style="max-width:{WIDTH}px" aria-label="{_esc(chart.title)}">'
        f"<title>{_esc(chart.title)}</title>"
        f'<defs><pattern id="{hatch}" width="4" height="4" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="4" height="4" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="4" stroke="#000" stroke-width="1.5"/></pattern></defs>'
        "<style>.g{font-weight:bold;font-size:12px}.s,.v{font-size:11px}</style>"
        + "".join(parts) + "</svg>"
    )
