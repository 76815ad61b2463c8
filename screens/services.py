"""What screens take from outside the UI, handed down by the App through their constructors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from facilitator.store import Store, StoreLocation


@dataclass(frozen=True)
class Services:
    store: Store
    location: StoreLocation
    now: Callable[[], datetime]  # the wall clock (tests pass a fixed one)
