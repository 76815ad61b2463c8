"""The real app in a real terminal (tmux, 120×36, a private socket): start, typing, peak memory.

Every time is measured from outside, the way a person sees it: from just before tmux is told to
start the program (or to send a key) until ``tmux capture-pane`` shows the expected content.
Polling costs a few ms per capture, the same for the app and for the bare Textual app it is
compared against. The programs run with this interpreter directly (``python -m facilitator``):
``uv run`` would add its own start-up to both.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Callable

from facilitator.index import Index, remove_index
from facilitator.store import Store

from benchmarks.data import BenchStore
from benchmarks.report import Result, median

WIDTH, HEIGHT = 120, 36
BARE_APP = '''\
from textual.app import App
from textual.widgets import Label


class Bare(App):
    def compose(self):
        yield Label("BARE-READY")


Bare().run()
'''
# The home screen's first frame: its title and the footer with its keys.
HOME_FIRST = ("協議体の記録", "年間計画")
# The home screen usable: the table filled (a body heading) and the count of sessions.
HOME_FILLED = ("■ ひなた", "件")
INDEXING = "索引を作成中"  # the status line while a first build reads the files
# The idea field's line: the speaker and 課題 selects beside it end in ▼ (they show a name, not
# a placeholder, once the step defaults them), and no line of the list has one.
IDEA_FIELD_LINE = "▼"
# Compiled modules are cached as on any machine where Python may write its .pyc files (this one
# sets PYTHONDONTWRITEBYTECODE, and uv installs without compiling: every start would compile
# Textual from source). The cache is our own folder, so the shared .venv is left alone.
PYCACHE = Path(tempfile.gettempdir()) / "kyogitai-bench-pycache"
ENV = ["-u", "PYTHONDONTWRITEBYTECODE", f"PYTHONPYCACHEPREFIX={PYCACHE}"]


def available() -> bool:
    return shutil.which("tmux") is not None


class Pane:
    """One tmux session on a private socket; ``close()`` ends only that session."""

    socket = f"kyogitai-bench-{os.getpid()}"

    def __init__(self, argv: list[str], cwd: Path | None = None) -> None:
        self.name = f"b{uuid.uuid4().hex[:8]}"
        command = " ".join(shlex.quote(a) for a in ["env", "-u", "COLUMNS", "-u", "LINES", *ENV, *argv])
        for attempt in range(3):
            self.started = time.perf_counter()
            started = self._tmux("new-session", "-d", "-s", self.name, "-x", str(WIDTH), "-y", str(HEIGHT),
                                 "-c", str(cwd or Path.cwd()), "-e", "LANG=C.UTF-8", "-e", "TERM=xterm-256color",
                                 f"exec {command}", check=attempt == 2)
            if started.returncode == 0:
                break
            time.sleep(0.2)  # the server was just exiting with its last session: start it again

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True,
                              check=check, timeout=30)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name, check=False).stdout

    def pid(self) -> int:
        return int(self._tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").stdout.strip())

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", self.name, *keys)

    def wait(self, predicate: Callable[[str], bool], timeout: float = 30.0, since: float | None = None,
             what: str = "the screen") -> float:
        """Poll until ``predicate(screen)``; ms since ``since`` (default: the start)."""
        t0 = self.started if since is None else since
        deadline = time.perf_counter() + timeout
        screen = ""
        while time.perf_counter() < deadline:
            screen = self.screen()
            now = time.perf_counter()
            if predicate(screen):
                return (now - t0) * 1000
            time.sleep(0.002)
        raise TimeoutError(f"timed out waiting for {what}; last screen:\n{screen}")

    def alive(self) -> bool:
        return self._tmux("has-session", "-t", self.name, check=False).returncode == 0

    def close(self) -> None:
        self._tmux("kill-session", "-t", self.name, check=False)


def has_all(*needles: str) -> Callable[[str], bool]:
    return lambda screen: all(n in screen for n in needles)


def _quit(pane: Pane) -> None:
    """Ctrl+Q (the app saves and exits), then the session is gone; killed only if it hangs."""
    pane._tmux("send-keys", "-t", pane.name, "C-q", check=False)
    deadline = time.perf_counter() + 10
    while pane.alive() and time.perf_counter() < deadline:
        time.sleep(0.05)
    pane.close()


def _capture_cost(pane: Pane, n: int = 20) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        pane.screen()
    return (time.perf_counter() - t0) * 1000 / n


def start(bench: BenchStore, runs: int = 15, warmup: int = 1, cold_every: int = 5) -> list[Result]:
    """Process start → first frame of the home screen, against a bare Textual app with one Label,
    runs interleaved so both see the same noise. Also: the table filled (index up to date, as on
    every start after the first), and the first start on a store without an index."""
    py = sys.executable
    folder = Path(tempfile.mkdtemp(prefix="kyogitai-bench-"))
    bare_py = folder / "bare.py"
    bare_py.write_text(BARE_APP, encoding="utf-8")
    app = [py, "-m", "facilitator", "--store", str(bench.root)]
    Index(Store(bench.root)).refresh()
    bare, first, filled, cold_first, cold_filled, cold_done = [], [], [], [], [], []
    capture = float("nan")
    try:
        for n in range(warmup + runs):  # warm-up rounds fill the page and .pyc caches, not counted
            counted = n >= warmup
            pane = Pane([py, str(bare_py)])
            try:
                b = pane.wait(has_all("BARE-READY"), what="the bare app")
                if n == 0:
                    capture = _capture_cost(pane)
            finally:
                pane.close()
            pane = Pane(app)
            try:
                f = pane.wait(has_all(*HOME_FIRST), what="the home screen")
                u = pane.wait(has_all(*HOME_FILLED), what="the home table")
            finally:
                _quit(pane)
            if counted:
                bare.append(b)
                first.append(f)
                filled.append(u)
            if counted and cold_every and (n - warmup) % cold_every == 0:  # now and then, the first start
                remove_index(bench.root)
                pane = Pane(app)
                try:
                    cold_first.append(pane.wait(has_all(*HOME_FIRST), what="the home screen"))
                    cold_filled.append(pane.wait(has_all(*HOME_FILLED), timeout=120, what="the home table"))
                    cold_done.append(pane.wait(lambda s: INDEXING not in s and has_all(*HOME_FILLED)(s),
                                               timeout=300, what="the whole index"))
                finally:
                    _quit(pane)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    ratio_first = [f / b for f, b in zip(first, bare)]
    ratio_filled = [u / b for u, b in zip(filled, bare)]
    b_med = median(bare)
    return [
        Result("bare Textual app (one Label): start → first frame (tmux)", b_med, "ms", None, bare,
               f"baseline of this run; one screen capture costs {capture:.1f} ms"),
        Result("home screen: start → first frame (tmux)", median(first), "ms", None, first,
               f"{bench.sessions} sessions in the store"),
        Result("home first frame / bare app (median of per-run ratios)", median(ratio_first), "×", 1.3, ratio_first,
               f"medians {median(first):.0f} / {b_med:.0f} ms"),
        Result("home usable (table filled, index up to date) / bare app (issue 23)", median(ratio_filled), "×", 1.3,
               ratio_filled, f"median {median(filled):.0f} ms"),
        Result("home, first start without an index: a usable list (newest sessions first)", median(cold_filled), "ms",
               2000.0, cold_filled, f"first frame {median(cold_first):.0f} ms; every file read (by the prefetch "
               f"child, progress shown) after {median(cold_done):.0f} ms"),
    ]


def _vm_hwm_mb(pid: int) -> float:
    """Peak resident set size of a process (Linux ``VmHWM``), in MB; NaN elsewhere."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def home_use(bench: BenchStore, runs: int = 3, words: tuple[str, ...] = ("サロン", "見守り")) -> list[Result]:
    """The home screen on the whole store: a search keystroke → the frame with the new count, and
    the app's peak memory after searching and opening the newest session's review."""
    py = sys.executable
    index = Index(Store(bench.root))
    index.refresh()
    keystrokes: list[float] = []
    peaks: list[float] = []
    for _ in range(runs):
        pane = Pane([py, "-m", "facilitator", "--store", str(bench.root)])
        try:
            pane.wait(has_all(*HOME_FIRST, *HOME_FILLED), what="the home table")
            pid = pane.pid()
            for word in words:
                previous = None
                for i in range(1, len(word) + 1):
                    prefix = word[:i]
                    expected = len(index.search(prefix))
                    # Only keys that change the count can be seen to arrive.
                    line = f"{expected}件 表示中"
                    t0 = time.perf_counter()
                    pane.type(word[i - 1])
                    ms = pane.wait(lambda s, line=line, prefix=prefix: line in s and prefix in s, since=t0,
                                   what=f"the results for {prefix}")
                    if expected != previous:
                        keystrokes.append(ms)
                    previous = expected
                pane.keys("C-u")  # clear the search: every session again
                pane.wait(lambda s: "表示中" not in s and HOME_FILLED[0] in s, what="every session")
            pane.keys("Escape")
            pane.keys("r")  # the review of the session under the cursor (the newest)
            time.sleep(1.0)
            peaks.append(_vm_hwm_mb(pid))
        finally:
            _quit(pane)
    return [
        Result("home search: keystroke → frame with the new count (tmux)", median(keystrokes), "ms", 100.0,
               keystrokes, f"{bench.sessions} sessions"),
        Result("peak RSS, the app on the whole store (home, searches, a review)", max(peaks), "MB", 120.0, peaks,
               "the largest of the runs (Linux VmHWM)"),
    ]


def new_idea(bench: BenchStore, presses: int = 20, warmup: int = 2) -> list[Result]:
    """The big session opened for editing (it stands at the ideas step): Enter on a typed idea →
    the frame where the idea is in the list and the field is empty again."""
    py = sys.executable
    store = Store(bench.root)
    path = store.path_for(bench.big_id)
    original = path.read_bytes()
    times: list[float] = []
    peak = float("nan")
    pane = Pane([py, "-m", "facilitator", "--store", str(bench.root), "open", bench.big_id])
    try:
        pane.wait(has_all(IDEA_FIELD_LINE, "アイデアを入力"), what="the ideas step")
        for n in range(warmup + presses):
            token = f"BENCH{n:04d}"
            pane.type(f"{token} 新しいアイデア")

            def typed(s: str, token: str = token) -> bool:
                return any(token in line and IDEA_FIELD_LINE in line for line in s.splitlines())

            def listed(s: str, token: str = token) -> bool:
                lines = s.splitlines()
                return any(token in line for line in lines) and not any(
                    token in line and IDEA_FIELD_LINE in line for line in lines)

            pane.wait(typed, what="the typed idea")
            t0 = time.perf_counter()
            pane.keys("Enter")
            ms = pane.wait(listed, since=t0, what="the new idea in the list")
            if n >= warmup:
                times.append(ms)
        peak = _vm_hwm_mb(pane.pid())
        _quit(pane)
    finally:
        pane.close()
        store.write_session(bench.big_id, original)
    return [
        Result("new idea: Enter → frame that shows it (tmux)", median(times), "ms", 150.0, times,
               f"peak RSS with the big session open {peak:.0f} MB"),
    ]


def idea_across_windows(bench: BenchStore, presses: int = 20, warmup: int = 2) -> list[Result]:
    """Two windows (two processes) on one small session at the ideas step, as the SC's and the
    記録係's: window A types an idea and presses Enter → the frame of window B that shows it.
    That is A's save (0.15 s after the key), B's next look at the file (every 0.5 s), B's merge
    and B's frame: from outside, as the 記録係 sees it. A session of its own in a store of its own
    (a copy of the big one without ideas). B shows the idea in its list, or — once the list is
longer than the screen — in its count under the list (「全 N 件」, drawn with the list)."""
    import copy

    py = sys.executable
    folder = Path(tempfile.mkdtemp(prefix="kyogitai-bench-two-"))
    session = copy.deepcopy(Store(bench.root).load(bench.big_id))
    session.id = f"{session.id[:11]}two000"
    session.ideas, session.handoffs, session.homework = [], [], []
    session.deleted = {}
    session.current_step = "ideas"
    session.started_at = session.ended_at = session.clock_owner = None
    Store(folder).save(session)
    times: list[float] = []
    a = b = None
    try:
        a = Pane([py, "-m", "facilitator", "--store", str(folder), "open", session.id])
        a.wait(has_all(IDEA_FIELD_LINE, "アイデアを入力"), what="window A at the ideas step")
        b = Pane([py, "-m", "facilitator", "--store", str(folder), "open", session.id])
        b.wait(has_all(IDEA_FIELD_LINE, "アイデアを入力"), what="window B at the ideas step")
        for n in range(warmup + presses):
            token = f"TWO{n:04d}"
            a.type(f"{token} 隣の画面へ")

            def typed(s: str, token: str = token) -> bool:
                return any(token in line and IDEA_FIELD_LINE in line for line in s.splitlines())

            a.wait(typed, what="the typed idea in A")
            t0 = time.perf_counter()
            a.keys("Enter")
            # The idea in B's list, or (once the list is longer than the screen) B's count of ideas.
            ms = b.wait(lambda s, token=token, n=n: token in s or f"全 {n + 1} 件" in s, since=t0,
                        what="A's idea on B's screen")
            if n >= warmup:
                times.append(ms)
        _quit(b)
        _quit(a)
    finally:
        for pane in (a, b):
            if pane is not None:
                pane.close()
        shutil.rmtree(folder, ignore_errors=True)
    return [
        Result("an idea typed in one window on another window's screen (tmux)", median(times), "ms", 1000.0, times,
               "A: Enter → B's frame; A saves, B looks every 0.5 s"),
    ]
