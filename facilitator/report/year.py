"""The year's report: every body with a meeting in the 年度, side by side, and their total."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from facilitator.dates import format_fiscal_year
from facilitator.i18n import t
from facilitator.model import Session
from facilitator.plan.model import Plan
from facilitator.report.counting import BodyYear, count_body, in_year
from facilitator.text import body_key

_LAYER_NUMBER = re.compile(r"(\d+)")


@dataclass
class YearReport:
    fiscal_year: int
    today: date  # the day it was made: sessions dated later are planned, not held
    bodies: list[BodyYear]
    unreadable: list[str] = field(default_factory=list)  # files that could not be read (names)

    @property
    def year_label(self) -> str:
        return format_fiscal_year(self.fiscal_year)

    @property
    def title(self) -> str:
        return t("report.title", year=self.year_label)

    def total(self) -> BodyYear:
        """Every body's figures added up (lists joined)."""
        out = BodyYear(key="", name=t("report.total"), layer="")
        for b in self.bodies:
            for name in ("planned", "held", "present", "absent", "untaken", "meetings_with_attendance"):
                setattr(out, name, getattr(out, name) + getattr(b, name))
            if b.as_planned is not None:
                out.as_planned = (out.as_planned or 0) + b.as_planned
            for name in ("kinds", "natures", "issue_natures", "themes"):
                getattr(out, name).update(getattr(b, name))
            for name in ("handoffs", "homework", "found", "lack", "requests", "self_checks"):
                getattr(out, name).extend(getattr(b, name))
        return out

    def columns(self) -> list[BodyYear]:
        """The bodies, then the total (one column each in the tables)."""
        return [*self.bodies, self.total()]


def _layer_order(layer: str) -> int:
    m = _LAYER_NUMBER.search(unicodedata.normalize("NFKC", layer or ""))
    return int(m.group(1)) if m else 99


def build_year_report(sessions: Iterable[Session], fy: int, today: date, *, body: str | None = None,
                      unreadable: Sequence[str] = (), plan: Plan | None = None) -> YearReport:
    """The report of 年度 ``fy`` from readable sessions (any order, other years ignored).
    ``body``: only that body (matched as bodies match: NFKC, spaces collapsed); ``plan``: the
    year plan made ahead for ``fy``, when there is one."""
    wanted = body_key(body) if body else None
    by_body: dict[str, list[Session]] = {}
    for s in sessions:
        key = body_key(s.body.name)
        if (wanted is None or key == wanted) and in_year(s, fy):
            by_body.setdefault(key, []).append(s)
    bodies = [b for b in (count_body(ss, fy, today, plan) for ss in by_body.values()) if b is not None]
    bodies.sort(key=lambda b: (_layer_order(b.layer), b.key))
    return YearReport(fy, today, bodies, sorted(unreadable))


def themes_of_year(report: YearReport) -> Counter[str]:
    return report.total().themes
