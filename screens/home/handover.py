"""The home screen's t: the hand-over for the next SC of the selected session's body
(facilitator/handover/), written to the exports folder beside the store.

A question first (which format: Markdown, HTML, Word); the body's sessions are read and the file
written in a thread worker; the notice line says where it went.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitator.i18n import t

if TYPE_CHECKING:
    from textual.screen import Screen

    from facilitator.store import Store


class HandoverWriter:
    def __init__(self, screen: Screen[Any], store: Store) -> None:
        self.screen = screen
        self.store = store

    def ask(self, body: str) -> None:
        from screens.choice import ChoiceScreen

        def answered(fmt: str | None) -> None:
            if fmt is not None:
                self.screen.notify(t("home.handover_writing"), markup=False)
                self.screen.run_worker(lambda: self._write(body, fmt), thread=True, group="handover",
                                       exit_on_error=False, name="handover")

        self.screen.app.push_screen(ChoiceScreen(
            t("home.handover_question", body=body), t("home.handover_detail"),
            [("md", t("home.handover_md")), ("html", t("home.handover_html")), ("docx", t("home.handover_docx"))],
        ), answered)

    def _write(self, body: str, fmt: str) -> None:
        """In a thread: read the body's sessions, render, write into ``exports/``."""
        from facilitator.export.word import OfficeMissing
        from facilitator.export_target import default_folder, refuse_inside_store
        from facilitator.handover import file_name, handover_from_store, render
        from facilitator.store import atomic_write
        from facilitator.store.reach import make_folder

        app = self.screen.app
        try:
            handover = handover_from_store(self.store, body, date.today())
            data = render(handover, fmt)
            target = default_folder(self.store.root) / file_name(handover, fmt)
            refuse_inside_store(target, self.store.root)
            make_folder(target.parent, self.store.folder_mode())
            atomic_write(target, data, mode=self.store.file_mode(), sweep=True)  # personal data: owner-only
        except OfficeMissing:
            app.call_from_thread(self._said, t("export.docx_missing"), "warning")
            return
        except (ValueError, OSError) as e:
            reason = getattr(e, "strerror", None) or str(e) or e.__class__.__name__
            app.call_from_thread(self._said, t("export.failed", reason=reason), "error")
            return
        app.call_from_thread(self._said, t("home.handover_written", target=str(Path(target).resolve())), "information")

    def _said(self, message: str, severity: str) -> None:
        self.screen.notify(message, severity=severity, markup=False, timeout=10)  # type: ignore[arg-type]
