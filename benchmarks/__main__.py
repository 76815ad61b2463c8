"""``uv run python -m benchmarks``: build the store, measure, print the table (exit 1 if a floor
is missed). ``--quick`` runs everything at tiny sizes (a minute); ``--help`` for the rest."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import core, inprocess, presence, terminal, year_report
from benchmarks.data import make_store
from benchmarks.report import Result, table


def machine() -> dict[str, str]:
    import textual

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        load = "?"
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "textual": textual.__version__,
        "load average": load,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    p.add_argument("--sessions", type=int, default=1000,
                   help="archive sessions (default 1000; the documented runs: 1000 and 10000)")
    p.add_argument("--ideas", type=int, default=30, help="ideas in each archive session (30)")
    p.add_argument("--big-ideas", type=int, default=1000, help="ideas in the big session (1000)")
    p.add_argument("--big-cards", type=int, default=300, help="board cards added to the big session (300)")
    p.add_argument("--start-runs", type=int, default=25, help="tmux starts of each app (25: the ratios are medians of noisy runs)")
    p.add_argument("--presses", type=int, default=30, help="ideas added in-process (30)")
    p.add_argument("--tmux-presses", type=int, default=20, help="ideas added in tmux (20)")
    p.add_argument("--rss-runs", type=int, default=3, help="tmux runs of the home screen (3)")
    p.add_argument("--quick", action="store_true", help="tiny sizes and few runs: checks that it all runs")
    p.add_argument("--no-tmux", action="store_true", help="skip the real-terminal measurements")
    p.add_argument("--only", metavar="WORDS", help="run only the steps whose label holds one of these "
                   "comma-separated words (e.g. 'merge,windows'): on a busy machine")
    p.add_argument("--store", type=Path, help="build the store here and keep it (default: a temp folder)")
    p.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    args = p.parse_args(argv)
    if args.quick:
        args.sessions, args.ideas, args.big_ideas, args.big_cards = 40, 5, 100, 30
        args.start_runs, args.presses, args.tmux_presses, args.rss_runs = 2, 3, 3, 1
    sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    info = machine()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)

    if args.store is not None and args.store.exists() and any(args.store.iterdir()):
        p.error(f"--store {args.store} is not empty")
    temp = tempfile.mkdtemp(prefix="kyogitai-bench-")
    root = Path(temp) / "sessions" if args.store is None else args.store
    if not os.environ.get("KYOGITAI_DATA_DIR"):
        # The windows measured here keep drafts of what they type: in a folder of their own, not
        # the user's (the terminal benchmarks' windows inherit it).
        os.environ["KYOGITAI_DATA_DIR"] = str(Path(temp) / "userdata")
    if not os.environ.get("KYOGITAI_CACHE_DIR"):
        # The same for the index of the store measured: not among the user's own.
        os.environ["KYOGITAI_CACHE_DIR"] = str(Path(temp) / "cache")
    started = time.perf_counter()
    results: list[Result] = []

    only = [w.strip() for w in args.only.split(",")] if args.only else None

    def step(label: str, fn, *a, **k) -> None:  # type: ignore[no-untyped-def]
        if only is not None and label != "calibration" and not any(w in label for w in only):
            return
        t0 = time.perf_counter()
        print(f"… {label}", end="", flush=True)
        got = fn(*a, **k)
        results.extend(got)
        print(f" ({time.perf_counter() - t0:.0f} s)", flush=True)

    try:
        t0 = time.perf_counter()
        bench = make_store(root, sessions=args.sessions, ideas=args.ideas, big_ideas=args.big_ideas,
                           big_cards=args.big_cards)
        print(f"store: {bench.sessions} sessions ({args.sessions} × {args.ideas} ideas + one of "
              f"{args.big_ideas} ideas and {args.big_cards} more cards), {bench.bytes / 1e6:.1f} MB, "
              f"written in {time.perf_counter() - t0:.0f} s: {root}", flush=True)
        step("calibration", core.calibration, "before")
        step("index refresh and rebuild", core.index_refresh, bench)
        step("search", core.search, bench)
        if Path("/proc/self/status").exists():
            step("kyogitai list --search: memory", core.cli_list_memory, bench)
        step("presence", presence.presence, bench)
        step("autosave", core.autosave, bench)
        step("merge", core.merging, bench)
        step("export", core.exports, bench)
        step("year report", year_report.year_report, bench)
        step("themes view", year_report.themes, bench)
        # (the coroutines are made only for a step that runs: --only leaves the others unmade)
        step("in-process: new idea and its autosave", lambda: inprocess.run(inprocess.new_idea(bench, args.presses)))
        step("in-process: home search", lambda: inprocess.run(inprocess.home_search(bench)))
        if args.no_tmux or not terminal.available():
            print("tmux: skipped" + ("" if args.no_tmux else " (not installed)"))
        else:
            step("tmux: start against a bare Textual app", terminal.start, bench, args.start_runs)
            step("tmux: new idea", terminal.new_idea, bench, args.tmux_presses)
            step("tmux: an idea from one window on another's", terminal.idea_across_windows, bench,
                 args.tmux_presses)
            step("tmux: home search and peak memory", terminal.home_use, bench, args.rss_runs)
        step("calibration", core.calibration, "after")
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    info["load average after"] = machine()["load average"]
    print()
    print(table(results))
    missed = [r for r in results if r.ok is False]
    print()
    print(f"{len(results)} figures in {time.perf_counter() - started:.0f} s; load average before {info['load average']}, "
          f"after {info['load average after']}")
    print("every floor met" if not missed else f"floors missed: {len(missed)} — " + "; ".join(r.name for r in missed))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": [r.to_dict() for r in results]},
                                        ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
