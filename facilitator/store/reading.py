"""Reading one session file, never modifying it: its bytes, its JSON (an older version upgraded),
and the session in it or the reason there is none (a :class:`ScanEntry`); the order of sessions."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitator.i18n import t
from facilitator.ids import is_valid_session_id
from facilitator.store.entries import DAMAGED, NEWER, OK, ScanEntry
from facilitator.text import body_key

if TYPE_CHECKING:  # the model is imported with the first file read or written: the home
    from facilitator.model import Session, SessionFormatError  # screen's first frame needs none


# A session file is a few hundred KiB (10,000 ideas: about 3 MB). One far larger is not one, and
# reading it would cost the whole machine's memory (a 99 MB file took 2.5 GB to parse): it is
# refused unread, its size checked before a byte is read.
MAX_SESSION_BYTES = 50 * 1024 * 1024


def too_large(size: int) -> SessionFormatError:
    """The model's format error for a file over :data:`MAX_SESSION_BYTES`, in the UI language."""
    from facilitator.model import SessionFormatError

    return SessionFormatError("", t("store.too_large", size=_megabytes(size),
                                    limit=_megabytes(MAX_SESSION_BYTES)))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def read_bytes(path: Path, attempts: int = 3, limit: int | None = MAX_SESSION_BYTES) -> bytes:
    """The file's bytes. A file over ``limit`` raises the model's SessionFormatError
    (:func:`too_large`) without being read: its size is checked on the open file first, and no
    more than ``limit`` + 1 bytes are ever read (a file growing meanwhile is refused too)."""
    # Windows: a file that is being replaced can refuse to open for a moment.
    for attempt in range(attempts):
        try:
            with open(path, "rb") as f:
                if limit is None:
                    return f.read()
                size = os.fstat(f.fileno()).st_size
                if size > limit:
                    raise too_large(size)
                data = f.read(limit + 1)
                if len(data) > limit:
                    raise too_large(len(data))
                return data
        except PermissionError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05)
    raise AssertionError("unreachable")  # pragma: no cover


def parse_json(raw: bytes) -> Any:
    """The parsed JSON of a file's bytes, or the model's one-line SessionFormatError.

    A UTF-8 byte order mark (Windows Notepad) is tolerated.
    """
    from facilitator import session_load

    return session_load.parse_json(raw)  # NaN, huge numbers, bad UTF-8, deep nesting: SessionFormatError


def parse_document(raw: bytes) -> Session:
    """A Session from a file's bytes; raises the model's errors (NewerSchemaError included)."""
    from facilitator.model import SessionFormatError
    from facilitator.session_load import session_from_dict

    data = parse_json(raw)
    try:
        return session_from_dict(data)
    except RecursionError:
        raise SessionFormatError("", t("model.too_deep")) from None


def raw_id(data: Any) -> str | None:
    if isinstance(data, dict):
        value = data.get("id")
        if isinstance(value, str) and is_valid_session_id(value):
            return value
    return None


@dataclass
class Parsed:
    """A file read as JSON but not yet decoded as a session (cheap: a store-wide pre-pass)."""

    path: Path
    stat: os.stat_result | None
    data: Any = None
    failed: ScanEntry | None = None  # unreadable or not JSON: already classified

    @property
    def id(self) -> str | None:
        return raw_id(self.data)

    def body_key(self) -> str | None:
        body = self.data.get("body") if isinstance(self.data, dict) else None
        name = body.get("name") if isinstance(body, dict) else None
        return body_key(name) if isinstance(name, str) else None

    def order_key(self) -> tuple[str, datetime, str]:
        d = self.data if isinstance(self.data, dict) else {}
        day, created = d.get("date"), d.get("created_at")
        return (
            day if isinstance(day, str) else "",
            _created_key(created if isinstance(created, str) else ""),
            self.id or "",
        )


def read_json(path: Path) -> Parsed | None:
    from facilitator.model import SessionFormatError

    try:
        st = os.stat(path)
        data = parse_json(read_bytes(path))
    except FileNotFoundError:
        return None
    except OSError as e:
        reason = t("store.unreadable", error=e.strerror or e.__class__.__name__)
        return Parsed(path, None, failed=ScanEntry(path, DAMAGED, reason))
    except SessionFormatError as e:  # too large, not JSON
        return Parsed(path, st, failed=ScanEntry(path, DAMAGED, str(e), stat=st))
    return Parsed(path, st, _upgraded(data))


def _upgraded(data: Any) -> Any:
    """An older document as the current version (migrate.py), so that a store-wide pass sees its
    body, date and id where a current one has them; anything else as it is (classified later)."""
    from facilitator.migrate import upgrade
    from facilitator.model import SessionFormatError

    try:
        return upgrade(data)[0]
    except SessionFormatError:  # NewerSchemaError included
        return data


def classify(p: Parsed) -> ScanEntry:
    from facilitator.model import NewerSchemaError, SessionFormatError
    from facilitator.session_load import session_from_dict

    if p.failed is not None:
        return p.failed
    try:
        session = session_from_dict(p.data)
    except NewerSchemaError as e:
        return ScanEntry(p.path, NEWER, str(e), id=p.id, stat=p.stat)
    except SessionFormatError as e:
        return ScanEntry(p.path, DAMAGED, str(e), id=p.id, stat=p.stat)
    except RecursionError:
        return ScanEntry(p.path, DAMAGED, t("model.too_deep"), id=p.id, stat=p.stat)
    return ScanEntry(p.path, OK, None, id=session.id, session=session, stat=p.stat)


def read_entry(path: Path) -> ScanEntry | None:
    """Read and classify one file (never modifies it). None if it vanished meanwhile."""
    parsed = read_json(Path(path))
    return None if parsed is None else classify(parsed)


def stat_key(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _created_key(value: str) -> datetime:
    try:
        dt = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return datetime.min.replace(tzinfo=timezone.utc)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt


def session_order_key(session: Session) -> tuple[str, datetime, str]:
    """The order carry-over goes by: (date, created_at) — created_at compared as an instant."""
    return (session.date, _created_key(session.created_at), session.id)


def in_carry_order(sessions: Iterable[Session]) -> list[Session]:
    """``sorted(sessions, key=session_order_key)``, parsing ``created_at`` only where two sessions
    share a date (10,000 sessions: ~4 ms instead of ~15)."""
    ordered = sorted(sessions, key=_DATE)
    start = 0
    for end in range(1, len(ordered) + 1):
        if end == len(ordered) or ordered[end].date != ordered[start].date:
            if end - start > 1:
                ordered[start:end] = sorted(ordered[start:end], key=session_order_key)
            start = end
    return ordered


_DATE = attrgetter("date")


def with_file(err: SessionFormatError, path: Path) -> SessionFormatError:
    """The model's error, same type, with the file name in front of its message."""
    err.args = (f"{path.name}: {err}",)
    err.file = path  # type: ignore[attr-defined]
    return err
