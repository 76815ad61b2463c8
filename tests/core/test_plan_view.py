"""The plan made ahead in the year plan: planned vs held, 未定, the next meeting's date filling a
planned row, free 備考, event columns; the readers' API; every export with formula-like text."""

from __future__ import annotations

import csv
import html
import io
from datetime import date

import openpyxl
from factories import make_session

from facilitator.plan import Plan, match_sessions, planned_meetings
from facilitator.plan.edit import add_lane, add_meeting, set_note
from facilitator.plan.export import FORMATS, export_year_plan
from facilitator.plan.year import build_year_plan

TODAY = date(2026, 11, 22)
BODY = "ひなた町 第1層協議体"
EVIL = '=HYPERLINK("http://evil.example","協議体")'


def row(sid: str, day: str, title: str, body: str = BODY, **kw):  # type: ignore[no-untyped-def]
    return {"id": sid, "date": day, "title": title, "body": body, "layer": "第1層", "status": "ok",
            "created_at": f"{day}T10:00:00+09:00", **kw}


def made() -> tuple[Plan, dict[str, str]]:
    plan = Plan(fiscal_year=2026)
    body = add_lane(plan, "ひなた町　第１層協議体", layer="第1層")  # matched to the sessions after NFKC
    talk = add_lane(plan, "講演会", kind="event")
    ids = {
        "may": add_meeting(plan, body.id, "2026-05", "定例会").id,  # held: matched by month
        "aug": add_meeting(plan, body.id, "2026-08", "地域交通・移動に関する集中協議", day="2026-08-19").id,
        "jan": add_meeting(plan, body.id, "2027-01", "次年度の重点").id,  # 未定: gets the close step's date
        "feb": add_meeting(plan, body.id, "2027-02", "").id,  # 未定, no theme
        "talk": add_meeting(plan, talk.id, "2026-10", "認知症の講演", day="2026-10-03").id,
    }
    set_note(plan, "2026-09", "9〜11月 試行\n移動支援")
    return plan, ids


def rows():  # type: ignore[no-untyped-def]
    return [
        row("s5", "2026-05-20", "第2回 定例会", requests=2),
        row("s8", "2026-08-19", "第3回 集中協議"),
        row("s11", "2026-11-18", "第4回", next_meeting={"date": "2027-01-20", "start_time": "13:30", "agenda": []}),
        row("x1", "2026-06-06", "アイデアコンペ", body="東地区 第2層協議体", layer="第2層"),
    ]


def test_planned_vs_held_in_the_year_plan() -> None:
    plan, ids = made()
    year = build_year_plan(rows(), 2026, TODAY, plan)
    assert [(c.name, c.kind) for c in year.columns] == [(BODY, "body"), ("講演会", "event"),
                                                        ("東地区 第2層協議体", "body")]
    by = {m.key: m for m in year.months}
    may = by["2026-05"].cells[0]
    assert [(e.kind, e.title, e.theme, e.plan_id) for e in may] == [("held", "第2回 定例会", "定例会", ids["may"])]
    assert [(e.kind, e.plan_id) for e in by["2026-08"].cells[0]] == [("held", ids["aug"])]
    assert by["2026-08"].cells[0][0].heading() == "8/19（水） 第3回 集中協議 「地域交通・移動に関する集中協議」"
    jan = by["2027-01"].cells[0]  # the close step's next date fills the 未定 row of its month
    assert [(e.kind, e.theme, e.plan_id) for e in jan] == [("planned", "次年度の重点", ids["jan"])]
    assert jan[0].heading() == "次回予定 1/20（水） 13:30 「次年度の重点」"
    feb = by["2027-02"].cells[0]
    assert [(e.kind, e.day) for e in feb] == [("plan", None)] and feb[0].heading() == "計画 日程未定"
    assert [e.heading() for e in by["2026-10"].cells[1]] == ["計画 10/3（土） 「認知症の講演」"]
    assert by["2026-09"].notes == ("9〜11月 試行", "移動支援")
    assert by["2026-05"].notes == ("第1層: 行政への要望 2件",)  # generated notes after the SC's
    assert year.progress() == (2, 5)  # May and August held, of five planned


def test_a_session_linked_to_a_row_is_its_held_meeting_whatever_the_month() -> None:
    plan, ids = made()
    plan.meeting(ids["feb"]).session_id = "s11"  # type: ignore[union-attr]
    held = match_sessions(plan, rows())
    assert held[ids["feb"]]["id"] == "s11" and held[ids["may"]]["id"] == "s5" and held[ids["aug"]]["id"] == "s8"
    assert ids["jan"] not in held and ids["talk"] not in held  # an event has no sessions
    assert [m.theme for m in planned_meetings(plan, "ひなた町 第1層協議体")] == [
        "定例会", "地域交通・移動に関する集中協議", "次年度の重点", ""]
    assert planned_meetings(plan, "どこか") == []
    sessions = [make_session(id=r["id"], date=r["date"], body=r["body"]) for r in rows()]  # Sessions work too
    assert {k: v.id for k, v in match_sessions(plan, sessions).items()} == {k: v["id"] for k, v in held.items()}


def test_without_a_plan_the_year_plan_is_as_before() -> None:
    year = build_year_plan(rows(), 2026, TODAY)
    assert [c.name for c in year.columns] == [BODY, "東地区 第2層協議体"] and year.plan is None
    assert all(e.kind != "plan" for m in year.months for c in m.cells for e in c)


def hostile() -> Plan:
    plan = Plan(fiscal_year=2026)
    lane = add_lane(plan, EVIL)
    add_lane(plan, "+81-90-0000", kind="event")
    add_meeting(plan, lane.id, "2026-08", "@SUM(A1)")
    add_meeting(plan, lane.id, "2026-09", "  =1+1", day="2026-09-16")
    set_note(plan, "2026-08", "-2\n＝1+1")
    return plan


def test_every_export_keeps_formula_like_text_inert() -> None:
    year = build_year_plan([], 2026, TODAY, hostile())
    assert FORMATS == ("md", "csv", "xlsx", "html")

    table = list(csv.reader(io.StringIO(export_year_plan(year, "csv").decode("utf-8-sig"), newline="")))
    cells = [line for r in table for cell in r for line in cell.split("\n")]
    assert table[0][1] == "'" + EVIL and table[0][2] == "'+81-90-0000"
    assert not any(line.lstrip(" \u3000").startswith(tuple("=+-@＝")) for line in cells)
    assert "'-2\n'＝1+1" in table[5]

    book = openpyxl.load_workbook(io.BytesIO(export_year_plan(year, "xlsx")))
    sheet = book.active
    values = [c for r in sheet.iter_rows() for c in r if c.value is not None]
    assert all(c.data_type == "s" for c in values)  # text cells: never a formula, number or link
    assert not any(line.lstrip(" \u3000").startswith(tuple("=+-@＝"))
                   for c in values for line in str(c.value).split("\n"))
    assert "'" + EVIL in [c.value for c in values]

    page = export_year_plan(year, "html").decode("utf-8")
    assert "<th>&#x27;=HYPERLINK(&quot;http://evil.example&quot;,&quot;協議体&quot;)</th>" in page
    assert "http://evil.example\"" not in page and "<script" not in page

    md = export_year_plan(year, "md").decode("utf-8")
    assert "計画 日程未定 「@SUM(A1)」" in md and html.escape(EVIL) not in md


def test_a_body_given_a_lane_by_two_writers_at_once_is_one_column() -> None:
    from facilitator.plan import merge_plans

    base = Plan(fiscal_year=2026)
    mine, theirs = Plan(fiscal_year=2026), Plan(fiscal_year=2026)
    add_meeting(mine, add_lane(mine, BODY).id, "2026-08", "集中協議")
    add_meeting(theirs, add_lane(theirs, BODY).id, "2027-02", "成果報告")
    merged = merge_plans(base, mine, theirs)
    assert len(merged.lanes) == 2
    year = build_year_plan(rows(), 2026, TODAY, merged)
    assert [c.name for c in year.columns] == [BODY, "東地区 第2層協議体"]
    themes = [e.theme for m in year.months for e in m.cells[0] if e.plan_id]
    assert themes == ["集中協議", "成果報告"]
