"""Index: a store's listing and search, its rows kept in memory and in its index file."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from facilitator.i18n import language, t
from facilitator.index.database import INDEX_VERSION, IndexDB
from facilitator.index.facts import SessionHomework, session_homework
from facilitator.index.kept_head import keep_head, kept_listing, listing_of, read_head, stamp
from facilitator.index.order import Order, order_rows, patch_order
from facilitator.index.place import index_path
from facilitator.index.rows import row_is_sound, row_of, searchable_text
from facilitator.store import OK, Store
from facilitator.store.folder import SESSION_SUFFIX
from facilitator.text import body_key, matches, search_terms

__all__ = ["INDEX_FILE", "INDEX_VERSION", "Index", "RefreshStats"]

INDEX_FILE = "index.json"  # the name round 1 gave it in <store>/.kyogitai/ (ignored now)
# A first build reads every file: the rows read so far are handed to ``progress`` this often (s),
# the newest files first, so the list is usable long before the last file is read.
FIRST_BATCH_SECONDS = 0.3
BATCH_SECONDS = 1.0
PROGRESS_FROM = 200  # fewer files to read than this: no progress reports
HEAD_LINES = 60  # the list's first lines shown before the rest has come (``head``): two screens

Progress = Callable[[int, int], None]
# A file read again: its name, row, search text and facts (index/facts.py; None: a problem file).
Stored = tuple[str, dict[str, Any], str | None, dict[str, Any] | None]


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
    """The store's listing and search: the rows kept in memory after :meth:`refresh`, the search
    texts in the index file (``database.IndexDB``)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # Per machine and user, outside the store (index/place.py); rows hold titles and names:
        # owner-only, shared store or not.
        self.path = index_path(store.root)
        self._db: IndexDB | None = None
        self._rows: dict[str, dict[str, Any]] | None = None  # file name -> row
        self._number: dict[str, int] = {}  # file name -> its row (and text) in the index file
        self._unindexed: set[str] = set()  # readable files whose text could not be written there
        self._order = Order([], [], {})  # the readable rows oldest first, the problems
        self.write_error: str | None = None  # why the index file could not be written, if so
        self._listing: list[int] | None = None  # listing_key() as the last refresh saw it
        self._failed = False  # a write to the index file failed during this refresh
        # (rows, their inodes by name): what a quick refresh compares the folder's listing with
        self._inodes: tuple[dict[str, dict[str, Any]], dict[str, int]] | None = None

    @property
    def db(self) -> IndexDB:
        """The index file, opened on first use (a missing store creates nothing)."""
        if self._db is None:
            self._db = IndexDB(self.path)
            self._note_error(self._db.write_error)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _note_error(self, error: OSError | sqlite3.Error | None) -> None:
        if error is None:
            return
        reason = (error.strerror if isinstance(error, OSError) else None) or str(error) or error.__class__.__name__
        self.write_error = t("store.index_unwritable", error=reason, path=self.path)

    # -- reading the index file ----------------------------------------------------------------

    def _read_index(self) -> dict[str, dict[str, Any]] | None:
        """The stored rows by file name, or None if they are not in our shape."""
        stored = self.db.read_rows()
        if stored is None or (self.db.fresh and not stored):
            return None
        rows: dict[str, dict[str, Any]] = {}
        numbers: dict[str, int] = {}
        for name, (n, row) in stored.items():
            if not row_is_sound(row) or row["file"] != name:
                return None
            rows[name] = row
            numbers[name] = n
        self._number = numbers
        return rows

    # -- refresh -----------------------------------------------------------------------------

    def refresh(self, progress: Progress | None = None, quick: bool = False) -> RefreshStats:
        """Bring the index up to date with the files, re-reading only those whose (mtime_ns,
        size, inode) changed, and write what changed to the index file in one transaction a
        batch. ``quick``: only what the folder's listing tells without a ``stat`` per file —
        files added, removed, or replaced (a save replaces its file: a new inode); a file
        rewritten in place by another program waits for the next full refresh. On Linux a
        ``stat`` of 10,000 files is ~30 ms; on Windows the listing carries mtime and size, and
        a quick refresh is a full one. A first build reads the newest files first (by name: ids begin with the date)
        and, with ``progress``, hands the rows read so far over every second or so:
        ``progress(read, to_read)`` is called with :meth:`search` already answering from them."""
        if not self.store.root.is_dir():  # (never created just to index nothing)
            removed = len(self._rows or {})
            self._number, self._unindexed = {}, set()
            self._set_rows({})
            return RefreshStats(removed=removed)
        rebuilt = False
        self._failed = False
        if self._rows is None:
            stored = self._read_index()
            if stored is None:
                rebuilt = True
                stored = {}
                self._number, self._unindexed = {}, set()
                self._write(lambda: self.db.clear())
            old = stored
        else:
            old = self._rows
        if quick and os.name != "nt":
            rows, todo, names = self._look_quickly(old)
        else:
            rows, todo, names = self._look(old)
        unchanged = len(rows)
        gone = [name for name in old if name not in names] if len(old) > unchanged else []
        if gone:
            numbers = [self._number[name] for name in gone if name in self._number]
            went = set(gone)
            self._number = {name: n for name, n in self._number.items() if name not in went}
            self._unindexed = self._unindexed.difference(gone)
            self._write(lambda: self.db.write((), numbers))
        todo.sort(key=lambda item: item[0], reverse=True)  # the newest first
        added = changed = 0
        report = progress if progress is not None and len(todo) >= PROGRESS_FROM else None
        batch: list[Stored] = []
        started = time.perf_counter()
        limit = FIRST_BATCH_SECONDS
        for i, (name, prev) in enumerate(todo):
            entry = self.store.read_entry(self.store.root / name)
            if entry is None:
                continue
            row = row_of(entry)
            readable = entry.session is not None and row["status"] == OK
            text = searchable_text(entry.session) if readable else None  # type: ignore[arg-type]
            facts = _facts_of(entry.session) if readable else None
            rows[name] = row
            batch.append((name, row, text, facts))
            if prev is None:
                added += 1
            else:
                changed += 1
            if report is not None and i + 1 < len(todo) and time.perf_counter() - started >= limit:
                self._store_batch(batch)
                batch = []
                self._set_rows({**{n: r for n, r in old.items() if n not in rows and n not in gone}, **rows})
                report(i + 1, len(todo))
                started, limit = time.perf_counter(), BATCH_SECONDS
        self._store_batch(batch)
        stats = RefreshStats(added, changed, len(gone), unchanged, rebuilt)
        if old is self._rows and report is None and stats.dirty:
            self._update_rows(rows, {name: rows[name] for name, _ in todo if name in rows}, gone)
        elif stats.dirty or old is not self._rows or report is not None:
            self._set_rows(rows)  # else: the same rows, already in order
        if self._inodes is None or self._inodes[0] is not self._rows:
            self._remember_inodes(old, self._rows or {}, [name for name, _ in todo] + gone)
        if stats.dirty or self._listing != kept_listing(self.path):
            self._keep_head()
        if stats.dirty and not self._failed and self.db.write_error is None:
            self.write_error = None  # written again (the share is writable again)
        if report is not None:
            report(len(todo), len(todo))
        return stats

    def _keep_head(self) -> None:
        """The list's first lines and the listing they come from, kept beside the index file for
        the next start (``stored_head``, index/kept_head.py)."""
        listing = self._listing
        if listing is not None and self.db.write_error is None:
            self._write(lambda: keep_head(self.path, self.head(), listing))

    def stored_head(self) -> dict[str, Any] | None:
        """The list's first lines as last kept (``head``) — if the folder still lists the same
        files (names and inodes: no file added, removed or replaced since), else None. A few ms
        whatever the store's size, without opening the index file: the home screen shows them at
        once, and the refresh that follows redraws the list if a file was rewritten in place."""
        return read_head(self.path, self.store.root)

    def _store_batch(self, batch: list[Stored]) -> None:
        """Rows read again, and their search texts and facts, into the index file in one
        transaction."""
        if not batch:
            return
        puts = [(self._number.get(name), row, text, facts) for name, row, text, facts in batch]
        numbers = self._write(lambda: self.db.write(puts, ()))
        # New dicts, not changed in place: the UI thread may be searching the old ones meanwhile.
        number, unindexed = dict(self._number), set(self._unindexed)
        for name, *_ in batch:
            number.pop(name, None)
            unindexed.discard(name)
        if numbers is None:  # not written: searched from the session files themselves
            unindexed.update(name for name, _, text, _ in batch if text is not None)
        else:
            for (name, *_), n in zip(batch, numbers):
                number[name] = n
        self._number, self._unindexed = number, unindexed

    def _write(self, do: Callable[[], Any]) -> Any:
        """``do()`` on the index file; None (and ``write_error`` set) if it failed."""
        try:
            return do()
        except (sqlite3.Error, OSError) as e:
            self._note_error(e)
            self._failed = True
            return None

    def _look_quickly(self, old: dict[str, dict[str, Any]]) -> tuple[
            dict[str, dict[str, Any]], list[tuple[str, dict[str, Any] | None]], set[str]]:
        """As ``_look``, by name and inode only (both in the listing on POSIX: no ``stat``), in
        as few Python steps a file as can be: ~2.5× faster at 10,000 files."""
        listing: dict[str, int] = {}
        try:
            with os.scandir(self.store.root) as it:
                for e in it:
                    name = e.name
                    try:
                        if name.endswith(SESSION_SUFFIX) and name[0] != "." and e.is_file():
                            listing[name] = e.inode()
                    except OSError:
                        continue
        except (FileNotFoundError, NotADirectoryError):
            self._listing = None
            return {}, [], set()
        known = self._inodes_of(old)
        get = known.get
        changed = {name for name, ino in listing.items() if get(name) != ino}
        keep = {name: old[name] for name in listing if name not in changed} if changed else {n: old[n] for n in listing}
        self._listing = listing_of(listing)
        return keep, [(name, old.get(name)) for name in changed], set(listing)

    def _inodes_of(self, rows: dict[str, dict[str, Any]]) -> dict[str, int]:
        """The inode of each row still true (an error row worded in another language is not),
        by name: kept from the last refresh (``_remember_inodes``), else made (~2 ms at 10,000)."""
        found = self._inodes
        if found is not None and found[0] is rows:
            return found[1]
        lang = language()
        return {name: row.get("ino", 0) for name, row in rows.items()
                if not row.get("error") or row.get("lang", "ja") == lang}

    def _remember_inodes(self, old: dict[str, dict[str, Any]], rows: dict[str, dict[str, Any]],
                         touched: list[str]) -> None:
        """``_inodes_of(rows)`` from ``old``'s and the few names that changed, for the next quick refresh."""
        found = self._inodes
        if found is None or found[0] is not old or len(touched) > 1000:
            self._inodes = None
            self._inodes = (rows, self._inodes_of(rows))  # (made from the rows themselves)
            return
        known = dict(found[1])
        lang = language()
        for name in touched:
            row = rows.get(name)
            if row is not None and (not row.get("error") or row.get("lang", "ja") == lang):
                known[name] = row.get("ino", 0)
            else:
                known.pop(name, None)
        self._inodes = (rows, known)

    def _look(self, old: dict[str, dict[str, Any]]) -> tuple[
            dict[str, dict[str, Any]], list[tuple[str, dict[str, Any] | None]], set[str]]:
        """The session files (``Store.files()``, straight from ``os.scandir``) against the rows:
        the rows still true by name, the files to read (with their old row) and every name. One
        loop over 10,000 files: this is most of a refresh when little changed."""
        keep: dict[str, dict[str, Any]] = {}
        todo: list[tuple[str, dict[str, Any] | None]] = []
        names: set[str] = set()
        lang = language()
        get = old.get
        count = total = 0
        try:
            with os.scandir(self.store.root) as it:
                for e in it:
                    name = e.name
                    if not name.endswith(SESSION_SUFFIX) or name.startswith("."):
                        continue
                    try:
                        if not e.is_file():
                            continue
                        mark = stamp(e)
                        count, total = count + 1, total + mark
                        st = e.stat()
                    except OSError:
                        continue  # vanished meanwhile
                    names.add(name)
                    prev = get(name)
                    if (
                        prev is not None
                        and prev["mtime_ns"] == st.st_mtime_ns
                        and prev["size"] == st.st_size
                        and prev.get("ino", 0) == st.st_ino
                        and (not prev.get("error") or prev.get("lang", "ja") == lang)
                    ):
                        keep[name] = prev
                    else:
                        todo.append((name, prev))
        except (FileNotFoundError, NotADirectoryError):
            self._listing = None
        else:
            self._listing = [count, total % (1 << 63)]
        return keep, todo, names

    def rebuild(self) -> RefreshStats:
        """Forget the index and read every file again."""
        self._rows = {}
        self._number, self._unindexed = {}, set()
        self._write(lambda: self.db.clear())
        stats = self.refresh()
        return RefreshStats(stats.added, stats.changed, stats.removed, stats.unchanged, True)

    def _set_rows(self, rows: dict[str, dict[str, Any]]) -> None:
        self._rows = rows
        self._order = order_rows(rows)

    def _update_rows(self, rows: dict[str, dict[str, Any]], put: dict[str, dict[str, Any]], gone: list[str]) -> None:
        """``rows`` after a few files changed (``put``) or went (``gone``): the order patched
        (``order.patch_order``) when it can be, else made again."""
        patched = patch_order(self._order, self._rows or {}, put, gone)
        if patched is None:
            self._set_rows(rows)
        else:
            self._rows, self._order = rows, patched

    @property
    def ready(self) -> bool:
        """The rows are in memory (a refresh or ``adopt`` has been made)."""
        return self._rows is not None

    def _ensure(self) -> None:
        if self._rows is None:
            self.refresh()

    # -- handing the index over (facilitator.prefetch) -----------------------------------------

    def state(self) -> dict[str, Any]:
        """What another process needs to go on from this index (plain data: marshal can carry it)."""
        self._ensure()
        return {"rows": self._rows, "numbers": self._number, "unindexed": sorted(self._unindexed),
                "write_error": self.write_error}

    def adopt(self, state: Any) -> bool:
        """Go on from ``state()`` of the same store's index, made by another process (whose rows
        were checked when read), instead of reading the index file; ``refresh()`` still checks
        every file against the rows. False (and nothing taken) if ``state`` is not that."""
        if not isinstance(state, dict) or self.db.fresh:
            return False  # (the file the state's numbers point into is gone: read it all again)
        rows, numbers, unindexed = state.get("rows"), state.get("numbers"), state.get("unindexed")
        if not (isinstance(rows, dict) and isinstance(numbers, dict) and isinstance(unindexed, list)
                and all(type(r) is dict for r in rows.values())
                and all(type(n) is int for n in numbers.values())):
            return False
        try:
            self._set_rows(rows)
        except (KeyError, TypeError, AttributeError):
            self._rows, self._order = None, Order([], [], {})
            return False
        self._number = dict(numbers)
        self._unindexed = {name for name in unindexed if isinstance(name, str)}
        error = state.get("write_error")
        self.write_error = error if isinstance(error, str) else None
        return True

    def text_of(self, row: dict[str, Any]) -> str:
        """A session's search text (normalised: ``text.normalize``); "" for a problem row."""
        self._ensure()
        name = row.get("file") or ""
        if row.get("status") != OK or name not in (self._rows or {}):
            return ""
        n = self._number.get(name)
        text = self.db.text(n) if n is not None else None
        return text if text is not None else self._text_from_file(name)

    def theme_rows(self) -> list[dict[str, Any]]:
        """The readable rows oldest first, each with its session's ``themes``
        (``theme_view.theme_facts``): what ``theme_view.themes_from_rows`` makes the themes view
        of, without a session file read (``_with_facts``)."""
        return [{**r, "themes": facts} for r, facts in self._with_facts("themes")]

    def homework_sessions(self) -> list[SessionHomework]:
        """Every readable session as the homework tracker sees it (``index/facts.py``), oldest
        first, without a session file read (``_with_facts``)."""
        out = []
        # One session's homework parsed and decoded at a time (all parsed at once, then decoded:
        # `kyogitai homework` at 10,000 sessions peaked at 151 MB; now ~130).
        for r, kept in self._with_facts("homework", parsed=False):
            try:
                out.append(session_homework(r, json.loads(kept) if isinstance(kept, str) else kept))
            except (ValueError, TypeError, KeyError, RecursionError):  # (SessionFormatError too) not as written: the file
                out.append(session_homework(r, _facts_of(self._session_of(r["file"]), "homework")))
        return out

    def _with_facts(self, kind: str, parsed: bool = True) -> list[tuple[dict[str, Any], Any]]:
        """The readable rows oldest first with their facts of ``kind`` as the index file keeps
        them (``parsed=False``: as JSON texts), read from the session file where it has none (it
        could not be written)."""
        from facilitator.gc_pause import gc_paused

        self._ensure()
        with gc_paused():  # (none of it garbage)
            kept = self.db.read_facts(kind, parsed) or {}
            out = []
            for r in self._order.oldest_first:
                n = self._number.get(r["file"])
                facts = kept[n] if n is not None and n in kept else _facts_of(self._session_of(r["file"]), kind)
                out.append((r, facts))
        return out

    def _session_of(self, name: str) -> Any:
        entry = self.store.read_entry(self.store.root / name)
        return entry.session if entry is not None else None

    def _text_from_file(self, name: str) -> str:
        entry = self.store.read_entry(self.store.root / name)
        session = entry.session if entry is not None else None
        return searchable_text(session) if session is not None else ""

    def _files_with(self, terms: list[str]) -> set[str]:
        """The files whose search text holds every term (the longest term asked first)."""
        found: set[int] | None = None
        for term in sorted(terms, key=len, reverse=True):
            numbers = self.db.numbers_with(term)
            found = numbers if found is None else found & numbers
            if not found:
                break
        wanted = found or set()
        names = {name for name, n in self._number.items() if n in wanted} if wanted else set()
        for name in self._unindexed:  # texts the index file could not take: from their files
            if matches(self._text_from_file(name), terms):
                names.add(name)
        return names

    # -- queries -----------------------------------------------------------------------------

    def rows(self) -> list[dict[str, Any]]:
        """Every file's row (readable ones newest first, then the problems), as copies."""
        self._ensure()
        return [dict(r) for r in reversed(self._order.oldest_first)] + [dict(r) for r in self._order.problems]

    def search(self, query: str = "", body: str | None = None,
               fiscal_year: int | None = None) -> list[dict[str, Any]]:
        """Readable sessions whose text holds every word of ``query``, newest first.

        ``body`` keeps only that body (matched by ``text.body_key``), ``fiscal_year`` only the
        sessions dated in that 年度 (April–March). Problem files are not returned here: see
        :meth:`problems`. The rows are the index's own (copying 10,000 of them was a third of a
        search): read them, never change them.
        """
        self._ensure()
        terms = search_terms(query or "")
        key = body_key(body) if body else None
        files = self._files_with(terms) if terms else None
        return [
            r
            for r in reversed(self._order.oldest_first)
            if (key is None or r["body_key"] == key)
            and (fiscal_year is None or r.get("fiscal_year") == fiscal_year)
            and (files is None or r["file"] in files)
        ]

    def head(self, lines: int = HEAD_LINES) -> dict[str, Any]:
        """The start of the home list, for showing it before all the rows have travelled (from
        the prefetch child) or been read (a first build): ``groups`` of [body, its number of
        sessions, its first sessions] up to ``lines`` lines — what ``group_by_body`` of every
        session begins with —, ``total`` sessions and ``problems`` (how many files can't be
        opened). Plain data (marshal carries it). Without grouping every row: ~1 ms at 10,000."""
        self._ensure()
        newest_first = self._order.oldest_first[::-1]
        counts = Counter(r["body_key"] for r in newest_first)
        plan: dict[str, list[Any]] = {}  # body -> [name, its sessions, those shown, how many to show]
        used = 0
        for r in newest_first:  # bodies in the order of their newest session, as many as fit
            if used >= lines:
                break
            key = r["body_key"]
            if key not in plan:
                quota = min(counts[key], lines - used - 1)
                plan[key] = [r.get("body") or "", counts[key], [], quota]
                used += 1 + quota
        wanted = sum(g[3] for g in plan.values())
        for r in newest_first:
            if wanted <= 0:
                break
            group = plan.get(r["body_key"])
            if group is not None and len(group[2]) < group[3]:
                group[2].append(r)
                wanted -= 1
        return {"groups": [g[:3] for g in plan.values()], "total": len(newest_first),
                "problems": len(self._order.problems)}

    def problems(self) -> list[dict[str, Any]]:
        """Damaged, newer-schema and conflicting files (status and an error line in the UI language)."""
        self._ensure()
        return [dict(r) for r in self._order.problems]

    def fiscal_years(self) -> list[int]:
        """The 年度 that have readable sessions, newest first."""
        self._ensure()
        return sorted({r["fiscal_year"] for r in self._order.oldest_first if isinstance(r.get("fiscal_year"), int)},
                      reverse=True)

    def bodies(self) -> list[str]:
        """Body names of the readable sessions, one spelling per body (the newest session's)."""
        self._ensure()
        seen: dict[str, str] = {}
        for r in reversed(self._order.oldest_first):  # newest first: the first spelling met wins
            seen.setdefault(r["body_key"], r["body"])
        return sorted(seen.values(), key=body_key)


def _facts_of(session: Any, kind: str | None = None) -> Any:
    """``index.facts.facts_of`` (None for no session), or its facts of one ``kind``; imported
    with the first file read (the start's refresh of an index up to date reads none, and imports
    no session model)."""
    if session is None:
        return None
    from facilitator.index.facts import facts_of

    facts = facts_of(session)
    return facts if kind is None else (facts or {}).get(kind)
