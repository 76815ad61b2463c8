"""Personal information: who may read the files.

Session files name residents.

**File modes.** Everything kyogitai writes that holds names — session files, backups, exports —
is created owner-only (0600, folders 0700) where the OS has POSIX modes. A store that several SCs
share (a group-owned folder on a file server, used by several accounts) says so in
``<store>/settings.toml`` (or, as round 1 had it, ``<store>/.kyogitai/settings.toml``)::

    shared = true

and its files are then 0660 and the folders the app makes 2770 (group-writable, the group
inherited), whatever each user's umask: the modes are set with chmod after each mkdir and
write, never left to the umask. The mode follows the setting at every save, so turning it on or
off takes effect file by file as sessions are saved (``chmod`` the rest by hand, or open and
close them). On Windows, modes mean little (the folder's ACL decides): keep a shared store on a
share only the SCs can open. The index is per user and machine (``facilitator.index.place``)
and always owner-only.

**Anonymised exports** (``--anonymize``) are ``facilitator.anonymize``'s: an allow-list of
fields, labels for people, names in free text masked.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

# Where the settings are, first found wins: the store's own, then where round 1 kept them.
SETTINGS_FILES = (Path("settings.toml"), Path(".kyogitai") / "settings.toml")
PRIVATE_MODE = 0o600
SHARED_MODE = 0o660
PRIVATE_FOLDER_MODE = 0o700
SHARED_FOLDER_MODE = 0o2770  # setgid: files made inside keep the folder's group


def read_settings(store_root: Path | str) -> dict[str, Any]:
    """``<store>/settings.toml`` (else ``<store>/.kyogitai/settings.toml``) as a dict; {} when
    missing or unreadable (the app must open anyway: an unreadable settings file means the
    defaults, which are the private ones)."""
    for name in SETTINGS_FILES:
        try:
            with open(Path(store_root) / name, "rb") as f:
                data = tomllib.load(f)
        except FileNotFoundError:
            continue
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            return {}
        return data if isinstance(data, dict) else {}
    return {}


def is_shared(store_root: Path | str) -> bool:
    """Whether the store's setting says it is shared (``shared = true``; only a real boolean)."""
    return read_settings(store_root).get("shared") is True


def file_mode(store_root: Path | str) -> int:
    """The mode for files holding names in this store: 0600, or 0660 when shared."""
    return SHARED_MODE if is_shared(store_root) else PRIVATE_MODE


def folder_mode(store_root: Path | str) -> int:
    """The mode for folders the app makes in this store: 0700, or 2770 when shared."""
    return SHARED_FOLDER_MODE if is_shared(store_root) else PRIVATE_FOLDER_MODE


def export_mode(store_root: Path | str | None) -> int:
    """The mode for an export: the store's file mode (private unless the store is shared)."""
    return PRIVATE_MODE if store_root is None else file_mode(store_root)
