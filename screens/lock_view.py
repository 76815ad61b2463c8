"""Who has the session, where nobody can miss it (docs/reliability.md "Two windows, two machines").

- :class:`NoticeBar`: a bar under the header that stays until its cause is gone — 「読み取り専用」
  with who has the session (host, user, since when), or 「保存できません」 with why.
- :class:`LockPresence`: the meeting screen's side of the lock. A read-only window watches the
  lock (every ~10 s, in a thread) and offers F9 to take it over once it is stale or free; a
  window whose lock was taken over becomes read-only and says so.
- :class:`ConfirmScreen`: the explicit yes before a take-over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static
from textual.worker import Worker, WorkerState

from facilitator.i18n import t
from facilitator.locks import (
    DEAD,
    HEARTBEAT_SECONDS,
    Access,
    LockBusy,
    LockInfo,
    LockLost,
    Locks,
    describe_heartbeat,
    describe_holder,
)
from screens.navigation import OpenMeeting
from screens.ui_text import fold_cells, literal, one_line

if TYPE_CHECKING:
    from screens.saver import SaveStatus


class NoticeBar(Static):
    """A one-or-two-line bar that stays until cleared (never a toast that fades)."""

    DEFAULT_CSS = """
    NoticeBar {
        height: auto;
        display: none;
        padding: 0 1;
        text-style: bold;
        color: $text;
        background: $warning;
    }
    NoticeBar.-shown { display: block; }
    NoticeBar.-error { background: $error; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._source = Text()
        self._width = 0

    def show(self, text: Text, *, error: bool = False) -> None:
        self._source = text
        self._fold()
        self.set_class(True, "-shown")
        self.set_class(error, "-error")

    def hide(self) -> None:
        self._source = Text()
        self.update("")
        self.set_class(False, "-shown")

    def on_resize(self, event: events.Resize) -> None:
        if self.size.width != self._width:
            self._fold()

    def _fold(self) -> None:
        # Folded by cells the Japanese way: Rich would break only at the spaces, leaving 「—」
        # alone at the end of a line and the whole sentence on the next.
        self._width = self.size.width
        self.update(fold_cells(self._source, self._width) if self._width else self._source)

    @property
    def shown(self) -> bool:
        return self.has_class("-shown")

    @property
    def plain(self) -> str:
        """The message as one line (what it says, not how it is folded)."""
        return self._source.plain


def read_only_text(holder: LockInfo | None, stale: str | None) -> Text:
    if holder is None:
        return Text(t("lock.free"))
    text = literal(t("lock.held", holder=describe_holder(holder), heartbeat=describe_heartbeat(holder)))
    if stale == DEAD:
        text.append(t("lock.dead"))
    elif stale is not None:
        text.append(t("lock.stale"))
    return text


def lost_text(holder: LockInfo | None) -> Text:
    return literal(t("lock.lost", holder=describe_holder(holder)))


def save_error_text(detail: str) -> Text:
    return literal(t("lock.save_error", detail=one_line(detail, 120)))


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", t("lock.cancel"), id="lock.cancel", tooltip=t("lock.cancel_tooltip"))]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    #confirm { width: 80%; max-width: 80; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    #confirm-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    #confirm-buttons Button { margin-left: 2; }
    """

    def __init__(self, message: Text, yes: str) -> None:
        super().__init__()
        self.message = message
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(self.message)
            with Horizontal(id="confirm-buttons"):
                yield Button(Text(self.yes), id="confirm-yes", variant="warning")
                yield Button(Text(t("lock.cancel")), id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_cancel(self) -> None:
        self.dismiss(False)


class LockPresence:
    """The meeting screen's lock: its bars, its watch while read-only, its F9 take-over."""

    def __init__(self, screen: Any, access: Access | None) -> None:
        self.screen = screen
        self.access = access
        self.holder: LockInfo | None = access.holder if access is not None and not access.editable else None
        self.stale: str | None = access.stale if access is not None and not access.editable else None
        # Read-only because someone else has it (not a window opened read-only on purpose).
        self.watching = access is not None and not access.editable
        self._poll_worker: Worker[Any] | None = None
        self._take_worker: Worker[Any] | None = None

    @property
    def locks(self) -> Locks | None:
        return getattr(self.screen.app, "locks", None)

    @property
    def session_id(self) -> str:
        return self.screen.meeting.session.id

    def _bar(self, which: str) -> NoticeBar:
        return self.screen.query_one(f"#{which}", NoticeBar)

    def start(self) -> None:
        if self.watching:
            self._bar("lock-bar").show(read_only_text(self.holder, self.stale))
            self._start_watch()
        elif self.access is not None and self.access.reclaimed and self.access.holder is not None:
            self.screen.notify(
                t("lock.reclaimed", holder=describe_holder(self.access.holder)),
                markup=False, timeout=8,
            )

    def _start_watch(self) -> None:
        every = getattr(self.screen.app, "lock_watch_seconds", HEARTBEAT_SECONDS)
        self.screen.set_interval(every, self._poll, name="lock-watch")

    # -- save states ---------------------------------------------------------------------------
    def on_save_status(self, event: SaveStatus) -> None:
        save_bar = self._bar("save-bar")
        if event.state == "error":
            save_bar.show(save_error_text(event.detail), error=True)
        elif event.state in ("saved", "pending", "saving"):
            save_bar.hide()
        elif event.state == "lost":
            save_bar.hide()
            saver = self.screen.saver
            self.holder, self.stale = saver.lost_to, None
            self._bar("lock-bar").show(lost_text(self.holder))
            if not self.watching and self.locks is not None:
                self.watching = True
                self._start_watch()
            self.screen.became_read_only()

    # -- watching the lock while read-only --------------------------------------------------
    def _poll(self) -> None:
        if self.locks is None or self.screen.app.screen is not self.screen:
            return
        if self._poll_worker is not None and self._poll_worker.state in (WorkerState.PENDING, WorkerState.RUNNING):
            return
        locks, sid = self.locks, self.session_id
        self._poll_worker = self.screen.run_worker(
            lambda: locks.status(sid), thread=True, group="lock-watch", exit_on_error=False, name="lock-watch")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> bool:
        if event.worker is self._poll_worker:
            if event.state == WorkerState.SUCCESS:
                holder, stale = event.worker.result
                lost = self.screen.saver.state == "lost"
                if lost and holder is not None and not stale:
                    self.holder = holder  # still the one who took it over: keep saying so
                    self._bar("lock-bar").show(lost_text(holder))
                else:
                    self.holder, self.stale = holder, stale
                    self._bar("lock-bar").show(read_only_text(holder, stale))
                self.screen.refresh_bindings()
            return True
        if event.worker is self._take_worker:
            if event.state == WorkerState.SUCCESS:
                lock, session = event.worker.result
                self.screen.post_message(OpenMeeting(session, access=Access(lock, None, None), replace=True))
            elif event.state == WorkerState.ERROR:
                error = event.worker.error
                if isinstance(error, (LockBusy, LockLost)):
                    self.holder = error.holder
                    self.stale = None
                    self._bar("lock-bar").show(read_only_text(self.holder, None))
                    self._poll()
                self.screen.notify(t("lock.take_failed", error=one_line(str(error), 80)), severity="error",
                                   markup=False)
            return True
        return False

    # -- taking over -----------------------------------------------------------------------------
    @property
    def can_take_over(self) -> bool:
        return self.watching and (self.holder is None or self.stale is not None)

    def take_over(self) -> None:
        if not self.can_take_over:
            if self.watching:
                self.screen.notify(t("lock.still_alive"), markup=False)
            return
        holder = self.holder
        if holder is None:
            question = Text(t("lock.reopen_question"))
            yes = t("lock.reopen_yes")
        else:
            question = literal(t("lock.take_question", holder=describe_holder(holder)))
            yes = t("lock.take_yes")

        def answered(yes_: bool | None) -> None:
            if yes_:
                self._take(holder)

        self.screen.app.push_screen(ConfirmScreen(question, yes), answered)

    def _take(self, holder: LockInfo | None) -> None:
        locks, sid, store = self.locks, self.session_id, self.screen.store
        assert locks is not None

        def work() -> tuple[Any, Any]:
            if holder is None:
                access = locks.open(sid)
                if access.lock is None:
                    raise LockLost(access.holder)
                if access.error is not None:
                    raise access.error
                lock = access.lock
            else:
                lock = locks.take_over(sid, holder)
            try:
                return lock, store.load(sid)  # the file as its last writer left it
            except BaseException:
                lock.release()
                raise

        self._take_worker = self.screen.run_worker(work, thread=True, group="lock-take", exit_on_error=False,
                                                   name="lock-take")
