"""Following homework (宿題・継続協議) across a body's sessions.

A carried copy keeps its id, so an item that went from meeting to meeting appears once: the copy in
the latest session that holds it (greatest date, created_at) is the current one, the others are
its history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from facilitator.i18n import t
from facilitator.index.facts import SessionHomework
from facilitator.meeting import Meeting
from facilitator.model import Homework, Session
from facilitator.store import Store
from facilitator.text import body_key


@dataclass(frozen=True)
class TrackedHomework:
    item: Homework  # the copy in the latest session that holds it
    session: Session | SessionHomework  # that session (from its file, or as the index keeps it)
    history: tuple[str, ...]  # ids of every session holding it, oldest first

    @property
    def carried(self) -> int:
        """How many meetings it has been carried into (0 = written down in this one)."""
        return len(self.history) - 1

    @property
    def origin_session(self) -> str:
        return self.item.origin_session or self.history[0]

    def due_date(self) -> date | None:
        try:
            return date.fromisoformat(self.item.due) if self.item.due else None
        except ValueError:
            return None  # a due written in words (「次回まで」)

    def overdue(self, today: date) -> bool:
        due = self.due_date()
        return self.item.status == "open" and due is not None and due < today


def _order(s: Session | SessionHomework) -> tuple[str, str]:
    return (s.date, s.created_at)


def track_homework(
    sessions: Iterable[Session | SessionHomework], *, body: str | None = None, open_only: bool = True
) -> list[TrackedHomework]:
    """Every homework id once, from its latest session; open ones only unless told otherwise.
    The sessions read from their files, or as the index keeps them (``Index.homework_sessions``:
    no file read, the tracker's way at 10,000 sessions).

    Sorted by body, then due date (undated last), then text.
    """
    wanted = body_key(body) if body else None
    chosen = sorted(
        (s for s in sessions if wanted is None or body_key(s.body.name) == wanted), key=_order
    )
    latest: dict[str, tuple[Homework, Session | SessionHomework]] = {}
    history: dict[str, list[str]] = {}
    for s in chosen:  # oldest first, so later sessions win
        for hw in s.homework:
            latest[hw.id] = (hw, s)
            history.setdefault(hw.id, []).append(s.id)
    tracked = [
        TrackedHomework(item=hw, session=s, history=tuple(history[hid]))
        for hid, (hw, s) in latest.items()
        if not open_only or hw.status == "open"
    ]
    tracked.sort(key=lambda t: (body_key(t.session.body.name), t.due_date() or date.max, t.item.text))
    return tracked


def set_status_in_store(store: Store, session_id: str, homework_id: str, status: str,
                        reason: str | None, now: Callable[[], datetime]) -> Session:
    """Mark a homework item done or dropped in the session file as it is now (from the homework
    tracker, outside any meeting): open, change, save — the save merges with what another
    window saved since the read, as a window's own does (facilitator.sharing.change_in_store;
    docs/reliability.md "Many writers"). No lock: other windows may have the session open too.

    Raises ``RuleError`` for a status the rules refuse, ``ValueError``/``OSError`` for a file
    that can't be read or written."""
    from facilitator.sharing import change_in_store

    def mark(session: Session) -> None:
        Meeting(session, running=False, now=now).set_homework_status(homework_id, status, reason)

    return change_in_store(store, session_id, mark, now=now)
