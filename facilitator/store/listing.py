"""Finding sessions in a store without changing anything: its session files, a scan of all of
them, a body's sessions (only that body's files decoded), and one session loaded by id (a file
renamed by hand still found) or by path."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from facilitator.i18n import t
from facilitator.store.entries import (
    CONFLICT,
    OK,
    ScanEntry,
    ScanResult,
    conflict_message,
    mark_conflicts,
    pick_canonical,
)
from facilitator.store.folder import SESSION_SUFFIX, StoreError, StoreFolder
from facilitator.store.reach import identify
from facilitator.store.reading import (
    Parsed,
    classify,
    parse_document,
    read_bytes,
    read_json,
    session_order_key,
    stat_key,
    with_file,
)
from facilitator.text import body_key

if TYPE_CHECKING:  # the model is imported with the first file read or written: the home
    from facilitator.model import Session  # screen's first frame needs none


class StoreListing(StoreFolder):
    """Listing, scanning and loading; what is read is remembered (readable files, renamed files,
    ids in several files) for the writes that follow."""

    # -- listing and scanning ------------------------------------------------------------------

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
        self._remember_root()
        return sorted(found, key=lambda p: p.name)

    def _remember_root(self) -> None:
        """The root's identity, the first time it is found (store/reach.py): later writes check
        it is still the same folder on the same device."""
        if self._identity is None or not self._identity.existed:
            try:
                self._identity = identify(self.root, self.stat_root)
            except (OSError, StoreError):
                pass

    def read_entry(self, path: Path) -> ScanEntry | None:
        """One file, read and classified (used by scan and the index; never writes)."""
        parsed = read_json(Path(path))
        return None if parsed is None else self._finish(parsed)

    def _finish(self, parsed: Parsed) -> ScanEntry:
        entry = classify(parsed)
        if entry.status == OK and entry.stat is not None:
            self._verified[entry.path] = stat_key(entry.stat)
        return entry

    def _survey(self, skip: Callable[[Path], bool] | None = None) -> list[Parsed]:
        """Every session file read as JSON (not yet decoded as sessions); ``skip``: files left unread."""
        files = self.files() if skip is None else [f for f in self.files() if not skip(f)]
        return [p for p in map(read_json, files) if p is not None]

    def _learn_conflicts(self, ids: list[tuple[str | None, Path, bool]]) -> set[str]:
        """Learn the ids several files carry (sid, path, readable) and which file is each one's
        session (``entries.pick_canonical``); the names of the other files, its copies."""
        by_id: dict[str, list[tuple[str, bool]]] = {}
        for sid, path, readable in ids:
            if sid is not None:
                by_id.setdefault(sid, []).append((path.name, readable))
        self._conflicts = {sid: [n for n, _ in files] for sid, files in by_id.items() if len(files) > 1}
        copies: set[str] = set()
        for sid, files in by_id.items():
            if len(files) < 2:
                continue
            chosen = pick_canonical(sid, files)
            self._elsewhere.pop(sid, None)
            if chosen is not None and chosen != f"{sid}{SESSION_SUFFIX}":
                self._elsewhere[sid] = self.root / chosen  # read from there, saved to <id>.json
            copies.update(n for n, _ in files if n != chosen)
        return copies

    def copies_of(self, session_id: str) -> list[Path]:
        """The other files that carry this session's id (sync clients' conflict copies), by name,
        as a scan finds them now."""
        for e in self.scan().entries:
            if e.id == session_id and e.copies:
                return list(e.copies)
        return []

    def scan(self, keep: Callable[[Parsed], bool] | None = None, *,
             skip: Callable[[Path], bool] | None = None) -> ScanResult:
        """Read every session file. Damaged, newer and conflicting files are reported, not fixed;
        a session's copies are reported beside it (``ScanEntry.copies``).

        ``keep``: decode only the files whose JSON it accepts (a cheap pre-pass on the raw
        document, e.g. its date: the year's report); files that are not JSON are always reported.
        ``skip``: files not read at all (a look at the file's head, ``store/head.py``, that is
        sure they are not wanted)."""
        parsed = self._survey(skip)
        if keep is not None:
            parsed = [p for p in parsed if p.failed is not None or keep(p)]
        entries = [self._finish(p) for p in parsed]
        mark_conflicts(entries)
        self._learn_conflicts([(e.id, e.path, e.status in (OK, CONFLICT) and e.session is not None)
                               for e in entries])
        for e in entries:
            if e.status == OK and e.id is not None and e.path.stem != e.id:
                self._elsewhere[e.id] = e.path
        return ScanResult(entries)

    def _of_body(self, name: str) -> list[Parsed]:
        """The files that claim to be of this body, copies of a session left out (not decoded)."""
        key = body_key(name)
        parsed = self._survey()
        copies = self._learn_conflicts([(p.id, p.path, p.failed is None) for p in parsed])
        return [p for p in parsed if p.failed is None and p.path.name not in copies and p.body_key() == key]

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

        Only that body's files are decoded; damaged and newer ones, and sync copies of a
        session, are left out.
        """
        found = [e.session for e in map(self._finish, self._of_body(name)) if e.status == OK and e.session]
        return sorted(found, key=session_order_key)

    def latest_of_body(self, body_name: str, exclude_id: str | None = None) -> Session | None:
        """The body's latest readable session by (date, created_at), other than ``exclude_id``.

        Damaged, newer-schema files and sync copies are skipped (``scan().warnings()`` says
        which). Candidates are decoded newest first until one reads.
        """
        candidates = [p for p in self._of_body(body_name) if p.id != exclude_id]
        candidates.sort(key=Parsed.order_key, reverse=True)
        for parsed in candidates:
            entry = self._finish(parsed)
            if entry.status == OK and entry.session is not None:
                return entry.session
        return None

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
            session = parse_document(read_bytes(path))
        except FileNotFoundError:
            raise StoreError(t("store.no_file", path=path)) from None
        except IsADirectoryError:
            raise StoreError(t("store.is_folder", path=path)) from None
        except SessionFormatError as e:  # too large, NewerSchemaError included
            raise with_file(e, path) from None
        self._verified[path] = stat_key(st)
        if path.parent == self.root:
            self._remember_root()
        if path.stem != session.id and path.parent == self.root:
            self._elsewhere.setdefault(session.id, path)
        return session


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:  # pragma: no cover
        return False
