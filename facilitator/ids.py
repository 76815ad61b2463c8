"""Identifiers: ASCII only, a date and a random part for sessions, a prefix for items."""

from __future__ import annotations

import re
from datetime import date

SESSION_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def new_session_id(on: date) -> str:
    """e.g. "2026-08-19-3fa9c1": the session's date and six random hex digits."""
    return f"{on.isoformat()}-{_token_hex(3)}"


def new_item_id(prefix: str) -> str:
    """e.g. "idea-5c1e09ab". Unique enough across a town's whole archive."""
    return f"{prefix}-{_token_hex(4)}"


def is_valid_session_id(value: str) -> bool:
    return bool(SESSION_ID.match(value))


def _token_hex(n: int) -> str:
    import secrets  # with the first new id, not at start (it loads OpenSSL for hashlib: ~6 ms)

    return secrets.token_hex(n)
