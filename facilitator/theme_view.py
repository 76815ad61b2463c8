"""Recurring 地域課題: every theme tag (``themes`` on issues and ideas) across sessions and bodies —
how often it came up, in which bodies (第1層 and 第2層 side by side), when it was first and last
seen, and what was done about it: the hand-offs, homework and board cards that came of the ideas
it is on (an idea counts as on a theme when it carries the tag or its issue does).

Pure: sessions in, the view out. Items that carry over (hand-offs, homework) are shown once, as
their latest copy says. docs/report.md says how the report counts the year's themes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from facilitator.meeting.followup import handoff_status
from facilitator.meeting.tags import theme_key
from facilitator.model import Session
from facilitator.store.reading import session_order_key
from facilitator.text import body_key, for_display

_LAYER_NUMBER = re.compile(r"(\d+)")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)  # (the same body names and themes over thousands of sessions)
def _line(text: str | None) -> str:
    return _SPACES.sub(" ", for_display(text or "")).strip()


_body_key = lru_cache(maxsize=4096)(body_key)
_theme_key = lru_cache(maxsize=4096)(theme_key)


def _keys(themes: list[str]) -> set[str]:
    return {k for k in map(_theme_key, themes) if k}


@dataclass(frozen=True)
class Done:
    """One thing done about a theme."""

    what: str  # "handoff" | "homework" | "card"
    text: str
    status: str  # a hand-off's or homework's status; a card's column
    body: str
    on: str  # the date of the session where it was made (or last seen, for a card)


@dataclass
class ThemeRow:
    key: str
    name: str  # the spelling seen last
    items: int = 0  # issues and ideas tagged
    sessions: set[str] = field(default_factory=set)
    per_body: Counter[str] = field(default_factory=Counter)  # body key → tagged items
    first: str = ""
    last: str = ""
    done: list[Done] = field(default_factory=list)

    def count(self, what: str) -> int:
        return sum(1 for d in self.done if d.what == what)


@dataclass(frozen=True)
class BodyColumn:
    key: str
    name: str
    layer: str


@dataclass
class ThemeView:
    bodies: list[BodyColumn]
    themes: list[ThemeRow]  # most items first, then by name


def _layer_order(layer: str) -> int:
    m = _LAYER_NUMBER.search(unicodedata.normalize("NFKC", layer or ""))
    return int(m.group(1)) if m else 99


def build_theme_view(sessions: Iterable[Session]) -> ThemeView:
    ordered = sorted(sessions, key=session_order_key)
    rows: dict[str, ThemeRow] = {}
    bodies: dict[str, BodyColumn] = {}
    # Latest copies of carried items, and which themes each belongs to.
    handoffs: dict[str, tuple[object, Session]] = {}
    homework: dict[str, tuple[object, Session]] = {}
    cards: dict[str, tuple[object, Session]] = {}
    idea_themes: dict[tuple[str, str], set[str]] = {}  # (body key, idea id) → theme keys
    handoff_themes: dict[str, set[str]] = {}
    homework_themes: dict[str, set[str]] = {}
    card_themes: dict[str, set[str]] = {}
    for s in ordered:
        bkey = _body_key(s.body.name)
        bodies[bkey] = BodyColumn(bkey, _line(s.body.name), _line(s.body.layer))
        issue_keys: dict[str, set[str]] = {}  # an issue's theme keys, which its ideas have too
        for issue in s.issues:
            if issue.themes:
                issue_keys[issue.id] = _keys(issue.themes)
                _seen(rows, issue.themes, s, bkey)
        for idea in s.ideas:
            own = idea.themes
            inherited = issue_keys.get(idea.issue_id) if idea.issue_id and issue_keys else None
            if not own and not inherited:
                continue  # (no theme of its own or of its issue)
            if own:
                _seen(rows, own, s, bkey)
                keys = _keys(own) | inherited if inherited else _keys(own)
            else:
                keys = inherited  # (read only: shared with the issue's other ideas)
            if keys:
                idea_themes[(bkey, idea.id)] = keys
        for h in s.handoffs:
            handoffs[h.id] = (h, s)
            for ref in h.idea_ids:
                handoff_themes.setdefault(h.id, set()).update(idea_themes.get((bkey, ref), ()))
        for hw in s.homework:
            homework[hw.id] = (hw, s)
            if hw.idea_id:
                homework_themes.setdefault(hw.id, set()).update(idea_themes.get((bkey, hw.idea_id), ()))
        for card in s.board.items:
            cards[f"{bkey}/{card.id}"] = (card, s)
            idea_id = card.extra.get("idea_id") if isinstance(card.extra, dict) else None
            if isinstance(idea_id, str):
                card_themes.setdefault(f"{bkey}/{card.id}", set()).update(idea_themes.get((bkey, idea_id), ()))
    for hid, keys in handoff_themes.items():
        h, s = handoffs[hid]
        for k in keys:
            rows[k].done.append(Done("handoff", _line(h.action), handoff_status(h), _line(s.body.name), s.date))  # type: ignore[attr-defined, arg-type]
    for wid, keys in homework_themes.items():
        hw, s = homework[wid]
        for k in keys:
            rows[k].done.append(Done("homework", _line(hw.text), hw.status, _line(s.body.name), s.date))  # type: ignore[attr-defined]
    for cid, keys in card_themes.items():
        card, s = cards[cid]
        for k in keys:
            rows[k].done.append(Done("card", _line(card.text), card.column, _line(s.body.name), s.date))  # type: ignore[attr-defined]
    columns = sorted(bodies.values(), key=lambda b: (_layer_order(b.layer), b.key))
    themes = sorted(rows.values(), key=lambda r: (-r.items, r.name))
    return ThemeView(columns, themes)


def _seen(rows: dict[str, ThemeRow], themes: list[str], s: Session, bkey: str) -> None:
    for theme in themes:
        key = _theme_key(theme)
        if not key:
            continue
        row = rows.get(key)
        if row is None:
            row = rows[key] = ThemeRow(key, _line(theme))
        row.name = _line(theme)
        row.items += 1
        row.sessions.add(s.id)
        row.per_body[bkey] += 1
        row.first = min(row.first, s.date) if row.first else s.date
        row.last = max(row.last, s.date)
