"""SCに託す: choose the ideas we can do ourselves and entrust them to the SC.

Three lists:
- 託せるアイデア: the open ideas. ``self`` ones can be marked (Ctrl+X) and handed off (Enter)
  with what the SC will do, a key person and a due date; ``unsorted`` ones are shown so they can
  be sorted here (Ctrl+K) — the rules refuse to hand them off as they are, and say why.
- SCに託したこと: the hand-offs made so far, with their ideas; edit (Enter) or take back (Del).
- 行政への要望: the request ideas, by department (Enter). They go to the town office, not to the SC.

Ctrl+Y 「残りを宿題に」 turns every open ``self``/``unsorted`` idea into homework (継続協議): a bulk
action, so it lists them and asks first, and Ctrl+R (the meeting's undo) takes it back.
A sentence typed on the lists becomes a new idea (a one-line form, Enter adds it as 未分類).

The lists and their rows are ``handoff_lists.py``'s; the panel lays them out and holds the keys
(each shown while its list has the focus) and what they do, with the dialogs.
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
from facilitator.meeting.followup import made_here
from facilitator.model import Handoff, Idea, find
from screens.choice import ChoiceScreen
from screens.form import FormField, FormResult, FormScreen
from screens.panels.base import STEPS_UNDO, StepPanel, place_of
from screens.panels.handoff_lists import CandidateList, HandoffList, RequestList
from screens.panels.item_text import short
from screens.ui_text import one_line
from screens.widgets.row_list import RowList

# Below this width (in cells) the panel stacks its lists instead of showing two columns.
NARROW_WIDTH = 76
# Ctrl+Y's question lists this many of the ideas it would make homework (then 「ほか N 件」).
LEFTOVERS_LISTED = 6


class HandoffPanel(StepPanel):
    PANEL = "handoff"
    HELP_NOTES = [(t("handoff.help_typing_key"), t("handoff.help_typing"))]

    # Each on the row under the cursor of the list named in check_action, while it has the focus.
    BINDINGS = [
        Binding("enter", "hand_off", t("handoff.hand_off"), key_display="Enter", id="handoff.hand_off", tooltip=t("handoff.hand_off_tooltip")),
        Binding("ctrl+x", "mark", t("handoff.mark"), id="handoff.mark", tooltip=t("handoff.mark_tooltip")),
        Binding("ctrl+k", "kind", t("handoff.kind"), id="handoff.kind", tooltip=t("handoff.kind_tooltip")),
        Binding("enter", "edit", t("common.edit"), key_display="Enter", id="handoff.edit", tooltip=t("handoff.edit_tooltip")),
        Binding("delete", "cancel", t("handoff.cancel"), key_display="Del", id="handoff.cancel",
                tooltip=t("handoff.cancel_tooltip")),
        Binding("enter", "department", t("handoff.department"), key_display="Enter", id="handoff.department",
                tooltip=t("handoff.department_tooltip")),
        Binding("ctrl+y", "leftovers", t("handoff.leftovers"), id="handoff.leftovers",
                tooltip=t("handoff.leftovers_tooltip")),
    ]
    LIST_ACTIONS: dict[str, tuple[type[RowList], ...]] = {
        "hand_off": (CandidateList,),
        "mark": (CandidateList,),
        "kind": (CandidateList, RequestList),
        "edit": (HandoffList,),
        "cancel": (HandoffList,),
        "department": (RequestList,),
    }

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        lists = self.LIST_ACTIONS.get(action)
        return self.list_has_focus(*lists) if lists else True

    def type_text(self, text: str) -> None:
        """Typed on a list: a new idea (未分類, sorted here with Ctrl+K), begun with ``text`` in a
        one-line form; Enter adds it."""
        if not self.writable_for_typing():
            return
        fields = [FormField("text", t("handoff.new_idea_field"), text)]

        def done(result: FormResult | None) -> None:
            if result is None or not result["text"].strip():
                return
            idea = self.apply(self.meeting.add_idea, result["text"])
            if idea is not None:
                self.sync()
                self._sync_candidates(select=idea.id)
                self._say(t("handoff.new_idea_added", text=short(idea.text)))

        self.app.push_screen(FormScreen(t("handoff.new_idea_title"), fields, submit_label=t("common.add"),
                                        typing=True), done)

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

    # -- rendering -------------------------------------------------------------------------
    def sync(self) -> None:
        open_ids = {i.id for i in self.meeting.leftovers() if i.kind == "self"}
        self._marked = [i for i in self._marked if i in open_ids]
        self._sync_candidates()
        self._sync_handoffs()
        self._sync_requests()
        self._sync_status()

    def _sync_candidates(self, select: str | None = None) -> None:
        self.query_one(CandidateList).show(self.meeting, self._marked, select=select)

    def _sync_handoffs(self, select: str | None = None) -> None:
        self.query_one(HandoffList).show(self.session, select=select)

    def _sync_requests(self, select: str | None = None) -> None:
        self.query_one(RequestList).show(self.meeting, select=select)

    def _sync_status(self) -> None:
        s = self.session
        waiting = len(self.meeting.leftovers())
        homework = sum(1 for i in s.ideas if i.status == "homework")
        line = Text(t("handoff.status", waiting=waiting, handed=len(made_here(s)), requests=len(self.meeting.requests()),
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
    def action_mark(self) -> None:
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
        # The cursor stays on the idea: pressed twice, the key takes back its own mark (moving on
        # after a mark made the second press pick the next idea, the wrong one).
        self._sync_candidates(select=idea.id)

    def action_kind(self) -> None:
        """未分類 → 自分たちでできる → 行政への要望 → 未分類, for the idea under the cursor."""
        focused = self.screen.focused
        idea = self._idea(focused.cursor_key) if isinstance(focused, RowList) else None
        if idea is None:
            return
        if self.apply(self.meeting.cycle_kind, idea.id) is None:
            return
        self.sync()
        kind = idea.kind
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

    def action_hand_off(self) -> None:
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
                      placeholder=t("handoff.due_placeholder", dates=dates.example_dates(self.meeting.now().date()))),
        ]

        places = [(i, place_of(self.session.ideas, i)) for i in ideas]

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            for idea, at in places:  # (deleted in another window meanwhile)
                self.bring_back("idea", idea, at)
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

    def action_edit(self, typed: dict[str, str] | None = None) -> None:
        h = self._handoff(self.query_one(HandoffList).cursor_key)
        if h is None or not self._writable():
            return
        values = {"action": h.action, "contact": h.contact or "", "due": dates.format_date_input(h.due)} | (typed or {})
        fields = [
            FormField("action", t("handoff.field_action"), values["action"]),
            FormField("contact", t("handoff.field_contact"), values["contact"]),
            FormField("due", t("handoff.field_due"), values["due"]),
        ]

        at = place_of(self.session.handoffs, h)

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            self.bring_back("handoff", h, at)  # (deleted in another window meanwhile)
            # (what another writer changed while the form was open is kept: FormResult.fresh)
            if self.apply(self.meeting.edit_handoff, h.id, action=result.fresh("action", h.action),
                          contact=result.fresh("contact", h.contact or "") or None,
                          due=result.fresh("due", dates.format_date_input(h.due)) or None) is None:
                self.action_edit(result.values)  # refused (nothing to do written): ask again
                return
            self.keep_overwritten(result, {k: f"handoffs/{h.id}/{k}" for k in ("action", "contact")})
            self._sync_handoffs(select=h.id)

        self.app.push_screen(FormScreen(t("handoff.edit_title"), fields), done)

    def action_cancel(self) -> None:
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
    def action_department(self) -> None:
        idea = self._idea(self.query_one(RequestList).cursor_key)
        if idea is None or not self._writable():
            return
        fields = [FormField("department", t("handoff.field_department"), idea.department or "",
                            placeholder=t("handoff.department_placeholder"))]

        at = place_of(self.session.ideas, idea)

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            self.bring_back("idea", idea, at)  # (deleted in another window meanwhile)
            department = result.fresh("department", idea.department or "") or None  # (another writer's kept)
            if self.apply(self.meeting.edit_idea, idea.id, department=department) is not None:
                self._sync_requests(select=idea.id)

        self.app.push_screen(FormScreen(t("handoff.request_title", text=one_line(idea.text, 60)), fields), done)

    # -- leftovers -------------------------------------------------------------------------
    def action_leftovers(self) -> None:
        """A bulk action: it says which ideas and asks first (Enter answers yes), and Ctrl+R takes
        it back afterwards."""
        leftovers = self.meeting.leftovers()
        if not leftovers:
            self._say(t("handoff.no_leftovers"))
            return
        if not self._writable():
            return
        shown = LEFTOVERS_LISTED if len(leftovers) > LEFTOVERS_LISTED + 1 else len(leftovers)
        lines = [t("handoff.form_idea", text=short(i.text, 40)) for i in leftovers[:shown]]
        if len(leftovers) > shown:
            lines.append(t("handoff.leftovers_more", count=len(leftovers) - shown))
        lines.append(t("handoff.leftovers_undo_hint"))
        count = len(leftovers)

        def answered(choice: str | None) -> None:
            if choice == "homework":
                self._leftovers_to_homework()

        self.app.push_screen(ChoiceScreen(t("handoff.leftovers_ask", count=count), "\n".join(lines),
                                          [("homework", t("handoff.leftovers_yes", count=count))]), answered)

    def _leftovers_to_homework(self) -> None:
        made = self.apply(self.meeting.leftovers_to_homework)
        if not made:
            return
        self._marked = []
        meeting = self.meeting

        def undo() -> None:  # (the meeting screen says 「… を元に戻しました」)
            meeting.undo_leftovers_to_homework(made)
            if self.is_attached:  # (is_mounted stays True once the step has left)
                self.sync()

        self.undo.push(STEPS_UNDO, t("handoff.leftovers_undo_label", count=len(made)), undo)
        self.sync()
        self._say(t("handoff.leftovers_done", count=len(made)))
