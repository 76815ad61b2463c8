"""A sync client's conflict copy (issue 16): the session stays listed and savable, the copy is
reported beside it, and it can be merged in (no common version: ``merge_without_base``), after
which the copy is moved to ``.kyogitai/merged-copies/`` — nothing is deleted."""

from __future__ import annotations

import copy as copying
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from facilitator.index import Index
from facilitator.meeting import Meeting
from facilitator.session_json import session_to_json
from facilitator.store import Store, StoreError
from factories import JST, make_session

SID = "2026-08-19-c0ffee"
NOW = datetime(2026, 8, 19, 14, 20, tzinfo=JST)
# How each sync client names its copy of <id>.json.
CLIENTS = {
    "OneDrive": f"{SID}-DESKTOP-1A2B.json",
    "Dropbox": f"{SID} (山田's conflicted copy 2026-08-19).json",
    "Google Drive": f"{SID} (1).json",
    "Syncthing": f"{SID}.sync-conflict-20260819-142000-ABCDEFG.json",
}


def edit(session, writer: str):  # type: ignore[no-untyped-def]
    return Meeting(session, clock=lambda: 0.0, now=lambda: NOW, running=False, writer=writer)


def two_versions(root: Path, copy_name: str):  # type: ignore[no-untyped-def]
    """The session on this PC and the copy a sync client made of the other PC's version."""
    store = Store(root)
    here = make_session(id=SID)
    store.save(here)
    there = copying.deepcopy(here)
    edit(here, "w-here").add_idea("この PC の意見")
    store.save(here)
    m = edit(there, "w-there")
    m.add_idea("別の PC の意見")
    m.add_idea("もう一つ")
    m.set_details(title="第3回 定例会（別PC）")
    (root / copy_name).write_text(session_to_json(there), encoding="utf-8")
    return store


@pytest.mark.parametrize("client", sorted(CLIENTS))
def test_the_session_stays_listed_and_savable_and_the_copy_is_reported(tmp_path: Path, client: str) -> None:
    name = CLIENTS[client]
    store = two_versions(tmp_path, name)
    scan = store.scan()
    assert [s.id for s, _ in scan.sessions] == [SID]
    (main,) = [e for e in scan.entries if e.copies]
    assert main.file == f"{SID}.json" and [p.name for p in main.copies] == [name]
    (copy,) = scan.problems
    assert copy.file == name and copy.status == "conflict" and copy.copy_of == main.path
    index = Index(store)
    index.refresh()
    assert [r["id"] for r in index.search("")] == [SID] and index.search("")[0]["copies"] == [name]
    # Savable: to <id>.json, the copy left as it is.
    kept = (tmp_path / name).read_bytes()
    session = store.load(SID)
    assert "この PC の意見" in [i.text for i in session.ideas]
    edit(session, "w-here").add_idea("保存できる")
    assert store.save(session) == tmp_path / f"{SID}.json"
    assert (tmp_path / name).read_bytes() == kept


def test_without_its_own_file_the_first_copy_by_name_is_the_session_and_saves_go_to_id_json(tmp_path: Path) -> None:
    two_versions(tmp_path, CLIENTS["Google Drive"])
    (tmp_path / f"{SID}.json").rename(tmp_path / CLIENTS["OneDrive"])
    names = sorted([CLIENTS["Google Drive"], CLIENTS["OneDrive"]])
    for _ in range(2):  # the same choice every time, on every machine
        fresh = Store(tmp_path)
        scan = fresh.scan()
        (main,) = [e for e in scan.entries if e.copies]
        assert main.file == names[0] and [p.name for p in main.copies] == names[1:]
        index = Index(fresh)
        index.refresh()
        assert index.search("")[0]["file"] == names[0]
    session = fresh.load(SID)
    assert fresh.save(session) == tmp_path / f"{SID}.json"  # now the session's own file
    scan = Store(tmp_path).scan()
    assert {e.file for e in scan.problems} == set(names)  # both are copies of it now


def test_merging_a_copy_keeps_both_sides_and_moves_the_copy_aside(tmp_path: Path) -> None:
    name = CLIENTS["Dropbox"]
    store = two_versions(tmp_path, name)
    copy_bytes = (tmp_path / name).read_bytes()
    done = store.merge_copy(SID, name)
    merged = store.load(SID)
    texts = [i.text for i in merged.ideas]
    assert {"この PC の意見", "別の PC の意見", "もう一つ"} <= set(texts)  # nothing typed is lost
    assert {c.path for c in merged.conflicts} == {"title"}  # the title both changed: the SC decides
    assert done.conflicts == 1 and done.copy == name
    assert not (tmp_path / name).exists()
    assert done.moved_to == store.aux_dir / "merged-copies" / name and done.moved_to.read_bytes() == copy_bytes
    assert store.scan().problems == []
    index = Index(store)
    index.refresh()
    assert "copies" not in index.search("")[0] and index.problems() == []
    # Merging the same copy again (it came back from another machine): kept under another name.
    (tmp_path / name).write_bytes(copy_bytes)
    again = store.merge_copy(SID, name)
    assert again.moved_to != done.moved_to and done.moved_to.exists() and again.moved_to.exists()
    assert sorted(i.text for i in store.load(SID).ideas) == sorted(texts)  # idempotent


def test_only_a_copy_of_that_session_can_be_merged_in(tmp_path: Path) -> None:
    store = two_versions(tmp_path, CLIENTS["Google Drive"])
    Store(tmp_path).save(make_session(id="2026-08-20-0ther0"))
    for wrong in (f"{SID}.json", "2026-08-20-0ther0.json", "../x.json", "missing.json"):
        with pytest.raises(StoreError):
            store.merge_copy(SID, wrong)
    assert (tmp_path / CLIENTS["Google Drive"]).exists()


def kyogitai(*args: str, store: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "facilitator", "--store", str(store), *args],
                          capture_output=True, env={**os.environ, "PYTHONIOENCODING": "ascii"}, timeout=60)


def test_list_and_check_report_the_copy_and_check_merges_it_on_request(tmp_path: Path) -> None:
    name = CLIENTS["OneDrive"]
    two_versions(tmp_path, name)
    listed = kyogitai("list", store=tmp_path)
    text = listed.stdout.decode("utf-8")
    assert listed.returncode == 0 and SID in text and "写し 1 件" in text and name in text
    listed = json.loads(kyogitai("list", "--json", store=tmp_path).stdout)
    assert [(r["id"], r["copies"]) for r in listed] == [(SID, [name])]
    checked = kyogitai("check", store=tmp_path)
    text = checked.stdout.decode("utf-8")
    assert checked.returncode == 0  # a readable copy is not damage: the session is whole
    assert f"△ 同期ソフトの写し: {name}" in text and "--merge-copies" in text
    assert (tmp_path / name).exists()  # check alone changes nothing
    merged = kyogitai("check", "--merge-copies", store=tmp_path)
    text = merged.stdout.decode("utf-8")
    assert merged.returncode == 0 and f"✓ {name} を {SID}.json に取り込みました" in text
    assert not (tmp_path / name).exists() and (tmp_path / ".kyogitai" / "merged-copies" / name).exists()
    assert "別の PC の意見" in [i.text for i in Store(tmp_path).load(SID).ideas]
    assert "写し" not in kyogitai("list", store=tmp_path).stdout.decode("utf-8")
    assert "copies" not in json.loads(kyogitai("list", "--json", store=tmp_path).stdout)[0]
