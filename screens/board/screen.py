"""BoardScreen: the board as a full screen over the meeting (F4), with title, timer and save state."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, Static

from facilitator.i18n import t
from facilitator.meeting import Meeting
from facilitator.text import clean_line
from facilitator.undo import UndoStack
from screens.board.keys import board_keys
from screens.drafts import DraftKeeper
from screens.board.view import BoardView
from screens.help import HelpScreen
from screens.messages import MeetingChanged
from screens.saver import SAVE_LABELS, Autosaver
from screens.stylesheets import MEETING_CSS_PATH
from screens.typing import follow_focus, type_into_target
from screens.unused_keys import say_if_unused
from screens.ui_text import editable, literal, one_line
from screens.widgets.footer import Footer
from screens.widgets.notice_line import NoticeLine
from screens.widgets.timer import TimerView


class BoardScreen(Screen[None]):
    """The board over the meeting screen. ``origin`` is that screen: projection mode is shared
    with it. ``saver`` (the meeting's autosaver) writes the board's changes."""

    CSS_PATH = MEETING_CSS_PATH
    # The tooltips are the F1 help's explanations too.
    BINDINGS = [
        Binding("f4,escape", "close", t("board.back"), key_display="F4", id="board.close",
                tooltip=t("board.help_close")),
        Binding("f5", "toggle_projection", t("board.projection"), key_display="F5", id="board.projection",
                tooltip=t("board.help_projection")),
        Binding("f7", "app.toggle_bright", t("meeting.bright"), show=False, id="board.bright",
                tooltip=t("meeting.bright_tooltip")),
        Binding("f1", "help", t("board.help"), key_display="F1", id="board.help", tooltip=t("board.help_help")),
        Binding("f9", "hints", t("hints.key"), key_display="F9", id="board.hints", tooltip=t("hints.key_tooltip")),
    ]

    def __init__(self, meeting: Meeting, *, undo: UndoStack | None = None, saver: Autosaver | None = None,
                 read_only: bool = False, origin: Screen | None = None, drafts: DraftKeeper | None = None) -> None:
        """``undo``: the meeting's undo stack (a board opened alone gets one of its own);
        ``saver``: the meeting's autosaver (None: nothing is written, the header says saved);
        ``drafts``: the meeting's drafts (the quick-add field's text, the edit form's)."""
        # Projected from the start when the meeting is: the cards are built with the projection's
        # styles (added on mount, after the columns had built their rows, they kept the others).
        projected = origin is not None and origin.has_class("projection")
        super().__init__(classes="board projection" if projected else "board")
        self.meeting = meeting
        self.undo = undo if undo is not None else UndoStack()
        self.saver = saver
        self.read_only = read_only
        self.origin = origin
        self.drafts = drafts
        # The field typing starts in is focused as the screen shows (Textual's auto focus), not
        # after mounting: keys typed right after F4 land there, never in the vision by accident.
        self.AUTO_FOCUS = "#board-vision" if not meeting.session.board.vision.strip() else "#board-add"

    def compose(self) -> ComposeResult:
        with Horizontal(id="board-header"):
            yield Static(id="board-title")
            yield TimerView(self.meeting, id="board-timer")
            yield Static(id="board-save")
        yield BoardView(self.meeting, undo=self.undo, read_only=self.read_only, id="board")
        yield NoticeLine(id="notices")  # what the app says, never over the columns
        yield Footer(compact=True)

    def on_mount(self) -> None:
        s = self.meeting.session
        self.query_one("#board-title", Static).update(
            Text.assemble((t("board.title"), "bold"), t("board.title_gap"), literal(one_line(s.body.name)),
                          t("board.title_gap"), literal(one_line(s.title)))
        )
        self._sync_save()
        self.set_interval(0.5, self._sync_save, name="board-save")
        if self.drafts is not None:
            self.drafts.bind(self.query_one("#board-add", Input), "board/board-add")
        self.query_one(BoardView).focus_first()

    def _sync_save(self) -> None:
        saver = self.saver
        state = "read-only" if self.read_only else (saver.state if saver is not None else "saved")
        widget = self.query_one("#board-save", Static)
        widget.update(Text(SAVE_LABELS.get(state, state)))
        widget.set_class(state == "error", "-error")
        widget.set_class(state == "read-only", "-read-only")

    def on_meeting_changed(self, event: MeetingChanged) -> None:
        event.stop()
        if self.saver is not None:
            self.saver.tick()
        self._sync_save()

    def meeting_adopted(self) -> None:
        """Another writer's changes came into the meeting (its screen says so): the cards again,
        and the vision unless it is being typed in (then it stays as typed)."""
        self.query_one(BoardView).sync()
        vision = self.query_one("#board-vision", Input)
        shown = editable(self.meeting.session.board.vision, multiline=False)
        if vision.value == shown:
            return
        if vision.has_focus and self.meeting.session.board.vision == clean_line(vision.value):
            return  # what is typed, as the session keeps it (trimmed): this window's own, not theirs
        if vision.has_focus:
            # Being typed in: it stays as typed, and what typing on replaces is kept in the
            # conflicts when the field is left (``_vision_left``), never silently dropped.
            self._vision_theirs = self.meeting.session.board.vision
            return
        with vision.prevent(Input.Changed):
            vision.value = shown

    _vision_theirs: str | None = None  # another writer's vision that came in while it was typed

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if getattr(event.widget, "id", None) == "board-vision":
            self._vision_left()

    def _vision_left(self) -> None:
        """The vision field lost the focus: another writer's vision that typing replaced goes to
        the conflicts; one nobody typed over is shown now."""
        theirs, self._vision_theirs = self._vision_theirs, None
        if theirs is not None and not self.read_only and theirs != self.meeting.session.board.vision:
            self.meeting.keep_unmerged_text("board/vision", theirs)
            self.post_message(MeetingChanged())
        vision = self.query_one("#board-vision", Input)
        shown = editable(self.meeting.session.board.vision, multiline=False)
        if vision.value != shown:
            with vision.prevent(Input.Changed):
                vision.value = shown

    def on_key(self, event: events.Key) -> None:
        # A printable key no widget took: to the quick-add field; an item command with no use
        # on this column (Ctrl+Y on あるもの …) says so (screens/unused_keys.py).
        if not follow_focus(event, self.app) and not type_into_target(self, event):
            say_if_unused(self, event)

    def type_text(self, text: str) -> None:
        """``TypingTarget``: the board's (its quick-add field)."""
        self.query_one(BoardView).type_text(text)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_toggle_projection(self) -> None:
        self.toggle_class("projection")
        if self.origin is not None:
            self.origin.set_class(self.has_class("projection"), "projection")

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(board_keys(self)))

    def action_hints(self) -> None:
        """F9 困ったとき on the board: the board's hints first; projected, a question first."""
        from screens.hints import open_hints

        open_hints(self, "board", t("minutes.board"), projected=self.has_class("projection"))
