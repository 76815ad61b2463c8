"""No garbage collection while many objects that are not garbage are made.

A full collection walks every object the process holds: with 10,000 sessions' index rows in
memory ~100 ms, and making a view of them or reading a state of ~30,000 containers triggers
several. What these make is freed by reference counting (no cycles), so nothing is lost by not
collecting for that moment. A pause already in force (another thread's) is left to its owner.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
