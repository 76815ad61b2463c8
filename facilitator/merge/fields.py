"""How each field of the session's objects merges, and the merge of one object's fields.

Every field of every model class has a kind (``kind_of``; a field nobody classified is a
``SCALAR`` by its type, and a list of objects must be declared, so a new field cannot slip
through unmerged):

- ``SCALAR``: a change on one side wins; both changed to different values: the first (the
  clock's winner) wins and the other value goes to ``conflicts``;
- ``QUIET``: the same without a conflict (where each window is: ``current_step``; when two
  windows each recorded 開会 or 散会 a moment apart: ``started_at``, ``ended_at``; which window
  owns the meeting's clock, two having taken it at once: ``clock_owner``);
- ``TEXT``: free text, merged line by line (``text.merge_lines``); overlapping edits as SCALAR;
- ``SET``: a list of strings merged as a set (kept unless either side removed it, added if
  either added it), in the first side's order with the other's additions after their neighbours;
- ``COUNTER``: each side's increments added to the base (never below 0), the same increment on
  both sides counting twice unless the two versions are one (the same clock);
- ``GROW``: only grows (a step's elapsed seconds): the larger;
- ``OBJECT``: a nested object, merged field by field;
- ``ITEMS``, ``OWN``: lists of items and the merge's own bookkeeping, merged by ``core``.

Unknown extra fields merge like fields: a list of strings as a SET, anything else as a SCALAR.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from functools import cache
from typing import Any, get_args, get_origin, get_type_hints

from facilitator.merge.text import merge_lines
from facilitator.model import (
    Attendee,
    Board,
    BoardItem,
    Body,
    Clock,
    Conflict,
    Handoff,
    Homework,
    Idea,
    Issue,
    NextMeeting,
    Question,
    Session,
    Step,
)

SCALAR, QUIET, TEXT, SET, COUNTER, GROW, OBJECT, ITEMS, OWN = (
    "scalar", "quiet", "text", "set", "counter", "grow", "object", "items", "own")

_DECLARED: dict[type, dict[str, str]] = {
    Session: {"review": TEXT, "current_step": QUIET, "started_at": QUIET, "ended_at": QUIET,
              "clock_owner": QUIET,
              "attendees": ITEMS, "steps": ITEMS, "issues": ITEMS, "questions": ITEMS, "ideas": ITEMS,
              "handoffs": ITEMS, "homework": ITEMS, "updated_at": OWN,
              "deleted": OWN, "clock": OWN, "conflicts": OWN, "board": OWN},
    Board: {"items": ITEMS},
    Step: {"notes": TEXT, "purpose": TEXT, "elapsed_seconds": GROW},
    Idea: {"text": TEXT, "interest": COUNTER},
    Handoff: {"action": TEXT, "result": TEXT},
    Homework: {"text": TEXT},
    Issue: {"detail": TEXT},
    Question: {"text": TEXT},
}
MODEL_CLASSES = (Session, Body, Attendee, Step, Issue, Question, Idea, Handoff, Homework, NextMeeting, BoardItem,
                 Board, Clock, Conflict)


class _Missing:
    """A field or key absent (no base, or an extra field one side does not have)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@cache
def kind_of(cls: type) -> tuple[tuple[str, str], ...]:
    """(field, kind) for each field of a model class but ``extra``."""
    hints = get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        if f.metadata.get("extra"):
            continue
        kind = _DECLARED.get(cls, {}).get(f.name)
        if kind is None:
            tp = hints[f.name]
            args = get_args(tp)
            if dataclasses.is_dataclass(tp):
                kind = OBJECT
            elif get_origin(tp) is list and args == (str,):
                kind = SET
            elif get_origin(tp) is list:
                raise TypeError(f"{cls.__name__}.{f.name}: a list of objects must be declared in merge/fields.py")
            else:
                kind = SCALAR
        out.append((f.name, kind))
    return tuple(out)


@cache
def _list_fields(cls: type) -> tuple[str, ...]:
    return tuple(n for n, k in kind_of(cls) if k == SET)


@cache
def _counters(cls: type) -> tuple[str, ...]:
    return tuple(n for n, k in kind_of(cls) if k == COUNTER)


def _counted_twice(w: Any, b: Any, out: Outcome) -> bool:
    """Equal objects whose counters both sides moved the same way from the base: both counts hold."""
    return out.distinct and b is not MISSING and any(getattr(w, n) != getattr(b, n) for n in _counters(type(w)))


def clone(obj: Any) -> Any:
    """A copy of a leaf model object that shares nothing mutable with it (faster than deepcopy)."""
    cls = type(obj)
    new = cls.__new__(cls)
    d = obj.__dict__.copy()
    for name in _list_fields(cls):
        d[name] = list(d[name])
    if d.get("extra"):
        d["extra"] = copy.deepcopy(d["extra"])
    if cls is Conflict:
        d["value"] = copy.deepcopy(d["value"])
    new.__dict__.update(d)
    return new


def copy_value(value: Any) -> Any:
    if isinstance(value, list):
        return [clone(v) if dataclasses.is_dataclass(v) else copy.deepcopy(v) for v in value]
    if dataclasses.is_dataclass(value):
        return clone(value)
    return value


def plain(value: Any) -> Any:
    """A value as it is in the file's JSON (objects as dicts), for ``conflicts``."""
    if value is MISSING:
        return None
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {name: plain(getattr(value, name)) for name, _ in kind_of(type(value))}
        for k, v in getattr(value, "extra", {}).items():
            out.setdefault(k, copy.deepcopy(v))
        return out
    return value


_CANONICAL = json.JSONEncoder(ensure_ascii=False, default=plain)


def canonical(value: Any) -> str:
    """One text per content (keys in the file's order): what deterministic choices compare."""
    return _CANONICAL.encode(value)


class Outcome:
    """What a merge decided beyond the document: the values it did not keep. ``loser`` is the
    side whose values lose where both changed (its writer token and clock go with each)."""

    def __init__(self, winner: Session, loser: Session, *, share: bool = False) -> None:
        self.loser = loser
        # An item that is one object on all three sides is taken as it is (read-only inputs
        # parsed like one another: facilitator/sharing/version.py), not copied.
        self.share = share
        self.added: list[Conflict] = []
        # Two versions with different clocks are two writers' work: the same increment made on
        # both (two people marking interest at once) counts twice. One version met with itself
        # (the same clock) counts once.
        self.distinct = winner.clock != loser.clock

    def lose(self, path: str, value: Any, side: Session | None = None) -> None:
        clock = (side or self.loser).clock
        self.added.append(Conflict(path=path, value=plain(value), by=clock.writer if clock else None,
                                   at=clock.counter if clock else None))


def join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name


def _strings(value: Any) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


def ordered_union(first: list[str], second: list[str], keep: set[str]) -> list[str]:
    """The keys in ``keep``, each once: in ``first``'s order, and ``second``'s others each right
    after the key it follows in ``second`` (at the start when it follows none)."""
    out: list[str] = []
    seen: set[str] = set()
    for k in first:
        if k in keep and k not in seen:
            seen.add(k)
            out.append(k)
    if len(seen) == len(keep):
        return out
    after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    placed = set(seen)
    for k in second:
        if k not in keep:
            continue
        if k in placed:
            anchor = k
            continue
        placed.add(k)
        after.setdefault(anchor, []).append(k)
    result = list(after.get(None, ()))
    for k in out:
        result.append(k)
        result += after.get(k, ())
    return result


def merge_strings(base: list[str] | Any, first: list[str], second: list[str]) -> list[str]:
    """A list of strings merged as a set (three-way; ``base`` MISSING: both added-only); each
    string once, also where one side is taken whole."""
    if first == second:
        return list(dict.fromkeys(first))
    if base is not MISSING and second == base:
        return list(dict.fromkeys(first))
    if base is not MISSING and first == base:
        return list(dict.fromkeys(second))
    b = set(base) if base is not MISSING else set()
    keep = (set(first) | set(second)) - (b - set(first)) - (b - set(second))
    return ordered_union(first, second, keep)


def merge_value(kind: str, path: str, w: Any, o: Any, b: Any, out: Outcome) -> Any:
    """Both sides changed a field to different values (``b``: the base's, or MISSING)."""
    if kind == TEXT and type(w) is str and type(o) is str and type(b) is str:
        text, clean = merge_lines(b, w, o)
        if not clean:
            out.lose(path, o)
        return text
    if kind == SET and _strings(w) and _strings(o) and (b is MISSING or _strings(b)):
        return merge_strings(b, w, o)
    if kind == COUNTER and type(w) is int and type(o) is int:
        return max(0, w + o - b) if type(b) is int else max(w, o)
    if kind == GROW and type(w) in (int, float) and type(o) in (int, float):
        return w if w >= o else o
    if kind != QUIET:
        out.lose(path, o)
    return copy_value(w)


def merge_extra(w: dict[str, Any], o: dict[str, Any], b: dict[str, Any] | Any, path: str,
                out: Outcome) -> dict[str, Any]:
    """Unknown fields, key by key: a list of strings as a SET, anything else as a SCALAR."""
    if w == o or (b is not MISSING and o == b):
        return copy.deepcopy(w)
    if b is not MISSING and w == b:
        return copy.deepcopy(o)
    base = b if b is not MISSING else {}
    merged: dict[str, Any] = {}
    for k in [*w, *(k for k in o if k not in w)]:
        wv, ov, bv = w.get(k, MISSING), o.get(k, MISSING), base.get(k, MISSING)
        if wv == ov or ov == bv:
            value = wv
        elif wv == bv:
            value = ov
        else:
            value = merge_value(SET if _strings(wv) and _strings(ov) else SCALAR, join(path, k), wv, ov,
                                bv if b is not MISSING else MISSING, out)
        if value is not MISSING:
            merged[k] = copy.deepcopy(value)
    return merged


def merge_fields(new: Any, w: Any, o: Any, b: Any, path: str, out: Outcome) -> None:
    """Set on ``new`` (a copy of ``w``) each field of ``w`` and ``o`` merged against ``b`` (or
    MISSING); lists of items and bookkeeping are left to the caller."""
    for name, kind in kind_of(type(w)):
        if kind in (ITEMS, OWN):
            continue
        wv, ov = getattr(w, name), getattr(o, name)
        if wv == ov and not (kind == COUNTER and out.distinct):
            continue
        bv = getattr(b, name) if b is not MISSING else MISSING
        if wv == ov:  # a counter both sides moved by the same amount: both moves count
            if type(wv) is int and type(bv) is int and wv != bv:
                setattr(new, name, max(0, wv + ov - bv))
            continue
        if ov == bv:
            continue
        if wv == bv:
            value = copy_value(ov)
        elif kind == OBJECT:
            value = merge_object(wv, ov, bv, join(path, name), out)
        else:
            value = merge_value(kind, join(path, name), wv, ov, bv, out)
        setattr(new, name, value)
    new.extra = merge_extra(w.extra, o.extra, b.extra if b is not MISSING else MISSING, path, out)


def merge_object(w: Any, o: Any, b: Any, path: str, out: Outcome) -> Any:
    """One leaf object (an idea, a step, the body …) as both sides left it, against the base's
    (MISSING: none)."""
    if (w == o and not (_counters(type(w)) and _counted_twice(w, b, out))) or (b is not MISSING and o == b):
        return clone(w)
    if b is not MISSING and w == b:
        return clone(o)
    new = clone(w)
    merge_fields(new, w, o, b, path, out)
    return new
