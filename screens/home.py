"""Home: the store in use and its sessions, newest first; search as you type; Enter opens one."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from facilitator.dates import format_date_ja
from facilitator.index import Index
from facilitator.store import Store, StoreLocation
from screens.ui_text import literal, one_line

PROBLEM_LABELS = {"damaged": "読めないファイル", "newer": "新しい版のファイル", "conflict": "同じ id のファイルが複数"}


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open", "開く", show=True, id="home.open"),
        Binding("slash", "search", "検索", key_display="/", id="home.search"),
        Binding("f5", "reload", "再読み込み", id="home.reload"),
    ]

    def __init__(self, store: Store, location: StoreLocation) -> None:
        super().__init__(classes="home")
        self.store = store
        self.location = location
        self.index = Index(store)
        self._rows: list[dict] = []

    def compose(self) -> ComposeResult:
        yield Static(id="home-store")
        yield Input(placeholder="検索（例: 移動 サロン）", id="home-search")
        yield DataTable(id="home-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="home-problems")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#home-store", Static).update(
            Text.assemble(("保存先 ", "bold"), literal(str(self.location.path)), f"（{self.location.reason}）")
        )
        table = self.query_one(DataTable)
        table.add_columns("日付", "協議体", "会議名", "アイデア", "託した", "宿題")
        table.focus()
        self.action_reload()

    @work(thread=True, exclusive=True, group="index")
    def action_reload(self) -> None:
        self.index.refresh()
        self.app.call_from_thread(self._show, self.query_one("#home-search", Input).value)

    @on(Input.Changed, "#home-search")
    def _search(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, query: str) -> None:
        self._rows = self.index.search(query)
        table = self.query_one(DataTable)
        table.clear()
        for r in self._rows:
            c = r.get("counts") or {}
            table.add_row(
                Text(format_date_ja(r["date"])), literal(r["body"]), literal(r["title"]),
                Text(str(c.get("ideas", 0))), Text(str(c.get("handoffs", 0))), Text(str(c.get("open_homework", 0))),
                key=r["id"],
            )
        problems = Text()
        for p in self.index.problems():
            problems.append(f"⚠ {PROBLEM_LABELS.get(p.get('status', ''), p.get('status', ''))}: ", style="bold")
            problems.append_text(literal(f"{p.get('file')} {p.get('error') or ''}"))
            problems.append("\n")
        self.query_one("#home-problems", Static).update(problems.rstrip())
        if not self._rows:
            empty = "該当する会議はありません" if query.strip() else "まだ会議がありません。kyogitai new --body 協議体名 でつくれます"
            self.notify(empty, markup=False)

    def action_search(self) -> None:
        self.query_one("#home-search", Input).focus()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if not self._rows or table.cursor_row < 0:
            return
        session_id = self._rows[table.cursor_row]["id"]
        try:
            session = self.store.load(session_id)
        except (ValueError, OSError) as e:
            self.notify(one_line(str(e)), severity="error", markup=False)
            return
        self.app.open_meeting(session)  # type: ignore[attr-defined]

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()
