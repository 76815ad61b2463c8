"""Search results as the lists show them: grouped by body, and where a query matched."""

from __future__ import annotations

from typing import Any

from facilitator.text import body_key, search_terms


def group_by_body(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Rows (newest first, as :meth:`Index.search` returns them) grouped by body: bodies ordered
    by their newest session, each body's sessions newest first. The name shown for a body is the
    spelling of its newest session."""
    groups: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    for r in rows:
        key = r.get("body_key") or body_key(r.get("body") or "")
        if key not in groups:
            groups[key] = (r.get("body") or "", [])
        groups[key][1].append(r)
    return list(groups.values())


def match_snippet(text: str, query: str, width: int = 40) -> str:
    """Where ``query`` matched in a search text (``Index.text_of``): about ``width`` characters
    around the first occurrence of its first word, with … where text was cut ("" without a query
    or a match). The text is the normalised form (NFKC, case-folded) the search looks at."""
    terms = search_terms(query or "")
    if not terms:
        return ""
    pos = text.find(terms[0])
    if pos < 0:
        return ""
    start = max(0, pos - width // 3)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
