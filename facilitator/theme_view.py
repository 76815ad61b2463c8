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
    ordered = in_carry_order(sessions)  # (by date: a theme's first and last seen)
    bkeys = [_body_key(s.body.name) for s in ordered]
    rows: dict[str, ThemeRow] = {}
    links = _Links(ordered, bkeys)
    pointed_at = links.idea_ids
    # (body key, idea id) → theme keys of an idea something points at (an idea counts as on its
    # issue's themes too). Only those: of 10,000 sessions' 300,000 ideas, a few in ten.
    idea_themes: dict[tuple[str, str], set[str]] = {}
    # Latest copies of carried items that point at ideas, and which themes each belongs to.
    handoffs: dict[str, tuple[Handoff, Session]] = {}
    homework: dict[str, tuple[Homework, Session]] = {}
    cards: dict[tuple[str, str], tuple[BoardItem, Session]] = {}
    handoff_themes: dict[str, set[str]] = {}
    homework_themes: dict[str, set[str]] = {}
    card_themes: dict[tuple[str, str], set[str]] = {}
    for s, bkey, (session_handoffs, session_homework, session_cards) in zip(ordered, bkeys, links.per_session):
        tagged: list[str] = []  # every theme of the session's issues and ideas, in order
        issue_keys: dict[str, set[str]] = {}  # an issue's theme keys, which its ideas have too
        for issue in s.issues:
            if issue.themes:
                issue_keys[issue.id] = _keys(issue.themes)
                tagged += issue.themes
        for idea in s.ideas:
            own = idea.themes
            if own:
                tagged += own
            elif not issue_keys:
                continue  # (no theme of its own, and its issue has none)
            if idea.id not in pointed_at:
                continue
            inherited = issue_keys.get(idea.issue_id) if idea.issue_id and issue_keys else None
            if own:
                keys = _keys(own) | inherited if inherited else _keys(own)
            elif inherited:
                keys = inherited  # (read only: shared with the issue's other ideas)
            else:
                continue
            if keys:
                idea_themes[(bkey, idea.id)] = keys
        if tagged:
            _seen(rows, tagged, s, bkey)
        for h in session_handoffs:
            handoffs[h.id] = (h, s)
            for ref in h.idea_ids:
                found = idea_themes.get((bkey, ref))
                if found:
                    handoff_themes.setdefault(h.id, set()).update(found)
        for hw in session_homework:
            homework[hw.id] = (hw, s)
            found = idea_themes.get((bkey, hw.idea_id)) if hw.idea_id else None
            if found:
                homework_themes.setdefault(hw.id, set()).update(found)
        for card, idea_id in session_cards:
            cid = (bkey, card.id)
            cards[cid] = (card, s)
            found = idea_themes.get((bkey, idea_id)) if idea_id else None
            if found:
                card_themes.setdefault(cid, set()).update(found)
    # One Done per item, shared by the rows of its themes.
    for hid in links.handoffs:
        keys = handoff_themes.get(hid)
        if not keys:
            continue
        h, s = handoffs[hid]
        _done(rows, keys, Done("handoff", _line(h.action), handoff_status(h), _line(s.body.name), s.date))
    for wid in links.homework:
        keys = homework_themes.get(wid)
        if not keys:
            continue
        hw, s = homework[wid]
        _done(rows, keys, Done("homework", _line(hw.text), hw.status, _line(s.body.name), s.date))
    for cid in links.cards:
        keys = card_themes.get(cid)
        if not keys:
            continue
        card, s = cards[cid]
        _done(rows, keys, Done("card", _line(card.text), card.column, _line(s.body.name), s.date))
    last_of_body = dict(zip(bkeys, ordered))  # (the latest session's spelling of a body's name)
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




class _Links:
    """What points at ideas, found in one pass before the themes are: the ids of every idea a
    hand-off, homework or board card points at, and each session's such items — with any later
    copy of one (the latest copy is the one shown, even if it no longer points at its idea); and
    the items in the order they first pointed at an idea (the order a theme lists what was done)."""

    def __init__(self, ordered: list[Session], bkeys: list[str]) -> None:
        self.idea_ids: set[str] = set()
        self.per_session: list[tuple[list[Handoff], list[Homework], list[tuple[BoardItem, str | None]]]] = []
        self.handoffs: dict[str, None] = {}  # (dicts as ordered sets)
        self.homework: dict[str, None] = {}
        self.cards: dict[tuple[str, str], None] = {}  # (body key, card id)
        handoff_ids = self.handoffs
        homework_ids = self.homework
        card_ids: dict[str, set[str]] = {}  # body key → ids of cards that pointed at an idea
        for s, bkey in zip(ordered, bkeys):
            hs = []
            for h in s.handoffs:
                if h.idea_ids:
                    self.idea_ids.update(h.idea_ids)
                    handoff_ids.setdefault(h.id)
                elif h.id not in handoff_ids:
                    continue
                hs.append(h)
            ws = []
            for w in s.homework:
                if w.idea_id:
                    self.idea_ids.add(w.idea_id)
                    homework_ids.setdefault(w.id)
                elif w.id not in homework_ids:
                    continue
                ws.append(w)
            cs: list[tuple[BoardItem, str | None]] = []
            linked = card_ids.get(bkey)
            for card in s.board.items:
                extra = card.extra
                idea_id = extra.get("idea_id") if extra and isinstance(extra, dict) else None
                if isinstance(idea_id, str):
                    self.idea_ids.add(idea_id)
                    if linked is None:
                        linked = card_ids[bkey] = set()
                    linked.add(card.id)
                    self.cards.setdefault((bkey, card.id))
                    cs.append((card, idea_id))
                elif linked and card.id in linked:
                    cs.append((card, None))
            self.per_session.append((hs, ws, cs))
