"""Headless Chromium driven over the DevTools protocol, for the browser-mode tests.

``chromium --headless --screenshot`` alone is not enough here: its virtual time runs ahead while
the page waits on the app's websocket, so it photographs textual-serve's splash, never the app.
Over the DevTools protocol we wait for the app's first frame, press keys, reload, and take the
screenshot when there is something to see. aiohttp (textual-serve's own dependency) speaks it.

When CI=true a missing Chromium is a failure, as a missing tmux is (tmux_driver.require_tmux):
.ci/run installs both, and a browser test that skipped there would pass without having run.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """Chromium's path; without it the test skips, or fails when CI=true."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Chromium is required for the browser tests in CI (Debian: apt-get install chromium)")
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    return path


# key → (key, code, Windows virtual key code, text) for Input.dispatchKeyEvent
_KEYS = {
    "f5": ("F5", "F5", 116, ""),
    "enter": ("Enter", "Enter", 13, "\r"),
    "escape": ("Escape", "Escape", 27, ""),
    "pageup": ("PageUp", "PageUp", 33, ""),
    "pagedown": ("PageDown", "PageDown", 34, ""),
    "down": ("ArrowDown", "ArrowDown", 40, ""),
    "tab": ("Tab", "Tab", 9, ""),
}


class Browser:
    """One headless Chromium with one page. Use as ``async with Browser() as b``."""

    def __init__(self, width: int = 1200, height: int = 800) -> None:
        self.width, self.height = width, height
        # Chromium's helper processes may still write to the profile as it is removed.
        self._profile = tempfile.TemporaryDirectory(prefix="kyogitai-chromium-", ignore_cleanup_errors=True)
        self._proc: subprocess.Popen[bytes] | None = None
        self._http: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._ids = itertools.count(1)

    async def __aenter__(self) -> Browser:
        exe = chromium_path()
        assert exe is not None
        self._proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu",
             "--no-first-run", "--disable-extensions", f"--window-size={self.width},{self.height}",
             f"--user-data-dir={self._profile.name}", "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        port_file = Path(self._profile.name, "DevToolsActivePort")
        port = await _wait_for(lambda: _read_port(port_file), 30, "Chromium's DevTools port")
        self._http = aiohttp.ClientSession()
        async with self._http.get(f"http://127.0.0.1:{port}/json/list") as r:
            targets = await r.json()
        page = next(t for t in targets if t.get("type") == "page")
        self._ws = await self._http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        await self.call("Page.enable")
        await self.call("Page.addScriptToEvaluateOnNewDocument", source=_RECORD_TERMINAL)
        # A headless page never has the window's focus: without this the terminal's text field
        # gets no keys (and textual-serve tells the app it is blurred).
        await self.call("Emulation.setFocusEmulationEnabled", enabled=True)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._http is not None:
            await self._http.close()
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._profile.cleanup()

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        assert self._ws is not None
        my_id = next(self._ids)
        await self._ws.send_json({"id": my_id, "method": method, "params": params})
        while True:
            msg = await asyncio.wait_for(self._ws.receive(), 30)
            if msg.type != aiohttp.WSMsgType.TEXT:
                raise RuntimeError(f"DevTools connection: {msg.type}")
            data = json.loads(msg.data)
            if data.get("id") == my_id:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                return data.get("result", {})

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def goto(self, url: str) -> None:
        await self.call("Page.navigate", url=url)

    async def reload(self) -> None:
        await self.call("Page.reload")

    async def wait_for_app(self, timeout: float = 30) -> None:
        """Until the app has drawn its first frame (textual-serve marks the body -first-byte)."""
        await _wait_for_async(
            lambda: self.evaluate("document.body !== null && document.body.classList.contains('-first-byte')"),
            timeout, "the app's first frame in the page")

    async def focus_terminal(self) -> None:
        """Give the keyboard to the terminal, as a click into the page does."""
        await self.evaluate("(document.querySelector('.xterm-helper-textarea') || document.body).focus()")

    async def terminal_text(self) -> str:
        """What the app wrote to the page since it loaded, escape sequences removed."""
        raw = await self.evaluate("window.__kyogitaiText || ''") or ""
        return _ANSI.sub("", raw)

    async def wait_for_text(self, text: str, timeout: float = 30) -> None:
        """Until the app has drawn ``text`` (e.g. a title the home screen shows once loaded)."""
        async def seen() -> bool:
            return text in await self.terminal_text()

        await _wait_for_async(seen, timeout, f"{text!r} on the page")

    async def body_classes(self) -> str:
        return await self.evaluate("document.body ? document.body.className : ''") or ""

    async def press(self, key: str) -> None:
        """A key as a person presses it: a letter, a name in _KEYS, or ctrl+ a letter."""
        modifiers = 0
        if key.startswith("ctrl+"):
            modifiers, key = 2, key[len("ctrl+"):]
        if key in _KEYS:
            name, code, vk, text = _KEYS[key]
        else:
            name, code, vk, text = key, f"Key{key.upper()}", ord(key.upper()), key
        if modifiers:
            text = ""  # the terminal makes the control character itself
        down: dict[str, Any] = {"type": "keyDown", "key": name, "code": code, "windowsVirtualKeyCode": vk,
                                "modifiers": modifiers}
        if text:
            down["text"] = text
        await self.call("Input.dispatchKeyEvent", **down)
        await self.call("Input.dispatchKeyEvent", type="keyUp", key=name, code=code, windowsVirtualKeyCode=vk,
                        modifiers=modifiers)

    async def type_text(self, text: str) -> None:
        """Text as an IME commits it (Japanese included)."""
        await self.call("Input.insertText", text=text)

    async def screenshot(self, path: Path) -> None:
        shot = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))


# Keeps a copy of what the app sends to the terminal (the terminal draws on a canvas: nothing
# to read in the DOM), so a test can wait for a screen to show something.
_RECORD_TERMINAL = r"""
(() => {
  const Original = window.WebSocket;
  const decoder = new TextDecoder();
  window.__kyogitaiText = "";
  function Recording(url, protocols) {
    const ws = protocols === undefined ? new Original(url) : new Original(url, protocols);
    ws.addEventListener("message", (event) => {
      if (typeof event.data !== "string") {
        const text = decoder.decode(new Uint8Array(event.data), {stream: true});
        window.__kyogitaiText = (window.__kyogitaiText + text).slice(-1000000);
      }
    });
    return ws;
  }
  Recording.prototype = Original.prototype;
  for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Recording[name] = Original[name];
  window.WebSocket = Recording;
})();
"""

_ANSI = re.compile(r"\x1b(?:\[[0-9;?<=>]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def _read_port(path: Path) -> int | None:
    try:
        first = path.read_text().split()
    except OSError:
        return None
    return int(first[0]) if first else None


async def _wait_for(probe, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        await asyncio.sleep(0.05)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")


async def _wait_for_async(probe, timeout: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = await probe()
        if value:
            return value
        await asyncio.sleep(0.1)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")
