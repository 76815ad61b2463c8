"""Driving the real app in tmux for end-to-end tests: a private socket, waits with timeouts.

Never kill-server: each test ends its own session. When CI=true a missing tmux is a failure.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Callable

import pytest


def require_tmux() -> str:
    path = shutil.which("tmux")
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("tmux is required for the end-to-end tests in CI")
        pytest.skip("tmux is not installed")
    return path


class Tmux:
    def __init__(self, width: int = 120, height: int = 36) -> None:
        require_tmux()
        self.socket = f"kyogitai-test-{os.getpid()}"
        self.name = f"t{uuid.uuid4().hex[:8]}"
        self.width = width
        self.height = height

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check,
                              timeout=30)

    def start_kyogitai(self, *args: str, cwd: Path | None = None) -> None:
        # COLUMNS/LINES from the test runner's environment would override the pane's real size.
        command = " ".join(shlex.quote(a) for a in ["env", "-u", "COLUMNS", "-u", "LINES",
                                                      sys.executable, "-m", "facilitator", *args])
        # Keep the pane after the program ends so its last screen and exit can be read.
        # The tmux server keeps the environment it started with: the test's own data folder
        # (drafts, tests/conftest.py) is passed to each new window.
        env = [arg for name in ("KYOGITAI_DATA_DIR", "KYOGITAI_CACHE_DIR") if name in os.environ
               for arg in ("-e", f"{name}={os.environ[name]}")]
        args = ("new-session", "-d", "-s", self.name, "-x", str(self.width), "-y", str(self.height),
                "-c", str(cwd or Path.cwd()), "-e", "LANG=C.UTF-8", "-e", "TERM=xterm-256color", *env,
                f"{command}; echo __EXIT__$?; sleep 30")
        for attempt in range(5):
            result = self._tmux(*args, check=False)
            if result.returncode == 0:
                return
            # Right after the socket's last session was killed its server is still exiting, and
            # a new session started then fails ("server exited unexpectedly"): start it again.
            if "server exited unexpectedly" not in result.stderr and "no server running" not in result.stderr:
                break
            time.sleep(0.1 * (attempt + 1))
        raise subprocess.CalledProcessError(result.returncode, ["tmux", *args], result.stdout, result.stderr)

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", self.name, *keys)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def type_into_field(self, text: str, timeout: float = 20.0) -> str:
        """Type ``text`` into the focused field and wait until it shows there. Keys that arrive
        before a new step's field has the focus are lost, not delayed, so on a slow machine
        the field is cleared (Ctrl+U) and the text typed again until it shows. For the app's
        fields (screens/widgets/in_order.py, QuickInput): they run Ctrl+U in key order, where
        Textual's own Input and TextArea run it after the text when the keys come in a burst."""
        deadline = time.monotonic() + timeout
        while True:
            self.keys("C-u")
            self.type(text)
            try:
                return self.wait_for(text, timeout=min(5.0, max(0.5, deadline - time.monotonic())))
            except AssertionError:
                if time.monotonic() >= deadline:
                    raise

    def press_until(self, key: str, predicate: Callable[[str], bool] | str, timeout: float = 20.0) -> str:
        """Press ``key`` until the screen shows ``predicate`` (for a key whose target may not
        have the focus yet; only for keys that are harmless once the goal is reached)."""
        deadline = time.monotonic() + timeout
        while True:
            self.keys(key)
            try:
                return self.wait_for(predicate, timeout=min(5.0, max(0.5, deadline - time.monotonic())))
            except AssertionError:
                if time.monotonic() >= deadline:
                    raise

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name, check=False).stdout

    def wait_for(self, predicate: Callable[[str], bool] | str, timeout: float = 20.0) -> str:
        if isinstance(predicate, str):
            needle = predicate
            predicate = lambda screen: needle in screen  # noqa: E731
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting on the screen; last screen:\n{screen}")

    def close(self) -> None:
        self._tmux("kill-session", "-t", self.name, check=False)


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def new_session_at_ideas(store: Path, title: str = "第2回 定例会") -> str:
    """A session made through the CLI, left at the ideas step, as an SC would have it open."""
    from facilitator.store import Store

    r = subprocess.run([sys.executable, "-m", "facilitator", "--store", str(store), "new", "--body",
                        "テスト町 第1層協議体", "--title", title],
                       capture_output=True, text=True, encoding="utf-8", timeout=60, check=True)
    sid = r.stdout.strip()
    s = Store(store)
    session = s.load(sid)
    session.current_step = "ideas"
    s.save(session)
    return sid
