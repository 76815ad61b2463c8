"""The demo town's facilitator self-checks (``kyogitai demo``): the 第1層 body's SC over a year,
so that the hand-over shows a trend (facilitator/self_check.py). Fictional, like the town."""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.model import SelfCheck, Session

# One row per meeting, oldest first: listening, equal, initiative, background, pace, self_running.
_ROWS = (
    ((2, 1, 1, 1, 2, 1), "緊張して、こちらから話しすぎた。問いを短くする。"),
    ((2, 2, 1, 2, 2, 1), "要望が続いたとき、自分たちでできることへ戻す問いが出せた。"),
    ((3, 2, 2, 2, 2, 1), "一人の発言が長くなった。次は要点をまとめて、ほかの人に振る。"),
    ((3, 2, 2, 2, 3, 2), "乗り合いの試行は住民が自分たちで段取りした。手を出しすぎない。"),
    ((3, 3, 2, 3, 3, 2), ""),
)
_ITEMS = ("listening", "equal", "initiative", "background", "pace", "self_running")


def add_self_checks(sessions: Sequence[Session]) -> None:
    """The closed meetings among ``sessions`` (oldest first) get the rows above, in order."""
    closed = [s for s in sessions if s.ended_at]
    for s, (values, note) in zip(closed, _ROWS):
        s.self_check = SelfCheck(answers=dict(zip(_ITEMS, values)), note=note or None)
