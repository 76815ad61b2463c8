"""出欠 in the roster (F3), the 記録者 and step leads (F2 there), who gave the 総評 (its step's field)."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import SIZE, make_app, notes
from textual.widgets import Input

from screens.form import FormScreen
from screens.roster import RosterList, RosterScreen


async def test_the_roster_takes_attendance_in_one_step_and_ctrl_x_marks_the_absent(tmp_path: Path) -> None:
    app = make_app(tmp_path, started_at=None)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        session = app.screen.meeting.session
        assert [a.attendance for a in session.attendees] == ["present"] * 3
        assert any("全員を出席にしました" in n for n in seen)
        roster = app.screen.query_one(RosterList)
        roster.focus()
        await pilot.press("down")  # 佐藤 一郎
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert [a.attendance for a in session.attendees] == ["present", "absent", "present"]
        assert "欠席 1 名" in str(app.screen.query_one("#roster-counts").render())
        # Typing on the list never marks anyone: "x" goes to the name field.
        await pilot.press("x")
        await pilot.pause()
        assert [a.attendance for a in session.attendees] == ["present", "absent", "present"]
        assert app.screen.query_one("#roster-name", Input).value == "x"


async def test_f2_in_the_roster_sets_the_recorder_and_who_leads_each_step(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        form = app.screen
        form.query_one("#field-recorder", Input).value = "佐藤（事務局）"
        form.query_one("#field-lead-0", Input).value = "SC"
        last = len(app.screen_stack[-2].meeting.session.steps) - 1
        form.query_one(f"#field-lead-{last}", Input).value = "アドバイザー"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        session = app.screen.meeting.session
        assert session.recorder == "佐藤（事務局）"
        assert session.steps[0].lead == "SC" and session.steps[-1].lead == "アドバイザー"
        assert session.steps[1].lead is None
        assert "記録者：佐藤（事務局）" in str(app.screen.query_one("#roster-counts").render())


async def test_the_review_step_has_a_field_for_who_gave_it(tmp_path: Path) -> None:
    app = make_app(tmp_path, current_step="comment")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#review-by", Input)
        field.focus()
        await pilot.press(*"小野アドバイザー")
        await pilot.pause()
        assert app.screen.meeting.session.review_by == "小野アドバイザー"


async def test_people_added_in_an_empty_roster_are_present_at_once(tmp_path: Path) -> None:
    """F3 on a meeting with nobody yet: each name added shows 出席 right away, and the count
    line says so, without closing and reopening the roster."""
    app = make_app(tmp_path, attendees=[])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, RosterScreen)
        for name in ("田中", "佐藤", "高橋"):
            app.screen.query_one("#roster-name", Input).value = name
            await pilot.press("enter")
            await pilot.pause()
        session = app.screen.meeting.session
        assert [a.attendance for a in session.attendees] == ["present"] * 3
        rows = [r.text.plain for r in app.screen.query_one(RosterList)._rows]
        assert all("出席" in r and "未" not in r for r in rows), rows
        assert "出席 3 名" in str(app.screen.query_one("#roster-counts").render())
