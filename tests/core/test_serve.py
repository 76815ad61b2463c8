"""kyogitai serve: the app in a browser through textual-serve (README.md "In a browser").

Unit tests for the host refusal, the quoting of the served command, the origin/host checks; and
the server started for real on loopback. The page in headless Chromium is in
tests/e2e/test_serve_in_browser.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.serve import (
    INSTALL_HINT,
    ServeRefused,
    check_host,
    served_argv,
    shell_command,
    start_message,
    strip_external_links,
)
from facilitator.serve_access import (
    allowed_hosts,
    cookie_name,
    is_loopback,
    new_token,
    open_urls,
    request_allowed,
    token_matches,
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
    warning = check_host(host, allow_remote=True)
    assert warning is not None and "トークン" in warning and "テザリング" in warning


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
    assert request_allowed("127.0.0.1:8000", None, hosts)  # not a browser page (the token still counts)
    # Another site's page open in the same browser:
    assert not request_allowed("127.0.0.1:8000", "https://evil.example", hosts)
    assert not request_allowed("127.0.0.1:8000", "null", hosts)
    # DNS rebinding: a page of evil.example whose name now points at 127.0.0.1.
    assert not request_allowed("evil.example:8000", "http://evil.example:8000", hosts)
    assert not request_allowed(None, None, hosts)
    # Without --allow-remote, this PC's LAN address is not one of the names.
    assert not request_allowed("192.168.1.10:8000", None, hosts)


def test_allow_remote_keeps_the_host_and_origin_checks() -> None:
    hosts = allowed_hosts("0.0.0.0", 8000, allow_remote=True, lan=["192.168.1.10"], names=["sc-laptop"])
    assert request_allowed("192.168.1.10:8000", "http://192.168.1.10:8000", hosts)
    assert request_allowed("sc-laptop:8000", "http://sc-laptop:8000", hosts)
    assert request_allowed("127.0.0.1:8000", "http://127.0.0.1:8000", hosts)
    # Still only its own pages, and only under its own names (DNS rebinding to the LAN address):
    assert not request_allowed("192.168.1.10:8000", "http://evil.example", hosts)
    assert not request_allowed("evil.example:8000", "http://evil.example:8000", hosts)
    assert not request_allowed("0.0.0.0:8000", None, hosts)  # never a name a browser should use
    bound = allowed_hosts("192.168.1.10", 8000, allow_remote=True, lan=[], names=[])
    assert request_allowed("192.168.1.10:8000", None, bound)
    assert not request_allowed("10.0.0.9:8000", None, bound)


def test_the_token_is_random_and_compared_whole() -> None:
    token = new_token()
    assert len(token) >= 32 and token != new_token()
    assert token_matches(token, token)
    assert not token_matches(token[:-1], token) and not token_matches(token + "x", token)
    assert not token_matches(None, token) and not token_matches("", token) and not token_matches("", "")
    assert cookie_name(8000) != cookie_name(8001)  # two servers on one PC keep their own cookies


def test_the_printed_addresses_are_ones_a_browser_can_open() -> None:
    local = open_urls("127.0.0.1", 8000, "TOK")
    assert local == ["http://127.0.0.1:8000/?token=TOK"]
    wildcard = open_urls("0.0.0.0", 8000, "TOK", allow_remote=True, lan=["192.168.1.10"])
    assert wildcard == ["http://127.0.0.1:8000/?token=TOK", "http://192.168.1.10:8000/?token=TOK"]
    assert not any("0.0.0.0" in u for u in wildcard)
    assert open_urls("::", 8000, "TOK", allow_remote=True, lan=[])[0] == "http://127.0.0.1:8000/?token=TOK"
    assert open_urls("192.168.1.10", 8000, "TOK", allow_remote=True) == ["http://192.168.1.10:8000/?token=TOK"]


def test_the_start_message_has_every_address_and_a_qr_code_for_other_devices() -> None:
    urls = ["http://127.0.0.1:8000/?token=TOK", "http://192.168.1.10:8000/?token=TOK"]
    remote = start_message(urls, "/s", remote=True)
    assert all(u in remote for u in urls)
    assert "▀" in remote or "▄" in remote or "█" in remote  # the QR code (segno, in the web extra)
    local = start_message(urls[:1], "/s")
    assert urls[0] in local and "█" not in local  # nobody else can open it: no QR code


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
        port = served.port
        assert "kyogitai" in page and f"ws://127.0.0.1:{port}/ws" in page
        assert "googleapis" not in page
        # Opened as localhost, the page's websocket is localhost too (its Origin must match).
        status, page = get(f"http://localhost:{port}/?token={served.token}")
        assert status == 200 and f"ws://localhost:{port}/ws" in page
        # A page under another name (DNS rebinding) gets nothing, token or not.
        assert get(served.url, {"Host": f"evil.example:{port}"})[0] == 403
        # Another site's page can't open the app's websocket, even with the cookie.
        assert asyncio.run(_websocket_status(port, "https://evil.example", served.token)) == 403
        # Nobody listens beyond loopback (where this machine has another address to try).
        address = _non_loopback_address()
        if address:
            with pytest.raises(OSError), socket.create_connection((address, port), timeout=2):
                pass
    finally:
        served.stop()


def test_without_the_token_every_page_and_websocket_is_refused(demo_store: Path) -> None:
    served = Served(demo_store)
    try:
        served.wait_ready()
        port, token = served.port, served.token
        # Without the token or its cookie: the page, the static files, the websocket (also
        # without an Origin, as another local account's script would send it).
        for path in ("/", "/static/js/textual.js", f"/?token={token[:-1]}", "/?token="):
            assert get(f"http://127.0.0.1:{port}{path}")[0] == 403, path
        assert asyncio.run(_websocket_status(port, None, None)) == 403
        assert asyncio.run(_websocket_status(port, f"http://127.0.0.1:{port}", None)) == 403
        assert asyncio.run(_websocket_status(port, None, "wrong")) == 403
        # The printed address answers and sets the cookie; the cookie alone then lets the page,
        # its files and its websocket through.
        import urllib.request

        with urllib.request.urlopen(served.url, timeout=5) as r:
            assert r.status == 200
            cookie = r.headers["Set-Cookie"]
        assert f"{cookie_name(port)}={token}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
        header = {"Cookie": f"{cookie_name(port)}={token}"}
        assert get(f"http://127.0.0.1:{port}/", header)[0] == 200
        assert get(f"http://127.0.0.1:{port}/static/js/textual.js", header)[0] == 200
        assert asyncio.run(_websocket_status(port, f"http://127.0.0.1:{port}", token)) == 101
        # Another local account: the same requests from a process of the user nobody.
        if hasattr(os, "geteuid") and os.geteuid() == 0 and Path("/usr/bin/python3").exists():
            out = subprocess.run(
                ["/usr/bin/python3", "-c", _AS_ANOTHER_USER, str(port)], user=65534, group=65534,
                capture_output=True, text=True, timeout=60, cwd="/",
            )
            assert out.stdout.split() == ["403", "403"], out.stderr
    finally:
        served.stop()


# What another local account's process does (stdlib only: it runs as nobody, outside our venv).
_AS_ANOTHER_USER = """
import http.client, sys
port = int(sys.argv[1])
for path, headers in (("/", {}), ("/ws", {"Upgrade": "websocket", "Connection": "Upgrade",
                                          "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
                                          "Sec-WebSocket-Version": "13"})):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("GET", path, headers=headers)
    print(c.getresponse().status)
    c.close()
"""


async def _websocket_status(port: int, origin: str | None, token: str | None) -> int:
    import aiohttp

    headers = {}
    if origin is not None:
        headers["Origin"] = origin
    if token is not None:
        headers["Cookie"] = f"{cookie_name(port)}={token}"
    async with aiohttp.ClientSession() as http:
        try:
            async with http.ws_connect(f"ws://127.0.0.1:{port}/ws", headers=headers):
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


def test_allow_remote_prints_the_lan_address_and_keeps_refusing_other_names(demo_store: Path) -> None:
    from facilitator.serve_access import lan_addresses

    served = Served(demo_store, "--host", "0.0.0.0", "--allow-remote")
    try:
        served.wait_ready()
        port, token = served.port, served.token
        printed = "".join(served.output)
        assert "0.0.0.0" not in printed.split("kyogitai:")[0]  # never an address a browser can't open
        for address in lan_addresses():
            url = f"http://{address}:{port}/?token={token}"
            assert url in printed
            assert get(url)[0] == 200  # another device on the LAN, as this machine can play it
            assert get(f"http://{address}:{port}/")[0] == 403  # …and only with the token
        # The Host and Origin checks stay: another name for this address (DNS rebinding), or
        # another site's page, gets nothing even with the token.
        assert get(served.url, {"Host": f"evil.example:{port}"})[0] == 403
        assert asyncio.run(_websocket_status(port, "https://evil.example", token)) == 403
    finally:
        served.stop()
