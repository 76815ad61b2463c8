"""The home screen's w: the selected meeting served to a note-taker's device (README "記録係が別の
端末で入力する"). A real ``kyogitai serve`` child process: its address answers with the token
only, opens the app on that meeting, and stops with Ctrl+S in the dialog."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Static

from facilitator.demo import write_demo
from facilitator.store import Store
from screens.serve_dialog import ServeDialog
from served import get
from test_home_screens import make_app, settle
from pilot_helpers import SIZE


def _dialog_shown(app) -> bool:  # type: ignore[no-untyped-def]
    return isinstance(app.screen, ServeDialog) and bool(app.screen.query("#serve-url"))


async def _until(pilot, condition, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.1)


def _text(widget: Static) -> str:
    content = widget.render()
    return content.plain if isinstance(content, Text) else str(content)


async def test_w_serves_the_selected_meeting_with_a_token_and_ctrl_s_stops_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "sessions")
    write_demo(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await _until(pilot, lambda: _dialog_shown(app), 60, "the serve dialog")
        dialog = app.screen
        assert isinstance(dialog, ServeDialog)
        server = dialog.server
        assert server.alive and server.session_id in [p.stem for p in store.root.glob("*.json")]
        url = _text(dialog.query_one("#serve-url", Static))
        assert "?token=" in url and "0.0.0.0" not in url
        assert dialog.query("#serve-qr")  # the QR code for the tablet's camera
        # This PC's address answers with the token, and only with it.
        local = server.urls[0]
        assert get(local)[0] == 200
        assert get(local.split("?")[0])[0] == 403
        # The served app opens on the selected meeting.
        assert server.proc.args[-2:] == ["--session", server.session_id]
        # Esc closes the dialog and serving goes on; w again shows the same server.
        await pilot.press("escape")
        await _until(pilot, lambda: not isinstance(app.screen, ServeDialog), 10, "the dialog to close")
        assert server.alive and app.session_server is server
        await pilot.press("w")
        await _until(pilot, lambda: _dialog_shown(app), 10, "the dialog again")
        assert app.screen.server is server
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: not server.alive, 30, "the server to stop")
        with pytest.raises(OSError):  # nobody listens there any more
            get(local)


async def test_quitting_the_app_stops_the_server(tmp_path: Path) -> None:
    store = Store(tmp_path / "sessions")
    write_demo(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await _until(pilot, lambda: _dialog_shown(app), 60, "the serve dialog")
        server = app.screen.server
        await pilot.press("escape")
        await pilot.press("ctrl+q")
    assert not server.alive  # stopped before the app ended (on_exit_app waits for it)
