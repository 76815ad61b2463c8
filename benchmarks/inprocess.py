"""The app in-process (``App.run_test``, headless, 120×36): typing latency, autosave, search.

Times are taken inside the app: ``t0`` just before the key is sent, the mark when the screen's
compositor has rendered the first frame after the change (``Screen._compositor_refresh``, wrapped
on the instance). Headless, that frame is rendered but not written to a terminal: the tmux
benchmarks (benchmarks/terminal.py) measure the whole way to the screen.
"""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from facilitator.index import Index
from facilitator.store import Store, StoreLocation

from benchmarks.data import BenchStore
from benchmarks.report import Result, median

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=timezone(timedelta(hours=9)))
SIZE = (120, 36)
HOME_WORDS = ("サロン", "移動 販売", "ひなた05町", "見守り")


async def _until(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.001)


def _frames(screen: Any, marks: dict[str, float], ready: Callable[[], bool]) -> None:
    """Mark ``paint`` when the screen renders its first frame once ``ready()`` holds."""
    original = screen._compositor_refresh

    def compositor_refresh(*a: Any, **k: Any) -> Any:
        result = original(*a, **k)
        if "paint" not in marks and ready():
            marks["paint"] = time.perf_counter()
        return result

    screen._compositor_refresh = compositor_refresh


async def new_idea(bench: BenchStore, presses: int = 30) -> list[Result]:
    """In the big session's ideas step: Enter on a typed idea → the frame that shows it; and
    the autosave that follows each one: how long, and on which thread."""
    from screens.app import KyogitaiApp
    from screens.meeting import MeetingScreen
    from screens.panels.ideas import IdeaList, IdeasPanel

    store = Store(bench.root)
    original = store.path_for(bench.big_id).read_bytes()
    session = store.load(bench.big_id)
    app = KyogitaiApp(StoreLocation(bench.root, "benchmark"), session=session, now=lambda: NOW)
    ui_thread = threading.get_ident()
    paint: list[float] = []
    handled: list[float] = []
    shown_ok = 0
    snapshots: list[float] = []
    writes: list[tuple[int, float]] = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            await _until(lambda: isinstance(app.screen, MeetingScreen) and bool(app.screen.query(IdeasPanel)),
                         20, "the ideas step")
            screen = app.screen
            panel = screen.query_one(IdeasPanel)
            field = panel.query_one("#idea-input")
            await _until(lambda: field.has_focus, 10, "the idea field to have focus")
            meeting = screen.meeting
            saver = screen.saver
            ideas = meeting.session.ideas
            marks: dict[str, float] = {}
            count = [len(ideas)]
            _frames(screen, marks, lambda: len(ideas) > count[0])

            add_idea = meeting.add_idea

            def timed_add(*a: Any, **k: Any) -> Any:
                result = add_idea(*a, **k)
                marks.setdefault("handled", time.perf_counter())
                return result

            meeting.add_idea = timed_add
            snapshot, write = saver._snapshot, saver._write

            def timed_snapshot() -> bytes:
                t0 = time.perf_counter()
                data = snapshot()
                snapshots.append((time.perf_counter() - t0) * 1000)
                return data

            def timed_write(data: bytes):  # type: ignore[no-untyped-def]
                t0 = time.perf_counter()
                saved = write(data)  # (through facilitator.sharing: the file read, hashed, written, verified)
                writes.append((threading.get_ident(), (time.perf_counter() - t0) * 1000))
                return saved

            saver._snapshot, saver._write = timed_snapshot, timed_write
            idea_list = panel.query_one(IdeaList)
            for n in range(presses + 2):  # the first two warm caches up
                token = f"BENCH{n:04d}"
                field.value = f"{token} 新しいアイデア"
                await pilot.pause()
                marks.clear()
                count[0] = len(ideas)
                t0 = time.perf_counter()
                await pilot.press("enter")
                await _until(lambda: "paint" in marks, 10, "the frame with the new idea")
                visible = "".join(idea_list.render_line(y).text for y in range(idea_list.size.height))
                if n >= 2:
                    paint.append((marks["paint"] - t0) * 1000)
                    handled.append((marks["handled"] - t0) * 1000)
                    shown_ok += token in visible
                # Let the autosave of this change run before the next one.
                await _until(lambda: saver.state == "saved" and saver.saved_version == meeting.version,
                             10, "the autosave")
            n_ideas = len(ideas)
    finally:
        store.write_session(bench.big_id, original)  # the big session as it was
    on_ui = sum(1 for ident, _ in writes if ident == ui_thread)
    total = [s + w for s, (_, w) in zip(snapshots, writes)]
    return [
        Result("new idea: Enter → frame that shows it (in-process)", median(paint), "ms", 50.0, paint,
               f"{n_ideas} ideas; shown in {shown_ok}/{len(paint)} frames; "
               f"handled (idea added, list updated) {median(handled):.1f} ms"),
        Result("autosave in the app: serialise + write", median(total), "ms", 10.0, total,
               f"{len(writes)} saves; serialise {median(snapshots):.1f} ms on the UI thread, "
               f"write {median(w for _, w in writes):.1f} ms in a worker thread"),
        Result("autosave writes made on the UI thread", float(on_ui), "", 0.0, [],
               f"of {len(writes)}; the UI thread is {ui_thread}, writers "
               f"{sorted({i for i, _ in writes})}"),
    ]


async def home_search(bench: BenchStore, words: tuple[str, ...] = HOME_WORDS) -> list[Result]:
    """Issue 5's floor: with the whole store on the home screen, a keystroke in the search →
    the frame with the new results."""
    from screens.app import KyogitaiApp
    from screens.home import HomeScreen
    from screens.widgets.table_view import TableView

    Index(Store(bench.root)).refresh()  # the index is up to date, as after any earlier start
    app = KyogitaiApp(StoreLocation(bench.root, "benchmark"), now=lambda: NOW)
    painted: list[float] = []
    rows_at: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await _until(lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded, 60, "the home screen")
        home = app.screen
        table = home.query_one(TableView)
        marks: dict[str, float] = {}
        set_rows = table.set_rows

        def timed_set_rows(*a: Any, **k: Any) -> Any:
            result = set_rows(*a, **k)
            marks.setdefault("rows", time.perf_counter())
            return result

        table.set_rows = timed_set_rows
        _frames(home, marks, lambda: "rows" in marks)
        for word in words:
            for ch in word:
                marks.clear()
                t0 = time.perf_counter()
                await pilot.press(ch if ch != " " else "space")
                await _until(lambda: "paint" in marks, 10, "the frame with the results")
                painted.append((marks["paint"] - t0) * 1000)
                rows_at.append((marks["rows"] - t0) * 1000)
            for _ in word:
                await pilot.press("backspace")
            await pilot.pause()
        # The largest update: from no match back to every session.
        search = home.query_one("#home-search")
        search.value = "該当なし"
        await pilot.pause()
        marks.clear()
        t0 = time.perf_counter()
        search.value = ""
        await _until(lambda: "paint" in marks, 10, "the frame with every session")
        everything = (marks["paint"] - t0) * 1000
        sessions = len(home._by_id)
    return [Result("home search: keystroke → frame with the results (in-process)", median(painted), "ms", 50.0,
                   painted, f"{len(painted)} keys over {sessions} sessions; results ready {median(rows_at):.1f} ms; "
                   f"all {sessions} back after clearing {everything:.0f} ms")]


def run(coro: Any) -> list[Result]:
    return asyncio.run(coro)
