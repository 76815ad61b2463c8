"""Reading and writing ``<store>/plans/<年度>.json`` (e.g. ``plans/2026.json`` for 令和8年度).

``load_plan(store, fy)`` for readers (the year plan screen, the activity report): an empty plan
when there is no file. ``PlanFile`` for a writer: it remembers the text it last read or wrote
(the merge's base) and, when the file changed on disk since, merges before writing
(``merge_plans``), so two people laying out the 年度 at once lose nothing. Written atomically
with the store's file and folder modes (0600/0700, or 0660/2770 in a shared store).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from facilitator.model import timestamp
from facilitator.plan.merge import merge_plans
from facilitator.plan.model import Plan, PlanFormatError, plan_from_json, plan_to_json

PLANS_FOLDER = "plans"


def _root(store: Any) -> Path:
    """The store's folder: a Store's ``root``, or the folder itself (a Path's own ``root`` is
    its drive's: never that)."""
    if isinstance(store, (str, os.PathLike)):
        return Path(store)
    return Path(store.root)


def plan_path(store: Any, fiscal_year: int) -> Path:
    """``<store>/plans/<年度>.json``; ``store`` is a Store or its folder."""
    return _root(store) / PLANS_FOLDER / f"{int(fiscal_year)}.json"


def parse_plan(raw: bytes) -> Plan:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise PlanFormatError(f"not JSON: {e}") from None
    return plan_from_json(data)


def plan_bytes(plan: Plan) -> bytes:
    return (json.dumps(plan_to_json(plan), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def load_plan(store: Any, fiscal_year: int) -> Plan:
    """The plan of 年度 ``fiscal_year`` (2026 = 令和8年度); an empty one when there is no file.
    PlanFormatError (NewerPlanError) when the file can't be read as a plan; OSError as raised."""
    path = plan_path(store, fiscal_year)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Plan(fiscal_year=fiscal_year)
    plan = parse_plan(raw)
    if plan.fiscal_year != fiscal_year:
        raise PlanFormatError(f"{path.name}: fiscal_year is {plan.fiscal_year}")
    return plan


def _digest(raw: bytes | None) -> str | None:
    return hashlib.sha256(raw).hexdigest() if raw is not None else None


class PlanFile:
    """One writer's handle on a plan file: ``read()``, edit the plan, ``save(plan)``."""

    def __init__(self, store: Any, fiscal_year: int) -> None:
        self.store = store
        self.fiscal_year = fiscal_year
        self.path = plan_path(store, fiscal_year)
        self._base: Plan | None = None  # what this writer last read or wrote
        self._digest: str | None = None
        self._looked: str | None = None  # the file last seen by ``look``
        self._lock = threading.Lock()  # one save at a time (the UI saves from thread workers)

    def _read_disk(self) -> tuple[bytes | None, Plan | None]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None, None
        plan = parse_plan(raw)
        if plan.fiscal_year != self.fiscal_year:
            raise PlanFormatError(f"{self.path.name}: fiscal_year is {plan.fiscal_year}")
        return raw, plan

    def read(self) -> Plan:
        """The plan on disk (an empty one without a file); it becomes the base of the next save."""
        raw, plan = self._read_disk()
        self._digest = _digest(raw)
        self._base = plan
        if plan is None:
            return Plan(fiscal_year=self.fiscal_year)
        return plan_from_json(plan_to_json(plan))  # the caller's copy, not the base

    def look(self) -> Plan | None:
        """The plan on disk if someone changed it since this writer last read, wrote or looked;
        else None. The merge base stays what this writer last read or wrote, so a save after
        it still merges whatever the caller did with what it saw. PlanFormatError as ``read``."""
        with self._lock:
            try:
                raw: bytes | None = self.path.read_bytes()
            except FileNotFoundError:
                raw = None
            digest = _digest(raw)
            if raw is None or digest in (self._digest, self._looked):
                return None
            self._looked = digest
            plan = parse_plan(raw)
            if plan.fiscal_year != self.fiscal_year:
                raise PlanFormatError(f"{self.path.name}: fiscal_year is {plan.fiscal_year}")
            return plan

    def changed_on_disk(self) -> bool:
        try:
            raw: bytes | None = self.path.read_bytes()
        except FileNotFoundError:
            raw = None
        return _digest(raw) != self._digest

    def save(self, plan: Plan, *, now: datetime | None = None) -> Plan:
        """Write ``plan``, merged with the file on disk if someone changed it since this writer's
        last read or write; returns what was written (the caller adopts it). PlanFormatError if
        the file on disk is damaged or newer (never overwritten); OSError / StoreError as raised.
        ``plan`` itself is not changed."""
        return self.save_merged(plan, now=now)[0]

    def save_merged(self, plan: Plan, *, now: datetime | None = None) -> tuple[Plan, bool]:
        """``save``, and whether someone else's change was merged in."""
        with self._lock:
            raw, disk = self._read_disk()
            merged = disk is not None and _digest(raw) != self._digest
            if merged:
                assert disk is not None
                plan = merge_plans(self._base, plan, disk, now=now)
            else:
                plan = plan_from_json(plan_to_json(plan))
            plan.updated_at = timestamp(now or datetime.now().astimezone())
            data = plan_bytes(plan)
            self._write(data)
            self._digest = _digest(data)
            self._base = parse_plan(data)
            return plan, merged

    def _write(self, data: bytes) -> None:
        from facilitator.privacy import file_mode, folder_mode
        from facilitator.store.atomic import atomic_write
        from facilitator.store.reach import make_folder

        check = getattr(self.store, "check_reachable", None)
        if check is not None:
            check()  # an unmounted share is never written in its place
        root = _root(self.store)
        if not root.is_dir():
            raise FileNotFoundError(str(root))
        make_folder(self.path.parent, folder_mode(root))
        atomic_write(self.path, data, mode=file_mode(root))
