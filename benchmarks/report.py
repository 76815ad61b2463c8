"""Results, floors and the table."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from typing import Iterable


@dataclass
class Result:
    """One line of the table: a median (or a single figure) and the floor it must meet.

    ``floor`` is an upper bound on ``value``; None for figures reported without a floor.
    ``samples`` are the raw measurements the median came from.
    """

    name: str
    value: float
    unit: str
    floor: float | None = None
    samples: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def ok(self) -> bool | None:
        if self.floor is None:
            return None
        return self.value == self.value and self.value <= self.floor  # NaN never passes

    @property
    def spread(self) -> str:
        if len(self.samples) < 2:
            return ""
        xs = sorted(self.samples)
        p90 = xs[min(len(xs) - 1, round(0.9 * (len(xs) - 1)))]
        return f"n={len(xs)}, min {fmt(xs[0], self.unit)}, p90 {fmt(p90, self.unit)}, max {fmt(xs[-1], self.unit)}"

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["ok"] = self.ok
        return d


def median(xs: Iterable[float]) -> float:
    xs = list(xs)
    return statistics.median(xs) if xs else float("nan")


def fmt(value: float, unit: str) -> str:
    if value != value:
        return "—"
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:g} {unit}".strip()


def table(results: list[Result]) -> str:
    """A Markdown table: measurement, median, floor, result, spread and notes."""
    lines = ["| Measurement | Median | Floor | Result | Spread | Notes |", "|---|---:|---:|:---:|---|---|"]
    for r in results:
        floor = f"≤ {fmt(r.floor, r.unit)}" if r.floor is not None else ""
        verdict = {True: "ok", False: "**MISSED**", None: ""}[r.ok]
        lines.append(f"| {r.name} | {fmt(r.value, r.unit)} | {floor} | {verdict} | {r.spread} | {r.note} |")
    return "\n".join(lines)
