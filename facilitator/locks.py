"""One writer per session (docs/reliability.md "Two windows, two machines"): lock files that hold on shared folders.

Opening a session for editing creates ``<store>/.kyogitai/locks/<id>.lock`` exclusively
(``O_CREAT|O_EXCL``: of two windows racing, exactly one creates it). The file holds who has the
session — host, user, pid, since, heartbeat — and a random token naming this one opening. The
holder rewrites it atomically (temp file + ``os.replace``) with a fresh heartbeat every ~10 s,
and checks before every save that the file still carries its token.

A lock is **stale** when its heartbeat is older than two minutes, or when it was written on this
host by a process that no longer runs. A stale lock from this host whose process is dead is
reclaimed without asking (the SC's own crash must never lock them out of their meeting); any
other stale lock is only taken over when someone asks for it (:meth:`Locks.take_over`). A
holder that finds someone else's token in its file has been taken over: it stops writing.

No fcntl/msvcrt byte-range locking: it does not hold on SMB/NFS. Only plain file creation,
rename and replace, which do. Host, user, pid, clock and the OS calls are injectable.
"""

from __future__ import annotations

import errno
import getpass
import json
import os
import platform
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from facilitator.i18n import t
from facilitator.ids import is_valid_session_id
from facilitator.privacy import file_mode, folder_mode
from facilitator.store import FileOps, atomic_write
from facilitator.store.reach import make_folder

LOCKS_DIR_NAME = "locks"
LOCK_SUFFIX = ".lock"
HEARTBEAT_SECONDS = 10.0
STALE_AFTER_SECONDS = 120.0
# A lock names a host and a user: the store's file mode like every file the app writes there
# (0600, or 0660 in a shared store, whose other SCs are in its group), set with chmod whatever the
# umask (privacy.py). Its folders get the store's folder mode (0700, or 2770 when shared).

# Why a lock is stale (see stale_reason).
DEAD = "dead"  # written on this host by a process that has ended
SILENT = "silent"  # no heartbeat for two minutes
UNREADABLE = "unreadable"  # a lock file that doesn't parse, untouched for two minutes


class LockLost(Exception):
    """Someone else holds the lock this window needs to write (taken over, or never ours)."""

    def __init__(self, holder: "LockInfo | None") -> None:
        super().__init__(describe_holder(holder) if holder else t("locks.no_lock"))
        self.holder = holder


class LockBusy(Exception):
    """A take-over refused: the lock changed since it was judged stale, or it is alive."""

    def __init__(self, holder: "LockInfo | None", reason: str) -> None:
        super().__init__(reason)
        self.holder = holder


# ---------------------------------------------------------------------------------------
# Who we are


def default_host() -> str:
    return socket.gethostname() or platform.node() or "?"


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment (Windows services…)
        return os.environ.get("USERNAME") or os.environ.get("USER") or "?"


def pid_alive(pid: int) -> bool:
    """Is a process with this pid running on this machine? True when we can't tell."""
    if pid <= 0:
        return False
    if os.name == "nt":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it runs, as someone else
        return True
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    """A killed process its parent has not reaped yet answers kill(0) but will never write."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return False
    close = stat.rfind(b")")
    return close > 0 and stat[close + 2:close + 3] == b"Z"


def _windows_pid_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    # Never os.kill on Windows: any signal other than CTRL_C/CTRL_BREAK terminates the process.
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    process_query_limited_information = 0x1000
    still_active = 259
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() == 5  # ERROR_ACCESS_DENIED: it exists
    try:
        code = wintypes.DWORD()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def _now() -> datetime:
    return datetime.now().astimezone()


@dataclass
class LockEnv:
    """Everything the lock rules ask of the outside world; tests pass their own."""

    host: str = field(default_factory=default_host)
    user: str = field(default_factory=default_user)
    pid: int = field(default_factory=os.getpid)
    now: Callable[[], datetime] = _now
    pid_alive: Callable[[int], bool] = pid_alive
    fs: FileOps | None = None
    stale_after: float = STALE_AFTER_SECONDS

    def same_host(self, host: str) -> bool:
        return host.casefold() == self.host.casefold()


# ---------------------------------------------------------------------------------------
# The lock file


def _iso(dt: datetime) -> str:
    if dt.tzinfo is None:
        dt = dt.astimezone()
    return dt.isoformat(timespec="seconds")


def _parse_time(value: str) -> datetime | None:
    try:
        dt = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class LockInfo:
    host: str
    user: str
    pid: int
    since: str  # ISO 8601 with UTC offset
    heartbeat: str  # ISO 8601 with UTC offset
    token: str = ""
    session: str = ""
    readable: bool = True  # False: a file that didn't parse (being written, or damaged)

    def to_json(self) -> bytes:
        doc = {
            "app": "kyogitai", "session": self.session, "host": self.host, "user": self.user,
            "pid": self.pid, "since": self.since, "heartbeat": self.heartbeat, "token": self.token,
        }
        return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> LockInfo:
        """Raises ValueError for anything that isn't a complete lock document."""
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        host, user, pid = data.get("host"), data.get("user"), data.get("pid")
        since, heartbeat, token = data.get("since"), data.get("heartbeat"), data.get("token", "")
        if not (isinstance(host, str) and isinstance(user, str) and isinstance(pid, int)
                and isinstance(since, str) and isinstance(heartbeat, str) and isinstance(token, str)):
            raise ValueError("missing fields")
        if _parse_time(heartbeat) is None or _parse_time(since) is None:
            raise ValueError("bad time")
        session = data.get("session")
        return cls(host, user, pid, since, heartbeat, token, session if isinstance(session, str) else "")

    @property
    def since_time(self) -> datetime | None:
        return _parse_time(self.since)

    @property
    def heartbeat_time(self) -> datetime | None:
        return _parse_time(self.heartbeat)

    def same_holder(self, other: LockInfo | None) -> bool:
        """The same opening in the same state (token and heartbeat): nothing changed since."""
        return other is not None and (self.token, self.heartbeat, self.readable) == (
            other.token, other.heartbeat, other.readable)


def stale_reason(info: LockInfo, env: LockEnv) -> str | None:
    """Why this lock may be taken over (DEAD, SILENT, UNREADABLE), or None while it is alive."""
    if info.readable and env.same_host(info.host) and info.pid != env.pid and not env.pid_alive(info.pid):
        return DEAD
    beat = info.heartbeat_time
    if beat is None:
        return UNREADABLE
    if (env.now() - beat).total_seconds() > env.stale_after:
        return SILENT if info.readable else UNREADABLE
    return None


def _clock(dt: datetime | None) -> str:
    if dt is None:
        return "?"
    from facilitator.dates import format_month

    local = dt.astimezone()
    return t("locks.clock", month=format_month(local.month), day=local.day, time=f"{local:%H:%M}")


def describe_holder(info: LockInfo | None) -> str:
    """「佐藤（PC-01）が 8月19日 14:03 から」: who has the session, for one line of UI text."""
    if info is None:
        return t("locks.unknown_holder")
    if not info.readable:
        return t("locks.unreadable_holder", time=_clock(info.heartbeat_time))
    return t("locks.holder", user=info.user, host=info.host, since=_clock(info.since_time))


def describe_heartbeat(info: LockInfo) -> str:
    return _clock(info.heartbeat_time)


# ---------------------------------------------------------------------------------------
# Locks of a store


class Locks:
    """The locks folder of one store: ``<store>/.kyogitai/locks/``."""

    def __init__(self, aux_dir: Path | str, env: LockEnv | None = None) -> None:
        self.aux_dir = Path(aux_dir)
        self.dir = self.aux_dir / LOCKS_DIR_NAME
        self._mode: int | None = None
        self.env = env or LockEnv()

    def path(self, session_id: str) -> Path:
        if not is_valid_session_id(session_id):
            raise ValueError(t("store.bad_id", id=repr(session_id)))
        return self.dir / f"{session_id}{LOCK_SUFFIX}"

    # -- reading ---------------------------------------------------------------------------
    def read(self, session_id: str) -> LockInfo | None:
        """The lock as it is now; None when there is none. OSError when it can't be read."""
        return self._read(self.path(session_id))

    def _read(self, path: Path) -> LockInfo | None:
        for attempt in range(3):
            try:
                with open(path, "rb") as f:
                    raw = f.read()
                st = os.stat(path)
                break
            except FileNotFoundError:
                return None
            except PermissionError:  # Windows: being replaced by its holder's heartbeat
                if attempt == 2:
                    raise
                time.sleep(0.05)
        try:
            return LockInfo.from_json(raw)
        except (ValueError, UnicodeDecodeError):
            # Being written right now (a few bytes' window), or damaged: its age is the file's.
            mtime = _iso(datetime.fromtimestamp(st.st_mtime, timezone.utc))
            return LockInfo("?", "?", 0, mtime, mtime, "", readable=False)

    def status(self, session_id: str) -> tuple[LockInfo | None, str | None]:
        """(holder, why it is stale or None). (None, None): nobody holds it."""
        info = self.read(session_id)
        return info, (stale_reason(info, self.env) if info is not None else None)

    # -- opening -----------------------------------------------------------------------------
    def open(self, session_id: str) -> Access:
        """Try to become the session's writer. Never raises for a busy lock: see :class:`Access`."""
        lock = SessionLock(self, session_id)
        try:
            reclaimed = lock.ensure()
        except LockLost as e:
            holder = e.holder
            return Access(None, holder, stale_reason(holder, self.env) if holder else None)
        except OSError as e:
            # Can't write the lock yet (read-only folder, disk full, share gone): edit anyway and
            # let every save try again — a save can't happen without the lock (SessionLock.ensure).
            return Access(lock, None, None, error=e)
        return Access(lock, reclaimed, DEAD if reclaimed else None, reclaimed=reclaimed is not None)

    def take_over(self, session_id: str, expected: LockInfo) -> SessionLock:
        """Take a stale lock the user chose to take over. ``expected`` is the lock as shown to
        them: if it has changed since (its holder came back, someone else took it), LockBusy."""
        lock = SessionLock(self, session_id)
        lock._take_over(expected)
        return lock

    # -- the OS calls ----------------------------------------------------------------------------
    @property
    def _ops(self) -> FileOps:
        return self.env.fs or FileOps()

    def _make_dir(self) -> None:
        if not self.aux_dir.parent.is_dir():
            # Never re-create a store that vanished (an unmounted share): that would save into a
            # local folder hidden under the mount point.
            raise FileNotFoundError(errno.ENOENT, t("store.folder_missing"), str(self.aux_dir.parent))
        for d in (self.aux_dir, self.dir):
            try:
                make_folder(d, folder_mode(self.aux_dir.parent))  # whatever the umask
            except FileExistsError:
                raise NotADirectoryError(errno.ENOTDIR, t("locks.not_a_folder"), str(d)) from None

    @property
    def _file_mode(self) -> int:
        """0600, or 0660 in a shared store (its settings read once per ``Locks``)."""
        if self._mode is None:
            self._mode = file_mode(self.aux_dir.parent)
        return self._mode

    def _create(self, path: Path, info: LockInfo) -> bool:
        """Create the lock file exclusively with its content. False if it exists already."""
        ops = self._ops
        try:
            fd = ops.open(str(path))  # O_WRONLY|O_CREAT|O_EXCL
        except FileExistsError:
            return False
        closed = False
        try:
            view = memoryview(info.to_json())
            while view:
                n = ops.write(fd, view)
                if not n:
                    raise OSError(errno.EIO, t("locks.write_failed"), str(path))
                view = view[n:]
            ops.fsync(fd)
            ops.chmod(fd, str(path), self._file_mode)
            closed = True
            ops.close(fd)
        except BaseException:
            if not closed:
                try:
                    ops.close(fd)
                except OSError:
                    pass
            try:
                ops.remove(str(path))  # never leave a half-written lock behind
            except OSError:
                pass
            raise
        return True

    def _rewrite(self, path: Path, info: LockInfo) -> None:
        atomic_write(path, info.to_json(), mode=self._file_mode, fs=self.env.fs, sweep=True)


@dataclass
class Access:
    """What opening a session for editing gave.

    - ``lock`` set: this window is the writer (``error`` set: the lock file could not be written
      yet — every save tries again and fails until it can).
    - ``lock`` None: read-only; ``holder`` has the session, ``stale`` says whether (and why) its
      lock may be taken over.
    - ``reclaimed``: the lock of a dead process on this host was taken over on the way.
    """

    lock: SessionLock | None
    holder: LockInfo | None
    stale: str | None
    reclaimed: bool = False
    error: OSError | None = None

    @property
    def editable(self) -> bool:
        return self.lock is not None


class SessionLock:
    """This window's lock on one session. Thread-safe: the heartbeat and the saves run in
    worker threads, release on the UI thread."""

    def __init__(self, locks: Locks, session_id: str) -> None:
        self.locks = locks
        self.session_id = session_id
        self.path = locks.path(session_id)
        self.token = secrets.token_hex(8)
        self.info: LockInfo | None = None  # ours, once written
        self.lost_to: LockInfo | None = None  # set once someone else's token was found
        self._mutex = threading.Lock()

    @property
    def held(self) -> bool:
        return self.info is not None and self.lost_to is None

    @property
    def env(self) -> LockEnv:
        return self.locks.env

    def _fresh(self, since: str | None = None) -> LockInfo:
        env = self.env
        now = _iso(env.now())
        return LockInfo(env.host, env.user, env.pid, since or now, now, self.token, self.session_id)

    def _lose(self, holder: LockInfo | None) -> LockLost:
        self.lost_to = holder
        return LockLost(holder)

    # -- becoming and staying the writer ---------------------------------------------------
    def ensure(self) -> LockInfo | None:
        """Make sure the lock is ours before a write. Returns the dead lock reclaimed on the way
        (None otherwise). Raises LockLost when someone else has it, OSError when the folder
        can't be read or written (the caller retries later)."""
        with self._mutex:
            if self.lost_to is not None:
                raise LockLost(self.lost_to)
            return self._ensure()

    def _ensure(self) -> LockInfo | None:
        locks = self.locks
        current = locks._read(self.path)
        if current is not None and current.token == self.token and current.readable:
            self.info = current
            return None
        if current is None:
            locks._make_dir()
            if locks._create(self.path, self._fresh(self.info.since if self.info else None)):
                self.info = locks._read(self.path)
                if self.info is None or self.info.token != self.token:  # pragma: no cover - racing
                    raise self._lose(self.info)
                return None
            current = locks._read(self.path)  # someone created it first
            if current is None:  # pragma: no cover - and removed it again: try once more later
                raise OSError(errno.EAGAIN, t("locks.create_retry"), str(self.path))
        if self.info is not None:
            # We had it, and now it carries someone else's token: taken over.
            raise self._lose(current)
        if stale_reason(current, self.env) == DEAD:
            try:
                self._swap(current)
            except LockBusy as e:  # another window reclaimed it first
                raise self._lose(e.holder) from None
            return current
        raise self._lose(current)

    def _take_over(self, expected: LockInfo) -> None:
        with self._mutex:
            current = self.locks._read(self.path)
            if current is None:
                self._ensure()  # released meanwhile: an ordinary open
                return
            if not current.same_holder(expected):
                raise LockBusy(current, t("locks.changed"))
            if stale_reason(current, self.env) is None:
                raise LockBusy(current, t("locks.alive"))
            self._swap(current)

    def _swap(self, stale: LockInfo) -> None:
        """Replace a stale lock by ours. The rename is atomic: of two takers, one moves it; the
        exclusive create decides who gets the name afterwards."""
        locks = self.locks
        aside = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.old")
        try:
            os.replace(self.path, aside)
        except FileNotFoundError:
            aside = None  # someone else moved it first: fall through to the exclusive create
        if aside is not None:
            moved = locks._read(aside)
            if moved is not None and not moved.same_holder(stale):
                # It changed between our look and the move (its holder came back): put it back.
                try:
                    locks._create(self.path, moved)
                finally:
                    _remove_quietly(aside)
                raise LockBusy(moved, t("locks.changed"))
        try:
            if not locks._create(self.path, self._fresh()):
                current = locks._read(self.path)
                raise LockBusy(current, t("locks.taken_first"))
        finally:
            if aside is not None:
                _remove_quietly(aside)
        self.info = locks._read(self.path)
        if self.info is None or self.info.token != self.token:  # pragma: no cover - racing
            raise LockBusy(self.info, t("locks.taken_first"))

    def heartbeat(self) -> bool:
        """Refresh our heartbeat (every ~10 s). False once someone else has the lock; OSError
        when the folder can't be reached (the next beat tries again)."""
        with self._mutex:
            if self.lost_to is not None:
                return False
            if self.info is None:
                return True  # not written yet: the next save tries
            try:
                self._ensure()
            except LockLost:
                return False
            beat = self._fresh(self.info.since)
            self.locks._rewrite(self.path, beat)
            self.info = beat
            return True

    def release(self) -> None:
        """Remove the lock if it is still ours (at quit). Never raises."""
        with self._mutex:
            if self.info is None or self.lost_to is not None:
                return
            try:
                current = self.locks._read(self.path)
                if current is not None and current.token == self.token:
                    os.remove(self.path)
            except OSError:
                pass
            self.info = None


def _remove_quietly(path: Path) -> None:
    try:
        os.remove(path)
    except OSError:
        pass
