"""SCに託す (handoff) and 次回の日程・宿題の確認 (close): pilot tests and snapshots.

The app gets fixed clocks (``clock`` for the step timer, ``now`` for the header clock), so the
screens are the same on every run; snapshot runs also stop the input cursors from blinking.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from factories import JST, make_session
from rich.text import Text
from textual.widgets import Input, Select, Static, TextArea

from facilitator.model import Handoff, Homework, Idea, NextMeeting
from facilitator.store import StoreLocation
from screens.app import KyogitaiApp
from screens.choice import ChoiceScreen
from screens.form import FormScreen
from screens.panels.close import ClosePanel, HomeworkList, ReadAloud, fold_cells
from screens.panels.handoff import CandidateList, HandoffList, HandoffPanel, RequestList
from screens.widgets.folded_static import FoldedStatic
from pilot_helpers import STARTED_AT, notes

NOW = datetime(2026, 8, 19, 15, 40, tzinfo=JST)


def ideas() -> list[Idea]:
    return [
        Idea(id="idea-01", text="乗り合いで買い物に行く", author="山田 花子", issue_id="issue-01", kind="self",
             interest=3, status="handed"),
        Idea(id="idea-02", text="コミュニティバスの増便", author="佐藤 一郎", issue_id="issue-01",
             kind="request", department="企画課"),
        Idea(id="idea-03", text="サロンでスマホ教室", issue_id="issue-02"),
        Idea(id="idea-04", text="商店の配達ついでに、ひとり暮らしの方へ声かけをしてもらう", author="佐藤 一郎",
             issue_id="issue-01", kind="self", interest=2),
        Idea(id="idea-05", text="公民館の空き時間に、だれでも寄れるお茶の場をひらく", issue_id="issue-02",
             kind="self", interest=1),
        Idea(id="idea-06", text="路線バスの停留所にベンチを置いてほしい", author="山田 花子", kind="request"),
    ]


def session(**overrides):  # type: ignore[no-untyped-def]
    values = {
        "current_step": "handoff",
        "ideas": ideas(),
        "handoffs": [Handoff(id="hand-01", idea_ids=["idea-01"], action="社協の車両が使えるか確認する",
                             contact="社協 地域福祉係", due="次回まで")],
    }
    values.update(overrides)
    return make_session(**values)


def make_app(tmp_path: Path, s=None, **kwargs) -> KyogitaiApp:  # type: ignore[no-untyped-def]
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=s or session(), clock=lambda: 0.0,
                      now=lambda: NOW, **kwargs)
    return app


def rows_plain(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.text.plain for r in widget.rows]


# ---------------------------------------------------------------------------------------
# SCに託す


async def test_hand_off_a_self_idea_by_keys(tmp_path):
    s = session()
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(HandoffPanel)
        candidates = panel.query_one(CandidateList)
        assert app.focused is candidates
        assert candidates.cursor_key == "idea-04"
        await pilot.press("ctrl+x", "ctrl+x")  # mark idea-04, and unmark it: the cursor stays there
        assert candidates.cursor_key == "idea-04" and panel._marked == []
        await pilot.press("ctrl+x")  # marked again
        assert candidates.cursor_key == "idea-04" and panel._marked == ["idea-04"]
        await pilot.press("enter")  # with a mark, the marked ideas go (not the one under the cursor)
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"社協に相談")
        await pilot.press("tab", *"酒屋の田中さん", "tab", *"2026/9/30", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        h = s.handoffs[-1]
        assert (h.idea_ids, h.action, h.contact, h.due) == (["idea-04"], "社協に相談", "酒屋の田中さん", "2026-09-30")
        assert next(i for i in s.ideas if i.id == "idea-04").status == "handed"
        assert next(i for i in s.ideas if i.id == "idea-05").status == "open"
        shown = rows_plain(panel.query_one(HandoffList))[-1]
        assert "社協に相談" in shown and "商店の配達ついでに" in shown and "令和8年9月30日（水）" in shown
        assert "idea-04" not in [r.key for r in candidates.rows]


async def test_hand_off_several_marked_ideas_with_words_for_the_due(tmp_path):
    s = session()
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+x", "down", "ctrl+x", "enter")
        await pilot.press(*"二つまとめて試す", "tab", "tab", *"次回まで", "enter")
        await pilot.pause()
        h = s.handoffs[-1]
        assert h.idea_ids == ["idea-04", "idea-05"] and h.due == "次回まで"
        assert all(i.status == "handed" for i in s.ideas if i.id in ("idea-04", "idea-05"))


async def test_an_empty_action_is_refused_and_the_form_comes_back_with_what_was_typed(tmp_path):
    s = session()
    app = make_app(tmp_path, s)
    seen = notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "tab", *"田中さん", "ctrl+s")
        await pilot.pause()
        assert len(s.handoffs) == 1
        assert any("SCに託す内容" in n for n in seen)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-contact", Input).value == "田中さん"
        await pilot.press("escape")
        await pilot.pause()
        assert next(i for i in s.ideas if i.id == "idea-04").status == "open"


async def test_a_request_offers_its_department_never_a_hand_off(tmp_path):
    s = session()
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        requests = app.screen.query_one(RequestList)
        requests.focus()
        await pilot.pause()
        assert requests.cursor_key in ("idea-02", "idea-06")
        # Enter on a request sets its department; the candidates' keys are not offered here
        assert "ctrl+x" not in app.screen.active_bindings
        assert app.screen.active_bindings["enter"].binding.action == "department"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen) and app.screen.query_one("#field-department", Input)
        await pilot.press("escape")
        await pilot.pause()
        assert len(s.handoffs) == 1
        assert all(i.status == "open" for i in s.ideas if i.kind == "request")
        # The list says where each request goes: by department, undecided last.
        plain = rows_plain(requests)
        assert plain[0].startswith("→ 企画課") and "担当課 未定" in plain[2]


async def test_an_unsorted_idea_cannot_be_marked_until_it_is_sorted(tmp_path):
    s = session()
    app = make_app(tmp_path, s)
    seen = notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        candidates = app.screen.query_one(CandidateList)
        candidates.select_key("idea-03")
        await pilot.press("ctrl+x")
        assert any("未分類のアイデアです" in n for n in seen)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+k")  # sort it as 自分たちでできる: now it may go
        await pilot.pause()
        assert next(i for i in s.ideas if i.id == "idea-03").kind == "self"
        candidates.select_key("idea-03")
        await pilot.press("enter", *"スマホ教室の講師を探す", "ctrl+s")  # (Enter: the next field)
        await pilot.pause()
        assert s.handoffs[-1].idea_ids == ["idea-03"]


async def test_cancel_a_hand_off_opens_its_ideas_again_and_undo_brings_it_back(tmp_path):
    s = session()
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        handoffs = app.screen.query_one(HandoffList)
        handoffs.focus()
        await pilot.pause()
        assert handoffs.cursor_key == "hand-01"
        await pilot.press("delete")
        await pilot.pause()
        assert s.handoffs == []
        assert next(i for i in s.ideas if i.id == "idea-01").status == "open"
        assert "idea-01" in [r.key for r in app.screen.query_one(CandidateList).rows]
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert len(s.handoffs) == 1
        h = s.handoffs[0]
        assert (h.idea_ids, h.action, h.contact, h.due) == (["idea-01"], "社協の車両が使えるか確認する",
                                                           "社協 地域福祉係", "次回まで")
        assert next(i for i in s.ideas if i.id == "idea-01").status == "handed"


async def test_edit_a_hand_off(tmp_path):
    s = session()
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.screen.query_one(HandoffList).focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-due", Input).value = "令和8年10月21日"
        await pilot.press("enter")  # from the first field: the next one, nothing saved yet
        assert app.screen is form and s.handoffs[0].due == "次回まで"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert s.handoffs[0].due == "2026-10-21"
        assert s.handoffs[0].action == "社協の車両が使えるか確認する"


async def test_leftovers_become_homework_after_a_yes_and_ctrl_r_takes_them_back(tmp_path):
    s = session()
    app = make_app(tmp_path, s)
    seen = notes(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        before = len(s.homework)
        await pilot.press("ctrl+y")
        await pilot.pause()
        # A bulk action: it asks first, naming the ideas; typing there changes nothing.
        assert isinstance(app.screen, ChoiceScreen)
        asked = " ".join(w.plain for w in app.screen.query(FoldedStatic))  # the question, unfolded
        assert "3 件を、宿題" in asked
        assert all(i.text[:10] in asked for i in s.ideas if i.id in ("idea-03", "idea-04", "idea-05"))
        await pilot.press("escape")  # back: nothing happened
        await pilot.pause()
        assert len(s.homework) == before and all(i.status != "homework" for i in s.ideas)
        await pilot.press("ctrl+y")
        await pilot.pause()
        await pilot.press("enter")  # the first button: yes
        await pilot.pause()
        made = s.homework[before:]
        assert sorted(h.idea_id for h in made) == ["idea-03", "idea-04", "idea-05"]  # self + unsorted, open
        assert all(i.status == "homework" for i in s.ideas if i.id in ("idea-03", "idea-04", "idea-05"))
        assert all(i.status == "open" for i in s.ideas if i.kind == "request")  # requests stay requests
        assert any("3 件を宿題" in n and "Ctrl+R" in n for n in seen)
        assert app.screen.query_one(CandidateList).rows == []
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceScreen)
        assert len(s.homework) == before + 3
        assert "宿題にする残りのアイデアはありません" in seen[-1]
        # One key takes it back: the ideas are open again, the homework items gone.
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert len(s.homework) == before
        assert all(i.status == "open" for i in s.ideas if i.id in ("idea-03", "idea-04", "idea-05"))
        assert len([r for r in app.screen.query_one(CandidateList).rows if r.key]) == 3
        assert "宿題にした 3 件" in seen[-1]


# ---------------------------------------------------------------------------------------
# 次回の日程・宿題の確認


def close_session(**overrides):  # type: ignore[no-untyped-def]
    return session(current_step="close", **overrides)


async def to_homework(pilot) -> None:  # type: ignore[no-untyped-def]
    """The step opens on a next-meeting field: the focus to the homework list."""
    await pilot.pause()
    pilot.app.screen.query_one(HomeworkList).focus()
    await pilot.pause()


async def test_next_date_typed_in_reiwa_is_stored_iso_and_shown_back(tmp_path):
    s = close_session()
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        date = app.screen.query_one("#next-date", Input)
        assert app.focused is date  # no date yet: the step opens on the date
        await pilot.press(*"令和8年10月21日", "enter")
        await pilot.pause()
        assert s.next_meeting.date == "2026-10-21"
        assert date.value == "令和8年10月21日（水）"
        assert app.focused is app.screen.query_one("#next-time", Input)
        await pilot.press("ctrl+u", *"13:30", "enter")
        await pilot.pause()
        assert s.next_meeting.start_time == "13:30"
        summary = app.screen.query_one(ReadAloud)._source.plain
        assert "次回は 令和8年10月21日（水） 13:30から、場所はC町 公民館です。" in summary


async def test_slash_date_is_shown_back_the_town_office_way(tmp_path):
    s = close_session()
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press(*"2026/10/21", "tab")
        await pilot.pause()
        assert s.next_meeting.date == "2026-10-21"
        assert app.screen.query_one("#next-date", Input).value == "令和8年10月21日（水）"


async def test_a_bad_date_says_why_and_keeps_what_was_typed(tmp_path):
    s = close_session(next_meeting=NextMeeting(date="2026-10-21", start_time="14:00", place="公民館"))
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        date = app.screen.query_one("#next-date", Input)
        date.focus()
        date.value = ""
        await pilot.press(*"令和8年13月40日", "enter")
        await pilot.pause()
        error = app.screen.query_one("#next-error", Static)
        assert error.display
        message = str(error.render())
        assert "日付" in message and "令和8年13月40日" in message
        assert date.value == "令和8年13月40日"  # nothing lost
        assert app.focused is date
        assert s.next_meeting.date is None  # cleared when the field was emptied, not the bad text
        # Fixing it clears the message.
        date.value = "令和8年10月28日"
        await pilot.press("enter")
        await pilot.pause()
        assert s.next_meeting.date == "2026-10-28"
        assert not error.display


async def test_a_bad_time_says_why(tmp_path):
    s = close_session(next_meeting=NextMeeting(date="2026-10-21"))
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.screen.query_one("#next-time", Input).focus()
        await pilot.press(*"25時", "enter")
        await pilot.pause()
        assert "開始時刻" in str(app.screen.query_one("#next-error", Static).render())
        assert app.screen.query_one("#next-time", Input).value == "25時"
        assert s.next_meeting.start_time is None


async def test_agenda_lines_and_place(tmp_path):
    s = close_session(next_meeting=NextMeeting())
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.screen.query_one("#next-place", Input).focus()
        await pilot.press(*"役場 2階 会議室", "enter")
        await pilot.pause()
        assert s.next_meeting.place == "役場 2階 会議室"
        area = app.screen.query_one("#next-agenda", TextArea)
        assert app.focused is area
        await pilot.press(*"移動販売の報告", "enter", "enter", *"サロンの担い手")
        await pilot.pause()
        assert s.next_meeting.agenda == ["移動販売の報告", "サロンの担い手"]


async def test_homework_delete_and_undo(tmp_path):
    s = close_session(next_meeting=NextMeeting(date="2026-10-21"))
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        hw_list = app.screen.query_one(HomeworkList)
        assert app.focused is app.screen.query_one("#next-time")  # the first empty next-meeting field
        await to_homework(pilot)
        assert hw_list.cursor_key == "hw-01"
        await pilot.press("delete")
        await pilot.pause()
        assert [h.id for h in s.homework] == ["hw-02"]
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert [h.id for h in s.homework] == ["hw-01", "hw-02"]
        assert "hw-01" in [r.key for r in hw_list.rows]
        # The screen's action does the same.
        hw_list.select_key("hw-02")
        await pilot.press("delete")
        await pilot.pause()
        app.screen.action_undo()
        await pilot.pause()
        assert [h.id for h in s.homework] == ["hw-01", "hw-02"]


async def test_leftover_homework_deleted_reopens_its_idea_and_undo_closes_it_again(tmp_path):
    s = close_session(next_meeting=NextMeeting(date="2026-10-21"), homework=[
        Homework(id="hw-09", text="公民館の空き時間に、だれでも寄れるお茶の場をひらく", idea_id="idea-05")])
    next(i for i in s.ideas if i.id == "idea-05").status = "homework"
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await to_homework(pilot)
        await pilot.press("delete")
        await pilot.pause()
        assert next(i for i in s.ideas if i.id == "idea-05").status == "open"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert next(i for i in s.ideas if i.id == "idea-05").status == "homework"


async def test_add_homework_with_an_owner_not_on_the_roster(tmp_path):
    s = close_session(next_meeting=NextMeeting(date="2026-10-21"))
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await to_homework(pilot)
        await pilot.press("ctrl+a")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"配達している商店を調べる", "tab", "tab", *"商工会 青年部", "tab", *"令和8年10月1日", "enter")
        await pilot.pause()
        hw = s.homework[-1]
        assert (hw.text, hw.owner, hw.due, hw.status) == ("配達している商店を調べる", "商工会 青年部", "2026-10-01", "open")
        hw_list = app.screen.query_one(HomeworkList)
        assert hw_list.cursor_key == hw.id
        assert "令和8年10月1日（木）" in next(r.text.plain for r in hw_list.rows if r.key == hw.id)


async def test_add_homework_with_an_owner_from_the_roster(tmp_path):
    s = close_session(next_meeting=NextMeeting(date="2026-10-21"))
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await to_homework(pilot)
        await pilot.press("ctrl+a")
        await pilot.pause()
        app.screen.query_one("#field-text", Input).value = "ベンチの場所を歩いて確かめる"
        app.screen.query_one("#field-owner", Select).value = "山田 花子"
        app.screen.query_one("#field-due", Input).focus()
        await pilot.press(*"次回まで", "enter")
        await pilot.pause()
        hw = s.homework[-1]
        assert (hw.owner, hw.due) == ("山田 花子", "次回まで")


async def test_homework_done_drop_with_reason_and_reopen(tmp_path):
    s = close_session(next_meeting=NextMeeting(date="2026-10-21"))
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await to_homework(pilot)
        hw = s.homework[0]
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert hw.status == "done"
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert hw.status == "open"
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("enter")  # no reason: refused, nothing changes, the form asks again
        await pilot.pause()
        assert hw.status == "open"
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"町の事業で始まったため", "enter")
        await pilot.pause()
        assert (hw.status, hw.reason) == ("dropped", "町の事業で始まったため")
        assert "理由 町の事業で始まったため" in next(r.text.plain for r in app.screen.query_one(HomeworkList).rows
                                               if r.key == hw.id)
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert (hw.status, hw.reason) == ("open", None)


async def test_open_homework_is_listed_first_and_the_summary_follows_changes(tmp_path):
    s = close_session(next_meeting=NextMeeting(date="2026-10-21"), homework=[
        Homework(id="hw-a", text="済んだこと", status="done"),
        Homework(id="hw-b", text="続けること", owner="鈴木 SC", due="2026-09-30"),
    ])
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        keys = [r.key for r in app.screen.query_one(HomeworkList).rows]
        assert keys == [None, "hw-b", None, "hw-a"]
        summary = app.screen.query_one(ReadAloud)
        assert "・続けること（鈴木 SC、令和8年9月30日（水）まで）" in summary._source.plain
        await to_homework(pilot)
        await pilot.press("ctrl+x")  # hw-b done
        await pilot.pause()
        assert "続けること" not in summary._source.plain


# ---------------------------------------------------------------------------------------
# User text is data, never markup

MARKUP = ["[bold]太字[/]", "[red]x[/red]", "[/]", "[link=https://example.com]リンク"]


async def test_markup_looking_text_is_shown_literally_in_both_panels(tmp_path):
    s = session(
        ideas=[Idea(id=f"idea-m{n}", text=t, author="[b]名前[/b]", kind=k, department="[i]課[/i]" if k == "request" else None)
               for n, (t, k) in enumerate(zip(MARKUP, ["self", "request", "unsorted", "self"]))],
        handoffs=[],
        homework=[Homework(id="hw-m", text="[bold]宿題[/]", owner="[red]x[/red]", due="[/]")],
        next_meeting=NextMeeting(date="2026-10-21", place="[bold]公民館[/]", agenda=["[/]議題"]),
    )
    app = make_app(tmp_path, s)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"[red]x[/red]を試す", "tab", *"[bold]", "ctrl+s")
        await pilot.pause()
        assert s.handoffs[-1].action == "[red]x[/red]を試す"
        screen_text = app.export_screenshot()
        for literal_text in ("[bold]太字[/]", "[b]名前[/b]", "[red]x[/red]を試す", "[i]課[/i]"):
            assert literal_text in screen_text.replace("&#160;", " ")
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert app.screen.query(ClosePanel)
        screen_text = app.export_screenshot().replace("&#160;", " ")
        for literal_text in ("[bold]宿題[/]", "[red]x[/red]", "[bold]公民館[/]", "[/]議題"):
            assert literal_text in screen_text


# ---------------------------------------------------------------------------------------
# Small windows (a big zoom on a projector)


@pytest.mark.parametrize("step", ["handoff", "close"])
async def test_usable_at_60_by_20(tmp_path, step):
    s = session(current_step=step, next_meeting=NextMeeting(date="2026-10-21"))
    app = make_app(tmp_path, s)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(HandoffPanel if step == "handoff" else ClosePanel)
        assert panel.has_class("-narrow")
        if step == "handoff":
            await pilot.press("ctrl+x", "enter", *"試す", "ctrl+s")
            await pilot.pause()
            assert s.handoffs[-1].action == "試す"
        else:
            await to_homework(pilot)
            await pilot.press("ctrl+x")
            await pilot.pause()
            assert s.homework[0].status == "done"


def test_fold_cells_breaks_japanese_by_width_not_at_spaces():
    folded = fold_cells(Text("本日は 3 件のアイデアが出ました。次回は 14:00から。"), 20).plain.split("\n")
    assert folded[0] == "本日は 3 件のアイデ"  # 19 cells; 「ア」 would make 21
    assert all(not line.startswith(("。", "、", " ")) for line in folded)
    assert "14:00" in "".join(folded) and not any(line.endswith("14") for line in folded)


# ---------------------------------------------------------------------------------------
# Snapshots (120×36, fixed clocks). Look at them in tests/tui/__snapshots__/.


def _steady(pilot):  # type: ignore[no-untyped-def]
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False


def snapshot_session(step: str):  # type: ignore[no-untyped-def]
    """A meeting under way (opened at 14:00): its timer runs, as in the room."""
    return session(current_step=step, started_at=STARTED_AT, homework=[
        Homework(id="hw-01", text="移動販売車の巡回ルートを調べる", owner="鈴木 SC", due="2026-09-30"),
        Homework(id="hw-03", text="サロンでスマホ教室（講師になってくれる人を探す）", owner="山田 花子", due="9月末"),
        Homework(id="hw-02", text="公民館の予約状況を確認", owner="佐藤 一郎", status="done"),
        Homework(id="hw-04", text="買い物アンケートをもう一度", status="dropped", reason="町の調査と重なるため"),
    ], next_meeting=NextMeeting(date="2026-10-21", start_time="14:00", place="C町 公民館 大会議室",
                                agenda=["移動販売の報告", "サロンの担い手"]))


@pytest.mark.parametrize("projection", [False, True], ids=["normal", "projection"])
def test_snapshot_handoff(snap_compare, tmp_path, projection):
    app = make_app(tmp_path, snapshot_session("handoff"))
    assert snap_compare(app, press=["ctrl+x", "f5"] if projection else ["ctrl+x"], terminal_size=(120, 36),
                        run_before=_steady)


@pytest.mark.parametrize("projection", [False, True], ids=["normal", "projection"])
def test_snapshot_close(snap_compare, tmp_path, projection):
    app = make_app(tmp_path, snapshot_session("close"))
    assert snap_compare(app, press=["f5"] if projection else [], terminal_size=(120, 36), run_before=_steady)
