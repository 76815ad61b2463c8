"""The session document itself (docs/session-format.md), as readable JSON."""

from __future__ import annotations

import json

from facilitator.model import Session
from facilitator.session_json import session_to_dict
from facilitator.text import json_safe


def to_json(session: Session, previous: Session | None = None) -> str:
    """``session_to_dict`` as JSON: ``ensure_ascii=False``, indent 2 (meant for people and
    other tools; the store's own files are written compactly). Control, bidi and lone surrogate
    characters stay ``\\uXXXX`` escapes (``text.json_safe``), so printing it to a terminal is safe. ``previous`` is not used."""
    return json_safe(json.dumps(session_to_dict(session), ensure_ascii=False, indent=2)) + "\n"
