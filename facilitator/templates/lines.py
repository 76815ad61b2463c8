"""Finding the line of a template file a problem is on: a top-level key, a [[steps]] table, a key in it."""

from __future__ import annotations

import re

_STEPS_HEADER = re.compile(r"""^\s*\[\[\s*(?:steps|"steps"|'steps')\s*\]\]\s*(?:#.*)?$""")
_ANY_HEADER = re.compile(r"""^\s*\[\[?\s*[A-Za-z0-9_\-."' ]+\s*\]\]?\s*(?:#.*)?$""")


def _key_pattern(key: str) -> re.Pattern[str]:
    k = re.escape(key)
    return re.compile(rf"""^\s*(?:{k}|"{k}"|'{k}')\s*=""")


def _code_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line number, line) for lines outside multi-line strings (best effort).

    Lines are split on "\\n" only, as TOML (and tomllib's error positions) count them.
    """
    out: list[tuple[int, str]] = []
    inside: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if inside is None:
            out.append((number, line))
        for quote in ('"""', "'''"):
            if inside in (None, quote) and line.count(quote) % 2 == 1:
                inside = quote if inside is None else None
                break
    return out


def locate(text: str, step_index: int | None = None, key: str | None = None) -> int | None:
    """The line of a top-level ``key``, of the ``step_index``-th ``[[steps]]`` table (0-based),
    or of ``key`` inside that table; falls back to the table header, then to ``steps =``."""
    lines = _code_lines(text)
    headers = [i for i, (_, line) in enumerate(lines) if _STEPS_HEADER.match(line)]

    def top_level(name: str) -> int | None:
        pattern = _key_pattern(name)
        for number, line in lines:
            if _ANY_HEADER.match(line):
                break
            if pattern.match(line):
                return number
        return None

    if step_index is None:
        if key is None:
            return None
        found = top_level(key)
        if found is None and key == "steps" and headers:
            return lines[headers[0]][0]
        return found

    if step_index >= len(headers):
        return top_level("steps")  # steps = [ {...}, ... ] written inline
    start = headers[step_index]
    if key is not None:
        pattern = _key_pattern(key)
        for number, line in lines[start + 1:]:
            if _ANY_HEADER.match(line):
                break
            if pattern.match(line):
                return number
    return lines[start][0]
