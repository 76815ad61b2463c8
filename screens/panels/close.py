"""次回の日程・宿題の確認: the next date, the homework with owners and dues, and the closing words.

Left: the next meeting (date, start time, place, agenda lines) and the homework list. Right: the
closing summary to read aloud (``Meeting.closing_summary``), refreshed whenever something changes.

The next-meeting fields are ``next_meeting.py``'s and the homework list (its rows)
``homework_list.py``'s; the panel lays them out, keeps the summary current, and holds the list's
keys (shown while it has the focus) and what they do to the homework (add, edit, done, drop,
delete) with their dialogs. A sentence typed on the list opens the add form with it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.widgets import Input, Static, TextArea

from facilitator import dates
from facilitator.i18n import t
from facilitator.model import Homework, find
from screens.form import FormField, FormResult, FormScreen
from screens.panels.base import StepPanel, place_of
from screens.panels.homework_list import HomeworkList
from screens.panels.item_text import short
from screens.panels.next_meeting import NextMeetingBox
from screens.ui_text import fold_cells, literal, one_line

NARROW_WIDTH = 76


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


class ClosePanel(StepPanel):
    PANEL = "close"
    HELP_NOTES = [
        (t("close.help_dates_key"), t("close.help_dates")),
        ("Tab", t("close.help_tab")),
        (t("close.help_typing_key"), t("close.help_typing")),
    ]
    # On the homework under the cursor, while the list has the focus (check_action).
    BINDINGS = [
        Binding("ctrl+a", "add", t("close.add"), id="close.add", tooltip=t("close.add_tooltip")),
        Binding("enter", "edit", t("common.edit"), key_display="Enter", id="close.edit", tooltip=t("close.edit_tooltip")),
        Binding("ctrl+x", "done", t("close.done"), id="close.done", tooltip=t("close.done_tooltip")),
        Binding("ctrl+d", "drop", t("close.drop"), id="close.drop", tooltip=t("close.drop_tooltip")),
        Binding("delete", "delete", t("common.delete"), key_display="Del", id="close.delete",
                tooltip=t("close.delete_tooltip")),
        Binding("escape", "schedule", t("close.to_schedule"), key_display="Esc", id="close.schedule",
                tooltip=t("close.to_schedule_tooltip")),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="close-columns"):
            with Vertical(id="close-left"):
                yield NextMeetingBox(self.meeting, read_only=self.read_only, apply=self.apply,
                                     changed=self._sync_summary, id="next-box")
                yield HomeworkList(t("close.empty"), id="homework-list")
            with VerticalScroll(id="close-summary-box"):
                yield ReadAloud(id="close-summary")

    def on_mount(self) -> None:
        self.query_one("#close-summary-box").border_title = t("close.summary_title")
        self.sync()

    def focus_first(self) -> None:
        """The first next-meeting field still empty (date, time, place), else the agenda: the step
        always opens on a field (a read-only one on the homework)."""
        if self.read_only:
            self.query_one(HomeworkList).focus()
            return
        nm = self.session.next_meeting
        for widget_id, value in (("#next-date", nm.date), ("#next-time", nm.start_time), ("#next-place", nm.place)):
            if not value:
                self.query_one(widget_id, Input).focus()
                return
        self.query_one("#next-agenda", TextArea).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add", "edit", "done", "drop", "delete", "schedule"):
            return self.list_has_focus(HomeworkList)
        return True

    def type_text(self, text: str) -> None:
        """Typed on the homework list: a new homework item, its text begun with ``text``."""
        if self.writable_for_typing():
            self.action_add({"text": text}, typing=True)

    def action_schedule(self) -> None:
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
        for box in self.query(NextMeetingBox):
            box.sync()

    def _sync_summary(self) -> None:
        self.query_one(ReadAloud).show(literal(self.meeting.closing_summary()))

    def _sync_homework(self, select: str | None = None) -> None:
        self.query_one(HomeworkList).show(self.session, select=select)

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
            FormField("due", t("close.field_due"), values["due"],
                      placeholder=t("close.due_placeholder", dates=dates.example_dates(self.meeting.now().date()))),
        ]

    @staticmethod
    def _owner(result: FormResult) -> str | None:
        return result["owner_other"].strip() or result["owner"] or None

    def action_add(self, typed: dict[str, str] | None = None, *, typing: bool = False) -> None:
        """The add form (``typed``: values to start from); ``typing``: opened by typing on the list."""
        if not self._writable():
            return

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            hw = self.apply(self.meeting.add_homework, result["text"], owner=self._owner(result),
                            due=result["due"] or None)
            if hw is None:
                self.action_add(result.values)  # refused (empty): ask again, keeping what was typed
                return
            self._refresh(select=hw.id)

        self.app.push_screen(FormScreen(t("close.add"), self._homework_fields(None, typed), submit_label=t("common.add"),
                                        typing=typing), done)

    def action_edit(self, typed: dict[str, str] | None = None) -> None:
        hw = self._current()
        if hw is None:
            self.say_nothing_selected()
            return
        if not self._writable():
            return

        at = place_of(self.session.homework, hw)

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            self.bring_back("homework", hw, at)  # (deleted in another window meanwhile)
            # (what another writer changed while the form was open is kept: FormResult.fresh)
            owner = self._owner(result) if result.touched("owner") or result.touched("owner_other") else hw.owner
            if self.apply(self.meeting.edit_homework, hw.id, text=result.fresh("text", hw.text), owner=owner,
                          due=result.fresh("due", dates.format_date_input(hw.due)) or None) is None:
                self.action_edit(result.values)  # refused: ask again, keeping what was typed
                return
            self.keep_overwritten(result, {"text": f"homework/{hw.id}/text"})
            self._refresh(select=hw.id)

        self.app.push_screen(FormScreen(t("close.edit_title"), self._homework_fields(hw, typed)), done)

    def action_done(self) -> None:
        hw = self._current()
        if hw is None:
            self.say_nothing_selected()
            return
        status = "done" if hw.status == "open" else "open"
        if self.apply(self.meeting.set_homework_status, hw.id, status) is not None:
            self._refresh(select=hw.id)
            if status == "done":
                self._say(t("close.marked_done", text=short(hw.text)))
            else:
                self._say(t("close.reopened", text=short(hw.text)))

    def action_drop(self) -> None:
        hw = self._current()
        if hw is None:
            self.say_nothing_selected()
            return
        if not self._writable():
            return
        fields = [FormField("reason", t("close.field_reason"), hw.reason or "", placeholder=t("close.reason_placeholder"))]

        at = place_of(self.session.homework, hw)

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            self.bring_back("homework", hw, at)  # (deleted in another window meanwhile)
            if self.apply(self.meeting.set_homework_status, hw.id, "dropped", result["reason"]) is None:
                self.action_drop()  # refused (no reason): ask again
                return
            self._refresh(select=hw.id)

        self.app.push_screen(FormScreen(t("close.drop_title", text=one_line(hw.text, 60)), fields,
                                        submit_label=t("close.drop_submit")), done)

    def action_delete(self) -> None:
        hw = self._current()
        if hw is None:
            self.say_nothing_selected()
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
