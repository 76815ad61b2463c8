"""How the listing commands print: JSON on stdout, and the one line a store problem gets."""

from __future__ import annotations

import json
import sys
from typing import Any

from facilitator.i18n import t
from facilitator.store import PROBLEM_LABELS
from facilitator.text import for_display, json_safe


def print_json(value: Any) -> None:
    """JSON on stdout; control, bidi and lone surrogate characters as \\u escapes."""
    sys.stdout.write(json_safe(json.dumps(value, ensure_ascii=False, indent=2)) + "\n")


def problem_line(row: dict[str, Any]) -> str:
    status = row.get("status", "")
    label = PROBLEM_LABELS[status] if status in PROBLEM_LABELS else status
    if row.get("copy_of"):
        label = t("store.problem_copy")
    msg = f"{label}: {row.get('file')}"
    if row.get("error"):
        msg += f" — {row['error']}"
    return for_display(msg)
