"""Reading one session file, never modifying it: its bytes, its JSON (an older version upgraded),
and the session in it or the reason there is none (a :class:`ScanEntry`); the order of sessions."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitator.i18n import t
from facilitator.ids import is_valid_session_id
from facilitator.store.entries import DAMAGED, NEWER, OK, ScanEntry
from facilitator.text import body_key

if TYPE_CHECKING:  # the model is imported with the first file read or written: the home
    from facilitator.model import Session, SessionFormatError  # screen's first frame needs none


def read_bytes(path: Path, attempts: int = 3) -> bytes:
    # Windows: a file that is being replaced can refuse to open for a moment.
    for attempt in range(attempts):
        try:
            with open(path, "rb") as f:
                return f.read()
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
        raw = read_bytes(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        reason = t("store.unreadable", error=e.strerror or e.__class__.__name__)
        return Parsed(path, None, failed=ScanEntry(path, DAMAGED, reason))
    try:
        data = parse_json(raw)
    except SessionFormatError as e:
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


def with_file(err: SessionFormatError, path: Path) -> SessionFormatError:
    """The model's error, same type, with the file name in front of its message."""
    err.args = (f"{path.name}: {err}",)
    err.file = path  # type: ignore[attr-defined]
    return err
