"""Recovery copies: a window's edits not yet in the store, with the version they were made on,
kept per user outside the store so that a crash or a store out of reach loses none of them.

**Where.** ``<data>/recovery/<store key>/<session id>.<token>.json`` (``<data>``:
facilitator.userdata; the store key as for the drafts, facilitator.drafts.store_key). One file
per window (its writer token); folders 0700, files 0600, replaced atomically (store.atomic).

**Format**: one line of UTF-8 JSON (ASCII-escaped) saying whose copy it is and how long the two
documents are, then the two documents' bytes as they are (the files' own UTF-8 JSON text, no
escaping: a copy of a 1,000-idea session is written in well under a millisecond)::

    {"format": "kyogitai-recovery", "version": 1, "session": "2026-08-19-3fa9c1",
     "store": "/home/sc/sessions", "host": "PC-01", "pid": 4242, "token": "9f0c1a2b3c4d5e6f",
     "saved_at": "2026-08-19T14:03:12+09:00", "writing": "<content hash or null>",
     "base_bytes": 224311, "mine_bytes": 225020}
    <base: the document this window last read or wrote><mine: this window's document>

``writing`` is the content hash of the document being written to the store when the copy was
made, or null.

**When.** Written before every save of a window with unsaved edits (``base`` and ``mine`` as
the save starts, ``writing`` the hash of what it is about to write: the merge of ``mine`` with
the file); removed right after that save succeeded. So while the store can't be reached the
copy holds every edit made since the last successful save (up to the last second), and after a
crash the next opening of the session finds it (:meth:`RecoveryFolder.claim_gone`).

**Restoring** (facilitator.sharing.session_file): the file on disk is hashed; if it is exactly
the document the crashed window was writing (``writing``) or its ``mine``, the edits are saved
and the copy is dropped. Otherwise ``merge(base, mine, disk)`` puts the edits back — counters
(``interest``) by their increments from ``base``, so nothing is counted twice.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from facilitator.ids import is_valid_session_id
from facilitator.store.atomic import FileOps, atomic_write

FORMAT = "kyogitai-recovery"
VERSION = 1
RECOVERY_DIR_NAME = "recovery"
FOLDER_MODE = 0o700
FILE_MODE = 0o600
CLAIM_MARK = ".claim-"

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class Recovery:
    session: str
    token: str
    host: str
    pid: int
    saved_at: str
    base: bytes  # the document the edits were made on (a file's bytes)
    mine: bytes  # the document with the edits
    writing: str | None = None  # content hash of the document being written when this was made
    store: str = ""

    def to_bytes(self) -> bytes:
        head = {
            "format": FORMAT, "version": VERSION, "session": self.session, "store": self.store,
            "host": self.host, "pid": self.pid, "token": self.token, "saved_at": self.saved_at,
            "writing": self.writing, "base_bytes": len(self.base), "mine_bytes": len(self.mine),
        }
        return b"".join(((json.dumps(head, ensure_ascii=True) + "\n").encode("ascii"), self.base, self.mine))

    @classmethod
    def from_bytes(cls, raw: bytes) -> Recovery:
        """ValueError for anything that is not a whole recovery copy of this version."""
        line, _, rest = raw.partition(b"\n")
        try:
            head = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, RecursionError) as e:
            raise ValueError(str(e)) from None
        if not isinstance(head, dict) or head.get("format") != FORMAT or head.get("version") != VERSION:
            raise ValueError("not a recovery copy")
        session, token, host, pid = (head.get(k) for k in ("session", "token", "host", "pid"))
        nb, nm, writing = head.get("base_bytes"), head.get("mine_bytes"), head.get("writing")
        if not (isinstance(session, str) and is_valid_session_id(session) and isinstance(token, str)
                and _TOKEN.match(token) and isinstance(host, str) and _is_int(pid) and _is_int(nb)
                and _is_int(nm) and nb >= 0 and nm >= 0 and len(rest) == nb + nm
                and (writing is None or isinstance(writing, str))):
            raise ValueError("bad or cut recovery copy")
        saved_at = head.get("saved_at", "")
        store = head.get("store", "")
        return cls(session, token, host, pid, saved_at if isinstance(saved_at, str) else "",
                   rest[:nb], rest[nb:], writing, store if isinstance(store, str) else "")


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


class RecoveryFolder:
    """One store's recovery copies in the per-user data folder."""

    def __init__(self, data_dir: Path | str, store_root: Path | str, fs: FileOps | None = None) -> None:
        from facilitator.drafts import store_key

        self.data_dir = Path(data_dir)
        self.store_root = Path(store_root)
        self.folder = self.data_dir / RECOVERY_DIR_NAME / store_key(store_root)
        self.fs = fs

    def path(self, session_id: str, token: str) -> Path:
        return self.folder / f"{session_id}.{token}.json"

    def write(self, copy: Recovery, *, durable: bool = True) -> Path:
        """Replace this window's copy (atomically, owner-only). ``durable`` False leaves out the
        fsync: a store write follows at once (fsynced itself); after a power cut the copy may be
        the previous one."""
        path = self.path(copy.session, copy.token)
        self._make()
        atomic_write(path, copy.to_bytes(), mode=FILE_MODE, fs=self.fs, durable=durable)
        return path

    def remove(self, session_id: str, token: str) -> None:
        try:
            os.remove(self.path(session_id, token))
        except FileNotFoundError:
            pass

    def claim_gone(self, session_id: str, token: str, gone: "GoneTest") -> list[tuple[Path, Recovery]]:
        """The copies of ``session_id`` left by windows that are gone (``gone(copy)``), each
        renamed first to a claim of ``token`` — of two windows opening at once, one gets it —
        oldest first. Unreadable files are left alone."""
        try:
            names = sorted(os.listdir(self.folder))
        except (FileNotFoundError, NotADirectoryError):
            return []
        found: list[tuple[Path, Recovery]] = []
        for name in names:
            if not name.startswith(f"{session_id}.") or CLAIM_MARK in name or not name.endswith(".json"):
                continue
            path = self.folder / name
            try:
                with open(path, "rb") as f:
                    copy = Recovery.from_bytes(f.read())
            except (OSError, ValueError):
                continue
            if copy.session != session_id or copy.token == token or not gone(copy):
                continue
            claim = path.with_name(f"{name}{CLAIM_MARK}{token}")
            try:
                os.rename(path, claim)
            except OSError:
                continue  # another window claimed it first
            found.append((claim, copy))
        found.sort(key=lambda pc: _when(pc[1].saved_at))
        return found

    def _make(self) -> None:
        recovery_root = self.folder.parent
        if not self.data_dir.is_dir():
            self.data_dir.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        for d in (recovery_root, self.folder):
            try:
                d.mkdir(mode=FOLDER_MODE)
            except FileExistsError:
                pass
            if os.name == "posix":
                try:
                    if os.stat(d).st_mode & 0o777 != FOLDER_MODE:
                        os.chmod(d, FOLDER_MODE)
                except OSError:
                    pass


class GoneTest:
    """Whether the window that wrote a copy is gone: it ran on this host and its process is dead,
    or it was this very process and is no longer open (its token is not live)."""

    def __init__(self, host: str, pid: int, live_tokens: set[str], pid_alive) -> None:  # type: ignore[no-untyped-def]
        self.host, self.pid, self.live_tokens, self.pid_alive = host, pid, live_tokens, pid_alive

    def __call__(self, copy: Recovery) -> bool:
        if copy.host != self.host:
            return False  # its pid means nothing here (a data folder that roams): left alone
        if copy.pid == self.pid:
            return copy.token not in self.live_tokens
        return not self.pid_alive(copy.pid)


def _when(value: str) -> float:
    try:
        return datetime.fromisoformat(value).timestamp()
    except (ValueError, OverflowError):
        return 0.0
