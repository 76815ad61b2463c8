"""What a writer that ignores the merge (a script's load → change → ``os.replace``) can drop:
items and tombstones of a version it never saw. Absence is not deletion — the merge keeps such
an item — but the file no longer holds it: the window that had it must write it back, or it is
on that window's screen only (docs/reliability.md "Many writers")."""

from __future__ import annotations

from facilitator.merge.bookkeeping import attendee_key
from facilitator.merge.items import COLLECTIONS
from facilitator.model import Session


def dropped(base: Session, later: Session) -> bool:
    """Does ``later`` lack an item of ``base`` without a tombstone for it, or a tombstone of
    ``base``? Only a writer that wrote over ``base`` without reading it drops those (a kyogitai
    writer deletes with a tombstone and never forgets one)."""
    for c in COLLECTIONS:
        if not c.tombstoned:
            continue
        buried = set(later.deleted.get(c.name, ()))
        if not set(base.deleted.get(c.name, ())) <= buried:
            return True
        here = {_key(c.name, x) for x in c.items(later)}
        if any(_key(c.name, x) not in here and _key(c.name, x) not in buried for x in c.items(base)):
            return True
    return False


def _key(collection: str, item: object) -> str:
    if collection == "attendees":
        return attendee_key(getattr(item, "name"))
    return getattr(item, "id")  # type: ignore[no-any-return]
