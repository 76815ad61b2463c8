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
from facilitator.meeting import Meeting
from facilitator.model import session_to_json
from facilitator.store import Store

SaveState = Literal["saved", "pending", "saving", "error", "read-only"]


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
        self.schedule = SaveSchedule(time.monotonic)
        self._seen = meeting.version
        self._worker: Worker[None] | None = None
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
        if self.state != "error":
            self._report("saving")
        self._worker = self.host.run_worker(
            lambda: self._write(data), thread=True, group="autosave", exit_on_error=False,
            name="autosave",
        )

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
            self.schedule.failed()
            error = event.worker.error
            self.last_error = str(error) if error else "中断されました"
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
            self.store.write_session(self.meeting.session.id, data)
        except (OSError, ValueError) as e:
            self.last_error = str(e)
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
