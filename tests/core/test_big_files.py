"""A file far too large to be a session (issue 20: a 498 MB JSON made `list` die with MemoryError
at 7.6 GB and the home screen print a traceback): refused unread, the rest of the store goes on
in bounded memory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.index import Index
from facilitator.model import SessionFormatError
from facilitator.store import Store
from facilitator.store.reading import MAX_SESSION_BYTES, read_bytes
from repo_paths import FIXTURES, ROOT

HAND_WRITTEN_ID = "2026-06-17-hand01"


def store_with_a_huge_file(root: Path, size: int = 300 * 1024 * 1024) -> Path:
    """A readable session and a sparse file of ``size`` bytes (it costs no disk) named like one."""
    root.mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "hand_written.json", root / f"{HAND_WRITTEN_ID}.json")
    huge = root / "2026-01-01-huge01.json"
    with open(huge, "wb") as f:
        f.truncate(size)
    return huge


def run_measured(*args: str, store: Path) -> tuple[subprocess.CompletedProcess[bytes], int]:
    """``kyogitai --store STORE ARGS`` in a child of a fresh process, which reports the child's peak
    resident memory (``RUSAGE_CHILDREN``: only that one child was ever waited for) in bytes."""
    measure = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "sys.stdout.buffer.write(r.stdout); sys.stderr.buffer.write(r.stderr)\n"
        "print('\\nMAXRSS', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(r.returncode)\n"
    )
    cmd = [sys.executable, "-c", measure, sys.executable, "-m", "facilitator", "--store", str(store), *args]
    r = subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=120, env=dict(os.environ))
    head, _, rss = r.stdout.rpartition(b"\nMAXRSS ")
    kib = int(rss.strip())
    factor = 1 if sys.platform == "darwin" else 1024  # macOS reports bytes, Linux KiB
    return subprocess.CompletedProcess(r.args, r.returncode, head, r.stderr), kib * factor


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="resource is POSIX")
def test_list_with_a_300_mb_file_lists_the_rest_in_bounded_memory(tmp_path: Path) -> None:
    store_with_a_huge_file(tmp_path / "store")
    r, peak = run_measured("list", store=tmp_path / "store")
    assert r.returncode == 0, r.stderr
    out, err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")
    assert "Traceback" not in err
    assert "2026-06-17" in out  # the readable session is listed
    assert "2026-01-01-huge01.json" in out + err and "大きすぎる" in out + err
    assert peak < 400 * 1024 * 1024, f"list used {peak / 1048576:.0f} MB"


def test_check_names_the_file_as_too_large_and_exits_1(tmp_path: Path) -> None:
    store_with_a_huge_file(tmp_path)
    r = subprocess.run([sys.executable, "-m", "facilitator", "--store", str(tmp_path), "check"],
                       capture_output=True, cwd=ROOT, timeout=120)
    assert r.returncode == 1
    out = r.stdout.decode("utf-8")
    assert "2026-01-01-huge01.json" in out and "大きすぎる" in out and "50 MB" in out
    assert "Traceback" not in r.stderr.decode("utf-8")


def test_the_size_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = store_with_a_huge_file(tmp_path, MAX_SESSION_BYTES + 1)
    reads: list[int] = []

    class Spy:
        def __init__(self, f):  # type: ignore[no-untyped-def]
            self.f = f

        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def __exit__(self, *exc):  # type: ignore[no-untyped-def]
            self.f.close()

        def fileno(self) -> int:
            return self.f.fileno()

        def read(self, n: int = -1) -> bytes:
            reads.append(n)
            return self.f.read(n)

    real_open = open
    monkeypatch.setattr("builtins.open", lambda p, mode="r", *a, **k: Spy(real_open(p, mode, *a, **k))
                        if str(p) == str(huge) else real_open(p, mode, *a, **k))
    with pytest.raises(SessionFormatError, match="大きすぎる"):
        read_bytes(huge)
    assert reads == []
    assert len(read_bytes(tmp_path / f"{HAND_WRITTEN_ID}.json")) > 0  # a small file still reads


def test_search_scan_and_load_carry_on_with_the_others(tmp_path: Path) -> None:
    store_with_a_huge_file(tmp_path)
    store = Store(tmp_path)
    index = Index(store)
    assert [r["id"] for r in index.search("")] == [HAND_WRITTEN_ID]
    assert [p["file"] for p in index.problems()] == ["2026-01-01-huge01.json"]
    assert "大きすぎる" in index.problems()[0]["error"]
    scan = store.scan()
    assert [s.id for s, _ in scan.sessions] == [HAND_WRITTEN_ID]
    with pytest.raises(SessionFormatError, match="2026-01-01-huge01.json: .*大きすぎる"):
        store.load_path(tmp_path / "2026-01-01-huge01.json")


def test_a_huge_presence_file_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A presence file is a few hundred bytes; one of 300 MB in .kyogitai/presence/ is skipped
    after reading at most 64 KiB of it (every window looks there every few seconds)."""
    from facilitator.presence import Presence, PresenceInfo

    parsed: list[int] = []
    real = PresenceInfo.from_json.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(PresenceInfo, "from_json",
                        classmethod(lambda cls, raw: (parsed.append(len(raw)), real(cls, raw))[1]))

    presence = Presence(tmp_path / ".kyogitai")
    presence.join(HAND_WRITTEN_ID, "recap").beat()
    mine = presence.everyone(HAND_WRITTEN_ID)
    assert len(mine) == 1
    huge = presence.dir / f"{HAND_WRITTEN_ID}.w-huge.json"
    with open(huge, "wb") as f:
        f.write(b'{"session": "' + HAND_WRITTEN_ID.encode() + b'", "pad": "')
        f.truncate(300 * 1024 * 1024)
    parsed.clear()
    assert [i.token for i in presence.everyone(HAND_WRITTEN_ID)] == [mine[0].token]
    assert parsed and max(parsed) < 64 * 1024
