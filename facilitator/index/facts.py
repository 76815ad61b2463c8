"""What views read of each session beside its index row: kept in the index file in a column of
their own, never in memory with the rows (those are every screen's; these are read by one view
when it opens, so that it reads no session file).

``facts_of(session)``: ``{"themes": theme_view.theme_facts(session), "homework": its homework
items as the file has them}`` (None when it has neither), a column each (``FACTS``: a view reads
only its own). ``SessionHomework``: a session as the
homework tracker (facilitator.homework) sees it, made from a row and its facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from facilitator.model import Body, Homework, Session

FACTS = ("themes", "homework")  # a column each in the index file (index/database.py)


@dataclass
class SessionHomework:
    """The fields of a session the homework tracker reads, and its homework (a ``Session``
    has them all: either can be tracked)."""

    id: str
    title: str
    date: str
    created_at: str
    body: Body
    homework: list[Homework]


def facts_of(session: Session) -> dict[str, Any] | None:
    from facilitator.session_json import item_to_dict
    from facilitator.theme_view import theme_facts

    themes = theme_facts(session)
    homework = [item_to_dict(h) for h in session.homework]
    return {"themes": themes, "homework": homework} if themes is not None or homework else None


def session_homework(row: dict[str, Any], kept: Any) -> SessionHomework:
    """The row's session as the tracker sees it, with its ``homework`` facts; ``SessionFormatError``
    (or ValueError) if they are not what ``facts_of`` writes."""
    from facilitator.model import Body, Homework
    from facilitator.session_load import item_from_dict

    kept = kept or []
    if not isinstance(kept, list):
        raise ValueError("homework")
    return SessionHomework(row["id"], row.get("title") or "", row["date"], row.get("created_at") or "",
                           Body(name=row["body"], layer=row.get("layer")),
                           [item_from_dict(Homework, h) for h in kept])
