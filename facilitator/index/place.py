"""Where a store's index lives: per machine and per user, outside the store.

``<user cache dir>/indexes/<hash of the store's resolved path>.sqlite3`` (``facilitator.userdata``):
machines sharing a store on SMB or a cloud-synced folder never rewrite, sync or fight over one
index file, and the index (titles, names, ideas' text) stays readable by this user only — the
folders are made 0700 and the file written 0600 whatever the umask or the store's ``shared``
setting. An index of an older version, left at ``<store>/.kyogitai/index.json``, is ignored; the
TinyDB file of version 3 beside it (``<hash>.json``) is removed when the SQLite one is opened.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Mapping

from facilitator.index.kept_head import HEAD_SUFFIX, head_path
from facilitator.store.reach import make_folder
from facilitator.userdata import likely_user_cache_dir, user_cache_dir

INDEXES_DIR_NAME = "indexes"
INDEX_MODE = 0o600
FOLDER_MODE = 0o700


def store_key(store_root: Path | str) -> str:
    """The store's resolved path as a short stable name (32 hex digits of its SHA-256)."""
    try:
        resolved = Path(store_root).resolve()
    except OSError:  # pragma: no cover - a path that can't be resolved: as given, made absolute
        resolved = Path(store_root).absolute()
    raw = os.fsencode(str(resolved))
    return hashlib.sha256(raw).hexdigest()[:32]


def index_path(store_root: Path | str, env: Mapping[str, str] = os.environ) -> Path:
    """The index file of the store at ``store_root`` on this machine (not created here)."""
    return user_cache_dir(env) / INDEXES_DIR_NAME / f"{store_key(store_root)}.sqlite3"


def kept_index_path(store_root: Path | str, env: Mapping[str, str] = os.environ) -> Path:
    """``index_path``, without importing platformdirs (~18 ms) when the usual cache folder
    (``userdata.likely_user_cache_dir``) holds this store's kept head: the prefetch child's first
    step at start."""
    guess = likely_user_cache_dir(env)
    if guess is not None:
        path = guess / INDEXES_DIR_NAME / f"{store_key(store_root)}.sqlite3"
        if head_path(path).exists():
            return path
    return index_path(store_root, env)


def make_private_folders(path: Path) -> None:
    """Create ``path``'s folder and every missing folder above it owner-only (0700): chmod after
    each mkdir, so no umask (022, or 000) leaves one open to others."""
    make_folder(path.parent, FOLDER_MODE)


def remove_index(store_root: Path | str, env: Mapping[str, str] = os.environ) -> None:
    """Delete the store's index file on this machine, and the files beside it (SQLite's: a
    journal left behind would be replayed into the next index made at that path; the kept head)."""
    path = index_path(store_root, env)
    for suffix in ("", "-wal", "-shm", "-journal", HEAD_SUFFIX):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
