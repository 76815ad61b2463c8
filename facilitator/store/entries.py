"""What a read of the store reports: each file's status (ok / damaged / newer / conflict) with
its session when readable, the sessions and problems of a whole scan, and the files that share
an id."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from facilitator.i18n import Labels, t

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


def mark_conflicts(entries: list[ScanEntry]) -> None:
    """Every entry whose id another entry also carries becomes a "conflict" (in place)."""
    by_id: dict[str, list[ScanEntry]] = {}
    for e in entries:
        if e.id is not None:
            by_id.setdefault(e.id, []).append(e)
    for sid, group in by_id.items():
        if len(group) < 2:
            continue
        message = conflict_message(sid, [e.file for e in group])
        for e in group:
            if e.status != OK and e.error:
                e.error = t("store.conflict_this_file", message=message, error=e.error)
            else:
                e.error = message
            e.status = CONFLICT
