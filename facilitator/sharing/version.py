"""A version of a session document: its bytes, their content hash, the Session parsed from them
on first use (facilitator/sharing).

Parsing is most of a save that merges (three documents of a 1,000-idea session: the disk's, the
base's, the window's snapshot), and the three are nearly the same document. A version parsed
*like* another one (``like``, parsed already) decodes only the items that differ from that
one's: an item whose JSON is equal to the other's item of the same id is that one's object. The
versions are read-only (the merge never changes its inputs), so they may share items. A parsed
version keeps its parsed JSON too (a few MB for a 1,000-idea session: the base, while it is
one), for the next version parsed like it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from facilitator.model import SCHEMA_VERSION, Session, SessionFormatError
from facilitator.session_load import parse_json, session_from_dict

# The item lists decoded one by one and shared between versions (the board's cards too).
SHARED_LISTS = ("attendees", "steps", "issues", "questions", "ideas", "handoffs", "homework")


def content_hash(data: bytes) -> str:
    import hashlib  # with the first save or poll, not at start

    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class Version:
    """A document as bytes (a file's, or what is about to be one) and their hash; the Session
    parsed from them on first use. Read-only: a meeting gets a copy (``fresh``, or the merge of
    it with its own session, which shares no object with its inputs). ``like``: a version it
    is probably close to, whose unchanged items it takes when it is parsed (then forgotten)."""

    data: bytes
    hash: str = ""
    _session: Session | None = field(default=None, repr=False)
    stat: os.stat_result | None = field(default=None, repr=False)  # of the file it was read from
    like: Version | None = field(default=None, repr=False)
    _raw: Any = field(default=None, repr=False)  # the JSON document, while it may be reused

    def __post_init__(self) -> None:
        if not self.hash:
            self.hash = content_hash(self.data)

    @property
    def session(self) -> Session:
        if self._session is None:
            self._raw = parse_json(self.data)
            like, self.like = self.like, None
            self._session = _decode(self._raw, like)
        return self._session

    def raw(self) -> Any:
        """The document as parsed JSON: positionally the Session's items (it was decoded from
        it, or serialised to it)."""
        if self._raw is None:
            self._raw = parse_json(self.data)
        return self._raw

    def fresh(self) -> Session:
        """A Session of its own, parsed again (the caller may change it)."""
        return session_from_dict(parse_json(self.data))


def _decode(raw: Any, like: Version | None) -> Session:
    if like is None or like.hash == "" or not _current(raw):
        return session_from_dict(raw)
    try:
        old = like.session
        old_raw = like.raw()
    except SessionFormatError:  # a neighbour that does not parse: this one is parsed on its own
        return session_from_dict(raw)
    if not _current(old_raw):
        return session_from_dict(raw)
    pruned = dict(raw)
    kept: dict[str, list[Any]] = {}
    for name in SHARED_LISTS:
        todo = _reuse(raw.get(name), old_raw.get(name), getattr(old, name), kept, name)
        if todo is not None:
            pruned[name] = todo
    board, old_board = raw.get("board"), old_raw.get("board")
    if isinstance(board, dict) and isinstance(old_board, dict):
        todo = _reuse(board.get("items"), old_board.get("items"), old.board.items, kept, "board.items")
        if todo is not None:
            pruned["board"] = {**board, "items": todo}
    session = session_from_dict(pruned)
    for name, objects in kept.items():
        owner = session.board if name == "board.items" else session
        attr = "items" if name == "board.items" else name
        decoded = iter(getattr(owner, attr))
        setattr(owner, attr, [o if o is not None else next(decoded) for o in objects])
    return session


def _reuse(items: Any, old_items: Any, old_objects: list[Any], kept: dict[str, list[Any]], name: str) -> list[Any] | None:
    """The items of ``items`` to decode (None: all of them); the objects reused go to ``kept``."""
    if not isinstance(items, list) or not isinstance(old_items, list) or len(old_items) != len(old_objects):
        return None
    where: dict[Any, int] | None = None
    objects: list[Any] = []
    todo = []
    n = len(old_items)
    for j, d in enumerate(items):
        if j < n and old_items[j] == d:  # most items: unchanged, in the same place
            objects.append(old_objects[j])
            continue
        if where is None:
            where = {_key(x): i for i, x in enumerate(old_items)}
        i = where.get(_key(d))
        if i is not None and old_items[i] == d:
            objects.append(old_objects[i])
        else:
            objects.append(None)
            todo.append(d)
    if len(todo) == len(items):
        return None
    kept[name] = objects
    return todo


def _key(d: Any) -> Any:
    return (d.get("id"), d.get("name")) if isinstance(d, dict) else None


def _current(raw: Any) -> bool:
    return isinstance(raw, dict) and raw.get("schema_version") == SCHEMA_VERSION
