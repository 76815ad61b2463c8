"""Where an export goes: the default folder beside the store, and file names safe on every OS.

The default folder is ``<store's parent>/exports`` — for a checkout's ``./sessions`` that is
``./exports``, which git ignores (exports hold residents' names, like the sessions). A path the
user typed is a file when it ends in the format's extension, otherwise a folder. Nothing is ever
exported into the store folder (``refuse_inside_store``): a JSON copy there would be a second file
with the session's id, and the meeting would drop out of the list and could no longer be saved.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from facilitator.i18n import t
from facilitator.model import Session
from facilitator.text import for_display

EXPORTS_DIR = "exports"
_MAX_STEM = 80
# Characters Windows refuses in names (and the path separators), runs of spaces.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_SPACES = re.compile(r"\s+")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


def default_folder(store_root: Path) -> Path:
    """``<store's parent>/exports`` (the store itself holds only sessions and ``.kyogitai``)."""
    return Path(store_root).parent / EXPORTS_DIR


def safe_stem(text: str) -> str:
    """A file name stem from user text: NFC, no characters Windows refuses, no control
    characters, spaces as ``_``, no leading/trailing dots, at most 80 characters."""
    text = unicodedata.normalize("NFC", for_display(text))
    text = _UNSAFE.sub("", text)
    text = _SPACES.sub("_", text.strip()).strip("._")
    text = text[:_MAX_STEM].rstrip("._")
    if text.split(".")[0].upper() in _WINDOWS_RESERVED:
        text = f"_{text}"
    return text


def session_file_name(session: Session, fmt: str) -> str:
    """``2026-08-19_C町第1層協議体_第3回定例会.html``: date, body and title, safe; the id when
    nothing of the names survives."""
    body = safe_stem(session.body.name).replace("_", "")
    title = safe_stem(session.title).replace("_", "")
    stem = safe_stem("_".join(p for p in (session.date, body, title) if p)) or session.id
    return f"{stem}.{fmt}"


def resolve_target(typed: str, default_name: str, fmt: str) -> Path:
    """The file to write: ``typed`` itself when it ends in ``.<fmt>``, else ``typed/default_name``.
    ``~`` is expanded. An empty ``typed`` is a ValueError."""
    typed = typed.strip()
    if not typed:
        raise ValueError(t("export.target_empty"))
    path = Path(typed).expanduser()
    if path.suffix.lower() == f".{fmt}":
        return path
    return path / default_name


def inside_store(target: Path, store_root: Path) -> bool:
    """Whether ``target`` is in the store folder (or below it), links and ``..`` resolved."""
    root = Path(store_root).expanduser().resolve()
    where = Path(target).expanduser().resolve()
    return where == root or root in where.parents


def refuse_inside_store(target: Path, store_root: Path) -> None:
    """A ValueError saying why, when ``target`` is in the store folder: only the sessions live
    there (a copy of one would be a second file with its id)."""
    if inside_store(target, store_root):
        raise ValueError(t("export.inside_store", target=str(target), store=str(store_root)))
