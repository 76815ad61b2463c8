"""Snapshots of the year plan screen with a plan made ahead (plans/2026.json): planned meetings
with themes, 未定, a 備考 of the SC's own, an event column — at 120×36 and at 80×24 (the smallest
screen the app promises). Accept a changed snapshot only after reading its SVG."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from facilitator.demo import BODY_1, BODY_2, write_demo
from facilitator.plan import PlanFile
from facilitator.plan.edit import add_lane, add_meeting, set_note
from facilitator.store import Store
from test_home_screens import TODAY, make_app
from test_home_snapshots import steady


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.chdir(tmp_path)
    s = Store(Path("sessions"))
    write_demo(s, today=TODAY, seed=20261122)
    file = PlanFile(s, 2026)
    plan = file.read()
    first = add_lane(plan, BODY_1, layer="第1層")
    second = add_lane(plan, BODY_2, layer="第2層")
    talk = add_lane(plan, "講演会", kind="event")
    add_meeting(plan, first.id, "2026-08", "地域交通・移動に関する集中協議", day="2026-08-26")
    add_meeting(plan, second.id, "2026-08", "サロン活性化に関するアイデアコンペ")
    add_meeting(plan, first.id, "2027-01", "次年度の重点課題")
    add_meeting(plan, talk.id, "2027-02", "認知症とともに暮らす", day="2027-02-13")
    set_note(plan, "2026-08", "協議内容を町に報告・協議")
    set_note(plan, "2026-09", "9〜11月 試行")
    file.save(plan, now=datetime(2026, 4, 10, tzinfo=timezone.utc))
    return s


def test_snapshot_year_plan_laid_out(snap_compare, store):  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=(120, 36), run_before=steady("y", *["down"] * 4))


def test_snapshot_year_plan_laid_out_small(snap_compare, store):  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(store), terminal_size=(80, 24), run_before=steady("y", *["down"] * 4))
