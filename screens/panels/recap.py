"""前回の振り返り: what the last session handed to the SC, and the homework it left open.

The previous session is read from the store in a thread (a slow shared folder must not freeze
the opening of the meeting); a missing or damaged file is said in one plain sentence and the
carried homework, which lives in this session, is shown all the same.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from facilitator.dates import format_date
from facilitator.i18n import t
from facilitator.meeting import HOMEWORK_STATUS_LABELS
from facilitator.model import Handoff, Homework, NewerSchemaError, Session, SessionFormatError
from facilitator.store import StoreError
from screens.form import FormField, FormResult, FormScreen
from screens.panels.base import StepPanel
from screens.ui_text import literal, one_line
from screens.widgets.row_list import Row, RowList

FIRST_MEETING = t("recap.first_meeting")
HANDOFF_KEY = "handoff:"  # row keys of the previous session's hand-offs (not actionable here)
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
        "recap--meta",
        "recap--action",
    }


class RecapPanel(StepPanel):
    PANEL = "recap"
    HELP_NOTES = [(t("recap.help_typing_key"), t("recap.help_typing"))]

    # On the carried homework under the cursor, while the list has the focus (check_action).
    # Typing on the list writes a line of this step's record (type_text): the panel has no field.
    BINDINGS = [
        Binding("ctrl+x", "toggle_done", t("recap.toggle_done"), id="recap.done", tooltip=t("recap.done_tooltip")),
        Binding("ctrl+d", "drop", t("recap.drop"), id="recap.drop", tooltip=t("recap.drop_tooltip")),
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

    def on_mount(self) -> None:
        self.sync()
        if self.session.previous_session is not None:
            self._load_previous(self.session.previous_session)

    def focus_first(self) -> None:
        recap = self.query_one(RecapList)
        if recap.display:
            recap.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_done", "drop"):
            return self.list_has_focus(RecapList)
        return True

    def type_text(self, text: str) -> None:
        """Typed on the list: a line of this step's record (the minutes' 「各ステップの記録」),
        begun with ``text`` in a one-line form; Enter writes it."""
        if not self.writable_for_typing():
            return
        fields = [FormField("line", t("recap.note_field"), text, placeholder=t("recap.note_placeholder"))]

        def done(result: FormResult | None) -> None:
            if result is None or not result["line"].strip():
                return
            notes = self.step.notes.rstrip("\n")
            line = result["line"].strip()

            def write() -> bool:
                self.meeting.set_step_notes(self.step.id, f"{notes}\n{line}" if notes else line)
                return True

            if self.apply(write):
                self.notify(t("recap.noted", text=one_line(line, 30)), markup=False)

        self.app.push_screen(FormScreen(t("recap.note_title", step=one_line(self.step.title, 30)), fields,
                                        submit_label=t("recap.note_submit"),
                                        typing=True), done)

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
        carried = self.meeting.carried_homework()
        first = self._state == "none" and not carried
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
        line = Text(t("recap.carried_count", count=len(carried)))
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
        if self._state != "ok" or self._previous is None:
            return []
        handoffs = self._previous.handoffs
        if not handoffs:
            return [Row(key=None, text=Text(t("recap.handoffs_none")), sig="h-none")]
        rows = [Row(key=None, text=Text(t("recap.handoffs", count=len(handoffs))), sig=("h", len(handoffs)))]
        rows.extend(self._handoff_row(h) for h in handoffs)
        return rows

    def _handoff_row(self, h: Handoff) -> Row:
        recap = self.query_one(RecapList)
        meta = recap.get_component_rich_style("recap--meta", partial=True)
        action = recap.get_component_rich_style("recap--action", partial=True)
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
        if key.startswith(HANDOFF_KEY):
            self.notify(t("recap.pick_homework"), markup=False)
            return None
        return next((h for h in self.meeting.carried_homework() if h.id == key), None)

    def action_toggle_done(self) -> None:
        """済 ↔ 継続 (a dropped one back to 継続)."""
        hw = self._current()
        status = "open" if hw is not None and hw.status == "done" else "done"
        if hw is not None and hw.status == "dropped":
            status = "open"
        if hw is not None and self.apply(self.meeting.set_homework_status, hw.id, status):
            self.sync(select=hw.id)

    def action_drop(self) -> None:
        hw = self._current()
        if hw is None:
            return
        if self.read_only:
            self.notify(t("common.read_only"), severity="warning", markup=False)
            return
        fields = [FormField("reason", t("recap.drop_reason", text=one_line(hw.text, 30)), hw.reason or "",
                            placeholder=t("recap.drop_placeholder"))]

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            if self.apply(self.meeting.set_homework_status, hw.id, "dropped", result["reason"]):
                self.sync(select=hw.id)

        self.app.push_screen(FormScreen(t("recap.drop_title"), fields, submit_label=t("recap.drop_submit")), done)
