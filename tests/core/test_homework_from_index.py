"""The homework tracker (home h, ``kyogitai homework``) follows homework from the index — each
session's items kept beside its row (facilitator/index/facts.py) — instead of reading and holding
every session (10,000 sessions: ~10 s and ~860 MB). It must be what the files say: the same
items, latest copies, histories and sessions, after changed, added, removed, damaged and
conflicting files, and where the index file has no facts for a session."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from factories import make_session

from facilitator.demo import build_demo
from facilitator.homework import track_homework
from facilitator.index import Index
from facilitator.model import Homework
from facilitator.store import Store


def _tracked(items):  # type: ignore[no-untyped-def]
    return [(t.item, t.history, t.session.id, t.session.title, t.session.date, t.session.body.name, t.carried)
            for t in items]


def _both(store: Store, **kw):  # type: ignore[no-untyped-def]
    index = Index(store)
    try:
        index.refresh()
        from_index = track_homework(index.homework_sessions(), **kw)
    finally:
        index.close()
    return _tracked(from_index), _tracked(track_homework((s for s, _ in store.scan().sessions), **kw))


def test_the_tracker_from_the_index_is_the_tracker_of_the_files(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    for s in build_demo(date(2026, 12, 6), seed=3):
        store.save(s)
    first, files = _both(store)
    assert first == files and first
    assert _both(store, open_only=False)[0] == _both(store, open_only=False)[1]
    sessions = [s for s, _ in store.scan().sessions]
    latest = sessions[-1]
    latest.homework.append(Homework(id="hw-new", text="送迎ボランティアの名簿", owner="佐藤", due="2027-01-20"))
    if latest.homework[0].status == "open":
        latest.homework[0].status = "done"
    store.save(latest)
    store.save(make_session(id="2026-11-02-yyyyyy", date="2026-11-02", body="Y町 第1層協議体",
                            homework=[Homework(id="y1", text="サロンの会場探し", due="次回まで")]))
    (store.root / f"{sessions[0].id}.json").unlink()
    (store.root / "2026-01-01-broken.json").write_text("{", encoding="utf-8")
    copy = store.root / f"{sessions[1].id} (1).json"  # a sync tool's conflicting copy
    copy.write_bytes((store.root / f"{sessions[1].id}.json").read_bytes())
    second, files = _both(store)
    assert second == files and second != first
    assert any(item.id == "hw-new" for item, *_ in second)
    assert _both(store, body="Y町 第1層協議体") == ([x for x in second if x[5] == "Y町 第1層協議体"],) * 2
    index = Index(store)
    db = sqlite3.connect(index.path)
    with db:
        db.execute("UPDATE files SET homework = NULL")  # (as if the index file could not take them)
    db.close()
    assert _both(store) == (second, second)
    with sqlite3.connect(index.path) as db:  # kept homework garbled: the file is read instead
        db.execute("""UPDATE files SET homework = '[{"id": 3}]'""")
    db.close()
    assert _both(store) == (second, second)
