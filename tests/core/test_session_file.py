"""The save that merges (facilitator/sharing/): whatever another writer saved since this window
last read or wrote the file is merged in, never overwritten; recovery copies outside the store
bring unsaved edits back after a crash or an hour offline; the look at the file that sees
another writer's save; and ``Meeting.adopt``, which takes a merged session in without counting
it as a local edit."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from factories import NOW, make_session

from facilitator.meeting import Meeting
from facilitator.merge import merge
from facilitator.model import Idea
from facilitator.session_json import session_to_json
from facilitator.session_load import session_from_json
from facilitator.sharing import RecoveryFolder, SessionFile
from facilitator.sharing import guard as guard_module
from facilitator.sharing.recovery import Recovery
from facilitator.store import FileOps, Store, StoreError


def meeting(session, writer="w-a"):  # type: ignore[no-untyped-def]
    return Meeting(session, clock=lambda: 0.0, now=lambda: NOW, running=False, writer=writer)


def doc(m: Meeting) -> bytes:
    return session_to_json(m.session).encode("utf-8")


def open_window(root: Path, sid: str, data: Path | None = None, *, writer: str = "w-a",
                **kw):  # type: ignore[no-untyped-def]
    """A window on the session: its own Store (as another process would have), the meeting on
    what it read, its SessionFile with recovery copies in ``data``."""
    store = Store(root)
    m = meeting(store.load(sid), writer=writer)
    recovery = RecoveryFolder(data, root) if data is not None else None
    f = SessionFile(store, sid, recovery=recovery, now=lambda: NOW, **kw)
    recovered = f.open(doc(m))
    if recovered is not None:
        m.adopt(recovered)
        m.mark_changed()
    return m, f


def save(m: Meeting, f: SessionFile) -> None:
    """What the autosaver does: write a snapshot; take the written merge in (read-only: merged
    with the meeting's session, from the snapshot)."""
    saved = f.save(doc(m))
    if saved.merged is not None:
        assert saved.snapshot is not None
        m.adopt(merge(saved.snapshot, m.session, saved.merged).session)


@pytest.fixture
def stored(tmp_path):  # type: ignore[no-untyped-def]
    root = tmp_path / "sessions"
    root.mkdir()
    session = make_session()
    Store(root).save(session)
    return root, session.id


def on_disk(root: Path, sid: str):  # type: ignore[no-untyped-def]
    return session_from_json((root / f"{sid}.json").read_bytes())


def texts(session) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.text for i in session.ideas]


def outside_edit(root: Path, sid: str, change) -> None:  # type: ignore[no-untyped-def]
    """A script: load the JSON, change it, os.replace it over the file."""
    path = root / f"{sid}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    tmp = root / ".outside.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def outside_idea(text: str, idea_id: str):  # type: ignore[no-untyped-def]
    def change(data):  # type: ignore[no-untyped-def]
        data["ideas"].append({"id": idea_id, "text": text, "kind": "unsorted", "interest": 0, "status": "open"})
    return change


# -- the save that merges ---------------------------------------------------------------------------


def test_an_outside_change_between_reads_is_merged_not_overwritten(stored):  # type: ignore[no-untyped-def]
    root, sid = stored
    a, fa = open_window(root, sid, writer="w-a")
    b, fb = open_window(root, sid, writer="w-b")
    a.add_idea("朝のラジオ体操")
    save(a, fa)
    b.add_idea("見守りの当番表")
    b.set_review("よい会でした")
    save(b, fb)  # b never read a's save: it is merged, not overwritten
    final = on_disk(root, sid)
    assert {"朝のラジオ体操", "見守りの当番表"} <= set(texts(final))
    assert final.review == "よい会でした"
    assert texts(b.session) == texts(final)  # and b's meeting adopted the merge
    save(a, fa)  # a has no edits since: the file stays as b left it
    assert texts(on_disk(root, sid)) == texts(final)


def test_the_issues_os_replace_scenario_keeps_both_ideas_and_the_outside_title(stored):  # type: ignore[no-untyped-def]
    root, sid = stored
    m, f = open_window(root, sid)
    m.add_idea("一つ目: 移動販売の誘致")
    save(m, f)

    def change(data):  # type: ignore[no-untyped-def]
        outside_idea("外から: 公民館の送迎", "idea-outside")(data)
        data["title"] = "第3回 定例会（外で直した）"
    outside_edit(root, sid, change)

    m.add_idea("二つ目: 買い物ツアー")
    save(m, f)
    final = on_disk(root, sid)
    assert final.title == "第3回 定例会（外で直した）"
    for text in ("一つ目: 移動販売の誘致", "外から: 公民館の送迎", "二つ目: 買い物ツアー"):
        assert texts(final).count(text) == 1
    assert m.session.title == final.title  # the open meeting shows it too
    m.add_idea("三つ目")  # the meeting's edits never reach the base the next merge starts from
    assert session_to_json(f.base.session).encode("utf-8") == f.base.data  # type: ignore[union-attr]


def test_a_file_that_is_already_what_we_would_write_is_not_written_again(stored):  # type: ignore[no-untyped-def]
    root, sid = stored
    m, f = open_window(root, sid)
    m.add_idea("見守り")
    save(m, f)
    st = os.stat(root / f"{sid}.json")
    save(m, f)
    assert os.stat(root / f"{sid}.json").st_mtime_ns == st.st_mtime_ns


# -- two saves at the same instant ------------------------------------------------------------------


def test_two_savers_racing_in_threads_keep_every_idea_exactly_once(stored):  # type: ignore[no-untyped-def]
    root, sid = stored
    windows = [open_window(root, sid, writer=f"w-{n}") for n in "ab"]
    rounds = 25
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(n: int) -> None:
        m, f = windows[n]
        try:
            start.wait()
            for i in range(rounds):
                m.add_idea(f"window {n} idea {i}")
                m.add_interest("idea-01")
                save(m, f)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert not errors
    for m, f in windows:
        save(m, f)
    final = on_disk(root, sid)
    for n in range(2):
        for i in range(rounds):
            assert texts(final).count(f"window {n} idea {i}") == 1
    assert len({i.id for i in final.ideas}) == len(final.ideas)
    assert final.ideas[0].interest == 3 + 2 * rounds  # every mark, once


class ReplacedRightAfter(FileOps):
    """Another writer's save lands in the instant between our check and our replace: right after
    our os.replace, theirs (made from the version before ours) replaces the file."""

    def __init__(self, theirs: bytes) -> None:
        self.theirs = theirs

    def replace(self, src: str, dst: str) -> None:
        os.replace(src, dst)
        if self.theirs:
            tmp = dst + ".theirs"
            Path(tmp).write_bytes(self.theirs)
            os.replace(tmp, dst)
            self.theirs = b""


def test_saves_and_merges_keep_at_most_one_older_version_to_read_the_next_like(stored):  # type: ignore[no-untyped-def]
    root, sid = stored
    m, f = open_window(root, sid)
    for n in range(6):
        m.add_idea(f"窓の案 {n}")
        if n % 2:
            outside_edit(root, sid, outside_idea(f"外の案 {n}", f"idea-out-{n}"))
        save(m, f)
        like = f.base.like
        assert like is None or (like.parsed and like.like is None)
    assert {f"外の案 {n}" for n in (1, 3, 5)} | {f"窓の案 {n}" for n in range(6)} <= set(texts(on_disk(root, sid)))


def test_a_save_replaced_in_the_same_instant_is_merged_again(stored):  # type: ignore[no-untyped-def]
    root, sid = stored
    other = meeting(on_disk(root, sid), writer="w-b")
    other.add_idea("向こうの窓で")
    other.add_interest("idea-01")
    m, f = open_window(root, sid)
    f.store = Store(root, fs=ReplacedRightAfter(doc(other)))
    m.add_idea("こちらの窓で")
    m.add_interest("idea-01")
    save(m, f)
    final = on_disk(root, sid)
    assert texts(final).count("向こうの窓で") == 1 and texts(final).count("こちらの窓で") == 1
    assert final.ideas[0].interest == 5  # 3, one mark each


# -- recovery copies ---------------------------------------------------------------------------------


class Unreachable(FileOps):
    """The store out of reach: every write fails."""

    def open(self, path: str) -> int:
        raise OSError(112, "The network name is no longer available")


def test_a_restart_with_a_recovery_copy_recovers_unsaved_edits_once(stored, tmp_path):  # type: ignore[no-untyped-def]
    root, sid = stored
    data = tmp_path / "data"
    m, f = open_window(root, sid, data)
    f.store = Store(root, fs=Unreachable())
    m.add_idea("保存できなかったアイデア")
    m.add_interest("idea-01", 2)  # 3 → 5
    with pytest.raises(OSError):
        f.save(doc(m))
    copies = list((data / "recovery").rglob("*.json"))
    assert len(copies) == 1
    if os.name == "posix":
        assert copies[0].stat().st_mode & 0o777 == 0o600
        assert copies[0].parent.stat().st_mode & 0o777 == 0o700
    # Meanwhile someone else marks the same idea and changes the title; then the window dies.
    outside_edit(root, sid, lambda d: (d["ideas"][0].update(interest=4), d.update(title="外の題名")))
    f.close(unsaved=True)

    again, f2 = open_window(root, sid, data, writer="w-c")
    assert texts(again.session).count("保存できなかったアイデア") == 1
    assert again.session.ideas[0].interest == 6  # 3 + 2 (ours) + 1 (theirs): no mark twice
    assert again.session.title == "外の題名"
    save(again, f2)
    assert on_disk(root, sid).ideas[0].interest == 6
    assert not list((data / "recovery").rglob("*.json*"))  # the claimed copy and ours are gone

    third, _ = open_window(root, sid, data, writer="w-d")  # nothing left to recover
    assert third.version == 0 and third.session.ideas[0].interest == 6


class KilledBeforeTheCopyWent(RecoveryFolder):
    def remove(self, session_id: str, token: str) -> None:
        pass  # the process died right after the store's replace


def test_a_crash_between_the_store_write_and_the_copys_removal_counts_nothing_twice(stored, tmp_path):  # type: ignore[no-untyped-def]
    root, sid = stored
    data = tmp_path / "data"
    m, f = open_window(root, sid)
    f.recovery = KilledBeforeTheCopyWent(data, root)
    m.add_interest("idea-01", 2)
    save(m, f)  # written; the copy stays behind, saying what was being written
    assert list((data / "recovery").rglob("*.json"))
    f.close(unsaved=True)
    again, _ = open_window(root, sid, data, writer="w-c")
    assert again.session.ideas[0].interest == 5 and again.version == 0


def test_a_live_windows_copy_is_not_taken(stored, tmp_path):  # type: ignore[no-untyped-def]
    root, sid = stored
    data = tmp_path / "data"
    m, f = open_window(root, sid, data)
    f.store = Store(root, fs=Unreachable())
    m.add_idea("まだ開いている窓の")
    with pytest.raises(OSError):
        f.save(doc(m))
    other, _ = open_window(root, sid, data, writer="w-b")  # same process, f still open
    assert "まだ開いている窓の" not in texts(other.session)
    assert list((data / "recovery").rglob("*.json"))


def test_an_hour_offline_then_back_with_outside_edits(stored, tmp_path):  # type: ignore[no-untyped-def]
    root, sid = stored
    data = tmp_path / "data"
    m, f = open_window(root, sid, data)
    save(m, f)
    away = root.with_name("away")
    root.rename(away)  # the share is gone
    for i in range(60):  # an hour of a meeting, a save tried after each change
        m.add_idea(f"オフライン {i}")
        if i % 3 == 0:
            m.add_interest("idea-01")
        with pytest.raises((OSError, StoreError)):  # StoreUnreachable: the share's folder is gone
            f.save(doc(m))
    copy = Recovery.from_bytes(next((data / "recovery").rglob("*.json")).read_bytes())
    assert texts(session_from_json(copy.mine)).count("オフライン 59") == 1  # every edit kept outside
    # Someone on the other side of the share edited meanwhile; then it comes back.
    outside_edit(away, sid, outside_idea("向こう側で", "idea-there"))
    outside_edit(away, sid, lambda d: d["ideas"][0].update(interest=d["ideas"][0]["interest"] + 1))
    away.rename(root)
    save(m, f)
    final = on_disk(root, sid)
    assert all(texts(final).count(f"オフライン {i}") == 1 for i in range(60))
    assert texts(final).count("向こう側で") == 1
    assert final.ideas[0].interest == 3 + 20 + 1
    assert not list((data / "recovery").rglob("*.json"))


# -- seeing another writer's save ----------------------------------------------------------------


def test_poll_sees_a_save_and_an_edit_the_stat_hides(stored):  # type: ignore[no-untyped-def]
    root, sid = stored
    _, f = open_window(root, sid, full_every=3)
    assert f.poll() is None
    outside_edit(root, sid, outside_idea("外から", "idea-x"))
    changed = f.poll()
    assert changed is not None and "外から" in texts(changed.disk.session)
    f.adopted(changed.disk)
    assert f.poll() is None
    # Same size, same mtime, same inode (an SMB client's cached metadata): found by its content.
    path = root / f"{sid}.json"
    st = os.stat(path)
    raw = path.read_bytes()
    edited = raw.replace("外から".encode(), "内から".encode())
    assert len(edited) == len(raw)
    with open(path, "r+b") as fh:
        fh.write(edited)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    seen = [f.poll() for _ in range(3)]
    assert any(c is not None and "内から" in texts(c.disk.session) for c in seen)


def test_poll_says_when_the_disk_dropped_what_this_window_had_saved(stored):  # type: ignore[no-untyped-def]
    """A script that writes back a copy read before this window's save drops the window's idea
    and tombstone (``Changed.dropped``: the window must save them back); another window's
    deletion (a tombstone) and an added idea drop nothing."""
    root, sid = stored
    m, f = open_window(root, sid)
    older = (root / f"{sid}.json").read_bytes()
    m.add_idea("この画面の案")
    m.delete_idea(m.session.ideas[0].id)
    save(m, f)
    other, g = open_window(root, sid, writer="w-b")
    other.delete_idea(other.session.ideas[0].id)
    other.add_idea("別の画面の案")
    save(other, g)
    changed = f.poll()
    assert changed is not None and not changed.dropped
    f.adopted(changed.disk)
    (root / f"{sid}.json").write_bytes(older)  # the script's older copy
    changed = f.poll()
    assert changed is not None and changed.dropped


def test_a_window_opened_on_an_older_read_takes_the_disks_changes_at_the_first_poll(stored):  # type: ignore[no-untyped-def]
    root, sid = stored
    store = Store(root)
    m = meeting(store.load(sid))
    outside_edit(root, sid, outside_idea("開く前に", "idea-before"))
    f = SessionFile(store, sid, now=lambda: NOW)
    f.open(doc(m))
    changed = f.poll()
    assert changed is not None and "開く前に" in texts(changed.disk.session)


# -- Meeting.adopt ----------------------------------------------------------------------------------


def test_adopt_keeps_the_objects_the_step_and_the_version():
    m = meeting(make_session(current_step="ideas"))
    m.add_idea("ここで")
    version = m.version
    idea, step, ideas = m.session.ideas[0], m.current, m.session.ideas
    merged = session_from_json(session_to_json(m.session))
    merged.ideas[0].text = "外で直した"
    merged.ideas.append(Idea(id="idea-new", text="外から"))
    del merged.ideas[1]
    merged.title = "外の題名"
    merged.current_step = "close"
    m.adopt(merged)
    assert m.version == version  # not a local edit: nothing to write back
    assert m.session.ideas is ideas and m.session.ideas[0] is idea and idea.text == "外で直した"
    assert "外から" in texts(m.session) and "コミュニティバスの増便" not in texts(m.session)
    assert m.current is step and m.session.current_step == "ideas"  # this window's own place
    assert m.session.title == "外の題名" and m.adopted == 1


def test_a_write_guard_a_killed_save_left_does_not_hold_the_next_save_up(stored, monkeypatch):  # type: ignore[no-untyped-def]
    root, sid = stored
    # Neither its age nor a timeout breaks it here: only its writer's process being gone.
    monkeypatch.setattr(guard_module, "GUARD_WAIT", 3600.0)
    monkeypatch.setattr(guard_module, "GUARD_STALE", 3600.0)
    guard = root / f".{sid}.json.saving"
    guard.write_text("this-host\n999999\n", encoding="utf-8")  # a save killed holding it
    m, f = open_window(root, sid, host="this-host", pid_alive=lambda pid: pid != 999999)
    m.add_idea("次の保存")
    save(m, f)
    assert "次の保存" in texts(on_disk(root, sid))
    assert not guard.exists()
