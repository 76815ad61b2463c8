"""What changed since last time (前回からの変化): a session compared with the one it carried over from.

Pure: takes sessions, returns a structure the review screen (or any renderer) shows.

- **new cards**: board cards of this session that the previous board did not have (by id);
  **removed cards**: the other way round;
- **homework done / dropped**: items carried in from the previous session (same id) that this
  session closed;
- **homework carried again**: items carried in that are still open, so they go on to the next
  meeting — with how many meetings each has been carried into so far;
- **new homework**: items first written down in this session.

Carried counts follow the chain of earlier sessions (``chain``: the sessions before this one,
oldest first, ending with ``previous``); without a chain an item carried in counts once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from facilitator.model import BoardItem, Homework, Session


@dataclass(frozen=True)
class CarriedItem:
    item: Homework
    times: int  # how many meetings it has been carried into, this one included (>= 1)


@dataclass(frozen=True)
class Changes:
    previous_id: str | None  # the session compared with; None for a body's first session
    new_cards: tuple[BoardItem, ...] = ()
    removed_cards: tuple[BoardItem, ...] = ()
    homework_done: tuple[Homework, ...] = ()
    homework_dropped: tuple[Homework, ...] = ()
    homework_carried: tuple[CarriedItem, ...] = ()
    homework_new: tuple[Homework, ...] = ()
    new_ideas: int = 0
    new_handoffs: int = 0

    @property
    def first(self) -> bool:
        """The body's first session: nothing to compare with."""
        return self.previous_id is None

    @property
    def empty(self) -> bool:
        return not (
            self.new_cards or self.removed_cards or self.homework_done or self.homework_dropped
            or self.homework_carried or self.homework_new
        )


def carried_times(item_id: str, chain: Sequence[Session]) -> int:
    """How many meetings an item held by the session after ``chain`` has been carried into:
    the unbroken run of sessions at the end of ``chain`` that hold the same id."""
    times = 0
    for s in reversed(chain):
        if any(h.id == item_id for h in s.homework):
            times += 1
        else:
            break
    return times


def changes_since(session: Session, previous: Session | None, chain: Sequence[Session] = ()) -> Changes:
    """``session`` compared with ``previous`` (normally the session it carried over from).

    ``chain``: earlier sessions of the body, oldest first, ending with ``previous`` (only used
    to count how often an item has been carried; may be empty).
    """
    if chain and previous is not None and chain[-1].id != previous.id:
        chain = [*chain, previous]
    elif not chain and previous is not None:
        chain = [previous]
    if previous is None:
        return Changes(
            previous_id=None,
            new_cards=tuple(session.board.items),
            homework_new=tuple(session.homework),
            new_ideas=len(session.ideas),
            new_handoffs=sum(1 for h in session.handoffs if not h.from_session),
        )
    before_cards = {c.id for c in previous.board.items}
    now_cards = {c.id for c in session.board.items}
    before_hw = {h.id for h in previous.homework}
    carried_in = [h for h in session.homework if h.id in before_hw]
    return Changes(
        previous_id=previous.id,
        new_cards=tuple(c for c in session.board.items if c.id not in before_cards),
        removed_cards=tuple(c for c in previous.board.items if c.id not in now_cards),
        homework_done=tuple(h for h in carried_in if h.status == "done"),
        homework_dropped=tuple(h for h in carried_in if h.status == "dropped"),
        homework_carried=tuple(
            CarriedItem(h, max(1, carried_times(h.id, chain))) for h in carried_in if h.status == "open"
        ),
        homework_new=tuple(h for h in session.homework if h.id not in before_hw),
        new_ideas=len(session.ideas),
        new_handoffs=sum(1 for h in session.handoffs if not h.from_session),
    )


def chain_needed(session: Session, chain: Sequence[Session]) -> bool:
    """Whether the session before ``chain[0]`` must be loaded to count carried items fully.

    ``chain``: the sessions loaded so far, oldest first, ending with the previous one. True while
    some open item of ``session`` is held by every session of ``chain`` (its run may go on
    further back) and there is an earlier session to look at.
    """
    if not chain:
        return bool(session.previous_session)
    alive = {h.id for h in session.homework if h.status == "open"}
    for s in chain:
        alive &= {h.id for h in s.homework}
    return bool(alive) and bool(chain[0].previous_session)
