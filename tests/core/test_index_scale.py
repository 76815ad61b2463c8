"""The index against the files themselves, on an archive: after changed, added, removed, damaged and
conflicting files, its list, its problems and its search answer exactly what reading every file
says — the index kept up to date, and one opened afresh from its file.

The size is 60 sessions here (CI); ``KYOGITAI_INDEX_SESSIONS=1000`` or ``=10000`` runs the same
at the benchmark's sizes (docs/performance.md: about 20 s and 4 minutes).
"""

from __future__ import annotations

import json
import os
import random
from datetime import datetime, timezone
from pathlib import Path

import pytest

from benchmarks.data import archive_sessions
from facilitator.index import Index, searchable_text
from facilitator.model import Session
from facilitator.session_json import session_to_dict, session_to_json
from facilitator.store import CONFLICT, OK, Store, atomic_write
from facilitator.text import matches, search_terms

SESSIONS = int(os.environ.get("KYOGITAI_INDEX_SESSIONS", "60"))
FIXED_QUERIES = ("の", "移", "a", "05", "移動", "見守", "サロン", "ひなた05町", "移動 販売", "見 の", "該当なし",
                 "変更語", "追加語", "ない語 サロン")


def _instant(value: str) -> str:
    dt = datetime.fromisoformat(value)
    return (dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).isoformat()


class Truth:
    """What reading every file says (``Store.scan``), without the index."""

    def __init__(self, store: Store) -> None:
        scan = store.scan()
        ok = [e for e in scan.entries if e.status == OK and e.session is not None]
        ok.sort(key=lambda e: (e.session.date, _instant(e.session.created_at), e.session.id), reverse=True)
        self.ids = [e.session.id for e in ok]  # type: ignore[union-attr]
        self.texts = {e.session.id: searchable_text(e.session) for e in ok}  # type: ignore[union-attr]
        self.problems = {e.path.name: e.status for e in scan.entries if not (e.status == OK and e.session)}

    def search(self, query: str) -> list[str]:
        terms = search_terms(query)
        return [i for i in self.ids if matches(self.texts[i], terms)]

    def queries(self, rng: random.Random, n: int = 24) -> list[str]:
        """The fixed words, and substrings of 1–6 characters cut from the texts at random (the
        first and the last characters of a text among them)."""
        found = list(FIXED_QUERIES)
        ids = sorted(self.texts)
        for _ in range(n):
            text = self.texts[rng.choice(ids)].replace(" ", "")
            size = rng.randint(1, 6)
            at = rng.choice((0, max(0, len(text) - size), rng.randrange(max(1, len(text) - size))))
            found.append(text[at:at + size])
        return found


def check(index: Index, truth: Truth, queries: list[str]) -> None:
    assert [r["id"] for r in index.search("")] == truth.ids
    assert {p["file"]: p["status"] for p in index.problems()} == truth.problems
    for q in queries:
        assert [r["id"] for r in index.search(q)] == truth.search(q), q


def write(store: Store, s: Session) -> None:
    atomic_write(store.root / f"{s.id}.json", session_to_json(s).encode("utf-8"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> list[Session]:
    return archive_sessions(SESSIONS, ideas=5, seed=3)


def test_the_index_answers_as_the_files_do_after_every_kind_of_change(
        archive: list[Session], tmp_path: Path) -> None:
    rng = random.Random(SESSIONS)
    store = Store(tmp_path / "sessions")
    store.root.mkdir()
    for s in archive:
        write(store, s)
    index = Index(store)
    assert index.refresh().added == SESSIONS
    truth = Truth(store)
    queries = truth.queries(rng)
    check(index, truth, queries)
    check(Index(store), truth, queries)

    # A save (atomic: a new inode), a quick refresh sees it.
    changed = archive[len(archive) // 2]
    changed.review = "変更語 の ふりかえり"
    write(store, changed)
    stats = index.refresh(quick=True)
    assert (stats.changed, stats.added, stats.removed) == (1, 0, 0)
    truth = Truth(store)
    check(index, truth, queries)

    # Every kind of change at once: changed, added, removed, damaged (in place), newer, copies.
    for s in rng.sample(archive, 3):
        s.title = f"{s.title} 変更語{rng.randrange(100)}"
        write(store, s)
    added = archive_sessions(2, ideas=5, seed=99)
    for n, s in enumerate(added):
        s.id = f"2027-01-0{n + 1}-added{n}"
        s.date = f"2027-01-0{n + 1}"
        s.review = "追加語 で 終わる"
        write(store, s)
    names = sorted(p.name for p in store.root.glob("*.json"))
    for name in names[3:5]:
        (store.root / name).unlink()
    damaged = store.root / names[6]
    damaged.write_text(damaged.read_text(encoding="utf-8")[:100], encoding="utf-8")  # in place: same inode
    newer = session_to_dict(archive[-1])
    newer["schema_version"] = 99
    atomic_write(store.root / names[7], json.dumps(newer, ensure_ascii=False).encode("utf-8"))
    copied = store.root / names[8]
    (store.root / f"{copied.stem} (1).json").write_bytes(copied.read_bytes())  # a sync client's copy
    twice = json.loads((store.root / names[9]).read_text(encoding="utf-8"))
    twice["title"] = "同じ id の別の中身"
    (store.root / "renamed-by-hand.json").write_text(json.dumps(twice, ensure_ascii=False), encoding="utf-8")

    stats = index.refresh()
    assert stats.added == 4 and stats.removed == 2 and stats.changed >= 3  # (a changed file may be one removed)
    truth = Truth(store)
    assert len(truth.problems) >= 4 and "renamed-by-hand.json" in truth.problems
    queries += truth.queries(rng, 8)
    check(index, truth, queries)
    check(Index(store), truth, queries)  # from the index file as the next start reads it

    # Put right again: the copy merged away, the damaged file restored, the id given back.
    (store.root / f"{copied.stem} (1).json").unlink()
    (store.root / "renamed-by-hand.json").unlink()
    atomic_write(damaged, (store.root / names[10]).read_bytes().replace(
        json.loads((store.root / names[10]).read_text(encoding="utf-8"))["id"].encode(),
        damaged.stem.encode()))
    index.refresh()
    truth = Truth(store)
    check(index, truth, queries)
    check(Index(store), truth, queries)
    assert index.head()["total"] == len(truth.ids)
