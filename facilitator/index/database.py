"""The index file: SQLite (stdlib ``sqlite3``) with the sessions' search texts in an FTS5 table.

Why not TinyDB any more (issue 23, measured on the 10,000-session benchmark store): a TinyDB
file is read and written whole — 45 MB for 10,000 sessions, so one changed file cost ~340 ms to
write back and the home screen parsed all of it (peak RSS 166 MB) before it could search, and a
search ran Python's ``in`` over 37 MB of text (~30–90 ms). Here a changed file is one row and one
text replaced in place (a few ms), the rows are read without the texts, and a search asks the
FTS5 trigram index (1–3 ms for the benchmark's queries at 10,000 sessions).

Layout (``PRAGMA user_version`` = ``INDEX_VERSION``; any other file is rebuilt):

- ``files(n INTEGER PRIMARY KEY, file TEXT UNIQUE, row TEXT, themes TEXT, homework TEXT)``: each
  session file's row (``rows.row_of``) as JSON, stat fields included, and what one view reads of
  it beside the row (``facts.FACTS``, index/facts.py), a column each;
- ``texts``: the search text of the readable session ``n`` (``rowid`` = ``files.n``), an FTS5
  table with the ``trigram`` tokenizer, case-sensitive (the texts and the queries are already
  NFKC-normalised and case-folded: ``text.normalize``). Where SQLite has no FTS5 it is a plain
  table searched with ``instr``: slower, the same results.

Substring search stays exact for every query length: a word of three characters or more is an
FTS5 phrase (consecutive trigrams: exactly a substring); a word of two characters matches the
texts holding a trigram that begins with it, found in the index's vocabulary (``fts5vocab``) —
every text ends with ``SENTINEL`` twice, so each of its characters begins a trigram and a word at
the very end is found too (the sentinel is a control character a cleaned text never holds); a
single character is looked up in ``chars``, each text's distinct characters as words
(``char_token``; asking the vocabulary for 「の」 read every trigram after it: ~20 ms).

The connection is shared by the UI thread and the home screen's workers: every use holds
``lock``. Written without fsync (``synchronous=OFF``): the index is derived from the session
files, and a damaged one is removed and rebuilt.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from facilitator.index.facts import FACTS
from facilitator.index.kept_head import HEAD_SUFFIX
from facilitator.index.place import INDEX_MODE, make_private_folders
from facilitator.text import json_safe

INDEX_VERSION = 6  # 2: rows carry fiscal_year, …; 3: texts apart; 4: SQLite with FTS5; 6: facts beside the rows (index/facts.py)
SENTINEL = "\x1f"
_SUFFIXES = ("", "-wal", "-shm", "-journal", HEAD_SUFFIX)  # (HEAD_SUFFIX: index/kept_head.py)
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _utf8(text: str) -> str:
    """``text`` as SQLite can take it: a lone surrogate (a JSON file may hold one) becomes U+FFFD,
    in the texts and in the words searched alike."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def fts5_available() -> bool:
    """This SQLite has FTS5 with the trigram tokenizer (3.34 and later, built with FTS5)."""
    try:
        db = sqlite3.connect(":memory:")
        try:
            db.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='trigram case_sensitive 1')")
        finally:
            db.close()
    except sqlite3.Error:
        return False
    return True


class IndexDB:
    """One store's index file. ``write_error`` says why it could not be opened or written (the
    index then lives in memory for this process: the list and search still work)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.RLock()
        self.write_error: OSError | sqlite3.Error | None = None
        self.fts = fts5_available()
        self.fresh = False  # made (or remade) empty by this opening: everything is to be read
        self.db = self._open()

    # -- opening ------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            make_private_folders(self.path)  # owner-only (0700), whatever the umask
            self.path.with_suffix(".json").unlink(missing_ok=True)  # version 3's file (45 MB at 10,000)
            if not self.path.exists():
                # 0600 from the start (SQLite would use the umask); its -wal and -shm follow it.
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, INDEX_MODE))
            db = self._connect(str(self.path))
            self._ensure_schema(db)
            return db
        except sqlite3.OperationalError as e:  # locked by another window for too long, no space…
            self.write_error = e
        except sqlite3.DatabaseError:  # not a database, or damaged: it is derived, start again
            try:
                self.remove_files()
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, INDEX_MODE))
                db = self._connect(str(self.path))
                self._ensure_schema(db)
                return db
            except (OSError, sqlite3.Error) as e:
                self.write_error = e
        except OSError as e:
            self.write_error = e
        db = self._connect(":memory:")  # unwritable cache folder: an index for this process only
        self._ensure_schema(db)
        return db

    def _connect(self, where: str) -> sqlite3.Connection:
        db = sqlite3.connect(where, check_same_thread=False, timeout=5.0, isolation_level=None)
        db.execute("PRAGMA synchronous=OFF")
        if where != ":memory:":
            db.execute("PRAGMA journal_mode=WAL")  # readers in other windows don't wait for a writer
        return db

    def _ensure_schema(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchall()[0][0]
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        if version == INDEX_VERSION and {"files", "texts"} <= tables and ("chars" in tables) == self.fts:
            return
        self.fresh = True
        with db:
            db.execute("BEGIN IMMEDIATE")
            for name in ("texts_vocab", "texts", "chars", "files", "meta"):
                db.execute(f"DROP TABLE IF EXISTS {name}")
            # FACTS: what views read of the session beside its row (index/facts.py), a column each,
            # as JSON: read by the one view that needs them, never kept in memory with the rows.
            db.execute("CREATE TABLE files(n INTEGER PRIMARY KEY, file TEXT UNIQUE NOT NULL, row TEXT NOT NULL, "
                       + ", ".join(f"{kind} TEXT" for kind in FACTS) + ")")
            if self.fts:
                db.execute("CREATE VIRTUAL TABLE texts USING fts5(text, tokenize='trigram case_sensitive 1')")
                db.execute("CREATE VIRTUAL TABLE texts_vocab USING fts5vocab(texts, 'row')")
                db.execute("CREATE VIRTUAL TABLE chars USING fts5(tokens, detail=none)")
            else:
                db.execute("CREATE TABLE texts(rowid INTEGER PRIMARY KEY, text TEXT NOT NULL)")
            db.execute(f"PRAGMA user_version = {INDEX_VERSION}")

    def remove_files(self) -> None:
        """Delete the index file (and the files beside it: SQLite's, the kept head)."""
        for suffix in _SUFFIXES:  # (place.remove_index does the same by the store's path)
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        with self.lock:
            self.db.close()

    # -- reading ------------------------------------------------------------------------------

    def read_rows(self) -> dict[str, tuple[int, Any]] | None:
        """Every stored row by file name, with its number; None if the rows are not JSON."""
        with self.lock:
            try:
                found = self.db.execute("SELECT n, row FROM files").fetchall()
            except sqlite3.Error:
                return None
        if not found:
            return {}
        try:  # one parse of all of them: ~3× faster than one json.loads a row
            rows = json.loads("[" + ",".join(r for _, r in found) + "]")
        except (ValueError, TypeError, RecursionError):
            return None
        return {row.get("file") if isinstance(row, dict) else None: (n, row)
                for (n, _), row in zip(found, rows)}

    def read_facts(self, kind: str, parsed: bool = True) -> dict[int, Any] | None:
        """Every file's facts of one ``kind`` (index/facts.py) by number (None where a session
        has none); None if they are not readable. ``parsed=False``: their JSON texts, for a
        reader that parses one at a time (the whole of them parsed at once is faster, and holds
        every object at the same moment)."""
        if kind not in FACTS:
            raise ValueError(kind)
        with self.lock:
            try:
                found = self.db.execute(f"SELECT n, {kind} FROM files WHERE {kind} IS NOT NULL").fetchall()
            except sqlite3.Error:
                return None
        if not parsed:
            return dict(found)
        try:  # one parse of all of them, as read_rows
            facts = json.loads("[" + ",".join(f for _, f in found) + "]")
        except (ValueError, TypeError, RecursionError):
            return None
        return {n: f for (n, _), f in zip(found, facts)}

    def text(self, n: int) -> str | None:
        with self.lock:
            try:
                found = next(iter(self.db.execute("SELECT text FROM texts WHERE rowid = ?", (n,)).fetchall()), None)
            except sqlite3.Error:
                return None
        return found[0].rstrip(SENTINEL) if found else None

    def numbers_with(self, term: str) -> set[int]:
        """The numbers of the texts that hold ``term`` (a normalised word without spaces)."""
        term = _utf8(term)
        with self.lock:
            if not self.fts or SENTINEL in term:
                return {n for (n,) in self.db.execute(
                    "SELECT rowid FROM texts WHERE instr(text, ?) > 0", (term,))}
            if len(term) >= 3:
                return {n for (n,) in self.db.execute("SELECT rowid FROM texts WHERE texts MATCH ?",
                                                      (_phrase(term),))}
            if len(term) == 1:
                return {n for (n,) in self.db.execute("SELECT rowid FROM chars WHERE chars MATCH ?",
                                                      (char_token(term),))}
            # Two characters: the texts that hold a trigram beginning with them (in the index's
            # vocabulary: 移動 → 移動販, 移動の, …; a few, for a word people search).
            trigrams = [t for (t,) in self.db.execute(
                "SELECT term FROM texts_vocab WHERE term >= ? AND term < ?", (term, term + "\U0010ffff"))]
            found: set[int] = set()
            for at in range(0, len(trigrams), 512):
                expr = " OR ".join(_phrase(t) for t in trigrams[at:at + 512])
                found.update(n for (n,) in self.db.execute("SELECT rowid FROM texts WHERE texts MATCH ?", (expr,)))
            return found

    # -- writing ------------------------------------------------------------------------------

    def write(self, put: Iterable[tuple[int | None, dict[str, Any], str | None, Any]],
              removed: Iterable[int]) -> list[int]:
        """One transaction: rows put (their number, or None for a new file; the row; its search
        text or None; its facts (index/facts.py) or None) and numbers removed. The numbers of the rows put,
        in order."""
        numbers: list[int] = []
        with self.lock, self.db:
            self.db.execute("BEGIN IMMEDIATE")
            gone = [(n,) for n in removed]
            self.db.executemany("DELETE FROM files WHERE n = ?", gone)
            self.db.executemany("DELETE FROM texts WHERE rowid = ?", gone)
            if self.fts:
                self.db.executemany("DELETE FROM chars WHERE rowid = ?", gone)
            for n, row, text, facts in put:
                encoded = json_safe(json.dumps(row, ensure_ascii=False))
                kept = [json_safe(json.dumps((facts or {}).get(kind), ensure_ascii=False)) for kind in FACTS]
                if n is None:
                    n = self.db.execute(_INSERT, (row["file"], encoded, *kept)).lastrowid
                else:
                    self.db.execute(_UPDATE, (encoded, *kept, n))
                    self.db.execute("DELETE FROM texts WHERE rowid = ?", (n,))
                    if self.fts:
                        self.db.execute("DELETE FROM chars WHERE rowid = ?", (n,))
                if text is not None:
                    text = _utf8(text)
                    self.db.execute("INSERT INTO texts(rowid, text) VALUES (?, ?)", (n, text + SENTINEL * 2))
                    if self.fts:
                        self.db.execute("INSERT INTO chars(rowid, tokens) VALUES (?, ?)",
                                        (n, " ".join(map(char_token, set(text)))))
                numbers.append(int(n))  # type: ignore[arg-type]
        return numbers

    def clear(self) -> None:
        """Everything out: the tables made again and the file shrunk. (A ``DELETE`` leaves FTS5's
        tombstones in its segments and the freed pages in the file: after three rebuilds the
        10,000-session index was 166 MB instead of ~120.)"""
        with self.lock:
            self.db.execute(f"PRAGMA user_version = {INDEX_VERSION - 100}")
            self._ensure_schema(self.db)  # (another version: dropped and made again)
            self.db.execute("VACUUM")


_INSERT = f"INSERT OR REPLACE INTO files(file, row, {', '.join(FACTS)}) VALUES (?, ?{', ?' * len(FACTS)})"
_UPDATE = f"UPDATE files SET row = ?, {', '.join(f'{kind} = ?' for kind in FACTS)} WHERE n = ?"


def char_token(char: str) -> str:
    """One character as a word FTS5's default tokenizer keeps whole: ``u`` and its code point
    in hex (「の」 → ``u306e``)."""
    return f"u{ord(char):x}"


def _phrase(text: str) -> str:
    """``text`` as one FTS5 string (a phrase of its trigrams)."""
    return '"' + text.replace('"', '""') + '"'
