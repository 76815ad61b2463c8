"""The moment of a save's replace, among several writers: the short write guard kyogitai's own
savers take, and the check, just before the replace, that the file is still what the save read
(facilitator/sharing/session_file.py)."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

from facilitator.sharing.version import content_hash
from facilitator.store.reading import read_bytes

GUARD_WAIT = 2.0  # seconds a save waits for another kyogitai's write of the same file
GUARD_STALE = 10.0  # seconds: a write guard this old was left by a killed save


class DiskMoved(Exception):
    """The file changed between the read before a save and the replace: nothing was written."""


class WriteGuard:
    """A short mutex among kyogitai writers around check, replace and verify: the file
    ``.<id>.json.saving`` beside the session, made with O_EXCL (atomic on a local disk and on an
    SMB server), removed at once. Waited for up to :data:`GUARD_WAIT` seconds; one older than
    :data:`GUARD_STALE` was left by a killed save and is broken. Without it, a save that checked
    the file just before another's replace could replace that one unseen. Outside tools don't
    take it: for them the check before the replace and the verify after it remain."""

    def __init__(self, target: Path) -> None:
        self.path = target.with_name(f".{target.name}.saving")
        self.held = False

    def __enter__(self) -> WriteGuard:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        deadline = time.monotonic() + GUARD_WAIT
        while True:
            try:
                os.close(os.open(self.path, flags, 0o600))
                self.held = True
                return self
            except FileExistsError:
                try:
                    age = time.time() - os.stat(self.path).st_mtime
                except FileNotFoundError:
                    continue
                except OSError:
                    age = 0.0
                if age > GUARD_STALE:
                    try:
                        os.remove(self.path)
                    except OSError:
                        pass
                    continue
                if time.monotonic() > deadline:
                    return self  # a guard that won't go: write anyway; the verify still runs
                time.sleep(random.uniform(0.002, 0.01))
            except OSError:
                return self  # no folder (the share is gone) or no right to create: the store says why

    def __exit__(self, *exc: object) -> None:
        if self.held:
            try:
                os.remove(self.path)
            except OSError:
                pass


def unchanged(path: Path, expected: str | None) -> None:
    """Just before the replace: the file is still what the save read (None: there was none)."""
    try:
        now = content_hash(read_bytes(path))
    except FileNotFoundError:
        now = None
    if now != expected:
        raise DiskMoved()
