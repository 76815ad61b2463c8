"""kyogitai serve: the app in a browser through textual-serve (README.md "In a browser").

Unit tests for the host refusal, the quoting of the served command, the origin/host checks; and
the server started for real on loopback. The page in headless Chromium is in
tests/e2e/test_serve_in_browser.py.
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.serve import (
    INSTALL_HINT,
    ServeRefused,
    allowed_hosts,
    check_host,
    is_loopback,
    request_allowed,
    served_argv,
    shell_command,
    strip_external_links,
)
from served import HOSTILE_DIR, Served, get, write_demo_store


# ---------------------------------------------------------------------------------------
# Which hosts


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST", "::1", "[::1]", "127.0.0.2"])
def test_loopback_hosts_are_served_without_a_word(host: str) -> None:
    assert is_loopback(host)
    assert check_host(host, allow_remote=False) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "10.0.0.5", "kyogitai.example", "my-pc"])
def test_other_hosts_are_refused_without_allow_remote(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(ServeRefused, match="--allow-remote"):
        check_host(host, allow_remote=False)
    warning = check_host(host, allow_remote=True, port=8123)
    assert warning is not None and "ログイン" in warning and ":8123" in warning


def test_cli_refuses_a_remote_host_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--store", str(tmp_path), "serve", "--host", "0.0.0.0"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--allow-remote" in err and "Traceback" not in err


def test_cli_refuses_a_bad_port(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--store", str(tmp_path), "serve", "--port", "70000"]) == 1
    assert "ポート" in capsys.readouterr().err


def test_without_the_web_extra_one_line_says_how_to_install(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # import fails as if not installed
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["--store", str(tmp_path), "serve"]) == 1
    err = capsys.readouterr().err
    assert err == f"kyogitai: {INSTALL_HINT}\n"
    assert "uv run --extra web kyogitai serve" in err


# ---------------------------------------------------------------------------------------
# The command each browser connection runs


def test_served_command_quotes_every_path_through_a_real_shell(tmp_path: Path) -> None:
    """textual-serve runs the command with a shell: spaces, Japanese, quotes, $ and ` in the
    store path must reach the app as one argument, unexpanded."""
    store = tmp_path / HOSTILE_DIR
    argv = served_argv(store)
    assert argv[1:4] == ["-m", "facilitator", "--store"] and Path(argv[4]).is_absolute()
    echo = [sys.executable, "-c", "import json, sys; print(json.dumps(sys.argv[1:]))", *argv[3:]]
    out = subprocess.run(shell_command(echo), shell=True, capture_output=True, text=True,
                         encoding="utf-8", check=True, timeout=30)
    assert json.loads(out.stdout) == ["--store", str(store.absolute())]


def test_served_command_on_windows_uses_cmd_quoting() -> None:
    line = shell_command([r"C:\Program Files\Python\python.exe", "-m", "facilitator", "--store",
                          r"C:\Users\sato\Documents\協議体 記録"], platform="win32")
    assert line == r'"C:\Program Files\Python\python.exe" -m facilitator --store "C:\Users\sato\Documents\協議体 記録"'


def test_served_command_on_windows_quotes_what_cmd_exe_would_read() -> None:
    """A folder named R&D unquoted would make cmd.exe run a command named D…"""
    line = shell_command(["python.exe", "--store", r"D:\R&D\協議体", "D:\\x;y\\"], platform="win32")
    assert line == 'python.exe --store "D:\\R&D\\協議体" "D:\\x;y\\\\"'


# ---------------------------------------------------------------------------------------
# Who may talk to the app


def test_only_this_server_s_own_pages_reach_the_app() -> None:
    hosts = allowed_hosts("127.0.0.1", 8000)
    assert request_allowed("127.0.0.1:8000", "http://127.0.0.1:8000", hosts)
    assert request_allowed("localhost:8000", "http://localhost:8000", hosts)
    assert request_allowed("127.0.0.1:8000", None, hosts)  # not a browser page
    # Another site's page open in the same browser:
    assert not request_allowed("127.0.0.1:8000", "https://evil.example", hosts)
    assert not request_allowed("127.0.0.1:8000", "null", hosts)
    # DNS rebinding: a page of evil.example whose name now points at 127.0.0.1.
    assert not request_allowed("evil.example:8000", "http://evil.example:8000", hosts)
    assert not request_allowed(None, None, hosts)
    # With --allow-remote any name of the machine, but still only its own pages.
    assert request_allowed("192.168.1.10:8000", "http://192.168.1.10:8000", allowed_hosts("0.0.0.0", 8000))
    assert not request_allowed("192.168.1.10:8000", "http://evil.example", allowed_hosts("0.0.0.0", 8000))


def test_the_page_does_not_load_fonts_from_another_site() -> None:
    html = ('<link rel="stylesheet" href="http://127.0.0.1:8000/static/css/xterm.css" />\n'
            '<link\n  rel="stylesheet"\n  href="https://fonts.googleapis.com/css?family=Roboto%20Mono"\n/>\n'
            '<link rel="icon" href="/static/x.png">')
    out = strip_external_links(html, "http://127.0.0.1:8000")
    assert "googleapis" not in out
    assert "xterm.css" in out and "/static/x.png" in out


# ---------------------------------------------------------------------------------------
# The server for real (its helpers: tests/support/served.py)


@pytest.fixture
def demo_store(tmp_path: Path) -> Path:
    return write_demo_store(tmp_path)


def test_serve_answers_on_loopback_and_guards_its_websocket(demo_store: Path) -> None:
    served = Served(demo_store)
    try:
        page = served.wait_ready()
        assert "kyogitai" in page and f"ws://127.0.0.1:{served.port}/ws" in page
        assert "googleapis" not in page
        # Opened as localhost, the page's websocket is localhost too (its Origin must match).
        status, page = get(f"http://localhost:{served.port}/")
        assert status == 200 and f"ws://localhost:{served.port}/ws" in page
        # A page under another name (DNS rebinding) gets nothing.
        assert get(served.url, {"Host": f"evil.example:{served.port}"})[0] == 403
        # Another site's page can't open the app's websocket.
        assert asyncio.run(_websocket_status(served.port, "https://evil.example")) == 403
        # Nobody listens beyond loopback (where this machine has another address to try).
        address = _non_loopback_address()
        if address:
            with pytest.raises(OSError), socket.create_connection((address, served.port), timeout=2):
                pass
    finally:
        served.stop()


async def _websocket_status(port: int, origin: str) -> int:
    import aiohttp

    async with aiohttp.ClientSession() as http:
        try:
            async with http.ws_connect(f"ws://127.0.0.1:{port}/ws", headers={"Origin": origin}):
                return 101
        except aiohttp.WSServerHandshakeError as e:
            return e.status


def _non_loopback_address() -> str | None:
    """An address of this machine that isn't loopback (to prove nothing listens there)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: no packet is sent
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_a_port_in_use_is_one_line(demo_store: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        out = subprocess.run([sys.executable, "-m", "facilitator", "--store", str(demo_store), "serve",
                              "--port", str(port)], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "--port" in out.stderr and "Traceback" not in out.stderr
