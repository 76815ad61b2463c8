"""The store's index read by a child process while the app starts (where ``os.fork`` exists).

The home screen is usable once its list is filled from an up-to-date index, and reading the
index of 1,000 sessions costs the app ~60 ms right after its first frame; a thread does not
help, parsing holds the GIL. Forked before Textual is imported, a child reads and refreshes the
index on the other core while the app imports and draws its first frame, and leaves the result
in an unnamed temporary file (``Index.state()`` in marshal form: plain data, read three times
faster than the JSON). The app adopts it and refreshes as always, so a file changed in the
meantime is read again. Whatever goes wrong on the way (no fork, threads already running, the
child failing or killed), ``take()`` gives None and the app reads the index itself.
"""

from __future__ import annotations

import gc
import marshal
import os
import signal
import tempfile
import threading
from typing import IO, Any

from facilitator.store import Store


class IndexPrefetch:
    """A child process refreshing ``store``'s index; ``take()`` its result, once."""

    def __init__(self, pid: int, out: IO[bytes]) -> None:
        self.pid = pid
        self._out: IO[bytes] | None = out
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
        try:
            pid = os.fork()
        except OSError:
            out.close()
            return None
        if pid == 0:  # pragma: no cover - the child (its work is tested through take())
            _child(store, out)
        return cls(pid, out)

    def take(self) -> dict[str, Any] | None:
        """The child's ``Index.state()``, once it has finished; None if it failed. Blocks until
        then: call it from a worker thread."""
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
        enabled = gc.isenabled()
        gc.disable()  # ~30,000 new containers, none garbage: no collection while they are made
        try:
            state = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None
        finally:
            if enabled:
                gc.enable()
        return state if isinstance(state, dict) else None

    def close(self) -> None:
        """Stop the child if it is still at work (the app quit before using it)."""
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


def _child(store: Store, out: IO[bytes]) -> None:  # pragma: no cover - runs in the child
    """Refresh the index, write its state to ``out``, exit without the parent's exit handlers.
    Nothing reaches the terminal: the app owns it."""
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
        from facilitator.index import Index

        index = Index(store)
        index.refresh()
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
