"""The ideas of a session as CSV, one row each, for a spreadsheet.

Columns: session_id, date, body, issue, kind, text, author, interest, status, department (kind and
status as their Japanese labels). Written with the csv module: ``\\r\\n`` line ends, fields with
commas, quotes or newlines quoted. ``export`` encodes it as UTF-8 with a BOM so that Excel on a
Japanese Windows reads it as UTF-8, not cp932.

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a
tab or carriage return before one) as a formula — ``=HYPERLINK(…)``, ``=cmd|…`` — so every
user-text cell that starts with one of those characters, or their full-width forms
(``＝＋－＠``, which Japanese IMEs type and some spreadsheets read as the ASCII ones), gets a
leading apostrophe ``'``, the spreadsheet convention for "this is text". The apostrophe is the
only change; our own columns (id, date, labels, the interest count) are never prefixed.
"""

from __future__ import annotations

import csv
import io

from facilitator.meeting import KIND_LABELS, STATUS_LABELS
from facilitator.model import Session, find
from facilitator.text import for_display

COLUMNS = ("session_id", "date", "body", "issue", "kind", "text", "author", "interest", "status", "department")


FORMULA_START = tuple("=+-@\t\r＝＋－＠")


def neutralise(cell: str) -> str:
    """A user-text cell that a spreadsheet would run as a formula, prefixed with ``'``."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def to_csv(session: Session, previous: Session | None = None) -> str:
    """The CSV text (without the BOM; ``export`` adds it). ``previous`` is not used."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)

    def t(value: str | None) -> str:
        return neutralise(for_display(value or ""))

    for idea in session.ideas:
        issue = find(session.issues, idea.issue_id) if idea.issue_id else None
        writer.writerow(
            (
                session.id,
                session.date,
                t(session.body.name),
                t(issue.title) if issue is not None else "",
                KIND_LABELS.get(idea.kind, idea.kind),
                t(idea.text),
                t(idea.author),
                idea.interest,
                STATUS_LABELS.get(idea.status, idea.status),
                t(idea.department),
            )
        )
    return buf.getvalue()
