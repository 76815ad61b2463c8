"""The store: atomic writes, where the store is, save/load, scans that never touch a file."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest
from factories import make_session

from facilitator.index import Index
from facilitator.model import NewerSchemaError, SessionFormatError
from facilitator.session_json import session_to_dict, session_to_json
from facilitator.store import FileOps, Store, StoreError, atomic_write, resolve_store

ID_A = "2026-08-19-3fa9c1"


# ---------------------------------------------------------------------------------------
# atomic_write


class FailingOps(FileOps):
    """FileOps that fail at one step, or make replace refuse a few times (Windows sharing)."""

    def __init__(self, fail: str | None = None, busy_replaces: int = 0) -> None:
        self.fail = fail
        self.busy_replaces = busy_replaces
        self.replace_calls = 0
        self.sleeps: list[float] = []
        self.written = 0

    def write(self, fd, data):  # type: ignore[no-untyped-def]
        if self.fail == "write" and self.written:
            raise OSError(28, "No space left on device")
        n = super().write(fd, data[:10])  # partial writes: the loop must finish the job
        self.written += n
        return n

    def fsync(self, fd):  # type: ignore[no-untyped-def]
        if self.fail == "fsync":
            raise OSError(5, "Input/output error")
        super().fsync(fd)

    def replace(self, src, dst):  # type: ignore[no-untyped-def]
        self.replace_calls += 1
        if self.fail == "replace":
            raise OSError(18, "Invalid cross-device link")
        if self.replace_calls <= self.busy_replaces:
            raise PermissionError(13, "The process cannot access the file")
        super().replace(src, dst)

    def sleep(self, seconds):  # type: ignore[no-untyped-def]
        self.sleeps.append(seconds)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_atomic_write_creates_file_with_mode_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    atomic_write(target, "こんにちは\n".encode())
    assert target.read_bytes() == "こんにちは\n".encode()
    assert _leftovers(tmp_path) == []
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        atomic_write(target, b"x", mode=0o640)
        assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_atomic_write_temp_name_never_ends_in_json(tmp_path: Path) -> None:
    seen: list[str] = []

    class Spy(FileOps):
        def open(self, path):  # type: ignore[no-untyped-def]
            seen.append(path)
            return super().open(path)

    atomic_write(tmp_path / "s.json", b"{}", fs=Spy())
    (name,) = [Path(p).name for p in seen]
    assert Path(seen[0]).parent == tmp_path
    assert name.startswith(".") and not name.endswith(".json")


@pytest.mark.parametrize("fail", ["write", "fsync", "replace"])
def test_failed_atomic_write_keeps_old_file_whole(tmp_path: Path, fail: str) -> None:
    target = tmp_path / "s.json"
    target.write_bytes(b'{"old": true}')
    before = target.read_bytes()
    with pytest.raises(OSError):
        atomic_write(target, b'{"new": "' + b"x" * 1000 + b'"}', fs=FailingOps(fail))
    assert target.read_bytes() == before
    assert _leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]


def test_replace_is_retried_while_the_file_is_busy(tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    target.write_bytes(b"old")
    ops = FailingOps(busy_replaces=3)
    atomic_write(target, b"new", fs=ops)
    assert target.read_bytes() == b"new"
    assert ops.replace_calls == 4 and len(ops.sleeps) == 3
    assert _leftovers(tmp_path) == []


def test_replace_gives_up_after_its_retries(tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    target.write_bytes(b"old")
    ops = FailingOps(busy_replaces=100)
    with pytest.raises(PermissionError):
        atomic_write(target, b"new", fs=ops)
    assert ops.replace_calls == FileOps.replace_attempts
    assert sum(ops.sleeps) <= 1.5  # "briefly"
    assert target.read_bytes() == b"old" and _leftovers(tmp_path) == []


# ---------------------------------------------------------------------------------------
# resolve_store


def test_resolve_store_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cwd = tmp_path / "work"
    cwd.mkdir()
    docs = tmp_path / "docs"
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(docs))

    loc = resolve_store(None, env={}, cwd=cwd)
    assert loc.path == (docs / "kyogitai" / "sessions").resolve() and loc.reason == "ドキュメント フォルダ"
    assert not loc.path.exists()  # resolving creates nothing

    (cwd / "sessions").mkdir()
    loc = resolve_store(None, env={}, cwd=cwd)
    assert loc.path == (cwd / "sessions").resolve() and "sessions/" in loc.reason

    loc = resolve_store(None, env={"KYOGITAI_STORE": "env-store"}, cwd=cwd)
    assert loc.path == (cwd / "env-store").resolve() and "KYOGITAI_STORE" in loc.reason
    assert loc.path.is_absolute() and not loc.path.exists()

    loc = resolve_store(str(tmp_path / "cli"), env={"KYOGITAI_STORE": "env-store"}, cwd=cwd)
    assert loc.path == (tmp_path / "cli").resolve() and "--store" in loc.reason

    loc = resolve_store("rel", env={}, cwd=cwd)
    assert loc.path == (cwd / "rel").resolve()

    loc = resolve_store(None, env={"KYOGITAI_STORE": ""}, cwd=cwd)  # empty = unset
    assert loc.path == (cwd / "sessions").resolve()


# ---------------------------------------------------------------------------------------
# save / load


def test_save_load_round_trip_and_layout(tmp_path: Path) -> None:
    root = tmp_path / "not" / "yet"
    store = Store(root)
    assert not root.exists()  # nothing created until the first write
    s = make_session(id=ID_A)
    path = store.save(s)
    assert path == root / f"{ID_A}.json"
    assert path.read_text(encoding="utf-8") == session_to_json(s)
    assert store.aux_dir == root / ".kyogitai"
    assert session_to_dict(Store(root).load(ID_A)) == session_to_dict(s)
    assert session_to_dict(store.load_path(path)) == session_to_dict(s)
    # Saving again (autosave) replaces it.
    s.review = "二回目"
    store.save(s)
    assert Store(root).load(ID_A).review == "二回目"
    assert _leftovers(root) == []
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_save_refuses_invalid_ids(tmp_path: Path) -> None:
    store = Store(tmp_path)
    for bad in ["../evil", "a b", "", "会議"]:
        with pytest.raises(StoreError):
            store.save(make_session(id=bad))
    assert list(tmp_path.iterdir()) == []


def test_load_unknown_id_and_bad_files(tmp_path: Path) -> None:
    store = Store(tmp_path)
    with pytest.raises(StoreError, match="見つかりません"):
        store.load("2026-01-01-000000")
    (tmp_path / "2026-01-02-000000.json").write_text("{broken", encoding="utf-8")
    with pytest.raises(SessionFormatError, match=r"^2026-01-02-000000\.json: "):
        store.load("2026-01-02-000000")
    newer = session_to_dict(make_session(id="2026-01-03-000000"))
    newer["schema_version"] = 99
    (tmp_path / "2026-01-03-000000.json").write_text(json.dumps(newer), encoding="utf-8")
    with pytest.raises(NewerSchemaError, match="2026-01-03-000000.json"):
        store.load("2026-01-03-000000")


def test_a_renamed_file_is_found_and_saved_in_place(tmp_path: Path) -> None:
    store = Store(tmp_path)
    s = make_session(id=ID_A)
    (tmp_path / "8月の会議.json").write_text(session_to_json(s), encoding="utf-8")
    scan = store.scan()
    (entry,) = scan.entries
    assert entry.status == "ok" and entry.name_differs
    loaded = Store(tmp_path).load(ID_A)
    assert loaded.id == ID_A
    loaded.review = "更新"
    other = Store(tmp_path)
    other.load(ID_A)
    assert other.save(loaded) == tmp_path / "8月の会議.json"  # no second file with that id
    assert [p.name for p in tmp_path.glob("*.json")] == ["8月の会議.json"]


def test_saving_a_big_session_again_and_again(tmp_path: Path) -> None:
    from facilitator.model import Idea

    s = make_session(id=ID_A, ideas=[Idea(id=f"idea-{i:04d}", text=f"アイデア その{i} " * 5) for i in range(1000)])
    store = Store(tmp_path)
    store.save(s)
    for _ in range(10):
        store.save(s)
    # How long a save takes (a few ms) is not asserted: benchmarks/core.py (autosave) measures
    # the median against the 10 ms floor.
    assert store.load(ID_A).ideas == s.ideas and len(list(tmp_path.glob("*.json"))) == 1


# ---------------------------------------------------------------------------------------
# Problem files are reported and never touched


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir() if p.is_file()}


@pytest.fixture
def troubled(tmp_path: Path) -> Path:
    """A store with good, damaged, newer and conflicting files."""
    root = tmp_path / "store"
    store = Store(root)
    store.save(make_session(id="2026-05-01-aaaaaa", date="2026-05-01"))
    store.save(make_session(id="2026-06-01-bbbbbb", date="2026-06-01"))
    (root / "2026-07-01-cccccc.json").write_text('{"schema_version": 1, "id": ', encoding="utf-8")
    wrong_type = session_to_dict(make_session(id="2026-07-02-dddddd", date="2026-07-02"))
    wrong_type["ideas"][0]["text"] = 42
    (root / "2026-07-02-dddddd.json").write_text(json.dumps(wrong_type, ensure_ascii=False), encoding="utf-8")
    newer = session_to_dict(make_session(id="2026-08-01-eeeeee", date="2026-08-01"))
    newer["schema_version"] = 2
    (root / "2026-08-01-eeeeee.json").write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")
    dup = session_to_json(make_session(id="2026-09-01-ffffff", date="2026-09-01"))
    (root / "2026-09-01-ffffff.json").write_text(dup, encoding="utf-8")
    (root / "2026-09-01-ffffff (1).json").write_text(dup.replace("第3回", "第3回（別PC）"), encoding="utf-8")
    (root / "notes.txt").write_text("not a session", encoding="utf-8")
    (root / ".2026-05-01-aaaaaa.json.1234abcd.tmp").write_text("half", encoding="utf-8")
    (root / "sub").mkdir()
    (root / "sub" / "x.json").write_text("{}", encoding="utf-8")
    return root


def test_scan_reports_problems_and_touches_nothing(troubled: Path) -> None:
    before = _snapshot(troubled)
    time.sleep(0.01)
    store = Store(troubled)
    scan = store.scan()
    status = {e.file: e.status for e in scan.entries}
    assert status == {
        "2026-05-01-aaaaaa.json": "ok",
        "2026-06-01-bbbbbb.json": "ok",
        "2026-07-01-cccccc.json": "damaged",
        "2026-07-02-dddddd.json": "damaged",
        "2026-08-01-eeeeee.json": "newer",
        "2026-09-01-ffffff.json": "ok",  # the session, listed: its sync copy is reported beside it
        "2026-09-01-ffffff (1).json": "conflict",
    }
    errors = {e.file: e.error for e in scan.entries}
    assert "JSON" in errors["2026-07-01-cccccc.json"]
    assert "ideas[0].text" in errors["2026-07-02-dddddd.json"]
    assert "schema_version" in errors["2026-08-01-eeeeee.json"]
    assert "2026-09-01-ffffff.json" in errors["2026-09-01-ffffff (1).json"]
    copies = {e.file: [p.name for p in e.copies] for e in scan.entries if e.copies}
    assert copies == {"2026-09-01-ffffff.json": ["2026-09-01-ffffff (1).json"]}
    assert sorted(s.id for s, _ in scan.sessions) == ["2026-05-01-aaaaaa", "2026-06-01-bbbbbb",
                                                      "2026-09-01-ffffff"]
    assert len(scan.problems) == 4 and all(w for w in scan.warnings())

    # Everything that reads: index refresh, latest_of_body, loads.
    Index(store).refresh()
    assert store.latest_of_body("C町 第1層協議体").id == "2026-09-01-ffffff"
    store.bodies()
    # Attempted saves over problem files are refused.
    for sid, date in [
        ("2026-07-01-cccccc", "2026-07-01"),
        ("2026-07-02-dddddd", "2026-07-02"),
        ("2026-08-01-eeeeee", "2026-08-01"),
    ]:
        with pytest.raises(StoreError):
            store.save(make_session(id=sid, date=date))
        with pytest.raises(StoreError):
            Store(troubled).save(make_session(id=sid, date=date))  # a fresh store, no scan yet

    assert _snapshot(troubled) == before
    assert not (troubled / ".kyogitai").exists()  # the index is per machine, outside the store


def test_deeply_nested_json_is_damaged_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (entry,) = Store(tmp_path).scan().entries
    assert entry.status == "damaged" and entry.error
    with pytest.raises(SessionFormatError):
        Store(tmp_path).load_path(tmp_path / "deep.json")


def test_utf8_bom_is_tolerated(tmp_path: Path) -> None:
    s = make_session(id=ID_A)
    (tmp_path / f"{ID_A}.json").write_bytes(b"\xef\xbb\xbf" + session_to_json(s).encode("utf-8"))
    store = Store(tmp_path)
    assert store.load(ID_A).id == ID_A
    store.save(s)  # readable, so it may be saved over (without the BOM)
    assert (tmp_path / f"{ID_A}.json").read_bytes().startswith(b"{")


def test_a_sync_copy_made_after_loading_does_not_stop_saves(tmp_path: Path) -> None:
    store = Store(tmp_path)
    s = make_session(id=ID_A)
    store.save(s)
    assert store.load(ID_A).id == ID_A
    copy = tmp_path / f"{ID_A} (DESKTOP-1 の競合コピー).json"
    copy.write_text(session_to_json(s), encoding="utf-8")
    kept = copy.read_bytes()
    store.scan()
    s.title = "保存は続く"
    assert store.save(s) == tmp_path / f"{ID_A}.json"  # to the session's own file
    assert store.load(ID_A).title == "保存は続く" and copy.read_bytes() == kept  # the copy untouched


def test_save_refuses_when_the_file_was_replaced_by_another_session(tmp_path: Path) -> None:
    store = Store(tmp_path)
    s = make_session(id=ID_A)
    store.save(s)
    other = make_session(id="2026-08-20-000000")
    (tmp_path / f"{ID_A}.json").write_text(session_to_json(other), encoding="utf-8")
    with pytest.raises(StoreError, match="別の会議"):
        store.save(s)


# ---------------------------------------------------------------------------------------
# latest_of_body, sessions_of_body, bodies


def test_latest_of_body_by_date_then_created_at(tmp_path: Path) -> None:
    store = Store(tmp_path)
    body = "C町 第1層協議体"
    store.save(make_session(id="s-05", body=body, date="2026-05-20"))
    store.save(make_session(id="s-08a", body=body, date="2026-08-19", created_at="2026-08-01T09:00:00+09:00"))
    # Same date, created later as an instant although the string sorts lower.
    store.save(make_session(id="s-08b", body="Ｃ町　第１層協議体", date="2026-08-19",
                            created_at="2026-08-01T01:00:00+00:00"))
    store.save(make_session(id="s-other", body="D町 第2層協議体", date="2026-12-01"))
    # Newer by date but unreadable: skipped.
    (tmp_path / "s-bad.json").write_text(
        session_to_json(make_session(id="s-bad", body=body, date="2027-01-01")).replace('"title"', '"title": 1, "x"'),
        encoding="utf-8",
    )
    newer = session_to_dict(make_session(id="s-new", body=body, date="2027-02-01"))
    newer["schema_version"] = 5
    (tmp_path / "s-new.json").write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")

    assert store.latest_of_body("Ｃ町　第1層協議体").id == "s-08b"
    assert store.latest_of_body("C町  第1層協議体", exclude_id="s-08b").id == "s-08a"
    assert store.latest_of_body("E町") is None
    assert [s.id for s in store.sessions_of_body(body)] == ["s-05", "s-08a", "s-08b"]
    # One spelling per body (its latest session's), in normalised order.
    assert store.bodies() == ["Ｃ町　第１層協議体", "D町 第2層協議体"]


def test_unused_id_avoids_existing_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    import facilitator.store.folder as store_module

    store = Store(tmp_path)
    store.save(make_session(id="2026-08-19-000001"))
    ids = iter(["2026-08-19-000001", "2026-08-19-000002"])
    monkeypatch.setattr(store_module, "new_session_id", lambda on: next(ids))
    assert store.unused_id(date(2026, 8, 19)) == "2026-08-19-000002"
