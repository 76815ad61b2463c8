"""Recurring 地域課題: every theme tag (``themes`` on issues and ideas) across sessions and bodies —
how often it came up, in which bodies (第1層 and 第2層 side by side), when it was first and last
seen, and what was done about it: the hand-offs, homework and board cards that came of the ideas
it is on (an idea counts as on a theme when it carries the tag or its issue does).

Pure. What it needs of a session is small (``theme_facts``: its tags, and the items that point at
ideas with the themes of those ideas) and kept in the session's index row, so the themes screen
makes the view from the index (``themes_from_rows``) without reading 10,000 files; tests and
callers with sessions in memory use ``build_theme_view``, the same view. An item is on the themes
of the ideas it points at in its own session (the app makes an item in the meeting of its ideas);
items that carry over (hand-offs, homework, cards) are shown once, as their latest copy that still
points at an idea says. docs/report.md says how the report counts the year's themes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from facilitator.gc_pause import gc_paused
from facilitator.model import handoff_status
from facilitator.store.reading import in_carry_order
from facilitator.text import body_key, for_display, theme_key

if TYPE_CHECKING:
    from facilitator.model import Session

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


def theme_facts(s: Session) -> dict[str, Any] | None:
    """What the themes view needs of one session, as plain data (the index keeps it beside the
    session's row, so the view is made without reading the files): ``tags``, every theme of its
    issues and then its ideas, in order; ``items``, each hand-off, homework and board card that
    points at ideas, as ``[kind, id, theme keys, text, status]`` — the keys of the ideas it points
    at in this session (an idea is on its own themes and its issue's). None when there is
    neither. (Theme keys are ``text.theme_key``: a change there changes INDEX_VERSION.)"""
    issue_keys = {issue.id: _keys(issue.themes) for issue in s.issues if issue.themes}
    tags = [theme for issue in s.issues for theme in issue.themes]
    on_theme: dict[str, set[str]] = {}  # idea id → its theme keys (the last idea of an id on any)
    for idea in s.ideas:
        own = idea.themes
        if own:
            tags += own
        elif not issue_keys or idea.issue_id not in issue_keys:
            continue
        inherited = issue_keys.get(idea.issue_id) if idea.issue_id else None
        keys = (_keys(own) | inherited if inherited else _keys(own)) if own else inherited
        if keys:
            on_theme[idea.id] = keys
    items: list[list[Any]] = []

    def keys_of(refs: Iterable[str]) -> list[str]:
        found: set[str] = set()
        for ref in refs:
            found.update(on_theme.get(ref, ()))
        return sorted(found)

    for h in s.handoffs:
        if h.idea_ids:
            items.append(["handoff", h.id, keys_of(h.idea_ids), _line(h.action), handoff_status(h)])
    for w in s.homework:
        if w.idea_id:
            items.append(["homework", w.id, keys_of((w.idea_id,)), _line(w.text), w.status])
    for card in s.board.items:
        extra = card.extra
        idea_id = extra.get("idea_id") if extra and isinstance(extra, dict) else None
        if isinstance(idea_id, str):
            items.append(["card", card.id, keys_of((idea_id,)), _line(card.text), card.column])
    return {"tags": tags, "items": items} if tags or items else None


def build_theme_view(sessions: Iterable[Session]) -> ThemeView:
    """The view of sessions in memory: their rows as the index keeps them, then ``themes_from_rows``."""
    return themes_from_rows([
        {"id": s.id, "date": s.date, "body": s.body.name, "body_key": _body_key(s.body.name), "layer": s.body.layer,
         "themes": theme_facts(s)}
        for s in in_carry_order(sessions)
    ])


def themes_from_rows(oldest_first: Iterable[Mapping[str, Any]]) -> ThemeView:
    """The view from the index rows of readable sessions with their ``themes``
    (``Index.theme_rows()``: id, date, body, body_key, layer, themes), oldest first: a theme's
    first and last seen, the latest copy of an item (the last that still points at an idea) and
    the latest spelling of a body's name go by that order."""
    with gc_paused():  # (10,000 sessions' rows in memory: a full collection ~100 ms, and nothing made here is garbage)
        return _view(oldest_first)


def _view(oldest_first: Iterable[Mapping[str, Any]]) -> ThemeView:
    rows: dict[str, ThemeRow] = {}
    last_of_body: dict[str, Mapping[str, Any]] = {}
    # Per kind, the latest copy of each item (text, status, its session's row) in the order the
    # items first came, and the themes each is on.
    latest: dict[str, dict[str, tuple[str, str, Mapping[str, Any]]]] = {"handoff": {}, "homework": {}, "card": {}}
    on: dict[tuple[str, str], set[str]] = {}
    for r in oldest_first:
        bkey = r["body_key"]
        last_of_body[bkey] = r
        facts = r.get("themes")
        if not facts:
            continue
        if facts["tags"]:
            _seen(rows, facts["tags"], r, bkey)
        for kind, item_id, keys, text, status in facts["items"]:
            if kind == "card":
                item_id = f"{bkey}/{item_id}"  # (a card's id is its board's)
            latest[kind][item_id] = (text, status, r)
            if keys:
                on.setdefault((kind, item_id), set()).update(keys)
    for kind, copies in latest.items():
        for item_id, (text, status, r) in copies.items():
            keys = on.get((kind, item_id))
            if keys:
                done = Done(kind, text, status, _line(r["body"]), r["date"])  # one, shared by its themes' rows
                for k in keys:
                    rows[k].done.append(done)
    bodies = [BodyColumn(k, _line(r["body"]), _line(r.get("layer"))) for k, r in last_of_body.items()]
    columns = sorted(bodies, key=lambda b: (_layer_order(b.layer), b.key))
    themes = sorted(rows.values(), key=lambda row: (-row.items, row.name))
    return ThemeView(columns, themes)


def _seen(rows: dict[str, ThemeRow], themes: list[str], r: Mapping[str, Any], bkey: str) -> None:
    """One session's themes (every tag of its issues and ideas, in order) counted."""
    counts: dict[str, int] = {}
    spelling: dict[str, str] = {}  # key → the last spelling in the session
    for theme in themes:
        key = _theme_key(theme)
        if key:
            counts[key] = counts.get(key, 0) + 1
            spelling[key] = theme
    date = r["date"]
    for key, n in counts.items():
        row = rows.get(key)
        if row is None:
            row = rows[key] = ThemeRow(key, "", first=date)
        row.name = _line(spelling[key])
        row.items += n
        row.sessions.add(r["id"])
        row.per_body[bkey] += n
        row.last = date
