"""Upgrading session documents written in an older shape (``schema_version``) to the current one.

How it works:
- :func:`upgrade` takes a parsed document and applies the steps ``MIGRATIONS[v]`` (v → v+1) until
  the document is at :data:`~facilitator.model.SCHEMA_VERSION`. It works on a copy and never
  touches the file: an older file is upgraded *in memory* every time it is read
  (``session_load.session_from_dict`` calls it).
- The file itself is rewritten in the new version only when the session is saved, and only after
  the store has kept a byte-for-byte copy of the old file in ``<store>/.kyogitai/backups/``
  (``store.Store.write_session``). A file that is never edited is never rewritten.
- A document newer than this version raises NewerSchemaError: never opened read-write, never
  written over (``store`` refuses).
- Upgrading is idempotent: a current document comes back equal, and an upgraded one upgrades to
  itself.

Versions:
- **0** — the pre-release draft (before 0.1.0; no ``schema_version`` field). Its shape, kept in
  ``tests/support/fixtures/session_v0.json``: ``body`` a plain string; ``members`` for attendees;
  ``step`` for current_step; ideas with ``speaker``, ``votes`` and ``category``
  ("ourselves" | "town" | "" ) instead of author, interest and kind, and ``handed: bool``
  instead of status; homework with ``who`` and ``done: bool``; ``next`` with the agenda as one
  newline-separated string; the board as three lists of strings (``have``, ``lack``,
  ``makeshift``) beside ``vision``; ``created``/``updated`` for created_at/updated_at.
- **1** — the current format (docs/session-format.md).

Adding version 2 later: write ``_v1_to_v2(doc) -> doc``, register it in MIGRATIONS, raise
SCHEMA_VERSION, add ``tests/support/fixtures/session_v1.json`` as it is today; test_migrate.py runs every
fixture through the whole chain.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

from facilitator.i18n import t
from facilitator.model import SCHEMA_VERSION, NewerSchemaError, SessionFormatError
from facilitator.text import normalize

Document = dict[str, Any]


def version_of(data: Any) -> int:
    """The schema version a parsed document claims: 0 when it has no ``schema_version`` (the
    pre-release draft). SessionFormatError when it is not an object or the version is not an
    integer ≥ 1; NewerSchemaError when it is newer than this program."""
    if not isinstance(data, dict):
        raise SessionFormatError(t("model.whole_document"), t("model.object_needed"))
    if "schema_version" not in data:
        return 0
    version = data["schema_version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise SessionFormatError("schema_version", t("model.integer_needed"))
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(version)
    if version < 1:  # version 0 is the draft *without* the field; nobody wrote "schema_version": 0
        raise SessionFormatError("schema_version", t("model.bad_version", version=version))
    return version


def _v0_to_v1(doc: Document) -> Document:
    """The pre-release draft → version 1. Fields this step does not know are kept as they are
    (the model keeps unknown fields too); fields with the wrong type are left for the model to
    report with their path."""
    out: Document = {"schema_version": 1}
    renamed = {"members": "attendees", "step": "current_step", "next": "next_meeting",
               "created": "created_at", "updated": "updated_at"}
    for key, value in doc.items():
        if key != "schema_version" and key not in renamed:
            out[key] = value
    for old, new in renamed.items():
        if old not in doc:
            continue
        if new not in doc:
            out[new] = doc[old]
        elif old == "members" and isinstance(doc[old], list) and isinstance(doc[new], list):
            out[new] = _roster_union(doc[new], doc[old])
        else:
            out[old] = doc[old]  # both names: the new one is the field, the old one kept beside it
    body = out.get("body")
    if isinstance(body, str):
        out["body"] = {"name": body}
    kinds = {"ourselves": "self", "town": "request", "": "unsorted", None: "unsorted"}
    ideas = out.get("ideas")
    if isinstance(ideas, list):
        new_ideas = []
        for idea in ideas:
            if isinstance(idea, dict):
                idea = dict(idea)
                if "speaker" in idea and "author" not in idea:
                    idea["author"] = idea.pop("speaker")
                if "votes" in idea and "interest" not in idea:
                    idea["interest"] = idea.pop("votes")
                if "kind" not in idea:
                    category = idea.pop("category", None)
                    idea["kind"] = kinds.get(category, "unsorted") if isinstance(category, (str, type(None))) else category
                if "status" not in idea:
                    idea["status"] = "handed" if idea.pop("handed", False) is True else "open"
                idea.setdefault("interest", 0)
            new_ideas.append(idea)
        out["ideas"] = new_ideas
    homework = out.get("homework")
    if isinstance(homework, list):
        new_hw = []
        for hw in homework:
            if isinstance(hw, dict):
                hw = dict(hw)
                if "who" in hw and "owner" not in hw:
                    hw["owner"] = hw.pop("who")
                if "status" not in hw:
                    hw["status"] = "done" if hw.pop("done", False) is True else "open"
            new_hw.append(hw)
        out["homework"] = new_hw
    nm = out.get("next_meeting")
    if isinstance(nm, dict) and isinstance(nm.get("agenda"), str):
        nm = dict(nm)
        nm["agenda"] = [line.strip() for line in nm["agenda"].splitlines() if line.strip()]
        out["next_meeting"] = nm
    board = out.get("board")
    if isinstance(board, dict) and "items" not in board:
        board = dict(board)
        items = []
        for column in ("have", "makeshift", "lack"):
            cards = board.pop(column, [])
            if not isinstance(cards, list):
                board[column] = cards  # wrong type: kept, the model names it
                continue
            for n, text in enumerate(cards, start=1):
                items.append({"id": f"{column}-{n}", "column": column, "text": text, "meanings": [], "links": []})
        board["items"] = items
        board.setdefault("vision", "")
        out["board"] = board
    for key, default in (("attendees", []), ("issues", []), ("questions", []), ("handoffs", []),
                         ("homework", []), ("ideas", []), ("review", ""), ("steps", [])):
        out.setdefault(key, default)
    out.setdefault("next_meeting", {"agenda": []})
    out.setdefault("board", {"vision": "", "items": []})
    out.setdefault("template", "c-town")
    return out


def _roster_union(attendees: list[Any], members: list[Any]) -> list[Any]:
    """A draft that has both ``attendees`` and ``members``: the attendees, then every member not
    among them (by name, ``text.normalize``d; a member that is not a name and role object is
    kept as it is, for the model to report). Nothing of either list is dropped."""
    def key(entry: Any) -> Any:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            return ("name", normalize(entry["name"]))
        return ("raw", repr(entry))

    out = list(attendees)
    seen = {key(a): a for a in attendees}
    for m in members:
        k = key(m)
        if k not in seen:
            out.append(m)
            seen[k] = m
        elif seen[k] != m and isinstance(m, dict) and isinstance(seen[k], dict):
            # The same person in both lists: what only the member entry says (a role) is added.
            merged = {**m, **seen[k]}
            for field, value in m.items():
                if merged.get(field) in (None, "") and value not in (None, ""):
                    merged[field] = value
            out[out.index(seen[k])] = merged
            seen[k] = merged
    return out


# from-version -> the step to the next version
MIGRATIONS: dict[int, Callable[[Document], Document]] = {0: _v0_to_v1}


def upgrade(data: Any) -> tuple[Any, int]:
    """``(document at the current version, the version it was written in)``.

    A current document is returned as it is (not copied); an older one is upgraded on a deep
    copy, one step at a time. Errors as :func:`version_of`.
    """
    version = version_of(data)
    if version == SCHEMA_VERSION:
        return data, version
    doc = copy.deepcopy(data)
    current = version
    while current < SCHEMA_VERSION:
        doc = MIGRATIONS[current](doc)
        current += 1
        doc["schema_version"] = current
    return doc, version


def needs_upgrade(data: Any) -> bool:
    """Whether a parsed document is older than the current version (and so needs a backup
    before it is written over). Unreadable versions are not "older": the store refuses them."""
    try:
        return version_of(data) < SCHEMA_VERSION
    except SessionFormatError:
        return False
