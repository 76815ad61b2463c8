"""The first fields of a session file, read from its first few kilobytes.

kyogitai writes a session's fields in a fixed order (facilitator/session_json.py): schema version,
id, body, title, date… A pass over a store that only needs a session's date (the year's report of
a ten-year archive) reads those from each file's head instead of parsing every whole file. Only a
head that is plainly that layout answers; anything else (another program's key order, an older
schema, a head cut inside a value) says "don't know" (None) and the caller reads the whole file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HEAD_BYTES = 4096
_SCAN = json.JSONDecoder().scan_once


def read_head(path: Path, wanted: tuple[str, ...], schema_version: int) -> dict[str, Any] | None:
    """The top-level fields ``wanted`` of the file at ``path``, from its head, when the file is a
    document of ``schema_version`` in kyogitai's layout and they come before the head ends; else
    None (read the whole file)."""
    try:
        with open(path, "rb") as f:
            raw = f.read(HEAD_BYTES)
    except OSError:
        return None
    text = raw.decode("utf-8-sig", errors="ignore")  # (a character cut at the end is dropped)
    found: dict[str, Any] = {}
    try:
        if not text.startswith("{"):
            return None
        p = 1
        while True:
            key, p = _SCAN(text, p)
            if type(key) is not str or not text.startswith(": ", p):
                return None
            value, p = _SCAN(text, p + 2)
            if not found and key != "schema_version":
                return None  # not kyogitai's order: its version must come first
            if key == "schema_version" and (found or value != schema_version):
                return None
            if key in found:
                return None  # a key twice: JSON keeps the last; let the whole parse say
            found[key] = value
            if all(name in found for name in wanted):
                return {name: found[name] for name in wanted}
            if not text.startswith(", ", p):
                return None
            p += 2
    except (json.JSONDecodeError, StopIteration, IndexError, RecursionError, ValueError):
        return None
