"""A session document read item by item: each idea's, card's, step's… JSON text as it stands in
the file, beside the parsed document (facilitator/sharing/version.py).

A version read *like* another one compares texts: where an item's text is the other version's
item's text, the item is not parsed at all (that version's object stands for it), so reading a
1,000-idea file that differs from the last one in ten items parses ten items. Only the layout
kyogitai writes is read this way (one line, ``", "`` and ``": "`` between parts:
facilitator/session_json.py); any other layout raises :class:`Unscannable` and the caller parses
the document whole with ``session_load.parse_json``. The values are parsed with the same rules
(no NaN, bounded integers).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

from facilitator.session_load import _bounded_int, _finite_float, _reject_constant

# The session's item lists read item by item ("board.items": the board's cards).
ITEM_LISTS = frozenset(("attendees", "steps", "issues", "questions", "ideas", "handoffs", "homework",
                        "board.items"))

_SCAN = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite_float,
                         parse_int=_bounded_int).scan_once


class Unscannable(Exception):
    """Not the layout kyogitai writes, or not JSON: parse the document whole."""


@dataclass
class Items:
    """One item list of the document: each item's text, and for each the index of the like
    version's item with that text (None: parsed, it is among the document's dicts)."""

    texts: list[str] = field(default_factory=list)
    reused: list[int | None] = field(default_factory=list)


@dataclass
class Like:
    """What a document is read like: each list's item texts, and (built on first need) where
    each item of a list is by its key (``key_of``: the key of a parsed item dict)."""

    texts: dict[str, list[str]]
    index_of: Callable[[str], dict[Any, int]]


def item_key(d: Any) -> Any:
    """An item dict's identity within its list: its id (an attendee: its name)."""
    return (d.get("id"), d.get("name")) if isinstance(d, dict) else None


def scan(text: str, like: Like | None = None) -> tuple[dict[str, Any], dict[str, Items]]:
    """The document parsed, with each item list holding only the items not taken from ``like``
    (all of them without one), and every item list's texts and reuses."""
    lists: dict[str, Items] = {}
    try:
        if not text.startswith("{"):
            raise Unscannable()
        doc, end = _object(text, 1, like, lists, "")
    except (json.JSONDecodeError, StopIteration, IndexError, RecursionError) as e:
        raise Unscannable() from e
    if text[end:].strip():
        raise Unscannable()
    return doc, lists


def _object(s: str, p: int, like: Like | None, lists: dict[str, Items], prefix: str) -> tuple[dict[str, Any], int]:
    out: dict[str, Any] = {}
    if s[p] == "}":
        return out, p + 1
    while True:
        key, p = _SCAN(s, p)
        if type(key) is not str or not s.startswith(": ", p):
            raise Unscannable()
        p += 2
        name = prefix + key
        if name in ITEM_LISTS and s[p] == "[":
            items = lists[name] = Items()
            out[key], p = _items(s, p, name, like, items)
        elif name == "board" and s[p] == "{":
            out[key], p = _object(s, p + 1, like, lists, "board.")
        else:
            out[key], p = _SCAN(s, p)
        if s.startswith(", ", p):
            p += 2
        elif s[p] == "}":
            return out, p + 1
        else:
            raise Unscannable()


def _items(s: str, p: int, name: str, like: Like | None, items: Items) -> tuple[list[Any], int]:
    """The list at ``s[p] == "["``: the dicts parsed; ``items`` filled."""
    parsed: list[Any] = []
    if s.startswith("[]", p):
        return parsed, p + 2
    p += 1
    old = like.texts.get(name) if like is not None else None
    texts, reused = items.texts, items.reused
    where: dict[Any, int] | None = None
    guess = 0  # the like's item expected here: the one after the last matched
    while True:
        found = None
        if old is not None and guess < len(old):
            t = old[guess]
            end = p + len(t)
            if s.startswith(t, p) and s[end : end + 1] in (",", "]"):
                found = guess
        if found is None:
            value, end = _SCAN(s, p)
            t = s[p:end]
            if old is not None:
                if where is None:
                    where = like.index_of(name)  # type: ignore[union-attr]
                i = where.get(item_key(value))
                if i is not None and i < len(old) and old[i] == t:
                    found = i
            if found is None:
                parsed.append(value)
        texts.append(t)
        reused.append(found)
        if found is not None:
            guess = found + 1
        if s.startswith(", ", end):
            p = end + 2
        elif s[end] == "]":
            return parsed, end + 1
        else:
            raise Unscannable()
