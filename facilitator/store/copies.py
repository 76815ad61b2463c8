"""Merging a sync client's conflict copy into its session (the ``StoreCopies`` mixin).

A copy (``<id> (1).json``, ``<id>-PC.json`` …: ``entries.mark_conflicts``) holds what someone
typed on another machine while the two were apart. Merging it in uses
``facilitator.merge.merge_without_base`` (no common version is known: every item of either side
is kept, a field that differs keeps the clock's winner and the other value goes to the session's
``conflicts``, for the SC to decide in the meeting screen), writes the result to ``<id>.json``
and then moves the copy to ``<store>/.kyogitai/merged-copies/``.

Why move it rather than leave it marked as merged: a copy left beside the sessions still carries
the id, so every machine sharing the store would have to find and honour a "merged" mark to stop
reporting it, and a sync client could bring it back as new; moved, the list is clean on every
machine, and the file is still there to look at or delete by hand. Nothing is deleted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from facilitator.i18n import t
from facilitator.store.folder import StoreError
from facilitator.store.reading import parse_document, read_bytes, with_file
from facilitator.store.listing import StoreListing
from facilitator.store.writing import StoreWriting

MERGED_DIR_NAME = "merged-copies"
SAVE_ATTEMPTS = 8  # merged again at most this often while other writers keep saving


class _Moved(Exception):
    """Another writer replaced the session between its read and the merge's replace."""


def _still(path: Path, raw: bytes) -> None:
    try:
        now = read_bytes(path)
    except FileNotFoundError:
        now = b""
    if now != raw:
        raise _Moved


@dataclass(frozen=True)
class MergedCopy:
    session_id: str
    copy: str  # the copy's file name, as it was in the store
    moved_to: Path  # where it is now
    conflicts: int  # how many values the merge could not keep side by side (session.conflicts)


class StoreCopies(StoreListing, StoreWriting):
    """Sync copies of a session: merged in on request, then put aside."""

    @property
    def merged_dir(self) -> Path:
        """``<root>/.kyogitai/merged-copies``: the copies already merged into their sessions."""
        return self.aux_dir / MERGED_DIR_NAME

    def merge_copy(self, session_id: str, copy: Path | str) -> MergedCopy:
        """Merge the file ``copy`` (a file of the store carrying ``session_id`` that is not the
        session's own) into the session, save it to ``<id>.json``, move the copy aside.
        StoreError if it is not such a file or cannot be read; the store's errors if the save
        is refused (then the copy stays where it was)."""
        from facilitator.merge import merge_without_base

        self._check_id(session_id)
        path = Path(copy)
        if not path.is_absolute():
            path = self.root / path
        own = self.path_for(session_id)
        refused = StoreError(t("store.not_a_copy", file=path.name, id=session_id))
        if path.parent != self.root or path == own or not path.is_file():
            raise refused
        if not own.is_file() and path not in self.copies_of(session_id):
            raise refused  # without <id>.json, one of the files is the session: a scan says which
        other = self.load_path(path)
        if other.id != session_id:
            raise refused
        from facilitator.model import SessionFormatError
        from facilitator.session_json import session_to_json

        self.load(session_id)  # the refusals first; finds a file renamed by hand
        target = self.file_of(session_id)
        for _ in range(SAVE_ATTEMPTS):
            # Merged into the file as it is now and written only if it is still that file just
            # before the replace: a window that saved meanwhile is merged with, not overwritten
            # (no base is needed: the copy is merged into whatever the session holds).
            raw = read_bytes(target)
            try:
                session = parse_document(raw)
            except SessionFormatError as e:
                raise with_file(e, target) from None
            result = merge_without_base(session, other, now=datetime.now().astimezone())
            try:
                self.write_session(session_id, session_to_json(result.session).encode("utf-8"),
                                   before_replace=lambda p, raw=raw: _still(p, raw))
            except _Moved:
                continue
            break
        else:
            raise StoreError(t("sharing.busy"))
        moved = self._put_aside(path)
        if self._elsewhere.get(session_id) == path:  # read above: it is not where the session is
            del self._elsewhere[session_id]
        return MergedCopy(session_id, path.name, moved, len(result.conflicts))

    def merge_all_copies(self) -> list[MergedCopy]:
        """Every copy of every session merged in (``kyogitai check --merge-copies``), by name."""
        done = []
        for entry in self.scan().entries:
            if entry.id is not None and entry.copies:
                for copy in entry.copies:
                    done.append(self.merge_copy(entry.id, copy))
        return done

    def _put_aside(self, path: Path) -> Path:
        folder = self.make_aux_folder(MERGED_DIR_NAME)
        target = folder / path.name
        if target.exists():
            stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
            target = folder / f"{path.stem}.{stamp}{path.suffix}"
        os.rename(path, target)
        return target
