"""The rules of drafts (facilitator/drafts.py): the file, whose drafts may be restored, claiming
them once, and expiry. The app side is tests/tui/test_drafts.py and tests/e2e/test_e2e_drafts.py."""

from __future__ import annotations

import os
import stat
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from facilitator import drafts as d
from facilitator.drafts import (
    CLAIM_MARK, DraftEnv, DraftFolder, Drafts, FormDraft, Writer, drafts_folder, form_key, join_texts, merge,
    store_key, sweep, window_gone,
)
from facilitator.userdata import user_data_dir

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 8, 19, 14, 3, tzinfo=JST)
SID = "2026-08-19-3fa9c1"
ME = Writer(SID, "sato", "PC-01", 100, "a" * 16)


def env(**kw) -> DraftEnv:  # type: ignore[no-untyped-def]
    defaults = dict(host="PC-01", user="sato", pid=100, now=lambda: NOW, pid_alive=lambda pid: False,
                    live_tokens=set(), wall=lambda: NOW.timestamp())
    defaults.update(kw)
    return DraftEnv(**defaults)  # type: ignore[arg-type]


def drafts(token: str = "b" * 16, *, pid: int = 200, host: str = "PC-01", user: str = "sato",
           session: str = SID, saved_at: datetime = NOW, closed: bool = False,
           fields: dict[str, str] | None = None, forms: dict[str, FormDraft] | None = None) -> Drafts:
    return Drafts(Writer(session, user, host, pid, token), "/stores/c-town", saved_at, closed,
                  fields if fields is not None else {"ideas/idea-input": "月2回の"}, forms or {})


# -- the file ------------------------------------------------------------------------------------

def test_the_file_round_trips_japanese_a_lone_surrogate_and_forms() -> None:
    doc = drafts(fields={"ideas/idea-input": "月2回の乗り合い LINE で\ud800", "board/board-add": "商店"},
                 forms={"k1": FormDraft("アイデアを編集", "乗り合い", {"text": "直した文", "kind": "self"})})
    raw = doc.to_json()
    assert raw.isascii()
    back = Drafts.from_json(raw)
    assert back == doc
    assert b'"format": "kyogitai-drafts"' in raw and b'"version": 1' in raw


def test_empty_drafts_are_empty_and_empty_fields_are_not_written() -> None:
    assert drafts(fields={}).empty
    assert drafts(fields={"a": ""}).empty
    assert not drafts(fields={}, forms={"k": FormDraft("t", "", {})}).empty
    assert b'"a"' not in drafts(fields={"a": "", "b": "x"}).to_json()


@pytest.mark.parametrize("change", [
    {"format": "something-else"}, {"version": 2}, {"version": None}, {"session": "../etc"}, {"pid": True},
    {"pid": "12"}, {"token": "../../x"}, {"token": ""}, {"saved_at": "yesterday"}, {"closed": "no"},
    {"fields": {"a": 1}}, {"fields": []}, {"forms": {"k": {"values": {}}}}, {"forms": {"k": {"title": "t", "values": {"a": 2}}}},
])
def test_anything_but_a_complete_drafts_document_is_refused(change: dict) -> None:
    import json

    doc = json.loads(drafts().to_json())
    doc.update(change)
    with pytest.raises(ValueError):
        Drafts.from_json(json.dumps(doc).encode())


@pytest.mark.parametrize("raw", [b"", b"\xff\xfe", b"[]", b"null", b"{" * 100_000])
def test_garbage_is_a_value_error(raw: bytes) -> None:
    with pytest.raises(ValueError):
        Drafts.from_json(raw)


# -- where -----------------------------------------------------------------------------------------

def test_each_store_has_its_own_folder_under_the_data_folder(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert store_key(a) != store_key(b)
    assert store_key(a) == store_key(tmp_path / "b" / ".." / "a")  # by the resolved path
    folder = drafts_folder(tmp_path / "data", a)
    assert folder == tmp_path / "data" / "drafts" / store_key(a)
    assert a not in folder.parents


def test_the_data_folder_is_the_env_var_or_the_platform_one(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert user_data_dir({"KYOGITAI_DATA_DIR": str(tmp_path / "x")}) == tmp_path / "x"
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_data_dir", lambda name, appauthor=None: f"/home/sc/.local/share/{name}")
    assert user_data_dir({}) == Path("/home/sc/.local/share/kyogitai")
    assert user_data_dir({"KYOGITAI_DATA_DIR": "  "}) == Path("/home/sc/.local/share/kyogitai")


def test_a_form_is_known_by_its_title_and_what_it_opened_with() -> None:
    k = form_key("アイデアを編集", [("text", "乗り合い"), ("kind", "self")])
    assert k == form_key("アイデアを編集", [("text", "乗り合い"), ("kind", "self")])
    assert k != form_key("アイデアを編集", [("text", "見守り"), ("kind", "self")])
    assert k != form_key("課題を編集", [("text", "乗り合い"), ("kind", "self")])


# -- whose drafts ----------------------------------------------------------------------------------

def test_whose_drafts_may_be_restored() -> None:
    e = env(pid=100, pid_alive=lambda pid: pid == 300, live_tokens={"c" * 16})
    assert window_gone(drafts(pid=200), e)  # this host, its process dead
    assert not window_gone(drafts(pid=300), e)  # this host, its process alive: a live window
    assert not window_gone(drafts(pid=200, user="suzuki"), e)  # someone else's
    assert not window_gone(drafts(pid=200, host="PC-02"), e)  # another host: its pid means nothing here
    assert window_gone(drafts(pid=300, closed=True), e)  # closed normally: anyone of this user
    assert window_gone(drafts(pid=300, host="PC-02", closed=True), e)
    assert not window_gone(drafts(pid=200, user="suzuki", closed=True), e)
    assert window_gone(drafts(pid=100), e)  # this process, a window no longer open
    assert not window_gone(drafts("c" * 16, pid=100), e)  # this process, a window still open
    assert window_gone(drafts(pid=200, host="pc-01", user="SATO"), e)  # names as the OS folds them


def test_texts_of_one_field_are_joined_oldest_first_and_nothing_is_dropped() -> None:
    assert join_texts("", "b") == "b" and join_texts("a", "") == "a"
    assert join_texts("月2回", "月2回の乗り合い") == "月2回の乗り合い"  # one grew from the other
    assert join_texts("月2回の乗り合い", "月2回") == "月2回の乗り合い"
    assert join_texts("見守り", "配食") == "見守り 配食"
    older = drafts("1" * 16, saved_at=NOW - timedelta(minutes=5), fields={"f": "見守り", "g": "x"},
                   forms={"k": FormDraft("t", "", {"text": "old"})})
    newer = drafts("2" * 16, saved_at=NOW, fields={"f": "配食"}, forms={"k": FormDraft("t", "", {"text": "new"})})
    fields, forms = merge([newer, older])
    assert fields == {"f": "見守り 配食", "g": "x"}
    assert forms["k"].values == {"text": "new"}  # a form: the newer


# -- the folder ------------------------------------------------------------------------------------

def folder_in(tmp_path: Path, **kw) -> DraftFolder:  # type: ignore[no-untyped-def]
    return DraftFolder(drafts_folder(tmp_path / "data", tmp_path / "store"), env(**kw))


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_written_owner_only_atomically_under_any_umask(tmp_path: Path) -> None:
    f = folder_in(tmp_path)
    old = os.umask(0o000)
    try:
        path = f.write(drafts())
    finally:
        os.umask(old)
    assert path == f.folder / f"{SID}.{'b' * 16}.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (f.folder, f.folder.parent, tmp_path / "data"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert [p.name for p in f.folder.iterdir()] == [path.name]  # no temp file left
    assert Drafts.from_json(path.read_bytes()) == drafts()
    f.remove(SID, "b" * 16)
    f.remove(SID, "b" * 16)  # twice: fine
    assert not path.exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_loosened_drafts_folder_is_tightened_and_an_existing_data_folder_left_alone(tmp_path: Path) -> None:
    f = folder_in(tmp_path)
    f.folder.mkdir(parents=True, mode=0o755)
    os.chmod(f.folder, 0o755)
    os.chmod(tmp_path / "data", 0o755)
    f.write(drafts())
    assert stat.S_IMODE(f.folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o755


def test_claiming_takes_only_gone_windows_drafts_of_this_session(tmp_path: Path) -> None:
    f = folder_in(tmp_path, pid_alive=lambda pid: pid == 300)
    f.write(drafts("1" * 16, pid=200))  # dead: claimed
    f.write(drafts("2" * 16, pid=300))  # alive: left
    f.write(drafts("3" * 16, pid=200, session="2026-08-19-000000"))  # another session: left
    f.write(drafts("4" * 16, pid=200, user="suzuki"))  # another user: left
    f.write(drafts(ME.token, pid=100))  # our own: left
    (f.folder / f"{SID}.{'5' * 16}.json").write_bytes(b"{half a fi")  # unreadable: left
    claimed = f.claim_gone(SID, ME)
    assert [c.drafts.writer.token for c in claimed] == ["1" * 16]
    assert claimed[0].path.name == f"{SID}.{'1' * 16}.json{CLAIM_MARK}{ME.token}"
    assert not (f.folder / f"{SID}.{'1' * 16}.json").exists()
    assert (f.folder / f"{SID}.{'2' * 16}.json").exists()
    DraftFolder.release(claimed)
    assert not claimed[0].path.exists()
    assert f.claim_gone(SID, ME) == []


def test_a_gone_window_is_claimed_by_exactly_one_of_two_opening_at_once(tmp_path: Path) -> None:
    f = folder_in(tmp_path)
    for n in range(20):
        f.write(drafts(f"{n:016x}", pid=200))
    a = Writer(SID, "sato", "PC-01", 100, "a" * 16)
    b = Writer(SID, "sato", "PC-01", 101, "c" * 16)
    got: dict[str, list] = {}
    start = threading.Barrier(2)

    def claim(w: Writer) -> None:
        start.wait()
        got[w.token] = f.claim_gone(SID, w)

    threads = [threading.Thread(target=claim, args=(w,)) for w in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    tokens = [c.drafts.writer.token for claims in got.values() for c in claims]
    assert sorted(tokens) == [f"{n:016x}" for n in range(20)]  # each once, none twice


def test_a_claim_its_claimer_never_finished_is_claimed_again_later(tmp_path: Path) -> None:
    clock = [NOW.timestamp()]
    f = folder_in(tmp_path, wall=lambda: clock[0])
    f.write(drafts("1" * 16, pid=200))
    other = Writer(SID, "sato", "PC-01", 101, "c" * 16)
    (first,) = f.claim_gone(SID, other)  # ... and the claimer dies before writing its own file
    os.utime(first.path, (clock[0], clock[0]))
    assert f.claim_gone(SID, ME) == []  # a fresh claim: being taken over right now
    clock[0] += d.CLAIM_TIMEOUT + 1
    (again,) = f.claim_gone(SID, ME)
    assert again.drafts.fields == {"ideas/idea-input": "月2回の"}
    assert again.path.name == f"{SID}.{'1' * 16}.json{CLAIM_MARK}{ME.token}"
    assert not first.path.exists()


def test_no_folder_nothing_to_claim(tmp_path: Path) -> None:
    assert folder_in(tmp_path).claim_gone(SID, ME) == []


# -- expiry ----------------------------------------------------------------------------------------

def test_drafts_older_than_30_days_are_swept_from_every_store_but_a_live_windows(tmp_path: Path) -> None:
    now = NOW.timestamp()
    e = env(pid_alive=lambda pid: pid == 300, wall=lambda: now)
    here = DraftFolder(drafts_folder(tmp_path / "data", tmp_path / "store"), e)
    there = DraftFolder(drafts_folder(tmp_path / "data", tmp_path / "old-store"), e)
    old = NOW - timedelta(days=31)
    here.write(drafts("1" * 16, saved_at=old))  # expired, dead: goes
    here.write(drafts("2" * 16, saved_at=NOW - timedelta(days=29)))  # not yet
    here.write(drafts("3" * 16, saved_at=old, pid=300))  # expired, but its window lives here: kept
    here.write(drafts("4" * 16, saved_at=old, host="PC-02"))  # expired, another host's: goes
    there.write(drafts("5" * 16, saved_at=old))  # another store's folder: goes, and the folder too
    junk_old = here.folder / f"{SID}.{'6' * 16}.json"
    junk_old.write_bytes(b"garbage")
    os.utime(junk_old, (now - 31 * 86400, now - 31 * 86400))
    junk_new = here.folder / f"{SID}.{'7' * 16}.json"
    junk_new.write_bytes(b"garbage")
    tmp_old = here.folder / f".{SID}.{'8' * 16}.json.1234abcd.tmp"
    tmp_old.write_bytes(b"x")
    os.utime(tmp_old, (now - 7200, now - 7200))
    tmp_new = here.folder / f".{SID}.{'9' * 16}.json.1234abcd.tmp"
    tmp_new.write_bytes(b"x")
    assert sweep(tmp_path / "data" / "drafts", e) == 5
    assert sorted(p.name for p in here.folder.iterdir()) == sorted(
        [f"{SID}.{'2' * 16}.json", f"{SID}.{'3' * 16}.json", junk_new.name, tmp_new.name])
    assert not there.folder.exists()
    assert sweep(tmp_path / "nowhere", e) == 0
