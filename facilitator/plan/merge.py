"""Two people editing one year plan: ``merge_plans(base, mine, theirs)``, the same rules as the
sessions' merge (facilitator/merge/), applied to the plan's JSON.

- the sides are ordered by the logical clock (``(counter, writer)``; equal clocks: the greater
  document text), never by argument order or wall-clock time, so the result is the same
  whoever saves first;
- lanes and meetings merge by id; absence is not deletion — only a tombstone in ``deleted``
  removes an item (``merge.fields.merge_strings`` merges the tombstones and every list of
  strings as a set);
- a field changed on one side wins; changed on both to different values: the clock's winner
  keeps it and the other value goes to ``conflicts`` (``{path, value, by, at}``);
- free text (a meeting's theme, a month's 備考) merges line by line (``merge.text.merge_lines``);
  overlapping edits keep the winner's text and put the other in ``conflicts``;
- fields this version does not know merge like known ones (lists of strings as sets, the rest
  by the clock).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from facilitator.merge.fields import MISSING, merge_strings
from facilitator.merge.text import merge_lines
from facilitator.model import timestamp
from facilitator.plan.model import COLLECTIONS, Plan, plan_from_json, plan_to_json

_OWN = ("deleted", "clock", "conflicts", "updated_at")
_TEXT_FIELDS = ("theme",)


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _rank(doc: dict[str, Any]) -> tuple[int, str]:
    clock = doc.get("clock") or {}
    return (int(clock.get("counter", -1)), str(clock.get("writer", ""))) if clock else (-1, "")


class _Merge:
    def __init__(self, loser: dict[str, Any], at: str) -> None:
        self.by = str((loser.get("clock") or {}).get("writer", ""))
        self.at = at
        self.conflicts: list[dict[str, Any]] = []

    def conflict(self, path: str, value: Any) -> None:
        self.conflicts.append({"path": path, "value": value, "by": self.by, "at": self.at})

    def value(self, path: str, b: Any, w: Any, o: Any, *, text: bool = False) -> Any:
        """One value, three-way (MISSING: absent on that side)."""
        if w == o:
            return w
        if b is not MISSING and w == b:
            return o
        if b is not MISSING and o == b:
            return w
        if w is MISSING:  # only the other side has it (and the base did not): added there
            return o
        if o is MISSING:
            return w
        if isinstance(w, dict) and isinstance(o, dict):
            return self.fields(path, b if isinstance(b, dict) else MISSING, w, o)
        if _strings(w) and _strings(o):
            return merge_strings(b if _strings(b) else MISSING, w, o)
        if text and isinstance(w, str) and isinstance(o, str):
            merged, overlapped = merge_lines(b if isinstance(b, str) else "", w, o)
            if overlapped:
                self.conflict(path, o)
            return merged
        self.conflict(path, o)
        return w

    def fields(self, path: str, b: Any, w: dict[str, Any], o: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        base = b if isinstance(b, dict) else {}
        for key in [*w, *(k for k in o if k not in w)]:
            got = self.value(f"{path}/{key}" if path else key, base.get(key, MISSING) if b is not MISSING else MISSING,
                             w.get(key, MISSING), o.get(key, MISSING), text=key in _TEXT_FIELDS or path == "notes")
            if got is not MISSING:
                out[key] = got
        return out

    def items(self, name: str, b: list[Any] | None, w: list[Any], o: list[Any], dead: set[str]) -> list[Any]:
        by_base = {x["id"]: x for x in b or ()}
        theirs = {x["id"]: x for x in o}
        mine_ids = {x["id"] for x in w}
        out = []
        for x in [*w, *(y for y in o if y["id"] not in mine_ids)]:
            key = x["id"]
            if key in dead:
                continue
            if key in mine_ids and key in theirs:
                x = self.fields(f"{name}/{key}", by_base.get(key, MISSING), x, theirs[key])
            out.append(x)
        return out


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def _later(x: str, y: str) -> str:
    try:
        dx, dy = datetime.fromisoformat(x), datetime.fromisoformat(y)
        if dx != dy:
            return x if dx > dy else y
    except (TypeError, ValueError):
        pass
    return max(x, y)


def merge_plans(base: Plan | None, mine: Plan, theirs: Plan, *, now: datetime | str | None = None) -> Plan:
    """The merged plan; ``base`` None: no common version known (both added-only). The inputs
    are not changed. Deterministic: ``merge_plans(b, x, y) == merge_plans(b, y, x)``."""
    a, c = plan_to_json(mine), plan_to_json(theirs)
    ra, rc = _rank(a), _rank(c)
    w, o = (a, c) if (ra, _canonical(a)) >= (rc, _canonical(c)) else (c, a)
    b = plan_to_json(base) if base is not None else None
    at = (timestamp(now) if isinstance(now, datetime) else now) if now is not None else _later(
        w.get("updated_at", ""), o.get("updated_at", ""))
    m = _Merge(o, at)

    deleted: dict[str, list[str]] = {}
    bd = (b or {}).get("deleted", {})
    wd, od = w.get("deleted", {}), o.get("deleted", {})
    for name in [*wd, *(n for n in od if n not in wd)]:
        keys = merge_strings(bd.get(name, MISSING) if b is not None else MISSING, wd.get(name, []), od.get(name, []))
        if keys:
            deleted[name] = keys

    rest_w = {k: v for k, v in w.items() if k not in (*_OWN, *COLLECTIONS)}
    rest_o = {k: v for k, v in o.items() if k not in (*_OWN, *COLLECTIONS)}
    rest_b = {k: v for k, v in b.items() if k not in (*_OWN, *COLLECTIONS)} if b is not None else MISSING
    out = m.fields("", rest_b, rest_w, rest_o)
    for name in COLLECTIONS:
        out[name] = m.items(name, (b or {}).get(name) if b is not None else None, w.get(name, []), o.get(name, []),
                            set(deleted.get(name, ())))
    if deleted:
        out["deleted"] = deleted
    clock = w.get("clock") or o.get("clock")
    if clock:
        out["clock"] = dict(clock)
    seen: dict[str, dict[str, Any]] = {}
    base_c = [_canonical(x) for x in (b or {}).get("conflicts", [])] if b is not None else MISSING
    keys = merge_strings(base_c, [_canonical(x) for x in w.get("conflicts", [])],
                         [_canonical(x) for x in o.get("conflicts", [])])
    for x in [*w.get("conflicts", []), *o.get("conflicts", [])]:
        seen.setdefault(_canonical(x), x)
    for x in sorted(m.conflicts, key=_canonical):
        k = _canonical(x)
        if k not in keys:
            keys.append(k)
            seen[k] = x
    if keys:
        out["conflicts"] = [seen[k] for k in keys]
    out["updated_at"] = at
    return plan_from_json(out)
