"""Who said an idea and which 地域課題 it is about: what the idea field starts with.

The SC attributes ideas while people talk, without looking at the form, so the defaults follow
one clear rule each:

- **The issue under discussion** is the issue of the question put to the body last (協議体へ諮る);
  with no such question, the only issue when there is one; else none. A new question starts on
  it too (not on the first issue).
- **The next idea** is attributed like the one said last: its speaker and its issue stay until
  the SC changes them (several ideas in a row often come from one person about one issue), also
  when the step is left and opened again. Before any idea: no speaker, the issue under
  discussion.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.model import Session, find


def issue_under_discussion(session: Session) -> str | None:
    """The id of the issue the body is discussing (see the module's docstring), or None."""
    for question in reversed(session.questions):
        if question.issue_id and find(session.issues, question.issue_id) is not None:
            return question.issue_id
    return session.issues[0].id if len(session.issues) == 1 else None


@dataclass(frozen=True)
class Attribution:
    author: str | None  # an attendee's name (None: 匿名 / not said)
    issue_id: str | None


def next_idea(session: Session) -> Attribution:
    """What the idea field's speaker and issue start with (see the module's docstring). A speaker
    no longer on the roster, or an issue since deleted, is not carried over."""
    names = {a.name for a in session.attendees}
    if session.ideas:
        last = session.ideas[-1]
        issue = last.issue_id if last.issue_id and find(session.issues, last.issue_id) is not None else None
        return Attribution(last.author if last.author in names else None, issue)
    return Attribution(None, issue_under_discussion(session))
