"""Recurring 地域課題 (facilitator/theme_view.py): each theme's count, bodies side by side, first and
last seen, and what was done about it, recounted from hand-made sessions and the demo town."""

from __future__ import annotations

from datetime import date

from factories import make_session

from facilitator.demo import build_demo
from facilitator.model import Board, BoardItem, Handoff, Homework, Idea, Issue
from facilitator.theme_view import build_theme_view


def test_counts_bodies_dates_and_what_was_done() -> None:
    a = make_session(
        id="2026-05-01-aaaaaa", date="2026-05-01",
        issues=[Issue(id="i1", title="交通", themes=["移動"])],
        ideas=[Idea(id="x1", text="乗り合い", issue_id="i1", kind="self", status="handed"),  # on 移動 by its issue
               Idea(id="x2", text="見守り当番", themes=["見守り", "ｍ ｏ ｖ ｅ"])],
        handoffs=[Handoff(id="h1", idea_ids=["x1"], action="車を探す")],
        homework=[Homework(id="w1", text="当番表", idea_id="x2")],
        board=Board(items=[BoardItem(id="c1", column="lack", text="足", extra={"idea_id": "x1"})]),
    )
    b = make_session(id="2026-07-01-bbbbbb", date="2026-07-01", previous_session=a.id,
                     issues=[], ideas=[Idea(id="y1", text="買い物バス", themes=["移動"])],
                     handoffs=[Handoff(id="h1", idea_ids=["x1"], action="車を探す", status="done", from_session=a.id)],
                     homework=[Homework(id="w1", text="当番表", idea_id="x2", status="done", from_session=a.id)])
    c = make_session(id="2026-06-01-cccccc", date="2026-06-01", body="C町 東地区 第2層協議体", layer="第2層",
                     issues=[Issue(id="j1", title="移動", themes=["移動 "])], ideas=[], handoffs=[], homework=[])
    view = build_theme_view([b, c, a])
    assert [x.name for x in view.bodies] == ["C町 第1層協議体", "C町 東地区 第2層協議体"]
    move = next(r for r in view.themes if r.name.strip() == "移動")
    assert move.items == 3 and len(move.sessions) == 3
    assert [move.per_body[x.key] for x in view.bodies] == [2, 1]
    assert (move.first, move.last) == ("2026-05-01", "2026-07-01")
    assert [(d.what, d.text, d.status) for d in move.done] == [("handoff", "車を探す", "done"), ("card", "足", "lack")]
    watch = next(r for r in view.themes if r.name == "見守り")
    assert [(d.what, d.status) for d in watch.done] == [("homework", "done")]
    assert view.themes[0] is move  # most items first


def test_the_demo_towns_themes() -> None:
    view = build_theme_view(build_demo(date(2026, 12, 6), seed=1))
    names = [r.name for r in view.themes]
    assert names[:2] == ["移動", "居場所・サロン"]
    salon = view.themes[1]
    assert len([k for k, n in salon.per_body.items() if n]) == 2  # both layers
    assert salon.count("handoff") >= 1


def _view_of(view):  # type: ignore[no-untyped-def]
    return ([(b.key, b.name, b.layer) for b in view.bodies],
            [(r.key, r.name, r.items, r.sessions, dict(r.per_body), r.first, r.last, list(r.done)) for r in view.themes])


def test_the_themes_screen_s_view_from_the_index_is_the_view_of_the_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The themes screen makes the view from the index (each row's theme facts kept beside it in
    the index file): after changed, added, removed, damaged and conflicting files, and where the
    index file has no facts for a session, it is the view of the sessions read from the files."""
    import sqlite3

    from facilitator.index import Index
    from facilitator.store import Store
    from facilitator.theme_view import themes_from_rows

    store = Store(tmp_path / "store")
    for s in build_demo(date(2026, 12, 6), seed=2):
        store.save(s)

    def both() -> tuple[object, object]:
        index = Index(store)
        try:
            index.refresh()
            from_index = themes_from_rows(index.theme_rows())
        finally:
            index.close()
        return _view_of(from_index), _view_of(build_theme_view(s for s, _ in store.scan().sessions))

    first, files = both()
    assert first == files and first[1]
    sessions = [s for s, _ in store.scan().sessions]
    changed = sessions[0]
    changed.ideas.append(Idea(id="x-new", text="移動販売の見学", themes=["買い物支援"]))
    changed.handoffs.append(Handoff(id="h-new", idea_ids=["x-new"], action="業者に連絡"))
    store.save(changed)
    store.save(make_session(id="2026-11-01-zzzzzz", date="2026-11-01", body="Z町 第1層協議体",
                            issues=[Issue(id="q1", title="移動", themes=["移動"])],
                            ideas=[Idea(id="z1", text="送迎", issue_id="q1")],
                            homework=[Homework(id="zw", text="送迎の当番", idea_id="z1")]))
    (store.root / f"{sessions[1].id}.json").unlink()
    (store.root / "2026-01-01-broken.json").write_text("{", encoding="utf-8")
    copy = store.root / f"{sessions[2].id} (1).json"  # a sync tool's conflicting copy
    copy.write_bytes((store.root / f"{sessions[2].id}.json").read_bytes())
    second, files = both()
    assert second == files and second != first
    assert any(d.text == "業者に連絡" for r in second[1] if r[0] == "買い物支援" for d in r[7])
    index = Index(store)
    db = sqlite3.connect(index.path)
    with db:
        db.execute("UPDATE files SET themes = NULL")  # (as if the index file could not take them)
    db.close()
    third, files = both()
    assert third == files == second
