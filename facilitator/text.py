"""Rules for user text: cleaning what was typed, normalising for matching and search."""

from __future__ import annotations

from functools import lru_cache

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
# Bidirectional embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI):
# invisible, and they reorder the text after them ("Trojan Source"). Stripped for display only.
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# A lone surrogate (JSON allows "\ud800") cannot be written as UTF-8: shown as U+FFFD.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# What JSON we print or write keeps as a \uXXXX escape instead of the raw character: DEL, C1
# controls (0x9b is an 8-bit CSI), bidi controls, line/paragraph separators and lone surrogates.
# (json.dumps already escapes C0.) The document decodes to exactly the same strings.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


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


def pasted_line(text: str) -> str:
    """A paste into a one-line field: every line kept, joined with one space (blank lines and the
    spaces around each line dropped). A paste of one line is left as it is."""
    if "\n" not in text and "\r" not in text:
        return text
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def for_display(text: str) -> str:
    """Text safe to hand to a terminal, a printed page or a spreadsheet: escape sequences,
    control characters and bidi embedding/override/isolate characters stripped, a lone
    surrogate replaced by U+FFFD, the Unicode line and paragraph separators made newlines.
    Zero-width characters, right-to-left letters and everything
    else printable stay as they are.

    This does not escape markup; widgets must still receive it as rich Text.
    """
    if text.isprintable():  # every character changed here is unprintable (escapes start with one)
        return text
    text = clean(text)
    if text.isascii():
        return text
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")  # line/paragraph separators
    return _SURROGATE.sub("\ufffd", _BIDI_CONTROLS.sub("", text))


def json_unsafe(json_text: str) -> bool:
    """Whether :func:`json_safe` would change the text."""
    return not json_text.isascii() and _JSON_UNSAFE.search(json_text) is not None


def json_safe(json_text: str) -> str:
    """Serialised JSON (``ensure_ascii=False``) with the characters a terminal or an encoder
    would trip on written as ``\\uXXXX`` escapes: still valid JSON, the same data, plain UTF-8."""
    if json_text.isascii():
        return json_text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


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


@lru_cache(maxsize=4096)  # a few dozen themes, looked up for every tagged item of a store
def theme_key(theme: str) -> str:
    """Two spellings of one theme tag (全角, spaces) are the same theme. (The index keeps theme
    keys: a change here changes ``index.database.INDEX_VERSION``.)"""
    return normalize(theme)
