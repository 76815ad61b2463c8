"""Autosave for an open meeting: the rule from facilitator.autosave, the writing in a thread.

The document is serialised on the UI thread (a consistent snapshot, a few ms even for 1,000
ideas) and written off it by a thread worker. A failed write keeps the edits in memory, says
「保存できません」 until a later save succeeds, and is retried every second.

Every write goes through facilitator.sharing's ``SessionFile``: what another writer saved since
this window last read or wrote the file is merged in, and the meeting adopts the merge. The file
is looked at every ``poll`` seconds (a stat in a thread worker, the content hash when it
changed): another writer's save is merged into the open meeting at once (``Meeting.adopt``, not
a local edit: a window with no edits of its own never writes) and the host is told with
``SessionAdopted``. A recovery copy of unsaved edits is kept outside the store (per user) and a
gone window's copy is merged back in when the session is opened.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from facilitator.autosave import SaveSchedule
from facilitator.failures import describe_write_error
from facilitator.i18n import Labels, t
from facilitator.meeting import Meeting
from facilitator.merge import merge
from facilitator.model import Session
from facilitator.session_json import session_to_json
from facilitator.sharing import Changed, Saved, SessionFile
from facilitator.store import Store

SAVING_SHOWN_AFTER = 0.5  # seconds a save runs before the header says 「保存中…」
POLL_SECONDS = 0.5  # how often the file is looked at for another writer's save
SaveState = Literal["saved", "pending", "saving", "error", "read-only"]
# How each state reads in a header (the meeting screen's and the board screen's).
SAVE_LABELS = Labels({
    "saved": "meeting.saved",
    "pending": "meeting.pending",
    "saving": "meeting.saving",
    "error": "meeting.save_error",
    "read-only": "meeting.read_only",
})


@dataclass
class SaveStatus(Message):
    """Posted to the host whenever the save state changes."""

    state: SaveState
    detail: str = ""


@dataclass
class SessionAdopted(Message):
    """Another writer's changes (or a gone window's recovered edits) are in the meeting now:
    the host re-renders what shows the session, leaving the field being typed in alone."""

    recovered: bool = False


class Autosaver:
    def __init__(self, host: Widget, meeting: Meeting, store: Store, *, interval: float = 0.2,
                 read_only: bool = False, poll: float = POLL_SECONDS,
                 data_dir: Path | None = None, recovery: bool = True, opened: bytes | None = None) -> None:
        """``poll``: seconds between looks at the file; ``data_dir``: the per-user folder the
        recovery copies go in (None: facilitator.userdata's); ``recovery`` False: none kept.
        ``opened``: the session serialised as it was read, before the Meeting changed it (the
        clock claimed at opening): the first base. Without it, the meeting's session as it is —
        then the file, lacking those changes, reads as another writer's at the first look, and
        taking it in undoes them."""
        self.host = host
        self.meeting = meeting
        self.store = store
        self.interval = interval
        self.read_only = read_only
        # 0.15 s after the last change, never more than 0.4 s after the first unsaved one: what was
        # typed is on disk well within a second, with room for a slow key path and a slow disk
        # (a small session saves in a few ms, a 1,000-idea one in ~10: cheap to do often).
        self.schedule = SaveSchedule(time.monotonic, quiet=0.15, max_wait=0.4, retry=1.0)
        self._seen = meeting.version
        self._worker: Worker[Saved] | None = None
        self._armed: float | None = None
        self._writing_version = -1
        self.saved_version = meeting.version
        self.state: SaveState = "read-only" if read_only else "saved"
        self.last_error: str = ""
        self.poll_interval = poll
        self.file = SessionFile(store, meeting.session.id, now=meeting.now)
        self._data_dir = data_dir
        self._recovery = recovery
        self._opened: Session | None = None  # the session as the window opened it, parsed
        self._opened_bytes = opened or b""
        self._open_worker: Worker[Session | None] | None = None
        self._poll_worker: Worker[Changed | None] | None = None
        self._save_unhandled = False  # a save started whose result is not taken in yet
        self.polls = 0  # looks at the file finished (tests wait for a few)

    def start(self) -> None:
        """Begin: the timers, and the file opened (its base read) in a thread worker."""
        self.host.set_interval(self.interval, self.tick, name="autosave")
        self.host.set_interval(self.poll_interval, self.poll, name="autosave-poll")
        opened = self._opened_bytes = self._opened_bytes or self._snapshot_bytes()
        self._open_worker = self.host.run_worker(
            lambda: self._open(opened), thread=True, group="autosave-open", exit_on_error=False, name="autosave-open",
        )
        self._report(self.state)

    # -- the loop ----------------------------------------------------------------------------
    def tick(self) -> None:
        if self.read_only or self._busy():
            return
        if self.meeting.version != self._seen:
            self._seen = self.meeting.version
            self.schedule.changed()
            if self.state == "saved":
                self._report("pending")
        if self.schedule.due(timer_running=self.meeting.running):
            self._start_write()
        else:
            self._arm()

    def _arm(self) -> None:
        """A save falls due before the next tick: a one-shot timer for that very moment."""
        at = self.schedule.next_due(timer_running=self.meeting.running)
        if at is None or at == self._armed:
            return
        delay = at - time.monotonic()
        if delay < self.interval:
            self._armed = at
            self.host.set_timer(max(0.001, delay + 0.005), self.tick, name="autosave-due")

    @property
    def dirty(self) -> bool:
        return self.meeting.version != self.saved_version or self.schedule.pending

    def _snapshot(self) -> bytes:
        self.meeting.commit_time()
        return self._snapshot_bytes()

    def _snapshot_bytes(self) -> bytes:
        return session_to_json(self.meeting.session).encode("utf-8")

    def _busy(self) -> bool:
        """Opening, or a look at the file whose result is not taken in yet: saves wait."""
        return self._open_worker is not None or self._poll_worker is not None

    # -- the file: opening, looking, adopting -------------------------------------------------------
    def _open(self, opened: bytes) -> Session | None:
        # A read-only window never writes: it leaves a gone window's copy for one that can.
        if self._recovery and not self.read_only:
            from facilitator.sharing import RecoveryFolder
            from facilitator.userdata import user_data_dir

            self.file.recovery = RecoveryFolder(self._data_dir or user_data_dir(), self.store.root)
        recovered = self.file.open(opened)
        if recovered is not None:  # the base of the edits made since the opening
            from facilitator.session_load import session_from_json

            self._opened = session_from_json(opened)
        return recovered

    def _opened_file(self, worker: Worker[Session | None]) -> None:
        """The opening finished: a gone window's recovered edits are taken in, to be saved."""
        self._open_worker = None
        recovered = worker.result if worker.state == WorkerState.SUCCESS else None
        if self.file.base is None:  # the opening failed: the file as the window opened it
            from facilitator.sharing import Version

            self.file.base = Version(self._opened_bytes)
        if recovered is not None and self._opened is not None and not self.read_only:
            self._take_in(self._opened, recovered, recovered=True)
            self.meeting.mark_changed()  # edits of a gone window: saved like ours

    def poll(self) -> None:
        """Look at the file (in a thread worker) unless a save, the opening or a look is under way."""
        if self._busy() or self._save_unhandled:
            return  # (a save's merge must be taken in before a look compares with the new base)
        self._poll_worker = self.host.run_worker(
            self.file.poll, thread=True, group="autosave-poll", exit_on_error=False, name="autosave-poll",
        )

    def _take_in(self, since: Session, incoming: Session, *, recovered: bool = False) -> None:
        """``incoming`` holds everything of ``since`` and others' changes; the meeting may have
        edits made after ``since``: merged, and adopted (not a local edit)."""
        self.meeting.commit_time()
        merged = merge(since, self.meeting.session, incoming).session
        self.meeting.adopt(merged)
        self.host.post_message(SessionAdopted(recovered=recovered))

    def _start_write(self) -> None:
        data = self._snapshot()
        self._writing_version = self._seen = self.meeting.version
        self.schedule.started()
        self._save_unhandled = True
        self._worker = worker = self.host.run_worker(
            lambda: self._write(data), thread=True, group="autosave", exit_on_error=False,
            name="autosave",
        )
        if self.state != "error":
            # Most saves take a few ms: 「保存中…」 is shown only for one still running after a
            # moment. Repainting the header for each would only compete with the write (the
            # worker waits for the UI thread's GIL) and flicker on the wall.
            self.state = "saving"
            self.host.set_timer(SAVING_SHOWN_AFTER, lambda: self._show_saving(worker), name="autosave-saving")

    def _show_saving(self, worker: Worker[Saved]) -> None:
        if worker is self._worker and self.state == "saving":
            self._report("saving")

    def _write(self, data: bytes) -> Saved:
        return self.file.save(data)

    def release(self) -> None:
        """At quit. Safe to call twice. The recovery copy goes unless edits are still unsaved (a
        failed last save): then it stays for the next opening."""
        self.file.close(unsaved=self.dirty and self.state != "read-only")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> bool:
        """Call from the host's handler; True if the event was ours."""
        if event.worker is self._open_worker and self._open_worker is not None:
            if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
                self._opened_file(event.worker)
                self.tick()
            return True
        if event.worker is self._poll_worker and self._poll_worker is not None:
            if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
                self._poll_worker = None
                self.polls += 1
                changed = event.worker.result if event.state == WorkerState.SUCCESS else None
                if isinstance(changed, Changed):
                    self._take_in(changed.base.session, changed.disk.session)
                    self.file.adopted(changed.disk)
                    if changed.dropped and not self.read_only:
                        # A script wrote over a version it never saw: what it dropped is still
                        # here (absence is not deletion) and goes back into the file now.
                        self.meeting.mark_changed()
                if not self.read_only:
                    self.tick()  # a save that fell due during the look
            return True
        if event.worker is not self._worker:
            return False
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            self._save_unhandled = False
        if event.state == WorkerState.SUCCESS:
            self.schedule.succeeded()
            self.saved_version = self._writing_version
            saved = event.worker.result
            if isinstance(saved, Saved) and saved.merged is not None and saved.snapshot is not None:
                self._take_in(saved.snapshot, saved.merged)
            self.last_error = ""
            self._report("pending" if self.meeting.version != self.saved_version else "saved")
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            error = event.worker.error
            self.schedule.failed()
            self.last_error = describe_write_error(error) if error else t("recap.interrupted")
            self._report("error", self.last_error)
        return True

    # -- at quit -----------------------------------------------------------------------------
    async def flush(self) -> str | None:
        """Wait for a write in flight, then save what is left on this thread. The error, or None."""
        if self.read_only:
            return None
        if self._open_worker is not None:  # quitting at once: the base first (and what it recovered)
            worker = self._open_worker
            try:
                await worker.wait()
            except Exception:  # noqa: BLE001 - then the file as the window opened it is the base
                pass
            if self._open_worker is worker:
                self._opened_file(worker)
        if self._worker is not None and self._worker.state in (WorkerState.PENDING, WorkerState.RUNNING):
            try:
                await self._worker.wait()
            except Exception:  # noqa: BLE001 - reported through the state below
                pass
        if self.meeting.version == self.saved_version and not self.schedule.pending and not self.meeting.running:
            return None
        try:
            data = self._snapshot()
            version = self.meeting.version
            self._write(data)
        except (OSError, ValueError) as e:
            self.last_error = describe_write_error(e)
            self._report("error", self.last_error)
            return self.last_error
        self.saved_version = version
        self.schedule.started()
        self.schedule.succeeded()
        self._report("saved")
        return None

    def _report(self, state: SaveState, detail: str = "") -> None:
        self.state = state
        self.host.post_message(SaveStatus(state, detail))
