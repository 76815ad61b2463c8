"""The year's activity report (facilitator/report): every figure recounted independently from the
session files' JSON, for the demo town's year and for hand-made edge cases (a body meeting across
two 年度, carried homework, dropped items, a damaged file, a meeting made ahead)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from factories import make_session

from facilitator.demo import write_demo
from facilitator.model import Attendee, Board, BoardItem, Handoff, Homework, Idea, Issue, NextMeeting
from facilitator.report import build_year_report, render, report_from_store
from facilitator.report.figures import figure_sections
from facilitator.store import Store
from facilitator.text import body_key

TODAY = date(2026, 12, 6)


# -- an independent recount from the JSON files (docs/report.md, read literally) ---------------


def _docs(root: Path) -> list[dict[str, Any]]:
    out = []
    for p in sorted(root.glob("*.json")):
        try:
            d = json.loads(p.read_text(encoding="utf-8"))
        except ValueError:
            continue
        if isinstance(d, dict) and isinstance(d.get("ideas"), list):
            out.append(d)
    return out


def _in_fy(d: dict[str, Any], fy: int) -> bool:
    return f"{fy}-04-01" <= d["date"] <= f"{fy + 1}-03-31"


def _self_checks(held: list[dict[str, Any]]) -> dict[str, Any]:
    """The facilitator's self-checks of the held meetings: how many, each item's average (0–3)."""
    checks = [d["self_check"] for d in held if d.get("self_check")
              and ({k: v for k, v in d["self_check"].get("answers", {}).items() if v in (0, 1, 2, 3)}
                   or (d["self_check"].get("note") or "").strip())]
    if not checks:
        return {}
    out: dict[str, Any] = {"self_check.meetings": len(checks)}
    for item in ("listening", "equal", "initiative", "background", "pace", "self_running"):
        values = [c["answers"][item] for c in checks if c.get("answers", {}).get(item) in (0, 1, 2, 3)]
        if values:  # the average, and ↑/↓ for the latest answer against the first
            arrow = "" if values[-1] == values[0] else (" ↑" if values[-1] > values[0] else " ↓")
            out[f"self_check.{item}"] = f"{sum(values) / len(values):.1f}{arrow}"
    return out


def recount(root: Path, fy: int, today: date) -> dict[str, dict[str, Any]]:
    """name of body → figures, counted straight from the JSON."""
    bodies: dict[str, list[dict[str, Any]]] = {}
    for d in _docs(root):
        if _in_fy(d, fy):
            bodies.setdefault(body_key(d["body"]["name"]), []).append(d)
    out = {}
    for docs in bodies.values():
        docs.sort(key=lambda d: (d["date"], d["created_at"]))
        held = [d for d in docs if d["date"] <= today.isoformat()]
        nm = (docs[-1].get("next_meeting") or {}).get("date")
        planned = len(docs) + (1 if nm and nm > docs[-1]["date"] and nm <= f"{fy + 1}-03-31" else 0)
        ideas = [i for d in held for i in d["ideas"]]
        attendance = Counter(a.get("attendance") for d in held for a in d["attendees"])
        hw: dict[str, dict[str, Any]] = {}
        carries: Counter[str] = Counter()
        ho: dict[str, dict[str, Any]] = {}
        for d in held:
            for h in d["homework"]:
                hw[h["id"]] = h
                carries[h["id"]] += 1 if h.get("from_session") else 0
            for h in d["handoffs"]:
                ho[h["id"]] = h
        ids = {d["id"] for d in held}
        board = held[-1]["board"]["items"] if held else []
        lack = [c for c in board if c["column"] == "lack"]
        out[docs[-1]["body"]["name"]] = {
            "meetings.planned": planned,
            "meetings.held": len(held),
            "attendance.present": attendance["present"],
            "attendance.absent": attendance["absent"],
            "attendance.untaken": attendance[None],
            "ideas.total": len(ideas),
            **{f"ideas.kind.{k}": sum(1 for i in ideas if i["kind"] == k) for k in ("self", "request", "unsorted")},
            "ideas.nature.need": sum(1 for i in ideas if i.get("nature") == "need"),
            "ideas.nature.demand": sum(1 for i in ideas if i.get("nature") == "demand"),
            "handoffs.total": len(ho),
            **{f"handoffs.{s}": sum(1 for h in ho.values() if (h.get("status") or "open") == s)
               for s in ("open", "in_progress", "done", "dropped")},
            "homework.total": len(hw),
            **{f"homework.{s}": sum(1 for h in hw.values() if h["status"] == s) for s in ("open", "done", "dropped")},
            "homework.carried": sum(1 for n in carries.values() if n),
            "homework.carries": sum(carries.values()),
            "board.found": sum(1 for c in board if c["column"] == "have" and (c.get("since") or held[-1]["id"]) in ids),
            "board.lack": len(lack),
            "board.lack.resolved": sum(1 for c in lack if c.get("resolved_in") in ids),
            "board.lack.municipality": sum(1 for c in lack if not c.get("resolved_in") and c.get("solvable") == "municipality"),
            "requests.total": sum(1 for i in ideas if i["kind"] == "request"),
            **{f"requests.dept:{dept}": n for dept, n in
               Counter(i.get("department") or "" for i in ideas if i["kind"] == "request").items()},
            **_self_checks(held),
        }
    return out


def figures(report) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    """body name → figure key → value, as the report's tables say."""
    names = [b.name for b in report.columns()]
    out: dict[str, dict[str, Any]] = {n: {} for n in names}
    for section in figure_sections(report):
        for row in section.rows:
            for name, value in zip(names, row.values):
                out[name][row.key] = value
    return out


def assert_recounted(root: Path, fy: int, today: date = TODAY) -> None:
    report = report_from_store(Store(root), fy, today)
    got = figures(report)
    expected = recount(root, fy, today)
    assert [b.name for b in report.bodies] and set(expected) == {b.name for b in report.bodies}
    for name, want in expected.items():
        for key, value in want.items():
            assert got[name].get(key, 0) == value, (name, key)
    total = got[report.columns()[-1].name]
    for key in ("meetings.held", "ideas.total", "homework.total", "handoffs.total", "requests.total"):
        assert total[key] == sum(w[key] for w in expected.values()), key


# -- the demo town's year ---------------------------------------------------------------------


@pytest.fixture
def demo_store(tmp_path: Path) -> Path:
    root = tmp_path / "sessions"
    write_demo(Store(root), today=TODAY, seed=7)
    return root


@pytest.mark.parametrize("fy", [2025, 2026])
def test_every_figure_of_the_demo_year_recounts_from_the_files(demo_store: Path, fy: int) -> None:
    assert_recounted(demo_store, fy)


def test_the_demo_years_figures_read_as_the_town_lived_them(demo_store: Path) -> None:
    report = report_from_store(Store(demo_store), 2026, TODAY)
    f = figures(report)
    first, second, total = (b.name for b in report.columns())
    assert "第1層" in first and "第2層" in second  # layers side by side, 第1層 first
    assert f[first]["meetings.held"] == 4 and f[first]["meetings.planned"] == 5  # January's still ahead
    assert f[second]["meetings.held"] == 2 and f[second]["meetings.planned"] == 3
    assert f[first]["homework.dropped"] == 1
    dropped = [h for h in report.bodies[0].homework if h.status == "dropped"]
    assert dropped[0].reason == "町の介護支援ボランティアポイント事業に合流する" and dropped[0].carried == 2
    assert f[total]["handoffs.done"] == 5 and f[total]["handoffs.earlier"] == 2  # two made in 令和7年度
    assert f[total]["requests.dept:福祉課"] == 4


def test_a_year_without_meetings_leaves_the_body_out(demo_store: Path) -> None:
    report = report_from_store(Store(demo_store), 2024, TODAY)
    assert report.bodies == []
    assert "この年度に会議を開いた協議体はありません" in render(report, "md").decode("utf-8")


# -- hand-made edge cases ---------------------------------------------------------------------


def _save(root: Path, *sessions) -> None:  # type: ignore[no-untyped-def]
    store = Store(root)
    for s in sessions:
        store.save(s)


def edge_store(root: Path) -> None:
    """One body meeting on the last day of 令和8年度 and the first of 令和9年度, homework carried
    across (and dropped with a reason), a hand-off followed, a ないもの resolved, a meeting made
    ahead, a second body, and a damaged file."""
    a = make_session(
        id="2027-03-31-aaaaaa", date="2027-03-31", created_at="2027-03-01T10:00:00+09:00",
        attendees=[Attendee(name="山田", attendance="present"), Attendee(name="佐藤", attendance="absent"),
                   Attendee(name="田中")],
        issues=[Issue(id="i1", title="移動", nature="need", themes=["移動"])],
        ideas=[Idea(id="x1", text="乗り合い", kind="self", status="handed", nature="need", themes=["移動", "買い物"]),
               Idea(id="x2", text="バスの増便", kind="request", department="企画課", nature="demand"),
               Idea(id="x3", text="=SUM(A1)", kind="request")],
        handoffs=[Handoff(id="h1", idea_ids=["x1"], action="車を探す")],
        homework=[Homework(id="w1", text="名簿を見直す", owner="山田"),
                  Homework(id="w2", text="店に聞く", from_session="2027-01-20-zzzzzz")],
        board=Board(items=[
            BoardItem(id="c1", column="lack", text="夕方のバス", solvable="municipality", department="企画課",
                      since="2027-03-31-aaaaaa"),
            BoardItem(id="c2", column="lack", text="集まる場所", resolved_in="2027-03-31-aaaaaa"),
            BoardItem(id="c3", column="have", text="公民館", since="2026-05-01-old000"),
            BoardItem(id="c4", column="have", text="移動販売車")]),
        next_meeting=NextMeeting(date="2027-04-01"),
    )
    b = make_session(
        id="2027-04-01-bbbbbb", date="2027-04-01", created_at="2027-03-31T18:00:00+09:00",
        previous_session=a.id,
        handoffs=[Handoff(id="h1", idea_ids=["x1"], action="車を探す", status="done", result="社協の車",
                          from_session=a.id)],
        homework=[Homework(id="w1", text="名簿を見直す", status="dropped", reason="町が名簿を作る", from_session=a.id),
                  Homework(id="w2", text="店に聞く", status="done", from_session=a.id)],
        board=Board(items=[BoardItem(id="c1", column="lack", text="夕方のバス", resolved_in="2027-04-01-bbbbbb")]),
    )
    ahead = make_session(id="2027-06-01-cccccc", date="2027-06-01", created_at="2027-04-01T18:00:00+09:00",
                         previous_session=b.id)
    other = make_session(id="2026-06-01-dddddd", date="2026-06-01", body={"name": "C町 東地区 第2層協議体"},
                         ideas=[Idea(id="o1", text="花壇", kind="unsorted", themes=["居場所・サロン"])])
    _save(root, a, b, ahead, other)
    (root / "2026-07-01-broken.json").write_text('{"id": "2026-07-01-broken", "date": ', encoding="utf-8")


def test_a_body_meeting_across_two_years_is_counted_in_each(tmp_path: Path) -> None:
    edge_store(tmp_path)
    for fy in (2026, 2027):
        assert_recounted(tmp_path, fy, today=date(2027, 4, 20))
    r26 = report_from_store(Store(tmp_path), 2026, date(2027, 4, 20))
    r27 = report_from_store(Store(tmp_path), 2027, date(2027, 4, 20))
    f26, f27 = figures(r26), figures(r27)
    body = "C町 第1層協議体"
    # 令和8年度 ends on 31 March: the homework is open there, dropped in 令和9年度 with its reason.
    assert f26[body]["homework.open"] == 2 and f26[body]["homework.carries"] == 1
    assert f27[body]["homework.dropped"] == 1 and f27[body]["homework.done"] == 1
    assert f27[body]["homework.carries"] == 2
    assert [h.reason for h in r27.bodies[0].homework if h.status == "dropped"] == ["町が名簿を作る"]
    # The hand-off: made in 令和8年度 (open at its end), done in 令和9年度, counted there as from an earlier year.
    assert f26[body]["handoffs.open"] == 1 and f27[body]["handoffs.done"] == 1 and f27[body]["handoffs.earlier"] == 1
    assert r27.bodies[0].handoffs[0].result == "社協の車"
    # 2027-06-01 is made ahead: planned, not held.
    assert f27[body]["meetings.planned"] == 2 and f27[body]["meetings.held"] == 1
    # The board: one ないもの resolved in each year; the あるもの found before the year is not counted.
    assert f26[body]["board.found"] == 1 and f26[body]["board.lack.resolved"] == 1
    assert f26[body]["board.lack.dept:企画課"] == 1
    assert f27[body]["board.lack.resolved"] == 1
    # ニーズ/デマンド and themes.
    assert f26[body]["ideas.nature.need"] == 1 and f26[body]["ideas.nature.demand"] == 1
    assert f26[body]["issues.nature.need"] == 1
    assert f26[body]["themes:移動"] == 2 and f26["合計"]["themes:居場所・サロン"] == 1
    # The damaged file is named, and counts for nothing.
    assert r26.unreadable == ["2026-07-01-broken.json"]
    assert "2026-07-01-broken.json" in render(r26, "md").decode("utf-8")


def test_attendance_counts_present_absent_and_not_taken(tmp_path: Path) -> None:
    edge_store(tmp_path)
    f = figures(report_from_store(Store(tmp_path), 2026, date(2027, 4, 20)))["C町 第1層協議体"]
    assert (f["attendance.present"], f["attendance.absent"], f["attendance.untaken"]) == (1, 1, 1)
    assert f["attendance.rate"] == "50%" and f["attendance.average"] == "1.0"


def test_one_body_only(tmp_path: Path) -> None:
    edge_store(tmp_path)
    report = report_from_store(Store(tmp_path), 2026, date(2027, 4, 20), body="Ｃ町　東地区 第2層協議体")
    assert [b.name for b in report.bodies] == ["C町 東地区 第2層協議体"]


def test_only_the_years_files_are_decoded(tmp_path: Path) -> None:
    edge_store(tmp_path)
    from facilitator.report.collect import year_sessions

    sessions, unreadable = year_sessions(Store(tmp_path), 2027)
    assert sorted(s.id for s in sessions) == ["2027-04-01-bbbbbb", "2027-06-01-cccccc"]


def test_csv_keeps_formula_text_as_text_and_every_format_renders(tmp_path: Path) -> None:
    edge_store(tmp_path)
    report = report_from_store(Store(tmp_path), 2026, date(2027, 4, 20))
    for fmt in ("md", "html", "csv", "xlsx"):
        assert render(report, fmt)
    html = render(report, "html").decode("utf-8")
    assert "<script" not in html and html.count("<svg") >= 5
    md = render(report, "md").decode("utf-8")
    assert "=SUM(A1)" in md  # the request's text, listed as typed


def test_planned_comes_from_the_year_plan_made_ahead_when_it_has_the_body(tmp_path: Path) -> None:
    from facilitator.plan.file import plan_bytes, plan_path
    from facilitator.plan.model import Lane, Plan, PlannedMeeting

    edge_store(tmp_path)
    plan = Plan(fiscal_year=2026, lanes=[Lane(id="l1", name="Ｃ町　第1層協議体")], meetings=[
        PlannedMeeting(id="p1", lane="l1", month="2026-12", theme="移動"),  # never held
        PlannedMeeting(id="p2", lane="l1", month="2027-03", date="2027-03-31"),  # held that day
        PlannedMeeting(id="p3", lane="l1", month="2027-02"),
    ])
    path = plan_path(tmp_path, 2026)
    path.parent.mkdir()
    path.write_bytes(plan_bytes(plan))
    f = figures(report_from_store(Store(tmp_path), 2026, date(2027, 4, 20)))
    assert (f["C町 第1層協議体"]["meetings.planned"], f["C町 第1層協議体"]["meetings.held"]) == (3, 1)
    assert f["C町 第1層協議体"]["meetings.as_planned"] == 1
    # The body the plan has no lane for: counted from its sessions, as without a plan.
    assert f["C町 東地区 第2層協議体"]["meetings.planned"] == 1
    assert f["C町 東地区 第2層協議体"]["meetings.as_planned"] == "—"
    path.write_text("{not json", encoding="utf-8")  # a damaged plan: named, and the sessions still count
    report = report_from_store(Store(tmp_path), 2026, date(2027, 4, 20))
    assert "plans/2026.json" in report.unreadable and figures(report)["C町 第1層協議体"]["meetings.planned"] == 1
