"""The year plan screen lays out the 年度 (plans/<年度>.json): a planned meeting in a month, its 備考,
an event column, editing and removing; making a planned row a session; another writer's change
merged. Driven with Pilot on the demo store (fixed clocks, see test_home_screens)."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable, Input, Select, Static, TextArea

from facilitator.demo import BODY_1
from facilitator.plan import PlanFile, load_plan
from facilitator.plan.edit import set_note
from facilitator.store import Store
from pilot_helpers import SIZE, notes
from screens.form import FormScreen
from screens.help import HelpScreen
from screens.pick import PickScreen
from screens.home.year_plan import YearPlanScreen
from screens.meeting import MeetingScreen
from test_home_screens import demo_store, make_app, settle  # noqa: F401 - demo_store is a fixture

AUGUST = 4  # the table's row: April is 0


async def open_plan(pilot, app) -> YearPlanScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, YearPlanScreen) and screen.made is not None
    return screen


async def fill(pilot, app, **values: str) -> None:  # type: ignore[no-untyped-def]
    """The open form's fields set, then 決定 (Ctrl+S)."""
    form = app.screen
    assert isinstance(form, FormScreen)
    for key, value in values.items():
        widget = form.query_one(f"#field-{key}")
        if isinstance(widget, TextArea):
            widget.text = value
        elif isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input)
            widget.value = value
    await pilot.press("ctrl+s")
    await settle(pilot)


def on_disk(store: Store) -> dict:  # type: ignore[type-arg]
    return json.loads((store.root / "plans" / "2026.json").read_text(encoding="utf-8"))


async def test_laying_out_a_month(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(pilot, app)
        await pilot.press(*["down"] * AUGUST)
        assert screen.query_one(DataTable).cursor_coordinate == (AUGUST, 1)  # 8月, the first body
        await pilot.press("f2")
        await settle(pilot)
        await fill(pilot, app, theme="地域交通・移動に関する集中協議", date="2026/8/26", start_time="13:30")
        assert app.screen is screen
        assert str(screen.query_one("#year-plan-status", Static).render()) == "年間計画を保存しました"
        [m] = on_disk(demo_store)["meetings"]
        assert (m["month"], m["theme"], m["date"], m["start_time"]) == (
            "2026-08", "地域交通・移動に関する集中協議", "2026-08-26", "13:30")
        august = screen.plan.months[AUGUST]  # type: ignore[union-attr]
        assert [e.heading() for e in august.cells[0]] == ["計画 8/26（水） 13:30 「地域交通・移動に関する集中協議」"]

        await pilot.press("f2")  # a second one, date not decided yet
        await settle(pilot)
        await fill(pilot, app, theme="サロン活性化のアイデアコンペ")
        assert [e.heading() for e in screen.plan.months[AUGUST].cells[0]][-1] == (  # type: ignore[union-attr]
            "計画 日程未定 「サロン活性化のアイデアコンペ」")

        await pilot.press("f4")  # the month's 備考, free text
        await settle(pilot)
        await fill(pilot, app, note="協議内容を町に報告・協議")
        assert on_disk(demo_store)["notes"] == {"2026-08": "協議内容を町に報告・協議"}
        assert screen.plan.months[AUGUST].notes[0] == "協議内容を町に報告・協議"  # type: ignore[union-attr]

        before = on_disk(demo_store)
        await pilot.press("a", "1", "space", "enter")  # printable keys never act on a planned meeting
        await settle(pilot)
        assert app.screen is screen and on_disk(demo_store) == before
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)  # Del asks which one: two are planned
        await pilot.press("escape")
        await settle(pilot)
        after = on_disk(demo_store)
        assert after["meetings"] == before["meetings"] and after["notes"] == before["notes"]

        await pilot.press("f3")  # edit: which one? the second (未定)
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        await fill(pilot, app, theme="サロン活性化のアイデアコンペ", date="令和8年8月8日")
        themes = {m["theme"]: m.get("date") for m in on_disk(demo_store)["meetings"]}
        assert themes == {"地域交通・移動に関する集中協議": "2026-08-26", "サロン活性化のアイデアコンペ": "2026-08-08"}

        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("enter")  # the first in the list: 8/8
        await settle(pilot)
        after = on_disk(demo_store)
        assert [m["theme"] for m in after["meetings"]] == ["地域交通・移動に関する集中協議"]
        assert len(after["deleted"]["meetings"]) == 1  # a tombstone, so a merge never brings it back

        await pilot.press("f1")  # every key of the screen, explained
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        [(_, rows)] = app.screen.sections
        keys = dict(rows)
        assert keys["F2"].startswith("選んだ月と列に会議の計画を入れる") and keys["↑ / ↓ / ← / →"] == "月（行）と列を選ぶ"
        assert {"F1", "F3", "Del", "F4", "F6", "F7", "[", "]", "m", "c", "x", "h", "Esc"} <= set(keys), keys
        await pilot.press("f1")
        await settle(pilot)
        assert app.screen is screen

        await pilot.press("f7")  # an event that is not a body
        await settle(pilot)
        await fill(pilot, app, name="講演会", kind="event")
        assert [c.name for c in screen.plan.columns] == [  # type: ignore[union-attr]
            BODY_1, "ひなた町 東地区 第2層協議体", "講演会"]
        assert [(x["name"], x["kind"]) for x in on_disk(demo_store)["lanes"]][-1] == ("講演会", "event")


async def test_a_planned_row_becomes_a_session(demo_store: Store) -> None:
    app = make_app(demo_store)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(pilot, app)
        await pilot.press(*["down"] * AUGUST, "f2")
        await settle(pilot)
        await fill(pilot, app, theme="地域交通・移動に関する集中協議", date="2026-08-26")
        await pilot.press("f6")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)  # the next-session form, filled from the plan
        assert form.query_one("#field-date", Input).value == "令和8年8月26日（水）"
        assert form.query_one("#field-title", Input).value == "第6回 地域交通・移動に関する集中協議"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        made = app.screen.meeting.session
        assert (made.date, made.body.name) == ("2026-08-26", BODY_1)
        [m] = load_plan(demo_store, 2026).meetings
        assert m.session_id == made.id  # the held meeting is linked to its plan row
        assert not any("合わせて" in n for n in seen)  # nobody else wrote
        entries = screen.plan.months[AUGUST].cells[0]  # type: ignore[union-attr]
        assert [(e.kind, e.session_id, e.plan_id) for e in entries] == [("held", made.id, m.id)]  # before today


async def test_another_writers_change_is_merged_not_lost(demo_store: Store) -> None:
    app = make_app(demo_store)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(pilot, app)
        other = PlanFile(demo_store, 2026)  # a second SC on the shared folder
        theirs = other.read()
        set_note(theirs, "2026-09", "9〜11月 試行")
        other.save(theirs)
        await pilot.press(*["down"] * AUGUST, "f2")
        await settle(pilot)
        await fill(pilot, app, theme="集中協議")
        saved = load_plan(demo_store, 2026)
        assert saved.notes == {"2026-09": "9〜11月 試行"} and [m.theme for m in saved.meetings] == ["集中協議"]
        assert screen.plan.months[5].notes[0] == "9〜11月 試行"  # type: ignore[union-attr]
        assert any("ほかの人の変更と合わせて" in n for n in seen)


async def test_a_damaged_plan_file_is_shown_and_left_alone(demo_store: Store) -> None:
    path = Path(demo_store.root) / "plans" / "2026.json"
    path.parent.mkdir()
    path.write_text("{ broken", encoding="utf-8")
    app = make_app(demo_store)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, YearPlanScreen) and app.screen.plan is not None  # the sessions still show
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, YearPlanScreen)  # no form: the file can't be changed
        assert any("年間計画のファイルが読めない" in n for n in seen)
    assert path.read_text(encoding="utf-8") == "{ broken"


async def test_markup_and_control_characters_in_the_plan_are_shown_as_typed(demo_store: Store) -> None:
    path = Path(demo_store.root) / "plans" / "2026.json"
    path.parent.mkdir()
    path.write_text(json.dumps({
        "schema_version": 1, "fiscal_year": 2026,
        "lanes": [{"id": "l1", "name": "[bold]部会[/", "kind": "body"}, {"id": "l2", "name": "講演会\x1b[2J", "kind": "event"}],
        "meetings": [{"id": "m1", "lane": "l1", "month": "2026-08", "theme": "[red]移動[/red] \x9b31m"}],
        "notes": {"2026-08": "[link=http://evil.example]押して[/link]"},
        "updated_at": "2026-04-01T00:00:00+09:00"}, ensure_ascii=False), encoding="utf-8")
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(pilot, app)
        table = screen.query_one(DataTable)
        headings = [str(c.label) for c in table.columns.values()]
        assert "[bold]部会[/" in headings and "講演会[2J" not in headings and "講演会" in headings
        august = [str(c) for c in table.get_row_at(AUGUST)]
        assert "計画 日程未定 「[red]移動[/red]」" in august[1]  # the 8-bit CSI gone whole, the markup as typed
        assert august[-1] == "[link=http://evil.example]押して[/link]"


async def test_another_writers_change_shows_without_a_save_here(demo_store: Store) -> None:
    import asyncio

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(pilot, app)
        other = PlanFile(demo_store, 2026)
        theirs = other.read()
        set_note(theirs, "2026-09", "9〜11月 試行")
        other.save(theirs)
        written = (Path(demo_store.root) / "plans" / "2026.json").read_bytes()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 15
        while screen.plan.months[5].notes[:1] != ("9〜11月 試行",) and loop.time() < deadline:  # type: ignore[union-attr]
            await pilot.pause(0.1)
        assert screen.plan.months[5].notes[:1] == ("9〜11月 試行",)  # type: ignore[union-attr]
        await settle(pilot)
        assert (Path(demo_store.root) / "plans" / "2026.json").read_bytes() == written  # looking never writes
