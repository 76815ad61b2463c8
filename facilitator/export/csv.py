"""The ideas of a session as CSV, one row each, for a spreadsheet.

Columns: session_id, date, body, issue, kind, text, author, interest, status, department (kind and
status as their Japanese labels). Written with the csv module: ``\\r\\n`` line ends, fields with
commas, quotes or newlines quoted. ``export`` encodes it as UTF-8 with a BOM so that Excel on a
Japanese Windows reads it as UTF-8, not cp932.
"""

from __future__ import annotations

import csv
import io

from facilitator.meeting import KIND_LABELS, STATUS_LABELS
from facilitator.model import Session, find
from facilitator.text import for_display

COLUMNS = ("session_id", "date", "body", "issue", "kind", "text", "author", "interest", "status", "department")


def to_csv(session: Session, previous: Session | None = None) -> str:
    """The CSV text (without the BOM; ``export`` adds it). ``previous`` is not used."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)

    def t(value: str | None) -> str:
        return for_display(value or "")

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
