"""What the idea field's speaker and issue start with (facilitator/meeting/attribution.py)."""

from __future__ import annotations

from factories import make_session

from facilitator.meeting.attribution import Attribution, issue_under_discussion, next_idea
from facilitator.model import Idea, Issue, Question

ISSUES = [Issue(id=f"issue-0{n}", title=t) for n, t in enumerate(["情報共有", "地域通貨", "移動", "サロン"], 1)]


def test_the_issue_under_discussion_is_the_last_question_s_not_the_first_issue():
    s = make_session(issues=ISSUES, ideas=[], questions=[
        Question(id="q-1", text="①について", issue_id="issue-01"),
        Question(id="q-2", text="④について", issue_id="issue-04"),
        Question(id="q-3", text="全体に", issue_id=None),  # no issue named: the one before counts
    ])
    assert issue_under_discussion(s) == "issue-04"
    assert next_idea(s) == Attribution(None, "issue-04")


def test_without_a_question_only_a_single_issue_is_assumed():
    assert issue_under_discussion(make_session(issues=ISSUES, questions=[])) is None
    assert issue_under_discussion(make_session(issues=ISSUES[:1], questions=[])) == "issue-01"
    # A question naming an issue that was deleted names none.
    s = make_session(issues=ISSUES, questions=[Question(id="q", text="?", issue_id="gone")])
    assert issue_under_discussion(s) is None


def test_the_next_idea_is_attributed_like_the_last_one_said():
    s = make_session(issues=ISSUES, questions=[Question(id="q", text="?", issue_id="issue-04")], ideas=[
        Idea(id="i1", text="a", author="山田 花子", issue_id="issue-03"),
        Idea(id="i2", text="b", author="佐藤 一郎", issue_id="issue-02"),
    ])
    assert next_idea(s) == Attribution("佐藤 一郎", "issue-02")
    s.ideas.append(Idea(id="i3", text="c", author=None, issue_id=None))  # 匿名, no issue: kept so
    assert next_idea(s) == Attribution(None, None)


def test_a_speaker_off_the_roster_or_a_deleted_issue_is_not_carried():
    s = make_session(issues=ISSUES, ideas=[Idea(id="i1", text="a", author="来賓", issue_id="gone")])
    assert next_idea(s) == Attribution(None, None)
