"""`kyogitai report … --anonymize`: the year's report with the guarantee of an anonymised export,
in every format. A store of two bodies and several sessions names people everywhere a session can
(attendees, authors, homework owners, step leads, the recorder, review_by, contacts, names in free
text with さん/様, a name known only from an earlier year, a half-width name, the year plan's
備考); none of them may be in the report, the same person must have one label in the whole report
(both bodies), and every figure must be what the report without --anonymize says."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import unicodedata
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from factories import make_session

from facilitator import cli
from facilitator.anonymize.many import distinct
from facilitator.i18n import t
from facilitator.plan.file import load_plan
from facilitator.plan.model import plan_to_json
from facilitator.report import FORMATS, render, report_from_store
from facilitator.report.anonymized import anonymize_year
from facilitator.report.collect import year_sessions
from facilitator.report.figures import detail_lists, figure_sections
from facilitator.session_json import session_to_dict
from facilitator.session_load import session_from_dict
from facilitator.store import Store

FY = 2025  # April 2025 – March 2026: every session is in the past whenever the tests run
TODAY = date(2026, 6, 1)
FIRST = "C町 第1層協議体"
SECOND = "C町 東地区 第2層協議体"
# Every name the store gives (full names, family and given names alone, as typed anywhere).
SECRETS = ["山田", "花子", "佐藤", "一郎", "高橋", "中村", "由美", "小野", "田中", "木下", "さくら", "伊藤",
           "渡辺", "直子", "木村", "小林", "サトウ", "イチロウ", "はな", "090-1234"]


def _session(body: str, layer: str, on: str, n: int) -> dict[str, Any]:
    s = session_to_dict(make_session(date=on, body=body, layer=layer, title=f"第{n}回 定例会"))
    s["created_at"] = s["updated_at"] = f"{on}T10:00:00+09:00"
    return s


def first_body() -> list[dict[str, Any]]:
    """C町 第1層: an older session (last 年度) and two of the 年度."""
    old = _session(FIRST, "第1層", "2025-02-10", 1)
    old["attendees"] = [{"name": "伊藤 清", "role": "老人クラブ"}]  # only in last year's roster
    s1 = _session(FIRST, "第1層", "2025-05-20", 2)
    s1["attendees"] = [
        {"name": "山田 花子", "role": "民生委員", "attendance": "present", "phone": "090-1234-5678"},
        {"name": "佐藤 一郎", "role": "町内会長", "attendance": "present"},
        {"name": "高橋 健", "role": "民生委員", "attendance": "absent"},
        {"name": "鈴木 SC", "role": "生活支援コーディネーター"},
    ]
    s1["recorder"] = "中村 由美"
    s1["review_by"] = "小野 誠"
    s1["steps"][0]["lead"] = "佐藤 一郎"
    s1["steps"][0]["notes"] = "前回は高橋健さんが店を回った"
    s1["review"] = "小野先生より: 山田さんの案はよい"
    s1["ideas"] = [
        {"id": "i1", "text": "山田さんが送迎できると言っていた", "author": "山田 花子", "kind": "self",
         "interest": 2, "status": "handed", "nature": "need", "themes": ["移動", "木村さんの件"]},
        {"id": "i2", "text": "近所の木下さんと、ｻﾄｳ ｲﾁﾛｳ様にも声をかける", "author": "佐藤 一郎",
         "kind": "request", "interest": 0, "status": "open", "department": "福祉課（担当 田中様）",
         "nature": "demand", "themes": ["移動"]},
    ]
    s1["handoffs"] = [{"id": "h1", "idea_ids": ["i1"], "action": "佐藤 一郎さんと運転ボランティアを探す",
                       "contact": "社協 田中", "status": "in_progress", "result": "高橋健さんが3店を確認した"}]
    s1["homework"] = [{"id": "w1", "text": "山田花子さんに電話する", "owner": "高橋 健", "status": "open"},
                      {"id": "w2", "text": "送迎の申し込み表をつくる", "owner": "山田 花子", "status": "open"}]
    s1["board"]["items"] = [
        {"id": "c1", "column": "have", "text": "山田さんの畑", "since": s1["id"], "meanings": [], "links": []},
        {"id": "c2", "column": "lack", "text": "送迎（伊藤 清の車が使えない）", "solvable": "municipality",
         "department": "福祉課（担当 田中様）", "meanings": [], "links": []},
    ]
    s1["self_check"] = {"answers": {"listening": 2, "pace": 1}, "note": "山田さんに話を振れなかった"}
    s2 = _session(FIRST, "第1層", "2025-07-15", 3)
    s2["attendees"] = s1["attendees"]
    s2["recorder"] = "中村 由美"
    s2["ideas"] = [{"id": "i3", "text": "伊藤 清から電話があった、はなちゃんの家に寄る", "author": "木下 さくら",
                    "kind": "unsorted", "interest": 0, "status": "open", "themes": ["小林さんの件"]}]
    s2["handoffs"] = [{**s1["handoffs"][0], "from_session": s1["id"], "status": "done",
                       "result": "田中様に渡した。山田 花子さんが立ち会った"}]
    s2["homework"] = [{**s1["homework"][0], "from_session": s1["id"], "status": "dropped",
                       "reason": "佐藤さんが引き受けた"},
                      {**s1["homework"][1], "from_session": s1["id"]}]
    s2["board"]["items"] = [{**c, "since": s1["id"]} for c in s1["board"]["items"]]
    s2["self_check"] = {"answers": {"listening": 3}, "note": ""}
    s2["next_meeting"] = {"date": "2025-09-16", "place": "山田 花子さん宅", "agenda": ["佐藤さんの報告"]}
    return [old, s1, s2]


def second_body() -> list[dict[str, Any]]:
    """C町 東地区 第2層: 山田 花子 sits on it too (one person, one label in the whole report)."""
    s3 = _session(SECOND, "第2層", "2025-06-10", 1)
    s3["attendees"] = [{"name": "山田 花子", "role": "民生委員", "attendance": "present"},
                       {"name": "渡辺 直子", "role": "老人クラブ", "attendance": "present"}]
    s3["ideas"] = [{"id": "j1", "text": "渡辺さんの庭でお茶会", "author": "渡辺 直子", "kind": "self",
                    "interest": 1, "status": "open", "themes": ["見守り"]}]
    s3["handoffs"] = []
    s3["homework"] = [{"id": "w3", "text": "花子さんとお茶会の日を決める", "owner": "山田 花子",
                       "status": "dropped", "reason": "渡辺 直子さんの都合"}]
    s3["board"]["items"] = []
    return [s3]


def plan_doc() -> dict[str, Any]:
    return {
        "schema_version": 1, "fiscal_year": FY,
        "lanes": [{"id": "lane-1", "name": FIRST, "kind": "body", "layer": "第1層"},
                  {"id": "lane-2", "name": SECOND, "kind": "body", "layer": "第2層"},
                  {"id": "lane-3", "name": "講演会（講師 小野 誠）", "kind": "event"}],
        "meetings": [
            {"id": "p1", "lane": "lane-1", "month": "2025-05", "theme": "山田 花子さんと相談", "date": "2025-05-20"},
            {"id": "p2", "lane": "lane-1", "month": "2025-07", "theme": "移動", "place": "佐藤 一郎さん宅"},
            {"id": "p3", "lane": "lane-1", "month": "2025-11", "theme": ""},
            {"id": "p4", "lane": "lane-2", "month": "2025-06", "theme": "見守り"},
            {"id": "p5", "lane": "lane-3", "month": "2025-10", "theme": "講演（渡辺 直子さん）"},
        ],
        "notes": {"2025-05": "佐藤 一郎さんに連絡", "2025-10": "木村様に会場を頼む"},
        "conflicts": [{"path": "meetings/p1/theme", "value": "高橋 健", "by": "w-1", "at": 2}],
        "updated_at": "2025-04-10T09:00:00+09:00",
    }


@pytest.fixture
def store_root(tmp_path: Path) -> Path:
    root = tmp_path / "sessions"
    store = Store(root)
    for doc in (*first_body(), *second_body()):
        store.save(session_from_dict(doc))
    (root / "plans").mkdir()
    (root / "plans" / f"{FY}.json").write_text(json.dumps(plan_doc(), ensure_ascii=False), encoding="utf-8")
    return root


def _forms(word: str) -> set[str]:
    nfkc = unicodedata.normalize("NFKC", word)
    return {word, nfkc, nfkc.replace(" ", ""), nfkc.casefold()}


def leaked(text: str) -> list[str]:
    """The secrets in ``text``, looked for as written and after NFKC (full-width, half-width kana)."""
    hay = {text, unicodedata.normalize("NFKC", text), unicodedata.normalize("NFKC", text).casefold()}
    return [w for w in SECRETS if any(f in h for f in _forms(w) for h in hay)]


def xlsx_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return html.unescape("".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")))


def _run(root: Path, fmt: str, out: Path, *extra: str) -> bytes:
    assert cli.main(["--store", str(root), "report", "--fiscal-year", str(FY), "--format", fmt,
                     "-o", str(out), *extra]) == 0
    return out.read_bytes()


def figures(data: bytes, fmt: str) -> list[tuple[str, ...]]:
    """The numbers of every figure row of a rendered report (without the row's label, which may
    name a theme or a 担当課), sorted: rows that tie are ordered by their masked names."""
    if fmt == "md":
        rows = [[c.strip() for c in x.strip("|").split("|")] for x in data.decode("utf-8").splitlines()
                if x.startswith("| ")]
        values = [tuple(r[1:]) for r in rows if all(re.fullmatch(r"[\d.%—↑↓ ]+", c) for c in r[1:])]
    elif fmt == "html":
        values = [tuple(re.findall(r'<td class="n">([^<]*)</td>', row))
                  for row in re.findall(r"<tr><td[^>]*>.*?</tr>", data.decode("utf-8"))]
        values = [v for v in values if v]
    elif fmt == "csv":
        values = [tuple(r[2:]) for r in list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]]
    else:
        xml = xlsx_xml(data)
        sheet = xml[xml.index("<worksheet"):]  # sheet1: 集計
        sheet = sheet[:sheet.index("</worksheet>")]
        values = [tuple(re.findall(r"<v>([\d.]+)</v>", row)) for row in re.findall(r"<row[^>]*>.*?</row>", sheet)]
        values = [v for v in values if v]
    assert values, fmt
    return sorted(values)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_name_in_an_anonymised_report_and_the_same_figures(fmt: str, store_root: Path, tmp_path: Path,
                                                              capfd: pytest.CaptureFixture[str]) -> None:
    plain = _run(store_root, fmt, tmp_path / f"plain.{fmt}")
    anon = _run(store_root, fmt, tmp_path / f"anon.{fmt}", "--anonymize")
    capfd.readouterr()
    text_plain = xlsx_xml(plain) if fmt == "xlsx" else html.unescape(plain.decode("utf-8-sig"))
    text = xlsx_xml(anon) if fmt == "xlsx" else html.unescape(anon.decode("utf-8-sig"))
    named = {"田中", "木村"} if fmt == "csv" else {"山田", "佐藤", "田中", "木下", "木村"}  # csv: the figures only
    assert named <= set(leaked(text_plain))  # the store does name them
    assert leaked(text) == [], fmt
    assert figures(anon, fmt) == figures(plain, fmt)
    if fmt != "csv":  # the lists are there, with labels
        assert "民生委員A" in text and "送迎の申し込み表をつくる" in text


def test_the_stderr_note_and_the_british_spelling(store_root: Path, capfd: pytest.CaptureFixture[str]) -> None:
    argv = ["--store", str(store_root), "report", "--fiscal-year", str(FY), "--format", "md"]
    assert cli.main(argv) == 0
    assert t("cli.anonymize_note") not in capfd.readouterr().err
    assert cli.main([*argv, "--anonymise"]) == 0
    out, err = capfd.readouterr()
    assert f"kyogitai: {t('cli.anonymize_note')}" in err
    assert leaked(out) == []


def _sections(report) -> list[tuple[str, list[tuple[Any, ...]]]]:  # type: ignore[no-untyped-def]
    return [(s.key, sorted(tuple(map(str, r.values)) for r in s.rows)) for s in figure_sections(report)]


@pytest.mark.parametrize("body", [None, FIRST, "Ｃ町　東地区　第2層協議体"])
def test_every_figure_is_the_same_with_and_without_anonymize(store_root: Path, body: str | None) -> None:
    store = Store(store_root)
    plain = report_from_store(store, FY, TODAY, body=body)
    anon = report_from_store(store, FY, TODAY, body=body, anonymize=True)
    assert len(anon.bodies) == len(plain.bodies) == (2 if body is None else 1)
    assert _sections(anon) == _sections(plain)
    assert [(d.key, len(d.rows)) for d in detail_lists(anon)] == [(d.key, len(d.rows)) for d in detail_lists(plain)]
    if body is None:
        assert any(s.key == "self_check" for s in figure_sections(anon))  # counted, the note never shown  # the plan made ahead counts (3 meetings planned for the 第1層, 1 for the 第2層)
        assert [b.planned for b in anon.bodies] == [b.planned for b in plain.bodies] == [3, 1]
        assert [b.as_planned for b in anon.bodies] == [b.as_planned for b in plain.bodies]
        # Two themes that differ only by a masked name stay two themes.
        assert sorted(anon.total().themes.values()) == sorted(plain.total().themes.values())
        assert {"○○さんの件", "○○さんの件 (2)"} <= set(anon.total().themes)


def test_one_person_one_label_in_the_whole_report(store_root: Path) -> None:
    report = report_from_store(Store(store_root), FY, TODAY, anonymize=True)
    first, second = report.bodies
    owners = {h.text: h.owner for b in report.bodies for h in b.homework}
    hanako = owners["送迎の申し込み表をつくる"]  # 山田 花子's, in the 第1層
    assert hanako == "民生委員A"
    assert owners[next(x for x in owners if "お茶会の日" in x)] == hanako  # hers in the 第2層: the same label
    assert owners[next(x for x in owners if "に電話する" in x)] == "民生委員B"  # 高橋 健: another
    assert next(x for x in owners if "に電話する" in x) == "民生委員Aさんに電話する"  # her name in the text
    results = [h.result for h in first.handoffs]
    assert results == ["○○様に渡した。民生委員Aさんが立ち会った"]  # 田中様: a name the roster never gives
    # 渡辺 直子: 老人クラブA (伊藤 清 of last year's roster is 老人クラブB: known, so masked too)
    assert [h.reason for h in second.homework] == ["老人クラブAさんの都合"]
    assert [h.text for h in first.homework if h.status == "dropped"] == ["民生委員Aさんに電話する"]


def test_the_plan_is_masked_and_still_matches_the_bodies(store_root: Path) -> None:
    store = Store(store_root)
    sessions, _ = year_sessions(store, FY)
    plan = load_plan(store, FY)
    assert plan is not None
    _, clean, _ = anonymize_year(sessions, plan)
    assert clean is not None
    doc = json.dumps(plan_to_json(clean), ensure_ascii=False)
    assert leaked(doc) == [] and "conflicts" not in doc
    assert [x.name for x in clean.lanes][:2] == [FIRST, SECOND]  # no name in them: as they were
    assert clean.notes["2025-05"] == "町内会長さんに連絡" and clean.notes["2025-10"] == "○○様に会場を頼む"


def test_distinct_never_gives_two_names_one_mask() -> None:
    def mask(x: str) -> str:
        return re.sub(r"[山田木村]+さん", "○○さん", x)

    got = distinct(["山田さんの会", "木村さんの会", "○○さんの会", "山田さんの会"], lambda x: x, mask)
    assert got["○○さんの会"] == "○○さんの会"  # a name left as it was keeps it
    assert sorted(got.values()) == ["○○さんの会", "○○さんの会 (2)", "○○さんの会 (3)"]
    assert Counter(got.values()).most_common(1)[0][1] == 1


def test_bodies_named_after_people_stay_apart_and_keep_their_plan(tmp_path: Path) -> None:
    """Two サロン named after their hosts mask to one name: they stay two columns, each with the
    plan's meetings of its own lane, and --body still finds one by its real name."""
    root = tmp_path / "sessions"
    store = Store(root)
    for body, on in (("木村さんのサロン", "2025-05-01"), ("木村さんのサロン", "2025-06-01"), ("小林さんのサロン", "2025-05-02")):
        store.save(make_session(body=body, layer="第2層", date=on))
    (root / "plans").mkdir()
    (root / "plans" / f"{FY}.json").write_text(json.dumps({
        "schema_version": 1, "fiscal_year": FY, "notes": {}, "updated_at": "2025-04-10T09:00:00+09:00",
        "lanes": [{"id": "a", "name": "木村さんのサロン"}, {"id": "b", "name": "小林さん の サロン"}],
        "meetings": [{"id": f"m{n}", "lane": lane, "month": "2025-05", "theme": ""}
                     for n, lane in enumerate("aaab")]}, ensure_ascii=False), encoding="utf-8")
    plain = report_from_store(store, FY, TODAY)
    anon = report_from_store(store, FY, TODAY, anonymize=True)
    assert sorted((b.planned, b.held) for b in plain.bodies) == [(1, 1), (3, 2)]
    assert sorted((b.planned, b.held) for b in anon.bodies) == [(1, 1), (3, 2)]
    assert sorted(b.name for b in anon.bodies) == ["○○さんのサロン", "○○さんのサロン (2)"]
    one = report_from_store(store, FY, TODAY, body="木村さんのサロン", anonymize=True)
    assert [(b.planned, b.held) for b in one.bodies] == [(3, 2)]
    assert leaked(render_all(anon)) == []


def render_all(report) -> str:  # type: ignore[no-untyped-def]
    return "".join(render(report, fmt).decode("utf-8-sig") for fmt in ("md", "html", "csv"))
