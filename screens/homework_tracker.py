"""Homework tracker (宿題の一覧): every open homework item across the store or one body, once
per id (from the latest session that holds it), with owner, due date, how many meetings it has
been carried, its origin and its history. Overdue items are marked in words (⚠ 期限切れ) and in
colour. Mark done or drop with a reason: the change is written into the latest session that
holds the item (the older copies are history and stay as they were).

The store is read in a thread worker (``Store.scan``: damaged, newer-schema and conflicting files
are left out and never written); writing one session is a worker too.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Select, Static

from facilitator.dates import format_date
from facilitator.homework import TrackedHomework, set_status_in_store, track_homework
from facilitator.index.facts import SessionHomework
from facilitator.i18n import language
from facilitator.i18n import t as tr  # ``t`` names a homework item here
from facilitator.meeting import RuleError
from facilitator.model import Session
from facilitator.text import body_key
from screens.services import Services
from screens.ui_text import literal, one_line
from screens.widgets.footer import Footer
from screens.widgets.notice_line import NoticeLine
from screens.widgets.table_view import Column, TableRow, TableView

COLUMNS = [
    Column(tr("homework.col_state"), max_width=12),
    # The homework is what the room reads: at 80×24 it keeps 20 cells, the first meeting it
    # came up at (also under the table, for the highlighted row) giving up its column first.
    Column(tr("homework.col_text"), flex=True, min_width=20),
    Column(tr("homework.col_owner"), max_width=14),
    Column(tr("homework.col_due"), max_width=16),
    Column(tr("homework.col_carried"), align="right"),
    Column(tr("homework.col_origin"), max_width=24, squeeze_to=0),
]
OVERDUE = tr("homework.overdue")


def _short_date(iso: str) -> str:
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.year}/{d.month}/{d.day}"


def due_text(t: TrackedHomework) -> str:
    """令和8年5月20日 / 2026-05-20 (no weekday: the column stays narrow), or the words as written."""
    due = t.item.due
    if not due:
        return tr("homework.no_due")
    day = t.due_date()
    if day is None:
        return due
    return format_date(day).split("（")[0] if language() != "en" else day.isoformat()


class HomeworkScreen(Screen[None]):
    CSS_PATH = ["homework_tracker.tcss"]
    BINDINGS = [
        Binding("escape", "back", tr("yearplan.back"), id="homework.back"),
        Binding("d", "done", tr("homework.done"), id="homework.done"),
        Binding("x", "drop", tr("recap.drop"), id="homework.drop"),
        Binding("f5", "reload", tr("home.reload"), id="homework.reload"),
    ]

    def __init__(self, services: Services, body: str | None = None) -> None:
        super().__init__(classes="homework")
        self.services = services
        self.store = services.store
        self.body = body
        self.sessions: dict[str, Session | SessionHomework] = {}
        self.tracked: list[TrackedHomework] = []
        self._by_id: dict[str, TrackedHomework] = {}
        self.loaded = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="homework-head"):
            yield Static(Text(tr("homework.title"), style="bold"), id="homework-title")
            yield Select([], prompt=tr("home.all_bodies"), id="homework-body", compact=True)
        yield TableView(COLUMNS, tr("home.loading"), id="homework-table")
        yield Static(id="homework-detail")
        yield Static(id="homework-status")
        yield NoticeLine(id="notices")  # what the app says, never over the list
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(TableView).focus()
        self.action_reload()

    def today(self) -> date:
        return self.services.now().date()

    # -- loading ---------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="homework")
    def action_reload(self) -> None:
        """From the index (refreshed first: the files stay the truth), not from every file:
        10,000 sessions in ~0.5 s and ~100 MB instead of ~10 s and ~860 MB."""
        from facilitator.index import Index

        index = Index(self.store)
        try:
            index.refresh()
            sessions: dict[str, Session | SessionHomework] = {s.id: s for s in index.homework_sessions()}
            skipped = len(index.problems())
        finally:
            index.close()
        self.app.call_from_thread(self._loaded, sessions, skipped)

    def _loaded(self, sessions: dict[str, Session | SessionHomework], skipped: int) -> None:
        self.sessions = sessions
        self.loaded = True
        names: dict[str, str] = {}
        for s in sorted(sessions.values(), key=lambda s: (s.date, s.created_at)):
            names[body_key(s.body.name)] = s.body.name
        select = self.query_one("#homework-body", Select)
        options = sorted(names.values(), key=body_key)
        select.set_options([(literal(n), n) for n in options])
        wanted = body_key(self.body) if self.body else None
        match = next((n for n in options if body_key(n) == wanted), None)
        if match is not None:
            select.value = match
        self.show()
        if skipped:
            self.query_one("#homework-status", Static).update(
                Text(tr("homework.skipped", count=skipped)))

    def _body_filter(self) -> str | None:
        value = self.query_one("#homework-body", Select).value
        return value if isinstance(value, str) else None

    def show(self, keep: str | None = None) -> None:
        body = self._body_filter()
        self.tracked = track_homework(self.sessions.values(), body=body)
        self._by_id = {t.item.id: t for t in self.tracked}
        today = self.today()
        rows: list[TableRow] = []
        current_body = None
        overdue = 0
        for t in self.tracked:
            name = t.session.body.name
            if body_key(name) != current_body:
                current_body = body_key(name)
                heading = Text("■ ")
                heading.append_text(literal(name))
                rows.append(TableRow(None, (heading,), style="table-view--group", span=True))
            late = t.overdue(today)
            overdue += late
            origin = self.sessions.get(t.origin_session)
            origin_text = Text()
            if origin is not None:
                origin_text.append(_short_date(origin.date) + " ")
                origin_text.append_text(literal(origin.title))
            else:
                origin_text.append(t.origin_session)
            rows.append(TableRow(
                key=t.item.id,
                cells=(Text(OVERDUE if late else tr("labels.homework_status.open")), literal(t.item.text),
                       literal(t.item.owner or tr("homework.owner_unset")),
                       literal(due_text(t)), Text(tr("homework.times", count=t.carried) if t.carried else "—"), origin_text),
                style="table-view--overdue" if late else "",
            ))
        table = self.query_one(TableView)
        table.empty_text = tr("homework.empty")
        table.set_rows(rows, keep=keep)
        status = Text(tr("homework.open_count", count=len(self.tracked)))
        if overdue:
            status.append(tr("homework.overdue_count", overdue=OVERDUE, count=overdue))
        status.append(tr("homework.today", date=format_date(today)))
        self.query_one("#homework-status", Static).update(status)

    @on(Select.Changed, "#homework-body")
    def _body_changed(self) -> None:
        if self.loaded:
            self.show()

    @on(TableView.Highlighted, "#homework-table")
    def _highlighted(self, event: TableView.Highlighted) -> None:
        self.query_one("#homework-detail", Static).update(self._detail(event.key))

    def _detail(self, key: str | None) -> Text:
        t = self._by_id.get(key or "")
        if t is None:
            return Text()
        text = Text(tr("homework.detail_item"), style="bold")
        text.append_text(literal(one_line(t.item.text)))
        if t.item.owner:
            text.append(tr("homework.owner_open"))
            text.append_text(literal(t.item.owner))
            text.append(tr("homework.owner_close"))
        text.append(tr("homework.history"), style="bold")
        for i, sid in enumerate(t.history):
            if i:
                text.append(" → ")
            s = self.sessions.get(sid)
            if s is None:
                text.append(sid)
                continue
            text.append(_short_date(s.date) + " ")
            text.append_text(literal(s.title))
        text.append("\n")
        text.append(tr("homework.current"), style="bold")
        text.append_text(literal(t.session.body.name))
        text.append(" ")
        text.append_text(literal(t.session.title))
        text.append(tr("homework.detail_keys", date=format_date(t.session.date)))
        return text

    # -- changing an item -------------------------------------------------------------------------
    def _selected(self) -> TrackedHomework | None:
        key = self.query_one(TableView).cursor_key
        t = self._by_id.get(key or "")
        if t is None:
            self.notify(tr("homework.pick"), markup=False)
        return t

    def _is_open_elsewhere(self, session_id: str) -> bool:
        for screen in self.app.screen_stack:
            meeting = getattr(screen, "meeting", None)
            if meeting is not None and meeting.session.id == session_id:
                return True
        return False

    def action_done(self) -> None:
        t = self._selected()
        if t is not None:
            self._change(t, "done", None)

    def action_drop(self) -> None:
        t = self._selected()
        if t is None:
            return
        from screens.form import FormField, FormScreen

        def done(result) -> None:  # type: ignore[no-untyped-def]
            if result is None:
                return
            reason = one_line(result["reason"])
            if not reason:
                self.notify(tr("homework.need_reason"), severity="error", markup=False)
                return
            self._change(t, "dropped", reason)

        title = tr("homework.drop_title", text=one_line(t.item.text, 40))
        fields = [FormField("reason", tr("homework.reason"), placeholder=tr("homework.reason_placeholder"))]
        self.app.push_screen(FormScreen(title, fields, submit_label=tr("recap.drop_submit")), done)

    def _change(self, t: TrackedHomework, status: str, reason: str | None) -> None:
        if self._is_open_elsewhere(t.session.id):
            self.notify(tr("homework.open_elsewhere"), severity="warning", markup=False)
            return
        self._write(t.session.id, t.item.id, status, reason)

    @work(thread=True, exclusive=True, group="homework-write")
    def _write(self, session_id: str, homework_id: str, status: str, reason: str | None) -> None:
        try:
            session = set_status_in_store(self.store, session_id, homework_id, status, reason,
                                          now=self.services.now)
        except (RuleError, ValueError, OSError) as e:
            self.notify(one_line(str(e)), severity="error", markup=False)
            return
        self.app.call_from_thread(self._written, session, homework_id, status)

    def _written(self, session: Session, homework_id: str, status: str) -> None:
        self.sessions[session.id] = session
        item = next((h for h in session.homework if h.id == homework_id), None)
        text, title = one_line(item.text if item else "", 30), one_line(session.title, 30)
        self.notify(tr("homework.marked_done", text=text, title=title) if status == "done"
                    else tr("homework.marked_dropped", text=text, title=title), markup=False)
        table = self.query_one(TableView)
        rows = [r.key for r in table.rows if r.key is not None]
        keep = None
        if homework_id in rows:
            i = rows.index(homework_id)
            rest = rows[i + 1:] + rows[:i][::-1]
            keep = rest[0] if rest else None
        self.show(keep=keep)

    def action_back(self) -> None:
        self.app.pop_screen()
