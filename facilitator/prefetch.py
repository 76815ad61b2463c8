"""The store's index read by a child process while the app starts (where ``os.fork`` exists).

The home screen is usable once its list shows, and reading the index of 10,000 sessions costs
~200 ms; a thread does not help, parsing holds the GIL. Forked before Textual is imported, a
child reads and refreshes the index on the other core while the app imports and draws its first
frame. Through a pipe it sends first the list's first lines (``Index.head()``: a few screens,
whatever the store's size) and, while a first build reads every file, how far it got; a head kept
in the index file is sent at once, and the rest is read once the app's first frame is out
(``go``: read at the same time, it slowed that frame); then it leaves the whole result in an
unnamed temporary file (``Index.state()`` in marshal form: plain
data, read three times faster than JSON). The app shows the head at once, then adopts the state
and refreshes as always, so a file changed in the meantime is read again. Whatever goes wrong on
the way (no fork, threads already running, the child failing or killed), ``messages()`` ends
and ``take()`` gives None, and the app reads the index itself.
"""

from __future__ import annotations

import marshal
import os
import select
import signal
import struct
import tempfile
import threading
from collections.abc import Iterator
from typing import IO, Any

from facilitator.gc_pause import gc_paused
from facilitator.store import Store


# How long the child waits, after sending a kept head, for the app's first frame (``go``).
GO_WAIT_SECONDS = 1.0


class IndexPrefetch:
    """A child process refreshing ``store``'s index; ``take()`` its result, once."""

    def __init__(self, pid: int, out: IO[bytes], pipe: int, go: int | None = None) -> None:
        self.pid = pid
        self._out: IO[bytes] | None = out
        self._pipe: int | None = pipe  # the child's messages, read end
        self._go: int | None = go  # closed when the app is ready for the rest (write end)
        self._reader: IO[bytes] | None = None  # the same, as a file once reading has begun
        self._status: int | None = None

    @classmethod
    def start(cls, store: Store) -> IndexPrefetch | None:
        """Fork the child; None where that is not safe or possible (no fork, other threads)."""
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return None  # forking a process with threads can leave the child stuck on their locks
        try:
            out = tempfile.TemporaryFile()  # unnamed (0600): the rows hold titles and names
        except OSError:
            return None
        pipes: list[int] = []
        try:
            read_end, write_end = os.pipe()
            pipes += [read_end, write_end]
            go_read, go_write = os.pipe()
            pipes += [go_read, go_write]
            pid = os.fork()
        except OSError:
            out.close()
            for fd in pipes:
                os.close(fd)
            return None
        if pid == 0:  # pragma: no cover - the child (its work is tested through take())
            os.close(read_end)
            os.close(go_write)
            _child(store, out, write_end, go_read)
        os.close(write_end)
        os.close(go_read)
        return cls(pid, out, read_end, go_write)

    def first_message(self) -> dict[str, Any] | None:
        """The child's first message (the head) if it has begun to come already; None without
        waiting for it. The app's UI thread asks before its first frame: the child had the
        whole import of Textual to send it (a stored head comes in ~50 ms)."""
        if self._reader is not None or self._pipe is None:
            return None
        try:
            ready, _, _ = select.select([self._pipe], [], [], 0)
        except (OSError, ValueError):
            return None
        return self._next() if ready else None

    def messages(self) -> Iterator[dict[str, Any]]:
        """The child's messages as they come (after ``first_message``), until it is done with
        them: ``{"head": …}`` (the list's first lines, ``Index.head()``) and, while a first build
        reads every file, ``{"progress": [read, to_read]}``. Blocks: call it from a worker thread.
        Asking for them tells the child to go on (``go``)."""
        self.go()
        while True:
            message = self._next()
            if message is None:
                self._close_pipe()
                return
            yield message

    def _next(self) -> dict[str, Any] | None:
        """The next message (waiting for it), None at the end or if the pipe is garbled."""
        if self._reader is None:
            if self._pipe is None:
                return None
            self._reader = open(self._pipe, "rb", closefd=False)
        try:
            size = self._reader.read(4)
            if len(size) < 4:
                return None
            message = marshal.loads(self._reader.read(struct.unpack("<I", size)[0]))
        except (OSError, EOFError, ValueError, TypeError):
            return None
        return message if isinstance(message, dict) else None

    def take(self) -> dict[str, Any] | None:
        """The child's ``Index.state()``, once it has finished; None if it failed. Blocks until
        then: call it from a worker thread."""
        self._close_pipe()
        out, self._out = self._out, None
        if out is None:
            return None
        with out:
            if self._wait() != 0:
                return None
            try:
                out.seek(0)
                data = out.read()
            except OSError:
                return None
        try:
            with gc_paused():  # ~30,000 new containers, none garbage
                state = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None
        return state if isinstance(state, dict) else None

    def go(self) -> None:
        """The app's first frame is out: the child reads the rest now. After sending a kept head
        it waits for this (at most ``GO_WAIT_SECONDS``): its reading of every row, at the same
        time as the app's start on the other core, made the first frame ~25 ms later at 10,000
        sessions."""
        go, self._go = self._go, None
        if go is not None:
            os.close(go)  # the child's end reads as closed

    def _close_pipe(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.close()
        pipe, self._pipe = self._pipe, None
        if pipe is not None:
            os.close(pipe)

    def close(self) -> None:
        """Stop the child if it is still at work (the app quit before using it)."""
        self.go()
        self._close_pipe()
        out, self._out = self._out, None
        if self._status is None:
            try:
                os.kill(self.pid, signal.SIGTERM)  # the child removes a half-written index file
            except OSError:
                pass
            self._wait()
        if out is not None:
            out.close()

    def _wait(self) -> int:
        """The child's exit status (waiting for it), 0 when it succeeded."""
        if self._status is None:
            try:
                _, status = os.waitpid(self.pid, 0)
                self._status = os.waitstatus_to_exitcode(status)
            except (ChildProcessError, OSError):
                self._status = -1
        return self._status


def _child(store: Store, out: IO[bytes], pipe: int, go: int) -> None:  # pragma: no cover - runs in the child
    """Refresh the index, send its head and progress through ``pipe``, write its state to
    ``out``, exit without the parent's exit handlers. After a kept head, wait for ``go`` (the
    app's first frame is out) before reading the rest. Nothing reaches the terminal: the app
    owns it."""
    code = 1
    try:
        # SIGTERM from close(): leave through the finally clauses (atomic_write removes its
        # temp file). Ctrl+C belongs to the app.
        signal.signal(signal.SIGTERM, _exit_on_signal)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        os.nice(10)  # the app's own start comes first; the child takes what time is left over
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        sent: list[bool] = []

        def send(message: dict[str, Any]) -> None:
            data = marshal.dumps(message)
            os.write(pipe, struct.pack("<I", len(data)))
            view = memoryview(data)
            while view:
                view = view[os.write(pipe, view):]

        def progress(read: int, to_read: int) -> None:
            if not sent:  # the newest files read so far: a list to use while the rest is read
                send({"head": index.head(), "progress": [read, to_read]})
                sent.append(True)
            elif read < to_read:
                send({"progress": [read, to_read]})

        # The list's first lines as kept, if the folder still lists the same files: read before
        # the index (and SQLite) is even imported, so that they are in the app's first frame.
        from facilitator.index.kept_head import read_head
        from facilitator.index.place import kept_index_path

        head = read_head(kept_index_path(store.root), store.root)
        if head is not None:
            send({"head": head})
            sent.append(True)
            select.select([go], [], [], GO_WAIT_SECONDS)  # (a first build reads at once: its head is in what it reads)
        os.close(go)
        from facilitator.index import Index

        index = Index(store)
        index.refresh(progress=progress)
        if not sent:
            send({"head": index.head()})
        os.close(pipe)
        out.write(marshal.dumps(_shared_strings(index.state(), {})))
        out.flush()
        code = 0
    except BaseException:
        pass
    finally:
        os._exit(code)


def _shared_strings(value: Any, seen: dict[str, str]) -> Any:
    """``value`` with equal short strings made one object (keys, body names, places, times):
    marshal writes an object met again as a reference, and the app reads ~30,000 fewer strings
    (the rows in half the time)."""
    if isinstance(value, dict):
        return {_shared_strings(k, seen): _shared_strings(v, seen) for k, v in value.items()}
    if isinstance(value, list):
        return [_shared_strings(v, seen) for v in value]
    if isinstance(value, str) and len(value) < 200:
        return seen.setdefault(value, value)
    return value


def _exit_on_signal(signum: int, frame: Any) -> None:  # pragma: no cover - runs in the child
    raise SystemExit(1)
