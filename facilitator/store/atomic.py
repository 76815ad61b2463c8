"""Atomic file writing: a file is replaced whole or left as it was (:func:`atomic_write`), through
OS calls tests can make fail (:class:`FileOps`); the temp files it writes, and removing those a
killed write left behind."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Callable

from facilitator.i18n import t

FILE_MODE = 0o600
# A write's temp file untouched this long belongs to a write that was killed (no write of ours
# takes ten minutes, and one in progress keeps touching its file): it may be removed by anyone.
STALE_TEMP_SECONDS = 600.0
_TEMP_NAME = re.compile(r"^\..+\.[0-9a-f]{8}\.tmp$")  # temp_name(): .<name>.<8 hex digits>.tmp


class FileOps:
    """The OS calls :func:`atomic_write` makes, one method each, so tests can inject failures.

    On Windows ``os.replace`` fails with PermissionError while another process has the target
    open: :meth:`replace` is retried ``replace_attempts`` times, ``replace_delay`` s apart.
    """

    replace_attempts = 10
    replace_delay = 0.1

    def open(self, path: str) -> int:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
        flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0) | getattr(os, "O_CLOEXEC", 0)
        return os.open(path, flags, FILE_MODE)

    def write(self, fd: int, data: memoryview) -> int:
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:
        os.fsync(fd)

    def chmod(self, fd: int, path: str, mode: int) -> None:
        if os.chmod in os.supports_fd:
            os.chmod(fd, mode)
        else:  # Windows: by path (only the read-only flag means anything there)
            os.chmod(path, mode)

    def close(self, fd: int) -> None:
        os.close(fd)

    def replace(self, src: str, dst: str) -> None:
        os.replace(src, dst)

    def remove(self, path: str) -> None:
        os.remove(path)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


_DEFAULT_OPS = FileOps()


def temp_name(target: Path) -> str:
    """``.<name>.<random>.tmp``: hidden, and never ending in .json (scans must not see it)."""
    import secrets  # with the first write, not at start (it loads OpenSSL for hashlib: ~6 ms)

    return f".{target.name}.{secrets.token_hex(4)}.tmp"


def atomic_write(path: Path, data: bytes, mode: int = FILE_MODE, fs: FileOps | None = None,
                 durable: bool = True, sweep: bool = False,
                 before_replace: Callable[[], None] | None = None) -> None:
    """Replace ``path`` with ``data`` whole, or leave the old file as it was.

    Temp file in the same folder, write (raw fd: nothing buffered to flush), fsync, explicit mode,
    close, ``os.replace`` (retried on PermissionError). On any failure the temp file is removed and
    the error re-raised. The parent folder must exist. ``durable=False`` leaves out the fsync, for
    files derived from others (the index): still never seen half-written, but after a power cut
    it may be the old one or unreadable, and is then made again. ``sweep=True``: after the write,
    the temp files earlier writes of ``path`` were killed in the middle of (untouched for
    :data:`STALE_TEMP_SECONDS`) are removed — for files many processes may write without a lock
    (exports, the index, backups), whose leftovers hold names.
    ``before_replace`` runs after the temp file is closed, just before the replace; if it raises,
    nothing is replaced.
    """
    ops = fs or _DEFAULT_OPS
    path = Path(path)
    folder = path.parent
    for _ in range(5):
        tmp = str(folder / temp_name(path))
        try:
            fd = ops.open(tmp)
            break
        except FileExistsError:  # pragma: no cover - 32 random bits collided
            continue
    else:  # pragma: no cover
        raise FileExistsError(t("store.no_temp_file", folder=folder))
    closed = False
    try:
        view = memoryview(data)
        while view:
            n = ops.write(fd, view)
            if not n:
                raise OSError(t("store.write_failed", path=tmp))
            view = view[n:]
        if durable:
            ops.fsync(fd)
        ops.chmod(fd, tmp, mode)
        closed = True
        ops.close(fd)
        if before_replace is not None:
            before_replace()
        _replace_with_retry(ops, tmp, str(path))
        if sweep:
            remove_stale_temp_files(folder, path.name)
    except BaseException:
        if not closed:
            try:
                ops.close(fd)
            except OSError:
                pass
        try:
            ops.remove(tmp)
        except OSError:
            pass
        raise


def _replace_with_retry(ops: FileOps, src: str, dst: str) -> None:
    attempts = max(1, ops.replace_attempts)
    for attempt in range(attempts):
        try:
            ops.replace(src, dst)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            ops.sleep(ops.replace_delay)


def remove_temp_files(target: Path) -> int:
    """Delete the temp files (``.<name>.<random>.tmp``) that writes of ``target`` killed mid-write
    left behind. Call only while nobody else is writing ``target`` (nobody else has it open: facilitator/presence.py). Returns
    how many went; never raises."""
    folder = target.parent
    prefix = f".{target.name}."
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        if name.startswith(prefix) and name.endswith(".tmp"):
            try:
                os.remove(folder / name)
                removed += 1
            except OSError:
                pass
    return removed


def remove_stale_temp_files(folder: Path, target_name: str | None = None,
                            older_than: float = STALE_TEMP_SECONDS, now: float | None = None) -> int:
    """Delete the temp files (``.<name>.<8 hex>.tmp``) in ``folder`` — of ``target_name`` only, or
    of any file — untouched for ``older_than`` seconds: what writes killed mid-write left behind.
    Safe while others write (their temp files are fresh). Returns how many went; never raises."""
    now = time.time() if now is None else now
    prefix = f".{target_name}." if target_name is not None else "."
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and _TEMP_NAME.match(name)):
            continue
        if target_name is not None and len(name) != len(prefix) + len("01234567.tmp"):
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or now - entry.stat(follow_symlinks=False).st_mtime < older_than:
                continue
            os.remove(entry.path)
            removed += 1
        except OSError:
            pass
    return removed
