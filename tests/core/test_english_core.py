"""The core's messages (facilitator/, no UI) in English: with ``i18n.set_language("en")`` the
meeting rules' refusals, the closing words, save failures, who else is there, load and validation
errors, template errors, date errors and the store's wording come out in English, with no
Japanese left except the user's own text. The Japanese default is tested where each module is."""

from __future__ import annotations

import errno
import re
from collections.abc import Iterator
from datetime import datetime

import pytest

from facilitator import i18n
from facilitator.meeting import Meeting, RuleError
from facilitator.model import Body, Session, Step
from factories import JST

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60「」（）、。〜]")


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(i18n.ENV, raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language(None)


def no_japanese(text: str, *user_text: str) -> str:
    """``text`` with the user's own words taken out has no Japanese character; returns it."""
    rest = text
    for data in user_text:
        rest = rest.replace(data, "")
    assert not JAPANESE.search(rest), f"Japanese in English text: {text!r}"
    return text


def refusal(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError) as info:
        call()
    return str(info.value)


# ---------------------------------------------------------------------------------------
# Meeting rules (facilitator/meeting/)


def make_meeting() -> Meeting:
    steps = [Step(id=i, title=i, panel=p, planned_minutes=10)
             for i, p in [("recap", "recap"), ("ideas", "ideas"), ("handoff", "handoff"), ("close", "close")]]
    s = Session(id="2026-08-19-aaaaaa", body=Body(name="Hinata"), title="Meeting 1", date="2026-08-19",
                template="c-town", current_step="recap", created_at="2026-08-19T10:00:00+09:00",
                updated_at="2026-08-19T10:00:00+09:00", steps=steps)
    return Meeting(s, clock=lambda: 0.0, now=lambda: datetime(2026, 8, 19, 14, 5, tzinfo=JST))


def test_meeting_refusals_are_english() -> None:
    m = make_meeting()
    m.add_attendee("佐藤")
    unsorted = m.add_idea("公民館で体操", kind="unsorted")
    request = m.add_idea("バス停にベンチ", kind="request")
    mine = m.add_idea("見守り", kind="self")
    handoff = m.hand_off([mine.id], "Ask the club")
    messages = {
        "step": refusal(lambda: m.goto("nowhere")),
        "title": refusal(lambda: m.set_details(title="  ")),
        "name": refusal(lambda: m.add_attendee("")),
        "twice": refusal(lambda: m.add_attendee("佐藤")),
        "issue": refusal(lambda: m.add_issue(" ")),
        "question": refusal(lambda: m.add_question("")),
        "idea": refusal(lambda: m.add_idea("")),
        "kind": refusal(lambda: m.add_idea("x", kind="maybe")),
        "no issue": refusal(lambda: m.add_idea("x", issue_id="issue-x")),
        "no idea": refusal(lambda: m.edit_idea("idea-x", text="y")),
        "handed kind": refusal(lambda: m.set_kind(mine.id, "request")),
        "handed delete": refusal(lambda: m.delete_idea(mine.id)),
        "pick": refusal(lambda: m.hand_off([], "x")),
        "unsorted": refusal(lambda: m.hand_off([unsorted.id], "x")),
        "request": refusal(lambda: m.hand_off([request.id], "x")),
        "again": refusal(lambda: m.hand_off([mine.id], "x")),
        "action": refusal(lambda: m.edit_handoff(handoff.id, action=" ")),
        "no handoff": refusal(lambda: m.cancel_handoff("handoff-x")),
        "homework": refusal(lambda: m.add_homework("")),
        "status": refusal(lambda: m.set_homework_status("hw-x", "later")),
        "no homework": refusal(lambda: m.delete_homework("hw-x")),
    }
    hw = m.add_homework("Find a hall")
    messages["reason"] = refusal(lambda: m.set_homework_status(hw.id, "dropped", reason=" "))
    for text in messages.values():
        no_japanese(text, "佐藤", "公民館で体操", "バス停にベンチ", "見守り")
    assert messages["step"] == "Step: no longer there (perhaps deleted in another window)"
    assert messages["twice"] == "佐藤 is already on the attendee list"
    assert messages["unsorted"].startswith("“公民館で体操”: ") and "unsorted" in messages["unsorted"]
    # Never an internal id: the SC cannot do anything with one.
    assert messages["no idea"] == "Idea: no longer there (perhaps deleted in another window)"
    assert messages["no handoff"] == "Hand-off: no longer there (perhaps deleted in another window)"
    assert "'maybe'" in messages["kind"] and "self / request / unsorted" in messages["kind"]
    with pytest.raises(RuleError):
        Meeting(Session(id="x", body=Body(name="b"), title="t", date="2026-08-19", template="c-town",
                        current_step="", created_at="2026-08-19T10:00:00+09:00",
                        updated_at="2026-08-19T10:00:00+09:00")).current


def test_the_closing_words_are_english() -> None:
    m = make_meeting()
    m.add_idea("a", kind="self")
    m.add_idea("bus bench", kind="request")
    m.add_homework("会場を探す", owner="鈴木", due="2026-09-01")
    m.add_homework("Fix the list", due="next meeting")
    m.set_next_meeting(date="2026-10-21", start_time="14:00", place="公民館")
    text = no_japanese(m.closing_summary(), "会場を探す", "鈴木", "公民館")
    assert "- 会場を探す (鈴木, by Tue 1 Sep 2026)" in text
    assert "- Fix the list (by next meeting)" in text
    assert "Wed 21 Oct 2026 at 14:00, at 公民館" in text
    empty = no_japanese(make_meeting().closing_summary())
    assert "not set yet" in empty and "Nothing was handed" in empty


def test_japanese_stays_the_default_for_the_rules() -> None:
    i18n.set_language(None)
    m = make_meeting()
    assert refusal(lambda: m.goto("nowhere")) == "そのステップはもうありません（別の画面で削除されたのかもしれません）"
    assert refusal(lambda: m.edit_idea("idea-x", text="y")) == "そのアイデアはもうありません（別の画面で削除されたのかもしれません）"
    assert m.closing_summary().endswith("次回の日程はまだ決まっていません。\nありがとうございました。")


# ---------------------------------------------------------------------------------------
# Save failures (facilitator/failures.py)


@pytest.mark.parametrize("error, expected", [
    (OSError(errno.ENOSPC, "No space left on device"), "The disk is full"),
    (PermissionError(errno.EACCES, "Permission denied"), "No permission"),
    (OSError(errno.EROFS, "Read-only file system"), "read-only"),
    (FileNotFoundError(errno.ENOENT, "x"), "can't be found"),
    (OSError(errno.EIO, "x"), "read/write error"),
    (OSError(errno.ETIMEDOUT, "x"), "shared folder"),
    (None, "Unknown cause"),
])
def test_save_failures_are_english(error: OSError | None, expected: str) -> None:
    from facilitator.failures import describe_write_error

    assert expected in no_japanese(describe_write_error(error))


def test_windows_save_failures_are_english() -> None:
    from facilitator.failures import describe_write_error

    e = OSError(errno.EACCES, "x")
    e.winerror = 32  # type: ignore[attr-defined]
    assert describe_write_error(e) == "Another program is using the file"
    i18n.set_language("ja")
    assert describe_write_error(e) == "ほかのプログラムがファイルを使っています"


# ---------------------------------------------------------------------------------------
# Presence (facilitator/presence.py)


def test_presence_says_who_is_there_in_english(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from facilitator.presence import Presence, PresenceInfo, describe_others

    info = PresenceInfo("2026-08-19-3fa9c1", "w-b", "PC-02", "佐藤", 12, "2026-08-19T14:03:00+09:00",
                        "2026-08-19T14:03:00+09:00", "ideas")
    assert no_japanese(describe_others([info], lambda step: None), "佐藤") == "Also here (1): 佐藤 (PC-02)"
    assert no_japanese(refusal(lambda: Presence(tmp_path).path("../x"))) == "Not a valid meeting id: '../x'"
    with pytest.raises(FileNotFoundError) as missing:
        Presence(tmp_path / "gone" / ".kyogitai")._make_dir()
    assert missing.value.strerror == "The store folder can't be found"
    i18n.set_language("ja")
    assert describe_others([info], lambda step: None) == "ほかに 1 人: 佐藤 (PC-02)"


# ---------------------------------------------------------------------------------------
# Store, session format and migration (facilitator/store/, model.py, session_load.py, migrate.py)


def test_store_location_reasons_are_english(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from facilitator.store import resolve_store

    (tmp_path / "sessions").mkdir()
    assert resolve_store("x", env={}, cwd=tmp_path).reason == "set with --store"
    assert resolve_store(None, env={"KYOGITAI_STORE": "y"}, cwd=tmp_path).reason == (
        "environment variable KYOGITAI_STORE")
    assert resolve_store(None, env={}, cwd=tmp_path).reason == "sessions/ in this folder"


def test_store_errors_are_english(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from factories import make_session

    from facilitator.store import Store

    store = Store(tmp_path)
    assert no_japanese(refusal(lambda: store.load("2026-01-01-nothere"))) == (
        f"Meeting not found: 2026-01-01-nothere (store: {tmp_path})")
    assert no_japanese(refusal(lambda: store.path_for("a b"))) == (
        "Not a valid meeting id: 'a b' (letters, digits, - and _ only)")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    (tmp_path / "newer.json").write_text('{"schema_version": 99}', encoding="utf-8")
    session = make_session(id="2026-08-19-abcdef")
    store.save(session)
    (tmp_path / "copy.json").write_bytes((tmp_path / "2026-08-19-abcdef.json").read_bytes())
    (tmp_path / "2026-08-19-other0.json").write_text("[]", encoding="utf-8")
    lines = [e.message() for e in store.scan().entries]
    for line in lines:
        no_japanese(line)
    assert any(line.startswith("Unreadable file: bad.json — not readable as JSON (line 1") for line in lines)
    assert any(line.startswith("File from a newer version: newer.json — schema_version: Written by a newer")
               for line in lines)
    assert any(line.startswith("Several files with the same id: copy.json") for line in lines)
    assert "2026-08-19-other0.json — (whole document): expected an object, found an array" in "\n".join(lines)
    other = make_session(id="2026-08-19-zzzzzz")
    (tmp_path / "2026-08-19-zzzzzz.json").write_text("{", encoding="utf-8")
    assert no_japanese(refusal(lambda: store.save(other))).startswith(
        "Not overwriting 2026-08-19-zzzzzz.json: it can't be read (")


@pytest.mark.parametrize("document, expected", [
    (b"\xff", "not UTF-8 text"),
    (b'{"schema_version": NaN}', "contains NaN, which JSON does not allow"),
    (b'{"schema_version": 1e999}', "contains a number that is too large (1e999)"),
    (b'{"schema_version": ' + b"9" * 101 + b"}", "contains a number with too many digits (101)"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply to read"),
    (b'{"schema_version": "1"}', "schema_version: expected an integer, found a string"),
    (b'{"schema_version": 0}', "schema_version: 0 is not allowed (1 or more)"),
    (b'{"schema_version": 1}', "id: required field missing"),
])
def test_format_errors_are_english(document: bytes, expected: str) -> None:
    from facilitator.store.reading import parse_document

    assert no_japanese(refusal(lambda: parse_document(document))) == expected


def test_field_errors_and_reference_warnings_are_english() -> None:
    from factories import make_session

    from facilitator.session_json import session_to_dict
    from facilitator.session_load import check_references, session_from_dict

    good = session_to_dict(make_session())
    for field, value, expected in [
        ("date", "19/08/2026", "date: wrong format: '19/08/2026' (YYYY-MM-DD, e.g. 2026-08-19)"),
        ("start_time", "2pm", "start_time: wrong format: '2pm' (HH:MM, e.g. 14:00)"),
        ("id", "a b", "id: wrong format: 'a b' (letters, digits, - and _ only, e.g. 2026-08-19-3fa9c1)"),
        ("title", 3, "title: expected a string, found a number"),
        ("attendees", {}, "attendees: expected an array, found an object"),
    ]:
        doc = dict(good, **{field: value})
        assert no_japanese(refusal(lambda: session_from_dict(doc))) == expected
    doc = dict(good)
    doc["ideas"] = [dict(good["ideas"][0], kind="maybe")]
    assert no_japanese(refusal(lambda: session_from_dict(doc))) == (
        'ideas[0].kind: "maybe" is not allowed (one of self / request / unsorted)')
    s = make_session()
    s.current_step = "gone"
    s.ideas[0].issue_id = "issue-gone"
    s.ideas.append(s.ideas[0])
    warnings = check_references(s)
    for w in warnings:
        no_japanese(w)
    assert "current_step: points to step 'gone', which does not exist" in warnings
    assert f"ideas[{len(s.ideas) - 1}].id: id {s.ideas[0].id!r} appears more than once" in warnings


# ---------------------------------------------------------------------------------------
# Templates (facilitator/templates/): errors; the built-in templates' contents are data


ENGLISH_TEMPLATE = """\
id = "mytown"
title = "Our way"

[[steps]]
id = "issues"
title = "Issues"
panel = "issues"
purpose = "Show the issues."
minutes = 10
prompts = ["What is the issue?"]
"""


@pytest.mark.parametrize("old, new, expected", [
    ('panel = "issues"', 'panel = "idea"', 'steps[1].panel is not valid: "idea" (one of '),
    ('minutes = 10', 'minutes = "10"', 'steps[1].minutes must be a number (e.g. 10): "10"'),
    ('minutes = 10', 'minutes = 0', "steps[1].minutes must be a number of minutes above 0: 0"),
    ('prompts = ["What is the issue?"]', 'prompts = "x"', 'steps[1].prompts must be a list of strings (["…", "…"])'),
    ('prompts = ["What is the issue?"]', 'prompts = [1]', "steps[1].prompts item 1 is not a string: 1"),
    ('prompts = ["What is the issue?"]', 'prompts = [" "]', "steps[1].prompts item 1 is empty"),
    ('purpose = "Show the issues."', "purpose = {}", "steps[1].purpose must be a string (\"…\"): a table"),
    ('id = "issues"', 'id = "課題"', 'steps[1].id may only use letters, digits, - and _: "課題"'),
    ('title = "Issues"', 'promts = ["x"]\ntitle = "Issues"', "steps[1].promts is not a known key (known keys: id, "),
    ('title = "Our way"', "", "Template mine.toml: title is missing"),
    ('title = "Our way"', 'title = "Our way"\nnumbered = 1', "numbered must be true or false: 1"),
    ('title = "Our way"', 'title = "Our way\n', "The TOML is not written correctly ("),
])
def test_template_errors_are_english(old: str, new: str, expected: str) -> None:
    from facilitator.templates import TemplateError, load_template_text

    assert old in ENGLISH_TEMPLATE
    with pytest.raises(TemplateError) as info:
        load_template_text(ENGLISH_TEMPLATE.replace(old, new), "/store/templates/mine.toml")
    assert expected in no_japanese(str(info.value), "課題")
    if info.value.line is not None:
        assert str(info.value).startswith(f"Template mine.toml, line {info.value.line}: ")


def test_template_store_errors_are_english(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from facilitator.templates import all_templates, get_template

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "a.toml").write_text(ENGLISH_TEMPLATE.replace('"mytown"', '"c-town"'), encoding="utf-8")
    (folder / "b.toml").write_text(ENGLISH_TEMPLATE, encoding="utf-8")
    (folder / "c.toml").write_text(ENGLISH_TEMPLATE, encoding="utf-8")
    (folder / "d.toml").write_bytes(b"id = \"\xff\"\n")
    (folder / "e.toml").write_text(ENGLISH_TEMPLATE + "[[steps]]\n", encoding="utf-8")
    _, errors = all_templates(tmp_path)
    text = "\n".join(str(e) for e in errors)
    no_japanese(text)
    assert "Template a.toml, line 1: id \"c-town\" is the same as a built-in template's" in text
    assert "Template c.toml, line 1: id \"mytown\" is also used by b.toml (choose another id)" in text
    assert "Template d.toml, line 1: Not UTF-8 (save it again as UTF-8)" in text
    assert "steps[2].id is missing" in text
    with pytest.raises(ValueError) as info:
        get_template("nope", tmp_path)
    message = no_japanese(str(info.value))
    assert message.startswith("No template “nope” (available: c-town, ")
    assert message.endswith(". 4 template file(s) can't be read (see kyogitai check)")
    i18n.set_language("ja")
    _, errors = all_templates(tmp_path)
    assert str(errors[0]).startswith("テンプレート a.toml 1行目: id \"c-town\" は組み込みテンプレートと同じです")


# ---------------------------------------------------------------------------------------
# Dates (facilitator/dates.py): parse errors and the time range


@pytest.mark.parametrize("parse, typed, expected", [
    ("date", "someday", "Not a date: “someday” (e.g. 2026-08-19 or 2026/8/19)"),
    ("date", " ", "The date is empty (e.g. 2026-08-19 or 2026/8/19)"),
    ("date", "2026-02-30", "Not a date: “2026-02-30” (there is no day 30 in month 2 of 2026)"),
    ("date", "令和0年5月1日", "Not a date: “令和0年5月1日” (Reiwa years start at 1)"),
    ("date", "令和元年4月30日", "Outside the Reiwa era: “令和元年4月30日” (Reiwa began on 2019-05-01)"),
    ("date", "H31/5/1", "Outside the Heisei era: “H31/5/1” (Heisei ran from 1989-01-08 to 2019-04-30)"),
    ("time", "soon", "Not a time: “soon” (e.g. 14:00, 9:30, 2pm)"),
    ("time", "", "The time is empty (e.g. 14:00, 9:30, 2pm)"),
    ("time", "13pm", "Not a time: “13pm” (with am/pm use 0–11 o'clock; otherwise the 24-hour clock)"),
    ("time", "25:00", "Not a time: “25:00” (from 0:00 to 23:59)"),
])
def test_date_and_time_errors_are_english(parse: str, typed: str, expected: str) -> None:
    from facilitator.dates import parse_date, parse_time

    message = refusal(lambda: (parse_date if parse == "date" else parse_time)(typed))
    assert no_japanese(message, typed) == expected


def test_time_range_follows_the_language() -> None:
    from facilitator.dates import format_time_range

    assert format_time_range("14:00", "15:30") == "14:00–15:30"
    assert format_time_range("14:00", None) == "14:00–"
    assert format_time_range(None, None) == ""
    i18n.set_language("ja")
    assert format_time_range("14:00", "15:30") == "14:00〜15:30"
    assert format_time_range(None, "15:30") == "〜15:30"


# ---------------------------------------------------------------------------------------
# A new session (facilitator/carryover.py): its default title and carried agenda's source are
# written in the language of the day; refusals are English


def test_a_new_session_is_titled_in_english() -> None:
    from facilitator.carryover import new_session
    from facilitator.templates import Template, TemplateStep, get_template

    now = datetime(2026, 8, 19, 10, 0, tzinfo=JST)
    previous = new_session(body="Hinata", template=get_template("c-town"), now=now, number=1)
    previous.next_meeting.agenda = ["Transport"]
    s = new_session(body="Hinata", template=get_template("c-town"), now=now, number=2, previous=previous)
    assert previous.title == "Meeting 1" and s.title == "Meeting 2"
    assert [(i.title, i.source) for i in s.issues] == [("Transport", "Agenda set last time")]
    step = TemplateStep(id="a", title="A", panel="ideas", purpose="p", minutes=5, prompts=())
    mine = Template(id="mobility", title="Mobility group", description="", steps=(step,), source="x.toml")
    assert new_session(body="Hinata", template=mine, now=now, number=3).title == "Meeting 3: Mobility group"
    assert no_japanese(refusal(lambda: new_session(body=" ", template=mine, now=now))) == (
        "The name of the body is empty")
    i18n.set_language("ja")
    assert new_session(body="町", template=mine, now=now, number=3).title == "第3回 Mobility group"
    again = new_session(body="Hinata", template=get_template("c-town"), now=now, number=2, previous=previous)
    assert again.title == "第2回" and again.issues[0].source == "前回の次回予定"


# ---------------------------------------------------------------------------------------
# The index (facilitator/index/): a problem file's error is re-read in the language in use


def test_index_problems_follow_the_language(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from factories import make_session

    import sqlite3

    from facilitator.index import Index
    from facilitator.index.database import IndexDB
    from facilitator.store import Store

    store = Store(tmp_path)
    store.save(make_session(id="2026-08-19-abcdef"))
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    (tmp_path / "copy.json").write_bytes((tmp_path / "2026-08-19-abcdef.json").read_bytes())
    i18n.set_language("ja")
    Index(store).refresh()  # the index file now holds the Japanese error
    i18n.set_language("en")
    index = Index(store)
    stats = index.refresh()
    problems = {p["file"]: p["error"] for p in index.problems()}
    assert problems["bad.json"].startswith("not readable as JSON (line 1")
    assert problems["copy.json"].startswith("Another version of 2026-08-19-abcdef.json (a sync client's copy)")
    assert stats.changed == 1 and stats.unchanged == 2  # only the file with an error was read again
    assert Index(store).refresh().unchanged == 3  # and is kept in its new language

    def refuse(self, *a):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(IndexDB, "write", refuse)
    (tmp_path / "bad.json").write_text("[", encoding="utf-8")
    index = Index(store)
    index.refresh()
    assert no_japanese(index.write_error).startswith("Can't save the index (attempt to write a readonly database): ")


# ---------------------------------------------------------------------------------------
# Anonymised exports (facilitator/anonymize/): the labels are English


def test_anonymous_labels_are_english() -> None:
    from factories import make_session

    from facilitator.model import Attendee
    from facilitator.anonymize import name_map

    s = make_session(attendees=[Attendee(name="佐藤", role="Welfare volunteer"),
                                Attendee(name="鈴木", role="Welfare volunteer"),
                                Attendee(name="田中"), Attendee(name="山田", role="Chair")])
    s.ideas, s.homework, s.handoffs = [], [], []  # only the roster: its labels
    labels = name_map(s)
    assert sorted(labels.values()) == ["Chair", "Participant A", "Welfare volunteer A", "Welfare volunteer B"]
    i18n.set_language("ja")
    assert sorted(name_map(s).values()) == ["Chair", "Welfare volunteerA", "Welfare volunteerB", "参加者A"]


def test_a_date_field_shows_the_english_date_and_reads_it_back() -> None:
    from facilitator import dates

    shown = dates.format_date_input("2026-09-30")
    assert shown == "Wed 30 Sep 2026"  # as the rest of the English UI writes dates, not ISO
    assert dates.parse_date(shown).isoformat() == "2026-09-30"
    for typed in ("30 Sep 2026", "Sep 30, 2026", "September 30 2026", "wed, 30 sep 2026"):
        assert dates.parse_date(typed).isoformat() == "2026-09-30", typed
    with pytest.raises(ValueError, match="Not a date"):
        dates.parse_date("31 Sep 2026")
