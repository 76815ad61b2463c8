"""Recurring 地域課題 (テーマ): every theme across the store's sessions and bodies, from the year
plan or the activity report with **t**. How often each came up and in which bodies (第1層 and
第2層 side by side), first and last seen, and what was done about it (``facilitator.theme_view``).
The store is read in a thread worker."""

from __future__ import annotations

from datetime import date

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

from facilitator.i18n import Labels, t
from facilitator.meeting import HANDOFF_STATUS_LABELS, HOMEWORK_STATUS_LABELS
from facilitator.theme_view import ThemeView, build_theme_view
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


def render_view(view: ThemeView) -> RenderableType:
    table = Table(box=box.SIMPLE_HEAD, expand=False)
    table.add_column(Text(t("themes.theme")), no_wrap=True)
    table.add_column(Text(t("themes.items")), justify="right")
    table.add_column(Text(t("themes.sessions")), justify="right")
    for b in view.bodies:
        table.add_column(literal(b.name), justify="right", overflow="fold", max_width=14)
    table.add_column(Text(t("themes.first")), no_wrap=True)
    table.add_column(Text(t("themes.last")), no_wrap=True)
    for what in ("handoff", "homework", "card"):
        table.add_column(Text(DONE_LABELS[what]), justify="right")
    for row in view.themes:
        table.add_row(literal(row.name, "bold"), str(row.items), str(len(row.sessions)),
                      *(str(row.per_body[b.key]) for b in view.bodies), _day(row.first), _day(row.last),
                      *(str(row.count(w)) for w in ("handoff", "homework", "card")))
    parts: list[RenderableType] = [table]
    for row in view.themes:
        if not row.done:
            continue
        lines = Text()
        lines.append(t("themes.done_heading", theme=row.name), style="bold underline")
        for d in row.done:
            status = (HANDOFF_STATUS_LABELS.get(d.status) if d.what == "handoff"
                      else HOMEWORK_STATUS_LABELS.get(d.status) if d.what == "homework" else "")
            lines.append("\n・")
            lines.append(DONE_LABELS[d.what] + t("themes.colon"))
            lines.append_text(literal(d.text))
            if status:
                lines.append(t("themes.status", status=status))
            lines.append("　")
            lines.append_text(literal(d.body, "dim"))
        parts += [lines, Text("")]
    return Group(*parts)


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
        view = build_theme_view(s for s, _ in self.store.scan().sessions)
        self.app.call_from_thread(self._show, view)

    def _show(self, view: ThemeView) -> None:
        self.view = view
        body = self.query_one("#report-body", Static)
        body.update(render_view(view) if view.themes else Text(t("themes.empty")))

    def action_back(self) -> None:
        self.app.pop_screen()
