"""The ideas of a session as CSV, one row each, for a spreadsheet.

Columns (headed in the UI language: 記録ID, 日付, 協議体, 地域課題, 種類, 内容, 発言者, 関心, 状況, 担当課):
the session id, date, body, issue, kind, text, author, interest, status, department; kind and
status as their labels. A request to the town (行政への要望) is not something to sort or hand off:
its status says where it goes (行政へ), never 未整理. Written with the csv module: ``\\r\\n`` line ends, fields with
commas, quotes or newlines quoted. ``export`` encodes it as UTF-8 with a BOM so that Excel on a
Japanese Windows reads it as UTF-8, not cp932.

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a
tab, carriage return or spaces before one) as a formula — ``=HYPERLINK(…)``, ``=cmd|…`` — so every
user-text cell that starts with one of those characters, or their full-width forms
(``＝＋－＠``, which Japanese IMEs type and some spreadsheets read as the ASCII ones), gets a
leading apostrophe ``'``, the spreadsheet convention for "this is text". The apostrophe is the
only change; our own columns (id, date, labels, the interest count) are never prefixed.
"""

from __future__ import annotations

import csv
import io

from facilitator.meeting import KIND_LABELS, STATUS_LABELS
from facilitator.i18n import Labels, t
from facilitator.model import Idea, Session, find
from facilitator.text import for_display

COLUMN_KEYS = ("session_id", "date", "body", "issue", "kind", "text", "author", "interest", "status", "department")
COLUMN_LABELS = Labels({
    "session_id": "csv.session_id", "date": "csv.date", "body": "csv.body", "issue": "csv.issue",
    "kind": "csv.kind", "text": "csv.text", "author": "csv.author", "interest": "csv.interest",
    "status": "csv.status", "department": "csv.department",
})


def columns() -> tuple[str, ...]:
    """The header row, in the UI language."""
    return tuple(COLUMN_LABELS.values())


FORMULA_START = tuple("=+-@\t\r＝＋－＠")
# Spreadsheets skip leading spaces (ASCII, full-width, no-break) before a formula: " =1+1" runs.
_LEADING = " \u3000\u00a0"


def neutralise(cell: str) -> str:
    """A user-text cell that a spreadsheet would run as a formula, prefixed with ``'``."""
    return "'" + cell if cell.lstrip(_LEADING).startswith(FORMULA_START) else cell


def idea_status(idea: Idea) -> str:
    """The status as a spreadsheet shows it: a request says where it goes, not 未整理."""
    if idea.kind == "request" and idea.status == "open":
        return t("csv.status_request")
    return STATUS_LABELS.get(idea.status, idea.status)


def to_csv(session: Session, previous: Session | None = None) -> str:
    """The CSV text (without the BOM; ``export`` adds it). ``previous`` is not used."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns())

    for row in idea_rows(session):
        writer.writerow(tuple(neutralise(v) if k in USER_TEXT else v for k, v in zip(COLUMN_KEYS, row)))
    return buf.getvalue()


USER_TEXT = frozenset({"body", "issue", "text", "author", "department"})  # the columns people typed


def idea_rows(session: Session) -> list[tuple[str | int, ...]]:
    """One row per idea, in ``COLUMN_KEYS`` order: display-safe, not yet neutralised (the CSV
    prefixes formula-like user text; the Excel workbook writes every text cell as a string)."""
    rows: list[tuple[str | int, ...]] = []
    for idea in session.ideas:
        issue = find(session.issues, idea.issue_id) if idea.issue_id else None
        rows.append((
            session.id,
            session.date,
            for_display(session.body.name),
            for_display(issue.title) if issue is not None else "",
            KIND_LABELS.get(idea.kind, idea.kind),
            for_display(idea.text),
            for_display(idea.author or ""),
            idea.interest,
            idea_status(idea),
            for_display(idea.department or ""),
        ))
    return rows
