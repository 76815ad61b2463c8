"""Where this user's own files live on this machine, outside any store: ``KYOGITAI_DATA_DIR``,
else platformdirs' ``user_data_dir("kyogitai")`` (``~/.local/share/kyogitai`` on Linux,
``~/Library/Application Support/kyogitai`` on macOS, ``%LOCALAPPDATA%\\kyogitai`` on Windows).

It holds the drafts (facilitator.drafts): kept per user so they survive the store becoming
unreachable, and never synced or shared with the store. Tests point it at a temporary folder
with ``KYOGITAI_DATA_DIR``; the cache folder (:func:`user_cache_dir`, the index of each store)
at another with ``KYOGITAI_CACHE_DIR``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Mapping

ENV_VAR = "KYOGITAI_DATA_DIR"


def user_data_dir(env: Mapping[str, str] = os.environ) -> Path:
    """The per-user data folder (not created here)."""
    value = env.get(ENV_VAR, "")
    if value.strip():
        return Path(value).expanduser().absolute()
    import platformdirs  # only on this path, and only off the UI thread: a few ms to import

    return Path(platformdirs.user_data_dir("kyogitai", appauthor=False))


CACHE_ENV_VAR = "KYOGITAI_CACHE_DIR"


def user_cache_dir(env: Mapping[str, str] = os.environ) -> Path:
    """The per-user cache folder on this machine (not created here): ``KYOGITAI_CACHE_DIR``, else
    platformdirs' ``user_cache_dir("kyogitai")`` (``~/.cache/kyogitai`` on Linux,
    ``~/Library/Caches/kyogitai`` on macOS, ``%LOCALAPPDATA%\\kyogitai\\Cache`` on Windows).
    It holds what can be made again from the store: the index of each store used here."""
    value = env.get(CACHE_ENV_VAR, "")
    if value.strip():
        return Path(value).expanduser().absolute()
    import platformdirs  # only on this path: a few ms to import

    return Path(platformdirs.user_cache_dir("kyogitai", appauthor=False))


def likely_user_cache_dir(env: Mapping[str, str] = os.environ) -> Path | None:
    """Where :func:`user_cache_dir` is on Linux and macOS, worked out without importing
    platformdirs (~18 ms): for a reader at start that can tell its own files apart and looks in
    the real place when nothing is found here (the prefetch child's kept head). None where there
    is no such guess (Windows). tests/core/test_userdata.py holds it to platformdirs' answer."""
    value = env.get(CACHE_ENV_VAR, "")
    if value.strip():
        return Path(value).expanduser().absolute()
    if sys.platform == "darwin":
        return Path(os.path.expanduser("~/Library/Caches")) / "kyogitai"
    if sys.platform.startswith("linux"):
        xdg = env.get("XDG_CACHE_HOME", "").strip()
        return Path(xdg if os.path.isabs(xdg) else os.path.expanduser("~/.cache")) / "kyogitai"
    return None
