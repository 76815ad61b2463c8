"""Identifiers: ASCII only, a date and a random part for sessions, a prefix for items."""

from __future__ import annotations

import re
import secrets
from datetime import date

SESSION_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def new_session_id(on: date) -> str:
    """e.g. "2026-08-19-3fa9c1": the session's date and six random hex digits."""
    return f"{on.isoformat()}-{secrets.token_hex(3)}"


def new_item_id(prefix: str) -> str:
    """e.g. "idea-5c1e09ab". Unique enough across a town's whole archive."""
    return f"{prefix}-{secrets.token_hex(4)}"


def is_valid_session_id(value: str) -> bool:
    return bool(SESSION_ID.match(value))
