"""SCに託す: choose the ideas we can do ourselves and entrust them to the SC.

Three lists:
- 託せるアイデア: the open ideas. ``self`` ones can be marked (Space) and handed off (t) with
  what the SC will do, a key person and a due date; ``unsorted`` ones are shown so they can be
  sorted here (1) — the rules refuse to hand them off as they are, and say why.
- SCに託したこと: the hand-offs made so far, with their ideas; edit (e) or take back (x).
- 行政への要望: the request ideas, by department. They go to the town office, not to the SC.

h 「残りを宿題に」 turns every open ``self``/``unsorted`` idea into homework (継続協議).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Static

from facilitator import dates
from facilitator.i18n import t
from facilitator.meeting import RuleError
from facilitator.model import Handoff, Idea, find
from screens.form import FormField, FormResult, FormScreen
from screens.panels.base import StepPanel
from screens.ui_text import literal, one_line
from screens.widgets.row_list import Row, RowList

# Below this width (in cells) the panel stacks its lists instead of showing two columns.
NARROW_WIDTH = 76

MARK_ON = "☑"
MARK_OFF = "☐"


def due_text(due: str | None) -> str:
    """A due date the way a town office writes it when it is a date; words as they were typed."""
    if not due:
        return ""
    try:
        return dates.format_date(due)
    except ValueError:
        return due


def short(text: str, limit: int = 24) -> str:
    return one_line(text, limit)


class _PanelList(RowList):
    """A list inside the hand-off panel: its keys call the panel."""

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {"handoff--meta", "handoff--marked", "handoff--badge"}

    def _panel(self) -> "HandoffPanel":
        return self.query_ancestor(HandoffPanel)


class CandidateList(_PanelList):
    """The open ideas: ``self`` ones can be marked and handed to the SC."""

    BINDINGS = [
        Binding("space", "mark", t("handoff.mark"), key_display="Space", id="handoff.mark"),
        Binding("t", "hand_off", t("handoff.hand_off"), id="handoff.hand_off"),
        Binding("1", "kind('self')", t("handoff.kind_self"), id="handoff.kind_self"),
        Binding("2", "kind('request')", t("handoff.kind_request"), id="handoff.kind_request"),
    ]

    def action_mark(self) -> None:
        self._panel().toggle_mark()

    def action_hand_off(self) -> None:
        self._panel().hand_off()

    def action_kind(self, kind: str) -> None:
        self._panel().set_kind(self, kind)


class HandoffList(_PanelList):
    """What has been entrusted to the SC."""

    BINDINGS = [
        Binding("e,enter", "edit", t("common.edit"), key_display="e", id="handoff.edit"),
        Binding("x,delete", "cancel", t("handoff.cancel"), key_display="x", id="handoff.cancel"),
        Binding("u", "screen.undo", t("common.undo"), id="handoff.undo"),
    ]

    def action_edit(self) -> None:
        self._panel().edit_handoff()

    def action_cancel(self) -> None:
        self._panel().cancel_handoff()


class RequestList(_PanelList):
    """行政への要望: for the town office. Handing one to the SC is refused with the reason."""

    BINDINGS = [
        Binding("t", "hand_off", t("handoff.hand_off"), id="handoff.request_hand_off"),
        Binding("e,enter", "department", t("handoff.department"), key_display="e", id="handoff.department"),
        Binding("1", "kind('self')", t("handoff.kind_self"), id="handoff.request_kind_self"),
    ]

    def action_hand_off(self) -> None:
        self._panel().refuse_request()

    def action_department(self) -> None:
        self._panel().edit_department()

    def action_kind(self, kind: str) -> None:
        self._panel().set_kind(self, kind)


class HandoffPanel(StepPanel):
    PANEL = "handoff"

    BINDINGS = [
        Binding("h", "leftovers", t("handoff.leftovers"), id="handoff.leftovers"),
    ]

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._marked: list[str] = []  # idea ids, in the order they were marked

    def compose(self) -> ComposeResult:
        with Horizontal(id="handoff-columns"):
            with Vertical(id="handoff-left"):
                yield CandidateList(
                    t("handoff.candidates_empty"),
                    id="handoff-candidates",
                )
                yield RequestList(t("handoff.requests_empty"), id="handoff-requests")
            yield HandoffList(t("handoff.handoffs_empty"), id="handoff-list")
        yield Static(id="handoff-status")

    def on_mount(self) -> None:
        self.sync()

    def focus_first(self) -> None:
        self.query_one(CandidateList).focus()

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

    # -- model -----------------------------------------------------------------------------
    def _idea(self, idea_id: str | None) -> Idea | None:
        return find(self.session.ideas, idea_id) if idea_id else None

    def _handoff(self, handoff_id: str | None) -> Handoff | None:
        return find(self.session.handoffs, handoff_id) if handoff_id else None

    def _issue_title(self, issue_id: str | None) -> str | None:
        issue = find(self.session.issues, issue_id) if issue_id else None
        return issue.title if issue else None

    # -- rendering -------------------------------------------------------------------------
    def sync(self) -> None:
        open_ids = {i.id for i in self.meeting.leftovers() if i.kind == "self"}
        self._marked = [i for i in self._marked if i in open_ids]
        self._sync_candidates()
        self._sync_handoffs()
        self._sync_requests()
        self._sync_status()

    def _idea_text(self, idea: Idea, meta_style, *, department: bool = False) -> Text:  # type: ignore[no-untyped-def]
        text = literal(idea.text)
        if idea.author:
            text.append_text(Text.assemble((t("handoff.by"), meta_style), literal(idea.author, meta_style)))
        if idea.interest:
            text.append(t("handoff.interest", count=idea.interest), style="bold")
        issue = self._issue_title(idea.issue_id)
        if issue:
            text.append_text(Text.assemble((t("handoff.issue_open"), meta_style), literal(issue, meta_style), (t("handoff.issue_close"), meta_style)))
        return text

    def _sync_candidates(self, select: str | None = None) -> None:
        widget = self.query_one(CandidateList)
        meta = widget.get_component_rich_style("handoff--meta")
        ideas = self.meeting.leftovers()
        own = [i for i in ideas if i.kind == "self"]
        unsorted = [i for i in ideas if i.kind == "unsorted"]
        rows: list[Row] = []
        if own:
            rows.append(Row(None, Text(t("handoff.own_header", count=len(own))), sig=("h", "self", len(own))))
            for idea in own:
                marked = idea.id in self._marked
                text = Text.assemble((f"{MARK_ON if marked else MARK_OFF} ", "bold"), self._idea_text(idea, meta))
                rows.append(Row(idea.id, text, sig=("self", marked, idea.text, idea.author, idea.interest,
                                                      idea.issue_id), indent=1,
                                style="handoff--marked" if marked else ""))
        if unsorted:
            rows.append(Row(None, Text(t("handoff.unsorted_header", count=len(unsorted))),
                            sig=("h", "unsorted", len(unsorted))))
            for idea in unsorted:
                text = Text.assemble((t("handoff.bullet"), meta), self._idea_text(idea, meta))
                rows.append(Row(idea.id, text, sig=("unsorted", idea.text, idea.author, idea.interest,
                                                      idea.issue_id), indent=1))
        widget.set_rows(rows, keep=select)
        marked = t("handoff.marked", count=len(self._marked)) if self._marked else ""
        widget.border_title = t("handoff.candidates_title", count=len(own), marked=marked)

    def _sync_handoffs(self, select: str | None = None) -> None:
        widget = self.query_one(HandoffList)
        meta = widget.get_component_rich_style("handoff--meta")
        badge = widget.get_component_rich_style("handoff--badge")
        rows: list[Row] = []
        for n, h in enumerate(self.session.handoffs, start=1):
            text = Text.assemble((f" {n} ", badge), " ", literal(h.action, "bold"))
            for idea_id in h.idea_ids:
                idea = self._idea(idea_id)
                text.append(t("handoff.idea_line"))
                text.append_text(literal(idea.text) if idea else Text(t("handoff.idea_gone"), style=meta))
            if h.contact:
                text.append_text(Text.assemble((t("handoff.contact"), meta), literal(h.contact)))
            if h.due:
                text.append_text(Text.assemble((t("handoff.due"), meta), literal(due_text(h.due))))
            sig = (n, h.action, h.contact, h.due, tuple(
                (i, self._idea(i).text if self._idea(i) else None) for i in h.idea_ids))
            rows.append(Row(h.id, text, sig=sig))
        widget.set_rows(rows, keep=select)
        widget.border_title = t("handoff.handoffs_title", count=len(self.session.handoffs))

    def _sync_requests(self, select: str | None = None) -> None:
        widget = self.query_one(RequestList)
        meta = widget.get_component_rich_style("handoff--meta")
        requests = self.meeting.requests()
        groups: dict[str | None, list[Idea]] = {}
        for idea in requests:
            groups.setdefault(idea.department, []).append(idea)
        # First-seen order (dicts keep it), undecided last; not requests.index() per group, which
        # was quadratic: 10,000 requests each with its own department took minutes.
        order = sorted(groups, key=lambda d: d is None)
        rows: list[Row] = []
        for department in order:
            ideas = groups[department]
            title = literal(department) if department else Text(t("handoff.no_department"))
            hint = "" if department else t("handoff.department_hint")
            rows.append(Row(None, Text.assemble("→ ", title, t("handoff.group_count", count=len(ideas)), hint),
                            sig=("h", department, len(ideas))))
            for idea in ideas:
                text = Text.assemble((t("handoff.bullet"), meta), self._idea_text(idea, meta))
                rows.append(Row(idea.id, text, sig=("req", idea.text, idea.author, idea.interest, idea.issue_id,
                                                      idea.department), indent=1))
        widget.set_rows(rows, keep=select)
        widget.border_title = t("handoff.requests_title", count=len(requests))

    def _sync_status(self) -> None:
        s = self.session
        waiting = len(self.meeting.leftovers())
        homework = sum(1 for i in s.ideas if i.status == "homework")
        line = Text(t("handoff.status", waiting=waiting, handed=len(s.handoffs), requests=len(self.meeting.requests()),
                      homework=homework))
        if waiting:
            line.append(t("handoff.status_hint"))
        self.query_one("#handoff-status", Static).update(line)

    # -- helpers ---------------------------------------------------------------------------
    def _say(self, message: str, *, warning: bool = False) -> None:
        self.notify(one_line(message), severity="warning" if warning else "information", markup=False)

    def _writable(self) -> bool:
        if self.read_only:
            self._say(t("common.read_only"), warning=True)
            return False
        return True

    # -- choosing --------------------------------------------------------------------------
    def toggle_mark(self) -> None:
        widget = self.query_one(CandidateList)
        idea = self._idea(widget.cursor_key)
        if idea is None:
            return
        reason = self.meeting.can_hand_off(idea)
        if reason:
            self._say(t("handoff.refused", text=short(idea.text), reason=reason), warning=True)
            return
        if idea.id in self._marked:
            self._marked.remove(idea.id)
        else:
            self._marked.append(idea.id)
        self._sync_candidates(select=idea.id)
        widget.action_cursor_down()

    def set_kind(self, source: RowList, kind: str) -> None:
        idea = self._idea(source.cursor_key)
        if idea is None:
            return
        if self.apply(self.meeting.set_kind, idea.id, kind) is None:
            return
        self.sync()
        text = short(idea.text)
        self._say({"self": t("handoff.moved_self", text=text), "request": t("handoff.moved_request", text=text),
                   "unsorted": t("handoff.moved_unsorted", text=text)}[kind])

    # -- handing off -----------------------------------------------------------------------
    def _chosen(self) -> list[Idea]:
        """The marked ideas, or the one under the cursor when none is marked."""
        if self._marked:
            return [i for i in (self._idea(x) for x in self._marked) if i is not None]
        idea = self._idea(self.query_one(CandidateList).cursor_key)
        return [idea] if idea else []

    def hand_off(self) -> None:
        ideas = self._chosen()
        if not ideas:
            self._say(t("handoff.nothing_chosen"), warning=True)
            return
        for idea in ideas:
            reason = self.meeting.can_hand_off(idea)
            if reason:
                self._say(t("handoff.refused", text=short(idea.text), reason=reason), warning=True)
                return
        if self._writable():
            self._handoff_form([i.id for i in ideas], {})

    def _handoff_form(self, idea_ids: list[str], typed: dict[str, str]) -> None:
        ideas = [i for i in (self._idea(x) for x in idea_ids) if i is not None]
        listed = (t("handoff.form_idea", text=one_line(i.text, 60)) for i in ideas)
        title = t("handoff.form_title", count=len(ideas)) + "\n" + "\n".join(listed)
        fields = [
            FormField("action", t("handoff.field_action"), typed.get("action", ""),
                      placeholder=t("handoff.action_placeholder")),
            FormField("contact", t("handoff.field_contact"), typed.get("contact", ""),
                      placeholder=t("handoff.contact_placeholder")),
            FormField("due", t("handoff.field_due"), typed.get("due", ""),
                      placeholder=t("handoff.due_placeholder")),
        ]

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            handoff = self.apply(self.meeting.hand_off, idea_ids, result["action"],
                                 contact=result["contact"], due=result["due"])
            if handoff is None:
                # Refused. When the ideas themselves may still go (the refusal was about what was
                # typed, e.g. nothing to do written), ask again keeping what was typed.
                still = [self._idea(x) for x in idea_ids]
                if all(i is not None and self.meeting.can_hand_off(i) is None for i in still):
                    self._handoff_form(idea_ids, result.values)
                return
            self._marked = [m for m in self._marked if m not in idea_ids]
            self.sync()
            self._sync_handoffs(select=handoff.id)
            self._say(t("handoff.handed", action=short(handoff.action, 40)))

        self.app.push_screen(FormScreen(title, fields, submit_label=t("handoff.hand_off")), done)

    def edit_handoff(self, typed: dict[str, str] | None = None) -> None:
        h = self._handoff(self.query_one(HandoffList).cursor_key)
        if h is None or not self._writable():
            return
        values = {"action": h.action, "contact": h.contact or "", "due": dates.format_date_input(h.due)} | (typed or {})
        fields = [
            FormField("action", t("handoff.field_action"), values["action"]),
            FormField("contact", t("handoff.field_contact"), values["contact"]),
            FormField("due", t("handoff.field_due"), values["due"]),
        ]

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            if self.apply(self.meeting.edit_handoff, h.id, action=result["action"],
                          contact=result["contact"] or None, due=result["due"] or None) is None:
                self.edit_handoff(result.values)  # refused (nothing to do written): ask again
                return
            self._sync_handoffs(select=h.id)

        self.app.push_screen(FormScreen(t("handoff.edit_title"), fields), done)

    def cancel_handoff(self) -> None:
        h = self._handoff(self.query_one(HandoffList).cursor_key)
        if h is None:
            return
        removed = self.apply(self.meeting.cancel_handoff, h.id)
        if removed is None:
            return
        index, gone = removed

        def restore() -> None:
            try:
                self.meeting.restore_handoff(index, gone)
            except RuleError as e:
                self.notify(one_line(t("handoff.cannot_undo", reason=str(e))), severity="warning", markup=False)
                return
            if self.is_attached:  # (is_mounted stays True once the step has left)
                self.sync()
                self._sync_handoffs(select=gone.id)

        self.offer_undo(t("handoff.undo_label", action=short(gone.action, 20)), restore)
        self.sync()
        self._say(t("handoff.taken_back"))

    # -- requests --------------------------------------------------------------------------
    def refuse_request(self) -> None:
        idea = self._idea(self.query_one(RequestList).cursor_key)
        if idea is None:
            return
        reason = self.meeting.can_hand_off(idea) or t("handoff.not_for_sc")
        self._say(t("handoff.refused", text=short(idea.text), reason=reason), warning=True)

    def edit_department(self) -> None:
        idea = self._idea(self.query_one(RequestList).cursor_key)
        if idea is None or not self._writable():
            return
        fields = [FormField("department", t("handoff.field_department"), idea.department or "",
                            placeholder=t("handoff.department_placeholder"))]

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            if self.apply(self.meeting.edit_idea, idea.id, department=result["department"] or None) is not None:
                self._sync_requests(select=idea.id)

        self.app.push_screen(FormScreen(t("handoff.request_title", text=one_line(idea.text, 60)), fields), done)

    # -- leftovers -------------------------------------------------------------------------
    def action_leftovers(self) -> None:
        if not self.meeting.leftovers():
            self._say(t("handoff.no_leftovers"))
            return
        made = self.apply(self.meeting.leftovers_to_homework)
        if not made:
            return
        self._marked = []
        self.sync()
        self._say(t("handoff.leftovers_done", count=len(made)))
