"""The derived index: incremental refresh, rebuilds, search rules, problem rows."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from factories import CountingStore, make_session

from facilitator.index import INDEX_VERSION, Index, index_path, remove_index
from facilitator.index.database import IndexDB
from facilitator.model import Idea
from facilitator.session_json import session_to_dict
from facilitator.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "store")
    s.save(make_session(id="c-0520", date="2026-05-20", title="第1回 定例会", body="C町 第1層協議体",
                        ideas=[Idea(id="i1", text="ＡＩで見守りアプリ", author="田中")]))
    s.save(make_session(id="c-0819", date="2026-08-19", title="第3回 移動の集中協議", body="C町 第1層協議体",
                        review="乗り合いタクシーの話が進んだ"))
    s.save(make_session(id="d-0701", date="2026-07-01", title="サロン アイデアコンペ", body="C町 第2層協議体",
                        place="北地区 集会所"))
    return s


def _bump(path: Path, text: str) -> None:
    """Rewrite a session file the way the app does (atomically), with a new review."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["review"] = text
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_first_refresh_builds_rows(store: Store) -> None:
    index = Index(store)
    stats = index.refresh()
    assert stats.rebuilt and stats.added == 3
    assert index.path == index_path(store.root) and index.path.is_file()
    assert not store.aux_dir.exists()  # nothing of the index in the store: it is per machine
    assert [r["id"] for r in index.rows()] == ["c-0819", "d-0701", "c-0520"]  # newest first
    row = next(r for r in index.rows() if r["id"] == "c-0819")
    assert row["file"] == "c-0819.json" and row["status"] == "ok"
    assert row["body"] == "C町 第1層協議体" and row["body_key"] == "C町 第1層協議体"
    assert row["date"] == "2026-08-19" and row["template"] == "c-town" and row["layer"] == "第1層"
    assert row["counts"] == {"ideas": 3, "handoffs": 1, "open_homework": 1, "issues": 2, "board_items": 2}
    text = index.text_of(row)
    assert "乗り合いタクシー" in text and text == text.casefold() and "text" not in row
    db = sqlite3.connect(index.path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == INDEX_VERSION
    stored = [json.loads(r) for (r,) in db.execute("SELECT row FROM files")]
    assert sorted(r["id"] for r in stored) == ["c-0520", "c-0819", "d-0701"]
    assert any("乗り合い" in t for (t,) in db.execute("SELECT text FROM texts"))  # UTF-8, not escaped
    assert stat.S_IMODE(index.path.stat().st_mode) == 0o600  # titles and names: owner-only


def test_refresh_rereads_only_changed_files(store: Store) -> None:
    Index(store).refresh()
    counting = CountingStore(store.root)
    index = Index(counting)
    stats = index.refresh()
    assert counting.reads == [] and stats.unchanged == 3 and not stats.rebuilt
    before = index.path.stat().st_mtime_ns
    assert index.refresh().unchanged == 3
    assert index.path.stat().st_mtime_ns == before  # nothing changed: not rewritten

    _bump(store.root / "c-0520.json", "ふりかえり: 見守りの輪が広がった")
    stats = index.refresh()
    assert counting.reads == ["c-0520.json"]
    assert (stats.added, stats.changed, stats.removed, stats.unchanged) == (0, 1, 0, 2)
    assert [r["id"] for r in index.search("見守りの輪")] == ["c-0520"]

    # A fresh Index on the rewritten index file reads nothing either.
    again = CountingStore(store.root)
    assert Index(again).refresh().unchanged == 3 and again.reads == []


def test_listing_and_search_read_no_session_file(store: Store) -> None:
    Index(store).refresh()
    counting = CountingStore(store.root)
    index = Index(counting)
    assert [r["id"] for r in index.search("")] == ["c-0819", "d-0701", "c-0520"]
    assert [r["id"] for r in index.search("話が進んだ")] == ["c-0819"]
    assert [r["id"] for r in index.search("話")] == ["c-0819"] and index.search("話が進んだ 集会所") == []
    assert "乗り合いタクシー" in index.text_of(index.search("話")[0])
    assert counting.reads == []  # all of it came from the index file


def test_rows_that_are_not_ours_make_a_rebuild(store: Store) -> None:
    Index(store).refresh()
    db = sqlite3.connect(index_path(store.root))
    db.execute("UPDATE files SET row = '{\"file\": 7}' WHERE file = 'c-0819.json'")
    db.commit()
    db.close()
    counting = CountingStore(store.root)
    index = Index(counting)
    assert index.refresh().rebuilt and sorted(counting.reads) == ["c-0520.json", "c-0819.json", "d-0701.json"]
    assert [r["id"] for r in index.search("話が進んだ")] == ["c-0819"]


def test_removed_and_added_files(store: Store) -> None:
    index = Index(store)
    index.refresh()
    (store.root / "d-0701.json").unlink()
    store.save(make_session(id="e-0901", date="2026-09-01", body="E町 協議体"))
    stats = index.refresh()
    assert (stats.added, stats.removed, stats.unchanged) == (1, 1, 2)
    assert sorted(r["id"] for r in index.rows()) == ["c-0520", "c-0819", "e-0901"]
    assert sorted(r["id"] for r in Index(store).rows()) == ["c-0520", "c-0819", "e-0901"]


@pytest.mark.parametrize(
    "junk",
    [b"", b"\x00\xff garbage", b"[1, 2, 3]", b'{"meta": {"1": {"index_version": 3}}, "files": {}}',
     "{\"meta\": 壊れ".encode(), b"SQLite format 3\x00" + b"\xff" * 200],
)
def test_garbled_index_is_rebuilt(store: Store, junk: bytes) -> None:
    first = Index(store)
    first.refresh()
    first.close()
    path = index_path(store.root)
    path.write_bytes(junk)
    for suffix in ("-wal", "-shm"):  # SQLite's files beside it: gone with it
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    index = Index(store)
    stats = index.refresh()
    assert stats.rebuilt and stats.added == 3
    assert len(index.search("")) == 3 and [r["id"] for r in index.search("話")] == ["c-0819"]
    assert index.write_error is None
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == INDEX_VERSION


def test_an_index_of_another_version_is_rebuilt(store: Store) -> None:
    Index(store).refresh()
    db = sqlite3.connect(index_path(store.root))
    db.execute(f"PRAGMA user_version = {INDEX_VERSION - 1}")
    db.commit()
    db.close()
    counting = CountingStore(store.root)
    assert Index(counting).refresh().rebuilt and len(counting.reads) == 3


def test_deleted_index_is_rebuilt(store: Store) -> None:
    Index(store).refresh()
    remove_index(store.root)
    stats = Index(store).refresh()
    assert stats.rebuilt and stats.added == 3 and (index_path(store.root)).is_file()


def test_missing_store_creates_nothing(tmp_path: Path) -> None:
    index = Index(Store(tmp_path / "nowhere"))
    assert index.refresh().added == 0
    assert index.search("何か") == [] and index.problems() == []
    assert not (tmp_path / "nowhere").exists()


def test_read_only_index_still_lists_and_searches(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self, *a):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(IndexDB, "write", refuse)
    index = Index(store)
    index.refresh()
    assert len(index.search("")) == 3 and index.write_error and "索引" in index.write_error
    assert [r["id"] for r in index.search("話が進んだ")] == ["c-0819"]  # from the session files
    assert "乗り合いタクシー" in index.text_of(index.search("話")[0])


def test_an_unopenable_index_folder_keeps_the_index_in_memory(store: Store, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("KYOGITAI_CACHE_DIR", str(blocker))
    index = Index(store)
    index.refresh()
    assert index.write_error and len(index.search("")) == 3
    assert [r["id"] for r in index.search("話が進んだ")] == ["c-0819"]


# ---------------------------------------------------------------------------------------
# Search


def test_search_rules(store: Store) -> None:
    index = Index(store)
    index.refresh()

    def ids(query: str, body: str | None = None) -> list[str]:
        return [r["id"] for r in index.search(query, body=body)]

    assert ids("") == ["c-0819", "d-0701", "c-0520"]
    assert ids("移動販売車") == ["c-0819", "d-0701", "c-0520"]  # homework, in every factory session
    assert ids("乗り合いで") == ["c-0819", "d-0701"]  # an idea (c-0520 has its own ideas)
    assert ids("乗り合いタクシー") == ["c-0819"]  # review
    assert ids("集会所") == ["d-0701"]  # place
    assert ids("ai") == ["c-0520"]  # full-width ＡＩ, any case
    assert ids("ＡＩ 田中") == ["c-0520"]  # idea author, AND
    assert ids("ai 乗り合いタクシー") == []  # AND, not OR
    assert ids("ｱｲﾃﾞｱｺﾝﾍﾟ") == ["d-0701"]  # half-width katakana → アイデアコンペ (title)
    assert ids("移動　集中") == ["c-0819"]  # full-width space separates words
    assert ids("ゲートボール 孤立防止") == ["c-0819", "d-0701", "c-0520"]  # board card + meaning
    assert ids("歩いて行ける") and ids("移動販売の報告") and ids("社協の車両")  # vision, agenda, handoff
    assert ids("ニーズ調査") == []  # an issue's source is not searched
    assert ids("", body="Ｃ町　第１層協議体") == ["c-0819", "c-0520"]
    assert ids("定例会", body="C町 第1層協議体") == ["c-0520"]
    assert ids("", body="Z町") == []


def test_search_over_1000_rows(tmp_path: Path) -> None:
    # How fast: benchmarks/core.py (search) measures it on 1,000 sessions against its floor.
    from facilitator.index import row_of, searchable_text
    from facilitator.store import OK, ScanEntry

    store = Store(tmp_path)
    index = Index(store)
    batch = []
    for i in range(1000):  # rows straight into the index: this checks the query, not the reading
        s = make_session(id=f"s{i:04d}", date=f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}", title=f"第{i}回")
        name = f"s{i:04d}.json"
        batch.append((name, row_of(ScanEntry(tmp_path / name, OK, id=s.id, session=s, stat=os.stat(tmp_path))),
                      searchable_text(s), None))
    index._rows = {}
    index._store_batch(batch)
    index._set_rows({name: row for name, row, _, _ in batch})
    assert len(index.search("乗り合い 山田")) == 1000 and len(index.search("山")) == 1000
    assert index.search("存在しない言葉") == []


# ---------------------------------------------------------------------------------------
# Problems


def test_problem_rows_are_separate_and_files_untouched(store: Store) -> None:
    root = store.root
    (root / "bad.json").write_text("{oops", encoding="utf-8")
    newer = session_to_dict(make_session(id="n-1"))
    newer["schema_version"] = 3
    (root / "n-1.json").write_text(json.dumps(newer), encoding="utf-8")
    (root / "c-0819 (1).json").write_bytes((root / "c-0819.json").read_bytes())
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.glob("*.json")}

    index = Index(store)
    index.refresh()
    # A sync copy: the session stays listed, with its copy named; the copy is reported.
    assert [r["id"] for r in index.search("")] == ["c-0819", "d-0701", "c-0520"]
    assert index.search("")[0]["copies"] == ["c-0819 (1).json"] and "copies" not in index.search("")[1]
    problems = {r["file"]: r["status"] for r in index.problems()}
    assert problems == {"bad.json": "damaged", "n-1.json": "newer", "c-0819 (1).json": "conflict"}
    assert all(r["error"] for r in index.problems())
    copy = next(r for r in index.problems() if r["file"] == "c-0819 (1).json")
    assert copy["copy_of"] == "c-0819" and "c-0819.json" in copy["error"]
    assert len(index.rows()) == 6

    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.glob("*.json")}
    assert after == before
    (root / "c-0819 (1).json").unlink()  # merged in and moved away: the marker goes
    index.refresh()
    assert [r["id"] for r in index.search("")] == ["c-0819", "d-0701", "c-0520"]
    assert "copies" not in index.search("")[0]


def test_the_index_is_written_without_fsync_and_sessions_with(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    index = Index(store)
    index.refresh()  # written: the first time
    assert index.path.is_file() and synced == []
    assert index.db.db.execute("PRAGMA synchronous").fetchone()[0] == 0  # SQLite's own syncs: off
    store.save(make_session(id="e-0901", date="2026-09-01", body="E町 協議体"))
    assert len(synced) == 1  # the session file: durable
    assert index.refresh().added == 1 and len(synced) == 1  # the index again: not


def test_the_index_is_per_machine_keyed_by_the_stores_resolved_path_and_round_1s_is_ignored(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = store.aux_dir / "index.json"  # where round 1 kept it, in the store every machine syncs
    old.parent.mkdir()
    old.write_text('{"meta": {"1": {"index_version": 3}}, "files": {}, "texts": {}}', encoding="utf-8")
    index = Index(store)
    assert index.refresh().added == 3 and old.read_text(encoding="utf-8").startswith('{"meta"')
    monkeypatch.chdir(store.root.parent)
    same = Index(Store(Path(store.root.name)))  # the same folder by another path: the same index
    assert same.path == index.path and same.refresh().unchanged == 3
    other = Store(tmp_path / "other-store")
    assert Index(other).path != index.path


def test_the_lists_first_lines_are_kept_for_the_next_start_while_the_folder_lists_the_same(store: Store) -> None:
    index = Index(store)
    index.refresh()
    head = index.head()
    assert head["total"] == 3 and head["problems"] == 0
    assert [[name, count, [r["id"] for r in rows]] for name, count, rows in head["groups"]] == [
        ["C町 第1層協議体", 2, ["c-0819", "c-0520"]], ["C町 第2層協議体", 1, ["d-0701"]]]
    assert [[n, c] for n, c, _ in index.head(lines=2)["groups"]] == [["C町 第1層協議体", 2]]  # cut, counts kept
    counting = CountingStore(store.root)
    assert Index(counting).stored_head() == head and counting.reads == []  # without reading a session
    store.save(make_session(id="e-0901", date="2026-09-01", body="E町 協議体"))  # another machine's save
    assert Index(store).stored_head() is None  # the folder lists another file: not shown from the store
    assert index.refresh().added == 1
    assert Index(store).stored_head() == index.head() and index.head()["total"] == 4
    (store.root / "e-0901.json").unlink()
    assert Index(store).stored_head() is None


def test_without_fts5_the_texts_are_searched_in_a_plain_table_with_the_same_answers(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    with_fts = Index(store)
    with_fts.refresh()
    queries = ["", "話", "話が", "乗り合いタクシー", "ai", "ＡＩ 田中", "集会所", "ない言葉", "の 移動"]
    expected = {q: [r["id"] for r in with_fts.search(q)] for q in queries}
    with_fts.close()
    import facilitator.index.database as database

    monkeypatch.setattr(database, "fts5_available", lambda: False)  # a Python whose SQLite lacks FTS5
    index = Index(store)
    assert index.refresh().rebuilt  # the file made with FTS5 is not this one's shape: made again
    assert not index.db.fts
    assert {q: [r["id"] for r in index.search(q)] for q in queries} == expected
    assert "乗り合いタクシー" in index.text_of(index.search("話")[0])


def test_the_kept_head_is_a_file_beside_the_index_read_without_sqlite_and_gone_with_the_index(
        store: Store) -> None:
    import subprocess
    import sys

    from facilitator.index.kept_head import head_path

    index = Index(store)
    index.refresh()
    kept = head_path(index.path)
    assert kept.exists() and stat.S_IMODE(kept.stat().st_mode) == 0o600
    # What the prefetch child does first at start: no SQLite, no platformdirs imported.
    probe = ("import sys; from pathlib import Path; from facilitator.index.kept_head import read_head;"
             "from facilitator.index.place import kept_index_path;"
             f"root = Path({str(store.root)!r}); head = read_head(kept_index_path(root), root);"
             "print(head['total'], 'sqlite3' in sys.modules, 'platformdirs' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=os.environ)
    assert out.stdout.split() == ["3", "False", "False"]
    kept.write_bytes(kept.read_bytes()[:40])  # torn
    assert Index(store).stored_head() is None
    kept.write_bytes(b"\x00not marshal")
    assert Index(store).stored_head() is None
    index.refresh()  # nothing changed in the folder, but the kept head is not the listing's: kept again
    assert Index(store).stored_head() == index.head()
    remove_index(store.root)
    assert not kept.exists() and Index(store).stored_head() is None


@pytest.mark.parametrize("xdg", [None, "", "relative/cache", "/abs/xdg-cache"])
def test_the_cache_folder_guessed_without_platformdirs_is_platformdirs_answer(
        xdg: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from facilitator.userdata import likely_user_cache_dir, user_cache_dir

    if not sys.platform.startswith("linux") and sys.platform != "darwin":
        assert likely_user_cache_dir() in (None, user_cache_dir())
        return
    monkeypatch.delenv("KYOGITAI_CACHE_DIR", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert likely_user_cache_dir() == user_cache_dir()
    monkeypatch.setenv("KYOGITAI_CACHE_DIR", "/somewhere/else")
    assert likely_user_cache_dir() == user_cache_dir() == Path("/somewhere/else")
