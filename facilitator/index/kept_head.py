"""The home list's first lines kept beside the index file, for the next start to show at once.

``<index>.head`` holds, in marshal form, ``Index.head()`` and the listing it was made from
(``listing_key``: how many session files, and a checksum of their names and inodes). At start
the prefetch child (facilitator/prefetch.py) reads it before anything else: with nothing but
``os``, ``zlib`` and ``marshal`` imported, the head is on its way ~10 ms after the fork at 10,000
sessions (through the index file it took ~30 ms: SQLite imported and opened), so it is in the
home screen's first frame even when the machine is busy. A head whose listing the folder no
longer matches (a file added, removed or replaced) is not used; the refresh that follows redraws
the list if a file was rewritten in place meanwhile.

Owner-only like the index (its rows hold titles and names); a torn or foreign file reads as no
head. Written without fsync: it is a cache, rewritten by every refresh that changes the list.
"""

from __future__ import annotations

import marshal
import os
import zlib
from pathlib import Path
from typing import Any

from facilitator.store.folder import SESSION_SUFFIX

HEAD_SUFFIX = ".head"
HEAD_MODE = 0o600
_SHAPE = 1  # the layout of what is kept; another one reads as no head


def head_path(index_file: Path) -> Path:
    return Path(f"{index_file}{HEAD_SUFFIX}")


def listing_key(root: os.PathLike[str] | str) -> list[int] | None:
    """What the folder lists, in two numbers: how many session files, and a checksum of their
    names and inodes (a save replaces its file: a new inode). ~5 ms for 10,000 files, no
    ``stat`` on POSIX; None if the folder can't be listed."""
    count = total = 0
    try:
        with os.scandir(root) as it:
            for e in it:
                name = e.name
                try:
                    if name.endswith(SESSION_SUFFIX) and not name.startswith(".") and e.is_file():
                        count += 1
                        total += stamp(e)
                except OSError:
                    continue
    except OSError:
        return None
    return [count, total % (1 << 63)]


def listing_of(listing: dict[str, int]) -> list[int]:
    """``listing_key`` of names and inodes already listed (POSIX)."""
    crc = zlib.crc32
    total = sum(crc(name.encode("utf-8", "surrogateescape")) * 1_000_003 + ino for name, ino in listing.items())
    return [len(listing), total % (1 << 63)]


def stamp(e: os.DirEntry[str]) -> int:
    """A number for a listed file that changes when it is replaced: its name and inode (in the
    listing on POSIX), on Windows its mtime (the listing has it there; the inode would cost a
    ``stat``)."""
    mark = e.stat().st_mtime_ns if os.name == "nt" else e.inode()
    return zlib.crc32(e.name.encode("utf-8", "surrogateescape")) * 1_000_003 + mark


def kept_listing(index_file: Path) -> list[int] | None:
    """The listing the kept head was made from (None: no head kept, or unreadable)."""
    kept = _read(index_file)
    return None if kept is None else kept[1]


def read_head(index_file: Path, root: os.PathLike[str] | str) -> dict[str, Any] | None:
    """The kept head, if the folder still lists the same files; else None."""
    kept = _read(index_file)
    if kept is None or kept[1] != listing_key(root):
        return None
    return kept[0]


def keep_head(index_file: Path, head: dict[str, Any], listing: list[int]) -> None:
    """Replace the kept head (owner-only from its creation: no moment readable by others)."""
    path = head_path(index_file)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), HEAD_MODE)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(marshal.dumps((_SHAPE, head, listing)))
        os.chmod(temp, HEAD_MODE)  # (a file left with other bits by an older run)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def remove_head(index_file: Path) -> None:
    head_path(index_file).unlink(missing_ok=True)


def _read(index_file: Path) -> tuple[dict[str, Any], list[int]] | None:
    try:
        with open(head_path(index_file), "rb") as f:
            kept = marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (not isinstance(kept, tuple) or len(kept) != 3 or kept[0] != _SHAPE or not isinstance(kept[1], dict)
            or not isinstance(kept[2], list)):
        return None
    return kept[1], kept[2]
