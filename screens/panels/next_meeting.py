"""The close panel's next-meeting fields: date, time, place and agenda, each saved as soon as it reads."""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static, TextArea

from facilitator import dates
from facilitator.i18n import Labels, t
from facilitator.meeting import Meeting
from facilitator.merge.typed import TypedText, merge_line_sets
from screens.panels.homework_list import HomeworkList
from screens.ui_text import editable, literal, one_line
from screens.widgets.in_order import InOrderInput, InOrderTextArea

FIELD_NAMES = Labels({"date": "close.date", "start_time": "close.field_time", "place": "close.place"})
FIELD_IDS = {"next-date": "date", "next-time": "start_time", "next-place": "place"}  # widget id → field


def agenda_text(text: str) -> str:
    """The agenda as the session holds and shows it: an item a line, trimmed, no empty lines."""
    return "\n".join(line.strip() for line in editable(text).splitlines() if line.strip())


class NextField(InOrderInput):
    """A next-meeting field. Esc goes back to the homework list."""

    BINDINGS = [Binding("escape", "leave", t("close.to_list"), key_display="Esc", id="close.leave_field",
                        tooltip=t("close.to_list_tooltip"))]

    def action_leave(self) -> None:
        self.screen.query_one(HomeworkList).focus()


class AgendaArea(InOrderTextArea):
    """The agenda, a line an item. Esc goes back to the homework list, like the other fields
    (it did nothing, so the next key was typed as an agenda line)."""

    BINDINGS = [Binding("escape", "leave", t("close.to_list"), key_display="Esc", id="close.leave_agenda",
                        tooltip=t("close.to_list_tooltip"))]

    def action_leave(self) -> None:
        self.screen.query_one(HomeworkList).focus()


class NextMeetingBox(Vertical):
    """The next meeting, typed the way people type dates and times.

    A field saves as soon as what is typed reads as a date/time; Enter or leaving it shows it back
    the town-office way (令和8年10月21日（水）), or says why it does not read, keeping what was typed.
    ``apply`` is the panel's (a refusal on screen, the change reported); ``changed`` runs after
    each saved change (the panel refreshes its closing summary).
    """

    def __init__(self, meeting: Meeting, *, read_only: bool, apply: Callable[..., Any],
                 changed: Callable[[], None], id: str | None = None) -> None:
        super().__init__(id=id)
        self.meeting = meeting
        self.read_only = read_only
        self._apply_rule = apply
        self._after_change = changed
        self._errors: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        nm = self.meeting.session.next_meeting
        ro = self.read_only
        with Horizontal(classes="next-row"):
            yield Label(t("close.date"), classes="next-label")
            yield NextField(self._shown_date(nm.date), id="next-date", compact=True, disabled=ro,
                            placeholder=t("close.date_placeholder", dates=dates.example_dates(self.meeting.now().date())), select_on_focus=False)
        with Horizontal(classes="next-row"):
            yield Label(t("close.time"), classes="next-label")
            yield NextField(nm.start_time or "", id="next-time", compact=True, disabled=ro,
                            placeholder=t("close.time_placeholder"), select_on_focus=False)
            yield Label(t("close.place"), classes="next-label")
            yield NextField(editable(nm.place, multiline=False), id="next-place", compact=True, disabled=ro,
                            placeholder=t("close.place_placeholder"), select_on_focus=False)
        yield Label(t("close.agenda"), classes="next-label next-agenda-label")
        # Typed while another writer may change it: their lines kept, as a set (the file merges
        # the agenda so), never written over (facilitator/merge/typed.py).
        self._agenda = TypedText(agenda_text("\n".join(nm.agenda)), merge=merge_line_sets)
        yield AgendaArea(editable("\n".join(nm.agenda)), id="next-agenda", soft_wrap=True, show_line_numbers=False,
                       read_only=ro, compact=True)
        yield Static(id="next-error")

    def on_mount(self) -> None:
        self.border_title = t("close.next_title")
        self._show_errors()

    def sync(self) -> None:
        """Show the session's values again (another writer's change came in): every field but the
        one being typed in, and one whose typed text does not read (its error is on screen)."""
        nm = self.meeting.session.next_meeting
        shown = {"date": self._shown_date(nm.date), "start_time": editable(nm.start_time, multiline=False),
                 "place": editable(nm.place, multiline=False)}  # as composed: without control characters
        for field_id, key in FIELD_IDS.items():
            field = self.query_one(f"#{field_id}", Input)
            if not field.has_focus and key not in self._errors and field.value != shown[key]:
                with field.prevent(Input.Changed):
                    field.value = shown[key]
        agenda = self.query_one("#next-agenda", TextArea)
        current, typed = agenda_text("\n".join(self.meeting.session.next_meeting.agenda)), agenda_text(agenda.text)
        if agenda.has_focus:
            if current != typed:
                self._agenda.came_in(current, typed)  # shown when the agenda loses the focus
        else:
            self._show_agenda(agenda)

    def _show_agenda(self, agenda: TextArea) -> None:
        text = editable("\n".join(self.meeting.session.next_meeting.agenda))
        if agenda.text != text:
            agenda.load_text(text)
        self._agenda.shown(agenda_text(text))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if getattr(event.widget, "id", None) == "next-agenda" and self.is_attached:
            self._show_agenda(self.query_one("#next-agenda", TextArea))

    @staticmethod
    def _shown_date(iso: str | None) -> str:
        return dates.format_date_input(iso)

    def _save_field(self, key: str, value: str, *, loud: bool) -> bool:
        """Store a next-meeting field when it reads. ``loud``: say why it does not, show it back."""
        if self.read_only:
            return False
        nm = self.meeting.session.next_meeting
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
            self._after_change()
        if key in self._errors:
            del self._errors[key]
            self._show_errors()
        return True

    def _set_next(self, **fields: object) -> bool:
        """``set_next_meeting`` through ``apply`` (it returns None, so say whether it went)."""

        def rule() -> bool:
            self.meeting.set_next_meeting(**fields)  # type: ignore[arg-type]
            return True

        return bool(self._apply_rule(rule))

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
        nm = self.meeting.session.next_meeting
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
        if self.read_only:
            return
        current = agenda_text("\n".join(self.meeting.session.next_meeting.agenda))
        value = self._agenda.keystroke(agenda_text(event.text_area.text), current)
        if value is not None and self._set_next(agenda=value.split("\n") if value else []):
            self._after_change()
