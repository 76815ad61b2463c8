"""kyogitai serve in headless Chromium (README.md "In a browser"): a reload must find the user's
session editable again, a killed server must not leave its app running (shown as there to the others), Ctrl+C ends the
server and its apps. Skipped when no Chromium is installed (Debian: ``apt-get install chromium``),
a failure instead when CI=true. The server's own checks are in tests/core/test_serve.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from served import Served, write_demo_store

pytestmark = pytest.mark.e2e

IDEA = "ブラウザから出たアイデア"
NEWEST = "一年のふりかえり"  # the demo's newest session: first on the home screen


@pytest.fixture
def demo_store(tmp_path: Path) -> Path:
    return write_demo_store(tmp_path)


def _chromium() -> str:
    from browser_driver import require_chromium

    return require_chromium()


def _presence(store: Path) -> tuple[str, int] | None:
    """(session id, pid) of a window that has a session open (its presence file), or None."""
    folder = store / ".kyogitai" / "presence"
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            return str(doc["session"]), int(doc["pid"])
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
    from facilitator.presence import pid_alive

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

        # o: the selected (newest) session, for editing: this browser's app says it is there.
        await browser.press("o")
        session_id, first_pid = await _until(lambda: _presence(store), 30, "the presence of the opened session")
        assert _alive(first_pid)

        # A reload: textual-serve ends that app; its presence goes with it…
        await browser.reload()
        await _until(lambda: _presence(store) is None and not _alive(first_pid), 30,
                     "the old app to end and remove its presence")
        await browser.wait_for_app(60)
        await browser.focus_terminal()
        await browser.wait_for_text(NEWEST, 60)
        # …and the same session opens for editing again, in the new app.
        await browser.press("o")
        def new_window() -> tuple[str, int] | None:
            current = _presence(store)
            return current if current is not None and current[1] != first_pid else None

        there = await _until(new_window, 30, "the reloaded page's presence on the session")
        assert there[0] == session_id and _alive(there[1])
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


def test_the_item_keys_and_typing_on_a_list_arrive_from_the_browser(demo_store: Path) -> None:
    """The keys that act on a list's items reach the app through the browser's terminal
    (xterm.js): Ctrl+K, Ctrl+E, Ctrl+D on an idea, Ctrl+X and Ctrl+Y in the hand-off step, Ctrl+A
    on the homework. And a sentence committed by an IME while the idea list has the focus lands
    in the idea field, then Enter adds it."""
    _chromium()
    served = Served(demo_store)
    try:
        served.wait_ready()
        asyncio.run(_item_keys_scenario(served))
    finally:
        served.stop()


def _saved(store: Path, session_id: str) -> dict:  # type: ignore[type-arg]
    try:
        return json.loads((store / f"{session_id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


async def _item_keys_scenario(served: Served) -> None:
    from browser_driver import Browser

    sentence = "月2回の乗り合いを1日3便LINEで"
    store = served.store
    async with Browser() as browser:
        await _open_newest_in(browser, served)
        session_id, _ = _presence(store)  # type: ignore[misc]
        for _ in range(3):
            await browser.press("pageup")
        await browser.wait_for_text("4/7")
        await browser.press("down")  # into the idea list: its keys in the footer
        await browser.wait_for_text("種類")
        await browser.type_text(sentence)
        await browser.wait_for_text(sentence, 30)
        await browser.press("enter")

        def new_idea() -> dict | None:  # type: ignore[type-arg]
            return next((i for i in _saved(store, session_id).get("ideas", []) if i["text"] == sentence), None)

        await _until(new_idea, 30, "the typed idea saved")
        await browser.press("down")
        # The list has the focus once its own keys are in the footer (「関心＋」: the rows' 「関心 2」
        # was on screen already, and a key sent before the focus moved went to the field).
        await browser.wait_for_text("関心＋")
        for key in ("ctrl+k", "ctrl+e", "ctrl+e", "ctrl+d"):  # 未分類 → 自分たちで; interest 2 − 1
            await browser.press(key)
        await _until(lambda: (i := new_idea()) is not None and (i.get("kind"), i.get("interest")) == ("self", 1),
                     30, "Ctrl+K, Ctrl+E and Ctrl+D applied to the idea")

        await browser.press("pagedown")
        await browser.wait_for_text("5/7")
        # The hand-off list has the focus once its keys are in the footer (a key pressed before
        # the step's panel is up has no list to act on).
        await browser.wait_for_text("選ぶ")
        await browser.wait_for_text("種類")
        await browser.press("ctrl+x")  # the idea under the cursor marked to hand off
        await browser.wait_for_text("選択 1")
        await browser.press("ctrl+y")  # the rest to homework: it asks first
        await browser.wait_for_text("宿題にする")
        await browser.press("enter")
        await _until(lambda: (i := new_idea()) is not None and i.get("status") == "homework", 30,
                     "Ctrl+Y: the open ideas became homework")

        for _ in range(2):
            await browser.press("pagedown")
        await browser.wait_for_text("7/7")
        # From the next-meeting fields to the homework list (Tab again if the first one came
        # before the step had put the focus on its field).
        for attempt in range(5):
            await browser.press("tab")
            try:
                await browser.wait_for_text("宿題を追加", 5)
                break
            except TimeoutError:
                assert attempt < 4, "the homework list never had the focus"
        await browser.press("ctrl+a")
        await browser.wait_for_text("キャンセル")  # the add form
        await browser.press("escape")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_an_app_whose_server_was_killed_removes_its_presence(demo_store: Path) -> None:
    """kill -9 of the server: its apps would run on with nobody to see them, shown to the others
    as there (and perhaps holding the meeting's clock). They notice the server is gone, save,
    remove their presence and end."""
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
    _, app_pid = await _until(lambda: _presence(served.store), 30, "the presence of the opened session")
    return app_pid


async def _kill_scenario(served: Served) -> None:
    from browser_driver import Browser

    async with Browser() as browser:
        app_pid = await _open_newest_in(browser, served)
        os.kill(served.proc.pid, signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        served.proc.wait(10)
        try:
            await _until(lambda: not _alive(app_pid) and _presence(served.store) is None, 20,
                         "the orphaned app to end and remove its presence")
        finally:
            if _alive(app_pid):  # don't leave an orphan behind when this fails
                os.kill(app_pid, signal.SIGTERM)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_ends_the_server_and_its_apps_promptly(demo_store: Path) -> None:
    """Ctrl+C with a tab open: aiohttp would wait 60 s for the open connection; the server ends
    each tab's app at once, and each saves and removes its presence."""
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
        await _until(lambda: not _alive(app_pid) and _presence(served.store) is None, 20,
                     "the app to end and remove its presence")
        out = served.proc.stdout.read().decode("utf-8", "replace") if served.proc.stdout else ""
        assert "Traceback" not in out
