"""Exporting a session: minutes (Markdown, HTML, Word), its ideas (CSV), the document (JSON),
the next meeting as a calendar event (iCalendar), everything as an Excel workbook (xlsx).

``export(session, fmt, previous=None)`` returns bytes for the caller to write to a file or to
stdout. Markdown, HTML and Word render the same minutes structure (``minutes.build_minutes``);
the terminal summary (``facilitator.summary``) does too. Word needs the optional ``office``
extra (python-docx); without it ``docx`` raises a ValueError saying how to install it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from facilitator.i18n import pinned_language, t

if TYPE_CHECKING:  # the CLI reads FORMATS without loading the model
    from facilitator.model import Session

FORMATS: tuple[str, ...] = ("md", "html", "csv", "json", "docx", "ics", "xlsx")

# format -> (module, function, encoding); encoding None: the renderer returns bytes itself
_RENDERERS: dict[str, tuple[str, str, str | None]] = {
    "md": ("markdown", "to_markdown", "utf-8"),
    "html": ("html", "to_html", "utf-8"),
    "csv": ("csv", "to_csv", "utf-8-sig"),  # a BOM, for Excel on Japanese Windows
    "json": ("json", "to_json", "utf-8"),
    "docx": ("word", "to_docx", None),
    "ics": ("ics", "to_ics", "utf-8"),
    "xlsx": ("xlsx", "to_xlsx", None),
}


def export(session: Session, fmt: str, previous: Session | None = None) -> bytes:
    """``session`` in format ``fmt`` (one of FORMATS), as bytes.

    ``previous`` is the session this one carried over from (for 前回の振り返り in the minutes).
    Unknown formats raise ValueError with a message in the UI language.
    """
    if fmt not in _RENDERERS:
        raise ValueError(t("export.unknown_format", format=repr(fmt), formats=" / ".join(FORMATS)))
    module, function, encoding = _RENDERERS[fmt]
    render = getattr(import_module(f"facilitator.export.{module}"), function)
    with pinned_language():  # thousands of lookups for a big session: the language read once
        if encoding is None:
            data: bytes = render(session, previous=previous)
            return data
        text: str = render(session, previous=previous)
    # A lone surrogate (possible from a JSON "\\ud800" escape) cannot be UTF-8: JSON gets the
    # same escape back, the other formats a replacement character.
    errors = "backslashreplace" if fmt == "json" else "replace"
    return text.encode(encoding, errors)
