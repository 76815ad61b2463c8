"""The session store: a folder of ``<id>.json`` files.

- The session files are the truth. What every machine must see (presence, backups, merged
  copies) lives in ``<store>/.kyogitai/``, never beside the sessions; the index is per machine
  (``facilitator.index.place``).
- Every write is atomic (:func:`atomic_write`): a temp file in the same folder whose name does not
  end in ``.json``, written, fsynced, given an explicit mode, then ``os.replace``d over the target.
- Never destroy what we can't read: a file that fails to parse or has a newer schema is reported
  by :meth:`Store.scan` and never saved over. Files sharing an id (sync copies): the session is
  ``<id>.json``, listed and saved as usual, and the others are reported as its copies, merged in
  on request (:meth:`Store.merge_copy`) and then moved aside, never deleted.
- Reading never modifies a file.

One job per module:

- ``location``: which folder is the store, and why;
- ``atomic``: atomic writing, its temp files and their removal;
- ``folder``: ``StoreError``, where each file goes, the caches reads fill and writes consult;
- ``reading``: one file read and classified; ``entries``: what a scan reports;
- ``listing``: listing, scanning and loading sessions (the ``StoreListing`` mixin);
- ``writing``: saving, with its checks and backups (the ``StoreWriting`` mixin);
- ``reach``: whether the folder is still the one opened (an unmounted share), folder modes;
- ``copies``: merging a sync client's conflict copy into its session (``StoreCopies``).

This package's face is ``Store`` and what its callers pass and get back.
"""

from __future__ import annotations

from pathlib import Path

from facilitator.store.atomic import FileOps, atomic_write
from facilitator.store.entries import (
    CONFLICT,
    DAMAGED,
    NEWER,
    OK,
    PROBLEM_LABELS,
    ScanEntry,
    ScanResult,
    StoredSession,
)
from facilitator.store.folder import StoreError
from facilitator.store.copies import MergedCopy, StoreCopies
from facilitator.store.location import StoreLocation, resolve_store
from facilitator.store.reach import StoreUnreachable


class Store(StoreCopies):
    """A folder of session files. Cheap to construct: nothing is read or created until used;
    the root's identity is noted (one stat, store/reach.py), so that a share unmounted before
    the first read or write is still never written in its place."""

    def __init__(self, root: Path | str, fs: FileOps | None = None) -> None:
        super().__init__(root, fs)
        self._remember_root()

    def __repr__(self) -> str:
        return f"Store({str(self.root)!r})"


__all__ = [
    "CONFLICT",
    "DAMAGED",
    "NEWER",
    "OK",
    "PROBLEM_LABELS",
    "FileOps",
    "MergedCopy",
    "ScanEntry",
    "ScanResult",
    "Store",
    "StoreError",
    "StoreLocation",
    "StoreUnreachable",
    "StoredSession",
    "atomic_write",
    "resolve_store",
]
