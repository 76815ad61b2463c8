"""Meeting rules with an injected clock: steps and time, ideas, hand-offs, homework, next date."""

from __future__ import annotations

from datetime import datetime

import pytest

from facilitator.meeting import Meeting, RuleError, format_clock, timer_state
from facilitator.model import Body, Session, Step
from factories import JST

STEP_IDS = ["recap", "issues", "consult", "ideas", "handoff", "comment", "close"]
PANELS = ["recap", "issues", "consult", "ideas", "handoff", "text", "close"]


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def make_meeting(clock: FakeClock | None = None) -> Meeting:
    steps = [Step(id=i, title=i, panel=p, planned_minutes=10) for i, p in zip(STEP_IDS, PANELS)]
    s = Session(id="2026-08-19-aaaaaa", body=Body(name="C町 第1層協議体"), title="第1回", date="2026-08-19",
                template="c-town", current_step="recap", created_at="2026-08-19T10:00:00+09:00",
                updated_at="2026-08-19T10:00:00+09:00", steps=steps,
                started_at="2026-08-19T14:00:00+09:00")  # under way: its clock runs (test_meeting_clock.py)
    return Meeting(s, clock=clock or FakeClock(), now=lambda: datetime(2026, 8, 19, 14, 5, tzinfo=JST))


# -- steps and time -------------------------------------------------------------------------

def test_time_is_accounted_per_step():
    clock = FakeClock()
    m = make_meeting(clock)
    clock.t += 90
    assert m.elapsed() == 90
    m.next_step()
    assert m.session.current_step == "issues"
    assert m.session.step("recap").elapsed_seconds == 90
    clock.t += 30
    m.previous_step()
    clock.t += 5
    assert m.elapsed() == 95
    assert m.session.step("issues").elapsed_seconds == 30
    assert m.total_elapsed() == 125


def test_step_changes_are_changes_and_stamp_updated_at():
    m = make_meeting()
    v = m.version
    m.next_step()
    assert m.version == v + 1
    assert m.session.updated_at == "2026-08-19T14:05:00+09:00"


def test_first_and_last_step_bounds():
    m = make_meeting()
    assert m.previous_step() is None
    for _ in STEP_IDS:
        m.next_step()
    assert m.session.current_step == "close" and m.next_step() is None
    assert m.is_done(m.session.step("recap")) and not m.is_done(m.current)


def test_goto_unknown_step_is_refused():
    with pytest.raises(RuleError):
        make_meeting().goto("nowhere")


def test_unknown_current_step_falls_back_to_the_first():
    m = make_meeting()
    m.session.current_step = "gone"
    assert Meeting(m.session, clock=FakeClock()).current.id == "recap"


def test_pause_stops_the_clock():
    clock = FakeClock()
    m = make_meeting(clock)
    clock.t += 10
    m.pause()
    clock.t += 100
    assert m.elapsed() == 10 and not m.running
    m.resume()
    clock.t += 1
    assert m.elapsed() == 11


def test_commit_time_folds_running_time_for_saving():
    clock = FakeClock()
    m = make_meeting(clock)
    clock.t += 42
    assert m.commit_time()
    assert m.current.elapsed_seconds == 42
    assert m.elapsed() == 42


@pytest.mark.parametrize(
    "elapsed, planned, level, label",
    [
        (0, 10, "normal", "0:00 / 10:00"),
        (479, 10, "normal", "7:59 / 10:00"),
        (480, 10, "warning", "8:00 / 10:00"),
        (600, 10, "warning", "10:00 / 10:00"),
        (601, 10, "over", "超過 +1分"),
        (780, 10, "over", "超過 +3分"),
        (30, None, "normal", "0:30"),
    ],
)
def test_timer_levels_say_overrun_in_words(elapsed, planned, level, label):
    t = timer_state(elapsed, planned)
    assert (t.level, t.label) == (level, label)


def test_format_clock_hours():
    assert format_clock(3723) == "1:02:03"
    assert format_clock(-5) == "0:00"


# -- ideas ----------------------------------------------------------------------------------

def test_add_idea_cleans_text_and_refuses_empty():
    m = make_meeting()
    idea = m.add_idea("  見守り\x1b[31mの\x07輪  ", author=" 山田 ")
    assert idea.text == "見守りの輪" and idea.author == "山田"
    assert idea.kind == "unsorted" and idea.status == "open" and idea.interest == 0
    with pytest.raises(RuleError):
        m.add_idea(" \x1b[0m ")
    with pytest.raises(RuleError):
        m.add_idea("x", kind="vote")
    with pytest.raises(RuleError):
        m.add_idea("x", issue_id="no-such-issue")


def test_markup_is_stored_as_typed():
    m = make_meeting()
    assert m.add_idea("[red]x[/red] [/] [bold").text == "[red]x[/red] [/] [bold"


def test_kind_interest_edit_delete_and_undo():
    m = make_meeting()
    a = m.add_idea("サロン")
    assert m.cycle_kind(a.id).kind == "self"
    assert m.cycle_kind(a.id).kind == "request"
    assert m.cycle_kind(a.id).kind == "unsorted"
    m.add_interest(a.id)
    m.add_interest(a.id)
    assert m.add_interest(a.id, -5).interest == 0
    m.edit_idea(a.id, text="サロンの活性化", author="佐藤")
    assert (a.text, a.author) == ("サロンの活性化", "佐藤")
    m.edit_idea(a.id, author=None)
    assert a.author is None
    b = m.add_idea("二つ目")
    index, removed = m.delete_idea(a.id)
    assert [i.id for i in m.session.ideas] == [b.id]
    m.restore_idea(index, removed)
    assert [i.id for i in m.session.ideas] == [a.id, b.id]
    m.restore_idea(index, removed)  # restoring twice does not duplicate
    assert len(m.session.ideas) == 2


def test_ideas_grouped_by_issue_in_issue_order():
    m = make_meeting()
    i1 = m.add_issue("移動")
    i2 = m.add_issue("サロン")
    x = m.add_idea("a", issue_id=i2.id)
    y = m.add_idea("b")
    z = m.add_idea("c", issue_id=i1.id)
    groups = m.ideas_by_issue()
    assert [(g[0].id if g[0] else None, [i.id for i in g[1]]) for g in groups] == [
        (i1.id, [z.id]), (i2.id, [x.id]), (None, [y.id])
    ]


def test_deleting_an_issue_unlinks_its_ideas_and_questions():
    m = make_meeting()
    issue = m.add_issue("移動", detail="バスが少ない", source="ニーズ調査")
    q = m.add_question("何ができますか", issue_id=issue.id)
    idea = m.add_idea("乗り合い", issue_id=issue.id)
    index, gone = m.delete_issue(issue.id)
    assert q.issue_id is None and idea.issue_id is None
    # Undo: back at its place, linked again — but not over a link made meanwhile.
    other = m.add_issue("買い物")
    m.edit_idea(idea.id, issue_id=other.id)
    m.restore_issue(index, gone, [q.id, idea.id])
    assert m.session.issues[index] is gone
    assert q.issue_id == gone.id and idea.issue_id == other.id
    m.restore_issue(index, gone, [q.id])  # twice is harmless
    assert [i.id for i in m.session.issues].count(gone.id) == 1


def test_deleted_question_comes_back_unlinked_if_its_issue_is_gone():
    m = make_meeting()
    issue = m.add_issue("移動")
    q = m.add_question("何ができますか", issue_id=issue.id)
    index, gone = m.delete_question(q.id)
    m.delete_issue(issue.id)
    version = m.version
    m.restore_question(index, gone)
    assert m.session.questions == [gone] and gone.issue_id is None and m.version > version


# -- hand-offs and homework -----------------------------------------------------------------

def test_only_self_ideas_go_to_the_sc():
    m = make_meeting()
    req = m.add_idea("バスを増やして", kind="request", department="企画課")
    uns = m.add_idea("未分類")
    own = m.add_idea("乗り合いの仕組み", kind="self")
    with pytest.raises(RuleError, match="行政への要望"):
        m.hand_off([req.id], "役場へ")
    with pytest.raises(RuleError, match="未分類"):
        m.hand_off([uns.id], "x")
    with pytest.raises(RuleError):
        m.hand_off([own.id], "   ")
    h = m.hand_off([own.id], "運転ボランティアを探す", contact="社協 田中", due="令和8年9月30日")
    assert own.status == "handed" and h.due == "2026-09-30" and h.idea_ids == [own.id]
    with pytest.raises(RuleError, match="もう"):
        m.hand_off([own.id], "again")
    assert m.requests() == [req]
    with pytest.raises(RuleError):
        m.delete_idea(own.id)
    index, gone = m.cancel_handoff(h.id)
    assert own.status == "open" and m.session.handoffs == []
    m.restore_handoff(index, gone)  # undo: the same hand-off, same id
    assert m.session.handoffs == [gone] and own.status == "handed"
    m.cancel_handoff(h.id)
    m.set_kind(own.id, "request")
    with pytest.raises(RuleError, match="行政への要望"):
        m.restore_handoff(index, gone)
    assert m.session.handoffs == [] and own.status == "open"


def test_ideas_that_became_homework_are_not_handed_off():
    m = make_meeting()
    own = m.add_idea("乗り合い", kind="self")
    m.leftovers_to_homework()
    with pytest.raises(RuleError, match="宿題"):
        m.hand_off([own.id], "やる")


def test_due_in_words_is_kept_as_typed():
    m = make_meeting()
    own = m.add_idea("x", kind="self")
    assert m.hand_off([own.id], "y", due="次回まで").due == "次回まで"


def test_leftovers_become_homework_in_one_call():
    m = make_meeting()
    own = m.add_idea("自分たちで", kind="self", author="山田")
    uns = m.add_idea("まだ分けてない")
    req = m.add_idea("要望", kind="request")
    handed = m.add_idea("託す", kind="self")
    m.hand_off([handed.id], "やる")
    made = m.leftovers_to_homework()
    assert [h.text for h in made] == ["自分たちで", "まだ分けてない"]
    assert made[0].owner == "山田" and made[0].origin_session == m.session.id
    assert (own.status, uns.status, req.status, handed.status) == ("homework", "homework", "open", "handed")
    assert m.leftovers_to_homework() == []  # idempotent
    index, hw = m.delete_homework(made[0].id)
    assert own.status == "open"
    m.restore_homework(index, hw)
    assert own.status == "homework" and m.session.homework[index] is hw


def test_leftovers_to_homework_is_undone_in_one_call():
    m = make_meeting()
    before = len(m.session.homework)
    own = m.add_idea("自分たちで", kind="self")
    uns = m.add_idea("まだ分けてない")
    made = m.leftovers_to_homework()
    kept = made[1]
    m.set_homework_status(kept.id, "done")  # closed since: stays, and so does its idea
    assert m.undo_leftovers_to_homework(made) == 1
    assert own.status == "open" and uns.status == "homework"
    assert [h.id for h in m.session.homework][before:] == [kept.id]
    assert m.undo_leftovers_to_homework(made) == 0  # twice: nothing more


def test_homework_status_and_drop_needs_a_reason():
    m = make_meeting()
    hw = m.add_homework("会場を探す", owner="民生委員 鈴木", due="2026/9/1")
    assert hw.due == "2026-09-01"
    with pytest.raises(RuleError):
        m.set_homework_status(hw.id, "dropped")
    m.set_homework_status(hw.id, "dropped", reason="会場が見つかった")
    assert hw.status == "dropped" and hw.reason == "会場が見つかった"
    m.set_homework_status(hw.id, "done")
    assert hw.reason is None


def test_next_meeting_parses_dates_and_times():
    m = make_meeting()
    m.set_next_meeting(date="令和8年10月21日", start_time="14時", place=" 公民館 ", agenda=["移動", " ", "サロン"])
    nm = m.session.next_meeting
    assert (nm.date, nm.start_time, nm.place, nm.agenda) == ("2026-10-21", "14:00", "公民館", ["移動", "サロン"])
    m.set_next_meeting(date="")
    assert nm.date is None
    with pytest.raises(ValueError):
        m.set_next_meeting(date="あした")


def test_closing_summary_reads_aloud():
    m = make_meeting()
    m.add_idea("a", kind="self")
    m.add_homework("会場を探す", owner="鈴木", due="2026-09-01")
    m.set_next_meeting(date="2026-10-21", start_time="14:00", place="公民館")
    text = m.closing_summary()
    assert "1 件のアイデア" in text and "会場を探す（鈴木、令和8年9月1日（火）まで）" in text
    assert "令和8年10月21日（水） 14:00から、場所は公民館" in text
    m.add_homework("名簿を直す", due="次回まで")
    assert "・名簿を直す（次回まで）" in m.closing_summary()


def test_text_step_of_the_review_writes_the_review():
    m = make_meeting()
    comment = m.session.step("comment")
    m.set_step_text(comment, "よい会でした")
    assert m.session.review == "よい会でした" and comment.notes == ""
    other = m.session.step("issues")
    m.set_step_text(other, "メモ")
    assert other.notes == "メモ" and m.step_text(other) == "メモ"
