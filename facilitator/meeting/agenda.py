"""The agenda items: issues (論点) and questions (問い), which ideas and questions may point to.
Deleting an issue unlinks what pointed to it; undoing the deletion links it again."""

from __future__ import annotations

from typing import Literal

from facilitator.i18n import t
from facilitator.ids import new_item_id
from facilitator.meeting.core import MeetingCore
from facilitator.meeting.fields import optional, required
from facilitator.model import Issue, Question, find
from facilitator.text import clean


class AgendaRules(MeetingCore):
    """Issues and questions: added, edited, deleted and put back."""

    def add_issue(self, title: str, detail: str | None = None, source: str | None = None) -> Issue:
        title = required(title, t("rules.empty_issue_title"), line=True)
        issue = Issue(
            id=new_item_id("issue"),
            title=title,
            detail=clean(detail or "").strip() or None,
            source=optional(source),
        )
        self.session.issues.append(issue)
        self._changed()
        return issue

    def edit_issue(self, issue_id: str, *, title: str | None = None, detail: str | None = None,
                   source: str | None = None) -> Issue:
        issue = self._get(self.session.issues, issue_id, "issue")
        if title is not None:
            title = required(title, t("rules.empty_issue_title"), line=True)
            issue.title = title
        if detail is not None:
            issue.detail = clean(detail).strip() or None
        if source is not None:
            issue.source = optional(source)
        self._changed()
        return issue

    def delete_issue(self, issue_id: str) -> tuple[int, Issue]:
        """Remove an issue; ideas and questions that pointed to it become unlinked."""
        index, issue = self._remove(self.session.issues, issue_id, "issue")
        for item in [*self.session.ideas, *self.session.questions]:
            if item.issue_id == issue_id:
                item.issue_id = None
        return index, issue

    def add_question(self, text: str, issue_id: str | None = None) -> Question:
        text = required(text, t("rules.empty_question"))
        self._check_issue(issue_id)
        q = Question(id=new_item_id("q"), text=text, issue_id=issue_id)
        self.session.questions.append(q)
        self._changed()
        return q

    def edit_question(self, question_id: str, *, text: str | None = None,
                      issue_id: str | None | Literal[False] = False) -> Question:
        """``issue_id=None`` unlinks; leave it out to keep the link."""
        q = self._get(self.session.questions, question_id, "question")
        if text is not None:
            text = required(text, t("rules.empty_question"))
            q.text = text
        if issue_id is not False:
            self._check_issue(issue_id)
            q.issue_id = issue_id
        self._changed()
        return q

    def restore_issue(self, index: int, issue: Issue, linked: list[str]) -> None:
        """Undo ``delete_issue``: the issue back at its place; the ideas and questions in
        ``linked`` point to it again unless they were linked elsewhere meanwhile."""
        self._restore(self.session.issues, index, issue, "issue")
        wanted = set(linked)
        for item in [*self.session.questions, *self.session.ideas]:
            if item.id in wanted and item.issue_id is None:
                item.issue_id = issue.id

    def delete_question(self, question_id: str) -> tuple[int, Question]:
        return self._remove(self.session.questions, question_id, "question")

    def restore_question(self, index: int, question: Question) -> None:
        if question.issue_id is not None and find(self.session.issues, question.issue_id) is None:
            question.issue_id = None
        self._restore(self.session.questions, index, question, "question")
