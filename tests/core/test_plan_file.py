"""The year plan made ahead as a file: <store>/plans/<年度>.json — round trip, fields we don't know
kept, damaged and newer files left alone, modes, the rules, and two writers merged."""

from __future__ import annotations

import json
import os
import stat
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.plan import (
    NewerPlanError,
    Plan,
    PlanFile,
    PlanFormatError,
    load_plan,
    merge_plans,
    plan_from_json,
    plan_path,
    plan_to_json,
)
from facilitator.plan.edit import (
    PlanRuleError,
    add_lane,
    add_meeting,
    link_session,
    remove_meeting,
    session_title,
    set_note,
    update_meeting,
)
from facilitator.plan.file import plan_bytes

NOW = datetime(2026, 4, 10, 9, 0, tzinfo=timezone.utc)

FULL = {
    "schema_version": 1,
    "fiscal_year": 2026,
    "lanes": [
        {"id": "l1", "name": "C町 第1層協議体", "kind": "body", "layer": "第1層", "colour": "blue"},
        {"id": "l2", "name": "講演会", "kind": "event"},
    ],
    "meetings": [
        {"id": "m1", "lane": "l1", "month": "2026-08", "theme": "地域交通・移動に関する集中協議",
         "date": "2026-08-19", "start_time": "13:30", "place": "役場 2階", "session_id": "2026-08-19-abc123",
         "budget": {"yen": 5000}},
        {"id": "m2", "lane": "l2", "month": "2026-11", "theme": "", "date": None},
    ],
    "notes": {"2026-08": "協議内容を町に報告・協議", "2026-09": "9〜11月 試行"},
    "deleted": {"meetings": ["m0"]},
    "clock": {"counter": 7, "writer": "w-aaaa"},
    "conflicts": [{"path": "meetings/m1/theme", "value": "移動", "by": "w-bbbb", "at": "2026-04-01T00:00:00+09:00"}],
    "updated_at": "2026-04-10T09:00:00+09:00",
    "made_by": "another tool",
}


def test_a_full_plan_round_trips_with_the_fields_we_do_not_know() -> None:
    plan = plan_from_json(json.loads(json.dumps(FULL)))
    assert [x.name for x in plan.lanes] == ["C町 第1層協議体", "講演会"]
    assert plan.meetings[1].date is None and plan.meetings[1].theme == ""
    assert plan.lanes[0].extra == {"colour": "blue"} and plan.meetings[0].extra == {"budget": {"yen": 5000}}
    out = plan_to_json(plan)
    expected = json.loads(json.dumps(FULL))
    del expected["meetings"][1]["date"]  # written back as null
    out["meetings"][1].pop("date")
    assert out == expected
    assert plan_from_json(json.loads(plan_bytes(plan))) == plan


@pytest.mark.parametrize("change, field", [
    (lambda d: d.update(fiscal_year="2026"), "fiscal_year"),
    (lambda d: d["meetings"][0].update(month="8月"), "meetings[0].month"),
    (lambda d: d["meetings"][0].update(date="2026/8/19"), "meetings[0].date"),
    (lambda d: d["lanes"][0].pop("name"), "lanes[0].name"),
    (lambda d: d["lanes"][1].update(id="../x"), "lanes[1].id"),
    (lambda d: d.update(notes={"2026-08": 3}), "notes"),
])
def test_a_damaged_plan_names_the_field(change, field) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(json.dumps(FULL))
    change(data)
    with pytest.raises(PlanFormatError, match=field.replace("[", r"\[").replace("]", r"\]")):
        plan_from_json(data)


def test_no_file_is_an_empty_plan_and_reading_creates_nothing(tmp_path: Path) -> None:
    plan = load_plan(tmp_path, 2026)
    assert plan == Plan(fiscal_year=2026) and plan.months()[0] == "2026-04" and plan.months()[-1] == "2027-03"
    assert not (tmp_path / "plans").exists()
    assert plan_path(tmp_path, 2026) == tmp_path / "plans" / "2026.json"


def test_save_writes_atomically_with_private_modes(tmp_path: Path) -> None:
    file = PlanFile(tmp_path, 2026)
    plan = file.read()
    lane = add_lane(plan, "C町 第1層協議体", layer="第1層")
    add_meeting(plan, lane.id, "2026-08", "集中協議", day="2026-08-19")
    file.save(plan, now=NOW)
    path = tmp_path / "plans" / "2026.json"
    assert load_plan(tmp_path, 2026).meetings[0].theme == "集中協議"
    assert [p.name for p in path.parent.iterdir()] == ["2026.json"]  # no temp file left
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_a_shared_store_gets_group_modes(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("shared = true\n", encoding="utf-8")
    file = PlanFile(tmp_path, 2026)
    plan = file.read()
    set_note(plan, "2026-05", "総会")
    file.save(plan, now=NOW)
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(tmp_path / "plans" / "2026.json").st_mode) == 0o660
        assert stat.S_IMODE(os.stat(tmp_path / "plans").st_mode) == 0o2770


@pytest.mark.parametrize("text, error", [("{not json", PlanFormatError),
                                         (json.dumps({**FULL, "schema_version": 99}), NewerPlanError)])
def test_a_damaged_or_newer_file_is_never_overwritten(tmp_path: Path, text: str, error: type) -> None:
    path = tmp_path / "plans" / "2026.json"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(error):
        load_plan(tmp_path, 2026)
    with pytest.raises(error):
        PlanFile(tmp_path, 2026).save(Plan(fiscal_year=2026), now=NOW)
    assert path.read_text(encoding="utf-8") == text


def test_the_rules_clean_check_and_tick_the_clock() -> None:
    plan = Plan(fiscal_year=2026)
    with pytest.raises(PlanRuleError):
        add_meeting(plan, "nope", "2026-08")
    lane = add_lane(plan, " C町　第1層協議体 ", layer="第1層")
    with pytest.raises(PlanRuleError, match="もうあります"):
        add_lane(plan, "C町 第1層協議体")  # the same body after NFKC
    with pytest.raises(PlanRuleError):
        add_meeting(plan, lane.id, "2027-04")  # the next 年度
    with pytest.raises(PlanRuleError):
        add_meeting(plan, lane.id, "2026-08", day="2027-05-01")
    m = add_meeting(plan, lane.id, "2026-08", "移動\x1b[31m の集中協議")
    assert m.theme == "移動 の集中協議" and m.date is None  # control sequences out; no date: 未定
    update_meeting(plan, m.id, theme="移動", day="2026-09-16")
    assert (m.month, m.date) == ("2026-09", "2026-09-16")  # a date in another month moves it
    link_session(plan, m.id, "2026-09-16-aaaaaa", "2026-09-16")
    assert m.session_id == "2026-09-16-aaaaaa"
    assert set_note(plan, "2027-03", "成果報告会") and not set_note(plan, "2027-03", "成果報告会")
    before = plan.clock["counter"]  # type: ignore[index]
    remove_meeting(plan, m.id)
    assert plan.meetings == [] and plan.deleted == {"meetings": [m.id]}
    assert plan.clock["counter"] == before + 1  # type: ignore[index]
    assert session_title("第3回", "地域交通\n（8月）") == "第3回 地域交通" and session_title("第3回", "") == "第3回"


def _two_writers(tmp_path: Path) -> tuple[PlanFile, Plan, PlanFile, Plan, str, str]:
    first = PlanFile(tmp_path, 2026)
    plan = first.read()
    lane = add_lane(plan, "C町 第1層協議体")
    m = add_meeting(plan, lane.id, "2026-08", "地域交通")
    set_note(plan, "2026-08", "町に報告")
    first.save(plan, now=NOW)
    a, b = PlanFile(tmp_path, 2026), PlanFile(tmp_path, 2026)
    return a, a.read(), b, b.read(), lane.id, m.id


def test_two_writers_lose_nothing(tmp_path: Path) -> None:
    a, pa, b, pb, lane, m = _two_writers(tmp_path)
    add_meeting(pa, lane, "2026-10", "サロン", day="2026-10-21")  # A adds a meeting
    set_note(pa, "2026-08", "町に報告\n議会にも")  # and a line to the 備考
    update_meeting(pb, m, theme="地域交通・移動に関する集中協議", day="2026-08-19")  # B dates the first
    set_note(pb, "2026-09", "9〜11月 試行")
    set_note(pb, "2026-08", "役場と\n町に報告")
    a.save(pa, now=NOW)
    merged = b.save(pb, now=NOW)  # B's file changed meanwhile: merged, nothing lost
    assert sorted(x.theme for x in merged.meetings) == ["サロン", "地域交通・移動に関する集中協議"]
    assert merged.meeting(m).date == "2026-08-19"  # type: ignore[union-attr]
    assert merged.notes == {"2026-08": "役場と\n町に報告\n議会にも", "2026-09": "9〜11月 試行"}
    assert load_plan(tmp_path, 2026) == merged
    # A saves again without reading: B's changes stay (A's base is what it wrote)
    set_note(pa, "2026-12", "忘年会")
    again = a.save(pa, now=NOW)
    assert again.meeting(m).date == "2026-08-19" and again.notes["2026-09"] == "9〜11月 試行"  # type: ignore[union-attr]


def test_a_removal_is_kept_and_an_item_never_seen_is_not_removed(tmp_path: Path) -> None:
    a, pa, b, pb, lane, m = _two_writers(tmp_path)
    remove_meeting(pa, m)
    a.save(pa, now=NOW)
    add_meeting(pb, lane, "2026-11", "成果報告")  # B never saw the removal
    merged = b.save(pb, now=NOW)
    assert [x.theme for x in merged.meetings] == ["成果報告"] and merged.deleted == {"meetings": [m]}


def test_the_same_field_on_both_sides_keeps_one_and_records_the_other(tmp_path: Path) -> None:
    a, pa, b, pb, lane, m = _two_writers(tmp_path)
    update_meeting(pa, m, theme="地域交通", day="2026-08-19")
    update_meeting(pb, m, theme="地域交通", day="2026-08-26")
    a.save(pa, now=NOW)
    merged = b.save(pb, now=NOW)
    kept = merged.meeting(m).date  # type: ignore[union-attr]
    assert kept in ("2026-08-19", "2026-08-26")
    other = "2026-08-26" if kept == "2026-08-19" else "2026-08-19"
    assert [(c["path"], c["value"]) for c in merged.conflicts] == [(f"meetings/{m}/date", other)]


def _plan(counter: int, writer: str, notes: dict[str, str], themes: dict[str, str]) -> Plan:
    data = {"schema_version": 1, "fiscal_year": 2026, "lanes": [{"id": "l1", "name": "C町"}],
            "meetings": [{"id": k, "lane": "l1", "month": "2026-08", "theme": v} for k, v in themes.items()],
            "notes": notes, "clock": {"counter": counter, "writer": writer}, "updated_at": "2026-04-01T00:00:00+09:00"}
    return plan_from_json(data)


_texts = st.text(alphabet="あい\n移動", max_size=6)
_sides = st.tuples(st.integers(0, 3), st.sampled_from(["w-a", "w-b"]),
                   st.dictionaries(st.sampled_from(["2026-04", "2026-08"]), _texts, max_size=2),
                   st.dictionaries(st.sampled_from(["m1", "m2", "m3"]), _texts, max_size=3))


@given(_sides, _sides, _sides)
def test_merging_is_the_same_whoever_saves_first(base, x, y) -> None:  # type: ignore[no-untyped-def]
    b, p, q = _plan(*base), _plan(*x), _plan(*y)
    one = merge_plans(b, p, q, now="2026-04-10T00:00:00+09:00")
    assert one == merge_plans(b, q, p, now="2026-04-10T00:00:00+09:00")
    assert merge_plans(b, p, p, now="2026-04-10T00:00:00+09:00").meetings == p.meetings  # idempotent


def test_look_reports_someone_elses_change_once_and_keeps_the_merge_base(tmp_path: Path) -> None:
    a, pa, b, pb, lane, m = _two_writers(tmp_path)
    assert a.look() is None  # nothing new
    set_note(pb, "2026-09", "試行")
    b.save(pb, now=NOW)
    seen = a.look()
    assert seen is not None and seen.notes["2026-09"] == "試行"
    assert a.look() is None  # the same change is reported once
    remove_meeting(pa, m)  # an edit on the plan A had before it looked
    merged = a.save(pa, now=NOW)
    assert merged.notes["2026-09"] == "試行" and merged.meetings == []
