"""The 前回の振り返り, 地域課題の提示 and 協議体へ諮る panels, and the 出席者 roster (Pilot + snapshots).

Determinism for snapshots: the app takes its clocks as arguments — ``clock`` (monotonic, times
the steps) fixed at 0 keeps the timer at 0:00, ``now`` fixed keeps the header clock at 14:05.
The previous session is read in a thread worker: ``settle`` waits for the workers first.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.worker import WorkerCancelled, WorkerFailed

from facilitator.model import Handoff, Homework, Idea, Issue, Question
from factories import make_session
import pilot_helpers
from pilot_helpers import SIZE, notes
from screens.app import KyogitaiApp
from screens.form import FormScreen
from screens.panels.consult import ConsultPanel, QuestionList
from screens.panels.issues import IssueList, IssuesPanel
from screens.panels.recap import FIRST_MEETING, RecapList, RecapPanel
from screens.roster import RosterList, RosterScreen
from screens.widgets.row_list import RowList


def make_app(tmp_path: Path, **overrides) -> KyogitaiApp:  # type: ignore[no-untyped-def]
    overrides.setdefault("current_step", "recap")  # the first step: most tests here are about it
    return pilot_helpers.make_app(tmp_path, **overrides)


def with_previous(tmp_path: Path, **overrides) -> KyogitaiApp:  # type: ignore[no-untyped-def]
    """A session carried over from a saved previous one: two hand-offs, three homework items."""
    prev = make_session(
        date="2026-07-15",
        title="第2回 定例会",
        ideas=[Idea(id="idea-01", text="乗り合いで買い物に行く", kind="self", status="handed"),
               Idea(id="idea-09", text="[bold]見守り[/] の声かけ", kind="self", status="handed")],
        handoffs=[
            Handoff(id="hand-01", idea_ids=["idea-01"], action="社協の車両が使えるか確認する",
                    contact="社協 地域福祉係", due="2026-09-30"),
            Handoff(id="hand-02", idea_ids=["idea-09"], action="[red]x[/red] 民生委員に相談", due="次回まで"),
        ],
    )
    homework = [
        Homework(id="hw-01", text="移動販売車の巡回ルートを調べる", owner="鈴木 SC", due="2026-09-30",
                 from_session=prev.id),
        Homework(id="hw-02", text="[bold]公民館[/] の予約状況を確認", owner="佐藤 一郎", due="次回まで",
                 from_session=prev.id),
        Homework(id="hw-03", text="見守りマップの試作", owner="山田 花子", status="dropped",
                 reason="町の事業で実施されることになった", from_session=prev.id),
        Homework(id="hw-new", text="この会議で出た宿題（引き継ぎではない）"),
    ]
    overrides.setdefault("previous_session", prev.id)
    overrides.setdefault("homework", homework)
    app = make_app(tmp_path, **overrides)
    app.store.save(prev)
    return app


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Until every worker has ended and its result reached the screen. A worker that fails on
    purpose (a previous file that is missing or damaged) is the panel's to report: waiting on it
    raises WorkerFailed only if it was still running when we started waiting (a loaded machine),
    so its failure is not ours to raise."""
    for worker in list(pilot.app.workers):
        try:
            await worker.wait()
        except (WorkerFailed, WorkerCancelled):
            pass
    await pilot.pause()


def visible_text(widget: RowList) -> str:
    """What the list shows on screen, line by line (rendered, not the model)."""
    return "\n".join(widget.render_line(y).text.rstrip() for y in range(widget.size.height))


def session_of(app: KyogitaiApp):  # type: ignore[no-untyped-def]
    return app.screen.meeting.session  # type: ignore[attr-defined]


def session_of_app_before_run(app: KyogitaiApp):  # type: ignore[no-untyped-def]
    assert app.session is not None
    return app.session


# ---------------------------------------------------------------------------------------
# 前回の振り返り


async def test_recap_shows_handoffs_and_carried_homework_literally(tmp_path):
    app = with_previous(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        recap = app.screen.query_one(RecapList)
        shown = visible_text(recap)
        assert "社協の車両が使えるか確認する" in shown
        assert "[red]x[/red] 民生委員に相談" in shown  # markup shown as typed
        assert "もとのアイデア: [bold]見守り[/] の声かけ" in shown
        assert "[bold]公民館[/] の予約状況を確認" in shown
        assert "担当: 鈴木 SC" in shown and "令和8年9月30日（水）まで" in shown
        assert "理由: 町の事業で実施されることになった" in shown
        assert "この会議で出た宿題" not in shown  # only what was carried over
        previous = str(app.screen.query_one("#recap-previous").render())
        assert "第2回 定例会" in previous and "令和8年7月15日" in previous
        # the cursor starts on the first homework, the list has the focus
        assert app.screen.focused is recap
        assert recap.cursor_key == "hw-01"


async def test_recap_keys_mark_done_keep_open_and_drop_with_reason(tmp_path):
    app = with_previous(tmp_path)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        homework = {h.id: h for h in session_of(app).homework}
        await pilot.press("ctrl+x")
        assert homework["hw-01"].status == "done"
        assert "済" in visible_text(app.screen.query_one(RecapList))
        await pilot.press("ctrl+x")
        assert homework["hw-01"].status == "open"
        await pilot.press("down", "ctrl+d")
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"予算がない", "enter")
        await pilot.pause()
        assert homework["hw-02"].status == "dropped"
        assert homework["hw-02"].reason == "予算がない"
        # dropping without a reason is refused, the item stays as it was
        await pilot.press("up", "ctrl+d")
        await pilot.press("enter")
        await pilot.pause()
        assert homework["hw-01"].status == "open"
        assert any("理由" in n for n in seen)
        # a dropped one goes back to 継続
        app.screen.query_one(RecapList).select_key("hw-02")
        await pilot.press("ctrl+x")
        assert homework["hw-02"].status == "open"


async def test_recap_keys_on_a_handoff_row_do_nothing(tmp_path):
    app = with_previous(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        recap = app.screen.query_one(RecapList)
        await pilot.press("home")
        assert recap.cursor_key.startswith("handoff:")
        await pilot.press("ctrl+x", "ctrl+d")
        assert not isinstance(app.screen, FormScreen)
        assert [h.status for h in session_of(app).homework][:3] == ["open", "open", "dropped"]


async def test_recap_follows_up_carried_handoffs_and_typing_on_the_list_goes_to_the_notes(tmp_path):
    app = with_previous(tmp_path)
    prev_id = session_of_app_before_run(app).previous_session
    session_of_app_before_run(app).handoffs = [
        Handoff(id="hand-01", idea_ids=["idea-01"], action="社協の車両が使えるか確認する", from_session=prev_id),
    ]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        recap = app.screen.query_one(RecapList)
        assert "未着手  社協の車両が使えるか確認する" in visible_text(recap)
        assert "[red]x[/red] 民生委員に相談" not in visible_text(recap)  # not carried: not listed twice
        recap.select_key("carried:hand-01")
        await pilot.press("ctrl+x")
        handoff = session_of(app).handoffs[0]
        assert handoff.status == "in_progress"
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"火曜に使える", "ctrl+s")
        await pilot.pause()
        assert handoff.result == "火曜に使える"
        assert "経過・結果: 火曜に使える" in visible_text(app.screen.query_one(RecapList))
        await pilot.press("ctrl+x")
        assert handoff.status == "done"
        await pilot.press("ctrl+d")
        assert handoff.status == "dropped"
        assert [h.status for h in session_of(app).homework][:3] == ["open", "open", "dropped"]  # untouched
        # a sentence typed on the list lands in the notes, never on the item
        await pilot.press(*"移動販売は来月から")
        await pilot.pause()
        assert session_of(app).step("recap").notes == "移動販売は来月から"
        assert handoff.status == "dropped"


async def test_recap_first_meeting_says_so(tmp_path):
    app = make_app(tmp_path, previous_session=None, homework=[])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert str(app.screen.query_one("#recap-previous").render()) == FIRST_MEETING
        assert not app.screen.query_one(RecapList).display
        await pilot.press("ctrl+x", "ctrl+d")  # nothing to act on, nothing breaks
        assert isinstance(app.screen.query_one(RecapPanel), RecapPanel)
        # typing goes to the step's notes field, even with nothing in the list
        await pilot.press(*"初回は顔合わせ")
        await pilot.pause()
        assert session_of(app).step("recap").notes == "初回は顔合わせ"


async def test_recap_missing_previous_file_is_a_sentence_and_homework_still_shows(tmp_path):
    app = with_previous(tmp_path, previous_session="2026-07-15-nofile")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        previous = str(app.screen.query_one("#recap-previous").render())
        assert "前回の会議の記録を開けませんでした（ファイルが見つかりません）" in previous
        shown = visible_text(app.screen.query_one(RecapList))
        assert "移動販売車の巡回ルートを調べる" in shown
        assert "託したこと" not in shown


async def test_recap_damaged_previous_file(tmp_path):
    app = with_previous(tmp_path)
    prev_id = session_of_app_before_run(app).previous_session
    (tmp_path / f"{prev_id}.json").write_text('{"schema_version": 1, "id": ', encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        previous = str(app.screen.query_one("#recap-previous").render())
        assert "ファイルが壊れています" in previous
        assert app.screen.query_one(RecapList).cursor_key == "hw-01"


# ---------------------------------------------------------------------------------------
# 地域課題の提示


async def test_issues_add_through_the_form_in_japanese(tmp_path):
    app = make_app(tmp_path, current_step="issues")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen.focused, IssueList)
        await pilot.press("ctrl+a")
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"買い物", "tab", *"坂道が多い", "tab", *"ニーズ調査")
        await pilot.press("ctrl+s")
        await pilot.pause()
        issue = session_of(app).issues[-1]
        assert (issue.title, issue.detail, issue.source) == ("買い物", "坂道が多い", "ニーズ調査")
        issue_list = app.screen.query_one(IssueList)
        assert issue_list.cursor_key == issue.id
        assert app.screen.focused is issue_list


async def test_issues_edit_and_markup_titles_stay_literal(tmp_path):
    app = make_app(tmp_path, current_step="issues",
                   issues=[Issue(id="issue-01", title="[bold]移動[/]", detail="[red]x[/red]", source="[/]")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = visible_text(app.screen.query_one(IssueList))
        assert "1. [bold]移動[/]　［[/]］" in shown
        assert "[red]x[/red]" in shown
        await pilot.press("enter")
        assert isinstance(app.screen, FormScreen)
        await pilot.press("end", *"と交通", "enter")  # Enter: the next field (the detail), not saved yet
        assert isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session_of(app).issues[0].title == "[bold]移動[/]と交通"
        assert "[bold]移動[/]と交通" in visible_text(app.screen.query_one(IssueList))


async def test_issues_delete_and_undo_restores_place_and_links(tmp_path):
    app = make_app(tmp_path, current_step="issues")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = session_of(app)
        await pilot.press("home", "delete")
        assert [i.id for i in s.issues] == ["issue-02"]
        assert s.questions[0].issue_id is None
        assert all(i.issue_id != "issue-01" for i in s.ideas)
        await pilot.press("ctrl+r")
        assert [i.id for i in s.issues] == ["issue-01", "issue-02"]
        assert s.questions[0].issue_id == "issue-01"
        assert [i.issue_id for i in s.ideas] == ["issue-01", "issue-01", "issue-02"]
        assert app.screen.query_one(IssueList).cursor_key == "issue-01"
        # again
        await pilot.press("delete")
        await pilot.press("ctrl+r")
        assert [i.id for i in s.issues] == ["issue-01", "issue-02"]


async def test_issues_empty_session_offers_the_add_button(tmp_path):
    app = make_app(tmp_path, current_step="issues", issues=[], questions=[], ideas=[])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#issues-add")
        await pilot.press("delete", "ctrl+r")  # nothing selected: nothing happens
        assert not isinstance(app.screen, FormScreen)
        await pilot.press("enter")  # the button opens the form
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"移動", "ctrl+s")
        await pilot.pause()
        assert [i.title for i in session_of(app).issues] == ["移動"]
        assert not app.screen.query_one("#issues-add").display
        assert isinstance(app.screen.focused, IssueList)
        await pilot.press("delete")
        assert session_of(app).issues == []
        assert app.screen.focused is app.screen.query_one("#issues-add")


async def test_issues_empty_title_is_refused_not_a_crash(tmp_path):
    app = make_app(tmp_path, current_step="issues")
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+s")
        await pilot.pause()
        assert len(session_of(app).issues) == 2
        assert any("空" in n for n in seen)


# ---------------------------------------------------------------------------------------
# 協議体へ諮る


async def test_consult_shows_questions_under_their_issue(tmp_path):
    app = make_app(tmp_path, current_step="consult")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = visible_text(app.screen.query_one(QuestionList))
        lines = [line.strip() for line in shown.splitlines() if line.strip()]
        assert lines[:2] == ["地域課題  地域交通・移動", "問い　買い物に行けない人のために、何ができそうですか？"]


async def test_consult_add_edit_delete_undo(tmp_path):
    app = make_app(tmp_path, current_step="consult")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = session_of(app)
        await pilot.press("ctrl+a")
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"[bold]サロン[/]に来ない人は", "tab")
        # the issue Select (preset to the issue of the question under the cursor): ↓ opens it
        await pilot.press("down", "down", "enter", "ctrl+s")  # from 地域交通・移動 (preset) to the next
        await pilot.pause()
        q = s.questions[-1]
        assert q.text == "[bold]サロン[/]に来ない人は"
        assert q.issue_id == "issue-02"
        question_list = app.screen.query_one(QuestionList)
        assert question_list.cursor_key == q.id
        shown = visible_text(question_list)
        assert "地域課題  サロンの活性化" in shown and "[bold]サロン[/]に来ない人は" in shown
        # edit: text and the issue link
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-text").load_text("男性の参加を増やすには？")  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert q.text == "男性の参加を増やすには？" and q.issue_id == "issue-02"
        # delete and undo: back at its place
        await pilot.press("home", "delete")
        assert [x.id for x in s.questions] == [q.id]
        await pilot.press("ctrl+r")
        assert [x.id for x in s.questions] == ["q-01", q.id]


async def test_consult_projection_shows_only_the_questions(tmp_path):
    app = make_app(tmp_path, current_step="consult",
                   questions=[Question(id="q-01", text="[red]x[/red] 何ができそう？", issue_id="issue-01"),
                              Question(id="q-02", text="ほかには？")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        question_list = app.screen.query_one(QuestionList)
        assert "地域課題" in visible_text(question_list)
        await pilot.press("f5")
        await pilot.pause()
        shown = visible_text(question_list)
        assert "地域課題" not in shown
        assert "[red]x[/red] 何ができそう？" in shown and "ほかには？" in shown
        await pilot.press("f5")
        await pilot.pause()
        assert "地域課題" in visible_text(question_list)


async def test_consult_empty_session(tmp_path):
    app = make_app(tmp_path, current_step="consult", issues=[], questions=[], ideas=[])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#consult-add")
        await pilot.press("enter", *"何ができる", "ctrl+s")
        await pilot.pause()
        assert [(q.text, q.issue_id) for q in session_of(app).questions] == [("何ができる", None)]
        assert "地域課題の指定なし" in visible_text(app.screen.query_one(QuestionList))


# ---------------------------------------------------------------------------------------
# moving through the steps, small terminals


async def test_steps_open_at_60x20_and_200x50_without_error(tmp_path):
    for size in [(60, 20), (200, 50)]:
        store = tmp_path / f"{size[0]}x{size[1]}"
        store.mkdir()
        app = with_previous(store, current_step="recap")
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("pagedown")
            assert app.screen.query_one(IssuesPanel)
            await pilot.press("pagedown")
            assert app.screen.query_one(ConsultPanel)
            await pilot.press("f5", "pageup", "pageup")
            await settle(pilot)
            assert app.screen.query_one(RecapPanel)


# ---------------------------------------------------------------------------------------
# 出席者


async def test_roster_add_remove_undo(tmp_path):
    app = make_app(tmp_path, current_step="ideas")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        meeting = app.screen.meeting  # type: ignore[attr-defined]
        results: list[bool | None] = []
        app.push_screen(RosterScreen(meeting), results.append)
        await pilot.pause()
        roster = app.screen
        assert isinstance(roster, RosterScreen)
        await pilot.press(*"高橋 [b]", "tab", *"老人クラブ", "enter")
        await pilot.pause()
        names = [(a.name, a.role) for a in meeting.session.attendees]
        assert names[-1] == ("高橋 [b]", "老人クラブ")
        assert "高橋 [b]　老人クラブ" in visible_text(roster.query_one(RosterList))
        # a name already on the roster is refused with a sentence
        await pilot.press(*"山田 花子", "enter")
        assert len(meeting.session.attendees) == 4
        # remove the one under the cursor from the list, then undo
        roster.query_one(RosterList).focus()
        await pilot.press("home", "delete")
        assert [a.name for a in meeting.session.attendees][0] == "佐藤 一郎"
        await pilot.press("ctrl+r")
        assert "山田 花子" in [a.name for a in meeting.session.attendees]
        await pilot.press("escape")
        await pilot.pause()
        assert results == [True]
        assert not isinstance(app.screen, RosterScreen)


# ---------------------------------------------------------------------------------------
# snapshots (120×36, fixed clocks)


def snapshot_app(tmp_path: Path, step: str) -> KyogitaiApp:
    if step == "recap":
        return with_previous(tmp_path)
    return make_app(
        tmp_path,
        current_step=step,
        issues=[
            Issue(id="issue-01", title="地域交通・移動", source="ニーズ調査",
                  detail="坂道が多く、バス停まで歩けない人がいる。通院や買い物の足がなく、"
                         "家族の送迎に頼っている人が多い（ニーズ調査の自由記述で最も多かった）。"),
            Issue(id="issue-02", title="[bold]サロン[/]の活性化", detail="参加者が固定している"),
        ],
        questions=[
            Question(id="q-01", text="買い物に行けない人のために、自分たちでできそうなことは何ですか？",
                     issue_id="issue-01"),
            Question(id="q-02", text="[red]x[/red] サロンに来ない人に、どう声をかけますか？", issue_id="issue-02"),
        ],
    )


@pytest.mark.parametrize("step", ["recap", "issues", "consult"])
@pytest.mark.parametrize("projection", [False, True], ids=["normal", "projection"])
def test_snapshot(snap_compare, tmp_path, step, projection):
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        if projection:
            await pilot.press("f5")
            await settle(pilot)

    assert snap_compare(snapshot_app(tmp_path, step), terminal_size=SIZE, run_before=run_before)


def test_snapshot_roster(snap_compare, tmp_path):
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        meeting = pilot.app.screen
        await meeting.saver.flush()  # (the clock claimed at opening is saved: the header says 保存済み)
        pilot.app.push_screen(RosterScreen(meeting.meeting))
        await settle(pilot)
        pilot.app.screen.query_one(RosterList).focus()
        await pilot.pause()

    assert snap_compare(make_app(tmp_path, current_step="ideas"), terminal_size=SIZE, run_before=run_before)
