"""The facilitator's self-check (facilitator/self_check.py, Meeting.record_self_check): what is
kept, what is refused, the file, the trend over a body's meetings, and where it never goes."""

from __future__ import annotations

import json

import pytest

from facilitator import self_check
from facilitator.anonymize.allowlist import DROPPED
from facilitator.export import export
from facilitator.meeting import Meeting
from facilitator.merge import merge
from facilitator.model import SelfCheck
from facilitator.session_json import session_to_json
from facilitator.session_load import session_from_dict, session_from_json
from factories import NOW, make_session


def test_items_have_words_in_both_languages() -> None:
    from facilitator.i18n import set_language

    for language in ("ja", "en"):
        set_language(language)
        try:
            for item in self_check.ITEMS:
                assert self_check.ITEM_LABELS[item] and self_check.ITEM_SHORT[item]
            assert [self_check.SCALE_LABELS[str(n)] for n in self_check.SCALE]
        finally:
            set_language(None)
    assert 3 <= len(self_check.ITEMS) <= 6  # a short check


def test_make_leaves_unanswered_out_and_a_blank_is_a_skip() -> None:
    assert self_check.make({"pace": 2, "listening": None, "equal": 0}, "  ") == SelfCheck(
        answers={"equal": 0, "pace": 2}, note=None)
    assert self_check.make({"pace": None}, "") is None
    assert self_check.make({}, "メモだけ\x1b[31m") == SelfCheck(answers={}, note="メモだけ")
    with pytest.raises(ValueError):
        self_check.make({"pace": 4}, None)
    with pytest.raises(ValueError):
        self_check.make({"unknown": 1}, None)


def test_recorded_in_the_session_and_counted_as_a_change() -> None:
    m = Meeting(make_session(), now=lambda: NOW)
    before = m.version
    assert m.record_self_check({"listening": 3}, "よく聴けた")
    assert m.version == before + 1
    assert m.session.self_check == SelfCheck(answers={"listening": 3}, note="よく聴けた")
    assert not m.record_self_check({}, "")  # a skip keeps what is there
    assert not m.record_self_check({"listening": 3}, "よく聴けた")  # the same: no change
    assert m.session.self_check is not None


def test_the_file_round_trips_and_an_older_file_without_it_loads() -> None:
    s = make_session(self_check=SelfCheck(answers={"pace": 1, "equal": 2}, note="早口"))
    data = json.loads(session_to_json(s))
    assert data["self_check"] == {"answers": {"pace": 1, "equal": 2}, "note": "早口"}
    assert session_from_json(session_to_json(s).encode()).self_check == s.self_check
    data.pop("self_check")
    assert session_from_dict(data).self_check is None
    assert "self_check" not in json.loads(session_to_json(make_session()))  # absent until there is one


def test_a_hand_written_value_out_of_range_is_kept_but_not_counted() -> None:
    check = SelfCheck(answers={"pace": 7, "listening": 2, "mine": 1})
    assert self_check.valid_answers(check) == {"listening": 2}


def test_never_in_the_minutes_and_dropped_from_anonymised_exports() -> None:
    s = make_session(self_check=SelfCheck(answers={"pace": 1}, note="ひとりごと"))
    for fmt in ("md", "html", "csv"):
        assert "ひとりごと" not in export(s, fmt).decode("utf-8-sig")
    assert "self_check" in DROPPED


def test_merge_keeps_one_writers_check() -> None:
    base = make_session()
    mine = session_from_json(session_to_json(base).encode())
    mine.self_check = SelfCheck(answers={"pace": 2})
    theirs = session_from_json(session_to_json(base).encode())
    theirs.ideas[0].text += "（追記）"
    merged = merge(base, mine, theirs).session
    assert merged.self_check == SelfCheck(answers={"pace": 2})
    assert merged.ideas[0].text.endswith("（追記）")


def test_trend_oldest_first_with_averages_and_direction() -> None:
    a = make_session(id="2026-05-01-aaaaaa", date="2026-05-01", title="第1回",
                     self_check=SelfCheck(answers={"listening": 1, "pace": 2}, note="緊張した"))
    b = make_session(id="2026-07-01-bbbbbb", date="2026-07-01", title="第2回", self_check=None)
    c = make_session(id="2026-09-01-cccccc", date="2026-09-01", title="第3回",
                     self_check=SelfCheck(answers={"listening": 3, "pace": 2, "equal": 1}))
    rows = self_check.trend([c, b, a])
    assert [r.title for r in rows] == ["第1回", "第3回"]
    assert rows[0].average == 1.5 and rows[0].note == "緊張した"
    assert self_check.item_averages(rows) == {"listening": 2.0, "equal": 1.0, "pace": 2.0}
    assert self_check.direction(rows, "listening") == 1
    assert self_check.direction(rows, "pace") == 0
    assert self_check.direction(rows, "equal") == 0  # answered once: no direction
    assert self_check.trend([b]) == []
