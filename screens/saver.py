"""Autosave for an open meeting: the rule from facilitator.autosave, the writing in a thread.

The document is serialised on the UI thread (a consistent snapshot, a few ms even for 1,000
ideas) and written off it by a thread worker. A failed write keeps the edits in memory, says
「保存できません」 until a later save succeeds, and is retried every second.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from facilitator.autosave import SaveSchedule
from facilitator.failures import describe_write_error
from facilitator.i18n import Labels, t
from facilitator.meeting import Meeting
from facilitator.session_json import session_to_json
from facilitator.store import Store

SAVING_SHOWN_AFTER = 0.5  # seconds a save runs before the header says 「保存中…」
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


class Autosaver:
    def __init__(self, host: Widget, meeting: Meeting, store: Store, *, interval: float = 0.2,
                 read_only: bool = False) -> None:
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
        self._worker: Worker[None] | None = None
        self._armed: float | None = None
        self._writing_version = -1
        self.saved_version = meeting.version
        self.state: SaveState = "read-only" if read_only else "saved"
        self.last_error: str = ""

    def start(self) -> None:
        self.host.set_interval(self.interval, self.tick, name="autosave")
        self._report(self.state)

    # -- the loop ----------------------------------------------------------------------------
    def tick(self) -> None:
        if self.read_only:
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
        return session_to_json(self.meeting.session).encode("utf-8")

    def _start_write(self) -> None:
        data = self._snapshot()
        self._writing_version = self._seen = self.meeting.version
        self.schedule.started()
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

    def _show_saving(self, worker: Worker[None]) -> None:
        if worker is self._worker and self.state == "saving":
            self._report("saving")

    def _write(self, data: bytes) -> None:
        self.store.write_session(self.meeting.session.id, data)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> bool:
        """Call from the host's handler; True if the event was ours."""
        if event.worker is not self._worker:
            return False
        if event.state == WorkerState.SUCCESS:
            self.schedule.succeeded()
            self.saved_version = self._writing_version
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
