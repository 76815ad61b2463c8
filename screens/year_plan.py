"""Year plan (年間計画): one row per month of the 年度, a column per body, like the paper plan.

Built from the index rows the home screen already holds (``facilitator.yearplan``); ``[`` / ``]``
move between 年度, ``m`` / ``c`` export Markdown / CSV to the exports folder (a worker) and say
where the file went; ``r`` opens the 年度's activity report (``report_screen``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich import box
from rich.cells import cell_len
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
from facilitator.store import atomic_write
from facilitator.yearplan import (
    KIND_LABELS,
    MONTH_HEADING,
    NOTES_HEADING,
    YearPlan,
    build_year_plan,
    default_year,
    export_year_plan,
    file_name,
)
from screens.services import Services
from screens.ui_text import literal, one_line
from screens.widgets.footer import Footer


def render_plan(plan: YearPlan) -> Table:
    """The plan as a rich table: entries as Text (user text never markup)."""
    table = Table(box=box.SQUARE, show_lines=True, expand=True, pad_edge=True, title=None)
    table.add_column(Text(MONTH_HEADING), no_wrap=True, width=max(4, cell_len(MONTH_HEADING)))
    for c in plan.columns:
        heading = literal(c.name)
        table.add_column(heading, ratio=3, overflow="fold")
    table.add_column(Text(NOTES_HEADING), ratio=2, overflow="fold")
    for m in plan.months:
        cells = []
        for entries in m.cells:
            cell = Text()
            for i, e in enumerate(entries):
                if i:
                    cell.append("\n")
                style = "bold" if e.kind == "held" else "italic"
                cell.append_text(literal(e.heading(), style))
                for a in e.agenda:
                    cell.append(t("yearplan.bullet"))
                    cell.append_text(literal(a))
            cells.append(cell)
        notes = literal("\n".join(m.notes))
        table.add_row(Text(m.label), *cells, notes)
    return table


class YearPlanScreen(Screen[None]):
    CSS_PATH = ["year_plan.tcss"]
    BINDINGS = [
        Binding("escape", "back", t("yearplan.back"), id="yearplan.back"),
        Binding("left_square_bracket", "year(-1)", t("yearplan.previous"), key_display="[", id="yearplan.previous"),
        Binding("right_square_bracket", "year(1)", t("yearplan.next"), key_display="]", id="yearplan.next"),
        Binding("m", "export('md')", t("yearplan.export_md"), id="yearplan.md"),
        Binding("c", "export('csv')", t("yearplan.export_csv"), id="yearplan.csv"),
        Binding("r", "report", t("report_screen.open"), id="yearplan.report", tooltip=t("report_screen.open_tooltip")),
        Binding("t", "themes", t("themes.open"), id="yearplan.themes", tooltip=t("themes.open_tooltip")),
    ]

    def __init__(self, services: Services, rows: list[dict[str, Any]]) -> None:
        super().__init__(classes="year-plan")
        self.services = services
        self.store = services.store
        self.rows = rows
        self.fiscal_year: int | None = None
        self.plan: YearPlan | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="year-plan-head")
        with VerticalScroll(id="year-plan-scroll"):
            yield Static(id="year-plan-table")
        yield Static(id="year-plan-status")
        yield Footer()

    def on_mount(self) -> None:
        self.fiscal_year = default_year(self.rows, self.services.now().date())
        self.query_one("#year-plan-scroll").focus()
        self.show()

    def show(self) -> None:
        assert self.fiscal_year is not None
        today = self.services.now().date()
        self.plan = build_year_plan(self.rows, self.fiscal_year, today)
        head = Text(f"{self.plan.title}", style="bold")
        head.append(t("yearplan.range", start=self.fiscal_year, end=self.fiscal_year + 1))
        legend = t("yearplan.legend", held=KIND_LABELS["held"], scheduled=KIND_LABELS["scheduled"],
                   planned=KIND_LABELS["planned"])
        head.append(legend)
        self.query_one("#year-plan-head", Static).update(head)
        table = self.query_one("#year-plan-table", Static)
        if self.plan.columns:
            table.update(render_plan(self.plan))
        else:
            table.update(Text(t("yearplan.empty")))

    def action_year(self, delta: int) -> None:
        if self.fiscal_year is None:
            return
        self.fiscal_year += delta
        self.show()

    def action_export(self, fmt: str) -> None:
        if self.plan is None:
            return
        self._write(self.plan, fmt)

    @work(thread=True, exclusive=True, group="year-plan-export")
    def _write(self, plan: YearPlan, fmt: str) -> None:
        target = default_folder(self.store.root) / file_name(plan, fmt)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, export_year_plan(plan, fmt), mode=self.store.file_mode())
        except OSError as e:
            message = t("export.failed", reason=str(e.strerror or e))
            self.notify(one_line(message), severity="error", markup=False)
            return
        self.app.call_from_thread(self._written, target.resolve())

    def _written(self, target: Path) -> None:
        text = Text(t("yearplan.written"), style="bold")
        text.append_text(literal(str(target)))
        self.query_one("#year-plan-status", Static).update(text)
        self.notify(t("export.written_to", target=str(target)), markup=False, timeout=10)

    def action_report(self) -> None:
        """The activity report of the 年度 shown (screens/report_screen.py)."""
        from screens.report_screen import ReportScreen  # imported when asked for (start time: the plan opens without it)

        if self.fiscal_year is not None:
            self.app.push_screen(ReportScreen(self.services, self.fiscal_year))

    def action_themes(self) -> None:
        """Recurring 地域課題 across every session and body (screens/theme_screen.py)."""
        from screens.theme_screen import ThemeScreen  # imported when asked for (start time)

        self.app.push_screen(ThemeScreen(self.services))

    def action_back(self) -> None:
        self.app.pop_screen()
