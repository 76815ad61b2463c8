"""Where ``notify`` shows what the app says: the screen's ``NoticeLine`` when it has one.

Screens and panels call ``self.notify`` as usual. ``NoticeRouting.notify`` (the App's) sends the
message to the ``NoticeLine`` of the screen in front — the meeting screen and the board have one,
above the footer, so nothing said covers the step (screens/widgets/notice_line.py says why) —
or, from a dialog opened over one of them, to that screen's line (drawn around the dialog); on
a screen without one (home, a dialog over home), to Textual's toasts, where the same message still
shown is not stacked again and at most ``TOASTS`` are kept.
"""

from __future__ import annotations

import threading

from rich.errors import MarkupError
from rich.text import Text
from textual.app import App
from textual.css.query import NoMatches
from textual.message import Message
from textual.notifications import Notification, SeverityLevel

from screens.ui_text import literal
from screens.widgets.notice_line import NoticeLine

TOASTS = 2  # toasts shown at once on a screen without a NoticeLine


class Said(Message):
    """``notify`` called from a worker thread, to be said on the UI thread."""

    def __init__(self, message: str, *, title: str, severity: SeverityLevel, timeout: float | None,
                 markup: bool) -> None:
        super().__init__()
        self.message = message
        self.title = title
        self.severity = severity
        self.timeout = timeout
        self.markup = markup


class NoticeRouting(App):  # type: ignore[type-arg]
    """The App's ``notify``, routed (mixed into KyogitaiApp)."""

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        if self._thread_id and threading.get_ident() != self._thread_id:
            # From a worker thread (notify is thread-safe in Textual: kept so): said on the UI
            # thread, without waiting for it (the app may be quitting).
            self.post_message(Said(message, title=title, severity=severity, timeout=timeout, markup=markup))
            return
        line = self._notice_line()
        if line is None:
            self._toast(message, title=title, severity=severity, timeout=timeout, markup=markup)
            return
        text = _text(message, markup)
        if title:
            text = Text.assemble((title, "bold"), " ", text)
        line.say(text, severity=severity, timeout=self.NOTIFICATION_TIMEOUT if timeout is None else timeout)

    def on_said(self, event: Said) -> None:
        self.notify(event.message, title=event.title, severity=event.severity, timeout=event.timeout,
                    markup=event.markup)

    def _notice_line(self) -> NoticeLine | None:
        """The front screen's line; for a dialog without one (a ModalScreen), the line of the
        screen it was opened over, which stays drawn around it — never a toast over the dialog,
        where Textual garbles wide characters (#6357)."""
        from textual.screen import ModalScreen

        try:
            stack = list(self.screen_stack)
        except Exception:  # (no screen yet)
            return None
        for screen in reversed(stack):
            try:
                return screen.query_one(NoticeLine)
            except (NoMatches, Exception):  # (a screen being torn down)
                if not isinstance(screen, ModalScreen):
                    return None
        return None

    def _toast(self, message: str, *, title: str, severity: SeverityLevel, timeout: float | None,
               markup: bool) -> None:
        # Textual's own notifications (a private collection), added at once rather than through
        # its Notify message, so that a burst of the same message is seen as one: the same
        # message is said once, and only the newest few stay.
        live = list(self._notifications)
        for old in live:
            if old.message == message:
                self._unnotify(old, refresh=False)
                live.remove(old)
        for old in live[: max(0, len(live) - (TOASTS - 1))]:
            self._unnotify(old, refresh=False)
        self._notifications.add(Notification(message, title, severity,
                                             self.NOTIFICATION_TIMEOUT if timeout is None else timeout, markup=markup))
        self._refresh_notifications()


def _text(message: str, markup: bool) -> Text:
    """The message as Text: markup read only when the caller asked for it (never user text)."""
    if markup:
        try:
            return Text.from_markup(message)
        except MarkupError:
            pass
    return literal(message)
