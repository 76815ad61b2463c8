"""The year plan (年間計画): months of the 年度, a column per body, held/scheduled/planned, exports."""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from pathlib import Path

from factories import make_session

from facilitator.index import row_of
from facilitator.model import Idea, NextMeeting
from facilitator.store import OK, ScanEntry
from facilitator.plan.export import export_year_plan, file_name, to_markdown
from facilitator.plan.year import build_year_plan, default_year, plan_years

TODAY = date(2026, 11, 22)


def row(**kw):  # type: ignore[no-untyped-def]
    s = make_session(**kw)
    return row_of(ScanEntry(Path(f"{s.id}.json"), OK, id=s.id, session=s, stat=os.stat(".")))


def rows():  # type: ignore[no-untyped-def]
    return [
        row(id="a1", date="2026-03-18", title="第1回", body="ひなた町 第1層協議体", layer="第1層"),  # FY2025
        row(id="a2", date="2026-05-20", title="第2回 定例会", body="ひなた町 第1層協議体", layer="第1層",
            ideas=[Idea(id="i1", text="増便", kind="request"), Idea(id="i2", text="x", kind="request")]),
        row(id="a3", date="2026-08-19", title="第3回 集中協議", body="ひなた町 第１層協議体", layer="第1層",
            next_meeting=NextMeeting(date="2026-10-21", start_time="13:30", agenda=["移動 | まとめ", "[red]x[/]"])),
        row(id="b1", date="2026-08-08", title="アイデアコンペ", body="ひなた町 東地区 第2層協議体", layer="第2層",
            next_meeting=NextMeeting(date="2026-08-01")),  # planned before its own date: not shown
        row(id="b2", date="2026-12-12", title="第2回（予定）", body="ひなた町 東地区 第2層協議体", layer="第2層",
            next_meeting=NextMeeting(date="2027-04-10", agenda=["次年度"])),  # a later FY
    ]


def test_months_columns_and_kinds() -> None:
    plan = build_year_plan(rows(), 2026, TODAY)
    assert plan.label == "令和8年度" and plan.title == "年間計画 令和8年度"
    assert [m.label for m in plan.months] == [f"{n}月" for n in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)]
    assert [(m.year, m.month) for m in plan.months][-1] == (2027, 3)
    # 第1層 before 第2層; a body's name is its newest session's spelling.
    assert [c.layer for c in plan.columns] == ["第1層", "第2層"]
    assert plan.columns[0].name == "ひなた町 第１層協議体"
    by_month = {m.month: m for m in plan.months}
    may = by_month[5].cells[0]
    assert [(e.kind, e.title) for e in may] == [("held", "第2回 定例会")]
    assert may[0].agenda == ("地域交通・移動", "サロンの活性化")
    assert by_month[5].notes == ("第1層: 行政への要望 2件",)
    aug = by_month[8]
    assert [e.title for e in aug.cells[0]] == ["第3回 集中協議"] and [e.title for e in aug.cells[1]] == ["アイデアコンペ"]
    planned = by_month[10].cells[0]
    assert [(e.kind, e.start_time, e.agenda) for e in planned] == [("planned", "13:30", ("移動 | まとめ", "[red]x[/]"))]
    assert planned[0].heading() == "次回予定 10/21（水） 13:30"
    dec = by_month[12].cells[1]
    assert [(e.kind, e.heading()) for e in dec] == [("scheduled", "12/12（土） 第2回（予定） （開催予定）")]
    assert by_month[3].cells == ((), ())  # March 2026 belongs to FY2025
    assert plan.years == (2027, 2026, 2025)


def test_years_and_default_year() -> None:
    assert plan_years(rows()) == [2027, 2026, 2025]
    assert default_year(rows(), TODAY) == 2026
    assert default_year(rows(), date(2030, 5, 1)) == 2027  # nothing this year: the newest that has
    assert default_year([], TODAY) == 2026
    empty = build_year_plan([], 2026, TODAY)
    assert empty.empty and empty.columns == ()
    assert "この年度の会議はまだありません" in to_markdown(empty)


def test_markdown_escapes_user_text() -> None:
    md = export_year_plan(build_year_plan(rows(), 2026, TODAY), "md").decode("utf-8")
    lines = md.splitlines()
    assert lines[0] == "# 年間計画 令和8年度"
    assert lines[2] == "| 月 | ひなた町 第１層協議体 | ひなた町 東地区 第2層協議体 | 備考 |"
    october = next(x for x in lines if x.startswith("| 10月 |"))
    assert "移動 \\| まとめ" in october and "\\[red\\]x\\[/\\]" in october
    assert "<br>・" in october
    assert october.count(" | ") == 3  # the escaped pipe does not make a column
    assert file_name(build_year_plan(rows(), 2026, TODAY), "md") == "年間計画_2026年度.md"


def test_csv_has_a_bom_and_one_row_per_month() -> None:
    data = export_year_plan(build_year_plan(rows(), 2026, TODAY), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert table[0] == ["月", "ひなた町 第１層協議体", "ひなた町 東地区 第2層協議体", "備考"]
    assert [r[0] for r in table[1:]][:2] == ["2026-04", "2026-05"] and len(table) == 13
    assert table[2][1] == "5/20（水） 第2回 定例会\n・地域交通・移動\n・サロンの活性化"
    assert b"\r\n" in data


def test_unknown_format_is_refused() -> None:
    import pytest

    with pytest.raises(ValueError, match="年間計画の書き出し形式"):
        export_year_plan(build_year_plan([], 2026, TODAY), "pdf")
