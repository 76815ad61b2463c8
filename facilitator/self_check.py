"""The facilitator's self-check after 散会 (``self_check`` in the session file).

A short look back at the 伴走支援 elements — how the facilitator accompanied the body, not what the
body did. Six items, each answered 0–3 (:data:`SCALE`), and a note. The ten elements SCs use
are grouped into the six so the check takes a minute:

- ``listening``: listening and accepting (傾聴・受容);
- ``equal``: an equal footing, the same stance throughout (対等な関係・一貫した姿勢);
- ``initiative``: drawing out the members' own initiative, asking instead of imposing
  (主体性を引き出す・押しつけない問い);
- ``background``: an eye for background and structure, feedback grounded in facts
  (背景・構造への目配り・事実にもとづく返し);
- ``pace``: matching people's level of enthusiasm, in plain words (温度感・わかりやすい言葉);
- ``self_running``: knowing where support should stop so the body runs on its own
  (支援範囲の見極め・自走を重んじる).

It is the facilitator's own: never in the minutes (facilitator/export/minutes/ does not read it),
never in an anonymised export (anonymize/allowlist.py drops it), never drawn on the wall (the
meeting screen opens it only out of projection mode). Its trend across a body's meetings is in
the hand-over (facilitator/handover/) and, through :func:`trend`, for the year's report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from facilitator.i18n import Labels
from facilitator.model import SelfCheck, Session
from facilitator.text import clean

ITEMS: tuple[str, ...] = ("listening", "equal", "initiative", "background", "pace", "self_running")
SCALE: tuple[int, ...] = (0, 1, 2, 3)
MAX = SCALE[-1]

ITEM_LABELS = Labels({
    "listening": "self_check.item.listening",
    "equal": "self_check.item.equal",
    "initiative": "self_check.item.initiative",
    "background": "self_check.item.background",
    "pace": "self_check.item.pace",
    "self_running": "self_check.item.self_running",
})
ITEM_SHORT = Labels({
    "listening": "self_check.short.listening",
    "equal": "self_check.short.equal",
    "initiative": "self_check.short.initiative",
    "background": "self_check.short.background",
    "pace": "self_check.short.pace",
    "self_running": "self_check.short.self_running",
})
SCALE_LABELS = Labels({"0": "self_check.scale.0", "1": "self_check.scale.1", "2": "self_check.scale.2",
                       "3": "self_check.scale.3"})


def make(answers: Mapping[str, int | None], note: str | None) -> SelfCheck | None:
    """A self-check from what was chosen: unanswered items left out, values outside 0–3 or
    unknown items refused (ValueError). None when nothing was answered or written (a skip)."""
    kept: dict[str, int] = {}
    for item, value in answers.items():
        if value is None:
            continue
        if item not in ITEMS or value not in SCALE:
            raise ValueError(f"self_check: {item}={value!r}")
        kept[item] = value
    text = clean(note or "").strip() or None
    if not kept and text is None:
        return None
    return SelfCheck(answers={i: kept[i] for i in ITEMS if i in kept}, note=text)


def valid_answers(check: SelfCheck) -> dict[str, int]:
    """The answers a reader can count: the known items with a value 0–3 (a hand-written file
    may hold others; they are kept in the file but not counted)."""
    return {i: v for i, v in check.answers.items()
            if i in ITEMS and isinstance(v, int) and not isinstance(v, bool) and v in SCALE}


@dataclass(frozen=True)
class TrendRow:
    """One meeting's self-check."""

    session_id: str
    date: str
    title: str
    answers: dict[str, int]
    note: str

    @property
    def average(self) -> float | None:
        return sum(self.answers.values()) / len(self.answers) if self.answers else None


def trend(sessions: Iterable[Session]) -> list[TrendRow]:
    """Every meeting with a self-check, oldest first (by date, then when it was made)."""
    rows = [TrendRow(s.id, s.date, s.title, valid_answers(s.self_check), s.self_check.note or "")
            for s in sorted(sessions, key=lambda s: (s.date, s.created_at)) if s.self_check is not None]
    return [r for r in rows if r.answers or r.note]


def item_averages(rows: Iterable[TrendRow]) -> dict[str, float]:
    """Each item's average over the rows that answered it (items never answered left out)."""
    sums: dict[str, list[int]] = {}
    for row in rows:
        for item, value in row.answers.items():
            sums.setdefault(item, []).append(value)
    return {i: sum(sums[i]) / len(sums[i]) for i in ITEMS if i in sums}


def direction(rows: list[TrendRow], item: str) -> int:
    """+1 when the item's latest answer is above its first, -1 below, 0 the same or too few."""
    values = [r.answers[item] for r in rows if item in r.answers]
    if len(values) < 2:
        return 0
    return (values[-1] > values[0]) - (values[-1] < values[0])
