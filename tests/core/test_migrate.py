"""Schema migration (issue 6): a fixture per past version, upgraded in memory, written in the
new version only after a byte-for-byte backup in <store>/.kyogitai/backups/, never writing
newer files, idempotent."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from facilitator.migrate import MIGRATIONS, needs_upgrade, upgrade, version_of
from facilitator.model import SCHEMA_VERSION, NewerSchemaError, SessionFormatError
from facilitator.session_json import session_to_dict, session_to_json
from facilitator.session_load import (
    check_references,
    loaded_version,
    session_from_dict,
    session_from_json,
)
from facilitator.store import Store, StoreError
from repo_paths import FIXTURES

V0 = FIXTURES / "session_v0.json"
CURRENT = FIXTURES / "hand_written.json"  # version 1, as a person or another tool writes it


def past_fixtures() -> dict[int, Path]:
    """``session_v<N>.json`` for every version before the current one: one each, no gaps."""
    found = {int(p.stem.removeprefix("session_v")): p for p in FIXTURES.glob("session_v*.json")}
    return found


def test_there_is_a_fixture_for_every_past_version_and_a_step_from_it() -> None:
    assert set(past_fixtures()) == set(range(SCHEMA_VERSION)) == set(MIGRATIONS)


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_every_past_fixture_upgrades_to_a_valid_current_session(version: int) -> None:
    raw = past_fixtures()[version].read_bytes()
    data = json.loads(raw)
    assert version_of(data) == version and needs_upgrade(data)
    session = session_from_json(raw)
    assert loaded_version(session) == version
    assert session.schema_version == SCHEMA_VERSION
    assert check_references(session) == []
    again = session_from_json(session_to_json(session))  # what would be written reads as current
    assert loaded_version(again) == SCHEMA_VERSION and again == session


def test_version_0_fields_land_where_version_1_has_them() -> None:
    s = session_from_json(V0.read_bytes())
    assert s.body.name == "Ｃ町　第１層協議体" and s.body.layer is None
    assert [(a.name, a.role) for a in s.attendees] == [("山田 花子", "民生委員"), ("佐藤 一郎", "町内会長"),
                                                      ("田中 ミツ", None)]
    assert s.current_step == "close"
    assert [(i.author, i.interest, i.kind, i.status) for i in s.ideas] == [
        ("山田 花子", 3, "self", "handed"), ("佐藤 一郎", 0, "request", "open"), (None, 1, "unsorted", "open")]
    assert s.ideas[1].department == "役場 企画課"
    assert [(h.owner, h.status) for h in s.homework] == [("田中 ミツ", "open"), ("佐藤 一郎", "done")]
    assert s.next_meeting.agenda == ["地域交通・移動", "サロンの活性化"]
    assert s.next_meeting.date == "2026-05-20"
    assert [(c.column, c.text) for c in s.board.items] == [("have", "公園のゲートボール"), ("have", "商店の配達"),
                                                          ("lack", "スーパーが遠い")]
    assert s.board.vision == "歩いて行ける場所でおしゃべりできるまち"
    assert (s.created_at, s.updated_at) == ("2026-03-18T13:00:00+09:00", "2026-03-18T15:10:00+09:00")
    assert s.extra == {"memo": "下書き版の独自項目（そのまま残る）"}  # unknown fields survive


def test_upgrade_is_idempotent_and_leaves_its_input_alone() -> None:
    data = json.loads(V0.read_bytes())
    before = json.dumps(data, sort_keys=True)
    once, was = upgrade(data)
    assert was == 0 and json.dumps(data, sort_keys=True) == before  # the input is not changed
    twice, was_again = upgrade(once)
    assert was_again == SCHEMA_VERSION and twice is once  # a current document comes back as it is
    current = json.loads(CURRENT.read_bytes())
    assert upgrade(current) == (current, SCHEMA_VERSION)
    s = session_from_dict(once)
    assert session_from_dict(session_to_dict(s)) == s


def test_newer_and_invalid_versions() -> None:
    with pytest.raises(NewerSchemaError):
        version_of({"schema_version": SCHEMA_VERSION + 1})
    for bad in ("1", 1.0, True, 0, -1, None):
        with pytest.raises(SessionFormatError):
            version_of({"schema_version": bad})
    with pytest.raises(SessionFormatError):
        version_of([])
    assert not needs_upgrade({"schema_version": SCHEMA_VERSION + 1})
    assert not needs_upgrade({"schema_version": "x"})


# ---------------------------------------------------------------------------------------
# In the store: read never writes; the first save keeps a backup first


def v0_store(tmp_path: Path) -> tuple[Store, Path, bytes]:
    root = tmp_path / "sessions"
    root.mkdir()
    raw = V0.read_bytes()
    path = root / "2026-03-18-draft0.json"
    path.write_bytes(raw)
    return Store(root), path, raw


def test_reading_an_older_file_never_writes_it(tmp_path: Path) -> None:
    store, path, raw = v0_store(tmp_path)
    before = path.stat().st_mtime_ns
    assert [e.status for e in store.scan().entries] == ["ok"]
    s = store.load("2026-03-18-draft0")
    assert loaded_version(s) == 0
    assert store.latest_of_body("C町 第1層協議体") == s  # found by body (NFKC) like any session
    assert path.read_bytes() == raw and path.stat().st_mtime_ns == before
    assert not store.backup_dir.exists()


def test_the_first_save_keeps_a_backup_then_writes_the_new_version(tmp_path: Path) -> None:
    store, path, raw = v0_store(tmp_path)
    s = store.load("2026-03-18-draft0")
    s.review += "（追記）"
    store.save(s)
    backups = list(store.backup_dir.iterdir())
    assert len(backups) == 1
    assert backups[0].name.startswith("2026-03-18-draft0.v0.") and backups[0].suffix == ".json"
    assert backups[0].read_bytes() == raw  # byte for byte
    written = json.loads(path.read_bytes())
    assert written["schema_version"] == SCHEMA_VERSION and "members" not in written
    assert session_from_json(path.read_bytes()).review.endswith("（追記）")
    if os.name == "posix":
        assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    # The backup is outside the store's scan (never a second session with the same id).
    assert [e.status for e in store.scan().entries] == ["ok"]
    # Later saves find a current file: no more backups.
    s.review += "２"
    store.save(s)
    Store(store.root).save(s)  # another process, too: it reads the file and sees version 1
    assert len(list(store.backup_dir.iterdir())) == 1


def test_no_backup_no_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the backup can't be made, nothing is written: the old file stays as it was."""
    store, path, raw = v0_store(tmp_path)
    s = store.load("2026-03-18-draft0")
    (store.aux_dir).mkdir()
    store.backup_dir.write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(OSError):
        store.save(s)
    assert path.read_bytes() == raw
    store.backup_dir.unlink()
    store.save(s)
    assert json.loads(path.read_bytes())["schema_version"] == SCHEMA_VERSION


def test_a_current_file_never_gets_a_backup(tmp_path: Path) -> None:
    root = tmp_path / "sessions"
    root.mkdir()
    (root / "2026-06-17-hand01.json").write_bytes(CURRENT.read_bytes())
    store = Store(root)
    s = store.load("2026-06-17-hand01")
    s.review = "書いた"
    store.save(s)
    assert not store.backup_dir.exists()


def test_a_newer_file_is_never_written(tmp_path: Path) -> None:
    root = tmp_path / "sessions"
    root.mkdir()
    doc = json.loads(CURRENT.read_bytes())
    current = session_from_dict(doc)
    doc["schema_version"] = SCHEMA_VERSION + 1
    path = root / f"{current.id}.json"
    newer = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    path.write_bytes(newer)
    store = Store(root)
    with pytest.raises(NewerSchemaError):
        store.load(current.id)
    with pytest.raises(StoreError):
        store.save(current)
    assert path.read_bytes() == newer and not store.backup_dir.exists()


def test_a_draft_with_both_members_and_attendees_loses_neither() -> None:
    """A version-0 file with ``members`` and ``attendees`` (and both names of the other renamed
    fields): the roster gets every person of both lists, what only a member entry says (a role)
    is added, and an old field whose new name is taken stays beside it. Migration drops nothing."""
    data = json.loads(V0.read_bytes())
    data["attendees"] = [{"name": "鈴木 次郎", "role": "SC"}, {"name": "山田　花子"}]
    data["current_step"] = "ideas"
    data["created_at"] = "2026-03-18T13:00:00+09:00"
    doc, version = upgrade(data)
    assert version == 0
    assert doc["attendees"] == [{"name": "鈴木 次郎", "role": "SC"}, {"name": "山田　花子", "role": "民生委員"},
                                {"name": "佐藤 一郎", "role": "町内会長"}, {"name": "田中 ミツ"}]
    assert doc["current_step"] == "ideas" and doc["step"] == "close"
    assert doc["created_at"] == "2026-03-18T13:00:00+09:00" and doc["created"] == data["created"]
    s = session_from_dict(data)
    assert [a.name for a in s.attendees] == ["鈴木 次郎", "山田　花子", "佐藤 一郎", "田中 ミツ"]
    assert s.extra["step"] == "close"
    again = session_from_json(session_to_json(s))  # what would be written keeps it all
    assert again == s
