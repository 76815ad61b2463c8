"""Writing a session to the store: atomically, and only over a file that is the same readable
session (never over a damaged, newer or other session's file); with sync copies sharing its id,
to ``<id>.json``; an older-version file is backed up first; merging a sync copy in. Also
removing the temp files a killed save left."""

from __future__ import annotations

import os
import stat as stat_module
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from facilitator.i18n import t
from facilitator.store.atomic import atomic_write, remove_temp_files
from facilitator.store.folder import StoreError, StoreFolder
from facilitator.store.reach import (
    RootIdentity,
    StoreUnreachable,
    check_same_root,
    fix_folder_mode,
    identify,
    make_folder,
)
from facilitator.store.reading import parse_document, parse_json, read_bytes, stat_key

if TYPE_CHECKING:  # the model is imported with the first file written
    from facilitator.model import Session


class StoreWriting(StoreFolder):
    """Saves, the checks before one, and the backup of an older-version file."""

    def remove_temp_files(self, session_id: str) -> int:
        """Delete the temp files (``.<id>.json.<random>.tmp``) that saves of this session killed
        mid-write left behind. Call only while holding the session's lock: then nobody else is
        writing them. Returns how many went; never raises."""
        return remove_temp_files(self.path_for(session_id))

    def save(self, session: Session) -> Path:
        """Write the session atomically to its file (``<root>/<id>.json``, or the file it was
        read from if that was renamed by hand). Refuses, with StoreError, to write over a file
        that is not a readable session with the same id, or an id that several files carry."""
        from facilitator.session_json import session_to_json

        return self.write_session(session.id, session_to_json(session).encode("utf-8"))

    def write_session(self, session_id: str, data: bytes, *,
                      before_replace: Callable[[Path], None] | None = None) -> Path:
        """``save`` for a document already serialised (autosave serialises on the UI thread and
        writes from a worker thread). Same checks, same refusals. ``before_replace(target)`` is
        called once the temp file is written, just before it replaces the target: an exception
        from it leaves the target as it was (facilitator/sharing checks there that nobody wrote
        the file since it was read)."""
        self._check_id(session_id)
        with self._lock:
            here = self._check_reachable()  # an unmounted share: refused, nothing created
            target = self._target(session_id)
            st = self._check_target(target, session_id)
            mode = self.file_mode()  # 0600, or 0660 in a shared store (privacy.py), at every save
            if st is not None:
                self._keep_backup(target, st, mode)  # an older-version file: copied first
            if not here.existed:  # a store used for the first time: its folder is made now
                try:
                    make_folder(self.root, self.folder_mode())
                except FileExistsError:
                    raise StoreError(t("store.root_not_folder", root=self.root)) from None
                self._identity = identify(self.root, self.stat_root)
            self._fix_shared_modes()
            atomic_write(target, data, mode=mode, fs=self.fs,
                         before_replace=None if before_replace is None else lambda: before_replace(target))
            try:
                self._verified[target] = self._current[target] = stat_key(os.stat(target))
            except OSError:  # pragma: no cover - it was just written
                self._verified.pop(target, None)
        return target

    def check_reachable(self) -> None:
        """StoreUnreachable if the store's folder is gone or on another device since it was
        opened (an unmounted share); the presence and other ``.kyogitai/`` writes call it."""
        self._check_reachable()

    def _check_reachable(self) -> RootIdentity:
        known = self._identity
        now = check_same_root(self.root, known, self.stat_root)
        if known is None or not known.existed:
            self._identity = now
        return now

    def make_aux_folder(self, *parts: str) -> Path:
        """``<root>/.kyogitai[/<parts>]``, made if missing with the store's folder mode (0700, or
        2770 when shared, whatever the umask), after checking the store is reachable. Never
        makes the root itself: StoreUnreachable if there is none."""
        here = self._check_reachable()
        if not here.existed:
            raise StoreUnreachable(t("store.unreachable", root=self.root))
        folder = self.aux_dir.joinpath(*parts)
        make_folder(folder, self.folder_mode())
        self._fix_shared_modes()
        return folder

    def _fix_shared_modes(self) -> None:
        """Once per store: in a shared store, ``.kyogitai/`` and the folders in it that this user
        owns get 2770 if they have another mode (made by a umask of 022: 2755, and the other
        users could never write presence or backups again)."""
        if self._modes_checked:
            return
        self._modes_checked = True
        from facilitator.privacy import SHARED_FOLDER_MODE, is_shared

        if not is_shared(self.root) or not self.aux_dir.is_dir():
            return
        fix_folder_mode(self.aux_dir, SHARED_FOLDER_MODE)
        try:
            inside = [e.path for e in os.scandir(self.aux_dir) if e.is_dir(follow_symlinks=False)]
        except OSError:
            return
        for path in inside:
            fix_folder_mode(Path(path), SHARED_FOLDER_MODE)

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
        make_folder(self.backup_dir, self.folder_mode())
        if not backup.exists():
            atomic_write(backup, raw, mode=mode, fs=self.fs, sweep=True)
        if read_bytes(backup) != raw:  # pragma: no cover - a backup that is not the file
            raise StoreError(t("store.backup_unverified", name=target.name, backup=backup))

    def known_readable(self, path: Path, st: os.stat_result | None, *, current: bool) -> None:
        """A caller read ``path`` (with this stat) and parsed it as this store's session of that
        name (facilitator/sharing, before a save that merges); ``current``: in the current schema
        version. The save's checks need not parse it again while the file keeps that stat."""
        if st is not None:
            self._verified[Path(path)] = stat_key(st)
            if current:
                self._current[Path(path)] = stat_key(st)

    def file_of(self, session_id: str) -> Path:
        """The file a save of this session writes: ``<root>/<id>.json``, or the file it was read
        from if that was renamed by hand."""
        self._check_id(session_id)
        return self._target(session_id)

    def _target(self, session_id: str) -> Path:
        """``<id>.json``; a file renamed by hand if it is the only one with the id. Several files
        with the id (a sync client's conflict copies): always ``<id>.json``."""
        own = self.path_for(session_id)
        if session_id in self._conflicts:
            return own
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
