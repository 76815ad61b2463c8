"""facilitator.prefetch: the index read by a forked child while the app starts.

Each case runs in a fresh interpreter: ``IndexPrefetch.start`` refuses to fork a process with
other threads (pytest's process may have some), and the child must be the real thing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from repo_paths import ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork: POSIX only")

SETUP = """
import json, os, sys, threading, time
from datetime import date
from pathlib import Path
from facilitator.demo import write_demo
from facilitator.index import Index, remove_index
from facilitator.prefetch import IndexPrefetch
from facilitator.store import Store

store = Store(Path(sys.argv[1]))
if not store.root.exists():
    write_demo(store, today=date(2026, 11, 22), seed=7)
"""


def run(tmp_path: Path, body: str) -> dict:
    script = textwrap.dedent(SETUP) + textwrap.dedent(body)
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "sessions")], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_child_hands_over_the_index_and_a_file_changed_since_is_read_again(tmp_path: Path) -> None:
    result = run(tmp_path, """
        Index(store).refresh()  # as on every start after the first: an up-to-date index file
        prefetch = IndexPrefetch.start(store)
        messages = list(prefetch.messages())
        state = prefetch.take()
        newest = store.root / sorted(p.name for p in store.root.glob("*.json"))[-1]
        data = json.loads(newest.read_text(encoding="utf-8"))
        data["review"] = "子プロセスの後で書いたふりかえり"
        newest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

        index = Index(store)
        adopted = index.adopt(state)
        stats = index.refresh()
        plain = Index(store)
        print(json.dumps({
            "adopted": adopted, "status": prefetch._status,
            "head": messages[0]["head"]["total"] if len(messages) == 1 and "progress" not in messages[0] else None,
            "head_first": messages[0]["head"]["groups"][0][2][0]["id"],
            "newest_first": Index(store).search("")[0]["id"],
            "changed": stats.changed, "unchanged": stats.unchanged,
            "same_rows": index.search("") == plain.search(""),
            "found": [r["file"] for r in index.search("子プロセスの後で")], "newest": newest.name,
            "same_search": [r["id"] for r in index.search("サロン")] == [r["id"] for r in plain.search("サロン")],
        }))
    """)
    assert result["adopted"] and result["status"] == 0
    assert result["head"] == result["unchanged"] + 1 and result["head_first"] == result["newest_first"]
    assert result["changed"] == 1 and result["unchanged"] >= 5
    assert result["same_rows"] and result["same_search"]
    assert result["found"] == [result["newest"]]


def test_a_first_start_builds_the_index_in_the_child(tmp_path: Path) -> None:
    result = run(tmp_path, """
        remove_index(store.root)
        prefetch = IndexPrefetch.start(store)  # no index.json: the child reads every file
        state = prefetch.take()
        index = Index(store)
        index.adopt(state)
        stats = index.refresh()
        print(json.dumps({"written": Index(store).path.is_file(), "dirty": stats.dirty,
                          "rows": len(index.search("")), "files": len(list(store.root.glob("*.json")))}))
    """)
    assert result["written"] and not result["dirty"] and result["rows"] == result["files"] > 0


def test_a_first_build_sends_the_newest_sessions_first_and_its_progress(tmp_path: Path) -> None:
    result = run(tmp_path, """
        import facilitator.index.store_index as built
        built.PROGRESS_FROM, built.FIRST_BATCH_SECONDS, built.BATCH_SECONDS = 1, 0, 0  # every file
        remove_index(store.root)
        prefetch = IndexPrefetch.start(store)
        messages = list(prefetch.messages())
        index = Index(store)
        index.adopt(prefetch.take())
        names = sorted(p.name for p in store.root.glob("*.json"))
        head = messages[0]["head"]
        print(json.dumps({"first": [r["file"] for _, _, shown in head["groups"] for r in shown],
                          "total": head["total"], "progress": [m["progress"] for m in messages],
                          "heads": sum("head" in m for m in messages), "names": names,
                          "rows": len(index.search("")), "dirty": index.refresh().dirty}))
    """)
    names = result["names"]
    assert result["heads"] == 1 and result["first"] == [names[-1]] and result["total"] == 1  # the newest file
    assert result["progress"] == [[n, len(names)] for n in range(1, len(names))]
    assert result["rows"] == len(names) and not result["dirty"]


def test_a_failed_child_gives_nothing_and_the_app_reads_the_index_itself(tmp_path: Path) -> None:
    result = run(tmp_path, """
        def broken(self, *a, **k):
            raise OSError("disk gone")
        real_refresh = Index.refresh
        Index.refresh = broken  # the child inherits it
        prefetch = IndexPrefetch.start(store)
        state = prefetch.take()
        Index.refresh = real_refresh
        index = Index(store)
        print(json.dumps({"state": state, "status": prefetch._status, "adopt_none": index.adopt(state),
                          "rows": len(index.search(""))}))
    """)
    assert result["state"] is None and result["status"] == 1 and result["adopt_none"] is False
    assert result["rows"] > 0


def test_no_fork_while_other_threads_run(tmp_path: Path) -> None:
    result = run(tmp_path, """
        stop = threading.Event()
        worker = threading.Thread(target=stop.wait)
        worker.start()
        refused = IndexPrefetch.start(store) is None
        stop.set()
        worker.join()
        print(json.dumps({"refused": refused}))
    """)
    assert result["refused"]


def test_closing_stops_a_child_still_at_work(tmp_path: Path) -> None:
    result = run(tmp_path, """
        def slow(self, *a, **k):
            time.sleep(600)  # far longer than the run's timeout: a close that waited would fail
        Index.refresh = slow
        prefetch = IndexPrefetch.start(store)
        started = time.monotonic()
        prefetch.close()
        took = time.monotonic() - started
        try:
            os.waitpid(prefetch.pid, os.WNOHANG)
            reaped = False
        except ChildProcessError:
            reaped = True
        print(json.dumps({"took": took, "reaped": reaped, "take": prefetch.take()}))
    """)
    # Not a speed limit: a close that waited for the child would take its 600 s.
    assert result["took"] < 60 and result["reaped"] and result["take"] is None


def test_the_kept_head_is_the_first_message_and_can_be_taken_without_waiting(tmp_path: Path) -> None:
    result = run(tmp_path, """
        Index(store).refresh()  # an up-to-date index file keeps the list's first lines
        prefetch = IndexPrefetch.start(store)
        prefetch.go()  # (the app's first frame is out: the child reads the rest)
        prefetch._wait()  # the child is done: its messages are all in the pipe
        first = prefetch.first_message()
        rest = list(prefetch.messages())
        index = Index(store)
        print(json.dumps({"first": first["head"]["total"], "same": first["head"] == index.stored_head(),
                          "rest": rest, "again": prefetch.first_message(), "adopted": index.adopt(prefetch.take()),
                          "files": len(list(store.root.glob("*.json")))}))
    """)
    assert result["first"] == result["files"] and result["same"] and result["rest"] == []
    assert result["again"] is None and result["adopted"]
