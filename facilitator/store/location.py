"""Where the store is: the folder that holds the sessions, and the reason it was chosen (the
``--store`` option, ``KYOGITAI_STORE``, ``./sessions``, or the Documents folder)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping, NamedTuple

from facilitator.i18n import t


class StoreLocation(NamedTuple):
    path: Path
    reason: str


def resolve_store(
    cli_value: str | os.PathLike[str] | None,
    env: Mapping[str, str] = os.environ,
    cwd: Path | None = None,
) -> StoreLocation:
    """Which folder holds the sessions, and why.

    ``--store DIR``, else ``KYOGITAI_STORE``, else ``./sessions`` when the current folder has a
    ``sessions/`` folder, else ``<Documents>/kyogitai/sessions``. Nothing is created here.
    """
    base = Path(cwd) if cwd is not None else Path.cwd()

    def absolute(value: str | os.PathLike[str]) -> Path:
        p = Path(value).expanduser()
        if not p.is_absolute():
            p = base / p
        return p.resolve()

    if cli_value is not None and str(cli_value).strip():
        return StoreLocation(absolute(cli_value), t("store.from_option"))
    env_value = env.get("KYOGITAI_STORE", "")
    if env_value.strip():
        return StoreLocation(absolute(env_value), t("store.from_env"))
    local = base / "sessions"
    if local.is_dir():
        return StoreLocation(local.resolve(), t("store.from_cwd"))
    import platformdirs  # only on this path: it costs a few ms to import

    return StoreLocation(
        absolute(Path(platformdirs.user_documents_dir()) / "kyogitai" / "sessions"), t("store.from_documents")
    )
