"""Index-backed search for the home screen: the demo store searched in Japanese, filters by body
and 年度, grouping by body, where a match is, and the row fields the home and year plan use."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from facilitator.demo import BODY_1, BODY_2, write_demo
from facilitator.index import INDEX_VERSION, Index, group_by_body, match_snippet
from facilitator.store import Store

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    store = Store(tmp_path_factory.mktemp("demo") / "sessions")
    write_demo(store, today=TODAY, seed=7)
    index = Index(store)
    index.refresh()
    return index


def titles(rows: list[dict]) -> list[str]:
    return [r["title"] for r in rows]


def test_japanese_search_finds_the_meeting_of_an_idea(index: Index) -> None:
    assert titles(index.search("停車場所をサロン会場")) == ["第2回 定例会"]
    # Every word must match; full-width spaces and digits are the same as half-width ones.
    assert titles(index.search("スマホ教室　中学生")) == ["第4回 定例会"]
    # 「乗り合い」 and the board card 「回覧板（月2回）」, carried with the board from 第1回 on.
    assert titles(index.search("乗り合い 月２回")) == ["第5回 一年のふりかえり", "第4回 定例会",
                                                       "第3回 地域交通・移動に関する集中協議", "第2回 定例会",
                                                       "第1回 定例会"]
    assert index.search("新幹線") == []
    # Review text, questions and homework are searched too.
    assert titles(index.search("見えていなかった")) == ["第5回 一年のふりかえり"]
    assert titles(index.search("若い世代が関われる")) == ["第4回 定例会"]
    assert "第2回 東地区の集い" in titles(index.search("花壇"))


def test_filters_by_body_and_fiscal_year(index: Index) -> None:
    assert len(index.search("")) == 8
    assert {r["body"] for r in index.search("", body="ひなた町　東地区　第２層協議体")} == {BODY_2}
    fy2026 = index.search("", fiscal_year=2026)
    assert titles(fy2026)[-1] == "第2回 定例会" and len(fy2026) == 6
    assert titles(index.search("", fiscal_year=2025)) == ["第1回 定例会", "設置時プレ会議"]
    assert titles(index.search("サロン", body=BODY_2, fiscal_year=2026)) == ["サロン活性化 アイデアコンペ"]
    assert index.fiscal_years() == [2026, 2025]


def test_grouped_by_body_newest_first(index: Index) -> None:
    groups = group_by_body(index.search(""))
    assert [name for name, _ in groups] == [BODY_1, BODY_2]  # 第1層 met last (11/18)
    first = [r["date"] for r in groups[0][1]]
    assert first == sorted(first, reverse=True) and len(first) == 6
    # A body is ordered by its newest session: searching only the older meetings flips them.
    older = group_by_body(index.search("", fiscal_year=2026)[1:])
    assert [name for name, _ in older][0] == BODY_2


def test_match_snippet(index: Index) -> None:
    text = index.text_of(index.search("停車場所")[-1])
    snippet = match_snippet(text, "停車場所", width=30)
    assert "停車場所" in snippet and len(snippet) <= 32
    assert match_snippet(text, "") == "" and match_snippet(text, "新幹線") == ""
    assert match_snippet("abc", "ａ") == "abc"


def test_rows_carry_what_the_home_and_year_plan_need(index: Index) -> None:
    latest = index.search("", body=BODY_1)[0]
    assert latest["fiscal_year"] == 2026
    assert latest["next_meeting"] == {"date": "2027-01-20", "start_time": "13:30",
                                      "place": "ひなた町 保健福祉センター 研修室",
                                      "agenda": ["次年度の重点課題", "第2層からの報告"]}
    assert latest["issue_titles"] == ["一年のふりかえり", "次年度に向けて"]
    assert latest["requests"] == 0 and index.search("第2回 定例会", body=BODY_1)[0]["requests"] == 2


def test_an_older_index_is_rebuilt_with_the_new_fields(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    write_demo(store, today=TODAY, seed=1)
    Index(store).refresh()
    db = sqlite3.connect(Index(store).path)
    db.execute(f"PRAGMA user_version = {INDEX_VERSION - 1}")
    for n, row in db.execute("SELECT n, row FROM files").fetchall():
        data = json.loads(row)
        data.pop("fiscal_year", None)
        db.execute("UPDATE files SET row = ? WHERE n = ?", (json.dumps(data, ensure_ascii=False), n))
    db.commit()
    db.close()
    index = Index(store)
    assert index.refresh().rebuilt
    assert all(isinstance(r["fiscal_year"], int) for r in index.search(""))
