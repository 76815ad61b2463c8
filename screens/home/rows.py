"""The home list's lines: its columns, sessions' rows (「⚠ 写し1件」 when a sync client made a copy),
damaged files' and copies' rows, and the detail under it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from facilitator.dates import format_date
from facilitator.i18n import Labels, pinned_language, t
from facilitator.text import for_display
from screens.ui_text import literal, one_line
from screens.widgets.table_view import Column, TableRow

PROBLEM_LABELS = Labels({"damaged": "home.problem_damaged", "newer": "home.problem_newer",
                         "conflict": "home.problem_conflict"})
PROBLEM_PREFIX = "problem:"  # a damaged file's row key: it can be read about, never opened

# The meeting's name keeps 20 cells (「第5回 一年のふりかえり」 at 60×20, not 「第5回 …」):
# narrower, the counts give way, アイデア and 託した first (宿題 stays while it fits).
COLUMNS = [
    Column(t("home.col_date"), max_width=22),
    Column(t("home.col_title"), flex=True, min_width=20),
    Column(t("home.col_ideas"), align="right", squeeze_to=0),
    Column(t("home.col_handed"), align="right", squeeze_to=0),
    Column(t("home.col_homework"), align="right", squeeze_to=0),
]


def _date_ja(value: Any) -> str:
    try:
        return format_date(value) if isinstance(value, str) and value else ""
    except ValueError:
        return str(value)


COUNTED = ("ideas", "handoffs", "open_homework")


def session_row(row: dict[str, Any]) -> TableRow:
    """A session's line: its texts made now (for the column widths), its cells when drawn."""
    day, title = _date_ja(row.get("date")), for_display(row.get("title") or "")
    counts = row.get("counts")
    found = map(counts.get, COUNTED) if isinstance(counts, dict) else ()
    shown = [str(n) if type(n) is int else "0" for n in found] or ["0"] * len(COUNTED)

    copies = row.get("copies") or []
    marker = t("home.has_copies", count=len(copies)) if copies else ""

    def cells() -> tuple[Text, ...]:
        name = Text(title)
        if marker:
            name.append(marker, style="bold")
        return (Text(day), name, *map(Text, shown))

    # The title's width is not needed: its column is the flexible one (and measuring 1,000
    # titles of Japanese text was a fifth of the list's time).
    return TableRow(key=row["id"], widths=(cell_len(day), 0, *map(len, shown)), make=cells)


def problem_row(row: dict[str, Any]) -> TableRow:
    label = PROBLEM_LABELS.get(row.get("status", ""), row.get("status", ""))
    if row.get("copy_of"):
        label = t("home.problem_copy")
    text = Text(f"⚠ {label}: ")
    text.append_text(literal(row.get("file")))
    if row.get("error"):
        text.append(" — ")
        text.append_text(literal(one_line(row.get("error"))))
    return TableRow(key=PROBLEM_PREFIX + str(row.get("file")), cells=(text,), style="table-view--warning", span=True)


class SessionRows:
    """The table row of each session, built once per index row (a search reuses it)."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[Any, TableRow]] = {}
        self._by_object: dict[int, tuple[dict[str, Any], TableRow]] = {}

    def get(self, row: dict[str, Any]) -> TableRow:
        # The index's rows are never changed in place (a changed file gets a new row): the same
        # object is the same line. A search keystroke over 10,000 rows is mostly this lookup.
        same = self._by_object.get(id(row))
        if same is not None and same[0] is row:
            return same[1]
        sig = (row.get("mtime_ns"), row.get("size"), row.get("file"), tuple(row.get("copies") or ()))
        cached = self._cache.get(row["id"])
        if cached is None or cached[0] != sig:
            cached = (sig, session_row(row))
            self._cache[row["id"]] = cached
        if len(self._by_object) > 4 * len(self._cache) + 1024:
            self._by_object.clear()
        self._by_object[id(row)] = (row, cached[1])
        return cached[1]

    def make_all(self, rows: Iterable[dict[str, Any]]) -> None:
        """Every row (令和 dates, widths), made in the loading worker, not on the UI thread."""
        with pinned_language():
            for row in rows:
                self.get(row)


def list_rows(groups: Iterable[tuple[str, list[dict[str, Any]]]], problems: list[dict[str, Any]],
              sessions: SessionRows) -> list[TableRow]:
    """The whole list: each body's heading and its sessions, then the files that can't be opened."""
    return head_rows([(name, len(group), group) for name, group in groups], problems, sessions)


def head_rows(groups: Iterable[tuple[str, int, list[dict[str, Any]]] | list[Any]], problems: list[dict[str, Any]],
              sessions: SessionRows) -> list[TableRow]:
    """As ``list_rows``, from (body, its number of sessions, the sessions shown): the list's
    first lines before the rest has come (``Index.head``)."""
    table_rows: list[TableRow] = []
    for name, count, group in groups:
        heading = Text("■ ")
        heading.append_text(literal(name))
        heading.append(t("home.group_count", count=count))
        table_rows.append(TableRow(None, (heading,), style="table-view--group", span=True))
        table_rows.extend(sessions.get(r) for r in group)
    if problems:
        table_rows.append(TableRow(None, (Text(t("home.problems_heading")),),
                                   style="table-view--group", span=True))
        table_rows.extend(problem_row(p) for p in problems)
    return table_rows


def problem_detail(row: dict[str, Any] | None = None) -> Text:
    """Under the list, for a file that can't be opened (a sync copy: how to merge it in)."""
    if row is not None and row.get("copy_of"):
        return Text(t("home.copy_detail"))
    return Text(t("home.problem_detail"))


def session_detail(row: dict[str, Any], snippet: str) -> Text:
    """Under the list, for a session: where the search matched (``snippet``), else its body and
    place; its issues and the next meeting planned."""
    text = Text()
    if snippet:
        text.append(t("home.match"), style="bold")
        text.append_text(literal(snippet))
    else:
        text.append_text(literal(row.get("body")))
        if row.get("place"):
            text.append(t("home.place"))
            text.append_text(literal(row.get("place")))
    issues = [title for title in row.get("issue_titles") or [] if title]
    if issues:
        text.append(t("home.issues"))
        text.append_text(literal(t("home.list_separator").join(issues)))
    nm = row.get("next_meeting") or {}
    if nm.get("date") or nm.get("agenda"):
        text.append(t("home.next_meeting"))
        text.append(_date_ja(nm.get("date")) or t("home.date_unset"))
        if nm.get("start_time"):
            text.append(f" {nm['start_time']}")
        agenda = [a for a in nm.get("agenda") or [] if a]
        if agenda:
            text.append(t("home.agenda"))
            text.append_text(literal(t("home.list_separator").join(agenda)))
    return text
