"""Many hands on one meeting: merging two writers' versions of one session.

- ``merge(base, mine, theirs)`` and ``merge_without_base(a, b)`` (``core``): the merged session
  and what was decided (``MergeResult``: conflicts added, ids renamed);
- ``bookkeeping``: what the meeting's rules write for the merge — tombstones (``bury``,
  ``forget_tombstone``) and the logical clock (``tick``, ``process_token``);
- ``fields`` (how each field merges), ``items`` (lists of items, tombstones, clashing ids),
  ``text`` (free text, line by line).
"""

from __future__ import annotations

from facilitator.merge.bookkeeping import bury, forget_tombstone, process_token, tick
from facilitator.merge.core import MergeResult, merge, merge_without_base
from facilitator.merge.items import Renamed

__all__ = ["MergeResult", "Renamed", "bury", "forget_tombstone", "merge", "merge_without_base", "process_token",
           "tick"]
