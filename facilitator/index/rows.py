"""Index rows: what listing needs of one session file, its search text, and the rows' order."""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from facilitator.dates import fiscal_year as _fiscal_year
from facilitator.i18n import language
from facilitator.store import CONFLICT, DAMAGED, NEWER, OK, ScanEntry
from facilitator.text import body_key, normalize

if TYPE_CHECKING:
    from facilitator.model import Session


def searchable_text(s: Session) -> str:
    """Everything a search looks at, normalised (``text.normalize``)."""
    parts: list[str | None] = [s.title, s.body.name, s.place]
    for issue in s.issues:
        parts += [issue.title, issue.detail]
    parts += [q.text for q in s.questions]
    for idea in s.ideas:
        parts += [idea.text, idea.author]
    parts += [h.action for h in s.handoffs]
    parts += [h.text for h in s.homework]
    parts.append(s.review)
    parts += s.next_meeting.agenda
    parts.append(s.board.vision)
    for item in s.board.items:
        parts.append(item.text)
        parts += item.meanings
    return normalize(" ".join(p for p in parts if p))


def row_of(entry: ScanEntry) -> dict[str, Any]:
    """The index row of one file (status "ok", "damaged" or "newer"; conflicts are computed)."""
    st = entry.stat
    row: dict[str, Any] = {
        "file": entry.path.name,
        "mtime_ns": st.st_mtime_ns if st else 0,
        "size": st.st_size if st else -1,
        "ino": st.st_ino if st else 0,
        # Conflicts are computed at query time; a row stores what the file itself is.
        "status": entry.status if entry.status != CONFLICT else (OK if entry.session else DAMAGED),
        "error": entry.error,
        "id": entry.id,
    }
    if entry.error:
        row["lang"] = language()  # the error is worded in the UI language: re-read in another one
    s = entry.session
    if s is None or entry.status not in (OK, CONFLICT):
        return row
    row.update(
        body=s.body.name,
        body_key=body_key(s.body.name),
        layer=s.body.layer,
        title=s.title,
        date=s.date,
        start_time=s.start_time,
        end_time=s.end_time,
        place=s.place,
        template=s.template,
        created_at=s.created_at,
        updated_at=s.updated_at,
        previous_session=s.previous_session,
        counts={
            "ideas": len(s.ideas),
            "handoffs": sum(1 for h in s.handoffs if not h.from_session),  # carried: counted once
            "open_homework": sum(1 for h in s.homework if h.status == "open"),
            "issues": len(s.issues),
            "board_items": len(s.board.items),
        },
        # For the home filters and the year plan (年間計画), without loading the session.
        fiscal_year=_fiscal_year(s.date),
        next_meeting={
            "date": s.next_meeting.date,
            "start_time": s.next_meeting.start_time,
            "place": s.next_meeting.place,
            "agenda": list(s.next_meeting.agenda),
        },
        issue_titles=[i.title for i in s.issues],
        requests=sum(1 for i in s.ideas if i.kind == "request"),
    )
    return row


_ROW_TYPES: dict[str, tuple[type, ...]] = {
    "file": (str,),
    "mtime_ns": (int,),
    "size": (int,),
    "ino": (int,),
    "status": (str,),
}
_OK_ROW_TYPES: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "body": (str,),
    "body_key": (str,),
    "title": (str,),
    "date": (str,),
    "created_at": (str,),
    "counts": (dict,),
}


def row_is_sound(row: Any) -> bool:
    """A row as read from the index file is in our shape (else the index is rebuilt)."""
    if not isinstance(row, dict):
        return False
    if not all(isinstance(row.get(k), t) for k, t in _ROW_TYPES.items()):
        return False
    if row["status"] == OK:
        return all(isinstance(row.get(k), t) for k, t in _OK_ROW_TYPES.items())
    return row["status"] in (DAMAGED, NEWER)


@lru_cache(maxsize=8192)  # sorting 1,000 rows parsed every created_at on every refresh
def _instant(value: Any) -> str:
    """created_at as a sortable UTC string (offsets differ between machines)."""
    try:
        dt = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).isoformat()


def newest_first_key(row: dict[str, Any]) -> tuple[str, str, str]:
    """The key that sorts rows newest first (reversed): date, created_at as a UTC instant, id."""
    return (row.get("date") or "", _instant(row.get("created_at")), row.get("id") or "")
