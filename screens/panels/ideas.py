"""情報・意見交換: type an idea, Enter, it shows at once grouped by issue. No voting here."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Select, Static

from facilitator.i18n import Labels, t
from facilitator.meeting import KIND_LABELS, STATUS_LABELS
from facilitator.meeting.attribution import next_idea
from facilitator.model import Idea, Issue
from screens.form import FormField, FormResult, FormScreen
from screens.panels.base import StepPanel, place_of
from screens.panels.item_tags import TAG_ACTIONS, ItemTagKeys, tag_bindings, tags_text
from screens.ui_text import literal
from screens.widgets.folded_static import FoldedStatic
from screens.widgets.quick_input import QuickInput
from screens.widgets.row_list import Row, RowList
from screens.widgets.stepping_select import SteppingSelect

ANONYMOUS = ""  # the Select value for 匿名
KIND_BADGES = Labels({"self": "ideas.badge_self", "request": "ideas.badge_request", "unsorted": "ideas.badge_unsorted"})


def newest(ideas: list[Idea]) -> str | None:
    """The id of the idea said last (ideas are kept in the order they were said)."""
    return ideas[-1].id if ideas else None


class IdeaList(RowList):
    """The ideas, grouped by issue. The panel's keys act on the idea under the cursor."""

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {
        "ideas--self",
        "ideas--request",
        "ideas--unsorted",
        "ideas--meta",
    }


class IdeaInput(QuickInput):
    """The idea field. ↓ goes down into the list, where the keys for kind and interest work
    (Input's own ↓ scrolls, which a one-line field never needs)."""

    BINDINGS = [Binding("down", "to_list", t("ideas.to_list"), key_display="↓", id="ideas.to_list",
                        tooltip=t("ideas.to_list_tooltip"))]

    def action_to_list(self) -> None:
        self.query_ancestor(IdeasPanel).query_one(IdeaList).focus()


# The idea field, the speaker (24) and the 課題 (28) share one line only when the field keeps
# at least 30 cells; narrower (a second window at 100×30 beside the step rail, 80×24), the field
# takes a line of its own and the two selectors share the one below (meeting.tcss: -stacked).
IDEA_ENTRY_ONE_LINE = 24 + 28 + 30


class IdeaEntry(Horizontal):
    """The idea field with its speaker and 課題: on one line when there is room, else stacked."""

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < IDEA_ENTRY_ONE_LINE, "-stacked")


class IdeasPanel(ItemTagKeys, StepPanel):
    PANEL = "ideas"
    DRAFT_FIELDS = ("idea-input",)
    HELP_NOTES = [
        (t("ideas.help_enter_key"), t("ideas.help_enter")),
        ("Tab", t("ideas.help_tab")),
        (t("ideas.help_typing_key"), t("ideas.help_typing")),
    ]
    # On the idea under the cursor, while the list has the focus (check_action).
    BINDINGS = [
        Binding("ctrl+k", "kind", t("ideas.kind"), id="ideas.kind", tooltip=t("ideas.kind_tooltip")),
        *tag_bindings("ideas", "ctrl+a"),  # ニーズ/デマンド, テーマ (screens/panels/item_tags.py)
        Binding("ctrl+e", "interest(1)", t("ideas.interest_up"), id="ideas.interest_up",
                tooltip=t("ideas.interest_up_tooltip")),
        Binding("ctrl+d", "interest(-1)", t("ideas.interest_down"), show=False, id="ideas.interest_down",
                tooltip=t("ideas.interest_down_tooltip")),
        Binding("enter", "edit", t("ideas.edit"), key_display="Enter", id="ideas.edit", tooltip=t("ideas.edit_tooltip")),
        Binding("delete", "delete", t("ideas.delete"), key_display="Del", id="ideas.delete",
                tooltip=t("ideas.delete_tooltip")),
        Binding("escape", "to_field", t("ideas.to_input"), key_display="Esc", id="ideas.type",
                tooltip=t("ideas.to_input_tooltip")),
    ]

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._rows: dict[str, tuple[tuple, Row]] = {}
        self._attributed = False  # the speaker and issue got their defaults (the first sync)

    def compose(self) -> ComposeResult:
        yield FoldedStatic(id="idea-questions", classes="questions")
        with IdeaEntry(id="idea-entry"):
            yield IdeaInput(placeholder=t("ideas.placeholder"), id="idea-input", disabled=self.read_only)
            # No type-to-search in an open list: what is typed goes to the idea field (screens/typing.py).
            # ↑/↓ change them without opening, stopping at the ends; Enter back to the field.
            yield SteppingSelect([], id="idea-speaker", prompt=t("ideas.speaker_prompt"), allow_blank=True,
                                 type_to_search=False)
            yield SteppingSelect([], id="idea-issue", prompt=t("ideas.issue_prompt"), allow_blank=True,
                                 type_to_search=False)
        yield IdeaList(t("ideas.empty"), id="idea-list")
        yield Static(id="idea-counts", classes="counts")

    def on_mount(self) -> None:
        # The rule, where the SC looks for it (and in F1): what stays for the next idea.
        self.query_one("#idea-speaker").tooltip = t("ideas.speaker_tooltip")
        self.query_one("#idea-issue").tooltip = t("ideas.issue_tooltip")
        self.sync()

    def focus_first(self) -> None:
        self.query_one("#idea-input", Input).focus()

    def typing_field(self) -> Input:
        return self.query_one("#idea-input", Input)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("kind", "interest", "edit", "delete", "to_field", *TAG_ACTIONS):
            return self.list_has_focus(IdeaList)
        return True

    # -- rendering -----------------------------------------------------------------------
    def sync(self) -> None:
        s = self.session
        questions = Text()
        for q in s.questions:
            if questions:
                questions.append("\n")
            questions.append(t("ideas.question"), style="bold")
            questions.append_text(literal(q.text))
        self.query_one("#idea-questions", FoldedStatic).show(questions)
        self.query_one("#idea-questions").display = bool(s.questions)
        self._sync_selects()
        self._sync_list()

    def _sync_selects(self) -> None:
        """The speaker and issue choices; what they start with is ``attribution.next_idea``'s rule
        (like the idea said last; before any, the issue under discussion), kept while the step is
        open until the SC changes them."""
        speaker = self.query_one("#idea-speaker", Select)
        issue = self.query_one("#idea-issue", Select)
        if self._attributed:
            keep, keep_issue = speaker.value, issue.value
        else:
            self._attributed = True
            default = next_idea(self.session)
            keep, keep_issue = default.author, default.issue_id
        speaker.set_options([(literal(a.name), a.name) for a in self.session.attendees])
        if keep in {a.name for a in self.session.attendees}:
            speaker.value = keep
        issue.set_options([(literal(i.title), i.id) for i in self.session.issues])
        if keep_issue in {i.id for i in self.session.issues}:
            issue.value = keep_issue
        issue.set_class(not self.session.issues, "-none")  # a class: projection/narrow CSS still apply

    def on_stepping_select_done(self, event: SteppingSelect.Done) -> None:
        event.stop()
        self.query_one("#idea-input", Input).focus()

    def _sync_list(self, select: str | None = None, *, reveal: bool = False) -> None:
        """``select``: the idea the cursor goes to; ``reveal``: and its row to the bottom of the
        view, the ideas said before it above (a new idea)."""
        rows: list[Row] = []
        for issue, ideas in self.meeting.ideas_by_issue():
            rows.append(self._header(issue, len(ideas)))
            rows.extend(self._row(idea) for idea in ideas)
        ideas_list = self.query_one(IdeaList)
        if select is None and ideas_list.cursor_key is None and self.session.ideas:
            # Opened (or reopened) with ideas: the cursor, and so the view, on the newest one,
            # wherever its issue's group is — what was said last is what the room looks for.
            select, reveal = newest(self.session.ideas), True
        ideas_list.set_rows(rows, keep=select)
        if reveal and select is not None:
            ideas_list.reveal_key(select)
        counts = {k: 0 for k in KIND_LABELS}
        for idea in self.session.ideas:
            counts[idea.kind] += 1
        line = Text(t("ideas.total", count=len(self.session.ideas)))
        line.append(t("ideas.separator").join(t("ideas.count", label=KIND_LABELS[k], count=n) for k, n in counts.items()))
        self.query_one("#idea-counts", Static).update(line)

    def _header(self, issue: Issue | None, count: int) -> Row:
        title = literal(issue.title) if issue else Text(t("ideas.no_issue"))
        text = Text.assemble("■ ", title, t("ideas.group_count", count=count))
        return Row(key=None, text=text, sig=("h", text.plain))

    def _row(self, idea: Idea) -> Row:
        sig = (idea.text, idea.kind, idea.interest, idea.author, idea.status, idea.department, idea.nature,
               tuple(idea.themes))
        cached = self._rows.get(idea.id)
        if cached and cached[0] == sig:
            return cached[1]
        ideas_list = self.query_one(IdeaList)
        badge_style = ideas_list.get_component_rich_style(f"ideas--{idea.kind}")
        meta = ideas_list.get_component_rich_style("ideas--meta")
        text = Text.assemble((f" {KIND_BADGES[idea.kind]} ", badge_style), " ", literal(idea.text))
        if idea.author:
            text.append_text(Text.assemble((t("ideas.by"), meta), literal(idea.author, "italic")))
        if idea.department and idea.kind == "request":
            text.append_text(Text.assemble((t("ideas.to_department"), meta), literal(idea.department)))
        text.append_text(tags_text(idea, "italic"))
        if idea.interest:
            text.append(t("ideas.interest", count=idea.interest), style="bold")
        if idea.status != "open":
            text.append(t("ideas.status_tag", status=STATUS_LABELS[idea.status]), style="bold")
        row = Row(key=idea.id, text=text, sig=sig, indent=2)
        self._rows[idea.id] = (sig, row)
        return row

    # -- actions -------------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "idea-input":
            return
        event.stop()
        text = event.value
        if not text.strip():
            return
        speaker = self.query_one("#idea-speaker", Select).value
        issue = self.query_one("#idea-issue", Select).value
        idea = self.apply(
            self.meeting.add_idea,
            text,
            author=speaker if isinstance(speaker, str) and speaker else None,
            issue_id=issue if isinstance(issue, str) else None,
        )
        if idea is not None:
            self._sync_list(select=idea.id, reveal=True)
        elif not event.input.value:
            event.input.value = text  # refused: the text comes back to be corrected

    def _current(self) -> Idea | None:
        key = self.query_one(IdeaList).cursor_key
        return next((i for i in self.session.ideas if i.id == key), None) if key else None

    def tag_target(self) -> Idea | None:
        return self._current()

    def tags_changed(self, item_id: str) -> None:
        self._sync_list(select=item_id)

    def action_kind(self) -> None:
        """未分類 → 自分たちでできる → 行政への要望 → 未分類: one key walks through the kinds."""
        idea = self._current()
        if idea and self.apply(self.meeting.cycle_kind, idea.id):
            self._sync_list(select=idea.id)

    def action_interest(self, delta: int) -> None:
        idea = self._current()
        if idea and self.apply(self.meeting.add_interest, idea.id, delta):
            self._sync_list(select=idea.id)

    def action_to_field(self) -> None:
        self.query_one("#idea-input", Input).focus()

    def action_delete(self) -> None:
        idea = self._current()
        if idea is None:
            self.say_nothing_selected()
            return
        removed = self.apply(self.meeting.delete_idea, idea.id)
        if removed is None:
            return
        index, gone = removed

        def restore() -> None:
            self.meeting.restore_idea(index, gone)
            if self.is_attached:  # (is_mounted stays True once the step has left)
                self._sync_list(select=gone.id)

        self.offer_undo(t("ideas.undo_label", text=gone.text[:20]), restore)
        self._sync_list()

    def action_edit(self) -> None:
        idea = self._current()
        if idea is None:
            self.say_nothing_selected()
            return
        fields = [
            FormField("text", t("ideas.field_text"), idea.text, multiline=True),
            FormField("kind", t("ideas.field_kind"), idea.kind, options=[(v, k) for k, v in KIND_LABELS.items()], allow_blank=False),
            FormField("author", t("ideas.field_author"), idea.author or "",
                      options=[(a.name, a.name) for a in self.session.attendees]
                      + ([(idea.author, idea.author)] if idea.author and idea.author not in {a.name for a in self.session.attendees} else [])),
            FormField("issue", t("ideas.field_issue"), idea.issue_id or "", options=[(i.title, i.id) for i in self.session.issues]),
            FormField("department", t("ideas.field_department"), idea.department or "", placeholder=t("ideas.department_placeholder")),
        ]

        at = place_of(self.session.ideas, idea)

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            self.bring_back("idea", idea, at)  # (deleted in another window meanwhile)
            # (what another writer changed while the form was open is kept: FormResult.fresh)
            ok = self.apply(
                self.meeting.edit_idea,
                idea.id,
                text=result.fresh("text", idea.text),
                author=result.fresh("author", idea.author or "") or None,
                issue_id=result.fresh("issue", idea.issue_id or "") or None,
                department=result.fresh("department", idea.department or "") or None,
            )
            kind = result.fresh("kind", idea.kind)
            if ok and kind != idea.kind:
                self.apply(self.meeting.set_kind, idea.id, kind)
            self.keep_overwritten(result, {k: f"ideas/{idea.id}/{k}" for k in ("text", "author", "department")})
            self._sync_list(select=idea.id)

        self.app.push_screen(FormScreen(t("ideas.edit_title"), fields), done)
