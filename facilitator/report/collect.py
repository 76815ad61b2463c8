"""The sessions a year's report counts, read from a store: a file whose head dates it in another
年度 is not read, and of the rest only the files dated in the 年度 are decoded (a cheap pre-pass on
each file's JSON), so a store of many years reports one year fast."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from facilitator.dates import fiscal_year_range
from facilitator.model import SCHEMA_VERSION, Session
from facilitator.store import Store
from facilitator.store.head import read_head
from facilitator.store.reading import Parsed


def _dated_in(first: date, last: date):  # type: ignore[no-untyped-def]
    def keep(p: Parsed) -> bool:
        value = p.data.get("date") if isinstance(p.data, dict) else None
        try:
            day = date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        return day is None or first <= day <= last  # no readable date: decoded, so reported

    return keep


def _dated_outside(first: date, last: date):  # type: ignore[no-untyped-def]
    """A file whose head (kyogitai's layout, the current schema) dates it outside the 年度: not
    read at all. A ten-year archive's report reads one year's files, not every file."""
    def skip(path: Path) -> bool:
        head = read_head(path, ("date",), SCHEMA_VERSION)
        value = head.get("date") if head is not None else None
        try:
            day = date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        return day is not None and not first <= day <= last

    return skip


def year_sessions(store: Store, fy: int) -> tuple[list[Session], list[str]]:
    """The readable sessions dated in 年度 ``fy``, and the names of the files that could not be
    read (damaged, written by a newer kyogitai, or a second file with a session's id) among those
    that may belong to it."""
    first, last = fiscal_year_range(fy)
    scan = store.scan(keep=_dated_in(first, last), skip=_dated_outside(first, last))
    return [s for s, _ in scan.sessions], [e.file for e in scan.problems]
