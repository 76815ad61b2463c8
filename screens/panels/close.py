"""次回の日程・宿題の確認: the next date, the homework with owners and dues, and the closing words.

Left: the next meeting (date, start time, place, agenda lines) and the homework list. Right: the
closing summary to read aloud (``Meeting.closing_summary``), refreshed whenever something changes.

Dates and times are typed the way people type them; a field saves as soon as what is typed reads
as a date/time, and Enter or leaving the field shows it back the town-office way
(令和8年10月21日（水）) — or says clearly why it does not read, keeping what was typed.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.widgets import Input, Label, Static, TextArea

from facilitator import dates
from facilitator.i18n import Labels, t
from facilitator.meeting import HOMEWORK_STATUS_LABELS
from facilitator.model import Homework, find
from screens.form import FormField, FormResult, FormScreen
from screens.panels.base import StepPanel
from screens.panels.item_text import due_text, short
from screens.ui_text import editable, fold_cells, literal, one_line
from screens.widgets.row_list import Row, RowList

NARROW_WIDTH = 76
HOMEWORK_ORDER = ("open", "done", "dropped")
FIELD_NAMES = Labels({"date": "close.date", "start_time": "close.field_time", "place": "close.place"})
FIELD_IDS = {"next-date": "date", "next-time": "start_time", "next-place": "place"}  # widget id → field


class ReadAloud(Static):
    """The closing summary: folded to its width the Japanese way (see ``fold_cells``)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._source = Text()
        self._width = 0

    def show(self, text: Text) -> None:
        self._source = text
        self._render_folded()

    def on_resize(self, event: Resize) -> None:
        if self.size.width != self._width:
            self._render_folded()

    def _render_folded(self) -> None:
        self._width = self.size.width
        self.update(fold_cells(self._source, self._width) if self._width else self._source)


class NextField(Input):
    """A next-meeting field. Esc goes back to the homework list."""

    BINDINGS = [Binding("escape", "leave", t("close.to_list"), key_display="Esc", id="close.leave_field")]

    def action_leave(self) -> None:
        self.screen.query_one(HomeworkList).focus()


class HomeworkList(RowList):
    """The homework (継続協議): open first. Keys act on the item under the cursor."""

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {"homework--meta", "homework--closed"}
    BINDINGS = [
        Binding("a", "add", t("close.add"), id="close.add"),
        Binding("e,enter", "edit", t("common.edit"), key_display="e", id="close.edit"),
        Binding("x", "done", t("close.done"), id="close.done"),
        Binding("r", "drop", t("close.drop"), id="close.drop"),
        Binding("delete,d", "delete", t("common.delete"), key_display="Del", id="close.delete"),
        Binding("u", "screen.undo", t("common.undo"), show=False, id="close.undo"),
        Binding("n", "schedule", t("close.to_schedule"), id="close.schedule"),
    ]

    def _panel(self) -> "ClosePanel":
        return self.query_ancestor(ClosePanel)

    def action_add(self) -> None:
        self._panel().add_homework()

    def action_edit(self) -> None:
        self._panel().edit_homework()

    def action_done(self) -> None:
        self._panel().toggle_done()

    def action_drop(self) -> None:
        self._panel().drop_homework()

    def action_delete(self) -> None:
        self._panel().delete_homework()

    def action_schedule(self) -> None:
        self._panel().query_one("#next-date", Input).focus()


class ClosePanel(StepPanel):
    PANEL = "close"
    HELP_NOTES = [
        (t("close.help_dates_key"), t("close.help_dates")),
        ("Tab", t("close.help_tab")),
    ]

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._errors: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        nm = self.session.next_meeting
        ro = self.read_only
        with Horizontal(id="close-columns"):
            with Vertical(id="close-left"):
                with Vertical(id="next-box"):
                    with Horizontal(classes="next-row"):
                        yield Label(t("close.date"), classes="next-label")
                        yield NextField(self._shown_date(nm.date), id="next-date", compact=True, disabled=ro,
                                        placeholder=t("close.date_placeholder"), select_on_focus=False)
                    with Horizontal(classes="next-row"):
                        yield Label(t("close.time"), classes="next-label")
                        yield NextField(nm.start_time or "", id="next-time", compact=True, disabled=ro,
                                        placeholder=t("close.time_placeholder"), select_on_focus=False)
                        yield Label(t("close.place"), classes="next-label")
                        yield NextField(editable(nm.place, multiline=False), id="next-place", compact=True, disabled=ro,
                                        placeholder=t("close.place_placeholder"), select_on_focus=False)
                    yield Label(t("close.agenda"), classes="next-label next-agenda-label")
                    yield TextArea(editable("\n".join(nm.agenda)), id="next-agenda", soft_wrap=True, show_line_numbers=False,
                                   read_only=ro, compact=True)
                    yield Static(id="next-error")
                yield HomeworkList(t("close.empty"), id="homework-list")
            with VerticalScroll(id="close-summary-box"):
                yield ReadAloud(id="close-summary")

    def on_mount(self) -> None:
        self.query_one("#next-box").border_title = t("close.next_title")
        self.query_one("#close-summary-box").border_title = t("close.summary_title")
        self._show_errors()
        self.sync()

    def focus_first(self) -> None:
        if self.session.next_meeting.date or self.read_only:
            self.query_one(HomeworkList).focus()
        else:
            self.query_one("#next-date", Input).focus()

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW_WIDTH
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self.call_after_refresh(self._reveal_focus)

    def _reveal_focus(self) -> None:
        """After the layout changed, scroll the panel so the focused widget is in view."""
        focused = self.app.focused
        if focused is not None and self in focused.ancestors:
            focused.scroll_visible(animate=False)

    # -- rendering -------------------------------------------------------------------------
    def sync(self) -> None:
        self._sync_homework()
        self._sync_summary()

    def _sync_summary(self) -> None:
        self.query_one(ReadAloud).show(literal(self.meeting.closing_summary()))

    def _sync_homework(self, select: str | None = None) -> None:
        widget = self.query_one(HomeworkList)
        meta = widget.get_component_rich_style("homework--meta")
        groups: dict[str, list[Homework]] = {k: [] for k in HOMEWORK_ORDER}
        for hw in self.session.homework:
            groups.setdefault(hw.status, []).append(hw)
        rows: list[Row] = []
        for status in HOMEWORK_ORDER:
            items = groups[status]
            if not items:
                continue
            label = t("close.open_group") if status == "open" else HOMEWORK_STATUS_LABELS[status]
            rows.append(Row(None, Text(t("close.group", label=label, count=len(items))), sig=("h", status, len(items))))
            for hw in items:
                text = Text.assemble((t("close.bullet"), meta), literal(hw.text))
                details: list[Text] = [Text.assemble((t("close.owner"), meta),
                                                     literal(hw.owner) if hw.owner else (t("close.owner_unset"), meta))]
                if hw.due:
                    details.append(Text.assemble((t("close.due"), meta), literal(due_text(hw.due))))
                if hw.from_session:
                    details.append(Text(t("close.carried"), style=meta))
                text.append(t("close.details_open"))
                text.append_text(Text(t("close.details_gap")).join(details))
                if hw.status == "dropped" and hw.reason:
                    text.append_text(Text.assemble((t("close.reason"), meta), literal(hw.reason)))
                sig = (hw.text, hw.owner, hw.due, hw.status, hw.reason, hw.from_session)
                rows.append(Row(hw.id, text, sig=sig, indent=1,
                                style="" if status == "open" else "homework--closed"))
        widget.set_rows(rows, keep=select)
        open_count = len(groups["open"])
        widget.border_title = t("close.list_title", count=open_count)

    def _refresh(self, select: str | None = None) -> None:
        self._sync_homework(select=select)
        self._sync_summary()

    # -- helpers ---------------------------------------------------------------------------
    def _say(self, message: str, *, warning: bool = False) -> None:
        self.notify(one_line(message), severity="warning" if warning else "information", markup=False)

    def _writable(self) -> bool:
        if self.read_only:
            self._say(t("common.read_only"), warning=True)
            return False
        return True

    def _current(self) -> Homework | None:
        key = self.query_one(HomeworkList).cursor_key
        return find(self.session.homework, key) if key else None

    @staticmethod
    def _shown_date(iso: str | None) -> str:
        return dates.format_date_input(iso)

    # -- next meeting ----------------------------------------------------------------------
    def _save_field(self, key: str, value: str, *, loud: bool) -> bool:
        """Store a next-meeting field when it reads. ``loud``: say why it does not, show it back."""
        if self.read_only:
            return False
        nm = self.session.next_meeting
        try:
            if key == "date":
                new = dates.parse_date(value).isoformat() if value.strip() else None
                changed = new != nm.date
            elif key == "start_time":
                new = dates.parse_time(value) if value.strip() else None
                changed = new != nm.start_time
            else:
                # (shown without control characters: that alone is not a change)
                changed = value.strip() not in (nm.place or "", editable(nm.place, multiline=False).strip())
        except ValueError as e:
            if loud:
                self._errors[key] = one_line(str(e))
                self._show_errors()
            return False
        if changed:
            if not self._set_next(**{key: value}):
                return False
            self._sync_summary()
        if key in self._errors:
            del self._errors[key]
            self._show_errors()
        return True

    def _set_next(self, **fields: object) -> bool:
        """``set_next_meeting`` through ``apply`` (it returns None, so say whether it went)."""

        def rule() -> bool:
            self.meeting.set_next_meeting(**fields)  # type: ignore[arg-type]
            return True

        return bool(self.apply(rule))

    def _show_errors(self) -> None:
        widget = self.query_one("#next-error", Static)
        if self._errors:
            text = Text()
            for key, message in self._errors.items():
                if text:
                    text.append("\n")
                text.append(t("close.error_field", field=FIELD_NAMES[key]), style="bold")
                text.append_text(literal(message))
            text.append(t("close.error_hint"))
            widget.update(text)
        else:
            widget.update("")
        widget.display = bool(self._errors)

    def _show_back(self, key: str, field: Input) -> None:
        nm = self.session.next_meeting
        shown = {"date": self._shown_date(nm.date), "start_time": nm.start_time or "", "place": nm.place or ""}[key]
        if field.value != shown:
            with field.prevent(Input.Changed):
                field.value = shown

    def on_input_changed(self, event: Input.Changed) -> None:
        key = FIELD_IDS.get(event.input.id or "")
        if key is None:
            return
        event.stop()
        self._save_field(key, event.value, loud=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        key = FIELD_IDS.get(event.input.id or "")
        if key is None:
            return
        event.stop()
        if self._save_field(key, event.value, loud=True):
            self._show_back(key, event.input)
            order = ["#next-date", "#next-time", "#next-place", "#next-agenda"]
            self.query_one(order[order.index(f"#{event.input.id}") + 1]).focus()

    def on_input_blurred(self, event: Input.Blurred) -> None:
        key = FIELD_IDS.get(event.input.id or "")
        if key is None or not self.is_attached:
            return
        event.stop()
        if self._save_field(key, event.input.value, loud=True):
            self._show_back(key, event.input)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id != "next-agenda":
            return
        event.stop()
        lines = [line.strip() for line in event.text_area.text.splitlines() if line.strip()]
        shown = [line.strip() for line in editable("\n".join(self.session.next_meeting.agenda)).splitlines()
                 if line.strip()]
        if self.read_only or lines in (self.session.next_meeting.agenda, shown):
            return
        if self._set_next(agenda=lines):
            self._sync_summary()

    # -- homework --------------------------------------------------------------------------
    def _homework_fields(self, hw: Homework | None, typed: dict[str, str] | None = None) -> list[FormField]:
        roster = [a.name for a in self.session.attendees]
        owner = hw.owner if hw else None
        values = {
            "text": hw.text if hw else "",
            "owner": owner if owner in roster else "",
            "owner_other": owner if owner and owner not in roster else "",
            "due": dates.format_date_input(hw.due) if hw else "",
        } | (typed or {})
        return [
            FormField("text", t("close.field_text"), values["text"], placeholder=t("close.text_placeholder")),
            FormField("owner", t("close.field_owner"), values["owner"], options=[(n, n) for n in roster]),
            FormField("owner_other", t("close.field_owner_other"), values["owner_other"],
                      placeholder=t("close.owner_placeholder")),
            FormField("due", t("close.field_due"), values["due"], placeholder=t("close.due_placeholder")),
        ]

    @staticmethod
    def _owner(result: FormResult) -> str | None:
        return result["owner_other"].strip() or result["owner"] or None

    def add_homework(self, typed: dict[str, str] | None = None) -> None:
        if not self._writable():
            return

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            hw = self.apply(self.meeting.add_homework, result["text"], owner=self._owner(result),
                            due=result["due"] or None)
            if hw is None:
                self.add_homework(result.values)  # refused (empty): ask again, keeping what was typed
                return
            self._refresh(select=hw.id)

        self.app.push_screen(FormScreen(t("close.add"), self._homework_fields(None, typed), submit_label=t("common.add")), done)

    def edit_homework(self, typed: dict[str, str] | None = None) -> None:
        hw = self._current()
        if hw is None or not self._writable():
            return

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            if self.apply(self.meeting.edit_homework, hw.id, text=result["text"], owner=self._owner(result),
                          due=result["due"] or None) is None:
                self.edit_homework(result.values)  # refused: ask again, keeping what was typed
                return
            self._refresh(select=hw.id)

        self.app.push_screen(FormScreen(t("close.edit_title"), self._homework_fields(hw, typed)), done)

    def toggle_done(self) -> None:
        hw = self._current()
        if hw is None:
            return
        status = "done" if hw.status == "open" else "open"
        if self.apply(self.meeting.set_homework_status, hw.id, status) is not None:
            self._refresh(select=hw.id)
            if status == "done":
                self._say(t("close.marked_done", text=short(hw.text)))
            else:
                self._say(t("close.reopened", text=short(hw.text)))

    def drop_homework(self) -> None:
        hw = self._current()
        if hw is None or not self._writable():
            return
        fields = [FormField("reason", t("close.field_reason"), hw.reason or "", placeholder=t("close.reason_placeholder"))]

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            if self.apply(self.meeting.set_homework_status, hw.id, "dropped", result["reason"]) is None:
                self.drop_homework()  # refused (no reason): ask again
                return
            self._refresh(select=hw.id)

        self.app.push_screen(FormScreen(t("close.drop_title", text=one_line(hw.text, 60)), fields,
                                        submit_label=t("close.drop_submit")), done)

    def delete_homework(self) -> None:
        hw = self._current()
        if hw is None:
            return
        removed = self.apply(self.meeting.delete_homework, hw.id)
        if removed is None:
            return
        index, gone = removed

        def restore() -> None:
            self.meeting.restore_homework(index, gone)
            if self.is_attached:  # (is_mounted stays True once the step has left)
                self._refresh(select=gone.id)

        self.offer_undo(t("close.undo_label", text=short(gone.text, 20)), restore)
        self._refresh()
