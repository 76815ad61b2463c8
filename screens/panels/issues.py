"""地域課題の提示: the issues the survey found, in a list the SC adds to, edits and deletes from."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.dom import NoScreen
from textual.widgets import Button, Static

from facilitator.i18n import t
from facilitator.model import Issue
from screens.form import FormField, FormResult, FormScreen
from screens.panels.base import StepPanel, place_of
from screens.panels.item_tags import TAG_ACTIONS, ItemTagKeys, tag_bindings, tags_text
from screens.ui_text import literal, one_line
from screens.widgets.row_list import Row, RowList


class IssueList(RowList):
    """The issues, numbered. The panel's keys act on the issue under the cursor."""

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {
        "issues--number",
        "issues--source",
        "issues--detail",
    }


class IssuesPanel(ItemTagKeys, StepPanel):
    PANEL = "issues"
    TAG_COLLECTION = "issues"
    HELP_NOTES = [(t("issues.help_typing_key"), t("issues.help_typing"))]

    # On the issue under the cursor, while the list has the focus (check_action); typing on the
    # list opens the add form with what was typed (type_text).
    BINDINGS = [
        Binding("ctrl+a", "add", t("issues.add"), id="issues.add", tooltip=t("issues.add_tooltip")),
        Binding("enter", "edit", t("common.edit"), key_display="Enter", id="issues.edit", tooltip=t("issues.edit_tooltip")),
        Binding("delete", "delete", t("common.delete"), key_display="Del", id="issues.delete",
                tooltip=t("issues.delete_tooltip")),
        *tag_bindings("issues", "ctrl+k"),  # ニーズ/デマンド, テーマ (screens/panels/item_tags.py)
    ]

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._rows: dict[str, tuple[tuple, Row]] = {}
        self._projection: bool | None = None

    def compose(self) -> ComposeResult:
        yield Button(Text(t("issues.add_button")), id="issues-add", classes="panel-add")
        yield IssueList(t("issues.empty"), id="issue-list")
        yield Static(id="issue-counts", classes="counts")

    def on_mount(self) -> None:
        self.sync()

    def focus_first(self) -> None:
        if self.session.issues or self.read_only:
            self.query_one(IssueList).focus()
        else:
            self.query_one("#issues-add", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add", "edit", "delete", *TAG_ACTIONS):
            return self.list_has_focus(IssueList)
        return True

    def type_text(self, text: str) -> None:
        """Typed on the list or the add button: a new issue, its title begun with ``text``."""
        self.action_add(text)

    # -- rendering -----------------------------------------------------------------------
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

    def sync(self, select: str | None = None) -> None:
        if self._projection is None:
            self._projection = self._in_projection()
        issues = self.session.issues
        rows: list[Row] = []
        for n, issue in enumerate(issues, 1):
            if self._projection and rows:
                rows.append(Row(key=None, text=Text(""), sig="gap"))  # room between issues on the wall
            rows.append(self._row(n, issue))
        issue_list = self.query_one(IssueList)
        had_focus = self.screen.focused in (issue_list, self.query_one("#issues-add"))
        issue_list.set_rows(rows, keep=select)
        add = self.query_one("#issues-add", Button)
        add.display = not issues and not self.read_only
        self.query_one("#issue-counts", Static).update(Text(t("issues.count", count=len(issues))))
        if had_focus:
            self.focus_first()

    def _row(self, n: int, issue: Issue) -> Row:
        sig = (n, issue.title, issue.detail, issue.source, issue.nature, tuple(issue.themes))
        cached = self._rows.get(issue.id)
        if cached and cached[0] == sig:
            return cached[1]
        issue_list = self.query_one(IssueList)
        number = issue_list.get_component_rich_style("issues--number", partial=True)
        source = issue_list.get_component_rich_style("issues--source", partial=True)
        detail = issue_list.get_component_rich_style("issues--detail", partial=True)
        text = Text.assemble((f"{n}. ", number), literal(issue.title, "bold"))
        if issue.source:
            text.append_text(Text.assemble(t("issues.source_gap"), (t("issues.source_open"), source), literal(issue.source, source), (t("issues.source_close"), source)))
        text.append_text(tags_text(issue, "italic"))
        if issue.detail:
            text.append("\n")
            text.append_text(literal(issue.detail, detail))
        row = Row(key=issue.id, text=text, sig=sig, indent=2)
        self._rows[issue.id] = (sig, row)
        return row

    # -- actions -------------------------------------------------------------------------
    def tag_target(self) -> Issue | None:
        return self._current()

    def tags_changed(self, item_id: str) -> None:
        self.sync(select=item_id)

    def _current(self) -> Issue | None:
        key = self.query_one(IssueList).cursor_key
        return next((i for i in self.session.issues if i.id == key), None) if key else None

    def _fields(self, issue: Issue | None, title: str = "") -> list[FormField]:
        return [
            FormField("title", t("issues.field_title"), issue.title if issue else title,
                      placeholder=t("issues.title_placeholder")),
            FormField("detail", t("issues.field_detail"),
                      issue.detail or "" if issue else "", multiline=True),
            FormField("source", t("issues.field_source"), issue.source or "" if issue else "",
                      placeholder=t("issues.source_placeholder")),
        ]

    def _writable(self) -> bool:
        if self.read_only:
            self.notify(t("common.read_only"), severity="warning", markup=False)
        return not self.read_only

    def action_add(self, typed: str = "") -> None:
        """The add form; ``typed``: what was typed on the list, the title's beginning."""
        if not (self.writable_for_typing() if typed else self._writable()):
            return

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            issue = self.apply(self.meeting.add_issue, result["title"], result["detail"], result["source"])
            if issue is not None:
                self.sync(select=issue.id)
                self.query_one(IssueList).focus()

        self.app.push_screen(FormScreen(t("issues.add_title"), self._fields(None, typed), submit_label=t("common.add"),
                                        typing=bool(typed)), done)

    def action_edit(self) -> None:
        issue = self._current()
        if issue is None:
            self.say_nothing_selected()
            return
        if not self._writable():
            return

        at = place_of(self.session.issues, issue)

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            self.bring_back("issue", issue, at)  # (deleted in another window meanwhile)
            self.apply(self.meeting.edit_issue, issue.id, title=result.fresh("title", issue.title),
                       detail=result.fresh("detail", issue.detail or ""), source=result.fresh("source", issue.source or ""))
            self.keep_overwritten(result, {k: f"issues/{issue.id}/{k}" for k in ("title", "detail", "source")})
            self.sync(select=issue.id)

        self.app.push_screen(FormScreen(t("issues.edit_title"), self._fields(issue)), done)

    def action_delete(self) -> None:
        issue = self._current()
        if issue is None:
            self.say_nothing_selected()
            return
        s = self.session
        linked = [x.id for x in [*s.questions, *s.ideas] if x.issue_id == issue.id]
        removed = self.apply(self.meeting.delete_issue, issue.id)
        if removed is None:
            return
        index, gone = removed

        def restore() -> None:
            self.meeting.restore_issue(index, gone, linked)
            if self.is_attached:  # (is_mounted stays True once the step has left)
                self.sync(select=gone.id)

        self.offer_undo(t("issues.undo_label", title=one_line(gone.title, 20)), restore)
        self.sync()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "issues-add":
            event.stop()
            self.action_add()
