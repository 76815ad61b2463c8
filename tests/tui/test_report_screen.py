"""The year's activity report in the app: from the year plan (y), r opens it; its figures and
bar charts show once the worker has counted; [ ] move between 年度; m h c x write the files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static
from test_home_screens import make_app, settle

from facilitator.demo import BODY_1, BODY_2, write_demo
from facilitator.store import Store
from factories import JST
from pilot_helpers import SIZE, notes
from screens.report_chart import bar, render_chart
from screens.report_screen import ReportScreen
from facilitator.report.figures import Chart

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=JST)


@pytest.fixture
def demo_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.chdir(tmp_path)
    store = Store(Path("sessions"))
    write_demo(store, today=NOW.date(), seed=20261122)
    return store


def screen_text(screen: ReportScreen) -> str:
    console = Console(width=120, record=True, file=open("/dev/null", "w", encoding="utf-8"))  # noqa: SIM115
    console.print(screen.query_one("#report-body", Static).content)
    return console.export_text()


async def test_r_in_the_year_plan_opens_the_report_with_its_charts(demo_store: Store) -> None:
    app = make_app(demo_store)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen) and screen.report is not None
        assert [b.name for b in screen.report.bodies] == [BODY_1, BODY_2]
        text = screen_text(screen)
        assert "会議の開催" in text and "予定した会議" in text and "█" in text
        assert "アイデアの種類" in text and "自分たちでできる" in text
        assert "託したことと結果" in text and "取り下げの理由" in text
        await pilot.press("m", "h", "c", "x")
        await settle(pilot)
        for fmt in ("md", "html", "csv", "xlsx"):
            assert Path(f"exports/活動報告_2026年度.{fmt}").stat().st_size > 0, fmt
        assert any("活動報告_2026年度.xlsx" in n for n in seen)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.report is not None and screen.report.fiscal_year == 2025
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert "この年度に会議を開いた協議体はありません" in screen_text(screen)
        await pilot.press("escape")
        assert type(app.screen).__name__ == "YearPlanScreen"


def test_bars_are_proportional_and_never_hide_a_value() -> None:
    assert bar(0, 10, 20) == "" and bar(10, 10, 20) == "█" * 20
    assert bar(1, 1000, 20) == "▏"  # small but there
    chart = Chart("k", "s", "アイデアの種類", ("自分たちでできる", "未分類"), (("第1層", (7, 0)),))
    lines = render_chart(chart, width=40).plain.splitlines()
    assert lines[0] == "アイデアの種類" and lines[1] == "第1層"
    assert lines[2].startswith("  自分たちでできる █") and lines[2].endswith(" 7")
    assert lines[3] == "  未分類            0"  # the label padded in cells: numbers line up


async def test_t_shows_the_themes_across_sessions_and_bodies(demo_store: Store) -> None:
    from screens.theme_screen import ThemeScreen

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ThemeScreen) and screen.view is not None
        assert screen.view.themes[0].name == "移動"
        console = Console(width=160, record=True, file=open("/dev/null", "w", encoding="utf-8"))  # noqa: SIM115
        console.print(screen.query_one("#report-body", Static).content)
        text = console.export_text()
        assert "居場所・サロン" in text and "移動: 取り組んだこと" in text
        await pilot.press("escape")
        assert type(app.screen).__name__ == "YearPlanScreen"


def test_a_theme_with_thousands_of_deeds_lists_the_most_recent_and_counts_the_rest() -> None:
    """Ten towns' years put thousands of hand-offs under one theme: drawing them all took seconds
    and nobody reads them on a wall. The table counts them all; the list shows the most recent."""
    from facilitator.theme_view import BodyColumn, Done, ThemeRow, ThemeView
    from screens.theme_screen import DONE_SHOWN, render_view

    done = [Done("handoff", f"乗り合いの調整 {n}", "done", "C町 第1層協議体", f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}")
            for n in range(40)]
    row = ThemeRow("移動", "移動", items=40, done=done, first="2026-01-01", last="2026-12-28")
    view = ThemeView([BodyColumn("c", "C町 第1層協議体", "第1層")], [row])
    console = Console(width=120, record=True, file=open("/dev/null", "w", encoding="utf-8"))  # noqa: SIM115
    console.print(render_view(view))
    text = console.export_text()
    listed = [line for line in text.splitlines() if line.startswith("・")]
    assert len(listed) == DONE_SHOWN
    newest = sorted(done, key=lambda d: d.on, reverse=True)
    assert [f"：{newest[i].text}（" in line for i, line in enumerate(listed)] == [True] * DONE_SHOWN  # newest first
    assert f"ほか {40 - DONE_SHOWN}件" in text
    few = ThemeView(view.bodies, [ThemeRow("移動", "移動", items=3, done=done[:3])])
    console.print(render_view(few))
    assert "ほか" not in console.export_text()


def test_bodies_that_do_not_fit_leave_their_columns_out_and_say_so() -> None:
    """Forty bodies (ten towns, two layers, years) at 80 columns: a column a body does not fit, and
    the squeezed table lost the theme's own column. Now the counts per body are left out, with a
    line that says so, and the themes, counts and dates stay whole."""
    from facilitator.theme_view import BodyColumn, ThemeRow, ThemeView
    from screens.theme_screen import render_view

    bodies = [BodyColumn(f"b{n}", f"ひなた{n:02d}町 第1層協議体", "第1層") for n in range(40)]
    row = ThemeRow("移動", "移動", items=15000, first="2016-04-20", last="2026-11-18")
    row.per_body.update({b.key: 375 for b in bodies})
    view = ThemeView(bodies, [row])
    for width, left_out in ((80, True), (400, False)):
        console = Console(width=width, record=True, file=open("/dev/null", "w", encoding="utf-8"))  # noqa: SIM115
        console.print(render_view(view))
        text = console.export_text()
        head = next(line for line in text.splitlines() if "件数" in line)
        assert "テーマ" in head and ("AN" in head) is not left_out, head
        assert ("画面の幅に入らない" in text) is left_out
        assert "15000" in text and ("2016/4/20" in text or "16/4/20" in text)
