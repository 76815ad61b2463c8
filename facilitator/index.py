"""The derived index of a store: what listing and search need, without loading every session.

It lives at ``<store>/.kyogitai/index.json`` (TinyDB). The session files stay the truth: the index
is rebuilt from them whenever it is missing, unreadable or not in our shape, and refreshed by
re-reading only the files whose (mtime_ns, size, inode) changed. It is written in one piece
through :class:`AtomicJSONStorage` (read whole, replace atomically, no handle kept open), from one
thread, and only when something changed.

Search (README.md, docs/architecture.md): every word must match, case-insensitive substring over
NFKC-normalised text. Each session's search text is a document of its own (table "texts", after
the rows): listing needs only the rows, and the texts are parsed when first searched.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.storages import Storage

from facilitator.dates import fiscal_year as _fiscal_year
from facilitator.i18n import language, t
from facilitator.store import (
    CONFLICT,
    DAMAGED,
    NEWER,
    OK,
    ScanEntry,
    Store,
    atomic_write,
)
from facilitator.store.entries import conflict_message
from facilitator.store.folder import SESSION_SUFFIX
from facilitator.text import body_key, json_safe, matches, normalize, search_terms

if TYPE_CHECKING:
    from facilitator.model import Session

INDEX_VERSION = 3  # 2: rows carry fiscal_year, next_meeting, issue_titles, requests; 3: "texts"
INDEX_FILE = "index.json"
_META = "meta"
_FILES = "files"
_TEXTS = "texts"  # {"file": name, "text": search text} per readable session, read when searched


class AtomicJSONStorage(Storage):
    """A TinyDB storage that reads the whole file on ``read()`` and replaces it atomically on
    ``write()``, holding no open handle in between (TinyDB's JSONStorage keeps its file open,
    which blocks ``os.replace`` on Windows)."""

    def __init__(self, path: str | os.PathLike[str], create_dirs: bool = False, mode: int = 0o600,
                 **kwargs: Any) -> None:
        super().__init__()
        kwargs.pop("access_mode", None)
        kwargs.pop("encoding", None)  # always UTF-8
        self.path = Path(path)
        self._create_dirs = create_dirs
        self._mode = mode
        self._dump_kwargs = kwargs  # e.g. indent=2
        # id(document) -> (the document, its name, its line, its JSON) from the last write. Rows are never
        # changed in place (a changed file gets a new row), so writing the index after one file
        # changed encodes one row, not the whole store. The document is kept so its id stays its.
        self._encoded: dict[int, tuple[dict[str, Any], str, bytes, bytes]] = {}

    def read(self, lazy: Collection[str] = ()) -> dict[str, dict[str, Any]] | None:
        """The stored tables; None when the file is missing or empty. ValueError if garbled.
        The documents of the tables in ``lazy`` may come as their JSON bytes (``_read_by_line``)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        try:
            data = _read_by_line(raw, lazy)
            if data is None:  # not in our one-document-a-line layout (or garbled): as a whole
                data = json.loads(raw.decode("utf-8"))
        except RecursionError:
            raise ValueError("index: nesting too deep") from None
        if not isinstance(data, dict):
            raise ValueError("index: not a JSON object")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self._create_dirs:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # No fsync (12 ms of a one-file refresh for 1,000 sessions): the index is made from the
        # session files, and an old or unreadable one is brought up to date or rebuilt.
        atomic_write(self.path, self._encode(data), mode=self._mode, durable=False)

    def _encode(self, data: dict[str, dict[str, Any]]) -> bytes:
        """The tables as JSON in UTF-8, one document a line (``_read_by_line``), each document
        ``json_safe(json.dumps(doc, ensure_ascii=False))`` (lone surrogates escaped too), and
        re-encoding only the documents not written last time. The documents of a write must not
        be changed in place before the next one."""
        tables = list(data.items())
        if self._dump_kwargs or not all(
            isinstance(name, str) and isinstance(docs, dict) and all(isinstance(k, str) for k in docs)
            for name, docs in tables
        ):
            self._encoded = {}
            return json_safe(json.dumps(data, ensure_ascii=False, **self._dump_kwargs)).encode("utf-8")
        previous, self._encoded = self._encoded, {}
        encoded = self._encoded

        def key(name: str) -> bytes:
            if name.isascii() and name.isalnum():  # TinyDB's document ids: "1", "2", …
                return b'"' + name.encode("ascii") + b'"'
            return json_safe(json.dumps(name, ensure_ascii=False)).encode("utf-8")

        def line(name: str, doc: Any) -> bytes:
            """``"name": {…}``, from the last write when the same document had the same name
            (one changed file: 2 of 2,000 lines made again)."""
            cached = previous.get(id(doc))
            if cached is None or cached[0] is not doc:
                text = json_safe(json.dumps(doc, ensure_ascii=False)).encode("utf-8")
                cached = (doc, name, key(name) + b": " + text, text)
            elif cached[1] != name:
                cached = (doc, name, key(name) + b": " + cached[3], cached[3])
            encoded[id(doc)] = cached
            return cached[2]

        return b"{" + b", ".join(
            key(name) + b": {\n" + b",\n".join([line(k, doc) for k, doc in docs.items()]) + b"\n}"
            for name, docs in tables
        ) + b"}"

    def close(self) -> None:  # nothing is held open
        pass


_decode = json.JSONDecoder().decode  # json.loads without its checks, for each line


def _read_by_line(data: bytes | str, lazy: Collection[str] = ()) -> dict[str, dict[str, Any]] | None:
    """The tables of an index written by ``AtomicJSONStorage`` (one document a line), parsed line
    by line; None if the data is not exactly in that layout. One ``json.loads`` of the whole
    4.5 MB index of 1,000 sessions holds the GIL, worker thread or not, and the home screen's
    first frame waited for it; between lines, the UI thread gets its turn.

    The documents of the tables named in ``lazy`` are not parsed (nor decoded from UTF-8): they
    come back as the bytes of each document's JSON, for ``json.loads`` when needed. The search
    text of 1,000 sessions is 85 % of the file; decoding it was a third of the time to read it.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    lines = raw.split(b"\n")
    tables: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    keep_raw = False
    comma = False  # the last document line ended with a comma: another document must follow
    try:
        for i, line in enumerate(lines):
            if line.endswith(b": {") and (line.startswith(b"{") if i == 0 else line.startswith(b"}, ")):
                if comma or (i == 0) == (current is not None):
                    return None
                name = json.loads(line[1:-3] if i == 0 else line[3:-3])
                if not isinstance(name, str):
                    return None
                current = tables[name] = {}
                keep_raw = name in lazy
            elif line == b"}}" and i == len(lines) - 1:
                return tables if current is not None and not comma else None
            elif line == b"" and current is not None and not current and not comma:
                continue  # an empty table
            elif current is not None and line.startswith(b'"'):
                k, sep, rest = line.partition(b'": ')
                if not sep:
                    return None
                comma = rest.endswith(b",")
                key = k[1:].decode("ascii") if k[1:].isdigit() else _decode(k.decode("utf-8") + '"')
                doc = rest[:-1] if comma else rest
                current[key] = doc if keep_raw else _decode(doc.decode("utf-8"))
            else:
                return None
    except ValueError:  # JSONDecodeError, UnicodeDecodeError: let the whole-document parse say so
        return None
    return None


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


# ---------------------------------------------------------------------------------------
# Rows


def searchable_text(s: Session) -> str:
    """Everything a search looks at, normalised (``text.normalize``)."""
    parts: list[str | None] = [s.title, s.body.name, s.place]
    for issue in s.issues:
        parts += [issue.title, issue.detail]
    parts += [q.text for q in s.questions]
    for idea in s.ideas:
        parts += [idea.text, idea.author]
    parts += [h.action for h in s.handoffs]
    parts += [h.text for h in s.homework]
    parts.append(s.review)
    parts += s.next_meeting.agenda
    parts.append(s.board.vision)
    for item in s.board.items:
        parts.append(item.text)
        parts += item.meanings
    return normalize(" ".join(p for p in parts if p))


def row_of(entry: ScanEntry) -> dict[str, Any]:
    """The index row of one file (status "ok", "damaged" or "newer"; conflicts are computed)."""
    st = entry.stat
    row: dict[str, Any] = {
        "file": entry.path.name,
        "mtime_ns": st.st_mtime_ns if st else 0,
        "size": st.st_size if st else -1,
        "ino": st.st_ino if st else 0,
        # Conflicts are computed at query time; a row stores what the file itself is.
        "status": entry.status if entry.status != CONFLICT else (OK if entry.session else DAMAGED),
        "error": entry.error,
        "id": entry.id,
    }
    if entry.error:
        row["lang"] = language()  # the error is worded in the UI language: re-read in another one
    s = entry.session
    if s is None or entry.status not in (OK, CONFLICT):
        return row
    row.update(
        body=s.body.name,
        body_key=body_key(s.body.name),
        layer=s.body.layer,
        title=s.title,
        date=s.date,
        start_time=s.start_time,
        end_time=s.end_time,
        place=s.place,
        template=s.template,
        created_at=s.created_at,
        updated_at=s.updated_at,
        previous_session=s.previous_session,
        counts={
            "ideas": len(s.ideas),
            "handoffs": len(s.handoffs),
            "open_homework": sum(1 for h in s.homework if h.status == "open"),
            "issues": len(s.issues),
            "board_items": len(s.board.items),
        },
        # For the home filters and the year plan (年間計画), without loading the session.
        fiscal_year=_fiscal_year(s.date),
        next_meeting={
            "date": s.next_meeting.date,
            "start_time": s.next_meeting.start_time,
            "place": s.next_meeting.place,
            "agenda": list(s.next_meeting.agenda),
        },
        issue_titles=[i.title for i in s.issues],
        requests=sum(1 for i in s.ideas if i.kind == "request"),
    )
    return row


_ROW_TYPES: dict[str, tuple[type, ...]] = {
    "file": (str,),
    "mtime_ns": (int,),
    "size": (int,),
    "ino": (int,),
    "status": (str,),
}
_OK_ROW_TYPES: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "body": (str,),
    "body_key": (str,),
    "title": (str,),
    "date": (str,),
    "created_at": (str,),
    "counts": (dict,),
}


def _row_is_sound(row: Any) -> bool:
    if not isinstance(row, dict):
        return False
    if not all(isinstance(row.get(k), t) for k, t in _ROW_TYPES.items()):
        return False
    if row["status"] == OK:
        return all(isinstance(row.get(k), t) for k, t in _OK_ROW_TYPES.items())
    return row["status"] in (DAMAGED, NEWER)


@lru_cache(maxsize=8192)  # sorting 1,000 rows parsed every created_at on every refresh
def _instant(value: Any) -> str:
    """created_at as a sortable UTC string (offsets differ between machines)."""
    try:
        dt = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).isoformat()


def _newest_first_key(row: dict[str, Any]) -> tuple[str, str, str]:
    return (row.get("date") or "", _instant(row.get("created_at")), row.get("id") or "")


# ---------------------------------------------------------------------------------------
# The index


class Index:
    """The store's listing and search, kept in memory after :meth:`refresh`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.path = store.aux_dir / INDEX_FILE
        # Rows hold titles and names: the store's file mode (0600, 0640 when shared).
        self.db = TinyDB(self.path, storage=AtomicJSONStorage, create_dirs=True, mode=store.file_mode())
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
            if not _row_is_sound(row) or row["file"] in rows:
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
            _META: {"1": {"index_version": INDEX_VERSION}},
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
        ordered: list[dict[str, Any]] = []
        problems: list[dict[str, Any]] = []
        for row in rows.values():
            group = conflicting.get(row.get("id") or "")
            if group is not None:
                view = dict(row)
                view["status"] = CONFLICT
                message = conflict_message(row["id"], [r["file"] for r in group])
                view["error"] = t("store.conflict_this_file", message=message, error=row["error"]) if row.get("error") else message
                problems.append(view)
            elif row["status"] == OK:
                ordered.append(row)
            else:
                problems.append(row)
        ordered.sort(key=_newest_first_key, reverse=True)
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


def group_by_body(rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Rows (newest first, as :meth:`Index.search` returns them) grouped by body: bodies ordered
    by their newest session, each body's sessions newest first. The name shown for a body is the
    spelling of its newest session."""
    groups: dict[str, tuple[str, list[dict[str, Any]]]] = {}
    for r in rows:
        key = r.get("body_key") or body_key(r.get("body") or "")
        if key not in groups:
            groups[key] = (r.get("body") or "", [])
        groups[key][1].append(r)
    return list(groups.values())


def match_snippet(text: str, query: str, width: int = 40) -> str:
    """Where ``query`` matched in a search text (``Index.text_of``): about ``width`` characters
    around the first occurrence of its first word, with … where text was cut ("" without a query
    or a match). The text is the normalised form (NFKC, case-folded) the search looks at."""
    terms = search_terms(query or "")
    if not terms:
        return ""
    pos = text.find(terms[0])
    if pos < 0:
        return ""
    start = max(0, pos - width // 3)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
