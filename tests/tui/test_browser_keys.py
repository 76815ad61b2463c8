"""Browser mode (kyogitai serve sets KYOGITAI_BROWSER=1): every action on a key the browser takes
for itself (F1, F3, F4, F5, F6, Ctrl+Q) also has a key browsers leave alone, shown in the footer
and in the help; in a terminal nothing changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets import Input, TextArea

from facilitator.session_json import session_to_json
from facilitator.store import Store, StoreLocation
from factories import NOW, make_session
from pilot_helpers import make_app
from screens.app import KyogitaiApp
from screens.board import BoardScreen
from screens.browser import BROWSER_KEYS, browser_keymap, browser_mode, our_bindings
from screens.help import with_browser_keys
from screens.help import HelpScreen
from screens.widgets.footer import Footer
from screens.meeting import MeetingScreen
from screens.roster import RosterScreen

SIZE = (160, 40)  # wide enough for the whole footer


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KYOGITAI_BROWSER", "1")


def footer_keys(app: KyogitaiApp) -> dict[str, str]:
    """{action: the key shown for it} in the footer of the screen in front."""
    return {k.action: k.key for k in app.screen.query_one(Footer).entries}


# ---------------------------------------------------------------------------------------
# The table


def test_browser_mode_is_the_environment_variable() -> None:
    assert browser_mode({"KYOGITAI_BROWSER": "1"})
    assert not browser_mode({})
    assert not browser_mode({"KYOGITAI_BROWSER": "0"})
    assert not browser_mode({"KYOGITAI_BROWSER": ""})


def test_every_binding_on_a_browser_key_gets_its_alternative_first() -> None:
    keymap = browser_keymap()
    taken = [b for b in our_bindings() if b.key in BROWSER_KEYS]
    assert {"app.quit", "meeting.projection", "meeting.board", "meeting.roster", "meeting.help",
            "meeting.timer", "board.projection", "board.close", "board.help", "board.target",
            "home.reload", "homework.reload", "help.close"} <= {b.id for b in taken}
    for binding in taken:
        assert binding.id is not None, f"{binding.action} on {binding.key} has no id: no browser key"
        keys = keymap[binding.id].split(",")
        assert keys[0] == BROWSER_KEYS[binding.key], binding.id  # shown in the footer
        assert binding.key in keys  # the terminal key still works where the browser passes it


def test_browser_keys_clash_with_nothing() -> None:
    """No binding of ours, and no editing key of Input/TextArea, is already on a browser key:
    Ctrl+O in the idea field must reach the screen."""
    alternatives = set(BROWSER_KEYS.values())
    ours = {b.key for b in our_bindings()}
    assert not alternatives & ours
    for widget in (Input, TextArea):
        editing = set(widget._merged_bindings.key_to_bindings)
        assert not alternatives & editing, widget


def test_binding_ids_are_unique_across_classes() -> None:
    """The keymap names bindings by id alone: two classes sharing an id would share keys."""
    from textual.dom import DOMNode

    from screens.browser import _import_all_screens

    _import_all_screens()
    owners: dict[str, str] = {}
    todo, seen = list(DOMNode.__subclasses__()), set()
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("screens.") and "BINDINGS" in vars(cls):
            for b in Binding.make_bindings(vars(cls)["BINDINGS"]):
                if b.id:
                    assert owners.setdefault(b.id, cls.__qualname__) == cls.__qualname__, b.id


def test_help_labels_get_the_browser_key_beside() -> None:
    assert with_browser_keys("F4 / Esc") == "Ctrl+B / F4 / Esc"
    assert with_browser_keys("F5") == "Ctrl+O / F5"
    assert with_browser_keys("Ctrl+Q") == "F10 / Ctrl+Q"
    assert with_browser_keys("F10") == "F10"
    assert with_browser_keys("Ctrl+R") == "Ctrl+R"


# ---------------------------------------------------------------------------------------
# In the app


async def test_meeting_footer_shows_the_browser_keys_and_they_act(tmp_path: Path, browser: None) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert isinstance(app.focused, Input)  # the idea field: Ctrl+O must still get through
        shown = footer_keys(app)
        assert shown["toggle_projection"] == "ctrl+o"
        assert shown["board"] == "ctrl+b"
        assert shown["roster"] == "ctrl+l"
        assert shown["help"] == "ctrl+f"
        assert shown["quit"] == "f10"

        await pilot.press("ctrl+o")
        assert screen.has_class("projection")
        await pilot.press("f5")  # the terminal key still works when the browser passes it
        assert not screen.has_class("projection")

        running = screen.meeting.running
        await pilot.press("f8")
        assert screen.meeting.running != running

        await pilot.press("ctrl+b")
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        assert footer_keys(app)["close"] == "ctrl+b"
        await pilot.press("ctrl+o")
        assert board.has_class("projection") and screen.has_class("projection")
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert app.screen is screen

        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.screen is screen

        await pilot.press("ctrl+f")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        keys = [k for _, rows in help_screen.sections for k, _ in rows]
        assert "Ctrl+O / F5" in keys and "Ctrl+B / F4" in keys
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.screen is screen

        await pilot.press("f10")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_the_footer_keeps_its_order_and_labels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rebound keys would move to the end of the footer (cut off in a narrow window), and
    PgDn would read 'pagedown': browser mode keeps both as in the terminal."""
    shown: dict[str, list[tuple[str, str]]] = {}
    for mode in ("terminal", "browser"):
        if mode == "browser":
            monkeypatch.setenv("KYOGITAI_BROWSER", "1")
        else:
            monkeypatch.delenv("KYOGITAI_BROWSER", raising=False)
        app = make_app(tmp_path / mode)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            shown[mode] = [(k.action, k.key_display) for k in app.screen.query_one(Footer).entries]
    # The same keys in the same order (the focused field's own ↓ may change places).
    order = {mode: [a for a, _ in keys if a != "to_list"] for mode, keys in shown.items()}
    assert order["browser"] == order["terminal"]
    assert {a for a, _ in shown["browser"]} == {a for a, _ in shown["terminal"]}
    labels = dict(shown["browser"])
    assert labels["next_step"] == "PgDn" and labels["toggle_projection"] == "^o"
    assert labels["board"] == "^b" and labels["quit"] == "f10"


async def test_terminal_keys_are_unchanged_without_browser_mode(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KYOGITAI_BROWSER", raising=False)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        shown = footer_keys(app)
        assert shown["toggle_projection"] == "f5" and shown["board"] == "f4"
        assert "ctrl+o" not in app.screen.active_bindings
        await pilot.press("ctrl+o")
        assert not screen.has_class("projection")
        await pilot.press("f5")
        assert screen.has_class("projection")
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        keys = [k for _, rows in help_screen.sections for k, _ in rows]
        assert "F5" in keys and not any("Ctrl+O" in k for k in keys)


async def test_home_reloads_with_the_browser_key(tmp_path: Path, browser: None) -> None:
    from screens.widgets.table_view import TableView

    store = Store(tmp_path)
    store.save(make_session(title="第1回 定例会"))
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert footer_keys(app)["reload"] == "ctrl+o"
        later = make_session(title="第2回 ブラウザから見える会", date="2026-09-16")
        (tmp_path / f"{later.id}.json").write_text(
            json.dumps(json.loads(session_to_json(later)), ensure_ascii=False), encoding="utf-8")
        table = app.screen.query_one(TableView)
        assert not any("ブラウザから見える会" in c.plain for r in table.rows for c in r.cells)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert any("ブラウザから見える会" in c.plain for r in table.rows for c in r.cells)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


# ---------------------------------------------------------------------------------------
# The end of a served app


async def test_a_served_app_whose_server_is_gone_saves_releases_and_ends(tmp_path: Path) -> None:
    """The server killed (kill -9): the app saves what was typed, removes its presence, ends."""
    import asyncio

    from screens.browser import watch_server

    app = make_app(tmp_path)
    session_id = app.session.id  # type: ignore[union-attr]
    presence = tmp_path / ".kyogitai" / "presence"
    server_alive = True
    async with app.run_test(size=SIZE) as pilot:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while not list(presence.glob(f"{session_id}.*.json")) and loop.time() < deadline:
            await pilot.pause(0.05)
        assert list(presence.glob(f"{session_id}.*.json"))  # this window is there for the others
        field = app.screen.query_one("#idea-input", Input)
        field.value = "サーバーが消えても残るアイデア"
        field.focus()
        await pilot.press("enter")
        checked: list[int] = []

        def alive(pid: int) -> bool:
            checked.append(pid)
            return server_alive and pid == 4242

        watch_server(app, {"KYOGITAI_SERVE_PID": "4242"}, alive=alive)
        deadline = loop.time() + 30  # a timeout for a loaded machine; the watch checks every 2 s
        while not checked and loop.time() < deadline:
            await pilot.pause(0.05)
        assert checked and set(checked) == {4242}
        await pilot.pause()
        assert app.is_running  # the server runs: nothing happens
        server_alive = False
        deadline = loop.time() + 30
        while app.is_running and loop.time() < deadline:
            await asyncio.sleep(0.05)
        assert not app.is_running  # ended by the watch, not by leaving run_test
    saved = json.loads((tmp_path / f"{session_id}.json").read_text(encoding="utf-8"))
    assert "サーバーが消えても残るアイデア" in [i["text"] for i in saved["ideas"]]
    assert not list(presence.glob(f"{session_id}.*.json"))  # the others stop showing it at once


async def test_closing_the_tab_saves_what_was_typed(tmp_path: Path) -> None:
    """textual-serve ends the app of a closed or reloaded tab with Textual's ExitApp, not our
    Ctrl+Q: what was typed in the last second is saved and the presence removed all the same."""
    from textual import messages

    app = make_app(tmp_path)
    session_id = app.session.id  # type: ignore[union-attr]
    presence = tmp_path / ".kyogitai" / "presence"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#idea-input", Input)
        field.value = "閉じる直前のアイデア"
        field.focus()
        await pilot.press("enter")
        app.post_message(messages.ExitApp())  # what the web driver does on the server's "quit"
        await pilot.pause()
    saved = json.loads((tmp_path / f"{session_id}.json").read_text(encoding="utf-8"))
    assert "閉じる直前のアイデア" in [i["text"] for i in saved["ideas"]]
    assert not list(presence.glob(f"{session_id}.*.json"))
