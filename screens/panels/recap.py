"""前回の振り返り: what the last session handed to the SC, and the homework it left open, with
their progress noted here, and a notes field for what was said (the minutes' 前回の振り返り).

Hand-offs carried into this session (``from_session`` set, facilitator/carryover.py) are this
session's to follow up: Ctrl+X moves one on (未着手 → 対応中 → 済), Ctrl+D drops it (取りやめ),
Ctrl+E notes its result (経過・結果). A session carried over before hand-offs were carried shows the
previous session's hand-offs to read only. The previous session is read from the store in a
thread (a slow shared folder must not freeze the opening of the meeting); a missing or damaged
file is said in one plain sentence and what was carried, which lives in this session, is shown all
the same.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label, Static, TextArea
from textual.worker import Worker, WorkerState

from facilitator.dates import format_date
from facilitator.i18n import t
from facilitator.meeting import HANDOFF_STATUS_LABELS, HOMEWORK_STATUS_LABELS
from facilitator.meeting.followup import handoff_status
from facilitator.merge.typed import TypedText
from facilitator.model import Handoff, Homework, NewerSchemaError, Session, SessionFormatError
from facilitator.store import StoreError
from screens.form import FormField, FormResult, FormScreen
from screens.panels.base import StepPanel, place_of
from screens.ui_text import editable, literal, one_line
from screens.widgets.in_order import InOrderTextArea
from screens.widgets.row_list import Row, RowList

FIRST_MEETING = t("recap.first_meeting")
HANDOFF_KEY = "handoff:"  # row keys of the previous session's hand-offs (not actionable here)
CARRIED_KEY = "carried:"  # row keys of the hand-offs carried into this session (followed up here)
# A hand-off's status as the badge style of the homework status that looks the same.
_HANDOFF_BADGE = {"open": "open", "in_progress": "progress", "done": "done", "dropped": "dropped"}
WORKER_GROUP = "recap-previous"


def due_text(due: str | None) -> str:
    """An ISO due date the town-office way (令和8年9月30日（水）まで); words as typed."""
    if not due:
        return ""
    try:
        return t("recap.due", date=format_date(date.fromisoformat(due)))
    except ValueError:
        return due


class RecapList(RowList):
    """Hand-offs (to read) and carried homework (to mark). Keys act on the homework row."""

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {
        "recap--open",
        "recap--done",
        "recap--dropped",
        "recap--progress",
        "recap--meta",
        "recap--action",
    }


class RecapPanel(StepPanel):
    PANEL = "recap"
    HELP_NOTES = [(t("recap.help_typing_key"), t("recap.help_typing"))]

    # On the carried homework or hand-off under the cursor, while the list has the focus
    # (check_action). Typing on the list goes to the notes field (typing_field).
    BINDINGS = [
        Binding("ctrl+x", "toggle_done", t("recap.toggle_done"), id="recap.done", tooltip=t("recap.done_tooltip")),
        Binding("ctrl+d", "drop", t("recap.drop"), id="recap.drop", tooltip=t("recap.drop_tooltip")),
        Binding("ctrl+e", "result", t("recap.result"), id="recap.result", tooltip=t("recap.result_tooltip")),
    ]

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # "none" (no previous_session), "loading", "ok" or "error"
        self._state = "none" if self.session.previous_session is None else "loading"
        self._previous: Session | None = None
        self._error = ""
        self._reason = ""

    def compose(self) -> ComposeResult:
        yield Static(id="recap-previous", classes="recap-previous")
        yield RecapList("", id="recap-list")
        yield Static(id="recap-counts", classes="counts")
        yield Label(Text(t("recap.notes_label")), classes="recap-notes-label")
        self._typed = TypedText(editable(self.step.notes))
        yield InOrderTextArea(editable(self.step.notes), id="recap-notes", soft_wrap=True, show_line_numbers=False,
                              read_only=self.read_only)

    def on_mount(self) -> None:
        self.sync()
        if self.session.previous_session is not None:
            self._load_previous(self.session.previous_session)

    def focus_first(self) -> None:
        recap = self.query_one(RecapList)
        if recap.display:
            recap.focus()
        else:
            self.query_one("#recap-notes", TextArea).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_done", "drop", "result"):
            return self.list_has_focus(RecapList)
        return True

    def typing_field(self) -> TextArea:
        """Typed on the list: into the notes (the minutes' 前回の振り返り)."""
        return self.query_one("#recap-notes", TextArea)

    # The notes, typed while another writer may change them: merged line by line as they are
    # typed, never written over (facilitator/merge/typed.py, as the 総評's: screens/panels/text.py).
    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self.read_only:
            return
        value = self._typed.keystroke(editable(event.text_area.text), editable(self.step.notes))
        if value is not None:
            self.apply(self.meeting.set_step_notes, self.step.id, value)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if getattr(event.widget, "id", None) != "recap-notes" or not self.is_attached:
            return
        notes = self.query_one("#recap-notes", TextArea)
        typed, text = editable(notes.text), editable(self.step.notes)
        if not self.read_only and self._typed.unplaced(typed, text):
            self.apply(self.meeting.keep_unmerged_text, f"steps/{self.step.id}/notes", typed)
        self._show_notes(notes, text)

    def _show_notes(self, notes: TextArea, text: str) -> None:
        if notes.text != text:
            notes.load_text(text)
        self._typed.shown(text)

    # -- the previous session, off the UI thread ------------------------------------------
    @work(thread=True, exclusive=True, group=WORKER_GROUP, exit_on_error=False)
    def _load_previous(self, session_id: str) -> Session | Exception:
        """The previous session, or why it can't be read: an expected outcome, not a failed
        worker (a failed one would also fail whoever waits for the app's workers)."""
        if self.store is None:
            return StoreError(t("recap.reason_missing"))
        try:
            return self.store.load(session_id)
        except (ValueError, OSError) as e:  # StoreError and SessionFormatError are ValueErrors
            return e

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != WORKER_GROUP:
            return
        event.stop()
        result = event.worker.result
        if event.state == WorkerState.SUCCESS and isinstance(result, Session):
            self._previous = result
            self._state = "ok"
        elif event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            error = result if isinstance(result, Exception) else event.worker.error
            self._error = one_line(str(error or t("recap.interrupted")))
            if isinstance(error, NewerSchemaError):
                self._reason = t("recap.reason_newer")
            elif isinstance(error, SessionFormatError):
                self._reason = t("recap.reason_damaged")
            elif isinstance(error, StoreError):
                self._reason = t("recap.reason_missing")
            else:
                self._reason = t("recap.reason_unreadable")
            self._state = "error"
        else:
            return
        self.sync()

    # -- rendering -------------------------------------------------------------------------
    def sync(self, select: str | None = None) -> None:
        notes = self.query_one("#recap-notes", TextArea)
        text = editable(self.step.notes)
        if notes.has_focus and text != notes.text:
            self._typed.came_in(text, editable(notes.text))  # shown when the notes lose the focus
        else:
            self._show_notes(notes, text)
        carried = self.meeting.carried_homework()
        followed = self.meeting.carried_handoffs()
        first = self._state == "none" and not carried and not followed
        recap = self.query_one(RecapList)
        previous = self.query_one("#recap-previous", Static)
        previous.update(self._previous_line(first))
        previous.tooltip = Text(self._error) if self._error else None  # the detail (file, line) for the SC
        recap.display = not first
        self.query_one("#recap-counts").display = not first
        if first:
            return
        rows = self._handoff_rows() + self._homework_rows(carried)
        if select is None and recap.cursor_key is None and carried:
            select = carried[0].id
        recap.set_rows(rows, keep=select)
        counts = {k: sum(1 for h in carried if h.status == k) for k in HOMEWORK_STATUS_LABELS}
        line = Text()
        if followed:
            done = sum(1 for h in followed if handoff_status(h) == "done")
            line.append(t("recap.followed_count", count=len(followed), done=done))
        line.append(t("recap.carried_count", count=len(carried)))
        line.append(t("recap.separator").join(t("recap.status_count", label=HOMEWORK_STATUS_LABELS[k], count=n)
                                               for k, n in counts.items()))
        self.query_one("#recap-counts", Static).update(line)

    def _previous_line(self, first: bool) -> Text:
        if first:
            return Text(FIRST_MEETING)
        if self._state == "none":
            return Text(t("recap.no_previous"))
        if self._state == "loading":
            return Text(t("recap.loading"))
        if self._state == "error":
            return Text(t("recap.open_failed", reason=self._reason))
        prev = self._previous
        assert prev is not None
        return Text.assemble((t("recap.previous"), "bold"), format_date(prev.date), t("recap.separator"),
                             literal(prev.title, "bold"))

    def _handoff_rows(self) -> list[Row]:
        followed = self.meeting.carried_handoffs()
        if followed:  # carried into this session: followed up here
            rows = [Row(key=None, text=Text(t("recap.handoffs", count=len(followed))), sig=("c", len(followed)))]
            rows.extend(self._handoff_row(h, carried=True) for h in followed)
            return rows
        if self._state != "ok" or self._previous is None:
            return []
        handoffs = self._previous.handoffs
        if not handoffs:
            return [Row(key=None, text=Text(t("recap.handoffs_none")), sig="h-none")]
        rows = [Row(key=None, text=Text(t("recap.handoffs", count=len(handoffs))), sig=("h", len(handoffs)))]
        rows.extend(self._handoff_row(h) for h in handoffs)
        return rows

    def _handoff_row(self, h: Handoff, carried: bool = False) -> Row:
        recap = self.query_one(RecapList)
        meta = recap.get_component_rich_style("recap--meta", partial=True)
        action = recap.get_component_rich_style("recap--action", partial=True)
        if carried:
            status = handoff_status(h)
            badge = recap.get_component_rich_style(f"recap--{_HANDOFF_BADGE[status]}", partial=True)
            text = Text.assemble((f" {HANDOFF_STATUS_LABELS[status]} ", badge), " ", literal(h.action, action))
        else:
            text = Text.assemble(("→", action), literal(h.action, action))
        details = []
        if h.contact:
            details.append(Text.assemble((t("recap.contact"), meta), literal(h.contact)))
        if h.due:
            details.append(Text.assemble((t("recap.due_label"), meta), literal(due_text(h.due))))
        if details:
            text.append(t("recap.separator"))
            text.append_text(Text(t("recap.separator")).join(details))
        ideas = [i for i in (self._previous.ideas if self._previous else []) if i.id in h.idea_ids]
        if ideas:
            text.append("\n")
            text.append(t("recap.from_ideas"), style=meta)
            text.append_text(Text(t("recap.idea_separator"), style=meta).join(literal(i.text, meta) for i in ideas))
        if carried and h.result:
            text.append("\n")
            text.append_text(Text.assemble((t("recap.result_label"), meta), literal(h.result)))
        if carried:
            return Row(key=CARRIED_KEY + h.id, text=text, indent=2,
                       sig=(h.action, h.contact, h.due, h.status, h.result, len(ideas)))
        return Row(key=HANDOFF_KEY + h.id, text=text, sig=None, indent=2)

    def _homework_rows(self, carried: list[Homework]) -> list[Row]:
        if not carried:
            return [Row(key=None, text=Text(t("recap.homework_none")), sig="w-none")]
        rows = [Row(key=None, text=Text(t("recap.homework", count=len(carried))), sig=("w", len(carried)))]
        rows.extend(self._homework_row(h) for h in carried)
        return rows

    def _homework_row(self, h: Homework) -> Row:
        recap = self.query_one(RecapList)
        badge = recap.get_component_rich_style(f"recap--{h.status}", partial=True)
        meta = recap.get_component_rich_style("recap--meta", partial=True)
        text = Text.assemble((f" {HOMEWORK_STATUS_LABELS[h.status]} ", badge), " ", literal(h.text))
        details = []
        if h.owner:
            details.append(Text.assemble((t("recap.owner"), meta), literal(h.owner)))
        if h.due:
            details.append(Text.assemble((t("recap.due_label"), meta), literal(due_text(h.due))))
        if h.status == "dropped" and h.reason:
            details.append(Text.assemble((t("recap.reason"), meta), literal(h.reason)))
        if details:
            text.append("\n")
            text.append_text(Text(t("recap.separator")).join(details))
        return Row(key=h.id, text=text, sig=(h.text, h.owner, h.due, h.status, h.reason), indent=2)

    # -- actions ---------------------------------------------------------------------------
    def _current(self) -> Homework | None:
        key = self.query_one(RecapList).cursor_key
        if key is None:
            return None
        if key.startswith((HANDOFF_KEY, CARRIED_KEY)):
            if key.startswith(HANDOFF_KEY):
                self.notify(t("recap.pick_homework"), markup=False)
            return None
        return next((h for h in self.meeting.carried_homework() if h.id == key), None)

    def _followed(self) -> Handoff | None:
        """The carried hand-off under the cursor, if that is what it is on."""
        key = self.query_one(RecapList).cursor_key
        if key is None or not key.startswith(CARRIED_KEY):
            return None
        return next((h for h in self.meeting.carried_handoffs() if h.id == key[len(CARRIED_KEY):]), None)

    def action_toggle_done(self) -> None:
        """済 ↔ 継続 (a dropped one back to 継続); a hand-off: 未着手 → 対応中 → 済."""
        handoff = self._followed()
        if handoff is not None:
            if self.apply(self.meeting.next_handoff_status, handoff.id):
                self.sync(select=CARRIED_KEY + handoff.id)
            return
        hw = self._current()
        status = "open" if hw is not None and hw.status == "done" else "done"
        if hw is not None and hw.status == "dropped":
            status = "open"
        if hw is not None and self.apply(self.meeting.set_homework_status, hw.id, status):
            self.sync(select=hw.id)

    def action_result(self) -> None:
        """経過・結果 of the carried hand-off under the cursor."""
        handoff = self._followed()
        if handoff is None:
            self.notify(t("recap.pick_handoff"), markup=False)
            return
        if self.read_only:
            self.notify(t("common.read_only"), severity="warning", markup=False)
            return
        fields = [FormField("result", t("recap.result_field", text=one_line(handoff.action, 30)), handoff.result or "",
                            placeholder=t("recap.result_placeholder"), multiline=True)]

        at = place_of(self.session.handoffs, handoff)

        def done(result: FormResult | None) -> None:
            if result is not None:
                self.bring_back("handoff", handoff, at)  # (deleted in another window meanwhile)
            if result is not None and self.apply(self.meeting.set_handoff_result, handoff.id, result["result"]):
                self.sync(select=CARRIED_KEY + handoff.id)

        self.app.push_screen(FormScreen(t("recap.result_title"), fields), done)

    def action_drop(self) -> None:
        handoff = self._followed()
        if handoff is not None:  # 取りやめ, or back to 未着手
            status = "open" if handoff_status(handoff) == "dropped" else "dropped"
            if self.apply(self.meeting.set_handoff_status, handoff.id, status):
                self.sync(select=CARRIED_KEY + handoff.id)
            return
        hw = self._current()
        if hw is None:
            self.say_nothing_selected()
            return
        if self.read_only:
            self.notify(t("common.read_only"), severity="warning", markup=False)
            return
        fields = [FormField("reason", t("recap.drop_reason", text=one_line(hw.text, 30)), hw.reason or "",
                            placeholder=t("recap.drop_placeholder"))]

        at = place_of(self.session.homework, hw)

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            self.bring_back("homework", hw, at)  # (deleted in another window meanwhile)
            if self.apply(self.meeting.set_homework_status, hw.id, "dropped", result["reason"]):
                self.sync(select=hw.id)

        self.app.push_screen(FormScreen(t("recap.drop_title"), fields, submit_label=t("recap.drop_submit")), done)
