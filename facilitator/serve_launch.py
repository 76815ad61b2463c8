"""Serving one meeting to a note-taker's device from inside the app (the home screen's key).

The app starts ``kyogitai serve --host 0.0.0.0 --allow-remote --session ID`` as a child process
on a free port, with the token it chose in ``KYOGITAI_SERVE_TOKEN`` (so it can show the address
and its QR code without reading the child's output), waits until the address answers, and stops
it when asked or when the app ends. Plain Python: the screen runs these in a thread worker.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

from facilitator.serve_env import BROWSER_ENV, SERVE_PID_ENV, TOKEN_ENV
from facilitator.serve_access import new_token, open_urls

READY_SECONDS = 30.0


def web_extra_installed() -> bool:
    """textual-serve (the ``web`` extra) is there to serve with."""
    return find_spec("textual_serve") is not None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("", 0))
        return int(s.getsockname()[1])


@dataclass
class SessionServer:
    """A running ``kyogitai serve`` for one session."""

    session_id: str
    proc: subprocess.Popen[bytes]
    urls: list[str] = field(default_factory=list)  # this PC's address first, then the LAN ones

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    @property
    def remote_url(self) -> str:
        """The address another device opens (this PC's own when it has no LAN address)."""
        return self.urls[-1]

    def wait_ready(self, timeout: float = READY_SECONDS) -> bool:
        """Until this PC's address answers 200 (True), or the server ended or never answered."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive:
                return False
            try:
                with urllib.request.urlopen(self.urls[0], timeout=2) as r:
                    if r.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        return False

    def stop(self) -> None:
        """End the server (its open tabs save and end with it). Safe to call twice."""
        if self.alive:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_session_server(store_root: Path | str, session_id: str, *, port: int | None = None,
                         python: str | None = None) -> SessionServer:
    """Start serving ``session_id`` to other devices on this network (OSError if it can't)."""
    port = port or free_port()
    token = new_token()
    env = {k: v for k, v in os.environ.items() if k not in (BROWSER_ENV, SERVE_PID_ENV)}
    env[TOKEN_ENV] = token
    argv = [python or sys.executable, "-m", "facilitator", "--store", str(Path(store_root).absolute()), "serve",
            "--host", "0.0.0.0", "--allow-remote", "--port", str(port), "--session", session_id]
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env)
    return SessionServer(session_id, proc, open_urls("0.0.0.0", port, token, allow_remote=True))
