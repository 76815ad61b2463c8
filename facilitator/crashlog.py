"""An unexpected crash, said in one short line; the details in a log only this user can read.

A traceback printed to the terminal shows what the program held (rich's, as Textual prints it,
shows every frame's locals: a session's text, residents' names) on a screen that may be
projected on a wall. So the CLI and the app print one line — what happened, in the UI language,
and where the log is — and exit non-zero. The log (the traceback without locals: file, line,
function and the error's message) goes to ``logs/`` in the per-user data folder
(``facilitator.userdata``): folder 0700, file 0600 whatever the umask. Only the newest
:data:`KEEP` logs are kept.
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import Mapping

from facilitator.i18n import t
from facilitator.store.atomic import atomic_write
from facilitator.store.reach import make_folder
from facilitator.userdata import user_data_dir

LOGS_DIR_NAME = "logs"
LOG_MODE = 0o600
FOLDER_MODE = 0o700
KEEP = 20


def logs_dir(env: Mapping[str, str] = os.environ) -> Path:
    return user_data_dir(env) / LOGS_DIR_NAME


def write_crash_log(error: BaseException, env: Mapping[str, str] = os.environ) -> Path | None:
    """The error's traceback (no locals) in a new owner-only log file; its path, or None when it
    could not be written (then there is nothing more to do: the one line is still printed)."""
    try:
        folder = logs_dir(env)
        make_folder(folder, FOLDER_MODE)
        now = datetime.now().astimezone()
        path = folder / f"crash-{now:%Y%m%dT%H%M%S}-{os.getpid()}.log"
        lines = [f"kyogitai crash {now.isoformat(timespec='seconds')}\n",
                 f"python {sys.version.split()[0]} on {sys.platform}\n\n",
                 *traceback.format_exception(type(error), error, error.__traceback__)]
        atomic_write(path, "".join(lines).encode("utf-8", "backslashreplace"), mode=LOG_MODE)
        _prune(folder)
        return path
    except Exception:  # noqa: BLE001 - a crash while reporting a crash must not hide the first
        return None


def crash_line(error: BaseException, log: Path | None) -> str:
    """One short line for the terminal: the kind of error (never its message: it may quote a
    session) and where the log is."""
    kind = error.__class__.__name__
    if log is None:
        return t("crash.line_no_log", kind=kind)
    return t("crash.line", kind=kind, log=str(log))


def report_crash(error: BaseException, env: Mapping[str, str] = os.environ) -> str:
    """Write the log and return the line to print."""
    return crash_line(error, write_crash_log(error, env))


def _prune(folder: Path) -> None:
    try:
        logs = sorted((p for p in folder.glob("crash-*.log")), key=lambda p: p.name)
    except OSError:  # pragma: no cover
        return
    for old in logs[:-KEEP]:
        try:
            old.unlink()
        except OSError:  # pragma: no cover
            pass
