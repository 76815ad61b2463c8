"""Review (振り返り): a past session read-only — what changed since last time, then its minutes
with the board, rendered in the app and scrollable. Nothing here writes the session.

The session, the one before it and (for carried counts) the run of earlier ones are read in a
thread worker; the screen shows at once and fills in when they arrive.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from facilitator.changes import Changes, chain_needed, changes_since
from facilitator.dates import format_date
from facilitator.i18n import t
from facilitator.model import Session
from facilitator.store import Store
from screens.navigation import OpenMeeting
from screens.ui_text import Folded, RenderedOnce, literal, one_line, whole
from screens.widgets.footer import Footer
from screens.widgets.notice_line import NoticeLine

MAX_CHAIN = 60  # earlier sessions read at most, to count how often homework was carried


def _items(text: Text, label: str, entries: list[Text]) -> None:
    text.append(t("review.items", label=label, count=len(entries)), style="bold")
    for e in entries:
        text.append(t("review.bullet"))
        text.append_text(e)


def render_changes(changes: Changes, previous: Session | None) -> RenderableType:
    """「前回からの変化」 as rich text (user text as Text, never markup)."""
    head = Text(t("review.changes_title"), style="bold")
    if changes.first or previous is None:
        head.append(t("review.first"))
        if changes.new_cards:
            _items(head, t("review.board_cards"), [literal(c.text) for c in changes.new_cards])
        if changes.homework_new:
            _items(head, t("review.homework"), [literal(h.text) for h in changes.homework_new])
        return head
    head.append(t("review.previous"))
    head.append(format_date(previous.date))
    head.append(t("review.gap"))
    head.append_text(literal(previous.title))
    if changes.empty:
        head.append(t("review.no_changes"))
    if changes.new_cards:
        _items(head, t("review.new_cards"), [literal(c.text) for c in changes.new_cards])
    if changes.removed_cards:
        _items(head, t("review.removed_cards"), [literal(c.text) for c in changes.removed_cards])
    if changes.homework_done:
        _items(head, t("review.homework_done"), [literal(h.text) for h in changes.homework_done])
    if changes.homework_dropped:
        entries = []
        for h in changes.homework_dropped:
            entry = literal(h.text)
            if h.reason:
                entry.append(t("review.reason_open"))
                entry.append_text(literal(h.reason))
                entry.append(t("review.paren_close"))
            entries.append(entry)
        _items(head, t("review.homework_dropped"), entries)
    if changes.homework_carried:
        entries = []
        for c in changes.homework_carried:
            entry = literal(c.item.text)
            entry.append(t("review.carried_times", times=c.times))
            if c.item.owner:
                entry.append(t("review.owner_separator"))
                entry.append_text(whole(literal(c.item.owner)))  # a name is not folded in two
            entry.append(t("review.paren_close"))
            entries.append(entry)
        _items(head, t("review.homework_carried"), entries)
    if changes.homework_new:
        _items(head, t("review.homework_new"), [literal(h.text) for h in changes.homework_new])
    return head


class ReviewScreen(Screen[None]):
    CSS_PATH = ["review.tcss"]
    BINDINGS = [
        Binding("escape", "back", t("review.back"), id="review.back"),
        Binding("e", "export", t("review.export"), id="review.export"),
        Binding("o", "edit", t("review.edit"), id="review.edit"),
        Binding("b", "board", t("review.board"), id="review.board"),
        Binding("home", "top", t("common.first"), show=False),
        Binding("pagedown", "page_down", t("common.page_down"), key_display="PgDn", show=False),
        Binding("pageup", "page_up", t("common.page_up"), key_display="PgUp", show=False),
    ]

    def __init__(self, store: Store, session_id: str) -> None:
        super().__init__(classes="review")
        self.store = store
        self.session_id = session_id
        self.session: Session | None = None
        self.previous: Session | None = None
        self.minutes: RenderableType | None = None  # the rendered minutes, once loaded

    def compose(self) -> ComposeResult:
        yield Static(Text(t("review.loading")), id="review-head")
        with VerticalScroll(id="review-scroll"):
            yield Static(id="review-changes")
            yield Static(id="review-minutes")
        yield NoticeLine(id="notices")  # what the app says, never over the minutes
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-scroll").focus()
        self._load()

    @work(thread=True, exclusive=True, group="review")
    def _load(self) -> None:
        try:
            session = self.store.load(self.session_id)
        except (ValueError, OSError) as e:
            self.app.call_from_thread(self._failed, str(e))
            return
        previous = None
        chain: list[Session] = []
        if session.previous_session:
            try:
                previous = self.store.load(session.previous_session)
                chain = [previous]
                while chain_needed(session, chain) and len(chain) < MAX_CHAIN:
                    chain.insert(0, self.store.load(chain[0].previous_session or ""))
            except (ValueError, OSError):
                pass  # the minutes say what they can; counts start from what was read
        changes = changes_since(session, previous, chain)
        from facilitator.export.minutes import build_minutes
        from facilitator.summary import render

        minutes = render(build_minutes(session, previous))
        # Each line folded with 禁則 and a hanging indent, as the changes above are.
        parts = minutes.renderables if isinstance(minutes, Group) else [minutes]
        once = RenderedOnce(Group(*(Folded(p, hang=True) if isinstance(p, Text) else p for p in parts)))
        # Drawn here, off the UI thread, at the width the minutes will have: the screen's less
        # the scroll's padding and its (stable) scrollbar gutter. Any other width is drawn once.
        once.warm(self.app.console, self.app.size.width - 4)
        self.app.call_from_thread(self._show, session, previous, changes, minutes, once)

    def _failed(self, message: str) -> None:
        self.query_one("#review-head", Static).update(Text(t("review.failed")))
        self.query_one("#review-minutes", Static).update(literal(message))
        self.notify(one_line(message), severity="error", markup=False)

    def _show(self, session: Session, previous: Session | None, changes: Changes, minutes: RenderableType,
              once: RenderedOnce) -> None:
        self.session = session
        self.previous = previous
        head = Text(t("review.title"), style="bold")
        head.append_text(literal(one_line(session.body.name)))
        head.append(t("review.gap"))
        head.append_text(literal(one_line(session.title)))
        head.append(t("review.gap"))
        head.append(format_date(session.date))
        self.query_one("#review-head", Static).update(head)
        self.app.title = one_line(f"{session.body.name} {session.title}", 60)
        # Folded with 禁則, each entry's next lines under its text (not back at the margin).
        self.query_one("#review-changes", Static).update(Folded(render_changes(changes, previous), hang=True))
        self.minutes = minutes
        self.query_one("#review-minutes", Static).update(once)

    # -- actions ---------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.pop_screen()

    def action_top(self) -> None:
        self.query_one("#review-scroll", VerticalScroll).scroll_home(animate=False)

    def action_page_down(self) -> None:
        self.query_one("#review-scroll", VerticalScroll).scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.query_one("#review-scroll", VerticalScroll).scroll_page_up(animate=False)

    def action_board(self) -> None:
        """The board is the last part of the minutes."""
        self.query_one("#review-scroll", VerticalScroll).scroll_end(animate=False)

    def action_export(self) -> None:
        if self.session is None:
            return
        from screens.export_dialog import ExportDialog

        self.app.push_screen(ExportDialog(self.store, self.session.id, self.session.title))

    def action_edit(self) -> None:
        if self.session is None:
            return
        try:
            session = self.store.load(self.session.id)  # the file as it is now
        except (ValueError, OSError) as e:
            self.notify(one_line(str(e)), severity="error", markup=False)
            return
        self.app.pop_screen()
        self.post_message(OpenMeeting(session))
