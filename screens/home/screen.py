"""The home screen: the list shown, searched and filtered, and the keys that act on a session.

The first frame never waits for the store: the index is loaded in a thread worker started as
soon as that frame is out (loading.py), and the table filled when it posts back. At the app's
start the index has usually been read already by a child process (facilitator.prefetch): the
worker takes its rows, shows them, then checks them against the files. Searching runs over the
in-memory index (every word, NFKC, case-insensitive), whose search texts are parsed in a worker
after the list is shown, and redraws only the visible lines. Damaged, newer-schema and
conflicting files are warning rows (rows.py): they can be read about, never opened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Input, Select, Static
from textual.worker import get_current_worker

from facilitator.i18n import t
from screens.home.filters import HomeFilters
from screens.home.loading import IndexLoader
from screens.home.rows import (
    COLUMNS,
    PROBLEM_PREFIX,
    SessionRows,
    head_rows,
    list_rows,
    problem_detail,
    session_detail,
)
from screens.navigation import OpenMeeting, OpenReview
from screens.services import Services
from screens.ui_text import literal, one_line
from screens.widgets.footer import Footer
from screens.widgets.notice_line import NoticeLine
from screens.widgets.table_view import TableView

if TYPE_CHECKING:
    from facilitator.index import Index
    from facilitator.prefetch import IndexPrefetch


class HomeScreen(Screen[None]):
    # The list has the focus from the start. Textual's default, the first focusable widget, is
    # the search field: while it had the focus the footer left out the letter keys (typed into
    # the field), and the first frames came without them.
    AUTO_FOCUS = "#home-table"
    BINDINGS = [
        Binding("r", "review", t("home.review"), id="home.review"),
        Binding("o", "edit", t("home.edit"), id="home.edit"),
        # Only on a session with a sync client's copy, or on the copy (check_action): early, so
        # the footer has room for it then.
        Binding("m", "merge_copy", t("home.merge_copy"), id="home.merge_copy", tooltip=t("home.merge_copy_tooltip")),
        Binding("n", "next_session", t("home.next"), id="home.next"),
        Binding("e", "export", t("home.export"), id="home.export"),
        Binding("f4", "board", t("home.board"), id="home.board", tooltip=t("home.board_tooltip")),
        Binding("h", "homework", t("home.homework"), id="home.homework"),
        Binding("y", "year_plan", t("home.year_plan"), id="home.year_plan"),
        # In F1 and the command palette, not the footer: it would push / 検索 off the English one.
        Binding("w", "serve", t("home.serve"), id="home.serve", tooltip=t("home.serve_tooltip"), show=False),
        Binding("t", "handover", t("home.handover"), id="home.handover", tooltip=t("home.handover_tooltip"), show=False),
        Binding("slash", "search", t("home.search"), key_display="/", id="home.search"),
        Binding("f5", "reload", t("home.reload"), id="home.reload"),
    ]

    def __init__(self, services: Services, prefetch: IndexPrefetch | None = None) -> None:
        """``prefetch``: the index being read by another process (facilitator.prefetch)."""
        super().__init__(classes="home")
        self.services = services
        self.store = services.store
        self.location = services.location
        self._rows = SessionRows()
        self._loader = IndexLoader(self.store, prefetch, self._rows)
        self._loading_started = False
        self.loaded = False
        self._when_loaded: Callable[[], None] | None = None  # a key pressed before the list was read
        self._by_id: dict[str, dict[str, Any]] = {}
        self._problems: list[dict[str, Any]] = []
        self._shown = 0
        self._head_problems = 0  # files that can't be opened, as the list's head said
        self._progress: list[int] | None = None  # [read, to_read] while a first build reads the files
        self._texts: dict[str, Text] = {}  # what each Static shows: unchanged text is not re-laid out

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="home-head")  # the title and the store: one widget (each one is ~1 ms of the start)
        yield HomeFilters(id="home-filters")
        yield TableView(COLUMNS, t("home.loading"), id="home-table")
        yield Static(id="home-detail")
        yield Static(id="home-status")
        yield NoticeLine(id="notices")  # what the app says, never over the list
        yield Footer()

    @property
    def index(self) -> Index:
        """The store's index, made on first use (by the loading worker, after the first frame)."""
        return self._loader.index

    def on_mount(self) -> None:
        head = Text.assemble((t("home.title"), "bold"), "  ", (t("home.store"), "bold"), literal(str(self.location.path)),
                             t("home.store_reason", reason=self.location.reason))
        self.query_one("#home-head", Static).update(head)
        self._put("home-status", Text(t("home.loading")))
        # The list's first lines in the first frame when the prefetch child has sent them (it
        # had the whole import of Textual to): usable at once, whatever the store's size.
        early = self._loader.early_head()
        if early is not None:
            self._head(early.get("head"), early.get("progress"))
        # After the first frame: loading holds the GIL, the worker thread or not. The app starts
        # it as soon as that frame is out (on_ready); this is for a home screen shown later.
        self.call_after_refresh(self.call_after_refresh, self.start_loading)

    def start_loading(self) -> None:
        """Load the index and fill the list, the first time (F5 and coming back to the screen
        load it again through ``action_reload``)."""
        if not self._loading_started:
            self._loading_started = True
            self._filter_bar.add_search()
            self.action_reload()

    def on_unmount(self) -> None:
        self._loader.close()

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.action_reload()

    # -- loading ------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="home-index")
    def action_reload(self) -> None:
        self._loader.read(get_current_worker(), self.app.call_from_thread, self._loaded, self._refreshed,
                          self._head)

    def _head(self, head: dict[str, Any] | None, progress: list[int] | None) -> None:
        """The list's first lines (``Index.head``) before the whole index has come: usable (r, o
        and the arrows work on them) whatever the store's size; ``progress`` while a first build
        reads every file."""
        if self.loaded:
            return
        if progress is not None:
            self._progress = progress
        if head is not None:
            groups = head.get("groups") or []
            self._by_id = {r["id"]: r for _, _, shown in groups for r in shown}
            self.query_one(TableView).set_rows(head_rows(groups, [], self._rows))
            self._shown = head.get("total") or 0
            self._head_problems = head.get("problems") or 0
        self._status()

    def _refreshed(self) -> None:
        """The list again: files changed between the child's reading and the check after it."""
        self._problems = self.index.problems()
        if self._filter_bar.filled:  # else the filters are still to come, from this index
            self._fill_filters()
        self.show()
        self._tell_write_error()

    def _tell_write_error(self) -> None:
        """Say once that the index file could not be written (the list still works)."""
        error = self._loader.write_error_to_tell()
        if error:
            self.notify(one_line(error), severity="warning", markup=False)

    def _once_loaded(self, action: Callable[[], None]) -> bool:
        """True once the whole list is read; before that, ``action`` waits for it (the last one
        asked for wins) and a notice says so — a key pressed as soon as the list's first lines
        show (10,000 sessions: the rest comes ~0.5 s later) is not lost."""
        if self.loaded:
            return True
        self._when_loaded = action
        self.notify(t("home.opens_when_loaded"), markup=False)
        return False

    def _loaded(self) -> None:
        first = not self.loaded
        self.loaded = True
        waiting, self._when_loaded = self._when_loaded, None
        if waiting is not None:
            self.call_after_refresh(waiting)
        self._progress = None
        self._problems = self.index.problems()
        if first:  # the table first; the two filter Selects (heavy widgets) after its frame
            self.show()
            self.call_after_refresh(self._fill_filters)
        else:
            self._fill_filters()
            self.show()
        self._tell_write_error()
        if first and not self._by_id:
            self.notify(t("home.no_sessions_hint", command=_command()), markup=False, timeout=8)

    def _fill_filters(self) -> None:
        self._filter_bar.fill(self.index.bodies(), self.index.fiscal_years())

    # -- showing ------------------------------------------------------------------------------
    def _put(self, widget_id: str, text: Text) -> None:
        """Update a Static only when its text changed (an update re-lays the screen out)."""
        if self._texts.get(widget_id) != text:
            self._texts[widget_id] = text
            self.query_one(f"#{widget_id}", Static).update(text)

    @property
    def _filter_bar(self) -> HomeFilters:
        return self.query_one(HomeFilters)

    def show(self) -> None:
        """Fill the table from the index with the current search and filters."""
        if not self.loaded:
            return
        from facilitator.index import group_by_body

        query, body, year = self._filter_bar.values()
        rows = self.index.search(query, body=body, fiscal_year=year)
        self._by_id = {r["id"]: r for r in rows}
        table_rows = list_rows(group_by_body(rows), self._problems, self._rows)
        table = self.query_one(TableView)
        table.empty_text = t("home.no_match") if (query.strip() or body or year) else t("home.no_sessions", command=_command())
        table.set_rows(table_rows)
        self._shown = len(rows)
        self._status()

    def _status(self) -> None:
        query, body, year = self._filter_bar.values()
        text = Text(t("home.shown", count=self._shown))
        if query.strip() or body or year:
            text.append(t("home.filtered"))
        problems = len(self._problems) if self.loaded else self._head_problems
        if problems:
            text.append(t("home.problem_count", count=problems))
        if self._progress is not None and self._progress[0] < self._progress[1]:
            text.append(t("home.indexing", read=f"{self._progress[0]:,}", to_read=f"{self._progress[1]:,}"))
        self._put("home-status", text)

    @on(Input.Changed, "#home-search")
    def _search_changed(self) -> None:
        self.show()

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.show()

    @on(Input.Submitted, "#home-search")
    def _search_submitted(self) -> None:
        self.query_one(TableView).focus()

    @on(TableView.Highlighted, "#home-table")
    def _highlighted(self, event: TableView.Highlighted) -> None:
        self._put("home-detail", self._detail(event.key))
        self.refresh_bindings()  # m: only on a session with a sync copy, or on the copy

    @on(TableView.Selected, "#home-table")
    def _selected(self) -> None:
        self.action_review()

    def _detail(self, key: str | None) -> Text:
        if key is None:
            return Text()
        if key.startswith(PROBLEM_PREFIX):
            return problem_detail(self._problem(key))
        row = self._by_id.get(key)
        if row is None:
            return Text()
        from facilitator.index import match_snippet

        query = self._filter_bar.values()[0]
        snippet = match_snippet(self.index.text_of(row), query, width=60) if query.strip() else ""
        return session_detail(row, snippet)

    # -- typing goes to the search --------------------------------------------------------------
    async def on_key(self, event: Key) -> None:
        """A printable key that is not a shortcut, typed while the table has focus, starts a
        search (Japanese typed through an IME arrives here as characters). From the search,
        ↓ or Esc go back to the table."""
        table = self.query_one(TableView)
        search = self._filter_bar.search  # None until mounted, just after the first frame
        if search is not None and search.has_focus and event.key in ("down", "escape"):
            table.focus()
            event.stop()
            return
        if not event.is_printable or not event.character or event.key in self.app.active_bindings:
            return
        # The search too: of a burst of keys (an IME commit), those sent to the table before
        # the focus moved arrive here after it moved; dropping them lost characters.
        if self.focused is not table and (search is None or self.focused is not search):
            return
        event.stop()
        event.prevent_default()
        search = await self._filter_bar.search_field()  # the next key waits: the order is kept
        if not search.has_focus:
            search.focus()
        search.insert_text_at_cursor(event.character)

    async def action_search(self) -> None:
        (await self._filter_bar.search_field()).focus()

    # -- actions on a session ---------------------------------------------------------------------
    def _current(self, refusal: str) -> dict[str, Any] | None:
        """The selected session's row; ``refusal`` is said when it is a file that can't be used."""
        key = self.query_one(TableView).cursor_key
        if key is None:
            self.notify(t("home.pick_session"), markup=False)
            return None
        if key.startswith(PROBLEM_PREFIX):
            self.notify(refusal,
                        severity="warning", markup=False)
            return None
        return self._by_id.get(key)

    def action_board(self) -> None:
        """The board of the selected body's latest session (its board is the body's board)."""
        row = self._current(t("home.cannot_open"))
        if row is None:
            return
        latest = self.index.search("", body=row["body"])[0]  # newest first; row itself is one
        try:
            session = self.store.load(latest["id"])
        except (ValueError, OSError) as e:
            self.notify(one_line(str(e)), severity="error", markup=False)
            return
        self.post_message(OpenMeeting(session, board_only=True))

    def action_review(self) -> None:
        row = self._current(t("home.cannot_open"))
        if row is not None:
            self.post_message(OpenReview(row["id"]))

    def action_edit(self) -> None:
        row = self._current(t("home.cannot_open"))
        if row is None:
            return
        try:
            session = self.store.load(row["id"])
        except (ValueError, OSError) as e:
            self.notify(one_line(str(e)), severity="error", markup=False)
            return
        self.post_message(OpenMeeting(session))

    def action_export(self) -> None:
        row = self._current(t("home.cannot_export"))
        if row is None:
            return
        from screens.export_dialog import ExportDialog

        self.app.push_screen(ExportDialog(self.store, row["id"], row.get("title") or ""))

    def action_serve(self) -> None:
        """Serve the selected meeting to a note-taker's device (screens/home/serving.py)."""
        row = self._current(t("home.cannot_open"))
        if row is None:
            return
        from screens.home.serving import NoteTakerServing

        NoteTakerServing(self, self.store.root).start(row["id"], row.get("title") or "")

    def action_handover(self) -> None:
        """The hand-over for the next SC of the selected session's body (screens/home/handover.py)."""
        row = self._current(t("home.cannot_open"))
        if row is None:
            return
        from screens.home.handover import HandoverWriter

        HandoverWriter(self, self.store).ask(row.get("body") or "")

    def action_homework(self) -> None:
        from screens.homework_tracker import HomeworkScreen

        _, body, _ = self._filter_bar.values()
        self.app.push_screen(HomeworkScreen(self.services, body=body))

    def action_year_plan(self) -> None:
        if not self._once_loaded(self.action_year_plan):
            return
        from screens.home.year_plan import YearPlanScreen

        self.app.push_screen(YearPlanScreen(self.services, self.index.search("")))

    # -- a sync client's copy ---------------------------------------------------------------------
    def _problem(self, key: str) -> dict[str, Any] | None:
        name = key.removeprefix(PROBLEM_PREFIX)
        return next((p for p in self._problems if p.get("file") == name), None)

    def _copy_at_cursor(self) -> tuple[str, str, str] | None:
        """(session id, its title, the copy's file) for the selected session with a copy, or the
        selected copy; None elsewhere."""
        key = self.query_one(TableView).cursor_key
        if key is None:
            return None
        if key.startswith(PROBLEM_PREFIX):
            problem = self._problem(key)
            sid = problem.get("copy_of") if problem else None
            if not sid or problem is None:
                return None
            session = self._by_id.get(sid) or next((r for r in self.index.search("") if r["id"] == sid), None)
            return sid, (session or {}).get("title") or sid, problem["file"]
        row = self._by_id.get(key)
        if row is None or not row.get("copies"):
            return None
        return row["id"], row.get("title") or row["id"], row["copies"][0]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "merge_copy":
            return self.loaded and self._copy_at_cursor() is not None
        return True

    def action_merge_copy(self) -> None:
        """Merge the selected session's sync copy (or the selected copy) into it, after asking."""
        found = self._copy_at_cursor()
        if found is None:
            self.notify(t("home.no_copy"), markup=False)
            return
        from screens.home.copies import CopyMerger

        CopyMerger(self, self.store, self.action_reload).ask(*found)

    # -- the next session -------------------------------------------------------------------------
    def action_next_session(self) -> None:
        """The selected body's next session; with no body selected (an empty store, a search
        that found nothing) a new body's first one."""
        if not self._once_loaded(self.action_next_session):
            return
        if self.query_one(TableView).cursor_key is None:
            self.action_new_body()
            return
        row = self._current(t("home.cannot_use"))
        if row is None:
            return
        from screens.home.next_session import NextSessionForm

        body_rows = self.index.search("", body=row["body"]) or [row]  # newest first
        NextSessionForm(self, self.services).start(body_rows)

    def palette_commands(self) -> Iterator[SystemCommand]:
        """The command palette's commands that have no key of their own (screens/palette.py)."""
        yield SystemCommand(t("palette.new_body"), t("palette.new_body_help"), self.action_new_body)
        yield SystemCommand(t("home.serve_command"), t("home.serve_tooltip"), self.action_serve)

    def action_new_body(self) -> None:
        """A new body's first session (n on an empty store; the command palette any time)."""
        if not self._once_loaded(self.action_new_body):
            return
        from screens.home.first_session import NewBodyForm

        NewBodyForm(self, self.services).start(self.index.bodies())


def _command() -> str:
    """What to type for kyogitai here (「uv run kyogitai」 in a checkout), for the empty store's hint."""
    from facilitator.invocation import command_name  # only for an empty store: not at start

    return command_name()
