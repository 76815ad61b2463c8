"""Nothing left behind (issue 20): the temp files of writes killed in the middle — a whole export,
the index, with names in them — are removed by the next write of the same file and, wherever the
app writes for a store, when the app starts. A write in progress (a fresh temp file) is never
touched."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from facilitator.index import Index, index_path
from facilitator.leftovers import sweep_leftovers
from facilitator.store import Store
from facilitator.store.atomic import STALE_TEMP_SECONDS, remove_stale_temp_files
from repo_paths import FIXTURES, ROOT

SID = "2026-06-17-hand01"
OLD = time.time() - STALE_TEMP_SECONDS - 60


def a_store(tmp_path: Path) -> Path:
    root = tmp_path / "sessions"
    root.mkdir()
    shutil.copy(FIXTURES / "hand_written.json", root / f"{SID}.json")
    return root


def leftover(folder: Path, name: str, age: float | None = OLD) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(b"<p>\xe5\xb1\xb1\xe7\x94\xb0 \xe8\x8a\xb1\xe5\xad\x90</p>" * 1000)  # 山田 花子
    if age is not None:
        os.utime(path, (age, age))
    return path


def kyogitai(*args: str, code: str = "") -> subprocess.CompletedProcess[bytes]:
    script = f"import sys\n{code}\nfrom facilitator.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, cwd=ROOT,
                          timeout=120, env=dict(os.environ))


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_killed_export_leaves_a_temp_file_that_the_next_export_removes(tmp_path: Path) -> None:
    root = a_store(tmp_path)
    target = tmp_path / "minutes.html"
    # The export killed between writing its temp file and renaming it over the target.
    killed = kyogitai("--store", str(root), "export", SID, "--format", "html", "-o", str(target),
                      code="import os, signal\nos.replace = lambda a, b: os.kill(os.getpid(), signal.SIGKILL)")
    assert killed.returncode == -signal.SIGKILL
    temps = list(tmp_path.glob(".minutes.html.*.tmp"))
    assert len(temps) == 1 and temps[0].stat().st_size > 1000 and not target.exists()
    os.utime(temps[0], (OLD, OLD))  # ten minutes later
    fresh = leftover(tmp_path, ".minutes.html.0123abcd.tmp", age=None)  # another export at work
    other = leftover(tmp_path, ".other.html.89abcdef.tmp")  # not this file's
    done = kyogitai("--store", str(root), "export", SID, "--format", "html", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert target.is_file() and not temps[0].exists()
    assert fresh.exists() and other.exists()


def test_the_start_sweeps_every_place_the_app_writes_for_the_store(tmp_path: Path) -> None:
    root = a_store(tmp_path)
    store = Store(root)
    stale = [
        leftover(root, f".{SID}.json.0000aaaa.tmp"),  # a killed save
        leftover(root / ".kyogitai", ".index.json.1111bbbb.tmp"),  # round 1's index, in the store
        leftover(root / ".kyogitai" / "backups", f".{SID}.v0.20260101T000000.json.2222cccc.tmp"),
        leftover(root / ".kyogitai" / "presence", f".{SID}.w-aaaa.json.3333dddd.tmp"),
        leftover(tmp_path / "exports", ".2026-06-17_C町_定例会.html.4444eeee.tmp"),
        leftover(index_path(root).parent, f".{index_path(root).name}.5555ffff.tmp"),
        # the JSON index this machine kept before it moved to SQLite: a killed rebuild's temp file
        leftover(index_path(root).parent, f".{index_path(root).stem}.json.7777aaaa.tmp"),
    ]
    kept = [
        leftover(root, f".{SID}.json.6666aaaa.tmp", age=None),  # a save at work
        leftover(tmp_path / "exports", "notes.tmp"),  # not ours
        leftover(tmp_path / "exports", "議事録.html"),
    ]
    assert sweep_leftovers(store) == len(stale)
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept)
    assert (root / f"{SID}.json").is_file()


def test_sweeping_never_creates_or_raises(tmp_path: Path) -> None:
    assert sweep_leftovers(Store(tmp_path / "gone")) == 0
    assert not (tmp_path / "gone").exists()
    assert remove_stale_temp_files(tmp_path / "nowhere") == 0


async def test_the_app_sweeps_at_start(tmp_path: Path) -> None:
    from facilitator.store import StoreLocation
    from screens.app import KyogitaiApp

    root = a_store(tmp_path)
    stale = leftover(tmp_path / "exports", ".minutes.html.7777aaaa.tmp")
    app = KyogitaiApp(StoreLocation(root, "テスト"))
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(50):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if not stale.exists():
                break
        assert not stale.exists()
