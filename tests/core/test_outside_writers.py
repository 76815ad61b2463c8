"""Writers outside a meeting window save the way a window does: the homework tracker's 完了 and
a sync copy merged in are merged with whatever a window saved between their read and their
write, never written over it (facilitator.sharing.change_in_store, Store.merge_copy)."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import NOW, make_session

from facilitator import merge as merge_module
from facilitator.homework import set_status_in_store
from facilitator.meeting import Meeting
from facilitator.merge import merge
from facilitator.session_json import session_to_json
from facilitator.session_load import session_from_json
from facilitator.sharing import SessionFile
from facilitator.store import Store


def open_window(root: Path, sid: str, writer: str = "w-window"):  # type: ignore[no-untyped-def]
    """A meeting window in another process: its own Store, its meeting, its SessionFile."""
    store = Store(root)
    m = Meeting(store.load(sid), clock=lambda: 0.0, now=lambda: NOW, running=False, writer=writer)
    f = SessionFile(store, sid, now=lambda: NOW)
    f.open(session_to_json(m.session).encode("utf-8"))
    return m, f


def save(m: Meeting, f: SessionFile) -> None:
    saved = f.save(session_to_json(m.session).encode("utf-8"))
    if saved.merged is not None and saved.snapshot is not None:
        m.adopt(merge(saved.snapshot, m.session, saved.merged).session)


def on_disk(root: Path, sid: str):  # type: ignore[no-untyped-def]
    return session_from_json((root / f"{sid}.json").read_bytes())


def homework(session, hw_id: str):  # type: ignore[no-untyped-def]
    (hw,) = [h for h in session.homework if h.id == hw_id]
    return hw


@pytest.fixture
def stored(tmp_path):  # type: ignore[no-untyped-def]
    session = make_session()
    hw = Meeting(session, running=False, now=lambda: NOW).add_homework("停車場所の候補を調べる", owner="田中")
    Store(tmp_path).save(session)
    return tmp_path, session.id, hw.id


def test_a_window_saving_between_the_trackers_read_and_write_keeps_its_edit(stored, monkeypatch):
    root, sid, hw_id = stored
    m, f = open_window(root, sid)
    m.add_idea("記録係が打った案")  # unsaved yet
    tracker = Store(root)
    read = tracker.load

    def load_then_the_window_saves(session_id: str):  # type: ignore[no-untyped-def]
        session = read(session_id)
        save(m, f)  # the window's autosave lands between the tracker's read and its write
        return session

    monkeypatch.setattr(tracker, "load", load_then_the_window_saves)
    written = set_status_in_store(tracker, sid, hw_id, "done", None, now=lambda: NOW)
    after = on_disk(root, sid)
    assert [i.text for i in after.ideas].count("記録係が打った案") == 1
    assert homework(after, hw_id).status == "done"
    assert "記録係が打った案" in [i.text for i in written.ideas] and homework(written, hw_id).status == "done"


def test_the_trackers_change_survives_the_windows_next_save(stored):
    root, sid, hw_id = stored
    m, f = open_window(root, sid)
    m.add_idea("記録係が打った案")  # unsaved while the tracker writes
    set_status_in_store(Store(root), sid, hw_id, "dropped", "町の事業になった", now=lambda: NOW)
    save(m, f)
    after = on_disk(root, sid)
    assert [i.text for i in after.ideas].count("記録係が打った案") == 1
    assert (homework(after, hw_id).status, homework(after, hw_id).reason) == ("dropped", "町の事業になった")
    assert homework(m.session, hw_id).status == "dropped"  # the window took the tracker's change in


def test_a_window_saving_while_a_sync_copy_is_merged_in_keeps_its_edit(tmp_path, monkeypatch):
    session = make_session()
    store = Store(tmp_path)
    store.save(session)
    copy = session_from_json(session_to_json(session).encode("utf-8"))
    Meeting(copy, clock=lambda: 0.0, now=lambda: NOW, running=False, writer="w-there").add_idea("別の PC の意見")
    (tmp_path / f"{session.id} (1).json").write_text(session_to_json(copy), encoding="utf-8")
    m, f = open_window(tmp_path, session.id)
    m.add_idea("この画面の案")
    real = merge_module.merge_without_base
    calls = []

    def merge_then_the_window_saves(*args, **kw):  # type: ignore[no-untyped-def]
        if not calls:
            save(m, f)  # lands after the merge read the file, before it is written
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(merge_module, "merge_without_base", merge_then_the_window_saves)
    store.scan()
    done = store.merge_copy(session.id, f"{session.id} (1).json")
    assert len(calls) == 2  # the file had changed before the replace: read and merged again
    texts = [i.text for i in on_disk(tmp_path, session.id).ideas]
    assert texts.count("この画面の案") == 1 and texts.count("別の PC の意見") == 1
    assert done.moved_to.exists() and not (tmp_path / f"{session.id} (1).json").exists()
