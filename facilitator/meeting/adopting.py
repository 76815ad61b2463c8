"""Adopting a merged session: another writer's saved changes, taken into the open meeting.

``Meeting.adopt(merged)`` makes the meeting's session the merged document (facilitator.merge:
it already holds this window's edits) **in place**: the session object stays, and so do its lists
and every item, step, card… whose id is still there — updated to the merged values — so the
panels, the board and the undo stack, which hold those objects, keep working on the live ones. Items the
merge dropped (deleted by the other writer) leave the lists; an undo entry that puts one back
still can (that is a new edit: it forgets the tombstone).

It is **not** a local edit: ``version`` does not move, so an autosaver does not write back what
it just read, and a window with no edits of its own never writes. The window's own place in the
meeting stays: ``current_step`` is kept while that step exists (each window moves between steps
on its own), and the running step clock goes on.
"""

from __future__ import annotations

from dataclasses import is_dataclass
from typing import Any

from facilitator.meeting.steps import StepRules
from facilitator.merge.bookkeeping import attendee_key
from facilitator.model import Attendee, Conflict, Session


class AdoptRules(StepRules):
    adopted: int  # how many merged versions this meeting took in (screens re-render on a change)

    def adopt(self, merged: Session) -> None:
        """Take in ``merged`` (see the module). Folds the running time into the current step
        first, so the merge the caller made from this session saw it."""
        if merged is self.session:
            return
        self.commit_time()
        here = self.session.current_step
        _refresh(self.session, merged)
        if self.session.step(here) is not None:
            self.session.current_step = here
        elif self.session.step(self.session.current_step) is None and self.session.steps:
            self.session.current_step = self.session.steps[0].id
        self.adopted = getattr(self, "adopted", 0) + 1

    def keep_unmerged_text(self, path: str, text: str, *, instead_of: Conflict | None = None) -> Conflict:
        """Typed text that a line-by-line merge could not place (another writer changed the same
        lines while it was typed): kept in ``conflicts`` (``path`` as the merge names it, e.g.
        ``review``, ``steps/<id>/notes``) for the SC to resolve — never lost. A local edit.
        ``instead_of``: the entry this field kept before (typing goes on): its value becomes
        ``text`` — found again after a merge (new objects) by path, writer and value — so one
        field being typed in keeps one entry; a new one if it was settled meanwhile."""
        clock = self.session.clock
        at = clock.counter if clock is not None else None
        old = None
        if instead_of is not None:
            old = next((c for c in self.session.conflicts if c is instead_of), None) or next(
                (c for c in self.session.conflicts if (c.path, c.by, c.value) == (path, self.writer, instead_of.value)),
                None)
        if old is not None and old.value == text:
            return old
        if old is not None:
            old.value, old.at = text, at
        else:
            old = Conflict(path=path, value=text, by=self.writer, at=at)
            self.session.conflicts.append(old)
        self._changed()
        return old


def _key(item: Any) -> Any:
    if isinstance(item, Attendee):
        return ("attendee", attendee_key(item.name))
    return getattr(item, "id", None)


def _refresh(old: Any, new: Any) -> None:
    """``old`` (a model object) takes ``new``'s values, keeping its own nested objects where the
    merged ones are the same things (by id)."""
    for name, value in list(vars(new).items()):
        current = getattr(old, name, None)
        if isinstance(value, list) and isinstance(current, list):
            # The same list object, its items the same objects where their ids are still there.
            current[:] = _reuse(current, value) if value and is_dataclass(value[0]) else value
        elif is_dataclass(value) and type(current) is type(value) and not isinstance(value, type):
            _refresh(current, value)
        else:
            setattr(old, name, value)


def _reuse(old_items: list[Any], new_items: list[Any]) -> list[Any]:
    by_key: dict[Any, Any] = {}
    for item in old_items:
        key = _key(item)
        if key is not None:
            by_key.setdefault(key, item)
    out = []
    for item in new_items:
        key = _key(item)
        previous = by_key.pop(key, None) if key is not None else None
        if previous is not None and type(previous) is type(item):
            _refresh(previous, item)
            out.append(previous)
        else:
            out.append(item)
    return out
