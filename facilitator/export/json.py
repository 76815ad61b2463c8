"""The session document itself (DESIGN.md "The session file"), as readable JSON."""

from __future__ import annotations

import json

from facilitator.model import Session, session_to_dict


def to_json(session: Session, previous: Session | None = None) -> str:
    """``session_to_dict`` as JSON: ``ensure_ascii=False``, indent 2 (meant for people and
    other tools; the store's own files are written compactly). ``previous`` is not used."""
    return json.dumps(session_to_dict(session), ensure_ascii=False, indent=2) + "\n"
