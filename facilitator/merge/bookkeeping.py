"""What the rules write into a session so that two writers' versions can be merged later:
tombstones (what was deleted, ``session.deleted``) and the logical clock (``session.clock``).

The meeting's rules call these: a deletion adds a tombstone (``bury``), putting an item back
removes it (``forget_tombstone``), every counted change ticks the clock (``tick``). Light on
purpose: no merging here, only bookkeeping.
"""

from __future__ import annotations

from facilitator.model import Attendee, Clock, Session
from facilitator.text import body_key

# The collections merged item by item, as named in ``session.deleted`` and in conflict paths.
ATTENDEES = "attendees"
ISSUES = "issues"
QUESTIONS = "questions"
IDEAS = "ideas"
HANDOFFS = "handoffs"
HOMEWORK = "homework"
CARDS = "board.items"
TOMBSTONED: tuple[str, ...] = (ATTENDEES, ISSUES, QUESTIONS, IDEAS, HANDOFFS, HOMEWORK, CARDS)

_process_token: str | None = None


def process_token() -> str:
    """This process's writer token: random, made once per process (two windows are two
    processes; two machines with the same host name still get different tokens)."""
    global _process_token
    if _process_token is None:
        import secrets  # with the first change, not at start (it loads OpenSSL for hashlib)

        _process_token = f"w-{secrets.token_hex(6)}"
    return _process_token


def attendee_key(name: str) -> str:
    """Attendees are one item per person: the name NFKC-normalised, spaces collapsed (全角 too)."""
    return body_key(name)


def item_key(collection: str, item: object) -> str:
    """The key an item is merged by and tombstoned under: its id, or an attendee's name key."""
    if collection == ATTENDEES:
        assert isinstance(item, Attendee)
        return attendee_key(item.name)
    return getattr(item, "id")  # type: ignore[no-any-return]


def bury(session: Session, collection: str, key: str) -> None:
    """Record a deletion: ``key`` goes into ``session.deleted[collection]`` (once)."""
    keys = session.deleted.setdefault(collection, [])
    if key not in keys:
        keys.append(key)


def forget_tombstone(session: Session, collection: str, key: str) -> None:
    """Undo a deletion's record: the item is back, so a merge must not remove it again. An
    emptied list is removed, and so is an emptied ``deleted``."""
    keys = session.deleted.get(collection)
    if keys is None or key not in keys:
        return
    rest = [k for k in keys if k != key]
    if rest:
        session.deleted[collection] = rest
    else:
        del session.deleted[collection]


def is_buried(session: Session, collection: str, key: str) -> bool:
    return key in session.deleted.get(collection, ())


def tick(session: Session, writer: str) -> None:
    """One counted change by ``writer``: the Lamport counter goes up by one (from wherever the
    last merge left it) and names this writer."""
    clock = session.clock
    if clock is None:
        session.clock = Clock(counter=1, writer=writer)
    else:
        clock.counter += 1
        clock.writer = writer
