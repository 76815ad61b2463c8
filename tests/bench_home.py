"""Benchmark (not a test): the home screen with 1,000 sessions.

    uv run python tests/bench_home.py [--sessions 1000] [--tmux]

1. Keystroke → table updated, in ``run_test`` (search as you type, Japanese): the time for the key
   to be handled (index search + grouping + table rows), and until the next frame is painted.
2. With ``--tmux``: start time to first frame and to a usable table in a real terminal (tmux,
   120×36), against a bare Textual app measured in the same run (cold and warm index).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from facilitator.demo import build_demo  # noqa: E402
from facilitator.store import Store, StoreLocation  # noqa: E402

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=timezone(timedelta(hours=9)))


def make_store(root: Path, n: int) -> Store:
    """n sessions: the demo year again and again, for 20 towns (40 bodies)."""
    store = Store(root)
    k = 0
    while k * 8 < n:
        for s in build_demo(TODAY, seed=k):
            if k * 8 >= n:
                break
            s.body.name = f"町{k % 20:02d} {s.body.name}"
            s.id = f"{s.id}-{k:04d}"
            s.title = f"{s.title}（{k}）"
            store.save(s)
        k += 1
    return store


async def keystrokes(store: Store, words: list[str]) -> None:
    from screens.app import KyogitaiApp
    from screens.home import HomeScreen
    from screens.widgets.table_view import TableView

    app = KyogitaiApp(StoreLocation(store.root, "bench"), clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(50):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if isinstance(app.screen, HomeScreen) and app.screen.loaded:
                break
        home = app.screen
        table = home.query_one(TableView)
        # Timestamps from inside the app: when the table got its new rows, when a frame was painted.
        marks: dict[str, float] = {}
        original_set_rows = table.set_rows
        original_refresh = home._compositor_refresh

        def set_rows(*a, **k):  # type: ignore[no-untyped-def]
            original_set_rows(*a, **k)
            marks.setdefault("rows", time.perf_counter())

        def compositor_refresh(*a, **k):  # type: ignore[no-untyped-def]
            result = original_refresh(*a, **k)
            if "rows" in marks:
                marks.setdefault("paint", time.perf_counter())
            return result

        table.set_rows = set_rows  # type: ignore[method-assign]
        home._compositor_refresh = compositor_refresh  # type: ignore[method-assign]
        handled, painted, pilot_ms, shown = [], [], [], []
        for word in words:
            for ch in word:
                marks.clear()
                t0 = time.perf_counter()
                await pilot.press(ch)
                for _ in range(100):
                    if "paint" in marks:
                        break
                    await asyncio.sleep(0.001)
                t1 = time.perf_counter()
                handled.append((marks["rows"] - t0) * 1000)
                painted.append((marks["paint"] - t0) * 1000)
                pilot_ms.append((t1 - t0) * 1000)
                shown.append(len([r for r in table.rows if r.key]))
            for _ in word:
                await pilot.press("backspace")
        # The biggest update: back to all rows.
        home.query_one("#home-search").value = "該当なし"
        await pilot.pause()
        marks.clear()
        t0 = time.perf_counter()
        home.query_one("#home-search").value = ""
        for _ in range(1000):
            if "paint" in marks:
                break
            await asyncio.sleep(0.001)
        full = (marks["paint"] - t0) * 1000
        t0 = time.perf_counter()
        for _ in range(20):
            home.show()
        show_all = (time.perf_counter() - t0) * 1000 / 20

    def fmt(xs: list[float]) -> str:
        return f"median {statistics.median(xs):.1f} ms, max {max(xs):.1f} ms"

    print(f"keystrokes: {len(handled)}; rows shown per keystroke {min(shown)}–{max(shown)}")
    print("  painted per key (ms): " + " ".join(f"{x:.0f}" for x in painted))
    print(f"  key sent → table has its new rows: {fmt(handled)}")
    print(f"  key sent → next frame painted:     {fmt(painted)}")
    print(f"  (pilot.press round trip incl. its idle waits: {fmt(pilot_ms)})")
    print(f"  clearing the search (all rows) → painted: {full:.1f} ms")
    print(f"  show() with every session: {show_all:.1f} ms")


def tmux_start(store_path: Path, runs: int) -> None:
    if shutil.which("tmux") is None:
        print("tmux not installed: start times skipped")
        return
    sock = "kyogitai-bench"
    bare = Path(tempfile.mkdtemp()) / "bare.py"
    bare.write_text(
        "from textual.app import App\nfrom textual.widgets import Static\n"
        "class A(App):\n    def compose(self):\n        yield Static('BARE-READY')\nA().run()\n",
        encoding="utf-8",
    )

    def timed(cmd: list[str], first: str, usable: str | None) -> tuple[float, float | None]:
        name = f"b{time.monotonic_ns() % 10**8}"
        quoted = " ".join(f"'{c}'" for c in cmd)
        t0 = time.perf_counter()
        subprocess.run(["tmux", "-L", sock, "new-session", "-d", "-s", name, "-x", "120", "-y", "36",
                        f"{quoted}; sleep 5"], check=True)
        t_first = t_usable = None
        deadline = t0 + 30
        while time.perf_counter() < deadline:
            screen = subprocess.run(["tmux", "-L", sock, "capture-pane", "-p", "-t", name],
                                    capture_output=True, text=True).stdout
            now = time.perf_counter()
            if t_first is None and first in screen:
                t_first = now - t0
            if usable is None and t_first is not None:
                break
            if usable is not None and usable in screen:
                t_usable = now - t0
                if t_first is None:
                    t_first = t_usable
                break
            time.sleep(0.005)
        subprocess.run(["tmux", "-L", sock, "kill-session", "-t", name], capture_output=True)
        return (t_first or float("nan")) * 1000, (t_usable * 1000 if t_usable else None)

    py = sys.executable
    results: dict[str, list[tuple[float, float | None]]] = {"bare": [], "cold": [], "warm": []}
    for _ in range(runs):
        results["bare"].append(timed([py, str(bare)], "BARE-READY", None))
        shutil.rmtree(store_path / ".kyogitai", ignore_errors=True)
        results["cold"].append(timed([py, "-m", "facilitator", "--store", str(store_path)], "保存先", "■ 町"))
        results["warm"].append(timed([py, "-m", "facilitator", "--store", str(store_path)], "保存先", "■ 町"))
    bare_ms = statistics.median(r[0] for r in results["bare"])
    print(f"start in tmux (median of {runs}):")
    print(f"  bare Textual app, first frame: {bare_ms:.0f} ms")
    for kind in ("cold", "warm"):
        first = statistics.median(r[0] for r in results[kind])
        usable = statistics.median(r[1] for r in results[kind] if r[1] is not None)
        print(f"  kyogitai home, {kind} index: first frame {first:.0f} ms ({first / bare_ms:.2f}×), "
              f"table filled {usable:.0f} ms ({usable / bare_ms:.2f}×)")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--sessions", type=int, default=1000)
    p.add_argument("--tmux", action="store_true")
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "sessions"
        t0 = time.perf_counter()
        store = make_store(root, args.sessions)
        files = list(root.glob("*.json"))
        size = sum(f.stat().st_size for f in files)
        print(f"{len(files)} sessions, {size / 1e6:.1f} MB, written in {time.perf_counter() - t0:.1f} s")
        from facilitator.index import Index

        t0 = time.perf_counter()
        Index(store).refresh()
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        Index(store).refresh()
        print(f"index refresh: cold {cold * 1000:.0f} ms, warm (new process state) "
              f"{(time.perf_counter() - t0) * 1000:.0f} ms")
        asyncio.run(keystrokes(store, ["サロン", "乗り合い 月", "停車場所", "ひなた"]))
        if args.tmux:
            tmux_start(root, args.runs)


if __name__ == "__main__":
    main()
