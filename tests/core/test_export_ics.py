"""The next meeting as an iCalendar file: parsed back with the icalendar package, plus direct
tests of RFC 5545 folding (75 octets, never inside a UTF-8 character) and escaping."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import icalendar
import pytest
from factories import make_session
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.export import FORMATS, export
from facilitator.export.ics import NoNextMeeting, escape_text, fold_line, to_ics
from facilitator.model import NextMeeting, Step
from facilitator.store import Store

AGENDA = ["地域交通・移動：乗り合いの試行結果を共有する（担当：山田）", "サロンの活性化; 参加者を増やすには, どうする?"]


def session_with_next(**next_fields):  # type: ignore[no-untyped-def]
    values = {"date": "2026-09-16", "start_time": "14:00", "place": "C町 公民館 大会議室", "agenda": list(AGENDA)}
    values.update(next_fields)
    return make_session(next_meeting=NextMeeting(**values))


def parse(data: bytes) -> tuple[icalendar.Calendar, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    return cal, events[0]


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines)  # CRLF only, no bare LF/CR
    return lines


# ---------------------------------------------------------------------------------------
# The event


def test_ics_is_a_registered_format():
    assert "ics" in FORMATS
    s = session_with_next()
    assert export(s, "ics") == to_ics(s).encode("utf-8")


def test_timed_event_parses_with_date_time_place_and_agenda():
    s = session_with_next()
    cal, ev = parse(export(s, "ics"))
    assert str(cal["VERSION"]) == "2.0" and "kyogitai" in str(cal["PRODID"])
    assert str(cal["METHOD"]) == "PUBLISH"
    start, end = ev["DTSTART"].dt, ev["DTEND"].dt
    assert isinstance(start, datetime) and start.utcoffset() == timedelta(hours=9)
    assert start.replace(tzinfo=None) == datetime(2026, 9, 16, 14, 0)
    assert ev["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert end - start == timedelta(minutes=70)  # 7 steps × 10 planned minutes
    assert str(ev["SUMMARY"]) == "C町 第1層協議体 次回会議"
    assert str(ev["LOCATION"]) == "C町 公民館 大会議室"
    description = str(ev["DESCRIPTION"])
    assert description.splitlines()[:3] == ["議題:", f"・{AGENDA[0]}", f"・{AGENDA[1]}"]
    assert "前回: 令和8年8月19日（水） 第3回 定例会" in description
    assert s.id in description
    # The zone is defined in the file for Outlook: one rule, +09:00, no daylight saving.
    zones = list(cal.walk("VTIMEZONE"))
    assert len(zones) == 1 and str(zones[0]["TZID"]) == "Asia/Tokyo"
    assert [c.name for c in zones[0].subcomponents] == ["STANDARD"]
    assert zones[0].subcomponents[0]["TZOFFSETTO"].td == timedelta(hours=9)


def test_uid_is_stable_and_dtstamp_is_the_last_change_in_utc():
    s = session_with_next()
    first = export(s, "ics")
    assert export(s, "ics") == first  # same session, same bytes
    _, ev = parse(first)
    assert str(ev["UID"]) == f"{s.id}-next@kyogitai"
    assert ev["DTSTAMP"].dt == datetime(2026, 8, 19, 1, 0, tzinfo=timezone.utc)  # 10:00 JST
    # A later change (another place) is the same event, a newer revision.
    s.next_meeting.place = "C町 役場 2階 会議室"
    s.updated_at = "2026-08-20T09:30:00+09:00"
    _, again = parse(export(s, "ics"))
    assert str(again["UID"]) == str(ev["UID"])
    assert int(again["SEQUENCE"]) > int(ev["SEQUENCE"])
    other = session_with_next()
    assert str(parse(export(other, "ics"))[1]["UID"]) != str(ev["UID"])


def test_duration_is_the_plan_never_how_long_this_meeting_ran():
    s = session_with_next()
    s.start_time, s.end_time = "14:00", "15:06"  # this meeting ran 66 minutes: says nothing of the next
    _, ev = parse(export(s, "ics"))
    assert ev["DTEND"].dt - ev["DTSTART"].dt == timedelta(minutes=70)  # 7 steps planned at 10 minutes
    s.steps = [Step(id="a", title="A", panel="text", planned_minutes=None)]
    _, ev = parse(export(s, "ics"))  # no plan in the steps: the c-town template's 90 minutes
    assert ev["DTEND"].dt - ev["DTSTART"].dt == timedelta(minutes=90)
    s.template = "made-by-the-town"  # a template this file does not know: 120 minutes
    _, ev = parse(export(s, "ics"))
    assert ev["DTEND"].dt - ev["DTSTART"].dt == timedelta(minutes=120)


def test_no_time_is_an_all_day_event_without_a_zone():
    s = session_with_next(start_time=None, place=None, agenda=[])
    data = export(s, "ics")
    cal, ev = parse(data)
    assert ev["DTSTART"].dt == date(2026, 9, 16) and not isinstance(ev["DTSTART"].dt, datetime)
    assert ev["DTEND"].dt == date(2026, 9, 17)  # exclusive: one day
    assert b"DTSTART;VALUE=DATE:20260916\r\n" in data
    assert not list(cal.walk("VTIMEZONE"))
    assert "LOCATION" not in ev
    assert str(ev["DESCRIPTION"]).splitlines()[:2] == ["議題:", "・未定"]


def test_an_evening_meeting_may_end_the_next_day():
    s = session_with_next(start_time="23:30")
    _, ev = parse(export(s, "ics"))
    assert ev["DTEND"].dt.replace(tzinfo=None) == datetime(2026, 9, 17, 0, 40)


def test_no_next_date_is_a_clear_error():
    s = make_session(next_meeting=NextMeeting(agenda=["何か"]))
    with pytest.raises(NoNextMeeting) as info:
        export(s, "ics")
    assert isinstance(info.value, ValueError)
    message = str(info.value)
    assert "次回の日付がありません" in message and s.id in message and "\n" not in message


def test_cli_writes_the_file_and_refuses_without_a_date(tmp_path):
    store = Store(tmp_path)
    good = session_with_next()
    bare = make_session(date="2026-07-15")
    store.save(good)
    store.save(bare)
    env = {k: v for k, v in os.environ.items() if k != "KYOGITAI_STORE"}

    def run(*args: str):  # type: ignore[no-untyped-def]
        return subprocess.run([sys.executable, "-m", "facilitator", "--store", str(tmp_path), *args],
                              capture_output=True, env=env, timeout=60)

    target = tmp_path.parent / f"{tmp_path.name}-次回.ics"  # outside the store folder
    r = run("export", good.id, "--format", "ics", "-o", str(target))
    assert r.returncode == 0, r.stderr.decode()
    assert target.read_bytes() == export(good, "ics")
    r = run("export", good.id, "--format", "ics")
    assert r.returncode == 0 and r.stdout == export(good, "ics")  # CRLF kept on stdout
    r = run("export", bare.id, "--format", "ics")
    assert r.returncode == 1 and r.stdout == b""
    err = r.stderr.decode("utf-8")
    assert err.count("\n") == 1 and "次回の日付がありません" in err and "Traceback" not in err


# ---------------------------------------------------------------------------------------
# Folding and escaping


def test_every_line_is_crlf_and_at_most_75_octets_never_splitting_a_character():
    long_place = "ひなた町 中央公民館 大会議室（二階の奥、エレベーターを降りて右）" * 3
    s = session_with_next(place=long_place, agenda=["😀絵文字と𠮷野家の𠮷（4バイト）を含む議題" * 4, "a" * 300])
    data = export(s, "ics")
    for line in physical_lines(data):
        assert len(line) <= 75, line
        line.decode("utf-8")  # each physical line is whole UTF-8 on its own
    _, ev = parse(data)
    assert str(ev["LOCATION"]) == long_place
    assert "😀絵文字と𠮷野家の𠮷（4バイト）を含む議題" * 4 in str(ev["DESCRIPTION"])


def test_fold_line_japanese():
    line = "DESCRIPTION:" + "あ" * 60  # 12 + 180 octets
    parts = fold_line(line)
    assert parts[0] == "DESCRIPTION:" + "あ" * 21  # 12 + 63 = 75 octets; one more would be 78
    assert all(p.startswith(" ") for p in parts[1:])
    assert [len(p.encode()) for p in parts] == [75, 73, 46]  # " " + 24 × 3 = 73 (25 would be 76)
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == line


def test_fold_line_ascii_and_short_lines():
    assert fold_line("SUMMARY:短い") == ["SUMMARY:短い"]
    assert fold_line("X" * 75) == ["X" * 75]
    assert fold_line("X" * 76) == ["X" * 75, " X"]
    parts = fold_line("X" * 200)
    assert [len(p) for p in parts] == [75, 75, 52]


def test_fold_line_keeps_escapes_and_four_byte_characters_whole():
    line = "X" * 74 + "\\n" + "Y"
    assert fold_line(line) == ["X" * 74, " \\nY"]
    line = "X" * 73 + "😀" + "Z"  # 73 + 4 octets: the emoji moves to the next line
    assert fold_line(line) == ["X" * 73, " 😀Z"]


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a\\b", "a\\\\b"),
        ("a;b", "a\\;b"),
        ("a,b", "a\\,b"),
        ("一行目\n二行目", "一行目\\n二行目"),
        ("CRLF\r\nと\rCR", "CRLF\\nと\\nCR"),
        ("タブ\tあり", "タブ あり"),
        ("色\x1b[31m赤\x07", "色赤"),
        ("コロン: と \"引用\"", "コロン: と \"引用\""),
    ],
)
def test_escape_text(raw: str, escaped: str):
    assert escape_text(raw) == escaped


def test_hostile_text_does_not_break_the_document():
    place = "公民館\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:偽物"
    s = session_with_next(place=place, agenda=["\\;,\\n", "END:VCALENDAR"])
    cal, ev = parse(export(s, "ics"))
    assert len(list(cal.walk("VEVENT"))) == 1
    assert str(ev["LOCATION"]) == "公民館 END:VEVENT BEGIN:VEVENT SUMMARY:偽物"  # one line
    assert "・\\;,\\n\n・END:VCALENDAR" in str(ev["DESCRIPTION"])


_ALPHABET = st.sampled_from(list("aZ9 :\"'\\;,\n") + list("あア漢字ー。、（）") + ["😀", "𠮷", "é"])


@settings(max_examples=200, deadline=None)
@given(st.text(_ALPHABET, max_size=300))
def test_escape_and_fold_round_trip_through_icalendar(text: str):
    s = session_with_next()
    s.body.name = "町"
    content = "\r\n".join(fold_line("DESCRIPTION:" + escape_text(text)))
    for line in content.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    doc = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//JA", "BEGIN:VEVENT",
                       "UID:x", "DTSTAMP:20260101T000000Z", content, "END:VEVENT", "END:VCALENDAR", ""])
    _, ev = parse(doc.encode("utf-8"))
    assert str(ev["DESCRIPTION"]) == text
