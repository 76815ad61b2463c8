"""The themes view (facilitator/theme_view.py) is fast over 10,000 sessions because it is made from
small facts per session (kept in the index) and counts a session's themes at once. This proves
that it is still the plain reading of its rules: the view of random archives — ids reused across
sessions and bodies, carried copies, cards that lose their idea, spellings of one theme, dates
that tie — is the one a straightforward loop over every item builds."""

from __future__ import annotations

from collections.abc import Iterable

from factories import make_session
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.meeting.followup import handoff_status
from facilitator.model import Board, BoardItem, Handoff, Homework, Idea, Issue, Session
from facilitator.store.reading import in_carry_order, session_order_key
from facilitator.theme_view import (
    BodyColumn, Done, ThemeRow, ThemeView, _body_key, _keys, _layer_order, _line, _theme_key, build_theme_view,
)

THEMES = ["移動", "移動 ", "ｍｏｖｅ", "move", "見守り", " ", "居場所"]
IDS = ["a", "b", "c"]
BODIES = [("C町 第1層協議体", "第1層"), ("C町 東地区 第2層協議体", "第2層"), ("Ｃ町 第1層協議体", "第１層")]
DATES = ["2026-05-01", "2026-05-01", "2026-06-01", "2026-07-01"]
STAMPS = ["2026-05-01T10:00:00+09:00", "2026-05-01T02:00:00+00:00", "2026-04-30T23:00:00-03:00"]

themes = st.lists(st.sampled_from(THEMES), max_size=3)
ids = st.sampled_from(IDS)
issues = st.lists(st.builds(lambda i, t: Issue(id=i, title="課題", themes=t), ids, themes), max_size=3)
ideas = st.lists(st.builds(lambda i, t, issue: Idea(id=i, text="案", themes=t, issue_id=issue),
                           ids, themes, st.none() | ids), max_size=4)
handoffs = st.lists(st.builds(lambda i, refs, status, text: Handoff(id=i, idea_ids=refs, action=text, status=status),
                              ids, st.lists(ids, max_size=2), st.sampled_from(["open", "done"]),
                              st.sampled_from(["車を探す", "当番表"])), max_size=2)
homework = st.lists(st.builds(lambda i, ref, status: Homework(id=i, text="宿題", idea_id=ref, status=status),
                              ids, st.none() | ids, st.sampled_from(["open", "done"])), max_size=2)
cards = st.lists(st.builds(lambda i, ref, column: BoardItem(id=i, column=column, text="札",
                                                             extra={} if ref is None else {"idea_id": ref}),
                           ids, st.none() | ids | st.just(3), st.sampled_from(["have", "lack"])), max_size=3)


@st.composite
def sessions(draw: st.DrawFn) -> list[Session]:
    out = []
    for n in range(draw(st.integers(0, 6))):
        body, layer = draw(st.sampled_from(BODIES))
        s = make_session(date=draw(st.sampled_from(DATES)), body=body, layer=layer, issues=draw(issues),
                         ideas=draw(ideas), handoffs=draw(handoffs), homework=draw(homework),
                         board=Board(items=draw(cards)))
        s.id = f"{s.date}-{n:06d}"
        s.created_at = draw(st.sampled_from(STAMPS))
        out.append(s)
    return out


def plain_view(sessions: Iterable[Session]) -> ThemeView:
    """The rules read plainly: every copy of an item is on the themes of the ideas it points at in
    its own session; an item is on those of all its copies and shown as its latest copy that
    points at an idea."""
    ordered = sorted(sessions, key=session_order_key)
    rows: dict[str, ThemeRow] = {}
    bodies: dict[str, BodyColumn] = {}
    latest: dict[tuple[str, object], tuple[object, Session]] = {}
    themes_of: dict[tuple[str, object], set[str]] = {}

    def seen(theme: str, s: Session, bkey: str) -> None:
        key = _theme_key(theme)
        if not key:
            return
        row = rows.setdefault(key, ThemeRow(key, ""))
        row.name = _line(theme)
        row.items += 1
        row.sessions.add(s.id)
        row.per_body[bkey] += 1
        row.first = min(row.first, s.date) if row.first else s.date
        row.last = max(row.last, s.date)

    for s in ordered:
        bkey = _body_key(s.body.name)
        bodies[bkey] = BodyColumn(bkey, _line(s.body.name), _line(s.body.layer))
        issue_keys = {i.id: _keys(i.themes) for i in s.issues if i.themes}
        for issue in s.issues:
            for theme in issue.themes:
                seen(theme, s, bkey)
        for idea in s.ideas:
            for theme in idea.themes:
                seen(theme, s, bkey)
        idea_themes: dict[str, set[str]] = {}
        for idea in s.ideas:
            keys = _keys(idea.themes) | issue_keys.get(idea.issue_id or "", set())
            if keys:
                idea_themes[idea.id] = keys
        pointers: list[tuple[str, object, list[str]]] = [("handoff", h, h.idea_ids) for h in s.handoffs]
        pointers += [("homework", w, [w.idea_id] if w.idea_id else []) for w in s.homework]
        for card in s.board.items:
            ref = card.extra.get("idea_id")
            pointers.append(("card", card, [ref] if isinstance(ref, str) else []))
        for what, item, refs in pointers:
            key = (what, item.id if what != "card" else (bkey, item.id))  # type: ignore[attr-defined]
            if refs:
                latest[key] = (item, s)
            for ref in refs:
                themes_of.setdefault(key, set()).update(idea_themes.get(ref, set()))
    for key, keys in themes_of.items():
        item, s = latest[key]
        what = key[0]
        if what == "handoff":
            done = Done(what, _line(item.action), handoff_status(item), _line(s.body.name), s.date)  # type: ignore[attr-defined, arg-type]
        elif what == "homework":
            done = Done(what, _line(item.text), item.status, _line(s.body.name), s.date)  # type: ignore[attr-defined]
        else:
            done = Done(what, _line(item.text), item.column, _line(s.body.name), s.date)  # type: ignore[attr-defined]
        for k in keys:
            rows[k].done.append(done)
    columns = sorted(bodies.values(), key=lambda b: (_layer_order(b.layer), b.key))
    return ThemeView(columns, sorted(rows.values(), key=lambda r: (-r.items, r.name)))


_KINDS = {"handoff": 0, "homework": 1, "card": 2}


def _comparable(view: ThemeView) -> tuple[object, ...]:
    """The view with each row's deeds kind by kind (hand-offs, homework, cards), each kind in the
    order its items first pointed at an idea."""
    rows = [(r.key, r.name, r.items, r.sessions, dict(r.per_body), r.first, r.last,
             sorted(r.done, key=lambda d: _KINDS[d.what])) for r in view.themes]
    return (view.bodies, rows)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions())
def test_the_view_is_the_plain_reading_of_its_rules(archive: list[Session]) -> None:
    assert _comparable(build_theme_view(archive)) == _comparable(plain_view(archive))


@settings(max_examples=200, deadline=None)
@given(sessions())
def test_carry_order_is_the_order_key(archive: list[Session]) -> None:
    assert [s.id for s in in_carry_order(archive)] == [s.id for s in sorted(archive, key=session_order_key)]
