"""出席者: the session's roster (name, role, 出欠). The ideas panel's speaker list reads it.

A modal over the meeting screen. Type a name (and a role), Enter adds; Del removes the attendee
under the cursor, Ctrl+R puts the last removed one back (while the roster is open: its entries in
the meeting's undo stack go when it closes). Opening it takes attendance in one step (everyone not
yet taken is present); Ctrl+X marks the attendee under the cursor absent (or present again). F2
opens the form of the 記録者 and who leads each step of the 次第 (the minutes show both). Typing on the list goes to the name field
(screens/typing.py). Dismisses with True when the roster changed, so the meeting screen can
refresh its panel.
"""

from __future__ import annotations

from functools import partial

from typing import Any, Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Static

from facilitator.i18n import Labels, t
from facilitator.meeting import ATTENDANCE_LABELS, Meeting, RuleError
from facilitator.undo import UndoStack
from screens.drafts import DraftKeeper
from screens.form import FormField, FormResult, FormScreen
from screens.typing import follow_focus, put_text, refuse_typing, type_into_target
from screens.ui_text import literal, one_line
from screens.widgets.in_order import InOrderInput
from screens.widgets.row_list import Row, RowList
from screens.widgets.footer import Footer

ROSTER_UNDO = "roster"  # the roster's entries in the meeting's undo stack (Ctrl+R)

# The role field's suggestions, in the UI language.
ROLES = Labels({
    "minsei": "roster.role_minsei",
    "chonaikai": "roster.role_chonaikai",
    "jichikai": "roster.role_jichikai",
    "roujin_club": "roster.role_roujin_club",
    "shakyo": "roster.role_shakyo",
    "sc": "roster.role_sc",
    "advisor": "roster.role_advisor",
    "town_office": "roster.role_town_office",
    "houkatsu": "roster.role_houkatsu",
    "npo": "roster.role_npo",
    "shop": "roster.role_shop",
    "school": "roster.role_school",
    "resident": "roster.role_resident",
})


# Who usually leads a step (suggested in the F2 form, with the attendees' names).
ROLE_LEADS = Labels({"sc": "roster.lead_sc", "advisor": "roster.role_advisor", "chair": "roster.lead_chair"})


class RosterList(RowList):
    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {"roster--role", "roster--present", "roster--absent",
                                                     "roster--untaken"}


class RosterScreen(ModalScreen[bool]):
    CSS_PATH = ["meeting.tcss", "dialogs.tcss"]  # loaded with the meeting already: its RowList and form classes
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # -short: compact (recap_issues_consult.tcss)
    BINDINGS = [
        # On the attendee under the cursor, while the list has the focus (check_action).
        Binding("delete", "remove", t("common.delete"), key_display="Del", id="roster.remove",
                tooltip=t("roster.remove_tooltip")),
        Binding("ctrl+x", "attendance", t("roster.attendance"), id="roster.attendance",
                tooltip=t("roster.attendance_tooltip")),
        Binding("f2", "record", t("roster.record"), id="roster.record", tooltip=t("roster.record_tooltip")),
        Binding("ctrl+r", "undo", t("common.undo"), id="roster.undo", tooltip=t("roster.undo_tooltip")),
        Binding("escape", "close", t("help.close"), id="roster.close", tooltip=t("roster.close_tooltip")),
        Binding("f3", "close", t("help.close"), show=False, id="roster.close_f3", tooltip=t("roster.close_tooltip")),
    ]

    def __init__(self, meeting: Meeting, *, undo: UndoStack | None = None, read_only: bool = False,
                 drafts: DraftKeeper | None = None) -> None:
        """``undo``: the meeting's undo stack (a roster opened alone gets one of its own);
        ``drafts``: the meeting's drafts (a name and role typed but not added yet)."""
        super().__init__(classes="roster-screen")
        self.meeting = meeting
        self.undo = undo if undo is not None else UndoStack()
        self.read_only = read_only
        self.changed = False
        self.drafts = drafts

    def compose(self) -> ComposeResult:
        with Vertical(id="roster"):
            yield Label(Text(t("roster.title")), classes="form-title")
            yield RosterList(t("roster.empty"), id="roster-list")
            yield Static(id="roster-counts", classes="counts")
            with Horizontal(id="roster-entry"):
                yield InOrderInput(placeholder=t("roster.name"), id="roster-name", disabled=self.read_only,
                                   select_on_focus=False)
                yield InOrderInput(placeholder=t("roster.role"), id="roster-role",
                                   suggester=SuggestFromList(list(ROLES.values())), disabled=self.read_only,
                                   select_on_focus=False)
                yield Button(Text(t("common.add")), id="roster-add", variant="primary", disabled=self.read_only)
            yield Static(Text(t("roster.hint")), classes="roster-hint")
        yield Footer()

    def on_mount(self) -> None:
        if not self.read_only and self.meeting.take_attendance():  # everyone present, in one step
            self.changed = True
            self.notify(t("roster.all_present"), markup=False)
        self.sync()
        if self.drafts is not None:
            for field_id in ("roster-name", "roster-role"):
                self.drafts.bind(self.query_one(f"#{field_id}", Input), f"roster/{field_id}")
        if self.read_only:
            self.query_one(RosterList).focus()
        else:
            self.query_one("#roster-name", Input).focus()

    # -- rendering ---------------------------------------------------------------------------
    def sync(self, select: str | None = None) -> None:
        roster = self.query_one(RosterList)
        role_style = roster.get_component_rich_style("roster--role", partial=True)
        rows = []
        for a in self.meeting.session.attendees:
            mark = a.attendance or "untaken"
            badge = ATTENDANCE_LABELS[a.attendance] if a.attendance else t("roster.untaken")
            text = Text.assemble((f" {badge} ", roster.get_component_rich_style(f"roster--{mark}", partial=True)),
                                 " ", literal(a.name, "bold"))
            if a.role:
                text.append_text(Text.assemble(t("roster.role_gap"), literal(a.role, role_style)))
            rows.append(Row(key=a.name, text=text, sig=(a.name, a.role, a.attendance), indent=1))
        roster.set_rows(rows, keep=select)
        people = self.meeting.session.attendees
        line = t("roster.count", count=len(people))
        if any(a.attendance for a in people):
            line += t("roster.attendance_count", present=sum(1 for a in people if a.attendance == "present"),
                      absent=sum(1 for a in people if a.attendance == "absent"))
        s = self.meeting.session
        if s.recorder:
            line += t("roster.recorder_line", name=one_line(s.recorder, 30))
        self.query_one("#roster-counts", Static).update(Text(line))

    # -- changes -------------------------------------------------------------------------------
    def _apply(self, rule: Callable[..., Any], *args: Any) -> Any:
        if self.read_only:
            self.notify(t("common.read_only"), severity="warning", markup=False)
            return None
        try:
            result = rule(*args)
        except (RuleError, ValueError) as e:
            self.notify(one_line(str(e)), severity="warning", markup=False)
            return None
        self.changed = True
        return result if result is not None else True

    def add(self) -> None:
        name_input = self.query_one("#roster-name", Input)
        role_input = self.query_one("#roster-role", Input)
        if not name_input.value.strip():
            if role_input.value.strip():
                self.notify(t("roster.need_name"), severity="warning", markup=False)
            name_input.focus()
            return
        added = self._apply(partial(self.meeting.add_attendee, present=True), name_input.value, role_input.value or None)
        if added:
            name_input.value = ""
            role_input.value = ""
            self.sync(select=added.name)
            name_input.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("remove", "attendance"):
            return isinstance(self.focused, RosterList)
        return True

    # -- typing ------------------------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        if not follow_focus(event, self.app):
            type_into_target(self, event)  # a printable key no widget took (the add button): the name

    def type_text(self, text: str) -> None:
        """``TypingTarget``: typed on the list, into the name field."""
        if self.read_only:
            refuse_typing(self)
            return
        put_text(self.query_one("#roster-name", Input), text)

    def action_remove(self) -> None:
        name = self.query_one(RosterList).cursor_key
        attendee = next((a for a in self.meeting.session.attendees if a.name == name), None)
        if attendee is None:
            return
        if self._apply(self.meeting.remove_attendee, attendee.name):

            def undo() -> str | None:
                return attendee.name if self._apply(self.meeting.add_attendee, attendee.name, attendee.role) else None

            self.undo.push(ROSTER_UNDO, attendee.name, undo)
            self.sync()
            self.notify(t("roster.removed", name=one_line(attendee.name, 30)), markup=False)

    def action_attendance(self) -> None:
        """出席 ↔ 欠席 for the attendee under the cursor."""
        name = self.query_one(RosterList).cursor_key
        if name is not None and self._apply(self.meeting.toggle_attendance, name):
            self.sync(select=name)

    def action_record(self) -> None:
        """F2: the 記録者 and who leads each step of the 次第, in one form (Enter moves on)."""
        if self.read_only:
            self.notify(t("common.read_only"), severity="warning", markup=False)
            return
        s = self.meeting.session
        names = tuple(a.name for a in s.attendees)
        fields = [FormField("recorder", t("roster.recorder"), s.recorder or "", placeholder=t("roster.recorder_placeholder"),
                            suggestions=names)]
        leads = tuple(dict.fromkeys([*ROLE_LEADS.values(), *names]))
        fields += [FormField(f"lead-{n}", t("roster.lead", step=one_line(step.title, 24)), step.lead or "",
                             placeholder=t("roster.lead_placeholder"), suggestions=leads)
                   for n, step in enumerate(s.steps)]

        def done(result: FormResult | None) -> None:
            if result is None:
                return

            def write() -> bool:
                self.meeting.set_recorder(result["recorder"])
                for n, step in enumerate(s.steps):
                    self.meeting.set_step_lead(step.id, result[f"lead-{n}"])
                return True

            if self._apply(write):
                self.sync()

        self.app.push_screen(FormScreen(t("roster.record_title"), fields), done)

    def action_undo(self) -> None:
        entry = self.undo.pop(ROSTER_UNDO)
        if entry is None:
            self.notify(t("common.nothing_to_undo"), markup=False)
            return
        select = entry.undo()
        if select is not None:
            self.sync(select=select)

    def action_close(self) -> None:
        self.undo.drop(ROSTER_UNDO)  # Ctrl+R undoes a removal while the roster is still open
        self.dismiss(self.changed)

    # -- events ------------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.add()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "roster-add":
            event.stop()
            self.add()
