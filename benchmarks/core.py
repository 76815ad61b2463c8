"""The core without a UI: autosave's two halves, search, index refresh and rebuild, export."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from facilitator.board import BoardRules
from facilitator.export import export
from facilitator.index import Index
from facilitator.meeting import Meeting
from facilitator.merge import merge
from facilitator.model import Session
from facilitator.session_json import session_to_json
from facilitator.session_load import session_from_json
from facilitator.store import Store, atomic_write

from benchmarks.data import BenchStore
from benchmarks.report import Result, median

# Words an SC would look for; mixed hits (one word, two words, a town, nothing), and the short
# words Japanese searches often are (two characters: 移動, 見守; one, as the first key typed).
QUERIES = ("サロン", "移動 販売", "見守り", "ひなた05町 サロン", "スマホ 教室", "ゴミ出し 近所", "該当なし",
           "見守", "移", "の")


def timings(fn: Callable[[], object], runs: int, warmup: int = 1) -> list[float]:
    """``fn`` run ``warmup + runs`` times; the last ``runs`` durations in ms."""
    out = []
    for i in range(warmup + runs):
        t0 = time.perf_counter()
        fn()
        dt = (time.perf_counter() - t0) * 1000
        if i >= warmup:
            out.append(dt)
    return out


def calibration(label: str, runs: int = 15) -> list[Result]:
    """A fixed pure-Python workload: how busy the (shared) machine is. Every other figure grows
    with it; compare it between runs before comparing anything else."""
    xs = timings(lambda: sum(i * i for i in range(200_000)), runs)
    return [Result(f"calibration: fixed pure-Python loop, {label}", median(xs), "ms", None, xs,
                   "machine contention: the same work in every run")]


def autosave(bench: BenchStore, runs: int = 50) -> list[Result]:
    """What Autosaver does for the big session: serialise on the UI thread, then the atomic write
    (temp file, fsync, replace) that its thread worker makes."""
    store = Store(bench.root)
    session = store.load(bench.big_id)
    data = session_to_json(session).encode("utf-8")
    serialise = timings(lambda: session_to_json(session).encode("utf-8"), runs)
    write = timings(lambda: store.write_session(session.id, data), runs)
    total = timings(lambda: store.write_session(session.id, session_to_json(session).encode("utf-8")), runs)
    n = f"{len(session.ideas)} ideas, {len(session.board.items)} cards, {len(data) // 1024} KiB"
    return [
        Result("autosave of the big session: serialise + atomic write (direct)", median(total), "ms", 10.0,
               total, n),
        Result("  of which serialise (UI thread)", median(serialise), "ms", None, serialise),
        Result("  of which atomic write with fsync (worker thread)", median(write), "ms", None, write),
    ]


def search(bench: BenchStore, runs: int = 20) -> list[Result]:
    """Index.search per query over the whole store (in memory after the first refresh)."""
    index = Index(Store(bench.root))
    index.refresh()
    per_query = {q: median(timings(lambda q=q: index.search(q), runs)) for q in QUERIES}
    worst = max(per_query, key=lambda q: per_query[q])
    hits = {q: len(index.search(q)) for q in QUERIES}
    note = "; ".join(f"「{q}」 {per_query[q]:.1f} ms/{hits[q]}件" for q in QUERIES)
    return [Result(f"search, slowest query of {len(QUERIES)} (medians per query)", per_query[worst], "ms", 30.0,
                   list(per_query.values()), note)]


# Runs the command line in this interpreter and writes its peak RSS to stderr at exit. VmHWM is
# the process's own since its exec; getrusage() of a child would report this big benchmark
# process's size at the fork instead (kept across exec).
_PEAK_AT_EXIT = (
    "import atexit, runpy, sys\n"
    "from pathlib import Path\n"
    "def peak():\n"
    "    for line in Path('/proc/self/status').read_text().splitlines():\n"
    "        if line.startswith('VmHWM:'):\n"
    "            sys.stderr.write('PEAK ' + line.split()[1] + '\\n')\n"
    "atexit.register(peak)\n"
    "sys.argv = ['kyogitai'] + sys.argv[1:]\n"
    "runpy.run_module('facilitator', run_name='__main__')\n"
)


def cli_list_memory(bench: BenchStore, queries: tuple[str, ...] = ("サロン", "見守")) -> list[Result]:
    """``kyogitai list --search`` over the whole store (index up to date): its peak RSS (Linux
    ``VmHWM``) and how long it took, for each query."""
    Index(Store(bench.root)).refresh()
    peaks, took = [], []
    for q in queries:
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _PEAK_AT_EXIT, "--store", str(bench.root), "list",
                               "--search", q], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              check=True)
        took.append((time.perf_counter() - t0) * 1000)
        peak = [line for line in done.stderr.splitlines() if line.startswith("PEAK ")]
        peaks.append(int(peak[-1].split()[1]) / 1024 if peak else float("nan"))
    return [Result("peak RSS of kyogitai list --search over the whole store", max(peaks), "MB", 120.0, peaks,
                   f"{', '.join(queries)}: {', '.join(f'{t:.0f}' for t in took)} ms each (start included; "
                   "Linux VmHWM)")]


def _touch(path: Path, n: int) -> None:
    """Change one session file the way a save does (new bytes, atomically replaced)."""
    raw = path.read_bytes()
    marker = b'"review": "'
    at = raw.index(marker) + len(marker)
    atomic_write(path, raw[:at] + f"更新{n} ".encode() + raw[at:])


def index_refresh(bench: BenchStore, runs: int = 20, rebuild_runs: int = 3) -> list[Result]:
    store = Store(bench.root)
    index = Index(store)
    index.refresh()  # build or bring up to date
    files = store.files()
    target = files[len(files) // 2]
    original = target.read_bytes()
    one, full, reopen, nothing = [], [], [], []
    try:
        for n in range(2 * runs + 2):
            _touch(target, n)
            quick = n % 2 == 0  # as the home screen when it comes back: the listing, then every stat
            t0 = time.perf_counter()
            stats = index.refresh(quick=quick)
            dt = (time.perf_counter() - t0) * 1000
            assert stats.changed == 1, stats
            if n > 1:
                (one if quick else full).append(dt)
        nothing = timings(index.refresh, runs)
        for n in range(max(3, runs // 4)):
            _touch(target, 100 + n)
            t0 = time.perf_counter()
            Index(store).refresh()  # as at start: read index.json, stat every file, re-read one
            reopen.append((time.perf_counter() - t0) * 1000)
    finally:
        atomic_write(target, original)
    rebuild = timings(lambda: Index(store).rebuild(), rebuild_runs, warmup=0)
    Index(store).refresh()
    size = index.path.stat().st_size // 1024
    return [
        Result("index refresh, one changed file (a save: new inode; listing only)", median(one), "ms", 50.0, one,
               f"{len(files)} files; one row and its text replaced in the index file"),
        Result("index refresh, one changed file, every file stat-ed", median(full), "ms", None, full,
               "what also finds a file rewritten in place by another program"),
        Result("index refresh, nothing changed (every file stat-ed)", median(nothing), "ms", None, nothing),
        Result("index refresh, one changed file, from the index file (as at start)", median(reopen), "ms", None,
               reopen),
        Result("index full rebuild", median(rebuild), "ms", None, rebuild,
               f"every file parsed; index file {size / 1024:.1f} MB (SQLite, FTS5)"),
    ]


def exports(bench: BenchStore, runs: int = 10) -> list[Result]:
    store = Store(bench.root)
    session = store.load(bench.big_id)
    previous = None
    if session.previous_session:
        try:
            previous = store.load(session.previous_session)
        except ValueError:
            previous = None
    out = []
    # The Excel workbook writes five sheets through XlsxWriter: a floor of its own.
    for fmt, floor in (("md", 200.0), ("html", 200.0), ("csv", 200.0), ("xlsx", 1000.0)):
        xs = timings(lambda fmt=fmt: export(session, fmt, previous=previous), runs)
        size = len(export(session, fmt, previous=previous)) // 1024
        out.append(Result(f"export {fmt} of the big session", median(xs), "ms", floor, xs, f"{size} KiB"))
    return out


def _ten_changes(base: Session, writer: str, offset: int) -> Session:
    """A copy of ``base`` after 10 changes through the rules, as one window makes them."""
    s = copy.deepcopy(base)
    now = datetime(2026, 11, 22, 10, 0, tzinfo=timezone(timedelta(hours=9)))
    m = Meeting(s, running=False, now=lambda: now, writer=writer)
    ideas = [i for i in s.ideas if i.status != "handed"]

    def idea(n: int) -> str:
        return ideas[n % len(ideas)].id

    for n in range(3):
        m.add_idea(f"{writer} の意見 {n}")
    for n in range(3):
        m.edit_idea(idea(offset + n * 97), text=f"{writer} が書き直した意見 {n}")
    m.add_interest(idea(10))  # the same idea on both sides: counted twice
    m.delete_idea(idea(offset + len(ideas) // 2))
    BoardRules(m).add(f"{writer} のカード", "have")
    m.set_step_notes(m.current.id, m.current.notes + f"\n{writer} のメモ")
    return s


def merging(bench: BenchStore, runs: int = 30) -> list[Result]:
    """A save that finds the file changed: the big session edited in two windows (10 changes
    each), merged three-way; and the whole save around it (the file on disk parsed, the merge
    serialised)."""
    store = Store(bench.root)
    base = store.load(bench.big_id)
    mine, theirs = _ten_changes(base, "w-a", 1), _ten_changes(base, "w-b", 2)
    disk = session_to_json(theirs)
    merged = timings(lambda: merge(base, mine, theirs, now="2026-11-22T10:01:00+09:00"), runs)
    whole = timings(lambda: session_to_json(merge(base, mine, session_from_json(disk)).session), runs)
    n = f"{len(base.ideas)} ideas, {len(base.board.items)} cards; 10 changes on each side"
    return [
        Result("merge of the big session (three-way, in memory)", median(merged), "ms", 20.0, merged, n),
        Result("  a save that merges: parse the file on disk + merge + serialise", median(whole), "ms", None,
               whole),
        *saving_with_merge(bench, base, mine, theirs, runs),
        taking_in(base, mine, theirs, runs),
    ]


def taking_in(base: Session, mine: Session, theirs: Session, runs: int) -> Result:
    """The live refresh's part on the UI thread when another writer saved (screens/saver.py
    ``_take_in``): the file and the base were parsed by a worker; here the meeting's session is
    merged with them and the meeting adopts the merge in place. A fresh meeting each run."""
    xs = []
    for _ in range(runs):
        m = Meeting(copy.deepcopy(mine), running=False)
        t0 = time.perf_counter()
        m.adopt(merge(base, m.session, theirs).session)
        xs.append((time.perf_counter() - t0) * 1000)
    return Result("  live refresh on the UI thread: merge into the meeting + adopt", median(xs), "ms", None, xs,
                  "the file and the base parsed off the UI thread")


def saving_with_merge(bench: BenchStore, base: Session, mine: Session, theirs: Session, runs: int) -> list[Result]:
    """The autosaver's whole save when another writer saved meanwhile (facilitator.sharing
    ``SessionFile.save``): the file read and hashed, parsed, the base and the snapshot parsed,
    merged, serialised, written atomically (guard, check before the replace, fsync), read back
    and verified. A copy of the big session in a store of its own; before each run the other
    writer's version is put on disk and the window's base set back (not timed). Cold: the base
    not parsed yet (the last save wrote this window's own snapshot); warm: parsed already (the
    last save merged, or the live refresh looked at it)."""
    import shutil
    import tempfile

    from facilitator.sharing import SessionFile, Version

    folder = Path(tempfile.mkdtemp(prefix="kyogitai-bench-merge-"))
    try:
        store = Store(folder)
        store.save(base)
        path = store.file_of(base.id)
        base_bytes, mine_bytes, theirs_bytes = (session_to_json(s).encode("utf-8") for s in (base, mine, theirs))
        f = SessionFile(store, base.id)
        parsed_base = Version(base_bytes)
        parsed_base.session  # (read-only: the same version is the base of every warm run)
        cold, warm = [], []
        for n in range(2 * runs):
            path.write_bytes(theirs_bytes)
            f.base = parsed_base if n % 2 else Version(base_bytes)
            t0 = time.perf_counter()
            f.save(mine_bytes)
            (warm if n % 2 else cold).append((time.perf_counter() - t0) * 1000)
        f.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    what = f"{len(base.ideas)} ideas; read, hash, parse, merge, serialise, write, verify"
    return [
        Result("a save that merges, 1,000-idea session (SessionFile.save)", median(cold), "ms", 20.0, cold,
               f"{what}; the base parsed, the disk and the snapshot like it"),
        Result("  the same, the base parsed already", median(warm), "ms", None, warm,
               "the disk and the snapshot parsed like the base"),
    ]
