"""The UI's words: one catalogue per language, Japanese first.

Every string a person reads in the app or on the command line is looked up here by a key named
after the place it appears (``meeting.next``, ``ideas.empty``) with ``{name}`` placeholders::

    t("ideas.deleted", text=idea.text)

The catalogues are data: ``facilitator/locale/ja.toml`` (the source of truth) and ``en.toml``,
with the same keys and the same placeholders (a test checks). A key missing from English falls
back to Japanese; a key missing everywhere shows the key itself, never a crash.

Which language: ``set_language()`` (tests, a future option), else the environment variable
``KYOGITAI_LANG`` (``en``, ``en_US.UTF-8`` … → English; ``ja`` → Japanese), else the store's
setting ``language = "en"`` in ``<store>/settings.toml`` (or ``<store>/.kyogitai/settings.toml``) (read by ``use_store``), else
Japanese. An unknown language is Japanese. The language is read at every lookup, but widget
classes take their key labels (``BINDINGS``) when they are imported: choose the language before
the UI is imported, as the CLI does.

``t`` returns a plain ``str``: parameters are inserted as they are. Where the parameters are user
text, screens render the result with ``screens.ui_text.literal`` (never as markup), as for any
user text. This module never imports textual.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

ENV = "KYOGITAI_LANG"
LANGUAGES = ("ja", "en")
DEFAULT = "ja"
# The store's settings, first found wins (as facilitator/privacy.py reads them).
SETTINGS_FILES = (Path("settings.toml"), Path(".kyogitai") / "settings.toml")
LOCALE_DIR = Path(__file__).parent / "locale"

_override: str | None = None
_pinned = threading.local()  # .language: pinned_language() in this thread (exports, the home's loading)
_store_language: str | None = None


def normalise(value: str | None) -> str | None:
    """``en``, ``EN``, ``en_GB.UTF-8``, ``en-US`` → ``en``; ``ja_JP`` → ``ja``; anything else → None."""
    if not value:
        return None
    code = value.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return code if code in LANGUAGES else None


def language() -> str:
    """The language in use now: set_language(), KYOGITAI_LANG, the store setting, Japanese."""
    return getattr(_pinned, "language", None) or _override or normalise(os.environ.get(ENV)) or _store_language or DEFAULT


@contextmanager
def pinned_language() -> Iterator[str]:
    """Within, in this thread: the language as it is on entry, without reading the environment
    at every lookup (reading os.environ was a quarter of the time of a big session's minutes).
    Per thread: a worker's pin neither leaks into nor outlives another thread's."""
    saved = getattr(_pinned, "language", None)
    _pinned.language = language()
    try:
        yield _pinned.language
    finally:
        _pinned.language = saved


def set_language(value: str | None) -> None:
    """Force a language (``None`` goes back to the environment and the store setting)."""
    global _override
    _override = normalise(value)


def use_store(store: Path | str | None) -> str | None:
    """Read ``language`` from the store's settings.toml, if there is one; return what was found.

    A missing, unreadable or malformed file is no setting (the app must open anyway).
    """
    global _store_language
    _store_language = None
    if store is None:
        return None
    for name in SETTINGS_FILES:
        try:
            with open(Path(store) / name, "rb") as f:
                data = f.read()
            break
        except FileNotFoundError:
            continue
        except OSError:
            return None
    else:
        return None
    import tomllib  # only for a store that has settings: not part of every start

    try:
        settings = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(settings, dict):  # pragma: no cover - tomllib gives a dict
        return None
    value = settings.get("language", settings.get("lang"))
    ui = settings.get("ui")
    if value is None and isinstance(ui, dict):
        value = ui.get("language", ui.get("lang"))
    _store_language = normalise(value) if isinstance(value, str) else None
    return _store_language


def _flatten(table: Mapping[str, object], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, key + "."))
        elif isinstance(value, str):
            out[key] = value
        else:
            raise ValueError(f"{key}: a catalogue entry must be a string")
    return out


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """All entries of one language, keys flattened (``[meeting] next = …`` → ``meeting.next``)."""
    import tomllib  # (the whole catalogue: tests and tools, not the app's start)

    with open(LOCALE_DIR / f"{lang}.toml", "rb") as f:
        return _flatten(tomllib.load(f))


@lru_cache(maxsize=None)
def _sections(lang: str) -> dict[str, str]:
    """The catalogue's text cut at its top-level tables (``[board]``, ``[board.meaning]`` → "board").

    tomllib parses about 70 lines a millisecond: the whole catalogue took 15 ms of every start,
    for the few tables a start needs. ``t`` parses a table the first time one of its keys is
    asked for. (A test checks that every key reads the same as from the whole file.)"""
    with open(LOCALE_DIR / f"{lang}.toml", "rb") as f:
        text = f.read().decode("utf-8")
    sections: dict[str, list[str]] = {}
    current = sections.setdefault("", [])
    for line in text.splitlines(keepends=True):
        if line.startswith("[") and not line.startswith("[["):
            current = sections.setdefault(line[1:].split("]", 1)[0].split(".", 1)[0].strip(), [])
        current.append(line)
    return {name: "".join(lines) for name, lines in sections.items()}


@lru_cache(maxsize=None)
def _section(lang: str, name: str) -> dict[str, str]:
    text = _sections(lang).get(name)
    if not text:
        return {}
    simple = _simple_table(text)
    if simple is not None:
        return simple
    import tomllib  # only for a table with more than one-line texts: not at the app's start

    return _flatten(tomllib.loads(text))


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TABLE = re.compile(r"\[([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\]")
_JSON_STRING = json.JSONDecoder()


def _simple_table(text: str) -> dict[str, str] | None:
    """The entries of a table whose every line is blank, a comment, a table header or
    ``key = "text"`` (a one-line basic string, whose escapes JSON reads the same way; a comment
    may follow), keys flattened as ``_flatten`` does; None for anything else (tomllib reads it
    then). The tables the home screen's first frame needs are all of this form, and tomllib was
    ~2 ms of every start (its import and those tables). Tests hold every table equal to
    tomllib's reading."""
    entries: dict[str, str] = {}
    prefix = ""
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        header = _TABLE.fullmatch(line)
        if header is not None:
            prefix = header.group(1) + "."
            continue
        key, sep, value = line.partition(" = ")
        if not sep or not _BARE_KEY.fullmatch(key) or not value.startswith('"') or prefix + key in entries:
            return None
        try:
            entry, end = _JSON_STRING.raw_decode(value)
        except ValueError:  # a "\U" escape, a raw tab, a multi-line text …: not one JSON string
            return None
        rest = value[end:].strip()
        if "\\/" in value[:end] or (rest and not rest.startswith("#")):  # (JSON's "\/" is no TOML escape)
            return None
        entries[prefix + key] = entry
    return entries


def _entry(lang: str, key: str) -> str | None:
    return _section(lang, key.split(".", 1)[0] if "." in key else "").get(key)


def t(key: str, /, **params: object) -> str:
    """The text for ``key`` in the current language, with ``{name}`` placeholders filled."""
    text = _entry(language(), key)
    if text is None:
        text = _entry(DEFAULT, key) or key
    if not params:
        return text
    try:
        return text.format_map(params)
    except (KeyError, IndexError, ValueError):
        return text


class Labels(Mapping[str, str]):
    """A dict of labels whose values are looked up when read, e.g. the idea kinds::

        KIND_LABELS = Labels({"self": "labels.kind.self", ...})
        KIND_LABELS["self"]  # → 自分たちでできる (or "We can do it" in English)

    so a module-level table follows the language like ``t`` does.
    """

    def __init__(self, keys: Mapping[str, str]) -> None:
        self._keys = dict(keys)

    def __getitem__(self, name: str) -> str:
        return t(self._keys[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def keys_used(self) -> list[str]:
        return list(self._keys.values())
