"""Who else has a session open: presence files, never locks (docs/reliability.md "Many windows, many machines").

Each process that has a session open writes ``<store>/.kyogitai/presence/<session-id>.<token>.json``
holding host, user, pid, the machine's id, a random token for this process (the writer token of
``facilitator.merge.process_token``), since when, a heartbeat and the step its window is on. It
rewrites the file atomically (temp file + ``os.replace``) every ~10 s and whenever its window
moves to another step, and removes it when the session is closed or the app quits.

Nobody waits for anybody: a presence file only says who is there, so that the others can show it
quietly and know whether the window that owns the meeting's clock is still there.

A presence is **gone** when its heartbeat is older than two minutes, or when it was written on
this machine by a process that no longer runs. "This machine" is the host name *and* the machine
id: two machines with the same host name are never confused (a pid means nothing on another
machine). Identity is the token, never host + pid.

No fcntl/msvcrt locking (it does not hold on SMB/NFS): plain file writes, renames and removals.
Host, user, pid, machine, token, clock and the OS calls are injectable (:class:`PresenceEnv`).
"""

from __future__ import annotations

import errno
import getpass
import json
import os
import platform
import re
import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from facilitator.i18n import t
from facilitator.ids import is_valid_session_id
from facilitator.merge.bookkeeping import process_token
from facilitator.privacy import file_mode, folder_mode
from facilitator.store.atomic import FileOps, atomic_write
from facilitator.store.reach import make_folder

PRESENCE_DIR_NAME = "presence"
SUFFIX = ".json"
HEARTBEAT_SECONDS = 10.0  # how often a window rewrites its presence
LOOK_SECONDS = 3.0  # how often a window looks who else is there
STALE_AFTER_SECONDS = 120.0
# A presence names a host and a user: the store's file mode like every file the app writes there
# (0600, or 0660 in a shared store, whose other SCs are in its group: they read who is there), set
# with chmod whatever the umask (privacy.py); its folders the store's folder mode (0700 or 2770).
# A presence file is a few hundred bytes: one far larger is not read.
MAX_PRESENCE_BYTES = 64 * 1024

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


# ---------------------------------------------------------------------------------------
# Who we are


def default_host() -> str:
    return socket.gethostname() or platform.node() or "?"


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment (Windows services…)
        return os.environ.get("USERNAME") or os.environ.get("USER") or "?"


def default_machine() -> str:
    """An id of this machine that another machine with the same host name does not share: the
    OS's machine id where there is one, else the network card's address. "" when unknown (then
    no pid is ever judged across machines: only the heartbeat says a window is gone)."""
    for path in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            with open(path, encoding="ascii") as f:
                value = f.read().strip()
        except (OSError, UnicodeDecodeError):
            continue
        if value:
            return value
    import uuid

    node = uuid.getnode()
    # A random node (no card found) has the multicast bit set: it differs every run, useless here.
    return "" if node >> 40 & 1 else f"mac-{node:012x}"


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
class PresenceEnv:
    """Everything the presence rules ask of the outside world; tests pass their own (a second
    "process" in the same test is an env with another token, pid or machine)."""

    host: str = field(default_factory=default_host)
    user: str = field(default_factory=default_user)
    pid: int = field(default_factory=os.getpid)
    machine: str = field(default_factory=default_machine)
    token: str = field(default_factory=process_token)  # this process's writer token
    now: Callable[[], datetime] = _now
    pid_alive: Callable[[int], bool] = pid_alive
    fs: FileOps | None = None
    stale_after: float = STALE_AFTER_SECONDS

    def same_machine(self, info: PresenceInfo) -> bool:
        """Written on this machine: the same host name *and* the same, known machine id."""
        return bool(self.machine) and info.machine == self.machine and info.host.casefold() == self.host.casefold()


# ---------------------------------------------------------------------------------------
# A presence file


def iso_seconds(dt: datetime) -> str:
    """A moment for a small file of our own (presence, drafts): ISO 8601 to the second, with its offset."""
    if dt.tzinfo is None:
        dt = dt.astimezone()
    return dt.isoformat(timespec="seconds")


def parse_moment(value: object) -> datetime | None:
    """``iso_seconds`` read back; None for anything else (a missing offset is taken as UTC)."""
    if not isinstance(value, str):
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class PresenceInfo:
    session: str
    token: str
    host: str
    user: str
    pid: int
    since: str  # ISO 8601 with UTC offset
    heartbeat: str  # ISO 8601 with UTC offset
    step: str | None = None  # the step id its window is on
    machine: str = ""

    def to_json(self) -> bytes:
        doc = {"app": "kyogitai", "session": self.session, "token": self.token, "host": self.host,
               "user": self.user, "pid": self.pid, "machine": self.machine, "since": self.since,
               "heartbeat": self.heartbeat, "step": self.step}
        return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> PresenceInfo:
        """Raises ValueError for anything that isn't a complete presence document."""
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        strings = [data.get(k) for k in ("session", "token", "host", "user", "since", "heartbeat")]
        pid, step, machine = data.get("pid"), data.get("step"), data.get("machine", "")
        if not all(isinstance(v, str) for v in strings) or not isinstance(pid, int) or isinstance(pid, bool):
            raise ValueError("missing fields")
        if step is not None and not isinstance(step, str) or not isinstance(machine, str):
            raise ValueError("bad fields")
        if parse_moment(data["since"]) is None or parse_moment(data["heartbeat"]) is None:
            raise ValueError("bad time")
        return cls(data["session"], data["token"], data["host"], data["user"], pid, data["since"],
                   data["heartbeat"], step, machine)

    @property
    def heartbeat_time(self) -> datetime | None:
        return parse_moment(self.heartbeat)


def is_gone(info: PresenceInfo, env: PresenceEnv) -> bool:
    """Has the window behind this presence gone (silent two minutes, or its process ended here)?"""
    if info.token == env.token:
        return False
    if env.same_machine(info) and info.pid != env.pid and not env.pid_alive(info.pid):
        return True
    beat = info.heartbeat_time
    return beat is None or (env.now() - beat).total_seconds() > env.stale_after


def describe_person(info: PresenceInfo) -> str:
    """「山田 (PC-2)」: who and where, for one line of UI text."""
    return t("presence.person", user=info.user, host=info.host)


def describe_others(others: list[PresenceInfo], step_title: Callable[[str], str | None]) -> str:
    """「ほかに 1 人: 山田 (PC-2) — 情報・意見交換」; "" when nobody else is there."""
    if not others:
        return ""
    people = []
    for info in others:
        title = step_title(info.step) if info.step else None
        who = describe_person(info)
        people.append(t("presence.at_step", who=who, step=title) if title else who)
    return t("presence.others", count=len(others), people=t("presence.separator").join(people))


# ---------------------------------------------------------------------------------------
# The presence folder of a store


class Presence:
    """The presence folder of one store: ``<store>/.kyogitai/presence/``."""

    def __init__(self, aux_dir: Path | str, env: PresenceEnv | None = None,
                 reachable: Callable[[], None] | None = None) -> None:
        """``reachable``: raises when the store is not the folder it was when opened (the store's
        ``check_reachable``: an unmounted share's empty mount point must not get a presence)."""
        self.aux_dir = Path(aux_dir)
        self.dir = self.aux_dir / PRESENCE_DIR_NAME
        self.env = env or PresenceEnv()
        self.reachable = reachable
        self._joined: list[SessionPresence] = []
        self._file_mode: int | None = None

    @property
    def file_mode(self) -> int:
        """0600, or 0660 in a shared store (its settings read once per ``Presence``)."""
        if self._file_mode is None:
            self._file_mode = file_mode(self.aux_dir.parent)
        return self._file_mode

    def path(self, session_id: str, token: str | None = None) -> Path:
        token = token or self.env.token
        if not is_valid_session_id(session_id):
            raise ValueError(t("store.bad_id", id=repr(session_id)))
        if not _TOKEN.match(token):
            raise ValueError(f"bad token {token!r}")
        return self.dir / f"{session_id}.{token}{SUFFIX}"

    def everyone(self, session_id: str) -> list[PresenceInfo]:
        """Every readable presence of a session, gone or not, oldest first. A file that does not
        parse (being written on a share that does not rename atomically, or damaged) is left out."""
        prefix = f"{session_id}."
        try:
            names = [n for n in os.listdir(self.dir) if n.startswith(prefix) and n.endswith(SUFFIX)]
        except OSError:  # no folder yet, or one that can't be read: nobody to show
            return []
        found = []
        for name in names:
            try:
                with open(self.dir / name, "rb") as f:
                    raw = f.read(MAX_PRESENCE_BYTES + 1)
                if len(raw) > MAX_PRESENCE_BYTES:
                    continue
                info = PresenceInfo.from_json(raw)
            except (OSError, ValueError, UnicodeDecodeError):
                continue
            if info.session == session_id and _TOKEN.match(info.token) and name == f"{prefix}{info.token}{SUFFIX}":
                found.append(info)
        return sorted(found, key=lambda i: (parse_moment(i.since) or datetime.min.replace(tzinfo=timezone.utc),
                                            i.token))

    def others(self, session_id: str) -> list[PresenceInfo]:
        """Who else has the session open now (not gone, not this process). The files of gone
        windows are removed on the way (a window that was only asleep writes its own again)."""
        out = []
        for info in self.everyone(session_id):
            if info.token == self.env.token:
                continue
            if is_gone(info, self.env):
                _remove_quietly(self.path(session_id, info.token))
                continue
            out.append(info)
        return out

    def join(self, session_id: str, step: str | None) -> SessionPresence:
        """This process on a session; nothing is written until its first :meth:`SessionPresence.beat`."""
        joined = SessionPresence(self, session_id, step)
        self._joined = [j for j in self._joined if not j.left] + [joined]
        return joined

    def leave_all(self) -> None:
        """Every presence this process wrote through this folder is removed (at quit). Never raises."""
        for joined in self._joined:
            joined.leave()
        self._joined.clear()

    def _make_dir(self) -> None:
        if self.reachable is not None:
            try:
                self.reachable()
            except ValueError as e:  # StoreUnreachable: an OSError like any folder out of reach
                raise FileNotFoundError(errno.ENOENT, str(e), str(self.aux_dir.parent)) from None
        if not self.aux_dir.parent.is_dir():
            # Never re-create a store that vanished (an unmounted share): that would write into a
            # local folder hidden under the mount point.
            raise FileNotFoundError(errno.ENOENT, t("store.folder_missing"), str(self.aux_dir.parent))
        for d in (self.aux_dir, self.dir):
            try:
                make_folder(d, folder_mode(self.aux_dir.parent))  # whatever the umask
            except FileExistsError:
                raise NotADirectoryError(errno.ENOTDIR, t("presence.not_a_folder"), str(d)) from None


class SessionPresence:
    """This process's presence on one session. Thread-safe: beats and looks run in worker
    threads, ``leave`` on the UI thread at quit."""

    def __init__(self, presence: Presence, session_id: str, step: str | None) -> None:
        self.presence = presence
        self.session_id = session_id
        self.path = presence.path(session_id)
        self.step = step
        self.since = iso_seconds(presence.env.now())
        self.left = False
        self._mutex = threading.Lock()

    @property
    def token(self) -> str:
        return self.presence.env.token

    def info(self) -> PresenceInfo:
        env = self.presence.env
        return PresenceInfo(self.session_id, env.token, env.host, env.user, env.pid, self.since,
                            iso_seconds(env.now()), self.step, env.machine)

    def beat(self, step: str | None = None) -> None:
        """Write (or rewrite) this presence with a fresh heartbeat; ``step``: the window moved.
        OSError when the folder can't be reached (the next beat tries again)."""
        with self._mutex:
            if step is not None:
                self.step = step
            if self.left:
                return
            self.presence._make_dir()
            atomic_write(self.path, self.info().to_json(), mode=self.presence.file_mode, fs=self.presence.env.fs,
                         durable=False, sweep=True)

    def look(self) -> list[PresenceInfo]:
        """Who else has this session open."""
        return self.presence.others(self.session_id)

    def leave(self) -> None:
        """Remove this presence (the session closed, the app quits). Never raises; no beat after."""
        with self._mutex:
            self.left = True
            _remove_quietly(self.path)


def _remove_quietly(path: Path) -> None:
    try:
        os.remove(path)
    except OSError:
        pass
