"""The order of the index's rows: readable sessions newest first (a session's sync copies left
out, listed beside it), and the files that can't be opened — made whole, or patched after a save."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from facilitator.i18n import t
from facilitator.index.rows import newest_first_key
from facilitator.store import CONFLICT, OK
from facilitator.store.entries import conflict_message, copy_message, pick_canonical

PATCH_AT_MOST = 50  # more files changed at once than this: the order is made again


@dataclass(frozen=True)
class Order:
    """``oldest_first``: the readable rows (read from the end for newest first); ``problems``:
    damaged, newer-schema and conflicting files by name; ``files_of_id``: how many files carry
    each id. Never changed in place: a refresh makes a new one while the UI thread reads this."""

    oldest_first: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    files_of_id: dict[str, int]


def order_rows(rows: dict[str, dict[str, Any]]) -> Order:
    """Every row in its place; conflicts worked out (a sync copy is listed beside its session)."""
    by_id: dict[str, list[dict[str, Any]]] = {}
    for row in rows.values():
        if row.get("id"):
            by_id.setdefault(row["id"], []).append(row)
    conflicting = {sid: group for sid, group in by_id.items() if len(group) > 1}
    # A sync client's copies: the session's own file is listed (with its copies' names),
    # the others are reported as copies of it (store/entries.py, the same choice).
    main_of: dict[str, str] = {}
    for sid, group in conflicting.items():
        chosen = pick_canonical(sid, [(r["file"], r["status"] == OK) for r in group])
        if chosen is not None and any(r["file"] == chosen and r["status"] == OK for r in group):
            main_of[sid] = chosen
    ordered: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    for row in rows.values():
        sid = row.get("id") or ""
        group = conflicting.get(sid)
        main = main_of.get(sid)
        if group is not None and main is not None:
            view = dict(row)
            if row["file"] == main:
                view["copies"] = sorted(r["file"] for r in group if r["file"] != main)
                ordered.append(view)
                continue
            view["status"] = CONFLICT
            view["copy_of"] = sid
            message = copy_message(main)
            view["error"] = t("store.conflict_this_file", message=message, error=row["error"]) if row.get("error") else message
            problems.append(view)
        elif group is not None:
            view = dict(row)
            view["status"] = CONFLICT
            message = conflict_message(row["id"], sorted(r["file"] for r in group))
            view["error"] = t("store.conflict_this_file", message=message, error=row["error"]) if row.get("error") else message
            problems.append(view)
        elif row["status"] == OK:
            ordered.append(row)
        else:
            problems.append(row)
    ordered.sort(key=newest_first_key)
    problems.sort(key=lambda r: r["file"])
    return Order(ordered, problems, {sid: len(group) for sid, group in by_id.items()})


def patch_order(current: Order, before: dict[str, dict[str, Any]], put: dict[str, dict[str, Any]],
                gone: list[str]) -> Order | None:
    """``current`` after a few files changed (``put``: their new rows) or went (``gone``), the
    rows moved by bisection (a save: ~0.1 ms instead of sorting 10,000 rows). None — make the
    order again — when a sync copy is involved (an id in several files before or after), or
    many files changed."""
    if not before or len(put) + len(gone) > PATCH_AT_MOST:
        return None
    counts = dict(current.files_of_id)
    for name in [*put, *gone]:
        prev = before.get(name)
        if prev is not None and prev.get("id"):
            counts[prev["id"]] -= 1
    for row in put.values():
        if row.get("id"):
            counts[row["id"]] = counts.get(row["id"], 0) + 1
    ids = {r.get("id") for r in put.values()} | {before[n].get("id") for n in [*put, *gone] if n in before}
    if any(current.files_of_id.get(sid, 0) > 1 or counts.get(sid, 0) > 1 for sid in ids if sid):
        return None
    asc, problems = list(current.oldest_first), list(current.problems)
    for name in [*put, *gone]:
        prev = before.get(name)
        if prev is None:
            continue
        if prev["status"] == OK:
            at = bisect.bisect_left(asc, newest_first_key(prev), key=newest_first_key)
            while at < len(asc) and asc[at] is not prev:
                at += 1
            if at == len(asc):
                return None  # not where it should be: make the order again
            del asc[at]
        else:
            problems = [r for r in problems if r is not prev]
    for row in put.values():
        if row["status"] == OK:
            bisect.insort(asc, row, key=newest_first_key)
        else:
            problems.append(row)
            problems.sort(key=lambda r: r["file"])
    return Order(asc, problems, {sid: n for sid, n in counts.items() if n > 0})
