"""``merge(base, mine, theirs)``: the three-way merge of two writers' versions of one session;
``merge_without_base(a, b)`` for two copies with no known common version (a sync client's
conflict copy).

Deterministic and symmetric: the two sides are first put in an order that does not depend on
which is "mine" — the clock's winner first (the greater ``(clock.counter, clock.writer)``; for
equal clocks, the greater document text) — and every choice after that is made from that
order or from content, never from the argument order or the wall clock. So
``merge(base, a, b)`` and ``merge(base, b, a)`` are the same document, whoever saves first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from facilitator.merge.fields import (
    MISSING,
    Outcome,
    canonical,
    clone,
    kind_of,
    merge_fields,
    merge_strings,
)
from facilitator.merge.items import COLLECTIONS, Renamed, behind, merge_items, rename_clashes
from facilitator.model import Board, Conflict, Session, timestamp


@dataclass
class MergeResult:
    session: Session  # the merged document: shares no object with the inputs (unless ``share``)
    conflicts: list[Conflict] = field(default_factory=list)  # added to session.conflicts by this merge
    renamed: list[Renamed] = field(default_factory=list)  # ids changed because both sides used one


def merge(base: Session, mine: Session, theirs: Session, *, now: datetime | str | None = None,
          share: bool = False) -> MergeResult:
    """``mine`` (this writer's document) and ``theirs`` (the file on disk now), both edited from
    ``base`` (what this writer last read or wrote). ``now``: the merge's time, for
    ``updated_at``; None keeps the later of the two sides' ``updated_at``. The inputs are not
    changed. ``share``: an item that is the same object in all three is taken as it is, so the
    result shares it with the inputs — only for inputs and a result nobody changes (the
    versions of facilitator.sharing, parsed like one another)."""
    return _merge(base, mine, theirs, now, share)


def merge_without_base(a: Session, b: Session, *, now: datetime | str | None = None) -> MergeResult:
    """Two versions with no known common one: both are treated as added-only (every item of
    either is kept unless a tombstone of either removes it) and a field that differs keeps the
    clock's winner's value, the other going to ``conflicts``."""
    return _merge(None, a, b, now)


def _rank(s: Session) -> tuple[int, str]:
    c = s.clock
    return (c.counter, c.writer) if c is not None else (-1, "")


def _order(a: Session, b: Session) -> tuple[Session, Session]:
    """The clock's winner first; equal clocks: the greater document text first."""
    ra, rb = _rank(a), _rank(b)
    if ra != rb:
        return (a, b) if ra > rb else (b, a)
    if a is b:
        return a, b
    return (a, b) if canonical(a) >= canonical(b) else (b, a)


def _later(x: str, y: str) -> str:
    try:
        dx, dy = datetime.fromisoformat(x), datetime.fromisoformat(y)
        if dx != dy:
            return x if dx > dy else y
    except (TypeError, ValueError):
        pass
    return max(x, y)


def _merge_deleted(w: Session, o: Session, b: Session | None) -> dict[str, list[str]]:
    if w.deleted == o.deleted:
        return {k: list(v) for k, v in w.deleted.items()}
    base = b.deleted if b is not None else {}
    stale = behind(w, b), behind(o, b)  # never saw the base's tombstones: keeps them all
    out = {}
    for name in [*w.deleted, *(n for n in o.deleted if n not in w.deleted),
                 *(n for n in base if (stale[0] or stale[1]) and n not in w.deleted and n not in o.deleted)]:
        was = base.get(name, [])
        mine, theirs = w.deleted.get(name, []), o.deleted.get(name, [])
        if stale[0]:
            mine = [*was, *(k for k in mine if k not in was)]
        if stale[1]:
            theirs = [*was, *(k for k in theirs if k not in was)]
        keys = merge_strings(was, mine, theirs)
        if keys:
            out[name] = keys
    return out


def _merge_conflicts(w: Session, o: Session, b: Session | None,
                     added: list[Conflict]) -> tuple[list[Conflict], list[Conflict]]:
    """Conflicts as a set (one resolved on either side is gone), then the merge's new ones (in
    the order of their text); and those new ones."""
    if not (w.conflicts or o.conflicts or added):
        return [], []
    by_key: dict[str, Conflict] = {}
    sides = []
    for side in (w, o):
        side_keys = []
        for c in side.conflicts:
            k = canonical(c)
            by_key.setdefault(k, c)
            side_keys.append(k)
        sides.append(side_keys)
    base_keys = [canonical(c) for c in b.conflicts] if b is not None else MISSING
    kept = merge_strings(base_keys, sides[0], sides[1])
    known = set(sides[0]) | set(sides[1])
    fresh = []
    for k, c in sorted(((canonical(c), c) for c in added), key=lambda kc: kc[0]):
        if k not in known:
            known.add(k)
            kept.append(k)
            by_key[k] = c
            fresh.append(k)
    merged = {k: clone(by_key[k]) for k in kept}
    return list(merged.values()), [merged[k] for k in fresh]


def _merge(base: Session | None, mine: Session, theirs: Session, now: datetime | str | None,
           share: bool = False) -> MergeResult:
    w, o = _order(mine, theirs)
    renamed: list[Renamed] = []
    if base is not None:
        w, o, renamed = rename_clashes(base, w, o, lambda s: "mine" if s is mine else "theirs")
    out = Outcome(w, o, share=share)
    b: Any = base if base is not None else MISSING

    new = Session.__new__(Session)
    new.__dict__.update({name: getattr(w, name) for name, _ in kind_of(Session)})
    merge_fields(new, w, o, b, "", out)
    for name in ("body", "next_meeting"):
        if getattr(new, name) is getattr(w, name):
            setattr(new, name, clone(getattr(w, name)))

    board = Board.__new__(Board)
    board.__dict__.update(vision=w.board.vision, items=[], extra={})
    merge_fields(board, w.board, o.board, b.board if base is not None else MISSING, "board", out)
    new.board = board

    deleted = _merge_deleted(w, o, base)
    buried_in_base = base.deleted if base is not None else {}
    for c in COLLECTIONS:
        dead = set(deleted.get(c.name, ())) if c.tombstoned else set()
        items, revived = merge_items(c, w, o, base, dead, set(buried_in_base.get(c.name, ())), out)
        if c.name == "board.items":
            board.items = items
        else:
            setattr(new, c.name, items)
        if revived:
            rest = [k for k in deleted[c.name] if k not in revived]
            if rest:
                deleted[c.name] = rest
            else:
                del deleted[c.name]
    new.deleted = deleted
    new.clock = clone(w.clock) if w.clock is not None else (clone(o.clock) if o.clock is not None else None)
    if now is None:
        new.updated_at = _later(w.updated_at, o.updated_at)
    else:
        new.updated_at = timestamp(now) if isinstance(now, datetime) else now
    new.conflicts, added = _merge_conflicts(w, o, base, out.added)
    return MergeResult(new, added, renamed)

