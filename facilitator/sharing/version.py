"""A version of a session document: its bytes, their content hash, the Session parsed from them
on first use (facilitator/sharing)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from facilitator.model import Session
from facilitator.session_load import session_from_json


def content_hash(data: bytes) -> str:
    import hashlib  # with the first save or poll, not at start

    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class Version:
    """A document as bytes (a file's, or what is about to be one) and their hash; the Session
    parsed from them on first use. Read-only: a meeting gets a copy (``fresh``, or the merge of
    it with its own session, which shares no object with its inputs)."""

    data: bytes
    hash: str = ""
    _session: Session | None = field(default=None, repr=False)
    stat: os.stat_result | None = field(default=None, repr=False)  # of the file it was read from

    def __post_init__(self) -> None:
        if not self.hash:
            self.hash = content_hash(self.data)

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = session_from_json(self.data)
        return self._session

    def fresh(self) -> Session:
        """A Session of its own, parsed again (the caller may change it)."""
        return session_from_json(self.data)
