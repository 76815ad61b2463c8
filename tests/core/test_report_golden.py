"""The year's report as a town office reads it: one golden example per format (the demo town's
令和8年度, made on a fixed day), and ``kyogitai report`` through a real subprocess.

After a deliberate change to the report, write the examples again and read the diff:
``KYOGITAI_UPDATE_GOLDEN=1 uv run pytest -n 0 tests/core/test_report_golden.py``.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from pathlib import Path

import pytest
from test_cli import err, kyogitai, out
from test_golden_minutes import xlsx_text

from facilitator.demo import build_demo, write_demo
from facilitator.report import build_year_report, render
from facilitator.store import Store

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("KYOGITAI_UPDATE_GOLDEN") == "1"
TODAY = date(2026, 12, 6)

FORMATS = {
    "report.md": lambda r: render(r, "md").decode("utf-8"),
    "report.html": lambda r: render(r, "html").decode("utf-8"),
    "report.csv": lambda r: render(r, "csv").decode("utf-8-sig"),
    "report.xlsx.txt": lambda r: xlsx_text(render(r, "xlsx")),
}


def demo_report():  # type: ignore[no-untyped-def]
    return build_year_report(build_demo(TODAY, seed=3), 2026, TODAY)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_golden_report(name: str) -> None:
    text = FORMATS[name](demo_report())
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8", newline="")
    assert text == path.read_bytes().decode("utf-8"), f"{name} changed: see the module docstring"


def test_the_golden_markdown_reads_as_a_town_office_report() -> None:
    md = (GOLDEN / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# 令和8年度 協議体 活動報告\n")
    assert "対象: 令和8年度（2026年4月〜2027年3月）" in md
    headings = [x for x in md.splitlines() if x.startswith("## ")]
    assert headings[:7] == ["## 会議の開催", "## 出席", "## アイデア", "## SCに託したこと", "## 宿題（継続協議）",
                            "## あるもの・ないもの", "## 行政への要望（担当課ごと）"]
    assert "| 項目 | ひなた町 第1層協議体 | ひなた町 東地区 第2層協議体 | 合計 |" in md
    assert "| 予定した会議 | 5 | 3 | 8 |" in md and "| 開いた会議 | 4 | 2 | 6 |" in md
    assert "町の介護支援ボランティアポイント事業に合流する" in md  # a dropped homework's reason


def test_the_golden_csv_is_one_row_per_figure_with_a_column_per_body() -> None:
    rows = list(csv.reader(io.StringIO((GOLDEN / "report.csv").read_bytes().decode("utf-8"))))
    assert rows[0] == ["区分", "項目", "ひなた町 第1層協議体", "ひなた町 東地区 第2層協議体", "合計"]
    for row in rows[1:]:
        if row[2].isdigit() and row[3].isdigit():
            assert int(row[4]) == int(row[2]) + int(row[3]), row


def test_the_golden_html_prints_its_charts_without_script() -> None:
    html = (GOLDEN / "report.html").read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert html.count("<svg") >= 5 and "<title>アイデアの種類</title>" in html


def test_the_golden_workbook_has_the_figures_then_the_lists() -> None:
    sheets = [x for x in (GOLDEN / "report.xlsx.txt").read_text(encoding="utf-8").splitlines() if x.startswith("== ")]
    assert sheets == ["== 集計", "== 託したことと結果", "== 持ち越した宿題・取り下げた宿題", "== ないもの",
                      "== この年度に見つけたあるもの", "== 行政への要望"]


# -- the command line ------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Path:
    root = tmp_path / "sessions"
    write_demo(Store(root), today=TODAY, seed=3)
    return root


def test_report_writes_md_html_csv_to_stdout(store: Path) -> None:
    for fmt, start in (("md", "# 令和8年度"), ("html", "<!DOCTYPE html>"), ("csv", "\ufeff区分")):
        r = kyogitai("report", "--fiscal-year", "2026", "--format", fmt, store=store)
        assert r.returncode == 0, err(r)
        assert out(r).startswith(start)


def test_report_xlsx_needs_an_output_file(store: Path, tmp_path: Path) -> None:
    r = kyogitai("report", "--fiscal-year", "2026", "--format", "xlsx", store=store)
    assert r.returncode != 0 and r.stdout == b"" and len(err(r).strip().splitlines()) == 1
    target = tmp_path / "report.xlsx"
    r = kyogitai("report", "--fiscal-year", "2026", "--format", "xlsx", "-o", str(target), store=store)
    assert r.returncode == 0, err(r)
    assert "== 集計" in xlsx_text(target.read_bytes())


def test_report_for_one_body_and_a_bad_year(store: Path) -> None:
    r = kyogitai("report", "--fiscal-year", "2026", "--body", "ひなた町 東地区 第2層協議体", "--format", "csv",
                 store=store)
    assert out(r).splitlines()[0] == "\ufeff区分,項目,ひなた町 東地区 第2層協議体,合計"
    r = kyogitai("report", "--fiscal-year", "令和8", "--format", "md", store=store)
    assert r.returncode != 0 and "Traceback" not in err(r) and len(err(r).strip().splitlines()) == 1


def test_report_without_a_year_is_the_current_one(store: Path) -> None:
    r = kyogitai("report", "--format", "md", store=store)
    assert r.returncode == 0, err(r)
    assert "年度 協議体 活動報告" in out(r).splitlines()[0]
