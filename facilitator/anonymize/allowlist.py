"""What of a session document an anonymised export keeps: an allow-list.

Every field is listed with what it holds; anything not listed — an unknown field at any level,
a field added later before it is listed here, ``conflicts``, ``self_check``, ``deleted``,
``clock`` — is dropped. Listed fields are one of:

- ``KEEP``: free of personal data by its kind (ids, dates, times, numbers, choice values);
- ``TEXT``: free text, its names masked (``masking.py``);
- ``PERSON``: one person's name, always replaced by their label (``people.py``);
- ``CONTACT``: a hand-off's contact, always replaced (a person's label, else 「連絡先A」…);
- a dict: an object with these fields; a one-element list: a list of such values.

The fields are those of docs/session-format.md, the minutes' fields (attendees[].attendance,
recorder, review_by, steps[].lead, handoffs[].status/result/from_session) and the second round's
(nature, themes, board.items[].resolved_in) included.
"""

from __future__ import annotations

from typing import Any, Callable

KEEP = "keep"
TEXT = "text"
PERSON = "person"
CONTACT = "contact"
ROLE = "role"  # an attendee's role: said by the label already, dropped when it is the label

Spec = Any

_ATTENDEE = {"name": PERSON, "role": ROLE, "attendance": KEEP}
_STEP = {"id": KEEP, "title": TEXT, "panel": KEEP, "notes": TEXT, "elapsed_seconds": KEEP,
         "planned_minutes": KEEP, "purpose": TEXT, "prompts": [TEXT], "lead": PERSON}
_ISSUE = {"id": KEEP, "title": TEXT, "detail": TEXT, "source": TEXT, "nature": KEEP, "themes": [TEXT]}
_QUESTION = {"id": KEEP, "text": TEXT, "issue_id": KEEP}
_IDEA = {"id": KEEP, "text": TEXT, "author": PERSON, "issue_id": KEEP, "kind": KEEP, "interest": KEEP,
         "status": KEEP, "department": TEXT, "nature": KEEP, "themes": [TEXT]}
_HANDOFF = {"id": KEEP, "idea_ids": [KEEP], "action": TEXT, "contact": CONTACT, "due": TEXT,
            "status": KEEP, "result": TEXT, "from_session": KEEP}
_HOMEWORK = {"id": KEEP, "text": TEXT, "owner": PERSON, "due": TEXT, "status": KEEP, "from_session": KEEP,
             "origin_session": KEEP, "idea_id": KEEP, "reason": TEXT}
_NEXT = {"date": KEEP, "start_time": KEEP, "place": TEXT, "agenda": [TEXT]}
_CARD = {"id": KEEP, "column": KEEP, "text": TEXT, "category": TEXT, "solvable": KEEP, "department": TEXT,
         "meanings": [TEXT], "links": [KEEP], "since": KEEP, "resolved_in": KEEP, "homework_id": KEEP,
         "idea_id": KEEP}
_BOARD = {"vision": TEXT, "items": [_CARD], "categories": [TEXT], "meanings": [TEXT]}

SESSION: dict[str, Spec] = {
    "schema_version": KEEP, "id": KEEP, "body": {"name": TEXT, "layer": TEXT}, "title": TEXT, "date": KEEP,
    "start_time": KEEP, "end_time": KEEP, "place": TEXT, "template": KEEP, "previous_session": KEEP,
    "attendees": [_ATTENDEE], "recorder": PERSON, "review_by": PERSON, "steps": [_STEP],
    "current_step": KEEP, "issues": [_ISSUE], "questions": [_QUESTION], "ideas": [_IDEA],
    "handoffs": [_HANDOFF], "review": TEXT, "homework": [_HOMEWORK], "next_meeting": _NEXT, "board": _BOARD,
    "created_at": KEEP, "updated_at": KEEP, "started_at": KEEP, "ended_at": KEEP,
}

# Fields of the document left out on purpose (anything else not listed is left out too, but a
# field of the model must be in SESSION or here: tests/core/test_anonymize.py checks it).
DROPPED = frozenset({
    "deleted",  # the merge's tombstones: an attendee's is their name
    "clock", "clock_owner",  # writer tokens: nothing for a reader of the minutes
    "conflicts",  # values as typed, names among them
    "self_check",  # the facilitator's own notes on the meeting
})


def clean(value: Any, spec: Spec, apply: Callable[[str, Any], Any]) -> Any:
    """``value`` with only what ``spec`` allows; ``apply(kind, value)`` for the leaves."""
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return value if value is None else None
        return {k: clean(v, spec[k], apply) for k, v in value.items() if k in spec}
    if isinstance(spec, list):
        if not isinstance(value, list):
            return value if value is None else []
        return [clean(v, spec[0], apply) for v in value]
    if spec == KEEP:
        return value
    return apply(spec, value)
