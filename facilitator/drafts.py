"""Drafts: text typed into a field but not yet submitted, kept on disk within a second so that a
crash loses none of it (docs/reliability.md "Crash safety"). The rules and the file I/O; which
fields, and when to write, are the UI's (screens/drafts.py).

**Where.** ``<data>/drafts/<store key>/<session id>.<token>.json``. ``<data>`` is the per-user
data folder (facilitator.userdata: ``KYOGITAI_DATA_DIR``, else platformdirs' user_data_dir); the
store key is the first 16 hex digits of the SHA-256 of the store's resolved path, so one session
id in two stores never mixes. Never in the store: a store may be shared, synced or unplugged, and
a draft is one person's unfinished typing. Folders 0700, files 0600 (POSIX), every file replaced
atomically like a session (store.atomic).

**One file per writer**: per window — a random token, new each time a session is opened — with
the session id, OS user, host and pid inside. A window writes and removes only its own file, so
two live windows on one session never touch each other's drafts.

**Format** (UTF-8 JSON, one object; non-ASCII text escaped)::

    {"format": "kyogitai-drafts", "version": 1, "session": "2026-08-19-3fa9c1",
     "store": "/home/sc/sessions", "user": "sato", "host": "PC-01", "pid": 4242,
     "token": "9f0c1a2b3c4d5e6f", "saved_at": "2026-08-19T14:03:12+09:00", "closed": false,
     "fields": {"ideas/idea-input": "月2回の乗り合いを"},
     "forms": {"<form key>": {"title": "アイデアを編集", "about": "…", "values": {"text": "…"}}}}

``fields``: a field's key (``<step id>/<widget id>``, ``board/<widget id>``,
``roster/<widget id>``) → the text in it. ``forms``: a form open in that window, keyed by
:func:`form_key` (its title and the values it opened with), with each field's value then.
``closed``: the window ended normally, leaving text in a field; anyone may take it.

**Whose drafts are restored** (:func:`window_gone`): the same OS user's, from a window that is
gone — it closed normally, or it ran on this host and its process is dead (a window of this very
process whose token is no longer open counts as dead). A live window's, another user's, and a
crashed window's on another host (its pid means nothing here) are left alone.

**Claiming** (:meth:`DraftFolder.claim_gone`): a gone window's file is renamed — atomically — to
a claim name that carries the claimer's token; of two windows opening at once exactly one gets
it. The claimer writes its own file with the text, then deletes the claim. A claim left by a
claimer that died before that is claimed again after :data:`CLAIM_TIMEOUT`.

**Expiry** (:func:`sweep`): drafts saved more than :data:`MAX_AGE` (30 days) ago, unreadable
files that old, and temp files of killed writes older than an hour are deleted, in every store's
folder — except a live window's on this host.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable, Iterable

from facilitator.ids import is_valid_session_id
from facilitator.presence import default_host, default_user, iso_seconds, parse_moment, pid_alive
from facilitator.store.atomic import FileOps, atomic_write
from facilitator.store.reach import make_folder

FORMAT = "kyogitai-drafts"
VERSION = 1
DRAFTS_DIR_NAME = "drafts"
SUFFIX = ".json"
CLAIM_MARK = ".claim-"
MAX_AGE = timedelta(days=30)
CLAIM_TIMEOUT = 60.0  # seconds: a claim older than this was left by a claimer that died
TEMP_MAX_AGE = 3600.0  # seconds: a temp file older than this was left by a killed write
FOLDER_MODE = 0o700
FILE_MODE = 0o600

_TOKEN = re.compile(r"^[0-9a-f]{8,64}$")

# The tokens of the windows open in this process: their drafts are alive whatever the pid says.
LIVE_TOKENS: set[str] = set()


def new_token() -> str:
    return secrets.token_hex(8)


def _now() -> datetime:
    return datetime.now().astimezone()


@dataclass
class DraftEnv:
    """Everything the rules ask of the outside world; tests pass their own."""

    host: str = field(default_factory=default_host)
    user: str = field(default_factory=default_user)
    pid: int = field(default_factory=os.getpid)
    now: Callable[[], datetime] = _now
    pid_alive: Callable[[int], bool] = pid_alive
    live_tokens: set[str] = field(default_factory=lambda: LIVE_TOKENS)
    wall: Callable[[], float] = time.time  # compared with file mtimes
    fs: FileOps | None = None


# ---------------------------------------------------------------------------------------
# The document


@dataclass(frozen=True)
class Writer:
    """Who wrote a drafts file: one window on one session."""

    session: str
    user: str
    host: str
    pid: int
    token: str


@dataclass(frozen=True)
class FormDraft:
    title: str  # the form's title, for the message that says it is waiting
    about: str  # what it edits (the item's text, shortened), for the same message
    values: dict[str, str]  # field key → value


@dataclass
class Drafts:
    writer: Writer
    store: str = ""
    saved_at: datetime = field(default_factory=_now)
    closed: bool = False
    fields: dict[str, str] = field(default_factory=dict)
    forms: dict[str, FormDraft] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(self.fields.values()) and not self.forms

    def to_json(self) -> bytes:
        w = self.writer
        doc = {
            "format": FORMAT, "version": VERSION, "session": w.session, "store": self.store,
            "user": w.user, "host": w.host, "pid": w.pid, "token": w.token,
            "saved_at": iso_seconds(self.saved_at), "closed": self.closed,
            "fields": {k: v for k, v in sorted(self.fields.items()) if v},
            "forms": {k: {"title": f.title, "about": f.about, "values": dict(f.values)}
                      for k, f in sorted(self.forms.items())},
        }
        # ASCII: a lone surrogate typed into a field survives the round trip instead of failing
        # the write.
        return (json.dumps(doc, ensure_ascii=True, indent=1) + "\n").encode("ascii")

    @classmethod
    def from_json(cls, raw: bytes) -> Drafts:
        """Raises ValueError for anything that is not a complete drafts document of this version."""
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, RecursionError) as e:
            raise ValueError(str(e)) from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ValueError("not a drafts file")
        if doc.get("version") != VERSION:
            raise ValueError(f"drafts version {doc.get('version')!r}")
        session, user, host, pid, token = (doc.get(k) for k in ("session", "user", "host", "pid", "token"))
        if not (isinstance(session, str) and is_valid_session_id(session) and isinstance(user, str)
                and isinstance(host, str) and isinstance(pid, int) and not isinstance(pid, bool)
                and isinstance(token, str) and _TOKEN.match(token)):
            raise ValueError("bad writer")
        saved_at = parse_moment(doc.get("saved_at"))
        if saved_at is None:
            raise ValueError("bad saved_at")
        store, closed = doc.get("store", ""), doc.get("closed", False)
        if not isinstance(store, str) or not isinstance(closed, bool):
            raise ValueError("bad store or closed")
        fields = _str_map(doc.get("fields", {}), "fields")
        forms_doc = doc.get("forms", {})
        if not isinstance(forms_doc, dict):
            raise ValueError("bad forms")
        forms: dict[str, FormDraft] = {}
        for key, value in forms_doc.items():
            if not isinstance(value, dict) or not isinstance(value.get("title"), str) \
                    or not isinstance(value.get("about", ""), str):
                raise ValueError("bad form")
            forms[key] = FormDraft(value["title"], value.get("about", ""), _str_map(value.get("values"), "values"))
        return cls(Writer(session, user, host, pid, token), store, saved_at, closed, fields, forms)


def _str_map(value: object, what: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError(f"bad {what}")
    return dict(value)


# ---------------------------------------------------------------------------------------
# Names and keys


def store_key(store_root: Path | str) -> str:
    """The store's folder name under ``drafts/``: from its resolved path, case-folded where the
    OS folds case."""
    resolved = os.path.normcase(str(Path(store_root).resolve()))
    return hashlib.sha256(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def drafts_folder(data_dir: Path | str, store_root: Path | str) -> Path:
    return Path(data_dir) / DRAFTS_DIR_NAME / store_key(store_root)


def file_name(session_id: str, token: str) -> str:
    return f"{session_id}.{token}{SUFFIX}"


def form_key(title: str, values: Iterable[tuple[str, str]]) -> str:
    """A form is known again by its title and the values it opened with: the same form on the
    same item (an idea's edit form, unchanged since) gets the same key after a restart."""
    doc = json.dumps([title, [list(v) for v in values]], ensure_ascii=True)
    return hashlib.sha256(doc.encode("ascii")).hexdigest()[:16]


# ---------------------------------------------------------------------------------------
# The rules


def window_gone(drafts: Drafts, env: DraftEnv) -> bool:
    """May this window's drafts be restored by another window of ``env``'s user? See the module."""
    w = drafts.writer
    if w.user.casefold() != env.user.casefold():
        return False
    if drafts.closed:
        return True
    if w.host.casefold() != env.host.casefold():
        return False  # its pid says nothing here
    if w.token in env.live_tokens:
        return False
    if w.pid == env.pid:
        return True  # a window of this process that is no longer open
    return not env.pid_alive(w.pid)


def expired(drafts: Drafts, now: datetime) -> bool:
    return now - drafts.saved_at > MAX_AGE


def join_texts(first: str, then: str) -> str:
    """Two drafts of one field, oldest first: both kept (one when one contains the other)."""
    if not first or then.startswith(first):
        return then
    if not then or first.startswith(then):
        return first
    return f"{first} {then}"


def merge(found: Iterable[Drafts]) -> tuple[dict[str, str], dict[str, FormDraft]]:
    """The fields and forms of several gone windows' drafts: texts of one field joined, oldest
    first; of two drafts of one form (by its key) the newer."""
    fields: dict[str, str] = {}
    forms: dict[str, FormDraft] = {}
    for d in sorted(found, key=lambda d: d.saved_at):
        for key, text in d.fields.items():
            if text:
                fields[key] = join_texts(fields.get(key, ""), text)
        forms.update(d.forms)
    return fields, forms


# ---------------------------------------------------------------------------------------
# The folder


@dataclass(frozen=True)
class Claimed:
    path: Path  # the claim file: delete it once the text is safe in the claimer's own file
    drafts: Drafts


class DraftFolder:
    """One store's drafts folder, ``<data>/drafts/<store key>/``."""

    def __init__(self, folder: Path | str, env: DraftEnv | None = None) -> None:
        self.folder = Path(folder)
        self.env = env or DraftEnv()

    def path(self, session_id: str, token: str) -> Path:
        if not is_valid_session_id(session_id) or not _TOKEN.match(token):
            raise ValueError(f"bad draft name: {session_id!r}.{token!r}")
        return self.folder / file_name(session_id, token)

    def write(self, drafts: Drafts) -> Path:
        """Replace this writer's file with ``drafts`` (atomically, owner-only)."""
        path = self.path(drafts.writer.session, drafts.writer.token)
        self._make()
        atomic_write(path, drafts.to_json(), mode=FILE_MODE, fs=self.env.fs)
        return path

    def remove(self, session_id: str, token: str) -> None:
        try:
            os.remove(self.path(session_id, token))
        except FileNotFoundError:
            pass

    def read(self, path: Path) -> Drafts:
        """ValueError when it is not a drafts file; OSError when it can't be read."""
        with open(path, "rb") as f:
            return Drafts.from_json(f.read())

    def _make(self) -> None:
        """The folders down to this store's, 0700 (the data folder too when it is made here)."""
        store_dir = self.folder
        drafts_root = store_dir.parent
        data_dir = drafts_root.parent
        if not data_dir.is_dir():
            make_folder(data_dir, FOLDER_MODE)  # and any missing folder above it: 0700, whatever the umask
        for d in (drafts_root, store_dir):
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

    # -- restoring -----------------------------------------------------------------------------
    def claim_gone(self, session_id: str, me: Writer) -> list[Claimed]:
        """Claim the drafts of ``session_id`` left by gone windows (and claims their claimers
        never finished). Each is renamed to a claim of ``me`` first: only one window gets it."""
        try:
            names = sorted(os.listdir(self.folder))
        except (FileNotFoundError, NotADirectoryError):
            return []
        prefix = f"{session_id}."
        out: list[Claimed] = []
        for name in names:
            if not name.startswith(prefix):
                continue
            path = self.folder / name
            if CLAIM_MARK in name:
                base, _, claimer = name.partition(CLAIM_MARK)
                if claimer == me.token:
                    continue
                try:
                    if self.env.wall() - os.stat(path).st_mtime < CLAIM_TIMEOUT:
                        continue  # being taken over right now
                except OSError:
                    continue
            elif name.endswith(SUFFIX):
                base = name
                token = name[len(prefix):-len(SUFFIX)]
                if token == me.token or not _TOKEN.match(token):
                    continue
                try:
                    found = self.read(path)
                except (OSError, ValueError):
                    continue  # being written, damaged, or newer: expiry removes it one day
                if found.writer.session != session_id or not window_gone(found, self.env):
                    continue
            else:
                continue
            claimed = self._claim(path, base, me.token)
            if claimed is not None and claimed.drafts.writer.session == session_id:
                out.append(claimed)
        return out

    def _claim(self, path: Path, base: str, token: str) -> Claimed | None:
        target = self.folder / f"{base}{CLAIM_MARK}{token}"
        try:
            os.rename(path, target)
        except FileNotFoundError:
            return None  # another window claimed it first
        except OSError:
            return None
        try:
            os.utime(target)  # a fresh claim: nobody else takes it over for CLAIM_TIMEOUT
        except OSError:
            pass
        try:
            return Claimed(target, self.read(target))
        except (OSError, ValueError):
            return None

    @staticmethod
    def release(claims: Iterable[Claimed]) -> None:
        """Delete claims whose text is now in the claimer's own file. Never raises."""
        for c in claims:
            try:
                os.remove(c.path)
            except OSError:
                pass


def sweep(drafts_root: Path | str, env: DraftEnv | None = None) -> int:
    """Delete expired drafts, old unreadable files and old temp files under ``drafts_root`` (every
    store's folder), and folders left empty. Returns how many files went; never raises."""
    env = env or DraftEnv()
    root = Path(drafts_root)
    now, wall = env.now(), env.wall()
    removed = 0
    try:
        folders = [e for e in os.scandir(root) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return 0
    for folder in folders:
        try:
            entries = list(os.scandir(folder.path))
        except OSError:
            continue
        for entry in entries:
            try:
                age = wall - entry.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue
            name = entry.name
            if name.startswith(".") and name.endswith(".tmp"):
                gone = age > TEMP_MAX_AGE
            elif name.endswith(SUFFIX) or CLAIM_MARK in name:
                try:
                    with open(entry.path, "rb") as f:
                        d = Drafts.from_json(f.read())
                except (OSError, ValueError):
                    gone = age > MAX_AGE.total_seconds()
                else:
                    live_here = not window_gone(d, env) and d.writer.host.casefold() == env.host.casefold()
                    gone = expired(d, now) and not live_here and d.writer.token not in env.live_tokens
            else:
                continue
            if gone:
                try:
                    os.remove(entry.path)
                    removed += 1
                except OSError:
                    pass
        try:
            os.rmdir(folder.path)  # only when empty
        except OSError:
            pass
    return removed
