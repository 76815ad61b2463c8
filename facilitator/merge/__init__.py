"""Many hands on one meeting: merging two writers' versions of one session.

``bookkeeping`` is what the meeting's rules write for the merge (tombstones, the logical clock).
"""

from __future__ import annotations

from facilitator.merge.bookkeeping import bury, forget_tombstone, process_token, tick

__all__ = ["bury", "forget_tombstone", "process_token", "tick"]
