"""What a read of the store reports: each file's status (ok / damaged / newer / conflict) with
its session when readable, the sessions and problems of a whole scan, and the files that share
an id.

Files sharing an id are a sync client's conflict copies (OneDrive ``<id>-<PC>.json``, Dropbox
``<id> (… conflicted copy …).json``, Google Drive ``<id> (1).json``, Syncthing
``<id>.sync-conflict-….json``) or a copy made by hand. The session stays listed and savable:
its file is ``<id>.json`` (:func:`pick_canonical`; without one, the first readable by name), and
the others are reported as its copies (status "conflict"), to be merged in
(``Store.merge_copy``)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from facilitator.i18n import Labels, t
from facilitator.store.folder import SESSION_SUFFIX

if TYPE_CHECKING:  # the model is imported with the first file read or written
    from facilitator.model import Session

OK = "ok"
DAMAGED = "damaged"
NEWER = "newer"
CONFLICT = "conflict"
# What a file with a problem is called in warning lists, in the UI language.
PROBLEM_LABELS = Labels({DAMAGED: "store.problem_damaged", NEWER: "store.problem_newer",
                         CONFLICT: "store.problem_conflict"})


@dataclass
class ScanEntry:
    """One ``*.json`` file of the store as read: its status and, when readable, its session."""

    path: Path
    status: str  # "ok" | "damaged" | "newer" | "conflict"
    error: str | None = None
    id: str | None = None  # the document's id when it has a usable one (even if damaged)
    session: Session | None = field(default=None, repr=False)
    stat: os.stat_result | None = field(default=None, repr=False)
    copies: list[Path] = field(default_factory=list)  # the session's: other files with its id
    copy_of: Path | None = None  # a copy's: the session's own file

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def name_differs(self) -> bool:
        """A readable file whose name is not ``<id>.json`` (fine unless the id collides)."""
        return self.id is not None and self.path.stem != self.id

    def message(self) -> str:
        """One line for a warning list, in the UI language."""
        if self.status == OK:
            note = t("store.id_note", id=self.id) if self.name_differs else ""
            return f"{self.file}{note}"
        label = PROBLEM_LABELS[self.status] if self.status in PROBLEM_LABELS else self.status
        text = f"{label}: {self.file}"
        return f"{text} — {self.error}" if self.error else text


class StoredSession(NamedTuple):
    session: Session
    path: Path


@dataclass
class ScanResult:
    entries: list[ScanEntry]

    @property
    def sessions(self) -> list[StoredSession]:
        """Readable, non-conflicting sessions, with their paths."""
        return [StoredSession(e.session, e.path) for e in self.entries if e.status == OK and e.session]

    @property
    def problems(self) -> list[ScanEntry]:
        return [e for e in self.entries if e.status != OK]

    def warnings(self) -> list[str]:
        return [e.message() for e in self.problems]


def conflict_message(session_id: str, files: list[str]) -> str:
    """The one line that says which files carry the same id."""
    return t("store.conflict", id=session_id, files=", ".join(sorted(files)))


def copy_message(canonical: str) -> str:
    """The one line that says a file is another version of a listed session, to be merged in."""
    return t("store.copy", canonical=canonical)


def pick_canonical(session_id: str, files: list[tuple[str, bool]]) -> str | None:
    """Of the files carrying one id (name, readable), the session's own: ``<id>.json`` if among
    them (readable or not: then nothing is listed, as for any unreadable file), else the first
    readable one by name (the same on every machine). None if none is."""
    own = f"{session_id}{SESSION_SUFFIX}"
    if any(name == own for name, _ in files):
        return own
    readable = sorted(name for name, ok in files if ok)
    return readable[0] if readable else None


def mark_conflicts(entries: list[ScanEntry]) -> None:
    """Entries sharing an id: the session's own file (:func:`pick_canonical`) stays as it is,
    with ``copies``; the others become "conflict" copies of it (in place). With no readable own
    file, every one of them becomes a "conflict"."""
    by_id: dict[str, list[ScanEntry]] = {}
    for e in entries:
        if e.id is not None:
            by_id.setdefault(e.id, []).append(e)
    for sid, group in by_id.items():
        if len(group) < 2:
            continue
        chosen = pick_canonical(sid, [(e.file, e.status == OK) for e in group])
        main = next((e for e in group if e.file == chosen), None)
        if main is not None and main.status == OK:
            main.copies = sorted((e.path for e in group if e is not main), key=lambda p: p.name)
            for e in group:
                if e is not main:
                    _mark(e, copy_message(main.file))
                    e.copy_of = main.path
            continue
        message = conflict_message(sid, [e.file for e in group])
        for e in group:
            if e.status != OK and e.error:
                e.error = t("store.conflict_this_file", message=message, error=e.error)
            else:
                e.error = message
            e.status = CONFLICT


def _mark(e: ScanEntry, message: str) -> None:
    e.error = t("store.conflict_this_file", message=message, error=e.error) if e.status != OK and e.error else message
    e.status = CONFLICT
