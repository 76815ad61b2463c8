"""Lists of items merged by key (an id; an attendee's normalised name), with tombstones.

- Absence is not deletion: an item one side has and the other lacks is kept (the other never
  saw it, or lost it some other way). Only a tombstone (``session.deleted``) removes an item.
- A tombstone removes the item when the deleting writer had seen it: it was in the base, or
  the tombstone was already in the base (an old deletion nobody undid), or there is no base.
  Removing an item the other side edited keeps that side's item in ``conflicts`` (path
  ``<collection>/<key>``), so nothing typed is lost. A tombstone for an item the deleting side
  added itself does not remove an item of the same key the other side added meanwhile: that
  item stays and the tombstone goes.
- The same id added on both sides with different content keeps both: the one whose content
  sorts last (``fields.canonical``) gets a new id made from the id and its content (so it does
  not matter who merges), and its own references follow it (``rename_clashes``).
- A side whose logical clock is behind the base's (``behind``: a script wrote back a copy read
  before the base) never saw the base's tombstones: lacking them does not undo a deletion.
- Order: the side's that changed it, if only one did; else the first side's (the clock's
  winner), with the other's additions after the item they follow there.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from facilitator.merge.bookkeeping import (
    ATTENDEES,
    CARDS,
    HANDOFFS,
    HOMEWORK,
    IDEAS,
    ISSUES,
    QUESTIONS,
    attendee_key,
)
from facilitator.merge.fields import MISSING, Outcome, canonical, clone, merge_object, ordered_union
from facilitator.model import Session

STEPS = "steps"
_DUPLICATE = "\x00"  # an item's key is its id; a second item with the same id gets "<id>\x00<n>"


@dataclass(frozen=True)
class Collection:
    name: str  # as in session.deleted and conflict paths
    items: Callable[[Session], list[Any]]
    tombstoned: bool  # deletions leave tombstones (steps are never deleted)
    renamed_on_clash: bool  # the same id added twice: one is renamed (a person cannot be)


COLLECTIONS: tuple[Collection, ...] = (
    Collection(ATTENDEES, lambda s: s.attendees, True, False),
    Collection(STEPS, lambda s: s.steps, False, False),
    Collection(ISSUES, lambda s: s.issues, True, True),
    Collection(QUESTIONS, lambda s: s.questions, True, True),
    Collection(IDEAS, lambda s: s.ideas, True, True),
    Collection(HANDOFFS, lambda s: s.handoffs, True, True),
    Collection(HOMEWORK, lambda s: s.homework, True, True),
    Collection(CARDS, lambda s: s.board.items, True, True),
)


def behind(side: Session, base: Session | None) -> bool:
    """``side`` was written over a version older than ``base`` without reading the base (a
    script writing back a copy it read earlier): its logical clock is behind the base's. A
    kyogitai writer never is — it merges with what is on disk, whose clock it then passes. Such
    a side lacks the base's tombstones because it never saw them, not because it undid them."""
    if base is None or base.clock is None:
        return False
    return side.clock is None or side.clock.counter < base.clock.counter


def keyed(name: str, items: list[Any]) -> tuple[list[str], dict[str, Any]]:
    """The items' keys in order, and the items by key. A key met twice in one list (a file
    written with a duplicate id) gets a suffix, so both copies are kept."""
    keys = [attendee_key(x.name) for x in items] if name == ATTENDEES else [x.id for x in items]
    by_key = dict(zip(keys, items))
    if len(by_key) != len(keys):
        by_key = {}
        for i, k in enumerate(keys):
            n = 0
            while k in by_key:
                n += 1
                k = f"{keys[i]}{_DUPLICATE}{n}"
            keys[i] = k
            by_key[k] = items[i]
    return keys, by_key


def _plain_key(key: str) -> str:
    return key.split(_DUPLICATE, 1)[0] if _DUPLICATE in key else key


def merge_items(c: Collection, w: Session, o: Session, b: Session | None, dead: set[str],
                buried_in_base: set[str], out: Outcome) -> tuple[list[Any], set[str]]:
    """One collection merged; and the tombstones to drop (items added again by the other side)."""
    wkeys, wm = keyed(c.name, c.items(w))
    okeys, om = keyed(c.name, c.items(o))
    bkeys, bm = keyed(c.name, c.items(b)) if b is not None else ([], {})
    keep = set(wm) | set(om)
    revived: set[str] = set()
    if dead:
        w_dead, o_dead = set(w.deleted.get(c.name, ())), set(o.deleted.get(c.name, ()))
        for k in [*wkeys, *(k for k in okeys if k not in wm)]:
            key = _plain_key(k)
            if key not in dead:
                continue
            if b is not None and key not in buried_in_base and k not in bm:
                # Deleted by a side that added it itself: the other side's item of that key stays.
                survivors = [s for s, m, gone in ((w, wm, w_dead), (o, om, o_dead)) if k in m and key not in gone]
                if survivors:
                    revived.add(key)
                    if len(survivors) == 1:
                        (wm if survivors[0] is o else om).pop(k, None)
                    continue
            keep.discard(k)
            for side, m in ((w, wm), (o, om)):
                item = m.get(k)
                if key in buried_in_base and behind(side, b):
                    continue  # an older copy's item, deleted before the base: nothing was typed
                if item is not None and (k not in bm or item != bm[k]):
                    out.lose(f"{c.name}/{key}", item, side)
    # The order: the first side's, unless only the other side changed it (then the other's).
    first, second = (okeys, wkeys) if b is not None and wkeys == bkeys else (wkeys, okeys)
    merged = []
    for k in ordered_union(first, second, keep):
        wi, li = wm.get(k), om.get(k)
        if out.share and wi is li and bm.get(k) is wi:
            merged.append(wi)  # the same object on all three sides: nothing to merge
        elif wi is None:
            merged.append(clone(li))
        elif li is None:
            merged.append(clone(wi))
        else:
            merged.append(merge_object(wi, li, bm.get(k, MISSING), f"{c.name}/{_plain_key(k)}", out))
    return merged, revived


# -- the same id added on both sides ---------------------------------------------------------


@dataclass(frozen=True)
class Renamed:
    """An item added on both sides under one id with different content: ``side``'s got ``new``."""

    collection: str
    old: str
    new: str
    side: str  # "mine" or "theirs"


def _references(s: Session, collection: str, old: str, new: str) -> None:
    """Rename ``old`` to ``new`` where ``s`` points to an item of ``collection``."""
    if collection == ISSUES:
        for x in [*s.ideas, *s.questions]:
            if x.issue_id == old:
                x.issue_id = new
    elif collection == IDEAS:
        for h in s.handoffs:
            h.idea_ids = [new if i == old else i for i in h.idea_ids]
        for hw in s.homework:
            if hw.idea_id == old:
                hw.idea_id = new
    if collection in (IDEAS, HOMEWORK):
        field = "idea_id" if collection == IDEAS else "homework_id"  # a card made into one (board)
        for card in s.board.items:
            if card.extra.get(field) == old:
                card.extra[field] = new
    elif collection == CARDS:
        for card in s.board.items:
            card.links = [new if i == old else i for i in card.links]


def _new_id(old: str, content: str, taken: set[str]) -> str:
    import hashlib  # only when two writers used one id (it loads OpenSSL: not at start)

    digest = hashlib.sha256(f"{old}\n{content}".encode("utf-8", "surrogatepass")).hexdigest()
    for n in range(8, len(digest) + 1):
        new = f"{old}-{digest[:n]}"
        if new not in taken:
            return new
    n = 2
    while f"{old}-{digest}-{n}" in taken:
        n += 1
    return f"{old}-{digest}-{n}"


def rename_clashes(base: Session, w: Session, o: Session,
                   side_of: Callable[[Session], str]) -> tuple[Session, Session, list[Renamed]]:
    """Copies of ``w`` and ``o`` (only where something is renamed) in which no id added on both
    sides names two different items."""
    plans: list[tuple[Session, str, str, str]] = []
    for c in COLLECTIONS:
        if not c.renamed_on_clash:
            continue
        wm, om = keyed(c.name, c.items(w))[1], keyed(c.name, c.items(o))[1]
        clashes = [k for k in wm if k in om and _DUPLICATE not in k and wm[k] != om[k]]
        if not clashes:
            continue
        bm = keyed(c.name, c.items(base))[1]
        taken = set(wm) | set(om) | set(bm)
        for k in clashes:
            if k in bm:
                continue  # one item edited on both sides: its fields merge
            wc, lc = canonical(wm[k]), canonical(om[k])
            if wc == lc:
                continue
            loser, content = (w, wc) if wc > lc else (o, lc)
            new = _new_id(k, content, taken)
            taken.add(new)
            plans.append((loser, c.name, k, new))
    if not plans:
        return w, o, []
    copies: dict[int, Session] = {}
    renamed = []
    for side, name, old, new in plans:
        doc = copies.get(id(side))
        if doc is None:
            doc = copies[id(side)] = copy.deepcopy(side)
        coll = next(c for c in COLLECTIONS if c.name == name)
        coll.items(doc)[_index(coll, doc, old)].id = new
        _references(doc, name, old, new)
        renamed.append(Renamed(name, old, new, side_of(side)))
    return copies.get(id(w), w), copies.get(id(o), o), renamed


def _index(c: Collection, s: Session, item_id: str) -> int:
    return next(i for i, x in enumerate(c.items(s)) if x.id == item_id)
