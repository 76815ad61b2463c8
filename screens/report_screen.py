"""The year's activity report (活動報告) in the app, opened from the year plan with **r**: the
figures as tables (one column per body and the total) and the charts as bars (``report_chart``).

The sessions of the 年度 are read in a thread worker (``facilitator.report.report_from_store``);
``[`` / ``]`` move between 年度; **m** / **h** / **c** / **x** write Markdown, HTML, CSV or Excel
to the exports folder (a worker) and say where the file went.
"""

from __future__ import annotations

from pathlib import Path

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from facilitator.export_target import default_folder
from facilitator.i18n import t
from facilitator.report import YearReport, file_name, render, report_from_store
from facilitator.report.figures import charts, detail_lists, figure_sections
from facilitator.store import atomic_write
from screens.report_chart import render_chart
from screens.services import Services
from screens.ui_text import literal, one_line
from screens.widgets.footer import Footer


def render_figures(report: YearReport, width: int = 80) -> RenderableType:
    """Every section's table, each followed by its charts (at most ``width`` cells wide), then
    the lists behind the figures (hand-offs and what came of them, homework carried or dropped …)."""
    parts: list[RenderableType] = []
    drawn = charts(report)
    names = [b.name for b in report.columns()]
    for section in figure_sections(report):
        table = Table(box=box.SIMPLE_HEAD, expand=False, title=Text(section.heading, style="bold"),
                      title_justify="left")
        table.add_column(Text(t("report.item")))
        for name in names:
            table.add_column(literal(name), justify="right", overflow="fold", max_width=18)
        for row in section.rows:
            table.add_row(literal("\u3000" * row.indent + row.label), *(Text(str(v)) for v in row.values))
        parts.append(table)
        for chart in (c for c in drawn if c.section == section.key):
            parts.append(render_chart(chart, width=min(80, width)))
            parts.append(Text(""))
    for lst in detail_lists(report):
        if not lst.rows:
            continue
        table = Table(box=box.SIMPLE_HEAD, expand=True, title=Text(lst.heading, style="bold"), title_justify="left")
        for heading in (t("report.body_column"), *lst.columns):
            table.add_column(Text(heading), overflow="fold")
        for cells in lst.rows:
            table.add_row(*(literal(c) for c in cells))
        parts.append(table)
    return Group(*parts)


class ReportScreen(Screen[None]):
    CSS_PATH = ["report_screen.tcss"]
    BINDINGS = [
        Binding("escape", "back", t("report_screen.back"), id="report.back"),
        Binding("left_square_bracket", "year(-1)", t("yearplan.previous"), key_display="[", id="report.previous"),
        Binding("right_square_bracket", "year(1)", t("yearplan.next"), key_display="]", id="report.next"),
        Binding("m", "export('md')", "Markdown", id="report.md"),
        Binding("h", "export('html')", "HTML", id="report.html"),
        Binding("c", "export('csv')", "CSV", id="report.csv"),
        Binding("x", "export('xlsx')", "Excel", id="report.xlsx"),
        Binding("t", "themes", t("themes.open"), id="report.themes", tooltip=t("themes.open_tooltip")),
    ]

    def __init__(self, services: Services, fiscal_year: int) -> None:
        super().__init__(classes="report")
        self.services = services
        self.store = services.store
        self.fiscal_year = fiscal_year
        self.report: YearReport | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="report-head")
        with VerticalScroll(id="report-scroll"):
            yield Static(id="report-body")
        yield Static(id="report-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-scroll").focus()
        self.load()

    def load(self) -> None:
        self.report = None
        self.query_one("#report-body", Static).update(Text(t("report_screen.loading")))
        self._count(self.fiscal_year)

    @work(thread=True, exclusive=True, group="report-count")
    def _count(self, fy: int) -> None:
        report = report_from_store(self.store, fy, self.services.now().date())
        self.app.call_from_thread(self._show, report)

    def _show(self, report: YearReport) -> None:
        if report.fiscal_year != self.fiscal_year:
            return  # a year moved past while it was counted
        self.report = report
        head = Text(report.title, style="bold")
        head.append(t("yearplan.range", start=report.fiscal_year, end=report.fiscal_year + 1))
        self.query_one("#report-head", Static).update(head)
        body = self.query_one("#report-body", Static)
        if not report.bodies:
            body.update(Text(t("report.no_bodies")))
        else:
            body.update(render_figures(report, self._width()))
        if report.unreadable:
            self.query_one("#report-status", Static).update(
                literal(t("report.unreadable", files=", ".join(report.unreadable))))

    def _width(self) -> int:
        return max(20, self.query_one("#report-scroll").size.width - 4)

    def on_resize(self) -> None:
        if self.report is not None and self.report.bodies:
            self.query_one("#report-body", Static).update(render_figures(self.report, self._width()))

    def action_year(self, delta: int) -> None:
        self.fiscal_year += delta
        self.load()

    def action_export(self, fmt: str) -> None:
        if self.report is not None:
            self._write(self.report, fmt)

    @work(thread=True, exclusive=True, group="report-export")
    def _write(self, report: YearReport, fmt: str) -> None:
        target = default_folder(self.store.root) / file_name(report, fmt)
        try:
            data = render(report, fmt)
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, data, mode=self.store.file_mode())
        except OSError as e:
            self.notify(one_line(t("export.failed", reason=str(e.strerror or e))), severity="error", markup=False)
            return
        self.app.call_from_thread(self._written, target.resolve())

    def _written(self, target: Path) -> None:
        text = Text(t("yearplan.written"), style="bold")
        text.append_text(literal(str(target)))
        self.query_one("#report-status", Static).update(text)
        self.notify(t("export.written_to", target=str(target)), markup=False, timeout=10)

    def action_themes(self) -> None:
        """Recurring 地域課題 across every session and body (screens/theme_screen.py)."""
        from screens.theme_screen import ThemeScreen  # imported when asked for (start time)

        self.app.push_screen(ThemeScreen(self.services))

    def action_back(self) -> None:
        self.app.pop_screen()
