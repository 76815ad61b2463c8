"""The Textual app: opens a session's meeting screen, or the home screen on the store."""

from __future__ import annotations

import gc
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from facilitator.i18n import t
from facilitator.store import Store, StoreLocation
from screens.navigation import OpenMeeting, OpenReview
from screens.notices import NoticeRouting
from screens.palette import AppCommands, screen_commands, translated
from screens.services import Services
from screens.themes import BRIGHT
from screens.typing import note_sent_to, paste_as_one_line

if TYPE_CHECKING:  # facilitator.presence and .meeting are imported with the first meeting, not at start
    from collections.abc import Iterable

    from facilitator.serve_launch import SessionServer
    from facilitator.model import Session
    from facilitator.presence import Presence, PresenceEnv
    from facilitator.prefetch import IndexPrefetch


class KyogitaiApp(NoticeRouting, App[None]):  # notify: NoticeRouting (screens/notices.py)
    # Only what the home screen needs (and every screen's notice line) is parsed at start; the
    # meeting and board screens bring their own (MEETING_CSS_PATH), parsed when first pushed.
    CSS_PATH = ["home.tcss", "notices.tcss"]  # notices.tcss: every screen's NoticeLine (screens/notices.py)
    TITLE = "kyogitai"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = {AppCommands}  # the screen's commands and Textual's, in the UI language (palette.py)
    BINDINGS = [
        Binding("ctrl+q", "quit", t("app.quit"), priority=True, id="app.quit", tooltip=t("app.quit_tooltip")),
        # Textual's own (labelled "palette") in the UI language; the footer shows it at the right.
        Binding("ctrl+p", "command_palette", t("app.palette"), show=False, priority=True, id="app.palette",
                tooltip=t("app.palette_tooltip")),
    ]

    def __init__(
        self,
        location: StoreLocation,
        *,
        session: Session | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        store: Store | None = None,
        presence_env: PresenceEnv | None = None,
        index_prefetch: IndexPrefetch | None = None,
        data_dir: Path | None = None,
    ) -> None:
        """``clock`` times the steps and ``now`` is the wall clock: tests pass fixed ones.
        ``store`` (with failing file operations) and ``presence_env`` (host, pid, token, clock of
        this process's presence: a second "process" in the same test has its own token) are for
        tests too. ``data_dir``: the per-user data folder for drafts (None:
        ``KYOGITAI_DATA_DIR``, else platformdirs' user_data_dir — facilitator.userdata)."""
        super().__init__()
        self.clock = clock
        self.now = now
        self.location = location
        self.store = store or Store(location.path)
        self.data_dir = data_dir
        self._presence_env = presence_env
        self._presence: Presence | None = None
        # How often a meeting window rewrites its presence and looks who else is there (None:
        # facilitator.presence's; tests set them shorter).
        self.presence_seconds: tuple[float, float] | None = None
        self.session = session
        self._force_quit = False
        self.crash_line = ""  # what run() prints after an unexpected error (_handle_exception)
        self._force_quit_until = 0.0
        self.session_server: SessionServer | None = None  # a meeting served to a note-taker (home: w)
        self.register_theme(BRIGHT)
        self._theme_before_bright: str | None = None
        self._index_prefetch = index_prefetch  # for the first home screen
        self._key_displays: dict[tuple[str, str], str] = {}  # browser mode: labels the keymap dropped

    @property
    def services(self) -> Services:
        """What the screens below are given (attributes down)."""
        return Services(store=self.store, location=self.location, now=self.now)

    @property
    def presence(self) -> Presence:
        """The store's presence folder; made (and facilitator.presence imported) when first needed."""
        if self._presence is None:
            from facilitator.presence import Presence

            self._presence = Presence(self.store.aux_dir, self._presence_env, reachable=self.store.check_reachable)
        return self._presence

    @property
    def writer(self) -> str:
        """This app's writer token: the meeting's changes and its presence carry it."""
        return self.presence.env.token

    def on_mount(self) -> None:
        from screens import browser

        if browser.browser_mode():  # served by kyogitai serve: keys the browser leaves alone, too
            self._key_displays = browser.install(self)
        if self.session is not None:
            self.open_meeting(self.session)
        if sys.platform == "win32" and not os.environ.get("WT_SESSION"):
            self.notify(t("app.windows_terminal"), timeout=10, markup=False)

    def on_ready(self) -> None:
        """The first frame is out: the home screen's list is loaded now, not two frames later.
        The garbage collector, held off by ``run`` until now, runs again."""
        if not gc.isenabled():
            gc.freeze()  # the start's objects live as long as the app: later collections skip them
            gc.enable()
        from screens.home import HomeScreen

        if isinstance(self.screen, HomeScreen):
            self.screen.start_loading()
        self.run_worker(self._sweep_leftovers, thread=True, group="leftovers", exit_on_error=False)

    def _sweep_leftovers(self) -> None:
        """What killed writes left (temp files holding names: exports, the index, sessions),
        removed off the UI thread once the first frame is out (facilitator/leftovers.py)."""
        from facilitator.leftovers import sweep_leftovers

        sweep_leftovers(self.store)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key):
            note_sent_to(self, event)  # where the key goes: keys of a burst follow the focus (screens/typing.py)
        elif isinstance(event, events.Paste):
            paste_as_one_line(self, event)  # a paste of several lines into an Input keeps them all
        await super().on_event(event)

    def action_toggle_bright(self) -> None:
        """F7: the bright high-contrast theme for a bright room, and back to the one before."""
        if self.theme == BRIGHT.name:
            self.theme = self._theme_before_bright or "textual-dark"
        else:
            self._theme_before_bright = self.theme
            self.theme = BRIGHT.name

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette's commands: the screen's own (its keys by name), then Textual's
        (theme, quit, keys, screenshot) with titles in the UI language."""
        yield from screen_commands(screen)
        yield from translated(super().get_system_commands(screen))

    def action_command_palette(self) -> None:
        """Ctrl+P: Textual's palette, asking in the UI language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("palette.placeholder")))

    def search_themes(self) -> None:
        """The palette's theme command: the themes to choose from (their names are Textual's)."""
        from textual.theme import ThemeProvider

        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=t("palette.themes_placeholder")))

    def get_key_display(self, binding: Binding) -> str:
        return self._key_displays.get((binding.id or "", binding.key)) or super().get_key_display(binding)

    def get_default_screen(self) -> Screen:
        """The home screen is the app's first screen (not pushed over an empty one, which took a
        frame of its own at start); a session given on the command line opens over an empty one."""
        if self.session is not None:
            return super().get_default_screen()
        from screens.home import HomeScreen

        prefetch, self._index_prefetch = self._index_prefetch, None
        return HomeScreen(self.services, prefetch=prefetch)

    def open_meeting(self, session: Session, *, replace: bool = False, board_only: bool = False) -> None:
        """Every way into a meeting (CLI ``open``, home, review, next meeting) comes here. Never a
        question, never read-only: others who have the session open are only shown (presence).
        ``board_only`` (F4 on the home screen): the session's board, then back where we were;
        the step timer does not run meanwhile."""
        from facilitator.meeting import Meeting
        from facilitator.session_json import session_to_json
        from screens.meeting import MeetingScreen

        session = self._as_on_disk(session)
        if not self.presence.others(session.id):
            # Nobody else has it open: the temp files a save cut short by a crash left are litter.
            self.store.remove_temp_files(session.id)
        # The document as read, before the Meeting makes it this window's (an unowned clock
        # claimed): the saves' first base, so the file is not taken for another writer's change.
        opened = session_to_json(session).encode("utf-8")
        meeting = Meeting(session, clock=self.clock, now=self.now, running=not board_only, writer=self.writer)
        screen = MeetingScreen(meeting, self.store, presence=self.presence, board_only=board_only,
                               data_dir=self.data_dir, presence_seconds=self.presence_seconds, opened=opened)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def on_open_meeting(self, message: OpenMeeting) -> None:
        self.open_meeting(message.session, replace=message.replace, board_only=message.board_only)

    def on_open_review(self, message: OpenReview) -> None:
        self.open_review(message.session_id)

    def _as_on_disk(self, session: Session) -> Session:
        """The file as its last writer left it, if it changed since it was read."""
        from facilitator.session_json import session_to_json

        try:
            on_disk = self.store.load(session.id)
        except (ValueError, OSError):
            return session  # not saved yet, or unreadable now: the saves will say so
        return on_disk if session_to_json(on_disk) != session_to_json(session) else session

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error ends the app as Textual's handler would (exit code 1), but the
        terminal gets one short line and the traceback goes to an owner-only log
        (facilitator/crashlog.py): Textual's own prints every frame's locals — a session's text,
        residents' names — on a screen that may be projected."""
        from facilitator.crashlog import report_crash

        self._return_code = 1
        if self._exception is None:  # run_test re-raises it for the tests
            self._exception = error
            self._exception_event.set()
        self.bell()
        # Printed by run() once the terminal is back, as it is: rich would wrap a long path.
        self.crash_line = f"kyogitai: {report_crash(error)}"
        self._close_messages_no_wait()

    def leave_sessions(self) -> None:
        """This process's presence on its sessions is removed (at quit, however the app ends)."""
        if self._presence is not None:
            self._presence.leave_all()

    async def _check_bindings(self, key: str, priority: bool = False) -> bool:
        """A priority key (Ctrl+Q, the meeting's PgUp/PgDn and F-keys, Enter in a form) acts
        after the keys typed before it. Textual passes typed keys on to the focused field's own
        queue and runs a priority key's action at once, so in a burst (a loaded laptop reading
        the terminal late, a fast typist) PgDn changed the step, Ctrl+Q read the drafts and F4
        opened the board before the field had taken the text typed just before: it was lost or
        cut short. Now such a key first waits (a second at most) until the field has taken them."""
        if priority and self._priority_key(key):
            await self._typed_through()
        return await super()._check_bindings(key, priority)

    def _priority_key(self, key: str) -> bool:
        return any(binding.priority for _, bindings in self.screen._binding_chain
                   for binding in bindings.key_to_bindings.get(key, ()))

    async def _typed_through(self) -> None:
        """Until the focused field has handled the keys already passed on to it."""
        import asyncio

        field = self.focused
        if field is None:
            return
        taken = asyncio.Event()
        field.call_later(taken.set)  # queued behind the keys already sent to the field
        try:
            await asyncio.wait_for(taken.wait(), 1.0)
        except TimeoutError:
            pass

    def open_review(self, session_id: str) -> None:
        """A past session read-only: what changed since last time, its minutes and board."""
        from screens.review import ReviewScreen

        self.push_screen(ReviewScreen(self.store, session_id))

    async def on_exit_app(self) -> None:
        """However the app ends — Ctrl+Q, or under kyogitai serve the browser tab closed or
        reloaded (textual-serve asks the app to exit) or the server gone — what is pending is
        saved and the presence removed before the process goes, so the others stop showing this
        window at once. Runs before Textual's own handler closes the app."""
        from screens.meeting import MeetingScreen

        for screen in self.screen_stack:
            if isinstance(screen, MeetingScreen):
                await screen.saver.flush()  # an error here has nobody left to tell
                screen.close_drafts()  # text still in a field: kept for the next opening
        self.leave_sessions()
        if self.session_server is not None:  # the note-taker's tab saves and ends with it
            import asyncio

            await asyncio.to_thread(self.session_server.stop)

    async def action_quit(self) -> None:
        """Quit after the final save; if it fails, say so and quit only on a second Ctrl+Q.
        From the last step of a meeting under way, first ask whether to close it (散会)."""
        from screens.meeting import MeetingScreen

        front = self.screen
        if isinstance(front, MeetingScreen) and front.asks_before_quit():
            front.ask_close_before_quit(self._quit_after_save)
            return
        await self._quit_after_save()

    async def _quit_after_save(self) -> None:
        from screens.meeting import MeetingScreen

        errors = []
        for screen in self.screen_stack:
            if isinstance(screen, MeetingScreen):
                error = await screen.saver.flush()
                if error:
                    errors.append(error)
        if errors and not (self._force_quit and time.monotonic() < self._force_quit_until):
            self._force_quit = True
            self._force_quit_until = time.monotonic() + 10
            self.notify(t("app.quit_unsaved", error=errors[0]),
                        severity="error", timeout=10, markup=False)
            return
        self.leave_sessions()
        self.exit()


def run(location: StoreLocation, session_id: str | None = None, prefetch: IndexPrefetch | None = None) -> int:
    """``prefetch``: the home screen's index, being read by a child process (cli). The exit
    code: 0, or the app's (1 after an unexpected error)."""
    # No garbage collection until the first frame is out (on_ready): the start's objects
    # (widgets, styles, rules) are none of them garbage, and ~20 collections among them took
    # ~2 ms of the first frame.
    gc.disable()
    try:
        store = Store(location.path)
        session = store.load(session_id) if session_id else None
        app = KyogitaiApp(location, session=session, index_prefetch=prefetch)
        try:
            app.run()
        finally:
            app.leave_sessions()  # also when the app ended on an error
    finally:
        gc.enable()  # (if the app ended before its first frame)
        if prefetch is not None:
            prefetch.close()
    if app.crash_line:
        print(app.crash_line, file=sys.stderr)
    return app.return_code or 0
