"""The demo store: built through the real rules, consistent, and the `demo` command's refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from facilitator.demo import BODY_1, BODY_2, DemoRefused, build_demo, demo_dates, write_demo
from facilitator.homework import track_homework
from facilitator.session_json import session_to_json
from facilitator.session_load import check_references, session_from_json
from facilitator.store import Store

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def demo():  # type: ignore[no-untyped-def]
    return build_demo(TODAY, seed=5)


def test_dates_are_laid_out_back_from_today() -> None:
    d = demo_dates(TODAY)
    assert d["m5"] == date(2026, 11, 18) and d["m5"] < TODAY < d["next1"]
    assert [d[k].isoformat() for k in ("pre", "m1", "m2", "m3", "m4")] == [
        "2026-01-21", "2026-03-18", "2026-05-20", "2026-07-15", "2026-09-16"]
    assert all(d[k].weekday() == 2 for k in ("pre", "m1", "m2", "m3", "m4", "m5", "next1"))
    assert all(d[k].weekday() == 5 for k in ("e1", "e2", "next2"))
    # On a third Wednesday itself, that meeting is still ahead: the last one is two months back.
    assert demo_dates(date(2026, 11, 18))["m5"] == date(2026, 10, 21)


def test_a_setup_meeting_then_five_meetings_chained_by_carry_over(demo) -> None:  # type: ignore[no-untyped-def]
    first = [s for s in demo if s.body.name == BODY_1]
    assert [s.title for s in first] == ["設置時プレ会議", "第1回 定例会", "第2回 定例会",
                                        "第3回 地域交通・移動に関する集中協議", "第4回 定例会", "第5回 一年のふりかえり"]
    assert first[0].template == "setup-pre" and {s.template for s in first[1:]} == {"c-town"}
    assert first[0].previous_session is None
    assert [s.previous_session for s in first[1:]] == [s.id for s in first[:-1]]
    assert len({s.id for s in demo}) == len(demo) == 8
    assert [s.title for s in demo if s.body.name == BODY_2] == ["サロン活性化 アイデアコンペ", "第2回 東地区の集い"]
    for s in demo:
        assert check_references(s) == [], s.title
        assert session_from_json(session_to_json(s)) == s  # a valid file
        assert s.start_time and s.end_time and s.current_step == s.steps[-1].id
        assert all(step.elapsed_seconds > 0 for step in s.steps)
    # A growing board: cards keep their ids and 'since'; each session adds some.
    sizes = [len(s.board.items) for s in first]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    for before, after in zip(first, first[1:]):
        assert {c.id for c in before.board.items} <= {c.id for c in after.board.items}
        assert any(c.since == after.id for c in after.board.items)
    # Ideas, hand-offs, requests and a planned next meeting.
    assert all(s.ideas for s in demo)
    assert sum(len(s.handoffs) for s in demo) >= 6
    assert any(i.kind == "request" and i.department for s in demo for i in s.ideas)
    assert first[-1].next_meeting.date == "2027-01-20" and first[-1].next_meeting.agenda


def test_homework_is_carried_done_dropped_and_overdue(demo) -> None:  # type: ignore[no-untyped-def]
    tracked = track_homework(demo, body=BODY_1)
    by_text = {t.item.text: t for t in tracked}
    carried = by_text["買い物ついでの乗り合い（ご近所で声をかけ合う）"]
    assert carried.carried == 4 and carried.overdue(TODAY)
    assert sum(t.overdue(TODAY) for t in tracked) == 2
    assert any(not t.overdue(TODAY) and t.due_date() and t.due_date() > TODAY for t in tracked)
    everything = track_homework(demo, open_only=False)
    statuses = {t.item.status for t in everything}
    assert statuses == {"open", "done", "dropped"}
    dropped = next(t for t in everything if t.item.status == "dropped")
    assert dropped.item.reason


def test_the_same_seed_gives_the_same_ids_and_times() -> None:
    a, b = build_demo(TODAY, seed=1), build_demo(TODAY, seed=1)
    assert [s.id for s in a] == [s.id for s in b]
    assert [s.end_time for s in a] == [s.end_time for s in b]
    assert [s.id for s in build_demo(TODAY, seed=2)] != [s.id for s in a]


def test_write_demo_refuses_a_store_with_sessions(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    written = write_demo(store, today=TODAY, seed=3)
    assert len(written) == 8 and all(p.parent == store.root for p in written)
    before = {p.name: p.read_bytes() for p in store.root.glob("*.json")}
    with pytest.raises(DemoRefused, match="--force"):
        write_demo(store, today=TODAY, seed=4)
    assert {p.name: p.read_bytes() for p in store.root.glob("*.json")} == before
    again = write_demo(store, today=TODAY, seed=4, force=True)
    assert len(again) == 8 and len(list(store.root.glob("*.json"))) == 16
    assert {p.name: p.read_bytes() for p in store.root.glob("*.json") if p.name in before} == before
    # A damaged file counts as a session file too.
    other = Store(tmp_path / "other")
    other.root.mkdir()
    (other.root / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(DemoRefused):
        write_demo(other, today=TODAY)


def _cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    env.pop("KYOGITAI_STORE", None)
    return subprocess.run([sys.executable, "-m", "facilitator", *args], capture_output=True, env=env, timeout=60)


def test_demo_command(tmp_path: Path) -> None:
    store = tmp_path / "demo store"
    r = _cli("--store", str(store), "demo")
    assert r.returncode == 0, r.stderr.decode()
    out = r.stdout.decode("utf-8")
    assert str(store) in out and "8 件" in out
    listed = json.loads(_cli("--store", str(store), "list", "--json").stdout)
    assert len(listed) == 8 and {x["body"] for x in listed} == {BODY_1, BODY_2}
    assert _cli("--store", str(store), "check").returncode == 0

    r = _cli("--store", str(store), "demo")
    assert r.returncode != 0
    err = r.stderr.decode("utf-8")
    assert "--force" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    # The subcommand's own --store is accepted too (and does not override the global one).
    r = _cli("demo", "--force", "--store", str(store))
    assert r.returncode == 0, r.stderr.decode()
    assert len(list(store.glob("*.json"))) == 16
