"""A version of a session document: its bytes, their content hash, the Session parsed from them
on first use (facilitator/sharing).

Parsing is most of a save that merges (three documents of a 1,000-idea session: the disk's, the
base's, the window's snapshot), and the three are nearly the same document. A version parsed
*like* another one (``like``, parsed already) parses only the items whose text differs from that
one's (facilitator/sharing/scan.py): an item whose JSON text is the other's item's is that one's
object. The versions are read-only (the merge never changes its inputs), so they may share
items. A parsed version keeps its items' texts (they are slices of its own text): the next
version is read like it, and a merge of versions is written with them
(:meth:`Version.known`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from facilitator.model import SCHEMA_VERSION, Session, SessionFormatError
from facilitator.session_load import parse_json, session_from_dict
from facilitator.sharing.scan import Items, Like, Unscannable, scan
from facilitator.text import json_unsafe


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
    # Each item list's texts, in the order of the Session's items (None: read whole, not kept).
    _texts: dict[str, list[str]] | None = field(default=None, repr=False)
    _where: dict[str, dict[Any, int]] = field(default_factory=dict, repr=False)  # item key → index, per list
    _safe: bool = field(default=False, repr=False)  # every text as kyogitai writes it (text.json_safe)

    def __post_init__(self) -> None:
        if not self.hash:
            self.hash = content_hash(self.data)

    @property
    def session(self) -> Session:
        if self._session is None:
            like, self.like = self.like, None
            self._session, self._texts, self._safe = _parse(self.data, like)
        return self._session

    @property
    def parsed(self) -> bool:
        return self._session is not None

    def likeness(self) -> Like | None:
        """What another version is read like: this one's texts (None: it has none)."""
        if self._texts is None or self._session is None:
            return None
        session, found = self._session, self._where

        def index_of(name: str) -> dict[Any, int]:
            where = found.get(name)
            if where is None:
                where = found[name] = {_object_key(x): i for i, x in enumerate(_items_of(session, name))}
            return where

        return Like(self._texts, index_of)

    def known(self) -> dict[int, tuple[Any, str]]:
        """This version's items by object: each with its text in this document, for writing a
        document that holds them (``session_json.session_to_json(known=…)``). None where a text
        is not one kyogitai would write (a character it escapes, from another program)."""
        if self._texts is None or self._session is None or not self._safe:
            return {}
        out: dict[int, tuple[Any, str]] = {}
        for name, texts in self._texts.items():
            for x, text in zip(_items_of(self._session, name), texts):
                out[id(x)] = (x, text)
        return out

    def fresh(self) -> Session:
        """A Session of its own, parsed again (the caller may change it)."""
        return session_from_dict(parse_json(self.data))


def _items_of(session: Session, name: str) -> list[Any]:
    return session.board.items if name == "board.items" else getattr(session, name)


def _object_key(x: Any) -> Any:
    return (getattr(x, "id", None), getattr(x, "name", None))


def _parse(data: bytes, like: Version | None) -> tuple[Session, dict[str, list[str]] | None, bool]:
    """The Session in ``data`` (SessionFormatError as ``session_load`` says it), its items'
    texts when it could be read item by item, and whether they are all json-safe."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return session_from_dict(parse_json(data)), None, False  # (raises the message for it)
    old = _usable(like)
    try:
        doc, lists = scan(text, old.likeness() if old is not None else None)
    except Unscannable:
        return session_from_dict(parse_json(text)), None, False
    if doc.get("schema_version") != SCHEMA_VERSION:  # an older file: migrated, not read like another
        return session_from_dict(parse_json(text)), None, False
    try:
        session = session_from_dict(doc)
    except SessionFormatError:
        if old is None:
            raise
        session_from_dict(parse_json(text))  # the message names the item's place in the whole list
        raise
    parsed = {name: sum(i is None for i in items.reused) for name, items in lists.items()}
    if any(len(_items_of(session, name)) != n for name, n in parsed.items()):
        # The model read a list otherwise than item for item: nothing reused, no texts kept.
        return (session_from_dict(parse_json(text)) if old is not None else session), None, False
    if old is None:
        safe = not json_unsafe(text)
    else:
        _fill(session, lists, old.session)
        safe = old._safe and not any(json_unsafe(t) for items in lists.values()
                                     for t, i in zip(items.texts, items.reused) if i is None)
    return session, {name: items.texts for name, items in lists.items()}, safe


def _usable(like: Version | None) -> Version | None:
    if like is None:
        return None
    try:
        like.session
    except SessionFormatError:  # a neighbour that does not parse: this one is read on its own
        return None
    return like if like._texts is not None else None


def _fill(session: Session, lists: dict[str, Items], old: Session) -> None:
    """Each list's items: the like version's objects where they were reused, the parsed ones in
    between (in order)."""
    for name, items in lists.items():
        olds = _items_of(old, name)
        decoded = iter(_items_of(session, name))
        whole = [olds[i] if i is not None else next(decoded) for i in items.reused]
        if name == "board.items":
            session.board.items = whole
        else:
            setattr(session, name, whole)
