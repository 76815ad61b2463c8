"""The session store: a folder of ``<id>.json`` files (DESIGN.md "Store location", "Principles").

- The session files are the truth. Everything else (the index, later locks and backups) lives in
  ``<store>/.kyogitai/``, never beside the sessions.
- Every write is atomic (:func:`atomic_write`): a temp file in the same folder whose name does not
  end in ``.json``, written, fsynced, given an explicit mode, then ``os.replace``d over the target.
- Never destroy what we can't read: a file that fails to parse, has a newer schema, or shares its
  id with another file is reported by :meth:`Store.scan` and never saved over.
- Reading never modifies a file.
"""

from __future__ import annotations

import errno
import os
import stat as stat_module
import threading
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.i18n import t
from facilitator.ids import is_valid_session_id, new_session_id
from facilitator.store.atomic import FileOps, atomic_write, remove_temp_files
from facilitator.store.entries import (
    CONFLICT,
    DAMAGED,
    NEWER,
    OK,
    PROBLEM_LABELS,
    ScanEntry,
    ScanResult,
    StoredSession,
    conflict_message,
    mark_conflicts,
)
from facilitator.store.location import StoreLocation, resolve_store
from facilitator.store.reading import (
    Parsed,
    classify,
    parse_document,
    parse_json,
    raw_id,
    read_bytes,
    read_json,
    session_order_key,
    stat_key,
    with_file,
)
from facilitator.text import body_key

if TYPE_CHECKING:  # the model is imported with the first file read or written: the home
    from facilitator.model import Session  # screen's first frame needs none

AUX_DIR_NAME = ".kyogitai"
BACKUP_DIR_NAME = "backups"
SESSION_SUFFIX = ".json"
_BOM = b"\xef\xbb\xbf"


class StoreError(ValueError):
    """A store operation refused or failed in a way the user can act on (one line, in the UI language)."""


# ---------------------------------------------------------------------------------------
# The store


class Store:
    """A folder of session files. Cheap to construct: nothing is read or created until used."""

    def __init__(self, root: Path | str, fs: FileOps | None = None) -> None:
        self.root = Path(root)
        self.fs = fs  # the OS calls of every write (tests inject failing ones)
        self._lock = threading.Lock()
        # Set once a session was read or written here: from then on a missing root folder is an
        # unplugged share or drive, never re-created (that would save into a hidden local folder).
        self._root_known = False
        # path -> stat key of a file we last read or wrote and know to be a readable session
        self._verified: dict[Path, tuple[int, int, int]] = {}
        # id -> path, for files whose name is not <id>.json (learnt from scans and loads)
        self._elsewhere: dict[str, Path] = {}
        # ids found in more than one file by the last scan
        self._conflicts: dict[str, list[str]] = {}
        # path -> stat key of a file known to be in the current schema version (no backup needed)
        self._current: dict[Path, tuple[int, int, int]] = {}
        # sync-copy candidates checked on save: path -> (stat key, id in it)
        self._candidates: dict[Path, tuple[tuple[int, int, int], str | None]] = {}

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"

    @property
    def aux_dir(self) -> Path:
        """``<root>/.kyogitai``: index, locks, backups. Not created here."""
        return self.root / AUX_DIR_NAME

    def path_for(self, session_id: str) -> Path:
        self._check_id(session_id)
        return self.root / f"{session_id}{SESSION_SUFFIX}"

    @staticmethod
    def _check_id(session_id: str) -> None:
        if not isinstance(session_id, str) or not is_valid_session_id(session_id):
            raise StoreError(t("store.bad_id_hint", id=repr(session_id)))

    # -- listing ---------------------------------------------------------------------------

    def files(self) -> list[Path]:
        """Every ``*.json`` file directly in the store (no folders, no dotfiles), by name."""
        try:
            with os.scandir(self.root) as it:
                found = [
                    Path(e.path)
                    for e in it
                    if e.name.endswith(SESSION_SUFFIX) and not e.name.startswith(".") and _is_file(e)
                ]
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(found, key=lambda p: p.name)

    def read_entry(self, path: Path) -> ScanEntry | None:
        """One file, read and classified (used by scan and the index; never writes)."""
        parsed = read_json(Path(path))
        return None if parsed is None else self._finish(parsed)

    def _finish(self, parsed: Parsed) -> ScanEntry:
        entry = classify(parsed)
        if entry.status == OK and entry.stat is not None:
            self._verified[entry.path] = stat_key(entry.stat)
        return entry

    def _survey(self) -> list[Parsed]:
        """Every session file read as JSON (not yet decoded as sessions)."""
        return [p for p in map(read_json, self.files()) if p is not None]

    def _learn_conflicts(self, ids: list[tuple[str | None, Path]]) -> set[str]:
        by_id: dict[str, list[str]] = {}
        for sid, path in ids:
            if sid is not None:
                by_id.setdefault(sid, []).append(path.name)
        self._conflicts = {sid: files for sid, files in by_id.items() if len(files) > 1}
        for sid in self._conflicts:
            self._elsewhere.pop(sid, None)
        return set(self._conflicts)

    def scan(self) -> ScanResult:
        """Read every session file. Damaged, newer and conflicting files are reported, not fixed."""
        entries = [self._finish(p) for p in self._survey()]
        mark_conflicts(entries)
        self._learn_conflicts([(e.id, e.path) for e in entries])
        for e in entries:
            if e.status == OK and e.id is not None and e.path.stem != e.id:
                self._elsewhere[e.id] = e.path
        return ScanResult(entries)

    def _of_body(self, name: str) -> list[Parsed]:
        """The files that claim to be of this body, conflicting ids left out (not decoded)."""
        key = body_key(name)
        parsed = self._survey()
        conflicts = self._learn_conflicts([(p.id, p.path) for p in parsed])
        return [p for p in parsed if p.failed is None and p.id not in conflicts and p.body_key() == key]

    def bodies(self) -> list[str]:
        """The names of the bodies with readable sessions (one spelling per body, the latest)."""
        latest: dict[str, Session] = {}
        for s, _ in self.scan().sessions:
            key = body_key(s.body.name)
            if key not in latest or session_order_key(s) > session_order_key(latest[key]):
                latest[key] = s
        return sorted((s.body.name for s in latest.values()), key=body_key)

    def sessions_of_body(self, name: str) -> list[Session]:
        """The readable sessions of a body (matched by ``text.body_key``), oldest first.

        Only that body's files are decoded; damaged, newer and conflicting ones are left out.
        """
        found = [e.session for e in map(self._finish, self._of_body(name)) if e.status == OK and e.session]
        return sorted(found, key=session_order_key)

    def latest_of_body(self, body_name: str, exclude_id: str | None = None) -> Session | None:
        """The body's latest readable session by (date, created_at), other than ``exclude_id``.

        Damaged, newer-schema and conflicting files are skipped (``scan().warnings()`` says
        which). Candidates are decoded newest first until one reads.
        """
        candidates = [p for p in self._of_body(body_name) if p.id != exclude_id]
        candidates.sort(key=Parsed.order_key, reverse=True)
        for parsed in candidates:
            entry = self._finish(parsed)
            if entry.status == OK and entry.session is not None:
                return entry.session
        return None

    def unused_id(self, on: date | None = None) -> str:
        """A fresh session id for ``on`` (today by default) whose file does not exist yet."""
        on = on or date.today()
        while True:
            candidate = new_session_id(on)
            if candidate in self._elsewhere or candidate in self._conflicts:
                continue  # pragma: no cover - 24 random bits
            if not self.path_for(candidate).exists():
                return candidate

    # -- reading one session ---------------------------------------------------------------

    def load(self, session_id: str) -> Session:
        """The session with that id. StoreError if there is none; the model's errors (with the
        file name) if its file can't be read."""
        path = self.path_for(session_id)
        if path.is_file():
            session = self.load_path(path)
            if session.id == session_id:
                return session
        # Not under its own name: a file renamed by hand still counts.
        other = self._elsewhere.get(session_id)
        if other is None or not other.is_file():
            self.scan()
            other = self._elsewhere.get(session_id)
        if other is not None:
            session = self.load_path(other)
            if session.id == session_id:
                return session
        if session_id in self._conflicts:
            raise StoreError(conflict_message(session_id, self._conflicts[session_id]))
        raise StoreError(t("store.not_found", id=session_id, root=self.root))

    def load_path(self, path: Path | str) -> Session:
        from facilitator.model import SessionFormatError

        path = Path(path)
        try:
            st = os.stat(path)
            raw = read_bytes(path)
        except FileNotFoundError:
            raise StoreError(t("store.no_file", path=path)) from None
        except IsADirectoryError:
            raise StoreError(t("store.is_folder", path=path)) from None
        try:
            session = parse_document(raw)
        except SessionFormatError as e:  # NewerSchemaError included
            raise with_file(e, path) from None
        self._verified[path] = stat_key(st)
        if path.parent == self.root:
            self._root_known = True
        if path.stem != session.id and path.parent == self.root:
            self._elsewhere.setdefault(session.id, path)
        return session

    # -- writing ---------------------------------------------------------------------------

    def remove_temp_files(self, session_id: str) -> int:
        """Delete the temp files (``.<id>.json.<random>.tmp``) that saves of this session killed
        mid-write left behind. Call only while holding the session's lock: then nobody else is
        writing them. Returns how many went; never raises."""
        return remove_temp_files(self.path_for(session_id))

    def save(self, session: Session) -> Path:
        """Write the session atomically to its file (``<root>/<id>.json``, or the file it was
        read from if that was renamed by hand). Refuses, with StoreError, to write over a file
        that is not a readable session with the same id, or an id that several files carry."""
        from facilitator.model import session_to_json

        return self.write_session(session.id, session_to_json(session).encode("utf-8"))

    def write_session(self, session_id: str, data: bytes) -> Path:
        """``save`` for a document already serialised (autosave serialises on the UI thread and
        writes from a worker thread). Same checks, same refusals."""
        self._check_id(session_id)
        with self._lock:
            target = self._target(session_id)
            st = self._check_target(target, session_id)
            self._check_conflicts(session_id, target)
            mode = self.file_mode()  # 0600, or 0640 in a shared store (privacy.py), at every save
            if st is not None:
                self._keep_backup(target, st, mode)  # an older-version file: copied first
            if st is None:
                if self._root_known and not self.root.is_dir():
                    raise FileNotFoundError(errno.ENOENT, t("store.folder_missing"), str(self.root))
                try:
                    self.root.mkdir(parents=True, exist_ok=True)
                except FileExistsError:
                    raise StoreError(t("store.root_not_folder", root=self.root)) from None
            atomic_write(target, data, mode=mode, fs=self.fs)
            self._root_known = True
            try:
                self._verified[target] = self._current[target] = stat_key(os.stat(target))
            except OSError:  # pragma: no cover - it was just written
                self._verified.pop(target, None)
        return target

    def file_mode(self) -> int:
        """The mode of the files this store writes (privacy.py: owner-only unless shared)."""
        from facilitator.privacy import file_mode

        return file_mode(self.root)

    @property
    def backup_dir(self) -> Path:
        """``<root>/.kyogitai/backups``: older-version files, copied before they are upgraded."""
        return self.aux_dir / BACKUP_DIR_NAME

    def _keep_backup(self, target: Path, st: os.stat_result, mode: int) -> None:
        """If ``target`` holds an older schema version (migrate.py), copy it byte for byte to
        :attr:`backup_dir` before it is written in the current one. Any failure raises: then
        nothing is written and the old file stays as it was."""
        key = stat_key(st)
        if self._current.get(target) == key:
            return  # we wrote it (in the current version), or read it and found it current
        raw = read_bytes(target)
        from facilitator.migrate import needs_upgrade, version_of
        from facilitator.model import SessionFormatError

        try:
            data = parse_json(raw)
        except SessionFormatError:
            return  # _check_target refused unreadable files already; nothing to keep
        if not needs_upgrade(data):
            self._current[target] = key
            return
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        backup = self.backup_dir / f"{target.stem}.v{version_of(data)}.{stamp}.json"
        self.backup_dir.mkdir(parents=True, exist_ok=True)
        if not backup.exists():
            atomic_write(backup, raw, mode=mode, fs=self.fs)
        if read_bytes(backup) != raw:  # pragma: no cover - a backup that is not the file
            raise StoreError(t("store.backup_unverified", name=target.name, backup=backup))

    def _target(self, session_id: str) -> Path:
        own = self.path_for(session_id)
        other = self._elsewhere.get(session_id)
        if other is not None and not own.exists() and other.is_file():
            return other
        return own

    def _check_target(self, path: Path, session_id: str) -> os.stat_result | None:
        """The stat of the existing file if it is safe to replace; StoreError if not."""
        from facilitator.model import NewerSchemaError, SessionFormatError

        try:
            st = os.stat(path)
        except FileNotFoundError:
            self._verified.pop(path, None)
            return None
        if not stat_module.S_ISREG(st.st_mode):
            raise StoreError(t("store.target_not_file", name=path.name))
        if self._verified.get(path) == stat_key(st):
            return st  # what we last read or wrote: no need to parse it again
        try:
            on_disk = parse_document(read_bytes(path))
        except NewerSchemaError:
            raise StoreError(t("store.target_newer", name=path.name)) from None
        except SessionFormatError as e:
            raise StoreError(t("store.target_damaged", name=path.name, error=e)) from None
        except OSError as e:
            raise StoreError(t("store.target_unchecked", name=path.name, error=e.strerror or e)) from None
        if on_disk.id != session_id:
            raise StoreError(t("store.target_other", name=path.name, id=on_disk.id))
        self._verified[path] = stat_key(st)
        return st

    def _check_conflicts(self, session_id: str, target: Path) -> None:
        known = self._conflicts.get(session_id)
        if known:
            # Still there? (the user may have moved the copies away since the last scan)
            still = [f for f in known if (self.root / f).is_file()]
            if len(still) > 1:
                raise StoreError(conflict_message(session_id, still))
            del self._conflicts[session_id]
        # A sync tool's copy made since the last scan: "<id> (1).json", "<id>-PC.json",
        # "<id>.sync-conflict-….json", "<id> (…'s conflicted copy).json" all start with the id.
        try:
            names = os.listdir(self.root)
        except OSError:
            return
        copies = []
        for name in names:
            if name.startswith(session_id) and name.endswith(SESSION_SUFFIX) and name != target.name:
                path = self.root / name
                if self._id_in(path) == session_id:
                    copies.append(name)
        if copies:
            raise StoreError(conflict_message(session_id, [target.name, *copies]))

    def _id_in(self, path: Path) -> str | None:
        from facilitator.model import SessionFormatError

        try:
            st = os.stat(path)
            key = stat_key(st)
            cached = self._candidates.get(path)
            if cached is not None and cached[0] == key:
                return cached[1]
            raw = read_bytes(path)
        except OSError:
            return None
        try:
            found = raw_id(parse_json(raw))
        except SessionFormatError:
            found = None
        self._candidates[path] = (key, found)
        return found


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:  # pragma: no cover
        return False


__all__ = [
    "CONFLICT",
    "DAMAGED",
    "NEWER",
    "OK",
    "PROBLEM_LABELS",
    "FileOps",
    "ScanEntry",
    "ScanResult",
    "Store",
    "StoreError",
    "StoreLocation",
    "StoredSession",
    "atomic_write",
    "resolve_store",
]
