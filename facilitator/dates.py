"""Dates and times as people type them, and as a town office writes them.

Parsing is lenient about what an SC types (``2026/8/19``, full-width digits, ``令和8年8月19日``,
``R8.8.19``, a trailing ``（水）``); formatting follows the town-office style
(``令和8年8月19日（水）``). The session file always keeps the ISO date (``YYYY-MM-DD``) and
``HH:MM`` times; these functions only translate at the edges.

The year plan runs on the fiscal year (年度, April to March): see ``fiscal_year`` and friends.
Errors raise ``DateParseError`` / ``TimeParseError`` (both ``ValueError``) with one line that
quotes what was typed, in the UI language (facilitator/i18n.py, table ``[dates]``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from facilitator.i18n import Labels, language, t

__all__ = [
    "DateParseError",
    "TimeParseError",
    "parse_date",
    "parse_time",
    "format_date_ja",
    "weekday_ja",
    "fiscal_year",
    "fiscal_year_label",
    "fiscal_year_months",
    "fiscal_year_range",
    "format_time_range",
]

WEEKDAYS_JA = "月火水木金土日"


class DateParseError(ValueError):
    """Text that does not read as a date. ``str()`` is one line quoting the input."""

    def __init__(self, message: str, text: str = "") -> None:
        super().__init__(message)
        self.text = text


class TimeParseError(ValueError):
    """Text that does not read as a time of day. ``str()`` is one line quoting it."""

    def __init__(self, message: str, text: str = "") -> None:
        super().__init__(message)
        self.text = text


# --- Japanese eras -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Era:
    name: str
    letter: str  # the one-letter abbreviation (R8.8.19)
    start: date
    end: date | None  # last day, None while current


_ERAS: tuple[_Era, ...] = (
    _Era("令和", "R", date(2019, 5, 1), None),
    _Era("平成", "H", date(1989, 1, 8), date(2019, 4, 30)),
    _Era("昭和", "S", date(1926, 12, 25), date(1989, 1, 7)),
)
_ERA_BY_KEY = {e.name: e for e in _ERAS} | {e.letter: e for e in _ERAS}

# Eras used when *writing* dates: before 平成 we fall back to the western year.
_FORMAT_ERAS = _ERAS[:2]

# An era's name in error messages, in the UI language (Reiwa …).
_ERA_NAMES = Labels({"令和": "dates.era_reiwa", "平成": "dates.era_heisei", "昭和": "dates.era_showa"})


def _day_text(d: date) -> str:
    return t("dates.day", year=d.year, month=d.month, day=d.day)


def _era_span(era: _Era) -> str:
    start = _day_text(era.start)
    if era.end is None:
        return t("dates.era_since", era=_ERA_NAMES[era.name], start=start)
    return t("dates.era_span", era=_ERA_NAMES[era.name], start=start, end=_day_text(era.end))


def _era_year_text(n: int) -> str:
    return "元" if n == 1 else str(n)


# --- parsing helpers -----------------------------------------------------------------------

class _Pattern:
    """A regular expression compiled the first time it is used: these serve parsing what people
    type, which a start never does (compiling them was ~4 ms of every start)."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def _get(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return self._compiled

    def match(self, text: str) -> re.Match[str] | None:
        return self._get().match(text)

    def sub(self, repl: str, text: str) -> str:
        return self._get().sub(repl, text)


# Dash-like characters NFKC leaves alone but people type between date parts.
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−ー─━"})
_SPACE = _Pattern(r"\s+")
_CONTROL = _Pattern(r"[\x00-\x1f\x7f-\x9f]")

# A trailing weekday: (水) (水曜) (水曜日) (月・祝) (Wed) — or 水曜日 without brackets.
_WEEKDAY_TAIL = _Pattern(
    r"""
    (?:
        [(\[]
        (?:
            [月火水木金土日](?:曜日?)?(?:[・,、/]?祝日?)?
            | 祝日?
            | (?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?
        )
        [)\]]
      | [月火水木金土日]曜日?
    )$
    """,
    re.VERBOSE | re.IGNORECASE,
)

_SEP = r"(?:[-/.]|年)"
_SEP2 = r"(?:[-/.]|月)"
_WESTERN = _Pattern(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP2}(\d{{1,2}})日?$")
_COMPACT = _Pattern(r"^(\d{4})(\d{2})(\d{2})$")
# What the English UI shows, read back: 「Wed 19 Aug 2026」, 「19 Aug 2026」, 「Aug 19, 2026」
# (spaces are gone by then: _normalize).
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_EN_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?)?"
_ENGLISH_DAY_FIRST = _Pattern(rf"^{_EN_WEEKDAY}(\d{{1,2}}){_MONTH},?(\d{{4}})$", re.IGNORECASE)
_ENGLISH_MONTH_FIRST = _Pattern(rf"^{_EN_WEEKDAY}{_MONTH}(\d{{1,2}}),?(\d{{4}})$", re.IGNORECASE)
_ERA_DATE = _Pattern(
    rf"^(令和|平成|昭和|[RHS])(元|\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP2}(\d{{1,2}})日?$",
    re.IGNORECASE,
)



def _quote(text: str, limit: int = 40) -> str:
    """The input as it goes into an error line: one line, no control characters, not too long."""
    shown = _CONTROL.sub("", _SPACE.sub(" ", text)).strip()
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return t("dates.quote", text=shown)


def _normalize(text: str) -> str:
    """NFKC (full-width digits and separators), dashes unified, all whitespace removed."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return _SPACE.sub("", text)


def parse_date(text: str) -> date:
    """A date as people type it.

    Accepts ``2026-08-19``, ``2026/8/19``, ``Wed 19 Aug 2026`` and ``Aug 19, 2026`` (what the
    English UI shows), ``2026.8.19``, ``2026年8月19日``, ``20260819``,
    full-width digits and separators (``２０２６／８／１９``), Japanese era dates
    (``令和8年8月19日``, ``令和元年5月1日``, ``R8.8.19``, ``平成31年4月30日``, ``H31/4/30``;
    昭和 too), surrounding spaces and a trailing weekday (``（水）``, ``(水)``, ``水曜日``), which
    is ignored. An era date outside the era's span (令和元年4月30日) is refused.

    Raises ``DateParseError`` (a ``ValueError``) with one line quoting the input.
    """
    if not isinstance(text, str):
        raise DateParseError(t("dates.not_a_date", text=_quote(str(text))), str(text))
    s = _normalize(text)
    s = _WEEKDAY_TAIL.sub("", s)
    if not s:
        if text.strip():
            raise DateParseError(t("dates.not_a_date", text=_quote(text)), text)
        raise DateParseError(t("dates.empty_date"), text)

    m = _ERA_DATE.match(s)
    if m:
        era = _ERA_BY_KEY[m.group(1).upper() if len(m.group(1)) == 1 else m.group(1)]
        n = 1 if m.group(2) == "元" else int(m.group(2))
        month, day = int(m.group(3)), int(m.group(4))
        if n < 1:
            raise DateParseError(t("dates.era_from_one", text=_quote(text), era=_ERA_NAMES[era.name]), text)
        year = era.start.year + n - 1
        d = _make_date(year, month, day, text)
        if d < era.start or (era.end is not None and d > era.end):
            raise DateParseError(t("dates.out_of_era", text=_quote(text), era=_ERA_NAMES[era.name], span=_era_span(era)), text)
        return d

    m = _WESTERN.match(s) or _COMPACT.match(s)
    if m:
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), text)

    m = _ENGLISH_DAY_FIRST.match(s)
    if m:
        return _make_date(int(m.group(3)), _month_en(m.group(2)), int(m.group(1)), text)
    m = _ENGLISH_MONTH_FIRST.match(s)
    if m:
        return _make_date(int(m.group(3)), _month_en(m.group(1)), int(m.group(2)), text)

    raise DateParseError(t("dates.not_a_date", text=_quote(text)), text)


def _month_en(name: str) -> int:
    return [m.lower() for m in MONTHS_EN].index(name[:3].lower()) + 1


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateParseError(t("dates.no_such_day", text=_quote(text), year=year, month=month, day=day), text) from None


_CLOCK = _Pattern(r"^(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$")
_KANJI_TIME = _Pattern(r"^(\d{1,2})時(?:(\d{1,2})分?|(半))?$")
_AMPM = _Pattern(r"^(午前|午後|am|pm|a\.m\.|p\.m\.)(.*)$|^(.*?)(am|pm|a\.m\.|p\.m\.)$", re.IGNORECASE)


def parse_time(text: str) -> str:
    """A time of day as ``"HH:MM"``.

    Accepts ``9:30``, ``09:30``, full-width ``９：３０``, ``9時30分``, ``9時``, ``14時半``, and
    ``午前``/``午後`` (``午後2時`` → ``14:00``). Raises ``TimeParseError`` (a ``ValueError``).
    """
    if not isinstance(text, str):
        raise TimeParseError(t("dates.not_a_time", text=_quote(str(text))), str(text))
    s = _normalize(text)
    if not s:
        raise TimeParseError(t("dates.empty_time"), text)
    if s == "正午":
        return "12:00"
    half: str | None = None  # "am" / "pm"
    m = _AMPM.match(s)
    if m:
        word = (m.group(1) or m.group(4)).lower()
        s = m.group(2) if m.group(1) else m.group(3)
        half = "am" if word in ("午前", "am", "a.m.") else "pm"

    m = _CLOCK.match(s)
    if half is not None and s.isdigit() and len(s) <= 2:  # 午後2 / 2pm
        hour, minute = int(s), 0
    elif m:
        hour, minute = int(m.group(1)), int(m.group(2))
        if len(m.group(2)) != 2:
            raise TimeParseError(t("dates.not_a_time", text=_quote(text)), text)
    else:
        m = _KANJI_TIME.match(s)
        if not m:
            raise TimeParseError(t("dates.not_a_time", text=_quote(text)), text)
        hour = int(m.group(1))
        minute = 30 if m.group(3) else int(m.group(2) or 0)

    if half is not None:
        if hour > 11:
            raise TimeParseError(t("dates.ampm_hours", text=_quote(text)), text)
        if half == "pm":
            hour += 12
    if hour > 23 or minute > 59:
        raise TimeParseError(t("dates.time_out_of_range", text=_quote(text)), text)
    return f"{hour:02d}:{minute:02d}"


# --- formatting ----------------------------------------------------------------------------


def _as_date(d: date | str) -> date:
    if isinstance(d, datetime):
        return d.date()
    if isinstance(d, date):
        return d
    if isinstance(d, str) and len(d) == 10 and d[4] == d[7] == "-" and d[:4].isdigit():
        # The stored form (YYYY-MM-DD): 0.3 µs instead of parse_date's 15 (1,000 rows on the
        # home screen format a date each). A bad day falls through for parse_date's message.
        try:
            return date.fromisoformat(d)
        except ValueError:
            pass
    return parse_date(d)


def weekday_ja(d: date | str) -> str:
    """The weekday as one kanji: 月火水木金土日."""
    return WEEKDAYS_JA[_as_date(d).weekday()]


def format_date_ja(d: date | str, era: bool = True) -> str:
    """A date the way a town office writes it: ``令和8年8月19日（水）``.

    Year 1 of an era is ``元年``. Dates from 1989-01-08 to 2019-04-30 use 平成; earlier dates
    fall back to the western year. ``era=False`` gives ``2026年8月19日（水）``. An ISO string
    (or anything ``parse_date`` reads) is accepted.
    """
    d = _as_date(d)
    tail = f"{d.month}月{d.day}日（{WEEKDAYS_JA[d.weekday()]}）"
    if era:
        for e in _FORMAT_ERAS:
            if d >= e.start and (e.end is None or d <= e.end):
                return f"{e.name}{_era_year_text(d.year - e.start.year + 1)}年{tail}"
    return f"{d.year}年{tail}"


WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(d: date | str, era: bool = True) -> str:
    """A date for people, in the UI language (facilitator/i18n.py): ``令和8年8月19日（水）``
    in Japanese (``format_date_ja``), ``Wed 19 Aug 2026`` in English (no locale involved)."""
    if language() != "en":
        return format_date_ja(d, era)
    d = _as_date(d)
    return f"{WEEKDAYS_EN[d.weekday()]} {d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def format_day(d: date | str) -> str:
    """A day without its year, in the UI language: ``8/19（水）``, ``Wed 19 Aug``."""
    d = _as_date(d)
    if language() != "en":
        return f"{d.month}/{d.day}（{weekday_ja(d)}）"
    return f"{WEEKDAYS_EN[d.weekday()]} {d.day} {MONTHS_EN[d.month - 1]}"


def format_month(month: int) -> str:
    """``8月`` / ``Aug``."""
    return f"{month}月" if language() != "en" else MONTHS_EN[month - 1]


def format_date_input(value: str | None) -> str:
    """A stored date (ISO) or words, to pre-fill a field that ``parse_date`` reads back: the
    date as the UI shows it, ``令和8年9月30日（水）`` in Japanese, ``Wed 30 Sep 2026`` in English;
    words as they were typed."""
    if not value:
        return ""
    try:
        d = date.fromisoformat(value)
    except ValueError:
        return value
    return format_date(d)


EXAMPLE_DAYS_AHEAD = 28  # a date in a field's example: four weeks from today, never a past day


def example_dates(today: date) -> str:
    """Dates to show in a field's placeholder, derived from ``today`` (a fixed example went into
    the past), as the field reads them: ``2027/1/4、令和9年1月4日`` in Japanese,
    ``2027-01-04, 2027/1/4`` in English."""
    d = today + timedelta(days=EXAMPLE_DAYS_AHEAD)
    slash = f"{d.year}/{d.month}/{d.day}"
    if language() != "en":
        return f"{slash}、{format_date_ja(d).split('（')[0]}"
    return f"{d.isoformat()}, {slash}"


def fiscal_year(d: date | str) -> int:
    """The fiscal year (年度, April–March) a date falls in: 2027-03-31 → 2026."""
    d = _as_date(d)
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_label(fy: int, era: bool = True) -> str:
    """``令和8年度`` for 2026 (``2026年度`` with ``era=False``).

    The fiscal year April 2019–March 2020 is 令和元年度, the usage of most town offices;
    平成 covers 1989–2018; earlier years fall back to the western year.
    """
    if era:
        if fy >= 2019:
            return f"令和{_era_year_text(fy - 2018)}年度"
        if fy >= 1989:
            return f"平成{_era_year_text(fy - 1988)}年度"
    return f"{fy}年度"


def format_fiscal_year(fy: int, era: bool = True) -> str:
    """``令和8年度`` in Japanese (``fiscal_year_label``), ``FY2026`` (April 2026–March 2027) in English."""
    if language() != "en":
        return fiscal_year_label(fy, era)
    return f"FY{fy}"


def fiscal_year_months(fy: int) -> list[tuple[int, int]]:
    """The twelve (year, month) pairs of a fiscal year, April to March."""
    return [(fy, m) for m in range(4, 13)] + [(fy + 1, m) for m in range(1, 4)]


def fiscal_year_range(fy: int) -> tuple[date, date]:
    """First and last day of a fiscal year: (fy-04-01, fy+1-03-31)."""
    return date(fy, 4, 1), date(fy + 1, 3, 31)


def format_time_range(start: str | None, end: str | None) -> str:
    """``14:00〜15:30``, ``14:00〜`` (no end), ``〜15:30`` (no start), ``""`` (neither); in English
    ``14:00–15:30``."""
    start = (start or "").strip()
    end = (end or "").strip()
    if not start and not end:
        return ""
    return t("dates.time_range", start=start, end=end)
