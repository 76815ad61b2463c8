"""The hand-over for the next SC (facilitator/handover/): on the demo year, every open item and
every request to 役場 with its fate is in it; edge cases (asked again, taken on, resolved, carried
hand-offs, nothing at all); the command line's formats and refusals."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from facilitator import cli
from facilitator.demo import build_demo
from facilitator.handover import handover_from_store, render
from facilitator.handover.content import build_handover
from facilitator.homework import track_homework
from facilitator.meeting.followup import handoff_status
from facilitator.model import Attendee, Board, BoardItem, Handoff, Homework, Idea, SelfCheck
from facilitator.store import Store
from factories import make_session

TODAY = date(2026, 12, 6)
BODY1 = "ひなた町 第1層協議体"


@pytest.fixture(scope="module")
def demo_year() -> list:  # type: ignore[type-arg]
    return build_demo(TODAY, seed=7)


def of_body(sessions, name=BODY1):  # type: ignore[no-untyped-def]
    return [s for s in sessions if s.body.name == name]


def test_every_open_item_of_the_demo_year_is_in_it_with_its_history(demo_year) -> None:  # type: ignore[no-untyped-def]
    sessions = of_body(demo_year)
    h = build_handover(sessions, TODAY)
    md = render(h, "md").decode("utf-8")
    tracked = track_homework(sessions, open_only=True)
    assert tracked and {t.item.text for t in tracked} == {i.text for i in h.homework}
    for t in tracked:
        item = next(i for i in h.homework if i.text == t.item.text)
        assert item.carried == t.carried and len(item.history) == len(t.history)
        assert t.item.text in md
    # Hand-offs: the latest copy of each id, open or in progress.
    latest = {}
    for s in sessions:
        for x in s.handoffs:
            latest[x.id] = x
    still_open = {x.action for x in latest.values() if handoff_status(x) in ("open", "in_progress")}
    assert still_open and still_open == {i.text for i in h.handoffs}
    closed = {x.action for x in latest.values()} - still_open
    for action in still_open:
        assert action in md
    for action in closed:
        assert f"- {action}" not in md.split("## まだ終わっていないこと")[1].split("## 役場")[0]


def test_every_request_of_the_demo_year_and_its_fate(demo_year) -> None:  # type: ignore[no-untyped-def]
    sessions = of_body(demo_year)
    h = build_handover(sessions, TODAY)
    asked = {" ".join(i.text.split()) for s in sessions for i in s.ideas if i.kind == "request"}
    assert asked and asked == {r.text for r in h.requests}
    md = render(h, "md").decode("utf-8")
    office = md.split("## 役場に頼んだこと・その後")[1].split("## 進行のふりかえり")[0]
    for r in h.requests:
        assert r.text in office and r.fate in ("asked_again", "taken_on", "on_board", "resolved", "none")
    assert office.count("その後：") == len(h.requests)  # every request says what came of it
    bus = next(r for r in h.requests if "夕方便" in r.text)
    assert bus.fate == "on_board" and bus.fate_text == "夕方のバス便"


def test_vision_board_members_meetings_and_self_check_trend(demo_year) -> None:  # type: ignore[no-untyped-def]
    sessions = of_body(demo_year)
    h = build_handover(sessions, TODAY)
    latest = max(sessions, key=lambda s: (s.date, s.created_at))
    assert h.vision == latest.board.vision and h.latest is latest
    assert [m.name for m in h.members] == [a.name for a in latest.attendees]
    assert len(h.meetings) == len(sessions) and all(m.state == "held" for m in h.meetings)
    assert [r.date for r in h.self_checks] == sorted(s.date for s in sessions if s.self_check)
    assert len(h.self_checks) == 5
    md = render(h, "md").decode("utf-8")
    for card in latest.board.items:
        assert card.text in md
    assert "↑" in md and "緊張して" in md


def test_a_request_asked_again_taken_on_or_resolved() -> None:
    first = make_session(id="2026-05-01-aaaaaa", date="2026-05-01", ideas=[
        Idea(id="r1", text="バスの増便", kind="request", department="企画課", author="山田 花子"),
        Idea(id="r2", text="見守りの仕組み", kind="request", department="福祉課"),
        Idea(id="r3", text="夜の病院", kind="request", department="健康課"),
        Idea(id="r4", text="何も起きない要望", kind="request"),
    ], handoffs=[], homework=[])
    second = make_session(id="2026-07-01-bbbbbb", date="2026-07-01", ideas=[
        Idea(id="x1", text="バスの　増便", kind="request", department="企画課"),  # the same words again
        Idea(id="x2", text="見守りの仕組み", kind="self"),  # taken on ourselves
    ], handoffs=[], homework=[])
    card = BoardItem(id="c1", column="lack", text="夜の病院", solvable="municipality", department="健康課")
    card.resolved_in = second.id  # type: ignore[attr-defined]  # the year report's field, when it is there
    second.board = Board(vision="", items=[card])
    h = build_handover([second, first], TODAY)
    fates = {r.text: r for r in h.requests}
    assert fates["バスの増便"].fate == "asked_again" and fates["バスの増便"].fate_dates == ("2026-07-01",)
    assert fates["見守りの仕組み"].fate == "taken_on"
    assert fates["夜の病院"].fate == "resolved" and fates["夜の病院"].fate_dates == ("2026-07-01",)
    assert fates["何も起きない要望"].fate == "none"
    assert len(h.requests) == 4
    md = render(h, "md").decode("utf-8")
    assert "再要望" in md and "自分たちで" in md and "解決" in md and "結果の記録なし" in md
    assert h.lacks[0].resolved == "2026-07-01"


def test_a_hand_off_carried_through_three_meetings_keeps_its_course() -> None:
    made = make_session(id="2026-05-01-aaaaaa", date="2026-05-01", ideas=[Idea(id="i1", text="乗り合い", kind="self")],
                        handoffs=[Handoff(id="h1", idea_ids=["i1"], action="車を探す", contact="社協"),
                                  Handoff(id="h2", idea_ids=["i1"], action="やめたこと")], homework=[])
    mid = make_session(id="2026-07-01-bbbbbb", date="2026-07-01", ideas=[], homework=[], handoffs=[
        Handoff(id="h1", idea_ids=["i1"], action="車を探す", status="in_progress", result="社協に相談した",
                from_session=made.id),
        Handoff(id="h2", idea_ids=["i1"], action="やめたこと", status="dropped", from_session=made.id)])
    last = make_session(id="2026-09-01-cccccc", date="2026-09-01", ideas=[], homework=[], handoffs=[
        Handoff(id="h1", idea_ids=["i1"], action="車を探す", status="in_progress", result="候補が2台",
                from_session=mid.id)])
    h = build_handover([made, mid, last], TODAY)
    assert [x.text for x in h.handoffs] == ["車を探す"]
    item = h.handoffs[0]
    assert item.carried == 2 and item.started == "2026-05-01" and item.ideas == ("乗り合い",)
    assert [(s.date, s.status, s.note) for s in item.history] == [
        ("2026-05-01", "open", ""), ("2026-07-01", "in_progress", "社協に相談した"),
        ("2026-09-01", "in_progress", "候補が2台")]
    md = render(h, "md").decode("utf-8")
    assert "社協に相談した" in md and "候補が2台" in md and "やめたこと" not in md


def test_done_homework_is_not_open_and_attendance_is_counted() -> None:
    a = make_session(id="2026-05-01-aaaaaa", date="2026-05-01", handoffs=[],
                     attendees=[Attendee(name="山田 花子", attendance="present"), Attendee(name="佐藤", attendance="absent")],
                     homework=[Homework(id="w1", text="続く宿題"), Homework(id="w2", text="済んだ宿題", status="done")])
    b = make_session(id="2026-07-01-bbbbbb", date="2026-07-01", handoffs=[],
                     attendees=[Attendee(name="山田　花子", attendance="present"), Attendee(name="佐藤")],
                     homework=[Homework(id="w1", text="続く宿題", from_session=a.id)])
    h = build_handover([a, b], TODAY)
    assert [i.text for i in h.homework] == ["続く宿題"] and h.homework[0].carried == 1
    assert [(m.name, m.present, m.absent) for m in h.members] == [("山田 花子", 2, 0), ("佐藤", 0, 1)]
    assert [m.present for m in h.meetings] == [1, 1]


def test_a_meeting_made_ahead_is_planned_and_nothing_at_all_still_renders() -> None:
    ahead = make_session(date="2027-01-20", started_at=None, ended_at=None)
    h = build_handover([ahead], TODAY)
    assert h.meetings[0].state == "planned"
    empty = build_handover([], TODAY, body="新しい協議体")
    for fmt in ("md", "html"):
        text = render(empty, fmt).decode("utf-8")
        assert "新しい協議体" in text and "なし" in text
    assert h.themes == []  # no item carries a theme tag
    assert "テーマのタグがついた課題・アイデアはまだありません" in render(h, "md").decode("utf-8")


def test_the_themes_over_time_count_each_items_tags_by_meeting() -> None:
    from facilitator.handover.content import themes_over_time

    first = make_session(date="2026-05-20")
    first.ideas[0].themes = ["移動", "買い物"]
    first.issues[0].themes = ["移動"]
    second = make_session(date="2026-07-15")
    second.ideas[0].themes = ["移動"]
    lines = themes_over_time([first, second])
    assert [(x.theme, x.dates, x.count) for x in lines] == [
        ("移動", ("2026-05-20", "2026-07-15"), 3), ("買い物", ("2026-05-20",), 1)]


def test_the_self_check_is_in_the_hand_over_but_not_for_a_skipped_meeting() -> None:
    a = make_session(id="2026-05-01-aaaaaa", date="2026-05-01", self_check=SelfCheck(answers={"pace": 1}))
    b = make_session(id="2026-07-01-bbbbbb", date="2026-07-01")
    h = build_handover([a, b], TODAY)
    assert [r.date for r in h.self_checks] == ["2026-05-01"]


# ---------------------------------------------------------------------------------------
# The command line


@pytest.fixture
def demo_store(tmp_path: Path) -> Path:
    store = tmp_path / "sessions"
    assert cli.main(["--store", str(store), "demo"]) == 0
    return store


def test_cli_md_and_html_to_stdout(demo_store: Path, capfdbinary) -> None:  # type: ignore[no-untyped-def]
    capfdbinary.readouterr()
    assert cli.main(["--store", str(demo_store), "handover", "--body", BODY1]) == 0
    md = capfdbinary.readouterr()[0].decode("utf-8")
    assert md.startswith(f"# {BODY1} 引き継ぎ資料") and "## まだ終わっていないこと" in md
    assert cli.main(["--store", str(demo_store), "handover", "--body", "ひなた町　第１層協議体", "--format", "html"]) == 0
    html = capfdbinary.readouterr()[0].decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "引き継ぎ資料" in html


def test_cli_docx_needs_o_and_an_unknown_body_fails_in_one_line(demo_store: Path, tmp_path: Path, capfd) -> None:  # type: ignore[no-untyped-def]
    capfd.readouterr()
    assert cli.main(["--store", str(demo_store), "handover", "--body", BODY1, "--format", "docx"]) != 0
    err = capfd.readouterr().err
    assert "-o" in err and err.count("\n") == 1
    assert cli.main(["--store", str(demo_store), "handover", "--body", "どこにもない町"]) != 0
    err = capfd.readouterr().err
    assert "どこにもない町" in err and "Traceback" not in err
    pytest.importorskip("docx")
    out = tmp_path / "引き継ぎ.docx"
    assert cli.main(["--store", str(demo_store), "handover", "--body", BODY1, "--format", "docx", "-o", str(out)]) == 0
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "引き継ぎ資料" in xml and "行政への要望" in xml


def test_from_the_store_matches_the_body_as_the_store_does(demo_store: Path) -> None:
    h = handover_from_store(Store(demo_store), "ひなた町 第1層協議体", TODAY)
    assert h.body == BODY1 and h.sessions == 6
    with pytest.raises(ValueError):
        handover_from_store(Store(demo_store), "ない町", TODAY)
