"""What screens take from outside the UI, handed down by the App through their constructors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from facilitator.store import Store, StoreLocation

if TYPE_CHECKING:  # facilitator.locks is imported with the first write outside a meeting
    from facilitator.locks import Locks


@dataclass(frozen=True)
class Services:
    store: Store
    location: StoreLocation
    now: Callable[[], datetime]  # the wall clock (tests pass a fixed one)
    locks: Callable[[], Locks]  # the store's locks, made when first asked for
