"""Recurring 地域課題 (テーマ): every theme across the store's sessions and bodies, from the year
plan or the activity report with **t**. How often each came up and in which bodies (第1層 and
第2層 side by side), first and last seen, and what was done about it (``facilitator.theme_view``).
The store is read in a thread worker."""

from __future__ import annotations

from datetime import date

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from facilitator.i18n import Labels, t
from facilitator.meeting import HANDOFF_STATUS_LABELS, HOMEWORK_STATUS_LABELS
from facilitator.theme_view import Done, ThemeView, themes_from_rows
from screens.services import Services
from screens.ui_text import literal
from screens.widgets.footer import Footer

DONE_LABELS = Labels({"handoff": "themes.done_handoff", "homework": "themes.done_homework", "card": "themes.done_card"})


def _day(value: str) -> str:
    """``2026/3/18``: short enough for a column on a projected screen."""
    try:
        d = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{d.year}/{d.month}/{d.day}"


def body_marks(count: int) -> list[str]:
    """Short column headers for the bodies: A, B, … Z, AA, AB … (a legend names each)."""
    marks: list[str] = []
    for i in range(count):
        mark = ""
        n = i
        while True:
            mark = chr(ord("A") + n % 26) + mark
            n = n // 26 - 1
            if n < 0:
                break
        marks.append(mark)
    return marks


THEME_MIN = 6  # cells the theme's name keeps however narrow the screen: it folds below that


class ThemeTable:
    """The themes table drawn for the width it gets: one header line a column, the bodies as
    A, B …, numbers never wrapped or cut. Where the width lacks, the dates go short
    (``26/3/18``), then the two date columns go (they are in the lines under the table)."""

    def __init__(self, view: ThemeView, marks: list[str]) -> None:
        self.view = view
        self.marks = marks
        self.bodies_left_out = False  # (the last table drawn had no column a body)

    def _columns(self, dates: str, bodies: bool = True) -> list[tuple[Text, list[str]]]:
        view = self.view
        day = _day if dates == "long" else _short_day
        cols = [(Text(t("themes.items")), [str(r.items) for r in view.themes]),
                (Text(t("themes.sessions")), [str(len(r.sessions)) for r in view.themes])]
        if bodies:
            cols += [(Text(m), [str(r.per_body[b.key]) for r in view.themes])
                     for m, b in zip(self.marks, view.bodies, strict=True)]
        if dates != "none":
            cols += [(Text(t("themes.first")), [day(r.first) for r in view.themes]),
                     (Text(t("themes.last")), [day(r.last) for r in view.themes])]
        cols += [(Text(DONE_LABELS[w]), [str(r.count(w)) for r in view.themes]) for w in ("handoff", "homework", "card")]
        return cols

    def table(self, width: int) -> Table:
        """The widest table that fits: long dates, short dates, no dates; and when even that is
        too wide for a column a body (ten towns' bodies at 80 columns), the same without the
        bodies' columns (``bodies_left_out``: a line under the table says so)."""
        for dates, bodies in (("long", True), ("short", True), ("none", True),
                              ("long", False), ("short", False), ("none", False)):
            cols = self._columns(dates, bodies)
            fixed = sum(max(cell_len(h.plain), *(cell_len(v) for v in vals)) for h, vals in cols) + len(cols)
            if fixed + THEME_MIN <= width:
                break
        self.bodies_left_out = not bodies
        table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False, padding=(0, 1), collapse_padding=True)
        table.add_column(Text(t("themes.theme")), overflow="fold", min_width=THEME_MIN)
        for header, vals in cols:
            right = not any("/" in v for v in vals)
            table.add_column(header, justify="right" if right else "left", no_wrap=True,
                             min_width=max(cell_len(header.plain), *(cell_len(v) for v in vals)))
        for i, row in enumerate(self.view.themes):
            table.add_row(literal(row.name, "bold"), *(vals[i] for _, vals in cols))
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table(options.max_width)
        if self.bodies_left_out:
            yield Text(t("themes.bodies_left_out", count=len(self.view.bodies)), style="dim")


def _short_day(value: str) -> str:
    """``26/3/18``: the year in two digits, for a narrow screen."""
    long = _day(value)
    return long[2:] if long[:4].isdigit() and long[4:5] == "/" else long


def render_view(view: ThemeView) -> RenderableType:
    """The legend (A, B … and the bodies they stand for), the table, what was done about each."""
    marks = body_marks(len(view.bodies))
    legend = Text()
    for mark, b in zip(marks, view.bodies, strict=True):
        if legend:
            legend.append("\n")
        legend.append(mark, style="bold")
        legend.append(t("themes.legend_sep"))
        legend.append_text(literal(b.name))
    table = ThemeTable(view, marks)
    parts: list[RenderableType] = [legend, table]
    for row in view.themes:
        if not row.done:
            continue
        lines = Text()
        lines.append(t("themes.done_heading", theme=row.name), style="bold underline")
        shown = _shown(row.done)
        for d in shown:
            status = (HANDOFF_STATUS_LABELS.get(d.status) if d.what == "handoff"
                      else HOMEWORK_STATUS_LABELS.get(d.status) if d.what == "homework" else "")
            lines.append("\n・")
            lines.append(DONE_LABELS[d.what] + t("themes.colon"))
            lines.append_text(literal(d.text))
            if status:
                lines.append(t("themes.status", status=status))
            lines.append("　")
            lines.append_text(literal(d.body, "dim"))
        if len(shown) < len(row.done):
            lines.append("\n")
            lines.append(t("themes.more", count=f"{len(row.done) - len(shown):,}", shown=len(shown)), style="dim")
        parts += [lines, Text("")]
    return Group(*parts)


DONE_SHOWN = 12  # lines of what was done under a theme (the table above counts them all)


def _shown(done: list[Done]) -> list[Done]:
    """What was done about a theme, as listed: all of it when it fits in ``DONE_SHOWN`` lines,
    else the most recent (by the date of their meeting), newest first — a theme of ten towns'
    years has thousands (drawing them took seconds)."""
    if len(done) <= DONE_SHOWN:
        return done
    return sorted(done, key=lambda d: d.on, reverse=True)[:DONE_SHOWN]


class ThemeScreen(Screen[None]):
    CSS_PATH = ["report_screen.tcss"]
    BINDINGS = [Binding("escape", "back", t("report_screen.back"), id="themes.back")]

    def __init__(self, services: Services) -> None:
        super().__init__(classes="report")
        self.store = services.store
        self.view: ThemeView | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(t("themes.title"), style="bold"), id="report-head")
        with VerticalScroll(id="report-scroll"):
            yield Static(Text(t("report_screen.loading")), id="report-body")
        yield Static(id="report-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-scroll").focus()
        self._load()

    @work(thread=True, exclusive=True, group="themes-load")
    def _load(self) -> None:
        """From the index (refreshed first: the files stay the truth), not from every file:
        10,000 sessions in ~0.5 s instead of ~13 s."""
        from facilitator.index import Index

        index = Index(self.store)
        try:
            index.refresh()
            rows = index.theme_rows()
        finally:
            index.close()
        view = themes_from_rows(rows)
        self.app.call_from_thread(self._show, view)

    def _show(self, view: ThemeView) -> None:
        self.view = view
        body = self.query_one("#report-body", Static)
        body.update(render_view(view) if view.themes else Text(t("themes.empty")))

    def action_back(self) -> None:
        self.app.pop_screen()
