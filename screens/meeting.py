"""The meeting screen: header, step rail, timer, the current step's panel, prompts, autosave."""

from __future__ import annotations

from pathlib import Path
from typing import Awaitable, Callable, Iterator

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Digits, Input, OptionList, Static
from textual.worker import Worker

from facilitator.dates import format_date
from facilitator.i18n import t
from facilitator.meeting import Meeting
from facilitator.meeting.opening import clock_time
from facilitator.minute_clock import seconds_to_next_minute
from facilitator.store import Store
from facilitator.undo import UndoStack
from screens.panels import panel_class
from facilitator.presence import Presence
from screens.drafts import DraftKeeper
from screens.presence_view import PresenceLine, PresenceWatch
from screens.widgets.notice_bar import NoticeBar, save_error_text
from screens.messages import MeetingChanged
from screens.choice import ChoiceScreen
from screens.panels.base import STEPS_UNDO, StepPanel
from screens.self_check_flow import SelfCheckFlow
from screens.saver import SAVE_LABELS, Autosaver, SaveStatus, SessionAdopted
from screens.stylesheets import MEETING_CSS_PATH
from screens.typing import follow_focus, type_into_target
from screens.unused_keys import say_if_unused
from screens.ui_text import literal, one_line
from screens.widgets.folded_static import FoldedStatic
from screens.widgets.step_rail import StepRail
from screens.widgets.timer import TimerView
from screens.widgets.footer import Footer
from screens.widgets.notice_line import NoticeLine

# Below this many columns the step rail is hidden: the step itself needs the room.
NARROW_WIDTH = 90
# The clock key's actions and when each applies (Meeting.clock_key).
CLOCK_ALTERNATIVES = ("meeting.open", "meeting.reopen", "meeting.take_clock")  # listed in F1 under meeting.timer
CLOCK_ACTIONS = {"open_meeting": ("open",), "toggle_timer": ("pause", "resume"), "reopen_meeting": ("reopen",),
                 "take_clock": ("take",)}
# Below this many rows the step's parts get compact (one-line fields, fewer lines of prompts):
# the list of what is said keeps rows at 60×20 (screens/meeting.tcss, Screen.-short).
SHORT_HEIGHT = 30


class MeetingScreen(Screen[None]):
    """Runs a session through its steps. PageUp/PageDown and the F-keys are priority bindings:
    they work whatever has the focus, inside a TextArea too (which binds F6 and F7 itself)."""

    CSS_PATH = MEETING_CSS_PATH
    BINDINGS = [
        Binding("pagedown", "next_step", t("meeting.next"), key_display="PgDn", priority=True, id="meeting.next",
                tooltip=t("meeting.next_tooltip")),
        Binding("pageup", "previous_step", t("meeting.previous"), key_display="PgUp", priority=True, id="meeting.previous",
                tooltip=t("meeting.previous_tooltip")),
        # F6, the clock key: 開会 before the meeting is opened, pause/resume while it runs, 再開
        # (after a yes) once it is closed, and in a window that does not own the meeting's clock,
        # 「時計をこの画面に移す」. One binding each; check_action keeps the one that applies
        # (F1 help lists a key once: the first, whose tooltip tells all four). Next to PgUp/PgDn,
        # so 「F6 開会」 and 「F6 会議を再開」 stay in a narrow footer.
        Binding("f6", "toggle_timer", t("meeting.timer"), show=False, priority=True, id="meeting.timer",
                tooltip=t("meeting.timer_tooltip")),
        Binding("f6", "open_meeting", t("opening.open"), priority=True, id="meeting.open",
                tooltip=t("opening.open_tooltip")),
        Binding("f6", "reopen_meeting", t("opening.reopen"), priority=True, id="meeting.reopen",
                tooltip=t("opening.reopen_tooltip")),
        Binding("f6", "take_clock", t("presence.take_clock"), priority=True, id="meeting.take_clock",
                tooltip=t("presence.take_clock_tooltip")),
        Binding("f5", "toggle_projection", t("meeting.projection"), priority=True, id="meeting.projection",
                tooltip=t("meeting.projection_tooltip")),
        Binding("f4", "board", t("meeting.board"), priority=True, id="meeting.board", tooltip=t("meeting.board_tooltip")),
        Binding("f2", "toggle_prompts", t("meeting.prompts"), priority=True, id="meeting.prompts",
                tooltip=t("meeting.prompts_tooltip")),
        Binding("f3", "roster", t("meeting.roster"), priority=True, id="meeting.roster", tooltip=t("meeting.roster_tooltip")),
        Binding("f7", "app.toggle_bright", t("meeting.bright"), show=False, priority=True, id="meeting.bright",
                tooltip=t("meeting.bright_tooltip")),
        Binding("ctrl+r", "undo", t("common.undo"), id="meeting.undo", tooltip=t("meeting.undo_tooltip")),
        Binding("f1", "help", t("meeting.help"), priority=True, id="meeting.help", tooltip=t("meeting.help_tooltip")),
        Binding("f9", "hints", t("hints.key"), priority=True, id="meeting.hints", tooltip=t("hints.key_tooltip")),
        # Shown only while there are values to check (a merge's conflicts): the header says how many.
        # Not a priority binding: on the board's lists Ctrl+G groups the cards (their binding
        # comes first there); from any field or other list it reaches this screen.
        Binding("ctrl+g", "conflicts", t("meeting.conflicts"), id="meeting.conflicts",
                tooltip=t("meeting.conflicts_tooltip")),
    ]

    def __init__(self, meeting: Meeting, store: Store, *, presence: Presence | None = None,
                 board_only: bool = False, data_dir: Path | None = None,
                 presence_seconds: tuple[float, float] | None = None, opened: bytes | None = None) -> None:
        """``presence``: the store's presence folder (None: this window announces itself to nobody,
        e.g. tests); ``presence_seconds``: how often it is rewritten and read (tests: shorter).
        ``board_only``: open straight onto the board and leave when it closes (F4 on home).
        ``data_dir``: the per-user data folder the drafts go in (None: facilitator.userdata's).
        ``opened``: the session as it was read, before ``meeting`` changed it (None: as it is)."""
        super().__init__(classes="meeting")
        self.board_only = board_only
        self.meeting = meeting
        self.store = store
        self.saver = Autosaver(self, meeting, store, data_dir=data_dir, opened=opened)
        beat, look = presence_seconds or (None, None)
        self.presence = PresenceWatch(self, presence, on_clock=self._clock_changed,
                                      **({"beat_seconds": beat, "look_seconds": look} if presence_seconds else {}))
        # Unsubmitted text in the fields, on disk within a second.
        self.drafts = DraftKeeper(self, meeting.session.id, store.root, data_dir=data_dir)
        # The meeting's one undo stack, handed down to the panels, the board and the roster.
        self.undo = UndoStack()
        self._panel: StepPanel | None = None
        self._seen_conflicts = list(meeting.session.conflicts)  # as last shown (what was settled since)
        self.self_check = SelfCheckFlow(self, meeting, saved=self.saver.tick)  # after 散会, never on the wall

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="meeting-header"):
            yield Static(id="header-title")
            yield Static(id="header-date")
            yield Static(id="header-clock")
            yield Static(id="conflict-marker")
            yield Static(id="save-state")
        yield PresenceLine(id="presence")
        yield NoticeBar(id="save-bar")
        with Horizontal(id="meeting-body"):
            yield StepRail(self.meeting, id="rail")
            with Vertical(id="stage"):
                # Normal: 「4/7  情報・意見交換」 and the timer on one line. Projection: the step
                # number and the timer in large digits, the title whole on a line of its own
                # below them (meeting.tcss).
                with Horizontal(id="step-head"):
                    yield Static(id="step-count")
                    yield Digits(id="step-number")
                    yield FoldedStatic(id="step-title")
                    yield TimerView(self.meeting, id="timer")
                yield FoldedStatic(id="step-purpose")  # folded with 禁則: never 「）。」 alone on a line
                yield Container(id="panel-host")
                # Scrolls (mouse wheel) when a short window gives it fewer lines than it has;
                # never takes the focus, which stays in the step.
                with VerticalScroll(id="prompts-box", can_focus=False):
                    yield FoldedStatic(id="prompts")
        yield NoticeLine(id="notices")  # what the app says: lines of its own, never over the step
        yield Footer()

    async def on_mount(self) -> None:
        self._size_classes(self.app.size.width, self.app.size.height)
        self.saver.start()
        self.presence.start()
        self.drafts.start()
        self._tick_clock()  # draws the header, then again at each minute
        await self._show_step()
        if self.board_only:
            self.action_board()

    def _tick_clock(self) -> None:
        """Draw the header again just after each whole minute of the wall clock (not every 60 s
        from when the screen opened, which left 「23:59」 on screen at 00:00:00)."""
        self._sync_header()
        self.set_timer(seconds_to_next_minute(self.meeting.now()), self._tick_clock, name="clock")

    def _sync_header(self) -> None:
        s = self.meeting.session
        title = Text.assemble(literal(one_line(s.body.name), "bold"), t("meeting.gap"), literal(one_line(s.title), "bold"))
        self.query_one("#header-title", Static).update(title)
        now = self.meeting.now()
        # The date and the time apart: a narrow window drops the date and keeps the names.
        self.query_one("#header-date", Static).update(Text(format_date(s.date)))
        self.query_one("#header-clock", Static).update(Text(f"{now:%H:%M}"))
        self.app.title = one_line(f"{s.body.name} {s.title}", 60)
        self._sync_conflicts()

    def _sync_conflicts(self) -> None:
        """「確認が必要 2件」 in the header while a merge left values to check; nothing otherwise.
        A conflict settled since the last look (here, or in another window whose save came in)
        is a deliberate choice: the step's field about it shows the chosen value, even while it
        is typed in (``StepPanel.conflicts_settled``)."""
        from facilitator.conflicts import settled

        now = list(self.meeting.session.conflicts)
        gone = settled(self._seen_conflicts, now)
        self._seen_conflicts = now
        if gone and self._panel is not None and self._panel.is_attached:
            self._panel.conflicts_settled(gone)
        count = len(now)
        marker = self.query_one("#conflict-marker", Static)
        marker.update(Text(t("conflicts.marker", count=count)) if count else Text())
        if marker.has_class("-shown") != bool(count):
            marker.set_class(bool(count), "-shown")
            self.refresh_bindings()

    async def _show_step(self) -> None:
        m = self.meeting
        step = m.current
        n = m.current_index + 1
        count = f"{n}/{len(m.steps)}"
        self.query_one("#step-count", Static).update(Text(count, "bold"))
        self.query_one("#step-number", Digits).update(count)
        title = self.query_one("#step-title", FoldedStatic)
        title.show(literal(one_line(step.title), "bold"))
        title.tooltip = literal(step.purpose) if step.purpose else None  # (a short window hides the purpose)
        self.call_after_refresh(self._place_title)
        purpose = self.query_one("#step-purpose", FoldedStatic)
        purpose.show(literal(step.purpose))
        purpose.set_class(not step.purpose, "-empty")  # a class, so projection can still hide it
        prompts = Text("\n").join(Text.assemble((t("meeting.prompt"), "bold"), literal(p)) for p in step.prompts)
        prompts_view = self.query_one("#prompts", FoldedStatic)
        prompts_view.show(prompts)
        prompts_view.set_class(not step.prompts, "-empty")
        self.query_one("#prompts-box").set_class(not step.prompts, "-empty")
        self.query_one(StepRail).sync()
        self.query_one(TimerView).sync()
        host = self.query_one("#panel-host")
        await host.remove_children()
        self._panel = panel_class(step.panel)(m, step, undo=self.undo, store=self.store)
        await host.mount(self._panel)
        for field_id in self._panel.DRAFT_FIELDS:
            self.drafts.bind(self._panel.query_one(f"#{field_id}", Input), f"{step.id}/{field_id}")
        self.presence.moved()
        self._panel.focus_first()

    def on_resize(self, event: events.Resize) -> None:
        self._size_classes(event.size.width, event.size.height)

    def _size_classes(self, width: int, height: int) -> None:
        self.set_class(width < NARROW_WIDTH, "-narrow")
        self.set_class(height < SHORT_HEIGHT, "-short")
        self.call_after_refresh(self._place_title)

    def _place_title(self) -> None:
        """A title longer than the room beside 「4/7」 and the timer goes on a line of its own
        under them, as wide as the stage (meeting.tcss: #step-head.-title-below), instead of
        a narrow column of many short lines. Projected, the title always has its own line."""
        head = self.query_one("#step-head")
        width = self.query_one("#stage").content_region.width
        if not width or self.has_class("projection"):
            return
        # From what the three say, not from their sizes on screen (a moment ago projected).
        count = self.query_one("#step-count", Static)
        title = self.query_one("#step-title", FoldedStatic)
        need = cell_len(str(count.render())) + count.styles.gutter.width + cell_len(title.plain) + 1
        head.set_class(need + self.query_one(TimerView).width_needed() > width, "-title-below")

    # -- typing ------------------------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        # A printable key no widget took (a button, a select, the step rail had the focus): it
        # is typed into the step's field, never read as a command (screens/typing.py).
        # An item command (Del, Ctrl+X …) with no use where it was pressed says so (unused_keys.py).
        if not follow_focus(event, self.app) and not type_into_target(self, event):
            say_if_unused(self, event)

    def type_text(self, text: str) -> None:
        """``TypingTarget``: the current step's."""
        if self._panel is not None:
            self._panel.type_text(text)

    # -- messages from below -------------------------------------------------------------------
    def on_meeting_changed(self, event: MeetingChanged) -> None:
        self.query_one(StepRail).sync()
        self._sync_conflicts()
        self.saver.tick()

    async def on_session_adopted(self, event: SessionAdopted) -> None:
        """Another writer's changes are in the meeting: everything that shows it is drawn again;
        the field being typed in keeps its text (each panel's ``sync`` leaves a focused field
        alone and takes the change in when it loses the focus)."""
        self.presence.session_changed()  # the clock may have moved to or from this window
        self._sync_header()
        self._sync_conflicts()
        self.query_one(StepRail).sync()
        self.query_one(TimerView).sync()
        if self._panel is not None and self._panel.step is not self.meeting.current:
            await self._show_step()  # this window's step is gone from the session
        elif self._panel is not None:
            self._panel.sync()
        top = self.app.screen
        if top is not self:
            adopted = getattr(top, "meeting_adopted", None)
            if callable(adopted):  # the board or the roster, opened over the meeting
                adopted()
        if event.recovered:
            self.notify(t("sharing.recovered"), markup=False)

    def on_save_status(self, event: SaveStatus) -> None:
        label = SAVE_LABELS[event.state]
        widget = self.query_one("#save-state", Static)
        widget.update(Text(label))
        for state in SAVE_LABELS:
            widget.set_class(state == event.state, f"-{state}")
        if event.state == "error":
            widget.tooltip = one_line(event.detail)
        save_bar = self.query_one("#save-bar", NoticeBar)
        if event.state == "error":
            save_bar.show(save_error_text(event.detail), error=True)
        elif event.state in ("saved", "pending", "saving"):
            save_bar.hide()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if not self.saver.on_worker_state_changed(event):
            self.presence.on_worker_state_changed(event)

    def on_unmount(self) -> None:
        self.presence.leave()
        self.close_drafts()

    def close_drafts(self) -> None:
        """Text still in a field is kept for the next opening (at leave and at quit)."""
        self.drafts.close()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        clock_key = CLOCK_ACTIONS.get(action)
        if clock_key is not None:  # the F6 that applies now
            return self.meeting.clock_key() in clock_key
        if action == "conflicts":
            return bool(self.meeting.session.conflicts)
        return True

    @on(OptionList.OptionSelected, "#rail")
    async def _rail_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id != self.meeting.current.id:
            self.meeting.goto(event.option.id)
            await self._show_step()

    # -- actions -------------------------------------------------------------------------------
    async def action_next_step(self) -> None:
        await self._turn_page(forward=True)

    async def action_previous_step(self) -> None:
        await self._turn_page(forward=False)

    async def _turn_page(self, *, forward: bool) -> None:
        """PageDown/PageUp: the first one opens the meeting (開会); PageDown at the last step of a
        meeting under way asks whether to close it (散会)."""
        turn = self.meeting.turn_page(forward)
        if turn.opened:
            self._clock_changed()
            self.notify(t("opening.opened", time=clock_time(self.meeting.session.started_at)), markup=False)
        if turn.step is not None:
            await self._show_step()
        elif turn.close_due:
            self._ask_close()
        elif not turn.opened:
            if not forward:
                self.notify(t("meeting.first_step"), markup=False)
            elif self.meeting.phase == "ended":
                self.notify(t("opening.finished"), markup=False)
            else:
                self.notify(t("meeting.last_step"), markup=False)

    def _time_now(self) -> str:
        return f"{self.meeting.now():%H:%M}"

    def _clock_changed(self) -> None:
        """After 開会, 散会, 再開, a pause or the clock moving between windows: the timer, the
        footer's F6, the presence line, and a save soon."""
        self.query_one(TimerView).sync()
        self.refresh_bindings()
        self.presence.show()
        self.saver.tick()

    def action_open_meeting(self) -> None:
        if self.meeting.open_meeting():
            self._clock_changed()
            self.notify(t("opening.opened", time=clock_time(self.meeting.session.started_at)), markup=False)

    def _ask_close(self) -> None:
        """散会, after a yes: ended_at is recorded and the clocks stop."""

        def answered(choice: str | None) -> None:
            if choice == "close":
                self.close_meeting()

        self.app.push_screen(ChoiceScreen(t("opening.ask_close"), t("opening.ask_close_detail", time=self._time_now()),
                                          [("close", t("opening.close"))]), answered)

    def close_meeting(self, then: Callable[[], Awaitable[None]] | None = None) -> None:
        """散会; then the facilitator's self-check (out of projection), then ``then`` (a quit)."""
        if self.meeting.close_meeting():
            self._clock_changed()
            self.notify(t("opening.closed", time=clock_time(self.meeting.session.ended_at)), markup=False)
            self.self_check.closed(then)
        elif then is not None:
            self.run_worker(then())

    def asks_before_quit(self) -> bool:
        """Quitting from the last step of a meeting under way asks whether to close it first."""
        return self.meeting.close_due_on_quit

    def ask_close_before_quit(self, quit: Callable[[], Awaitable[None]]) -> None:
        """The question ``asks_before_quit`` promised: close and quit, quit only, or stay."""

        async def answered(choice: str | None) -> None:
            if choice is None:
                return
            if choice == "close":
                self.close_meeting(then=quit)  # the self-check first
                return
            await quit()

        self.app.push_screen(
            ChoiceScreen(t("opening.ask_quit"), t("opening.ask_quit_detail", time=self._time_now()),
                         [("close", t("opening.close_and_quit")), ("quit", t("opening.quit_only"))]),
            answered,
        )

    def action_reopen_meeting(self) -> None:
        """再開, after a yes: a closed meeting is under way again."""
        ended = clock_time(self.meeting.session.ended_at) or ""

        def answered(choice: str | None) -> None:
            if choice == "reopen" and self.meeting.reopen_meeting():
                self._clock_changed()
                self.notify(t("opening.reopened"), markup=False)

        self.app.push_screen(ChoiceScreen(t("opening.ask_reopen", time=ended), t("opening.ask_reopen_detail"),
                                          [("reopen", t("opening.reopen_yes"))]), answered)

    def action_toggle_projection(self) -> None:
        self.toggle_class("projection")
        self.self_check.projection_changed()  # a self-check waiting since 散会 opens off the wall
        self.call_after_refresh(self._place_title)  # the timer's width changed

    def action_toggle_prompts(self) -> None:
        self.toggle_class("hide-prompts")

    def action_toggle_timer(self) -> None:
        if self.meeting.running:
            self.meeting.pause()
        else:
            self.meeting.resume()
        self._clock_changed()

    def action_take_clock(self) -> None:
        """F6 in a window that does not own the meeting's clock: move it here (presence_view.py)."""
        self.presence.take_clock()

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

        board = BoardScreen(self.meeting, undo=self.undo, saver=self.saver, origin=self, drafts=self.drafts)
        self.app.push_screen(board, back)

    async def leave(self) -> None:
        """Back to the screen below after the last save (the presence is removed on unmount).
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

        self.app.push_screen(RosterScreen(self.meeting, undo=self.undo, drafts=self.drafts), back)

    def palette_commands(self) -> Iterator[SystemCommand]:
        """The values to check by name where a list's own Ctrl+G (the board's grouping) hides the
        key, so the palette still offers them (screens/palette.py lists the active bindings)."""
        active = self.active_bindings.get("ctrl+g")
        if self.meeting.session.conflicts and (active is None or active.node is not self):
            yield SystemCommand(t("palette.meeting.conflicts"), t("meeting.conflicts_tooltip"), self.action_conflicts)
        if self.self_check.available():
            yield SystemCommand(t("self_check.palette"), t("self_check.palette_help"), self.self_check.open)

    def action_conflicts(self) -> None:
        from screens.conflicts_dialog import ConflictsDialog

        def settled_one() -> None:  # at once, under the dialog: the header's count, the field
            self._sync_conflicts()
            self.saver.tick()

        def back(changed: bool | None) -> None:
            if changed:
                self.saver.tick()
                if self._panel is not None:
                    self._panel.sync()
                self.query_one(StepRail).sync()
                self._sync_header()

        # Who the other writers are, where their windows are still open (presence): a name, not a token.
        names = {p.token: f"{p.user} ({p.host})" for p in self.presence.others}
        self.app.push_screen(ConflictsDialog(self.meeting, names=names, on_settled=settled_one), back)

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

    def action_hints(self) -> None:
        from screens.hints import open_hints  # on the first F9 (start time)

        step = self.meeting.current
        open_hints(self, step.panel, step.title, projected=self.has_class("projection"))

    def action_help(self) -> None:
        from screens.help import HelpScreen, binding_rows

        # F6's three bindings (開会, pause/resume, 再開) are one row: the first's tooltip tells all three.
        general = binding_rows([self, self.app], only=lambda b: b.id not in CLOCK_ALTERNATIVES)
        sections = [(t("meeting.help_general"), general)]
        if self._panel is not None:
            panel = self._panel
            rows = list(panel.HELP_NOTES) + binding_rows(panel.walk_children(with_self=True))
            sections.append((t("meeting.help_step", step=one_line(self.meeting.current.title, 30)), rows))
        self.app.push_screen(HelpScreen(sections))
