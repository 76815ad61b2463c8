"""``kyogitai serve`` started for real on loopback, for the serve tests (tests/core/test_serve.py)
and the browser tests (tests/e2e/test_serve_in_browser.py)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from facilitator.cli import main

# The store's folder name: spaces, Japanese, quotes, $ and ` must reach the served app intact.
HOSTILE_DIR = "store dir 日本's \"q\" $HOME `x` ;"


def write_demo_store(tmp_path: Path) -> Path:
    """The demo store (kyogitai demo) in a folder named HOSTILE_DIR under ``tmp_path``."""
    store = tmp_path / HOSTILE_DIR
    assert main(["--store", str(store), "demo"]) == 0
    return store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, ""


class Served:
    """``kyogitai --store DIR serve --port P`` as a subprocess, until it answers HTTP 200 on the
    address it printed (with its token)."""

    def __init__(self, store: Path, *extra: str) -> None:
        self.store = store
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.url = ""  # the printed address, token included: known once wait_ready returns
        self.token = ""
        self.output: list[str] = []
        self._printed = threading.Event()
        env = {k: v for k, v in os.environ.items() if k not in ("KYOGITAI_BROWSER", "KYOGITAI_SERVE_PID")}
        env["PYTHONUNBUFFERED"] = "1"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "facilitator", "--store", str(store), "serve", "--port", str(self.port), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        """Keep the pipe drained (a full pipe would stop the server), noting the first URL."""
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace")
            self.output.append(line)
            found = re.search(r"(http://127\.0\.0\.1:\d+/\?token=([A-Za-z0-9_-]+))", line)
            if found and not self.url:
                self.url, self.token = found.group(1), found.group(2)
                self._printed.set()
        self._printed.set()

    def wait_ready(self, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        if not self._printed.wait(timeout) or not self.url:
            raise AssertionError(f"kyogitai serve printed no address ({self.proc.poll()}): {''.join(self.output)}")
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"kyogitai serve ended ({self.proc.returncode}): {''.join(self.output)}")
            try:
                status, body = get(self.url)
            except OSError:
                time.sleep(0.1)
                continue
            if status == 200:
                return body
        raise TimeoutError(f"no HTTP 200 from {self.url} within {timeout} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(5)
        if self.proc.stdout:
            self.proc.stdout.close()
