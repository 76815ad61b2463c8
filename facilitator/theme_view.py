"""Recurring 地域課題: every theme tag (``themes`` on issues and ideas) across sessions and bodies —
how often it came up, in which bodies (第1層 and 第2層 side by side), when it was first and last
seen, and what was done about it: the hand-offs, homework and board cards that came of the ideas
it is on (an idea counts as on a theme when it carries the tag or its issue does).

Pure: sessions in, the view out, each session read once (10,000 sessions: ~200 ms). An item is on
the themes of the ideas it points at in its own session (the app makes an item in the meeting of
its ideas); items that carry over (hand-offs, homework, cards) are shown once, as their latest copy
says. docs/report.md says how the report counts the year's themes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from facilitator.meeting.followup import handoff_status
from facilitator.meeting.tags import theme_key
from facilitator.model import BoardItem, Handoff, Homework, Session
from facilitator.store.reading import in_carry_order
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


class Done(NamedTuple):
    """One thing done about a theme (a tuple: 17,500 made at 10,000 sessions, each in a third of
    a frozen dataclass's time)."""

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
    ordered = in_carry_order(sessions)  # (by date: a theme's first and last seen)
    rows: dict[str, ThemeRow] = {}
    last_of_body: dict[str, Session] = {}  # body key → its latest session (the spelling shown)
    # Items that point at ideas, in the order they first did (dicts as ordered sets), and the
    # latest copy of each (with its session): a later copy is shown even if it points at nothing.
    handoffs: dict[str, tuple[Handoff, Session]] = {}
    homework: dict[str, tuple[Homework, Session]] = {}
    cards: dict[tuple[str, str], tuple[BoardItem, Session]] = {}
    # Which themes each such item is on.
    handoff_themes: dict[str, set[str]] = {}
    homework_themes: dict[str, set[str]] = {}
    card_themes: dict[tuple[str, str], set[str]] = {}
    for s in ordered:
        bkey = _body_key(s.body.name)
        last_of_body[bkey] = s
        tagged: list[str] = []  # every theme of the session's issues and ideas, in order
        issue_keys: dict[str, set[str]] = {}  # an issue's theme keys, which its ideas have too
        for issue in s.issues:
            if issue.themes:
                issue_keys[issue.id] = _keys(issue.themes)
                tagged += issue.themes
        idea_themes: dict[str, set[str]] = {}  # idea id → theme keys, of the session's ideas on any
        for idea in s.ideas:
            own = idea.themes
            if own:
                tagged += own
                inherited = issue_keys.get(idea.issue_id) if idea.issue_id and issue_keys else None
                keys = _keys(own) | inherited if inherited else _keys(own)
                if keys:
                    idea_themes[idea.id] = keys
            elif issue_keys and idea.issue_id:
                inherited = issue_keys.get(idea.issue_id)
                if inherited:
                    idea_themes[idea.id] = inherited  # (read only: shared with the issue's other ideas)
        if tagged:
            _seen(rows, tagged, s, bkey)
        for h in s.handoffs:
            if h.idea_ids:
                if idea_themes:
                    for ref in h.idea_ids:
                        found = idea_themes.get(ref)
                        if found:
                            handoff_themes.setdefault(h.id, set()).update(found)
            elif h.id not in handoffs:
                continue
            handoffs[h.id] = (h, s)
        for w in s.homework:
            if w.idea_id:
                found = idea_themes.get(w.idea_id)
                if found:
                    homework_themes.setdefault(w.id, set()).update(found)
            elif w.id not in homework:
                continue
            homework[w.id] = (w, s)
        for card in s.board.items:
            extra = card.extra
            idea_id = extra.get("idea_id") if extra and isinstance(extra, dict) else None
            if isinstance(idea_id, str):
                found = idea_themes.get(idea_id)
                if found:
                    card_themes.setdefault((bkey, card.id), set()).update(found)
            elif not cards or (bkey, card.id) not in cards:
                continue
            cards[(bkey, card.id)] = (card, s)
    # One Done per item, shared by the rows of its themes.
    for hid, (h, s) in handoffs.items():
        keys = handoff_themes.get(hid)
        if keys:
            _done(rows, keys, Done("handoff", _line(h.action), handoff_status(h), _line(s.body.name), s.date))
    for wid, (w, s) in homework.items():
        keys = homework_themes.get(wid)
        if keys:
            _done(rows, keys, Done("homework", _line(w.text), w.status, _line(s.body.name), s.date))
    for cid, (card, s) in cards.items():
        keys = card_themes.get(cid)
        if keys:
            _done(rows, keys, Done("card", _line(card.text), card.column, _line(s.body.name), s.date))
    bodies = [BodyColumn(k, _line(s.body.name), _line(s.body.layer)) for k, s in last_of_body.items()]
    columns = sorted(bodies, key=lambda b: (_layer_order(b.layer), b.key))
    themes = sorted(rows.values(), key=lambda r: (-r.items, r.name))
    return ThemeView(columns, themes)


def _done(rows: dict[str, ThemeRow], keys: set[str], done: Done) -> None:
    for k in keys:
        rows[k].done.append(done)


def _seen(rows: dict[str, ThemeRow], themes: list[str], s: Session, bkey: str) -> None:
    """One session's themes (every tag of its issues and ideas, in order) counted."""
    counts: dict[str, int] = {}
    spelling: dict[str, str] = {}  # key → the last spelling in the session
    for theme in themes:
        key = _theme_key(theme)
        if key:
            counts[key] = counts.get(key, 0) + 1
            spelling[key] = theme
    for key, n in counts.items():
        row = rows.get(key)
        if row is None:
            row = rows[key] = ThemeRow(key, "", first=s.date)
        row.name = _line(spelling[key])
        row.items += n
        row.sessions.add(s.id)
        row.per_body[bkey] += n
        row.last = s.date
