"""Many hands on one session file (docs/reliability.md, "Many writers"): the save that merges
with what another writer saved (``session_file``), the look at the file that sees it
(``SessionFile.poll``), the per-user recovery copies of edits not yet in the store
(``recovery``), one change from outside a window (``one_change``), the moment of the replace (``guard``), a document's bytes and hash (``version``). Plain Python: the UI runs these in thread workers."""

from __future__ import annotations

from facilitator.sharing.recovery import Recovery, RecoveryFolder
from facilitator.sharing.guard import DiskMoved
from facilitator.sharing.session_file import Changed, Saved, SessionFile
from facilitator.sharing.one_change import change_in_store
from facilitator.sharing.version import Version, content_hash

__all__ = ["Changed", "DiskMoved", "Recovery", "RecoveryFolder", "Saved", "SessionFile", "Version", "change_in_store", "content_hash"]
