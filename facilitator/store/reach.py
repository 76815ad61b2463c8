"""Whether the store's folder is still the one that was opened, and making folders in it.

A store on a share, a USB stick or a synced drive can disappear under a running app: the mount
point is then an empty local folder (another device), or gone. Writing there would save the
meeting into a folder nobody else sees, hidden again when the share comes back. So the store
remembers its root's identity (that it existed, and its ``st_dev``) the first time it is read
or written, and before every write checks it is still so: if the root vanished or its device
changed, the write is refused with :class:`StoreUnreachable` (the save-error bar says so) and
nothing is created — not the root, not ``.kyogitai/``.

Folders the app makes get their mode explicitly (chmod after mkdir, whatever the umask): 0700,
or 2770 in a shared store (``facilitator.privacy``). A shared store's ``.kyogitai/`` folders
that this user owns and finds with another mode (2755 after a umask of 022) are set right.
"""

from __future__ import annotations

import os
import stat as stat_module
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from facilitator.i18n import t
from facilitator.store.folder import StoreError

StatFn = Callable[[Path], os.stat_result]


class StoreUnreachable(StoreError):
    """The store's folder is not the one that was opened (unmounted, unplugged, replaced)."""


@dataclass(frozen=True)
class RootIdentity:
    existed: bool
    device: int | None = None


def identify(root: Path, stat: StatFn = os.stat) -> RootIdentity:
    """The root's identity now: missing, or a folder on a device. OSError for anything else
    (a share that answers with an error is not "missing")."""
    try:
        st = stat(root)
    except (FileNotFoundError, NotADirectoryError):
        return RootIdentity(existed=False)
    if not stat_module.S_ISDIR(st.st_mode):
        raise StoreError(t("store.root_not_folder", root=root))
    return RootIdentity(existed=True, device=st.st_dev)


def check_same_root(root: Path, known: RootIdentity | None, stat: StatFn = os.stat) -> RootIdentity:
    """The root's identity now, if a write may go ahead; :class:`StoreUnreachable` if the root
    that was there when the store was opened is gone or on another device now."""
    now = identify(root, stat)
    if known is not None and known.existed and (not now.existed or now.device != known.device):
        raise StoreUnreachable(t("store.unreachable", root=root))
    return now


def set_mode(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError:  # pragma: no cover - Windows (the ACL decides), or a filesystem without modes
        pass


def make_folder(path: Path, mode: int) -> None:
    """``path`` made (its parents too) with ``mode`` set explicitly on each folder made."""
    missing = []
    p = path
    while not p.is_dir():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue
        set_mode(folder, mode)


def fix_folder_mode(path: Path, mode: int) -> bool:
    """Give a folder this user owns ``mode`` if it has another (a shared store's ``.kyogitai``
    left 2755 by a umask of 022). True if changed; never raises."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # pragma: no cover - Windows
        return False
    try:
        st = os.stat(path)
    except OSError:
        return False
    if not stat_module.S_ISDIR(st.st_mode) or st.st_uid != getuid():
        return False
    if stat_module.S_IMODE(st.st_mode) == mode:
        return False
    try:
        os.chmod(path, mode)
    except OSError:  # pragma: no cover
        return False
    return True
