"""協議体へ諮る: the question(s) the SC puts to the body, shown large under their issue.

In projection mode (the screen's ``projection`` class) the list shows the questions only: no
issue headers, no counts — each question big, bold and spaced, readable from the back.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.dom import NoScreen
from textual.widgets import Button, Static

from facilitator.i18n import t
from facilitator.meeting.attribution import issue_under_discussion
from facilitator.model import Issue, Question
from screens.form import FormField, FormResult, FormScreen
from screens.panels.base import StepPanel, place_of
from screens.ui_text import literal, one_line
from screens.widgets.row_list import Row, RowList


class QuestionList(RowList):
    """The questions, grouped under their issue. The panel's keys act on the one under the cursor."""

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {
        "consult--question",
        "consult--label",
        "consult--card",
    }


class ConsultPanel(StepPanel):
    PANEL = "consult"
    HELP_NOTES = [(t("consult.help_typing_key"), t("consult.help_typing"))]

    # On the question under the cursor, while the list has the focus (check_action); typing on
    # the list opens the add form with what was typed in the question field (type_text).
    BINDINGS = [
        Binding("ctrl+a", "add", t("consult.add"), id="consult.add", tooltip=t("consult.add_tooltip")),
        Binding("enter", "edit", t("common.edit"), key_display="Enter", id="consult.edit", tooltip=t("consult.edit_tooltip")),
        Binding("delete", "delete", t("common.delete"), key_display="Del", id="consult.delete",
                tooltip=t("consult.delete_tooltip")),
    ]

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._projection: bool | None = None

    def compose(self) -> ComposeResult:
        yield Button(Text(t("consult.add_button")), id="consult-add", classes="panel-add")
        yield QuestionList(t("consult.empty"), id="question-list")
        yield Static(id="consult-counts", classes="counts")

    def on_mount(self) -> None:
        self._projection = self._in_projection()
        self.sync()

    def focus_first(self) -> None:
        if self.session.questions or self.read_only:
            self.query_one(QuestionList).focus()
        else:
            self.query_one("#consult-add", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add", "edit", "delete"):
            return self.list_has_focus(QuestionList)
        return True

    def type_text(self, text: str) -> None:
        """Typed on the list or the add button: a new question, begun with ``text``."""
        self.action_add(text)

    def _in_projection(self) -> bool:
        try:
            return self.screen.has_class("projection")
        except NoScreen:  # not mounted yet
            return False

    def notify_style_update(self) -> None:
        """Called when the CSS applies again, e.g. after F5 toggles projection: re-render then."""
        super().notify_style_update()
        if self.is_mounted and self._projection is not None:
            projection = self._in_projection()
            if projection != self._projection:
                self._projection = projection
                self.call_later(self.sync)

    # -- rendering -----------------------------------------------------------------------
    def sync(self, select: str | None = None) -> None:
        s = self.session
        question_list = self.query_one(QuestionList)
        had_focus = self.screen.focused in (question_list, self.query_one("#consult-add"))
        question_list.set_rows(self._rows(bool(self._projection)), keep=select)
        self.query_one("#consult-add", Button).display = not s.questions and not self.read_only
        counts = Text(t("consult.count", count=len(s.questions)))
        unlinked = sum(1 for q in s.questions if self._issue(q) is None)
        if unlinked:
            counts.append(t("consult.unlinked", count=unlinked))
        self.query_one("#consult-counts", Static).update(counts)
        if had_focus:
            self.focus_first()

    def _issue(self, q: Question) -> Issue | None:
        return next((i for i in self.session.issues if i.id == q.issue_id), None) if q.issue_id else None

    def _groups(self) -> list[tuple[Issue | None, list[Question]]]:
        """Questions under their issue, in the issues' order; unlinked ones last."""
        by_issue: dict[str | None, list[Question]] = {i.id: [] for i in self.session.issues}
        by_issue[None] = []
        for q in self.session.questions:
            by_issue[q.issue_id if q.issue_id in by_issue else None].append(q)
        groups: list[tuple[Issue | None, list[Question]]] = [
            (i, by_issue[i.id]) for i in self.session.issues if by_issue[i.id]
        ]
        if by_issue[None]:
            groups.append((None, by_issue[None]))
        return groups

    def _rows(self, projection: bool) -> list[Row]:
        question_list = self.query_one(QuestionList)
        big = question_list.get_component_rich_style("consult--question", partial=True)
        label = question_list.get_component_rich_style("consult--label", partial=True)
        rows: list[Row] = []
        for issue, questions in self._groups():
            if not projection:
                title = literal(issue.title) if issue else Text(t("consult.no_issue"))
                header = Text.assemble((t("consult.issue_label"), label), title)
                rows.append(Row(key=None, text=header, sig=("h", header.plain)))
            for q in questions:
                # A card: a band with a blank line above and below the question.
                text = Text.assemble("\n", (t("consult.question_label"), label), literal(q.text, big), "\n")
                rows.append(Row(key=q.id, text=text, sig=("q", q.text, projection), indent=4 if projection else 2,
                                style="consult--card"))
                if projection:
                    rows.append(Row(key=None, text=Text(""), sig="gap"))
        return rows

    # -- actions -------------------------------------------------------------------------
    def _current(self) -> Question | None:
        key = self.query_one(QuestionList).cursor_key
        return next((q for q in self.session.questions if q.id == key), None) if key else None

    def _writable(self) -> bool:
        if self.read_only:
            self.notify(t("common.read_only"), severity="warning", markup=False)
        return not self.read_only

    def _fields(self, q: Question | None, issue_id: str, text: str = "") -> list[FormField]:
        return [
            FormField("text", t("consult.field_text"), q.text if q else text, multiline=True),
            FormField("issue", t("consult.field_issue"), issue_id,
                      options=[(i.title, i.id) for i in self.session.issues]),
        ]

    def action_add(self, typed: str = "") -> None:
        """The add form; ``typed``: what was typed on the list, the question's beginning."""
        if not (self.writable_for_typing() if typed else self._writable()):
            return
        current = self._current()
        # The issue of the question under the cursor, else the one under discussion (the last
        # question's; attribution.py) — not the first issue of the list.
        default = (current.issue_id if current and current.issue_id else "") or issue_under_discussion(self.session) or ""

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            q = self.apply(self.meeting.add_question, result["text"], result["issue"] or None)
            if q is not None:
                self.sync(select=q.id)
                self.query_one(QuestionList).focus()

        self.app.push_screen(FormScreen(t("consult.add_title"), self._fields(None, default, typed),
                                        submit_label=t("common.add"), typing=bool(typed)), done)

    def action_edit(self) -> None:
        q = self._current()
        if q is None:
            self.say_nothing_selected()
            return
        if not self._writable():
            return

        at = place_of(self.session.questions, q)

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            self.bring_back("question", q, at)  # (deleted in another window meanwhile)
            self.apply(self.meeting.edit_question, q.id, text=result.fresh("text", q.text),
                       issue_id=result.fresh("issue", q.issue_id or "") or None)
            self.keep_overwritten(result, {"text": f"questions/{q.id}/text"})
            self.sync(select=q.id)

        self.app.push_screen(FormScreen(t("consult.edit_title"), self._fields(q, q.issue_id or "")), done)

    def action_delete(self) -> None:
        q = self._current()
        if q is None:
            self.say_nothing_selected()
            return
        removed = self.apply(self.meeting.delete_question, q.id)
        if removed is None:
            return
        index, gone = removed

        def restore() -> None:
            self.meeting.restore_question(index, gone)
            if self.is_attached:  # (is_mounted stays True once the step has left)
                self.sync(select=gone.id)

        self.offer_undo(t("consult.undo_label", text=one_line(gone.text, 20)), restore)
        self.sync()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "consult-add":
            event.stop()
            self.action_add()
