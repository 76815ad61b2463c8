"""The meeting screen: header, step rail, timer, the current step's panel, prompts, autosave."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.worker import Worker

from facilitator.dates import format_date
from facilitator.i18n import t
from facilitator.meeting import Meeting
from facilitator.store import Store
from facilitator.undo import UndoStack
from screens.panels import panel_class
from facilitator.locks import Access
from screens.lock_view import LockPresence, NoticeBar
from screens.messages import MeetingChanged
from screens.panels.base import STEPS_UNDO, StepPanel
from screens.saver import SAVE_LABELS, Autosaver, SaveStatus
from screens.stylesheets import MEETING_CSS_PATH
from screens.typing import follow_focus, type_into_target
from screens.ui_text import literal, one_line
from screens.widgets.step_rail import StepRail
from screens.widgets.timer import TimerView
from screens.widgets.footer import Footer

# Below this many columns the step rail is hidden: the step itself needs the room.
NARROW_WIDTH = 90


class MeetingScreen(Screen[None]):
    """Runs a session through its steps. PageDown/PageUp work whatever has the focus."""

    CSS_PATH = MEETING_CSS_PATH
    BINDINGS = [
        Binding("pagedown", "next_step", t("meeting.next"), key_display="PgDn", priority=True, id="meeting.next",
                tooltip=t("meeting.next_tooltip")),
        Binding("pageup", "previous_step", t("meeting.previous"), key_display="PgUp", priority=True, id="meeting.previous",
                tooltip=t("meeting.previous_tooltip")),
        Binding("f5", "toggle_projection", t("meeting.projection"), id="meeting.projection",
                tooltip=t("meeting.projection_tooltip")),
        Binding("f4", "board", t("meeting.board"), id="meeting.board", tooltip=t("meeting.board_tooltip")),
        Binding("f2", "toggle_prompts", t("meeting.prompts"), id="meeting.prompts", tooltip=t("meeting.prompts_tooltip")),
        Binding("f3", "roster", t("meeting.roster"), id="meeting.roster", tooltip=t("meeting.roster_tooltip")),
        Binding("f7", "app.toggle_bright", t("meeting.bright"), show=False, id="meeting.bright",
                tooltip=t("meeting.bright_tooltip")),
        Binding("f6", "toggle_timer", t("meeting.timer"), show=False, id="meeting.timer",
                tooltip=t("meeting.timer_tooltip")),
        Binding("ctrl+r", "undo", t("common.undo"), id="meeting.undo", tooltip=t("meeting.undo_tooltip")),
        Binding("f1", "help", t("meeting.help"), id="meeting.help", tooltip=t("meeting.help_tooltip")),
        Binding("f9", "take_over", t("meeting.take_over"), id="meeting.take_over",
                tooltip=t("meeting.take_over_tooltip")),
    ]

    def __init__(self, meeting: Meeting, store: Store, *, read_only: bool = False,
                 access: Access | None = None, board_only: bool = False) -> None:
        """``access``: the session's lock as opened by the app (None: no lock, e.g. tests).
        ``board_only``: open straight onto the board and leave when it closes (F4 on home)."""
        super().__init__(classes="meeting")
        self.board_only = board_only
        self.meeting = meeting
        self.store = store
        self.access = access
        self.read_only = read_only or (access is not None and not access.editable)
        lock = access.lock if access is not None else None
        self.saver = Autosaver(self, meeting, store, read_only=self.read_only, lock=lock)
        self.presence = LockPresence(self, access)
        # The meeting's one undo stack, handed down to the panels, the board and the roster.
        self.undo = UndoStack()
        self._panel: StepPanel | None = None

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="meeting-header"):
            yield Static(id="header-title")
            yield Static(id="header-clock")
            yield Static(id="save-state")
        yield NoticeBar(id="lock-bar")
        yield NoticeBar(id="save-bar")
        with Horizontal(id="meeting-body"):
            yield StepRail(self.meeting, id="rail")
            with Vertical(id="stage"):
                with Horizontal(id="step-head"):
                    yield Static(id="step-title")
                    yield TimerView(self.meeting, id="timer")
                yield Static(id="step-purpose")
                yield Container(id="panel-host")
                yield Static(id="prompts")
        yield Footer()

    async def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW_WIDTH, "-narrow")
        self.saver.heartbeat = getattr(self.app, "lock_heartbeat_seconds", self.saver.heartbeat)
        self.saver.start(self.access.error if self.access is not None else None)
        self.presence.start()
        self._sync_header()
        self.set_interval(15, self._sync_header, name="clock")
        await self._show_step()
        if self.board_only:
            self.action_board()

    def _sync_header(self) -> None:
        s = self.meeting.session
        title = Text.assemble(literal(one_line(s.body.name), "bold"), t("meeting.gap"), literal(one_line(s.title), "bold"))
        self.query_one("#header-title", Static).update(title)
        when = format_date(s.date)
        now = self.meeting.now()
        self.query_one("#header-clock", Static).update(Text(t("meeting.clock", date=when, time=f"{now:%H:%M}")))
        self.app.title = one_line(f"{s.body.name} {s.title}", 60)

    async def _show_step(self) -> None:
        m = self.meeting
        step = m.current
        n = m.current_index + 1
        self.query_one("#step-title", Static).update(
            Text.assemble((f"{n}/{len(m.steps)}  ", "bold"), literal(one_line(step.title), "bold"))
        )
        self.query_one("#step-purpose", Static).update(literal(step.purpose))
        self.query_one("#step-purpose").display = bool(step.purpose)
        prompts = Text("\n").join(Text.assemble((t("meeting.prompt"), "bold"), literal(p)) for p in step.prompts)
        prompts_view = self.query_one("#prompts", Static)
        prompts_view.update(prompts)
        prompts_view.set_class(not step.prompts, "-empty")
        self.query_one(StepRail).sync()
        self.query_one(TimerView).sync()
        host = self.query_one("#panel-host")
        await host.remove_children()
        self._panel = panel_class(step.panel)(m, step, read_only=self.read_only, undo=self.undo, store=self.store)
        await host.mount(self._panel)
        self._panel.focus_first()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    # -- typing ------------------------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        # A printable key no widget took (a button, a select, the step rail had the focus): it
        # is typed into the step's field, never read as a command (screens/typing.py).
        if not follow_focus(event, self.app):
            type_into_target(self, event)

    def type_text(self, text: str) -> None:
        """``TypingTarget``: the current step's."""
        if self._panel is not None:
            self._panel.type_text(text)

    # -- messages from below -------------------------------------------------------------------
    def on_meeting_changed(self, event: MeetingChanged) -> None:
        self.query_one(StepRail).sync()
        self.saver.tick()

    def on_save_status(self, event: SaveStatus) -> None:
        label = SAVE_LABELS[event.state]
        widget = self.query_one("#save-state", Static)
        widget.update(Text(label))
        for state in SAVE_LABELS:
            widget.set_class(state == event.state, f"-{state}")
        if event.state == "error":
            widget.tooltip = one_line(event.detail)
        self.presence.on_save_status(event)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if not self.saver.on_worker_state_changed(event):
            self.presence.on_worker_state_changed(event)

    def on_unmount(self) -> None:
        self.saver.release()

    def became_read_only(self) -> None:
        """The lock was taken over: no more edits here (the saver already stopped writing)."""
        if not self.read_only:
            self.read_only = True  # the next step's panel is built read-only
            if self._panel is not None:  # and this one stops taking edits now
                self._panel.read_only = True
                for widget in self._panel.query("Input, TextArea, Select, Button"):
                    widget.disabled = True
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "take_over":
            if not self.presence.watching:
                return False  # not shown at all in a window that has the lock
            return True if self.presence.can_take_over else None
        return True

    def action_take_over(self) -> None:
        self.presence.take_over()

    @on(OptionList.OptionSelected, "#rail")
    async def _rail_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id != self.meeting.current.id:
            self.meeting.goto(event.option.id)
            await self._show_step()

    # -- actions -------------------------------------------------------------------------------
    async def action_next_step(self) -> None:
        if self.meeting.next_step() is None:
            self.notify(t("meeting.last_step"), markup=False)
            return
        await self._show_step()

    async def action_previous_step(self) -> None:
        if self.meeting.previous_step() is None:
            self.notify(t("meeting.first_step"), markup=False)
            return
        await self._show_step()

    def action_toggle_projection(self) -> None:
        self.toggle_class("projection")

    def action_toggle_prompts(self) -> None:
        self.toggle_class("hide-prompts")

    def action_toggle_timer(self) -> None:
        if self.meeting.running:
            self.meeting.pause()
        else:
            self.meeting.resume()
        self.query_one(TimerView).sync()

    def action_board(self) -> None:
        # Imported on the first F4, for start time: the board's modules are ~15 ms of imports a
        # meeting that never opens its board does not pay.
        from screens.board import BoardScreen

        def back(_: None) -> None:
            if self.board_only:  # opened from home for its board: back to home
                self.run_worker(self.leave(), group="leave", exclusive=True)
                return
            # The board may have changed cards, homework or ideas this step shows.
            if self._panel is not None:
                self._panel.sync()
            self.query_one(StepRail).sync()

        board = BoardScreen(self.meeting, undo=self.undo, saver=self.saver, read_only=self.read_only, origin=self)
        self.app.push_screen(board, back)

    async def leave(self) -> None:
        """Back to the screen below after the last save (the lock is given back on unmount).
        If the save fails the meeting stays open, so nothing typed is lost."""
        error = await self.saver.flush()
        if error:
            self.board_only = False
            self.notify(t("meeting.cannot_leave", error=error), severity="error", markup=False)
            return
        self.app.pop_screen()

    def action_roster(self) -> None:
        from screens.roster import RosterScreen

        def back(changed: bool | None) -> None:
            if changed:
                self.saver.tick()
                if self._panel is not None:
                    self._panel.sync()  # e.g. the speaker choices of the ideas step

        self.app.push_screen(RosterScreen(self.meeting, undo=self.undo, read_only=self.read_only), back)

    def action_undo(self) -> None:
        entry = self.undo.pop(STEPS_UNDO)
        if entry is None:
            self.notify(t("common.nothing_to_undo"), markup=False)
            return
        entry.undo()
        if self._panel is not None:
            self._panel.sync()
        self.query_one(StepRail).sync()
        self.notify(t("meeting.restored", label=one_line(entry.label, 40)), markup=False)

    def action_help(self) -> None:
        from screens.help import HelpScreen, binding_rows

        general = binding_rows([self, self.app])
        general.append(("Ctrl+P", t("meeting.help_palette")))
        sections = [(t("meeting.help_general"), general)]
        if self._panel is not None:
            panel = self._panel
            rows = list(panel.HELP_NOTES) + binding_rows(panel.walk_children(with_self=True))
            sections.append((t("meeting.help_step", step=one_line(self.meeting.current.title, 30)), rows))
        self.app.push_screen(HelpScreen(sections))
