"""The hand-off panel's lists and their rows: the open ideas, what was entrusted to the SC, the requests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from facilitator.i18n import t
from facilitator.meeting.followup import made_here
from facilitator.model import Idea, Session, find
from screens.panels.item_text import due_text
from screens.ui_text import literal
from screens.widgets.row_list import Row, RowList

if TYPE_CHECKING:
    from facilitator.meeting import Meeting

MARK_ON = "☑"
MARK_OFF = "☐"


def idea_text(session: Session, idea: Idea, meta_style: Style) -> Text:
    """An idea's row: its text, who said it, its interest marks and its issue."""
    text = literal(idea.text)
    if idea.author:
        text.append_text(Text.assemble((t("handoff.by"), meta_style), literal(idea.author, meta_style)))
    if idea.interest:
        text.append(t("handoff.interest", count=idea.interest), style="bold")
    issue = find(session.issues, idea.issue_id) if idea.issue_id else None
    if issue and issue.title:
        text.append_text(Text.assemble((t("handoff.issue_open"), meta_style), literal(issue.title, meta_style),
                                       (t("handoff.issue_close"), meta_style)))
    return text


class _PanelList(RowList):
    """A list inside the hand-off panel (the panel's keys act on the row under its cursor)."""

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {"handoff--meta", "handoff--marked", "handoff--badge"}


class CandidateList(_PanelList):
    """The open ideas: ``self`` ones can be marked and handed to the SC."""

    def show(self, meeting: Meeting, marked: list[str], select: str | None = None) -> None:
        """The ``self`` ideas (the ``marked`` ones ticked), then the unsorted ones."""
        meta = self.get_component_rich_style("handoff--meta")
        ideas = meeting.leftovers()
        own = [i for i in ideas if i.kind == "self"]
        unsorted = [i for i in ideas if i.kind == "unsorted"]
        rows: list[Row] = []
        if own:
            rows.append(Row(None, Text(t("handoff.own_header", count=len(own))), sig=("h", "self", len(own))))
            for idea in own:
                is_marked = idea.id in marked
                text = Text.assemble((f"{MARK_ON if is_marked else MARK_OFF} ", "bold"),
                                     idea_text(meeting.session, idea, meta))
                rows.append(Row(idea.id, text, sig=("self", is_marked, idea.text, idea.author, idea.interest,
                                                      idea.issue_id), indent=1,
                                style="handoff--marked" if is_marked else ""))
        if unsorted:
            rows.append(Row(None, Text(t("handoff.unsorted_header", count=len(unsorted))),
                            sig=("h", "unsorted", len(unsorted))))
            for idea in unsorted:
                text = Text.assemble((t("handoff.bullet"), meta), idea_text(meeting.session, idea, meta))
                rows.append(Row(idea.id, text, sig=("unsorted", idea.text, idea.author, idea.interest,
                                                      idea.issue_id), indent=1))
        self.set_rows(rows, keep=select)
        marked_count = t("handoff.marked", count=len(marked)) if marked else ""
        self.border_title = t("handoff.candidates_title", count=len(own), marked=marked_count)


class HandoffList(_PanelList):
    """What has been entrusted to the SC."""

    def show(self, session: Session, select: str | None = None) -> None:
        """Each hand-off, numbered: what the SC will do, its ideas, the key person, the due."""
        meta = self.get_component_rich_style("handoff--meta")
        badge = self.get_component_rich_style("handoff--badge")

        def idea(idea_id: str) -> Idea | None:
            return find(session.ideas, idea_id) if idea_id else None

        rows: list[Row] = []
        here = made_here(session)  # carried ones are followed up in 前回の振り返り
        for n, h in enumerate(here, start=1):
            text = Text.assemble((f" {n} ", badge), " ", literal(h.action, "bold"))
            for idea_id in h.idea_ids:
                handed = idea(idea_id)
                text.append(t("handoff.idea_line"))
                text.append_text(literal(handed.text) if handed else Text(t("handoff.idea_gone"), style=meta))
            if h.contact:
                text.append_text(Text.assemble((t("handoff.contact"), meta), literal(h.contact)))
            if h.due:
                text.append_text(Text.assemble((t("handoff.due"), meta), literal(due_text(h.due))))
            sig = (n, h.action, h.contact, h.due, tuple(
                (i, idea(i).text if idea(i) else None) for i in h.idea_ids))
            rows.append(Row(h.id, text, sig=sig))
        self.set_rows(rows, keep=select)
        self.border_title = t("handoff.handoffs_title", count=len(here))


class RequestList(_PanelList):
    """行政への要望: for the town office, by department; not handed to the SC."""

    def show(self, meeting: Meeting, select: str | None = None) -> None:
        """The request ideas, grouped by department, the undecided ones last."""
        meta = self.get_component_rich_style("handoff--meta")
        requests = meeting.requests()
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
                text = Text.assemble((t("handoff.bullet"), meta), idea_text(meeting.session, idea, meta))
                rows.append(Row(idea.id, text, sig=("req", idea.text, idea.author, idea.interest, idea.issue_id,
                                                      idea.department), indent=1))
        self.set_rows(rows, keep=select)
        self.border_title = t("handoff.requests_title", count=len(requests))
