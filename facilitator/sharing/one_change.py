"""One change to a session from outside any open window — the homework tracker marking an item
done, a sync copy merged in — made the way a window saves: open, change, save, where the save
merges with whatever another writer saved since the read (facilitator.sharing.SessionFile). A
window that saves between this read and this write keeps its edit; so does this change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from facilitator.model import Session
from facilitator.session_json import session_to_json
from facilitator.sharing.session_file import SessionFile, _now
from facilitator.store import Store


def change_in_store(store: Store, session_id: str, change: Callable[[Session], Session | None], *,
                    now: Callable[[], datetime] = _now) -> Session:
    """Load the session, ``change`` it (in place, or return the session to write instead), save
    it merged with the disk; the session as written (the change and every other writer's). The
    store's and the model's errors are raised; so is whatever ``change`` raises (then nothing
    is written)."""
    session = store.load(session_id)
    opened = session_to_json(session).encode("utf-8")
    file = SessionFile(store, session_id, now=now)  # no recovery copy: nothing typed to keep
    try:
        file.open(opened)
        session = change(session) or session
        saved = file.save(session_to_json(session).encode("utf-8"))
    finally:
        file.close()
    return saved.merged if saved.merged is not None else session  # the file object is gone: theirs now
