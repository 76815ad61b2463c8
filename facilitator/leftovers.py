"""What killed writes leave behind, swept when the app starts (issue 20).

Every write is a temp file renamed over its target (``store/atomic.py``); a write killed in the
middle leaves its temp file — a whole export (``.minutes.html.<hex>.tmp``), the index, a session
— with residents' names in it. The next write of the same file removes those of its own
(``atomic_write(..., sweep=True)``); this removes the rest at start, wherever the app writes for
this store: the store (sessions), its ``.kyogitai/`` (backups, presence files, round 1's index and locks), the
default exports folder beside it, and this user's index folder. Only temp files untouched for
:data:`~facilitator.store.atomic.STALE_TEMP_SECONDS` go: a write in progress is never disturbed.
"""

from __future__ import annotations

from pathlib import Path

from facilitator.export_target import default_folder
from facilitator.index.place import index_path
from facilitator.store import Store
from facilitator.store.atomic import remove_stale_temp_files

OLD_INDEX_NAME = "index.json"  # where round 1 kept the index: <store>/.kyogitai/index.json


def leftover_places(store: Store) -> list[Path]:
    """The folders whose stale temp files are swept."""
    aux = store.aux_dir
    return [store.root, aux, store.backup_dir, aux / "presence", aux / "locks", aux / "merged-copies",
            default_folder(store.root), index_path(store.root).parent]


def sweep_leftovers(store: Store, now: float | None = None) -> int:
    """Remove the stale temp files of killed writes in :func:`leftover_places`; how many went.
    Never raises, never creates a folder (an unreachable store: nothing found, nothing done)."""
    return sum(remove_stale_temp_files(folder, now=now) for folder in leftover_places(store))
