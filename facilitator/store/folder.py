"""A store's folder and what is known about its files: where each file goes (``<id>.json``, the
``.kyogitai`` folder, its backups), the mode files are written with, an id no file has yet; the
caches that reads fill and writes consult; and ``StoreError``."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.i18n import t
from facilitator.ids import is_valid_session_id, new_session_id
from facilitator.store.atomic import FileOps

if TYPE_CHECKING:
    from facilitator.store.reach import RootIdentity

AUX_DIR_NAME = ".kyogitai"
BACKUP_DIR_NAME = "backups"
SESSION_SUFFIX = ".json"


class StoreError(ValueError):
    """A store operation refused or failed in a way the user can act on (one line, in the UI language)."""


class StoreFolder:
    """The folder, and what reads and writes have learnt about its files (the listing and
    writing mixins of ``Store`` share it)."""

    def __init__(self, root: Path | str, fs: FileOps | None = None) -> None:
        self.root = Path(root)
        self.fs = fs  # the OS calls of every write (tests inject failing ones)
        self._lock = threading.Lock()
        # The root as first read or written (store/reach.py): from then on a missing root, or one
        # on another device, is an unplugged share or drive, never written in its place.
        self._identity: RootIdentity | None = None
        self.stat_root: Callable[[Path], os.stat_result] = os.stat  # tests inject an unmount
        self._modes_checked = False  # a shared store's own folders' modes, set right once
        # path -> stat key of a file we last read or wrote and know to be a readable session
        self._verified: dict[Path, tuple[int, int, int]] = {}
        # id -> path, for files whose name is not <id>.json (learnt from scans and loads)
        self._elsewhere: dict[str, Path] = {}
        # ids found in more than one file by the last scan
        self._conflicts: dict[str, list[str]] = {}
        # path -> stat key of a file known to be in the current schema version (no backup needed)
        self._current: dict[Path, tuple[int, int, int]] = {}
        # sync-copy candidates checked on save: path -> (stat key, id in it)
        self._candidates: dict[Path, tuple[tuple[int, int, int], str | None]] = {}

    @property
    def aux_dir(self) -> Path:
        """``<root>/.kyogitai``: presence, backups, merged sync copies. Not created here
        (``Store.make_aux_folder`` does, after checking the store is reachable)."""
        return self.root / AUX_DIR_NAME

    @property
    def backup_dir(self) -> Path:
        """``<root>/.kyogitai/backups``: older-version files, copied before they are upgraded."""
        return self.aux_dir / BACKUP_DIR_NAME

    def path_for(self, session_id: str) -> Path:
        self._check_id(session_id)
        return self.root / f"{session_id}{SESSION_SUFFIX}"

    @staticmethod
    def _check_id(session_id: str) -> None:
        if not isinstance(session_id, str) or not is_valid_session_id(session_id):
            raise StoreError(t("store.bad_id_hint", id=repr(session_id)))

    def file_mode(self) -> int:
        """The mode of the files this store writes (privacy.py: owner-only unless shared)."""
        from facilitator.privacy import file_mode

        return file_mode(self.root)

    def folder_mode(self) -> int:
        """The mode of the folders this store makes (privacy.py: 0700, or 2770 when shared)."""
        from facilitator.privacy import folder_mode

        return folder_mode(self.root)

    def unused_id(self, on: date | None = None) -> str:
        """A fresh session id for ``on`` (today by default) whose file does not exist yet."""
        on = on or date.today()
        while True:
            candidate = new_session_id(on)
            if candidate in self._elsewhere or candidate in self._conflicts:
                continue  # pragma: no cover - 24 random bits
            if not self.path_for(candidate).exists():
                return candidate
