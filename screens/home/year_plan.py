"""Year plan (年間計画): one row per month of the 年度, a column per body or event, like the paper plan.

The plan made ahead (``facilitator.plan``, ``<store>/plans/<年度>.json``) combined with the index
rows the home screen already holds (``facilitator.plan.year``). The cursor is a cell (month ×
column); F2 plans a meeting there, F3 edits, Del removes, F4 writes the month's 備考, F6 makes
the planned meeting a session (the next-session form, then the meeting opens), F7 adds a column.
Those forms are dialogs (people type Japanese there); on this screen printable keys never act on
a planned meeting. ``[`` / ``]`` move between 年度; ``m`` ``c`` ``x`` ``h`` export Markdown /
CSV / Excel / HTML to the exports folder. The plan file is read and written by thread workers
(``PlanFile``: a save merges with someone else's change made meanwhile).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from facilitator.export_target import default_folder
from facilitator.i18n import t
from facilitator.plan import Plan, PlanFile, PlanFormatError, merge_plans
from facilitator.plan.export import export_year_plan, file_name
from facilitator.store import atomic_write
from facilitator.store.reach import make_folder
from facilitator.plan.year import (
    KIND_LABELS,
    MONTH_HEADING,
    NOTES_HEADING,
    PlanColumn,
    PlanEntry,
    PlanMonth,
    YearPlan,
    build_year_plan,
    default_year,
)
from screens.services import Services
from screens.ui_text import literal, one_line
from screens.widgets.footer import Footer
from screens.home.year_plan_edit import PlanEditor

MONTH_WIDTH = 6
LOOK_SECONDS = 1.0  # how often the plan file is checked for someone else's change


def cell_text(entries: tuple[PlanEntry, ...]) -> Text:
    """A cell: held meetings bold, the rest italic; agenda items as bullets (user text never markup)."""
    cell = Text()
    for i, e in enumerate(entries):
        if i:
            cell.append("\n")
        style = "bold" if e.kind == "held" else "italic"
        cell.append_text(literal(e.heading(), style))
        for a in e.agenda:
            cell.append(t("yearplan.bullet"))
            cell.append_text(literal(a))
    return cell


def column_widths(total: int, columns: int) -> tuple[int, int]:
    """(a column's width, the notes' width) so that the table fills ``total`` cells: notes get
    two parts, each column three."""
    room = max(10, total - MONTH_WIDTH - 2 * (columns + 2) - 2)
    part = room / (3 * columns + 2)
    return max(8, int(part * 3)), max(8, int(part * 2))


class YearPlanScreen(Screen[None]):
    CSS_PATH = ["year_plan.tcss"]
    BINDINGS = [
        Binding("escape", "back", t("yearplan.back"), id="yearplan.back"),
        Binding("f1", "help", t("plan.help"), key_display="F1", id="plan.help", tooltip=t("plan.help_tooltip")),
        Binding("f2", "add", t("plan.add"), key_display="F2", id="plan.add", tooltip=t("plan.add_tooltip")),
        Binding("f3", "edit", t("plan.edit"), key_display="F3", id="plan.edit", tooltip=t("plan.edit_tooltip")),
        Binding("delete", "remove", t("plan.remove"), key_display="Del", id="plan.remove",
                tooltip=t("plan.remove_tooltip")),
        Binding("f4", "note", t("plan.note"), key_display="F4", id="plan.note", tooltip=t("plan.note_tooltip")),
        Binding("f6", "create", t("plan.create"), key_display="F6", id="plan.create",
                tooltip=t("plan.create_tooltip")),
        Binding("f7", "lane", t("plan.lane"), key_display="F7", id="plan.lane", tooltip=t("plan.lane_tooltip")),
        Binding("left_square_bracket", "year(-1)", t("yearplan.previous"), key_display="[", id="yearplan.previous"),
        Binding("right_square_bracket", "year(1)", t("yearplan.next"), key_display="]", id="yearplan.next"),
        Binding("m", "export('md')", t("yearplan.export_md"), id="yearplan.md"),
        Binding("c", "export('csv')", t("yearplan.export_csv"), id="yearplan.csv"),
        Binding("x", "export('xlsx')", t("yearplan.export_xlsx"), id="yearplan.xlsx"),
        Binding("h", "export('html')", t("yearplan.export_html"), id="yearplan.html"),
    ]

    def __init__(self, services: Services, rows: list[dict[str, Any]]) -> None:
        super().__init__(classes="year-plan")
        self.services = services
        self.store = services.store
        self.rows = rows
        self.fiscal_year: int | None = None
        self.plan: YearPlan | None = None
        self.file: PlanFile | None = None
        self.made: Plan | None = None  # the plan made ahead, as read (None while reading)
        self.problem = ""  # why the plan file can't be changed (damaged, newer), if it can't
        self.editor = PlanEditor(self)

    def compose(self) -> ComposeResult:
        yield Static(id="year-plan-head")
        yield DataTable(id="year-plan-table", cursor_type="cell", zebra_stripes=False)
        yield Static(id="year-plan-status")
        yield Footer()

    def on_mount(self) -> None:
        self.fiscal_year = default_year(self.rows, self.services.now().date())
        self.query_one(DataTable).focus()
        self.load()
        self.set_interval(LOOK_SECONDS, self._look, name="year-plan-look")

    # -- reading and drawing ----------------------------------------------------------------

    def load(self) -> None:
        assert self.fiscal_year is not None
        self.file = PlanFile(self.store, self.fiscal_year)
        self.made = None
        self.show()
        self._read(self.file)

    @work(thread=True, exclusive=True, group="year-plan-read")
    def _read(self, file: PlanFile) -> None:
        try:
            made: Plan | None = file.read()
            problem = ""
        except (PlanFormatError, OSError) as e:
            made, problem = None, str(e)
        self.app.call_from_thread(self._got, file, made, problem)

    def _got(self, file: PlanFile, made: Plan | None, problem: str) -> None:
        if file is not self.file:
            return  # another 年度 was chosen meanwhile
        self.made = made
        self.problem = problem
        if problem:
            self.notify(one_line(t("plan.unreadable", error=problem)), severity="error", markup=False)
        self.show()

    def _look(self) -> None:
        if self.file is not None and self.made is not None and not self.problem:
            self._look_on_disk(self.file, self.made)

    @work(thread=True, exclusive=True, group="year-plan-look")
    def _look_on_disk(self, file: PlanFile, seen: Plan) -> None:
        """Someone else's change to the plan file, shown within a second; nothing is written."""
        try:
            fresh = file.look()
        except (PlanFormatError, OSError):
            return  # a save says what is wrong, if this window changes anything
        if fresh is not None:
            self.app.call_from_thread(self._came_in, file, seen, fresh)

    def _came_in(self, file: PlanFile, seen: Plan, fresh: Plan) -> None:
        if file is not self.file or self.made is None:
            return
        # an edit made here meanwhile is kept (and its save merges with the file anyway)
        self.made = fresh if self.made is seen else merge_plans(seen, self.made, fresh)
        self.show()

    def show(self) -> None:
        assert self.fiscal_year is not None
        today = self.services.now().date()
        self.plan = build_year_plan(self.rows, self.fiscal_year, today, self.made)
        head = Text(f"{self.plan.title}", style="bold")
        head.append(t("yearplan.range", start=self.fiscal_year, end=self.fiscal_year + 1))
        held, planned = self.plan.progress()
        if planned:
            head.append(t("plan.progress", held=held, planned=planned))
        head.append(t("yearplan.legend", held=KIND_LABELS["held"], scheduled=KIND_LABELS["scheduled"],
                      planned=KIND_LABELS["planned"], plan=KIND_LABELS["plan"]))
        self.query_one("#year-plan-head", Static).update(head)
        self._fill()
        self._describe()

    def _fill(self) -> None:
        assert self.plan is not None
        table = self.query_one(DataTable)
        at = table.cursor_coordinate
        table.clear(columns=True)
        columns = self.plan.columns
        width, notes = column_widths(self.size.width or 80, len(columns) or 1)
        table.add_column(Text(MONTH_HEADING), width=max(MONTH_WIDTH - 2, cell_len(MONTH_HEADING)))
        for c in columns:
            table.add_column(literal(c.name), width=width)
        table.add_column(Text(NOTES_HEADING), width=notes if columns else max(notes, width))
        for m in self.plan.months:
            table.add_row(Text(m.label), *(cell_text(c) for c in m.cells), literal("\n".join(m.notes)), height=None,
                          key=m.key)
        table.move_cursor(row=min(at.row, table.row_count - 1), column=min(max(at.column, 1), len(columns) + 1))

    def on_resize(self) -> None:
        if self.plan is not None:
            self._fill()

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._describe()

    def _describe(self) -> None:
        where = self.here()
        status = Text(t("plan.hint"))
        if self.plan is not None and not self.plan.columns:
            status = Text(f"{t('yearplan.empty')}　{t('plan.no_column')}")
        elif where is not None:
            month, column = where
            if column is not None:
                status = Text(t("plan.cell_empty", month=month.label, lane=one_line(column.name, 30)))
                entries = self.entries_here()
                if entries:
                    status = literal(" / ".join(one_line(e.heading(), 40) for e in entries))
        self.query_one("#year-plan-status", Static).update(status)

    def here(self) -> tuple[PlanMonth, PlanColumn | None] | None:
        """The month under the cursor, and its column (None on the month or notes column)."""
        if self.plan is None:
            return None
        at = self.query_one(DataTable).cursor_coordinate
        if not 0 <= at.row < len(self.plan.months):
            return None
        month = self.plan.months[at.row]
        col = at.column - 1
        return month, (self.plan.columns[col] if 0 <= col < len(self.plan.columns) else None)

    def entries_here(self) -> tuple[PlanEntry, ...]:
        where = self.here()
        if where is None or where[1] is None or self.plan is None:
            return ()
        month, column = where
        return month.cells[self.plan.columns.index(column)]

    # -- commands (the editor holds the forms) ------------------------------------------------

    def action_add(self) -> None:
        self.editor.add()

    def action_edit(self) -> None:
        self.editor.edit()

    def action_remove(self) -> None:
        self.editor.remove()

    def action_note(self) -> None:
        self.editor.note()

    def action_create(self) -> None:
        self.editor.create()

    def action_lane(self) -> None:
        self.editor.lane()

    def changed(self, made: Plan, message: str = "") -> None:
        """The plan made ahead was changed here: drawn now, saved by a worker."""
        self.made = made
        self.show()
        if self.file is not None:
            self._save(self.file, made, copy.deepcopy(made), message)

    @work(thread=True, exclusive=False, group="year-plan-save")
    def _save(self, file: PlanFile, made: Plan, sent: Plan, message: str) -> None:
        """``sent``: a copy of ``made`` for this thread (the UI may change ``made`` meanwhile).
        PlanFile saves one at a time."""
        try:
            written, merged = file.save_merged(sent, now=self.services.now())
        except (PlanFormatError, OSError, ValueError) as e:
            reason = getattr(e, "strerror", None) or str(e)
            self.notify(one_line(t("plan.save_failed", reason=reason)), severity="error", markup=False)
            return
        self.app.call_from_thread(self._saved, file, made, sent, written, message, merged)

    def _saved(self, file: PlanFile, made: Plan, sent: Plan, written: Plan, message: str, merged: bool) -> None:
        if file is not self.file:
            return
        if merged:
            # someone else's change came in: shown here too; an edit made here meanwhile is kept
            self.made = written if self.made is made else merge_plans(sent, self.made or written, written)
            self.show()
        if merged or message:  # a plain save is said quietly, on the status line
            self.notify(one_line(t("plan.merged") if merged else message), markup=False)
        self.query_one("#year-plan-status", Static).update(Text(t("plan.saved")))

    # -- years, exports -------------------------------------------------------------------------

    def action_year(self, delta: int) -> None:
        if self.fiscal_year is None:
            return
        self.fiscal_year += delta
        self.load()

    def action_export(self, fmt: str) -> None:
        if self.plan is None:
            return
        self._write(self.plan, fmt)

    @work(thread=True, exclusive=True, group="year-plan-export")
    def _write(self, plan: YearPlan, fmt: str) -> None:
        target = default_folder(self.store.root) / file_name(plan, fmt)
        try:
            make_folder(target.parent, self.store.folder_mode())  # 0700 (2770 shared), whatever the umask
            atomic_write(target, export_year_plan(plan, fmt), mode=self.store.file_mode(), sweep=True)
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

    def action_help(self) -> None:
        from screens.help import HelpScreen, binding_rows

        rows = [("↑ / ↓ / ← / →", t("plan.help_move")), *binding_rows([self]), *binding_rows([self.app])]
        self.app.push_screen(HelpScreen([(t("plan.help_title"), rows)]))

    def action_back(self) -> None:
        self.app.pop_screen()

