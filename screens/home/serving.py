"""The home screen's w: serve the selected meeting to a note-taker's device and show its address.

Starting the server (a child process, facilitator.serve_launch) and waiting until it answers
happen in a thread worker; the dialog (screens/serve_dialog.py) is shown when it does. The server
belongs to the app (``app.session_server``): it keeps running while the SC opens and projects the
meeting, and ends with the dialog's stop key, when another meeting is served, or at quit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from facilitator.i18n import t

if TYPE_CHECKING:
    from textual.screen import Screen

    from facilitator.serve_launch import SessionServer


class NoteTakerServing:
    def __init__(self, screen: Screen[Any], store_root: Any) -> None:
        self.screen = screen
        self.store_root = store_root

    def start(self, session_id: str, title: str) -> None:
        from facilitator.serve import WEB_PACKAGE
        from facilitator.serve_launch import web_extra_installed

        app = self.screen.app
        current: SessionServer | None = getattr(app, "session_server", None)
        if current is not None and current.alive and current.session_id == session_id:
            self._show(current, title)
            return
        if not web_extra_installed():
            self.screen.notify(t("serve.install_hint", package=WEB_PACKAGE), severity="warning", markup=False)
            return
        self.screen.notify(t("serve_dialog.starting"), markup=False)
        self.screen.run_worker(lambda: self._start(current, session_id, title), thread=True, group="serve",
                               exit_on_error=False, name="serve")

    def _start(self, previous: SessionServer | None, session_id: str, title: str) -> None:
        """In a thread: stop the meeting served before, start this one's, wait for its answer."""
        from facilitator.serve_launch import start_session_server

        app = self.screen.app
        if previous is not None:
            previous.stop()
        try:
            server = start_session_server(self.store_root, session_id)
        except OSError as e:
            app.call_from_thread(self._failed, e.strerror or str(e))
            return
        app.session_server = server
        if server.wait_ready():
            app.call_from_thread(self._show, server, title)
        else:
            server.stop()
            app.call_from_thread(self._failed, t("serve_dialog.no_answer"))

    def _failed(self, why: str) -> None:
        self.screen.notify(t("serve_dialog.failed", error=why), severity="error", markup=False)

    def _show(self, server: SessionServer, title: str) -> None:
        from screens.serve_dialog import ServeDialog

        def done(stop: bool | None) -> None:
            if stop:
                self.screen.run_worker(server.stop, thread=True, group="serve", exit_on_error=False)
                self.screen.notify(t("serve_dialog.stopped"), markup=False)

        self.screen.app.push_screen(ServeDialog(server, title), done)
