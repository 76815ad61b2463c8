"""ServeDialog: the address (and its QR code) a note-taker's device opens to type into the meeting.

Opened from the home screen (w). The server itself belongs to the app (``KyogitaiApp.session_server``,
started in a thread worker by the home screen): closing this dialog leaves it running, so the SC
can open the meeting and project it while the note-taker types; the dialog's stop key, serving
another meeting, or quitting the app ends it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from facilitator.i18n import t
from facilitator.serve_access import qr_text

if TYPE_CHECKING:
    from facilitator.serve_launch import SessionServer


class ServeDialog(ModalScreen[bool]):
    """Dismissed with True when the SC stopped serving, False when only closed."""

    BINDINGS = [
        Binding("escape", "close", t("serve_dialog.close"), id="serve.close"),
        Binding("ctrl+s", "stop", t("serve_dialog.stop"), id="serve.stop"),
    ]
    CSS_PATH = ["dialogs.tcss"]

    def __init__(self, server: SessionServer, title: str) -> None:
        super().__init__()
        self.server = server
        self.meeting_title = title

    def compose(self) -> ComposeResult:
        from screens.widgets.footer import Footer

        with Vertical(id="serve"):
            yield Label(Text(t("serve_dialog.title", title=self.meeting_title)), id="serve-title")
            with Horizontal(id="serve-body"):
                qr = qr_text(self.server.remote_url, border=2)
                if qr:
                    yield Static(Text(qr.rstrip("\n"), no_wrap=True, overflow="crop"), id="serve-qr")
                with Vertical(id="serve-text"):
                    yield Static(Text(t("serve_dialog.open_this")), classes="serve-label")
                    yield Static(Text(self.server.remote_url), id="serve-url")
                    if len(self.server.urls) > 1:
                        yield Static(Text(t("serve_dialog.this_pc", url=self.server.urls[0])), classes="serve-label")
                    yield Static(Text(t("serve_dialog.warning")), id="serve-warning")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(False)

    def action_stop(self) -> None:
        self.dismiss(True)
