"""Writing a session back as its file's text: ``session_to_dict`` and ``session_to_json``.

``session_to_json`` is on the path of every autosave: each leaf object (idea, card, step …) is
encoded once per distinct content and kept in two caches, by content and by object, whose key,
snapshot and check functions are generated from the dataclasses' field names
(docs/performance.md). Its text is byte for byte that of one whole call of the C encoder.
"""

from __future__ import annotations

import copy
import json
import operator
from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any

from facilitator.model import (
    Attendee,
    Board,
    BoardItem,
    Body,
    Handoff,
    Homework,
    Idea,
    Issue,
    NextMeeting,
    Question,
    Session,
    Step,
)
from facilitator.text import json_safe

# The order fields are written in: the contract's order, then our additions, then extras.
_SESSION_ORDER = (
    "schema_version id body title date start_time end_time place template previous_session "
    "attendees steps current_step issues questions ideas handoffs review homework "
    "next_meeting board created_at updated_at"
).split()


# The merge's bookkeeping (tombstones, the logical clock, conflicts): left out of the file while
# empty, so a session nobody has changed or merged is written as before they existed. The
# facilitator's self-check too: absent until there is one.
_OMITTED_WHEN_EMPTY = ("deleted", "clock", "conflicts", "self_check")


def _drop_empty_bookkeeping(ordered: dict[str, Any]) -> dict[str, Any]:
    for k in _OMITTED_WHEN_EMPTY:
        if k in ordered and not ordered[k]:
            del ordered[k]
    return ordered


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls) if not f.metadata.get("extra"))
    return names


def _encode(value: Any) -> Any:
    # Hot path of every autosave: keep it to plain loops over cached field names.
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    out = {name: _encode(getattr(value, name)) for name in _field_names(type(value))}
    extra = value.extra
    if extra:
        for k, v in extra.items():
            if k not in out:
                out[k] = copy.deepcopy(v)
    return out


def item_to_dict(item: Any) -> dict[str, Any]:
    """One of a session's items (a Homework, an Idea …) as the session file has it."""
    out: dict[str, Any] = _encode(item)
    return out


def session_to_dict(session: Session) -> dict[str, Any]:
    raw = _encode(session)
    ordered = {k: raw.pop(k) for k in _SESSION_ORDER}
    ordered.update(raw)  # our additions and unknown fields, in their own order
    return _drop_empty_bookkeeping(ordered)


def _fields_for_json(value: Any) -> dict[str, Any]:
    """A model object as the JSON encoder's ``default`` sees it: its fields, then its unknown
    ones; the session's in the contract's order. Same output as :func:`session_to_dict`."""
    names = _field_names(type(value))  # TypeError for anything else, as the encoder expects
    out = dict(value.__dict__)
    extra = out.pop("extra", None)
    if tuple(out) != names:  # attributes set in another order, or others added: by name
        out = {name: getattr(value, name) for name in names}
    if extra:
        for k, v in extra.items():
            if k not in out:
                out[k] = v
    if type(value) is Session:
        ordered = {k: out.pop(k) for k in _SESSION_ORDER}
        ordered.update(out)
        return _drop_empty_bookkeeping(ordered)
    return out


# The C encoder calls back only for the model's objects (once each); lists, strings and numbers
# never leave C. About twice as fast as building session_to_dict first (docs/performance.md).
_SESSION_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_fields_for_json)


def session_to_json(session: Session, *, known: Mapping[int, tuple[Any, str]] | None = None) -> str:
    """The file's text: UTF-8 friendly (no \\u escapes), one line per document.

    DEL, C1 and bidi controls and lone surrogates are kept as ``\\uXXXX`` escapes
    (``text.json_safe``): the file is plain UTF-8 and safe to ``cat``.
    No indentation: Python's C encoder is used only without it. Each idea, card, step… is
    encoded once per distinct content (``_fragment``), so an autosave after one change re-encodes
    that one object: the same text as :func:`_session_to_json_whole`, byte for byte.

    ``known``: items (by ``id``) with their text in a document they were read from, written as
    that text — for read-only items of facilitator/sharing's versions (``Version.known``); this
    document's objects are then not remembered for the next call.
    """
    if type(session) is not Session:
        return _session_to_json_whole(session)
    global _by_object
    out: list[str] = []
    seen: dict[int, tuple[Any, tuple[Any, ...], str]] = {}
    if not _assemble(session, out, seen, known):
        return _session_to_json_whole(session)
    if known is None:
        _by_object = seen  # this document's objects (those of an earlier one are let go)
    out.append("\n")
    return "".join(out)


def _session_to_json_whole(session: Session) -> str:
    """The whole document in one call of the C encoder: the reference for the cached path."""
    return json_safe(_SESSION_ENCODER.encode(session)) + "\n"


# Encoded fragments of leaf model objects (everything but Session and Board), keyed by their
# content: (class, field values, their types). A key is made from values only, never object
# identity, so an object changed in place simply has a new key; nothing has to signal changes.
# Two generations bound the memory: when the young one is full it becomes the old one.
_FRAGMENT_GENERATION = 20_000
_fragments_new: dict[Any, str] = {}
_fragments_old: dict[Any, str] = {}
_KEY_MAKERS: dict[type, Any] = {}
_LEAF_TYPES = frozenset({Body, Attendee, Step, Issue, Question, Idea, Handoff, Homework, NextMeeting, BoardItem})


def _field_kinds(cls: type) -> tuple[tuple[str, ...], list[str], list[str]]:
    """A model class's field names, and those of them that hold a value and those a list."""
    names = _field_names(cls)
    lists = [f.name for f in fields(cls) if f.default_factory is list]
    return names, [n for n in names if n not in lists], lists


def _generated(cache: dict[type, Any], cls: type, signature: str, refuse: str,
               body: Callable[[list[str], list[str]], list[str]], scope: dict[str, Any]) -> Any:
    """The function ``def <signature>:`` for ``cls``, made once from its field names: it starts
    with ``d = o.__dict__`` and returns ``refuse`` for an instance with extra fields or added
    attributes; ``body(scalars, lists)`` gives the rest of its lines (the names of the fields
    that hold a value and of those that hold a list)."""
    made = cache.get(cls)
    if made is None:
        names, scalars, lists = _field_kinds(cls)
        lines = [
            f"def {signature}:",
            "    d = o.__dict__",
            f"    if len(d) != {len(names) + 1} or d['extra']: return {refuse}",
            *body(scalars, lists),
        ]
        exec("\n".join(lines) + "\n", scope)  # noqa: S102 - our own field names, from the dataclass
        made = cache[cls] = scope[signature.split("(", 1)[0]]
    return made


def _key_maker(cls: type) -> Any:
    """A function making ``cls``'s cache key from an instance, or None when it should not be
    cached (extra fields, attributes added, a float that may be -0.0 or nan, …). KeyError or
    TypeError: not cacheable either."""

    def body(scalars: list[str], lists: list[str]) -> list[str]:
        lines = [
            "    v = get(d)" if len(scalars) > 1 else f"    v = (d[{scalars[0]!r}],)" if scalars else "    v = ()",
            "    t = tuple(map(type, v))",  # 1 and True and 1.0 are equal keys, not equal JSON
            "    if float in t: return None",  # -0.0 == 0.0, nan != nan
        ]
        tail = ["cls", "v", "t"]
        for i, n in enumerate(lists):
            lines += [
                f"    x{i} = d[{n!r}]",
                f"    if type(x{i}) is not list: return None",
                f"    t{i} = tuple(map(type, x{i}))",
                f"    if float in t{i}: return None",
            ]
            tail += [f"tuple(x{i})", f"t{i}"]
        return [*lines, f"    return ({', '.join(tail)})"]

    scalars = _field_kinds(cls)[1]
    get = operator.itemgetter(*scalars) if len(scalars) > 1 else None
    return _generated(_KEY_MAKERS, cls, "key(o)", "None", body, {"cls": cls, "get": get})


# A faster first level: the very object written last time, none of whose fields was assigned
# since (compared with `is`, never by value, so 1 → True or an equal new string is a miss that
# goes on to the content cache above). Building a content key for each of 1,300 objects was
# most of an autosave's time on the UI thread. Entries live from one document to the next.
_SNAPSHOTS: dict[type, Any] = {}
_by_object: dict[int, tuple[Any, tuple[Any, ...], str]] = {}
_is = operator.is_


def _snapshot_maker(cls: type) -> Any:
    """A function giving the objects an instance holds now (its fields' values, its lists'
    length and items) as one flat tuple, or None when its fragment is not to be kept."""

    def body(scalars: list[str], lists: list[str]) -> list[str]:
        lines = ["    v = (" + "".join(f"d[{n!r}], " for n in scalars) + ")"]
        for i, n in enumerate(lists):
            lines += [
                f"    x{i} = d[{n!r}]",
                f"    if type(x{i}) is not list: return None",
                f"    v += (len(x{i}),) + tuple(x{i})",
            ]
        return [*lines, "    return v"]

    return _generated(_SNAPSHOTS, cls, "snap(o)", "None", body, {})


_CHECKERS: dict[type, Any] = {}


def _checker_maker(cls: type) -> Any:
    """A function telling whether an instance still holds exactly the objects of a snapshot
    (``_snapshot_maker``'s tuple), without making a new snapshot: the question every autosave
    asks of each of 1,300 unchanged objects. KeyError: a field missing (not the same)."""

    def body(scalars: list[str], lists: list[str]) -> list[str]:
        lines = []
        if scalars:
            lines.append("    if " + " or ".join(f"d[{n!r}] is not s[{i}]" for i, n in enumerate(scalars))
                         + ": return False")
        lines.append(f"    i = {len(scalars)}")
        for n in lists:
            lines += [
                f"    x = d[{n!r}]",
                "    if type(x) is not list or len(s) <= i or s[i] != len(x): return False",
                "    if x and not all(map(is_, x, s[i + 1 : i + 1 + len(x)])): return False",
                "    i += 1 + len(x)",
            ]
        return [*lines, "    return len(s) == i"]

    return _generated(_CHECKERS, cls, "same(o, s)", "False", body, {"is_": operator.is_})


def _same_objects(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    return len(a) == len(b) and all(map(_is, a, b))


def _fragments(values: list[Any], out: list[str], seen: dict[int, tuple[Any, tuple[Any, ...], str]],
               known: Mapping[int, tuple[Any, str]] | None = None) -> None:
    """A list of the session's, as the encoder writes it (``[a, b]``), added to ``out`` in
    pieces: its model objects' text from the caches. ``seen`` collects this document's entries
    for the object cache."""
    global _fragments_new, _fragments_old
    cls: Any = None
    maker = snapper = same = None
    sep = "["
    for x in values:
        out.append(sep)
        sep = ", "
        if known is not None:
            as_read = known.get(id(x))
            if as_read is not None and as_read[0] is x:
                out.append(as_read[1])
                continue
        if type(x) is not cls:
            cls = type(x)
            leaf = cls in _LEAF_TYPES
            maker = _key_maker(cls) if leaf else None
            snapper = _snapshot_maker(cls) if leaf else None
            same = _checker_maker(cls) if leaf else None
        snap = None
        if snapper is not None:
            entry = _by_object.get(id(x))
            if entry is not None and entry[0] is x:
                try:
                    unchanged = same(x, entry[1])  # type: ignore[misc]
                except KeyError:
                    unchanged = False
                if unchanged:
                    seen[id(x)] = entry
                    out.append(entry[2])
                    continue
            try:
                snap = snapper(x)
            except KeyError:
                snap = None
        key = None
        text = None
        if maker is not None:
            try:
                key = maker(x)
                if key is not None:
                    text = _fragments_new.get(key)
                    if text is None:
                        text = _fragments_old.get(key)
                        if text is not None:
                            _fragments_new[key] = text
            except (KeyError, TypeError):  # a field missing, or a value that cannot be a key
                key = None
        if text is None:
            text = json_safe(_SESSION_ENCODER.encode(x))
            # Kept only if nothing changed the object meanwhile (another thread): key and text agree.
            if key is not None and maker(x) == key:
                if len(_fragments_new) >= _FRAGMENT_GENERATION:
                    _fragments_old, _fragments_new = _fragments_new, {}
                _fragments_new[key] = text
            elif key is None:
                snap = None  # not kept by content: not by object either
        if snap is not None and _same_objects(snap, snapper(x)):  # (unchanged while encoded)
            seen[id(x)] = (x, snap, text)
        out.append(text)
    out.append("]" if values else "[]")


def _assemble(obj: Any, out: list[str], seen: dict[int, tuple[Any, tuple[Any, ...], str]],
              known: Mapping[int, tuple[Any, str]] | None = None) -> bool:
    """Session or Board, added to ``out`` in pieces: its members written out here, the leaf
    objects as cached fragments, one join at the end (a 300 KiB string is copied once). False
    where this cannot promise the encoder's text (then the caller encodes it whole)."""
    sep = "{"
    for k, v in _fields_for_json(obj).items():
        if type(k) is not str:
            return False
        out.append(sep)
        sep = ", "
        out.append(json_safe(_SESSION_ENCODER.encode(k)))
        out.append(": ")
        if type(v) is list:
            _fragments(v, out, seen, known)
        elif type(v) is Board:
            if not _assemble(v, out, seen, known):
                return False
        elif type(v) in _LEAF_TYPES:
            _fragments([v], out, seen)
            out[-1] = ""  # (the list's brackets: one object, not a list)
            out[-3] = ""
        else:
            out.append(json_safe(_SESSION_ENCODER.encode(v)))
    out.append("}" if sep == ", " else "{}")
    return True

