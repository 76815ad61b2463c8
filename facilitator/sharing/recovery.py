"""Recovery copies: a window's edits not yet in the store, with the version they were made on,
kept per user outside the store so that a crash or a store out of reach loses none of them.

**Where.** ``<data>/recovery/<store key>/<session id>.<token>.json`` (``<data>``:
facilitator.userdata; the store key as for the drafts, facilitator.drafts.store_key). One file
per window (its writer token); folders 0700, files 0600, replaced atomically (store.atomic).

**Format** (UTF-8 JSON, one object, ASCII-escaped)::

    {"format": "kyogitai-recovery", "version": 1, "session": "2026-08-19-3fa9c1",
     "store": "/home/sc/sessions", "host": "PC-01", "pid": 4242, "token": "w-9f0c1a2b3c4d",
     "saved_at": "2026-08-19T14:03:12+09:00",
     "base": "<the document this window last read or wrote, as its file's text>",
     "mine": "<this window's document, with the edits not yet saved>",
     "writing": "<content hash of the document being written to the store, or null>"}

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

    def to_json(self) -> bytes:
        doc = {
            "format": FORMAT, "version": VERSION, "session": self.session, "store": self.store,
            "host": self.host, "pid": self.pid, "token": self.token, "saved_at": self.saved_at,
            "writing": self.writing,
            "base": self.base.decode("utf-8", "surrogatepass"),
            "mine": self.mine.decode("utf-8", "surrogatepass"),
        }
        return (json.dumps(doc, ensure_ascii=True) + "\n").encode("ascii")

    @classmethod
    def from_json(cls, raw: bytes) -> Recovery:
        """ValueError for anything that is not a whole recovery copy of this version."""
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, RecursionError) as e:
            raise ValueError(str(e)) from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("version") != VERSION:
            raise ValueError("not a recovery copy")
        session, token, host, pid = (doc.get(k) for k in ("session", "token", "host", "pid"))
        base, mine, writing = doc.get("base"), doc.get("mine"), doc.get("writing")
        if not (isinstance(session, str) and is_valid_session_id(session) and isinstance(token, str)
                and _TOKEN.match(token) and isinstance(host, str) and isinstance(pid, int)
                and not isinstance(pid, bool) and isinstance(base, str) and isinstance(mine, str)
                and (writing is None or isinstance(writing, str))):
            raise ValueError("bad recovery copy")
        saved_at = doc.get("saved_at", "")
        store = doc.get("store", "")
        return cls(session, token, host, pid, saved_at if isinstance(saved_at, str) else "",
                   base.encode("utf-8", "surrogatepass"), mine.encode("utf-8", "surrogatepass"),
                   writing, store if isinstance(store, str) else "")


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

    def write(self, copy: Recovery) -> Path:
        path = self.path(copy.session, copy.token)
        self._make()
        atomic_write(path, copy.to_json(), mode=FILE_MODE, fs=self.fs)
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
                    copy = Recovery.from_json(f.read())
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
