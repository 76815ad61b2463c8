"""Index: a store's listing and search, kept in memory and in its index file."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from typing import Any

from tinydb import TinyDB

from facilitator.i18n import language, t
from facilitator.index.rows import newest_first_key, row_is_sound, row_of, searchable_text
from facilitator.index.place import INDEX_MODE, index_path
from facilitator.index.storage import AtomicJSONStorage
from facilitator.store import CONFLICT, OK, Store
from facilitator.store.entries import conflict_message, copy_message, pick_canonical
from facilitator.store.folder import SESSION_SUFFIX
from facilitator.text import body_key, matches, search_terms

INDEX_VERSION = 3  # 2: rows carry fiscal_year, next_meeting, issue_titles, requests; 3: "texts"
INDEX_FILE = "index.json"  # the name round 1 gave it in <store>/.kyogitai/ (ignored now)
_META = "meta"
_FILES = "files"
_TEXTS = "texts"  # {"file": name, "text": search text} per readable session, read when searched


@dataclass(frozen=True)
class RefreshStats:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    rebuilt: bool = False

    @property
    def dirty(self) -> bool:
        return self.rebuilt or bool(self.added or self.changed or self.removed)


class Index:
    """The store's listing and search, kept in memory after :meth:`refresh`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # Per machine and user, outside the store (index/place.py); rows hold titles and names:
        # owner-only, shared store or not.
        self.path = index_path(store.root)
        self.db = TinyDB(self.path, storage=AtomicJSONStorage, create_dirs=True, mode=INDEX_MODE)
        self._rows: dict[str, dict[str, Any]] | None = None  # file name -> row
        # file name -> {"file", "text"}: the search text of each readable session, as written.
        self._texts: dict[str, dict[str, str]] = {}
        self._raw_texts: list[Any] = []  # the "texts" documents as read, not parsed yet
        self._texts_lock = threading.Lock()  # the home screen parses them in a worker thread
        self._ordered: list[dict[str, Any]] = []  # readable, non-conflicting rows, newest first
        self._problems: list[dict[str, Any]] = []
        self.write_error: str | None = None  # why the index file could not be written, if so

    # -- reading and writing the index file --------------------------------------------------

    def _read_index(self) -> dict[str, dict[str, Any]] | None:
        """The stored rows by file name, or None if the file is missing or not in our shape."""
        try:
            data = self.db.storage.read(lazy=(_TEXTS,))
        except (OSError, ValueError):
            return None
        if not data:
            return None
        meta = data.get(_META)
        files = data.get(_FILES)
        texts = data.get(_TEXTS)
        if not isinstance(meta, dict) or not isinstance(files, dict) or not isinstance(texts, dict):
            return None
        first = meta.get("1")
        if not isinstance(first, dict) or first.get("index_version") != INDEX_VERSION:
            return None
        rows: dict[str, dict[str, Any]] = {}
        for row in files.values():
            if not row_is_sound(row) or row["file"] in rows:
                return None
            rows[row["file"]] = row
        with self._texts_lock:
            self._texts = {}
            self._raw_texts = list(texts.values())
        return rows

    def _write_index(self, rows: dict[str, dict[str, Any]]) -> None:
        """The whole index in one atomic write."""
        if not self.store.root.is_dir():
            return  # never create the store just to index nothing
        texts = self._parsed_texts()
        data = {
            _META: {"1": {"index_version": INDEX_VERSION, "store": str(self.store.root)}},
            _FILES: {str(i): row for i, row in enumerate(rows.values(), start=1)},
            _TEXTS: {str(i): texts[name] for i, name in enumerate(rows, start=1) if name in texts},
        }
        try:
            self.db.storage.write(data)
            self.db.clear_cache()
            self.write_error = None
        except OSError as e:  # a read-only store still lists and searches
            self.write_error = t("store.index_unwritable", error=e.strerror or e.__class__.__name__, path=self.path)

    # -- refresh -----------------------------------------------------------------------------

    def refresh(self) -> RefreshStats:
        """Bring the index up to date with the files; write it once, only if anything changed."""
        rebuilt = False
        if self._rows is None:
            stored = self._read_index()
            if stored is None:
                rebuilt = True
                stored = {}
            old = stored
        else:
            old = self._rows
        rows: dict[str, dict[str, Any]] = {}
        added = changed = unchanged = 0
        for name, st in self._stat_files():
            prev = old.get(name)
            if (
                prev is not None
                and prev["mtime_ns"] == st.st_mtime_ns
                and prev["size"] == st.st_size
                and prev.get("ino", 0) == st.st_ino
                and (not prev.get("error") or prev.get("lang", "ja") == language())
            ):
                rows[name] = prev
                unchanged += 1
                continue
            entry = self.store.read_entry(self.store.root / name)
            if entry is None:
                continue
            rows[name] = row_of(entry)
            if entry.session is not None and rows[name]["status"] == OK:
                self._texts[name] = {"file": name, "text": searchable_text(entry.session)}
            if prev is None:
                added += 1
            else:
                changed += 1
        removed = sum(1 for name in old if name not in rows)
        stats = RefreshStats(added, changed, removed, unchanged, rebuilt)
        if stats.dirty or old is not self._rows:
            self._set_rows(rows)  # else: the same rows, already sorted
        if stats.dirty:
            self._write_index(rows)
        return stats

    def _stat_files(self) -> list[tuple[str, os.stat_result]]:
        """``Store.files()`` with each file's stat, by name, straight from ``os.scandir`` (no
        ``Path`` per file: a refresh of 1,000 unchanged files is mostly this)."""
        found: list[tuple[str, os.stat_result]] = []
        try:
            with os.scandir(self.store.root) as it:
                for e in it:
                    if not e.name.endswith(SESSION_SUFFIX) or e.name.startswith("."):
                        continue
                    try:
                        if e.is_file():
                            found.append((e.name, e.stat()))
                    except OSError:
                        continue  # vanished meanwhile
        except (FileNotFoundError, NotADirectoryError):
            return []
        found.sort(key=lambda f: f[0])
        return found

    def rebuild(self) -> RefreshStats:
        """Forget the index and read every file again."""
        self._rows = {}
        with self._texts_lock:
            self._texts, self._raw_texts = {}, []
        stats = self.refresh()
        return RefreshStats(stats.added, stats.changed, stats.removed, stats.unchanged, True)

    def _set_rows(self, rows: dict[str, dict[str, Any]]) -> None:
        self._rows = rows
        by_id: dict[str, list[dict[str, Any]]] = {}
        for row in rows.values():
            if row.get("id"):
                by_id.setdefault(row["id"], []).append(row)
        conflicting = {sid: group for sid, group in by_id.items() if len(group) > 1}
        # A sync client's copies: the session's own file is listed (with its copies' names),
        # the others are reported as copies of it (store/entries.py, the same choice).
        main_of: dict[str, str] = {}
        for sid, group in conflicting.items():
            chosen = pick_canonical(sid, [(r["file"], r["status"] == OK) for r in group])
            if chosen is not None and any(r["file"] == chosen and r["status"] == OK for r in group):
                main_of[sid] = chosen
        ordered: list[dict[str, Any]] = []
        problems: list[dict[str, Any]] = []
        for row in rows.values():
            sid = row.get("id") or ""
            group = conflicting.get(sid)
            main = main_of.get(sid)
            if group is not None and main is not None:
                view = dict(row)
                if row["file"] == main:
                    view["copies"] = sorted(r["file"] for r in group if r["file"] != main)
                    ordered.append(view)
                    continue
                view["status"] = CONFLICT
                view["copy_of"] = sid
                message = copy_message(main)
                view["error"] = t("store.conflict_this_file", message=message, error=row["error"]) if row.get("error") else message
                problems.append(view)
            elif group is not None:
                view = dict(row)
                view["status"] = CONFLICT
                message = conflict_message(row["id"], [r["file"] for r in group])
                view["error"] = t("store.conflict_this_file", message=message, error=row["error"]) if row.get("error") else message
                problems.append(view)
            elif row["status"] == OK:
                ordered.append(row)
            else:
                problems.append(row)
        ordered.sort(key=newest_first_key, reverse=True)
        problems.sort(key=lambda r: r["file"])
        self._ordered = ordered
        self._problems = problems

    def _ensure(self) -> None:
        if self._rows is None:
            self.refresh()

    # -- handing the index over (facilitator.prefetch) -----------------------------------------

    def state(self) -> dict[str, Any]:
        """What another process needs to go on from this index (plain data: marshal can carry it).
        The stored search texts not parsed yet stay bytes."""
        self._ensure()
        with self._texts_lock:
            return {"rows": self._rows, "texts": list(self._texts.values()),
                    "raw_texts": list(self._raw_texts), "write_error": self.write_error}

    def adopt(self, state: Any) -> bool:
        """Go on from ``state()`` of the same store's index, made by another process (whose rows
        were checked when read), instead of reading the index file; ``refresh()`` still checks
        every file against the rows. False (and nothing taken) if ``state`` is not that."""
        if not isinstance(state, dict):
            return False
        rows, texts, raw = state.get("rows"), state.get("texts"), state.get("raw_texts")
        if not (isinstance(rows, dict) and isinstance(texts, list) and isinstance(raw, list)
                and all(type(r) is dict for r in rows.values())):
            return False
        with self._texts_lock:
            self._texts = {d["file"]: d for d in texts if isinstance(d, dict) and isinstance(d.get("file"), str)
                           and isinstance(d.get("text"), str)}
            self._raw_texts = raw
        try:
            self._set_rows(rows)
        except (KeyError, TypeError, AttributeError):
            self._rows, self._ordered, self._problems = None, [], []
            return False
        error = state.get("write_error")
        self.write_error = error if isinstance(error, str) else None
        return True

    def _parsed_texts(self) -> dict[str, dict[str, str]]:
        """The search texts by file name, the stored ones parsed now if not yet. A text missing
        or garbled in the index file is made again from its session file."""
        with self._texts_lock:
            texts = self._texts
            for doc in self._raw_texts:
                try:
                    doc = json.loads(doc) if isinstance(doc, bytes) else doc
                except ValueError:
                    continue
                if isinstance(doc, dict) and isinstance(doc.get("file"), str) and isinstance(doc.get("text"), str):
                    texts.setdefault(doc["file"], doc)  # a text made by a refresh meanwhile is newer
            self._raw_texts = []
            for name, row in (self._rows or {}).items():
                if row["status"] == OK and name not in texts:
                    entry = self.store.read_entry(self.store.root / name)
                    session = entry.session if entry is not None else None
                    texts[name] = {"file": name, "text": searchable_text(session) if session else ""}
            return texts

    def load_texts(self) -> None:
        """Parse the stored search texts now (the home screen does, in a worker, after showing
        the list), so that the first search does not."""
        self._ensure()
        self._parsed_texts()

    def text_of(self, row: dict[str, Any]) -> str:
        """A session's search text (normalised: ``text.normalize``); "" for a problem row."""
        self._ensure()
        doc = self._parsed_texts().get(row.get("file") or "")
        return doc["text"] if doc is not None and row.get("status") == OK else ""

    # -- queries -----------------------------------------------------------------------------

    def rows(self) -> list[dict[str, Any]]:
        """Every file's row (readable ones newest first, then the problems), as copies."""
        self._ensure()
        return [dict(r) for r in self._ordered] + [dict(r) for r in self._problems]

    def search(self, query: str = "", body: str | None = None,
               fiscal_year: int | None = None) -> list[dict[str, Any]]:
        """Readable sessions whose text holds every word of ``query``, newest first.

        ``body`` keeps only that body (matched by ``text.body_key``), ``fiscal_year`` only the
        sessions dated in that 年度 (April–March). Problem files are not returned here: see
        :meth:`problems`.
        """
        self._ensure()
        terms = search_terms(query or "")
        key = body_key(body) if body else None
        texts = self._parsed_texts() if terms else {}
        return [
            dict(r)
            for r in self._ordered
            if (key is None or r["body_key"] == key)
            and (fiscal_year is None or r.get("fiscal_year") == fiscal_year)
            and (not terms or (r["file"] in texts and matches(texts[r["file"]]["text"], terms)))
        ]

    def problems(self) -> list[dict[str, Any]]:
        """Damaged, newer-schema and conflicting files (status and an error line in the UI language)."""
        self._ensure()
        return [dict(r) for r in self._problems]

    def fiscal_years(self) -> list[int]:
        """The 年度 that have readable sessions, newest first."""
        self._ensure()
        return sorted({r["fiscal_year"] for r in self._ordered if isinstance(r.get("fiscal_year"), int)},
                      reverse=True)

    def bodies(self) -> list[str]:
        """Body names of the readable sessions, one spelling per body (the newest session's)."""
        self._ensure()
        seen: dict[str, str] = {}
        for r in self._ordered:  # newest first: the first spelling met wins
            seen.setdefault(r["body_key"], r["body"])
        return sorted(seen.values(), key=body_key)
