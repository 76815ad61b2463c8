"""The store and the session a command names: ``--store DIR`` resolved, an id checked and loaded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitator import i18n
from facilitator.cli.errors import CliError
from facilitator.i18n import t as tr
from facilitator.ids import is_valid_session_id
from facilitator.store import Store, StoreLocation, resolve_store

if TYPE_CHECKING:
    import argparse

    from facilitator.model import Session


def store_location(args: argparse.Namespace) -> StoreLocation:
    location = resolve_store(getattr(args, "store", None))
    if i18n.use_store(location.path):  # the store's language setting (settings.toml): its reason in it
        location = resolve_store(getattr(args, "store", None))
    return location


def open_store(args: argparse.Namespace) -> Store:
    return Store(store_location(args).path)


def load_session(store: Store, session_id: str) -> Session:
    if not is_valid_session_id(session_id):
        raise CliError(tr("store.bad_id", id=repr(session_id)))
    return store.load(session_id)


def previous_session(store: Store, session: Session) -> Session | None:
    """The session ``session`` carried over from; None when it has none or it cannot be read."""
    if not session.previous_session:
        return None
    try:
        return store.load(session.previous_session)
    except (ValueError, OSError):
        return None  # the minutes say what they can without it
