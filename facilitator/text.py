"""Rules for user text: cleaning what was typed, normalising for matching and search."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 control characters except tab and newline, plus DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# ANSI/VT escape sequences (CSI, OSC, and two-character escapes) removed whole,
# so that "\x1b[31m" does not leave "[31m" behind.
_ESCAPE = re.compile(
    r"""
    \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?   # OSC ... BEL or ST
    | \x1b\[[0-?]*[ -/]*[@-~]            # CSI
    | \x9b[0-?]*[ -/]*[@-~]              # 8-bit CSI
    | \x1b[@-Z\\-_]                      # two-character escapes
    """,
    re.VERBOSE,
)
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """What we store of typed text: escape sequences and control characters removed.

    Newlines and tabs stay; carriage returns become newlines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE.sub("", text)
    return _CONTROL.sub("", text)


def clean_line(text: str) -> str:
    """A single-line field: cleaned, newlines and tabs turned into spaces, trimmed."""
    return _SPACES.sub(" ", clean(text)).strip()


def for_display(text: str) -> str:
    """Text safe to hand to a terminal: control characters and escapes stripped.

    This does not escape markup; widgets must still receive it as rich Text.
    """
    return clean(text)


def normalize(text: str) -> str:
    """Matching form: NFKC, case-folded, whitespace collapsed to one ASCII space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def body_key(name: str) -> str:
    """Bodies match by name after NFKC normalisation and collapsing spaces (全角 too)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip()


def search_terms(query: str) -> list[str]:
    return [t for t in normalize(query).split(" ") if t]


def matches(haystack_normalized: str, terms: list[str]) -> bool:
    """Every term must occur in the (already normalised) text."""
    return all(t in haystack_normalized for t in terms)
