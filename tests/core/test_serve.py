"""kyogitai serve: the app in a browser through textual-serve (DESIGN.md "Command line").

Unit tests for the host refusal, the quoting of the served command, the origin/host checks;
the server started for real on loopback; and the page in headless Chromium (skipped when no
Chromium is installed: Debian's ``apt-get install chromium``), where a reload must find the
user's session editable again and a killed server must not leave its app holding the lock.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
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

IDEA = "ブラウザから出たアイデア"
NEWEST = "一年のふりかえり"  # the demo's newest session: first on the home screen
HOSTILE_DIR = "store dir 日本's \"q\" $HOME `x` ;"


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
# The server for real


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
    """``kyogitai --store DIR serve --port P`` as a subprocess, until it answers HTTP 200."""

    def __init__(self, store: Path, *extra: str) -> None:
        self.store = store
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {k: v for k, v in os.environ.items() if k not in ("KYOGITAI_BROWSER", "KYOGITAI_SERVE_PID")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "facilitator", "--store", str(store), "serve", "--port", str(self.port), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
        )

    def wait_ready(self, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                out = self.proc.stdout.read().decode("utf-8", "replace") if self.proc.stdout else ""
                raise AssertionError(f"kyogitai serve ended ({self.proc.returncode}): {out}")
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
        if self.proc.stdout:
            self.proc.stdout.close()


@pytest.fixture
def demo_store(tmp_path: Path) -> Path:
    store = tmp_path / HOSTILE_DIR
    assert main(["--store", str(store), "demo"]) == 0
    return store


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


# ---------------------------------------------------------------------------------------
# In a browser


def _chromium() -> str:
    from browser_driver import chromium_path

    found = chromium_path()
    if found is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    return found


def _lock(store: Path) -> tuple[str, int] | None:
    locks = store / ".kyogitai" / "locks"
    for path in sorted(locks.glob("*.lock")) if locks.is_dir() else []:
        try:
            return path.stem, int(json.loads(path.read_text(encoding="utf-8"))["pid"])
        except (OSError, ValueError, KeyError):
            continue  # being written
    return None


async def _until(probe, timeout: float, what: str):  # type: ignore[no-untyped-def]
    from browser_driver import _wait_for  # (imported with the browser tests only)

    return await _wait_for(probe, timeout, what)


def _saved_ideas(store: Path, session_id: str) -> list[str]:
    try:
        doc = json.loads((store / f"{session_id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [idea["text"] for idea in doc.get("ideas", [])]


def _alive(pid: int) -> bool:
    from facilitator.locks import pid_alive

    return pid_alive(pid)


def test_the_page_loads_in_headless_chromium_and_a_reload_reopens_editable(demo_store: Path, tmp_path: Path) -> None:
    _chromium()
    served = Served(demo_store)
    try:
        served.wait_ready()
        asyncio.run(_reload_scenario(served, tmp_path))
    finally:
        served.stop()


async def _reload_scenario(served: Served, tmp_path: Path) -> None:
    from browser_driver import Browser

    store = served.store
    async with Browser() as browser:
        await browser.goto(served.url)
        await browser.wait_for_app(60)
        await browser.focus_terminal()
        await browser.wait_for_text(NEWEST, 60)  # the home screen with its sessions
        await browser.wait_for_text("再読み込み")  # its footer, the browser key beside it
        shot = Path(os.environ.get("KYOGITAI_SCREENSHOT_DIR", tmp_path)) / "serve-home.png"
        await browser.screenshot(shot)
        assert shot.stat().st_size > 5_000

        # o: the selected (newest) session, for editing: this browser's app takes its lock.
        await browser.press("o")
        session_id, first_pid = await _until(lambda: _lock(store), 30, "the lock of the opened session")
        assert _alive(first_pid)

        # A reload: textual-serve ends that app; its lock goes with it…
        await browser.reload()
        await _until(lambda: _lock(store) is None and not _alive(first_pid), 30,
                     "the old app to end and give its lock back")
        await browser.wait_for_app(60)
        await browser.focus_terminal()
        await browser.wait_for_text(NEWEST, 60)
        # …and the same session opens for editing again, in the new app.
        await browser.press("o")
        def new_lock() -> tuple[str, int] | None:
            current = _lock(store)
            return current if current is not None and current[1] != first_pid else None

        lock = await _until(new_lock, 30, "the session's lock taken by the reloaded page")
        assert lock[0] == session_id and _alive(lock[1])
        await browser.wait_for_text("保存済み")  # the header of an editable meeting
        assert "読み取り専用" not in await browser.terminal_text()

        # A meeting step in the browser: back to 情報・意見交換, an idea typed the way an IME
        # commits it, Enter, then projection with the browser's key.
        for _ in range(3):
            await browser.press("pageup")
        await browser.wait_for_text("4/7")
        await browser.type_text(IDEA)
        await browser.wait_for_text(IDEA, 30)  # in the field before Enter, as a person sees it
        await browser.press("enter")
        await _until(lambda: IDEA in _saved_ideas(store, session_id), 30, "the idea saved to the file")
        drawn = len(await browser.terminal_text())
        await browser.press("ctrl+o")
        # Projection is only drawn (nothing on disk): wait for the app to redraw the page.
        async def redrawn() -> bool:
            return len(await browser.terminal_text()) > drawn + 500

        deadline = time.monotonic() + 30  # a loaded machine
        while not await redrawn():
            assert time.monotonic() < deadline, "Ctrl+O redrew nothing"
            await asyncio.sleep(0.1)
        await browser.screenshot(shot.with_name("serve-meeting.png"))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_an_app_whose_server_was_killed_gives_its_lock_back(demo_store: Path) -> None:
    """kill -9 of the server: its apps would run on, holding their locks with a live pid.
    They notice the server is gone, save, release and end."""
    _chromium()
    served = Served(demo_store)
    try:
        served.wait_ready()
        asyncio.run(_kill_scenario(served))
    finally:
        served.stop()


async def _open_newest_in(browser, served: Served) -> int:  # type: ignore[no-untyped-def]
    """The served home page in ``browser``, the newest session opened for editing: its app's pid."""
    await browser.goto(served.url)
    await browser.wait_for_app(60)
    await browser.focus_terminal()
    await browser.wait_for_text(NEWEST, 60)
    await browser.press("o")
    _, app_pid = await _until(lambda: _lock(served.store), 30, "the lock of the opened session")
    return app_pid


async def _kill_scenario(served: Served) -> None:
    from browser_driver import Browser

    async with Browser() as browser:
        app_pid = await _open_newest_in(browser, served)
        os.kill(served.proc.pid, signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        served.proc.wait(10)
        try:
            await _until(lambda: not _alive(app_pid) and _lock(served.store) is None, 20,
                         "the orphaned app to end and release its lock")
        finally:
            if _alive(app_pid):  # don't leave an orphan behind when this fails
                os.kill(app_pid, signal.SIGTERM)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_ends_the_server_and_its_apps_promptly(demo_store: Path) -> None:
    """Ctrl+C with a tab open: aiohttp would wait 60 s for the open connection; the server ends
    each tab's app at once, and each saves and gives its lock back."""
    _chromium()
    served = Served(demo_store)
    try:
        served.wait_ready()
        asyncio.run(_ctrl_c_scenario(served))
    finally:
        served.stop()


async def _ctrl_c_scenario(served: Served) -> None:
    from browser_driver import Browser

    async with Browser() as browser:
        app_pid = await _open_newest_in(browser, served)
        served.proc.send_signal(signal.SIGINT)
        assert served.proc.wait(20) == 0
        await _until(lambda: not _alive(app_pid) and _lock(served.store) is None, 20,
                     "the app to end and release its lock")
        out = served.proc.stdout.read().decode("utf-8", "replace") if served.proc.stdout else ""
        assert "Traceback" not in out
