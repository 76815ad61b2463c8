"""Drafts in a meeting window: what is typed into a field and not yet submitted is on disk within
a second, and after a crash it is back in its field (the rules and the file: facilitator.drafts).

One :class:`DraftKeeper` per meeting window (the meeting screen makes it; the board, the roster
and forms opened from them use the same one). Screens ``bind`` their fields to it with a key;
every change of a bound field updates the keeper's copy, and a thread worker writes it —
``SaveSchedule``'s debounce (0.3 s after the last keystroke, at most 0.7 s after the first), at
once when a field is emptied (Enter, Ctrl+U). A field is pre-filled when it is bound and the
keeper holds text for its key: text a gone window left (claimed when the meeting opens), or text
this window had in it before the step was left.

Forms (screens/form.py) opened over a screen with a keeper keep their fields as a draft too,
keyed by the form's title and the values it opened with. After a crash the form does not pop up
by itself (the panel that opened it, and what it was to do on OK, are gone): the meeting says
which form has a draft, and opening the same form on the same item again shows what was typed.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Callable

from textual.widget import Widget
from textual.widgets import Input

from facilitator.autosave import SaveSchedule
from facilitator.drafts import (
    Claimed, DraftEnv, DraftFolder, Drafts, FormDraft, Writer, drafts_folder, join_texts, merge, new_token,
    sweep,
)
from facilitator.failures import describe_write_error
from facilitator.i18n import t
from screens.ui_text import editable, one_line

QUIET = 0.3  # seconds after the last keystroke
MAX_WAIT = 0.7  # seconds after the first unsaved one: on disk within a second
RETRY = 1.0


class DraftKeeper:
    """This window's drafts of one session (see the module)."""

    def __init__(self, host: Widget, session_id: str, store_root: Path, *, data_dir: Path | None = None,
                 env: DraftEnv | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        """``host`` runs the timers and workers (the meeting screen); ``data_dir``: the per-user
        data folder (None: facilitator.userdata decides, off the UI thread)."""
        self.host = host
        self.session_id = session_id
        self.store_root = Path(store_root)
        self.data_dir = data_dir
        self.env = env or DraftEnv()
        self.token = new_token()
        self.writer = Writer(session_id, self.env.user, self.env.host, self.env.pid, self.token)
        self.fields: dict[str, str] = {}
        self.forms: dict[str, FormDraft] = {}
        self.restored_forms: set[str] = set()  # form drafts a gone window left, not opened yet
        self._inherited: set[str] = set()  # field keys holding a gone window's text, not shown yet
        self._bound: dict[str, Input] = {}
        self._folder: DraftFolder | None = None
        self._claims: list[Claimed] = []
        self._on_disk = False
        self._closed = False
        self._io = threading.Lock()  # one write at a time; none after close
        self._clock = clock
        self.schedule = SaveSchedule(clock, quiet=QUIET, max_wait=MAX_WAIT, retry=RETRY)
        self._timer = None
        self._armed_at: float | None = None
        self._app = None
        self._failing = False
        self._urgent = False
        self.loaded = False
        self.env.live_tokens.add(self.token)  # (facilitator.drafts.LIVE_TOKENS unless a test's own)

    @property
    def path(self) -> Path | None:
        """This window's drafts file (None until the folder is known)."""
        return self._folder.path(self.session_id, self.token) if self._folder is not None else None

    # -- opening -----------------------------------------------------------------------------------
    def start(self) -> None:
        """Find the folder, delete expired drafts, claim what gone windows left: in a worker."""
        self._app = self.host.app
        self.host.run_worker(self._load, thread=True, group="drafts", exit_on_error=False, name="drafts-load")

    def _resolve_folder(self) -> DraftFolder:
        if self._folder is None:
            from facilitator.userdata import user_data_dir

            data_dir = self.data_dir if self.data_dir is not None else user_data_dir()
            self._folder = DraftFolder(drafts_folder(data_dir, self.store_root), self.env)
        return self._folder

    def _load(self) -> None:
        claimed: list[Claimed] = []
        try:
            folder = self._resolve_folder()
            sweep(folder.folder.parent, self.env)
            with self._io:
                if not self._closed:
                    claimed = folder.claim_gone(self.session_id, self.writer)
        except (OSError, ValueError):
            pass  # nothing to restore from an unreadable folder; the writes will say so
        self._call(self._loaded, claimed)

    def _call(self, callback: Callable[..., None], *args: object) -> None:
        """Run ``callback`` on the UI thread (from a worker); nothing once the app is gone."""
        try:
            self._app.call_from_thread(callback, *args)
        except Exception:  # noqa: BLE001 - the app is closing: the window's close() wrote last
            pass

    def _loaded(self, claimed: list[Claimed]) -> None:
        self.loaded = True
        if self._closed:
            return  # the claims stay on disk, and are claimed again after CLAIM_TIMEOUT
        self._claims.extend(claimed)
        fields, forms = merge(c.drafts for c in claimed)
        for key, text in fields.items():
            self.fields[key] = join_texts(text, self.fields.get(key, ""))
            self._inherited.add(key)
            widget = self._bound.get(key)
            if widget is not None and widget.is_attached:
                self._show(key, widget)
        for key, form in forms.items():
            if key not in self.forms:
                self.forms[key] = form
                self.restored_forms.add(key)
        for key in sorted(self.restored_forms):
            form = self.forms[key]
            about = t("drafts.about", text=one_line(form.about, 30)) if form.about else ""
            self.host.notify(t("drafts.form_waiting", title=one_line(form.title, 30), about=about),
                             timeout=10, markup=False)
        if claimed:
            self._changed(urgent=True)  # into this window's file, then the claims go

    # -- fields ------------------------------------------------------------------------------------
    def bind(self, widget: Input, key: str) -> None:
        """Keep ``widget``'s text as the draft ``key``; pre-fill it when it is empty and there is one."""
        self._bound[key] = widget
        # Focusing a field selects all its text by default, and the next key would replace what
        # was kept: a field with drafts is focused with the cursor where it was.
        widget.select_on_focus = False
        if self.fields.get(key) and not widget.value:
            self._show(key, widget)
        widget.watch(widget, "value", lambda value: self._field_changed(key, widget, value), init=False)

    def _show(self, key: str, widget: Input) -> None:
        """Put the draft ``key`` into its field; say so when a gone window left it (this window's
        own text, back after a step change, needs no message)."""
        text = editable(self.fields.get(key, ""), multiline=False)  # a file edited by hand: one line
        if widget.value == text:
            return
        widget.value = text
        widget.cursor_position = len(text)
        if key in self._inherited:
            self._inherited.discard(key)
            self.host.notify(t("drafts.restored"), markup=False)

    def _field_changed(self, key: str, widget: Input, value: str) -> None:
        if self._closed or self._bound.get(key) is not widget:
            return
        if value == self.fields.get(key, ""):
            return
        self._inherited.discard(key)
        if value:
            self.fields[key] = value
        else:
            self.fields.pop(key, None)
        self._changed(urgent=not value)

    # -- forms -------------------------------------------------------------------------------------
    def open_form(self, key: str, same: Callable[[str, FormDraft], bool] | None = None) -> dict[str, str] | None:
        """A form opened: the values a gone window left in the same form, to pre-fill it (then
        they are this form's draft, gone when it is submitted or cancelled). ``same``: whether a
        draft kept under another key is this form's too (a key an earlier version made)."""
        if key not in self.restored_forms and same is not None:
            other = next((k for k in sorted(self.restored_forms) if k in self.forms and same(k, self.forms[k])), None)
            if other is not None:
                self.restored_forms.discard(other)
                self.restored_forms.add(key)
                self.forms[key] = self.forms.pop(other)
        if key in self.restored_forms and key in self.forms:
            self.restored_forms.discard(key)
            return dict(self.forms[key].values)
        return None

    def form_changed(self, key: str, title: str, about: str, values: dict[str, str], typed: bool) -> None:
        """The form's fields now; ``typed``: they differ from what the form opened with."""
        if self._closed:
            return
        if typed:
            draft = FormDraft(title, about, dict(values))
            if self.forms.get(key) == draft:
                return
            self.forms[key] = draft
            self._changed(urgent=False)
        elif self.forms.pop(key, None) is not None:
            self._changed(urgent=True)

    def form_closed(self, key: str) -> None:
        """Submitted or cancelled: its draft goes."""
        self.restored_forms.discard(key)
        if self.forms.pop(key, None) is not None and not self._closed:
            self._changed(urgent=True)

    # -- writing -----------------------------------------------------------------------------------
    def _changed(self, urgent: bool) -> None:
        """``urgent``: a field emptied or a form closed — written now, so text that was just
        submitted is not offered again after a crash."""
        self.schedule.changed()
        self._urgent = self._urgent or urgent
        if urgent:
            self._tick()
        else:
            self._arm()

    def _arm(self) -> None:
        at = self.schedule.next_due()
        if at is None or (self._armed_at is not None and self._armed_at <= at):
            return
        if self._timer is not None:
            self._timer.stop()
        self._armed_at = at
        self._timer = self.host.set_timer(max(0.001, at - self._clock() + 0.005), self._tick, name="drafts")

    def _tick(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = None
        self._armed_at = None
        if self._closed or self.schedule.in_flight:
            return  # (the write in flight re-arms when it is done)
        if self.schedule.due() or (self._urgent and self.schedule.pending):
            self._start_write()
        else:
            self._arm()

    def snapshot(self, *, closed: bool = False) -> Drafts:
        return Drafts(self.writer, str(self.store_root), self.env.now(), closed, dict(self.fields), dict(self.forms))

    def _start_write(self) -> None:
        snapshot = self.snapshot()
        claims, self._claims = self._claims, []
        self._urgent = False
        if self._app is None:
            self._app = self.host.app
        self.schedule.started()
        if snapshot.empty and not self._on_disk and not claims:
            self.schedule.succeeded()  # nothing on disk, nothing to put there
            return
        self.host.run_worker(lambda: self._write(snapshot, claims), thread=True, group="drafts",
                             exit_on_error=False, name="drafts-write")

    def _write(self, snapshot: Drafts, claims: list[Claimed]) -> None:
        error: OSError | None = None
        with self._io:
            if self._closed:
                return
            try:
                self._put(snapshot, claims)
            except OSError as e:
                error = e
        self._call(self._written, snapshot, claims, error)

    def _put(self, snapshot: Drafts, claims: list[Claimed]) -> None:
        """The file I/O (under ``_io``): this window's file written or removed, then the claims
        whose text it now holds deleted."""
        folder = self._resolve_folder()
        if snapshot.empty:
            folder.remove(self.session_id, self.token)
        else:
            folder.write(snapshot)
        DraftFolder.release(claims)

    def _written(self, snapshot: Drafts, claims: list[Claimed], error: OSError | None) -> None:
        if error is not None:
            self._claims = claims + self._claims  # not released: try again with the next write
            self.schedule.failed()
            if not self._failing:
                self._failing = True
                self.host.notify(t("drafts.save_failed", error=describe_write_error(error)),
                                 severity="warning", markup=False)
        else:
            self._on_disk = not snapshot.empty
            self._failing = False
            self.schedule.succeeded()
        if not self._closed:
            self._arm()

    # -- closing -----------------------------------------------------------------------------------
    def close(self) -> None:
        """The window ends normally (left, quit): what is still in its fields is written, marked
        closed, for the next opening to take; an empty draft is removed. Safe to call twice."""
        if self._closed:
            return
        if self._timer is not None:
            self._timer.stop()
        with self._io:
            self._closed = True
            snapshot = self.snapshot(closed=True)
            try:
                if snapshot.empty:
                    if self._on_disk:
                        self._resolve_folder().remove(self.session_id, self.token)
                else:
                    self._resolve_folder().write(snapshot)
                DraftFolder.release(self._claims)
                self._claims = []
            except OSError:
                pass  # nobody left to tell; an unwritten draft is the one thing lost here
        self.env.live_tokens.discard(self.token)


def keeper_below(screen: Widget) -> DraftKeeper | None:
    """The keeper of the screen ``screen`` (a dialog) was opened over, if it has one: the meeting
    screen and the board screen declare theirs as ``drafts``."""
    stack = screen.app.screen_stack
    try:
        index = stack.index(screen)  # type: ignore[arg-type]
    except ValueError:
        index = len(stack)
    if index < 1:
        return None
    keeper = getattr(stack[index - 1], "drafts", None)
    return keeper if isinstance(keeper, DraftKeeper) else None
