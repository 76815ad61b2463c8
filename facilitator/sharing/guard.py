"""The moment of a save's replace, among several writers: the short write guard kyogitai's own
savers take, and the check, just before the replace, that the file is still what the save read
(facilitator/sharing/session_file.py)."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path
from typing import Callable

from facilitator.store.reading import read_bytes

GUARD_WAIT = 2.0  # seconds a save waits for another kyogitai's write of the same file
GUARD_STALE = 10.0  # seconds: a write guard this old was left by a killed save


class DiskMoved(Exception):
    """The file changed between the read before a save and the replace: nothing was written."""


class WriteGuard:
    """A short mutex among kyogitai writers around check, replace and verify: the file
    ``.<id>.json.saving`` beside the session (it holds the writer's host and pid), made with
    O_EXCL (atomic on a local disk and on an SMB server), removed at once. Without it, a save
    that checked the file just before another's replace could replace that one unseen.

    One left by a killed save is broken: at once when its writer ran on this host and is dead,
    else once it is :data:`GUARD_STALE` seconds old. A live one is waited for up to
    :data:`GUARD_WAIT` seconds, then broken too (a writer stuck that long on a slow share; the
    check before the replace and the read-back after it still hold). Outside tools don't take
    it: for them those two checks remain."""

    def __init__(self, target: Path, host: str = "", pid_alive: Callable[[int], bool] | None = None) -> None:
        self.path = target.with_name(f".{target.name}.saving")
        self.host = host
        self.pid_alive = pid_alive
        self.held = False

    def __enter__(self) -> WriteGuard:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        deadline = time.monotonic() + GUARD_WAIT
        for _ in range(10_000):
            try:
                fd = os.open(self.path, flags, 0o600)
            except FileExistsError:
                if self._abandoned() or time.monotonic() > deadline:
                    self._break()
                else:
                    time.sleep(random.uniform(0.002, 0.01))
                continue
            except OSError:
                return self  # no folder (the share is gone) or no right to create: the store says why
            try:
                os.write(fd, f"{self.host}\n{os.getpid()}\n".encode("utf-8", "replace"))
            except OSError:
                pass
            finally:
                os.close(fd)
            self.held = True
            return self
        return self  # pragma: no cover - never wait for ever

    def _abandoned(self) -> bool:
        try:
            age = time.time() - os.stat(self.path).st_mtime
            with open(self.path, "rb") as f:
                host, _, pid = f.read(200).decode("utf-8", "replace").partition("\n")
        except FileNotFoundError:
            return False  # gone meanwhile: try again
        except OSError:
            return False
        if age > GUARD_STALE:
            return True
        pid = pid.strip()
        if self.host and host == self.host and pid.isdigit() and self.pid_alive is not None:
            return int(pid) != os.getpid() and not self.pid_alive(int(pid))
        return False

    def _break(self) -> None:
        try:
            os.remove(self.path)
        except OSError:
            pass

    def __exit__(self, *exc: object) -> None:
        if self.held:
            self._break()


def unchanged(path: Path, expected: bytes | None) -> None:
    """Just before the replace: the file still holds what the save read (None: there was none)."""
    try:
        now: bytes | None = read_bytes(path)
    except FileNotFoundError:
        now = None
    if now != expected:
        raise DiskMoved()
