"""Dates and times as people type them, and as a town office writes them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.dates import (
    DateParseError,
    TimeParseError,
    fiscal_year,
    fiscal_year_label,
    fiscal_year_months,
    fiscal_year_range,
    format_date_ja,
    format_time_range,
    parse_date,
    parse_time,
    weekday_ja,
)

AUG19 = date(2026, 8, 19)


# --- parse_date ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2026-08-19",
        "2026-8-19",
        "2026/8/19",
        "2026/08/19",
        "2026.8.19",
        "2026年8月19日",
        "2026年08月19日",
        "20260819",
        "２０２６／８／１９",
        "２０２６－０８－１９",
        "２０２６年８月１９日",
        "2026ー08ー19",  # katakana long-vowel mark typed through the IME
        "2026−08−19",  # minus sign
        "令和8年8月19日",
        "令和８年８月１９日",
        "R8.8.19",
        "r8/8/19",
        "Ｒ８．８．１９",
        "㋿8年8月19日",
        "  2026-08-19  ",
        "\t2026/8/19\n",
        "2026/8/19（水）",
        "2026/8/19 (水)",
        "令和8年8月19日（水）",
        "令和8年8月19日 (水曜日)",
        "2026年8月19日水曜日",
        "2026年 8月 19日",
        "2026-08-19(Wed)",
        "2026/8/19（水・祝）",
    ],
)
def test_parse_date_accepts_what_people_type(text):
    assert parse_date(text) == AUG19


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("R1.5.1", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("H31.4.30", date(2019, 4, 30)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("㍻元年1月8日", date(1989, 1, 8)),
        ("平成30年3月31日", date(2018, 3, 31)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("S63.12.31", date(1988, 12, 31)),
        ("令和8年2月28日", date(2026, 2, 28)),
        ("2024-02-29", date(2024, 2, 29)),
        ("2027/3/31", date(2027, 3, 31)),
    ],
)
def test_parse_date_eras_and_edges(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "令和元年4月30日",  # Reiwa began 2019-05-01
        "R1.4.1",
        "平成31年5月1日",  # Heisei ended 2019-04-30
        "平成32年1月1日",
        "平成元年1月7日",  # Heisei began 1989-01-08
        "昭和64年1月8日",
        "令和0年5月1日",
    ],
)
def test_parse_date_rejects_dates_outside_the_era(text):
    with pytest.raises(DateParseError) as info:
        parse_date(text)
    message = str(info.value)
    assert f"「{text}」" in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "2026-02-30",
        "2025-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-08-32",
        "garbage",
        "次回まで",
        "8/19",
        "26/8/19",
        "2026-08",
        "2026-08-19-01",
        "（水）",
        "令和8年",
        "2026/8/19 10:00",
        "X8.8.19",
    ],
)
def test_parse_date_rejects_garbage_with_a_japanese_line(text):
    with pytest.raises(DateParseError) as info:
        parse_date(text)
    err = info.value
    assert isinstance(err, ValueError)
    message = str(err)
    assert "\n" not in message
    assert "日付" in message
    if text.strip():
        assert f"「{text.strip()}」" in message


def test_parse_date_error_for_an_impossible_day_says_why():
    with pytest.raises(DateParseError) as info:
        parse_date("2026-02-30")
    assert str(info.value).startswith("日付として読めません: 「2026-02-30」")
    assert "2026年2月30日はありません" in str(info.value)


def test_parse_date_error_quotes_long_or_multiline_input_on_one_line():
    with pytest.raises(DateParseError) as info:
        parse_date("あ" * 200 + "\n\x1b[31m")
    message = str(info.value)
    assert "\n" not in message and "\x1b" not in message
    assert len(message) < 120


def test_parse_date_errors_are_value_errors_for_callers_that_fall_back():
    with pytest.raises(ValueError):
        parse_date("来月の第3水曜")


# --- parse_time ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:30", "09:30"),
        ("09:30", "09:30"),
        ("９：３０", "09:30"),
        ("9時30分", "09:30"),
        ("９時３０分", "09:30"),
        ("9時", "09:00"),
        ("9時5分", "09:05"),
        ("14時半", "14:30"),
        ("14:00", "14:00"),
        (" 14:00 ", "14:00"),
        ("0:00", "00:00"),
        ("23:59", "23:59"),
        ("14:00:00", "14:00"),
        ("午後2時", "14:00"),
        ("午後2時半", "14:30"),
        ("午前9時", "09:00"),
        ("午前10:15", "10:15"),
        ("2pm", "14:00"),
        ("正午", "12:00"),
    ],
)
def test_parse_time(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", " ", "24:00", "12:60", "9:5", "abc", "9", "1430", "25時", "午後12時", "9時60分", "-1:00"],
)
def test_parse_time_rejects(text):
    with pytest.raises(TimeParseError) as info:
        parse_time(text)
    assert isinstance(info.value, ValueError)
    message = str(info.value)
    assert "時刻" in message and "\n" not in message
    if text.strip():
        assert f"「{text.strip()}」" in message


# --- formatting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (AUG19, "令和8年8月19日（水）"),
        ("2026-08-19", "令和8年8月19日（水）"),
        (datetime(2026, 8, 19, 14, 0), "令和8年8月19日（水）"),
        (date(2019, 5, 1), "令和元年5月1日（水）"),
        (date(2020, 1, 1), "令和2年1月1日（水）"),
        (date(2019, 4, 30), "平成31年4月30日（火）"),
        (date(1989, 1, 8), "平成元年1月8日（日）"),
        (date(1990, 1, 1), "平成2年1月1日（月）"),
        (date(1989, 1, 7), "1989年1月7日（土）"),
        (date(1970, 1, 1), "1970年1月1日（木）"),
    ],
)
def test_format_date_ja(value, expected):
    assert format_date_ja(value) == expected


def test_format_date_ja_western():
    assert format_date_ja(AUG19, era=False) == "2026年8月19日（水）"
    assert format_date_ja("2019-05-01", era=False) == "2019年5月1日（水）"


def test_format_date_ja_rejects_a_bad_string():
    with pytest.raises(DateParseError):
        format_date_ja("2026-02-30")


def test_weekday_ja():
    start = date(2026, 8, 17)  # a Monday
    assert [weekday_ja(start + timedelta(days=i)) for i in range(7)] == list("月火水木金土日")
    assert weekday_ja("2026-08-19") == "水"


# --- fiscal year ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 4, 1), 2026),
        (date(2026, 8, 19), 2026),
        (date(2026, 12, 31), 2026),
        (date(2027, 1, 1), 2026),
        (date(2027, 3, 31), 2026),
        (date(2027, 4, 1), 2027),
        (date(2026, 3, 31), 2025),
        ("2027-03-31", 2026),
    ],
)
def test_fiscal_year(value, expected):
    assert fiscal_year(value) == expected


@pytest.mark.parametrize(
    ("fy", "expected"),
    [
        (2026, "令和8年度"),
        (2020, "令和2年度"),
        (2019, "令和元年度"),
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "1988年度"),
    ],
)
def test_fiscal_year_label(fy, expected):
    assert fiscal_year_label(fy) == expected


def test_fiscal_year_label_western():
    assert fiscal_year_label(2026, era=False) == "2026年度"


def test_fiscal_year_months():
    months = fiscal_year_months(2026)
    assert len(months) == 12
    assert months[0] == (2026, 4)
    assert months[8] == (2026, 12)
    assert months[9] == (2027, 1)
    assert months[-1] == (2027, 3)
    assert [m for _, m in months] == [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]


def test_fiscal_year_range():
    assert fiscal_year_range(2026) == (date(2026, 4, 1), date(2027, 3, 31))
    first, last = fiscal_year_range(2023)
    assert last == date(2024, 3, 31)
    assert fiscal_year(first) == fiscal_year(last) == 2023
    assert fiscal_year(first - timedelta(days=1)) == 2022
    assert fiscal_year(last + timedelta(days=1)) == 2024


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_fiscal_year_matches_range_and_months(d):
    fy = fiscal_year(d)
    first, last = fiscal_year_range(fy)
    assert first <= d <= last
    assert (d.year, d.month) in fiscal_year_months(fy)


# --- time range ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("14:00", "15:30", "14:00〜15:30"),
        ("14:00", None, "14:00〜"),
        ("14:00", "", "14:00〜"),
        (None, "15:30", "〜15:30"),
        (None, None, ""),
        ("", "", ""),
    ],
)
def test_format_time_range(start, end, expected):
    assert format_time_range(start, end) == expected


# --- round trips ---------------------------------------------------------------------------

_SPAN = st.dates(min_value=date(1989, 1, 8), max_value=date(2100, 12, 31))


@given(_SPAN)
def test_format_then_parse_round_trip_era(d):
    assert parse_date(format_date_ja(d)) == d


@given(_SPAN)
def test_format_then_parse_round_trip_western(d):
    assert parse_date(format_date_ja(d, era=False)) == d


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_iso_round_trip(d):
    assert parse_date(d.isoformat()) == d
    assert parse_date(f"{d.year}/{d.month}/{d.day}") == d


@given(st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_time_round_trip(hour, minute):
    hhmm = f"{hour:02d}:{minute:02d}"
    assert parse_time(hhmm) == hhmm
    assert parse_time(f"{hour}:{minute:02d}") == hhmm
    assert parse_time(f"{hour}時{minute}分") == hhmm
    assert parse_time(hhmm.translate(str.maketrans("0123456789:", "０１２３４５６７８９："))) == hhmm


@given(st.text(max_size=30))
def test_parse_date_never_raises_anything_but_its_own_error(text):
    try:
        result = parse_date(text)
    except DateParseError as e:
        assert "\n" not in str(e)
    else:
        assert isinstance(result, date)


@given(st.text(max_size=20))
def test_parse_time_never_raises_anything_but_its_own_error(text):
    try:
        result = parse_time(text)
    except TimeParseError as e:
        assert "\n" not in str(e)
    else:
        assert len(result) == 5 and result[2] == ":"


def test_the_example_date_of_a_placeholder_is_ahead_of_today() -> None:
    """A fixed example (2026/10/21) went into the past; the example is four weeks from today."""
    from datetime import date as _date

    from facilitator.dates import example_dates

    assert example_dates(_date(2026, 12, 7)) == "2027/1/4、令和9年1月4日"
    assert example_dates(_date(2026, 8, 19)) == "2026/9/16、令和8年9月16日"
