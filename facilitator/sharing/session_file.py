"""One open session's file, written by many hands: the save that merges, and the check that
sees another writer's save.

A :class:`SessionFile` holds the window's **base**: the document it last read or wrote (its
bytes, their content hash, the parsed Session). Before every save the file on disk is read and
hashed; if it is not the base any more, someone else saved: ``merge(base, mine, disk)``
(facilitator.merge) is written instead of ``mine`` and handed back, so the meeting adopts it.
Just before the temp file replaces the file the disk is read again and compared byte for byte
(:class:`DiskMoved`: read and merge again), and after the replace it is read once more: if another
save replaced it in that instant, what was written is merged into theirs and written again — a
few times at most.

:meth:`SessionFile.poll` is the live refresh's look at the file: a stat, and the content hash
when the stat changed (SMB caches metadata for seconds: every ``full_every`` polls the content is
hashed anyway). It returns the disk's version when it is not the base.

Recovery copies (facilitator.sharing.recovery) hold base and mine before each store write, and go
after a successful one; :meth:`SessionFile.open` merges a gone window's copy back in.

Plain Python, no UI; the UI runs these in thread workers. One lock per file object: a save and a
poll never interleave.
"""

from __future__ import annotations

import os
import random
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from facilitator.i18n import t
from facilitator.merge import merge
from facilitator.merge.lost import dropped
from facilitator.model import SCHEMA_VERSION, Session, SessionFormatError, timestamp
from facilitator.session_json import session_to_json
from facilitator.session_load import loaded_version, session_from_json
from facilitator.sharing.guard import DiskMoved, WriteGuard, unchanged
from facilitator.sharing.recovery import GoneTest, Recovery, RecoveryFolder
from facilitator.sharing.version import Version, content_hash
from facilitator.store import Store, StoreError
from facilitator.store.reading import read_bytes, stat_key

SAVE_ATTEMPTS = 8  # a save merged and written again at most this often when others keep saving
BACKOFF = 0.01  # seconds, times the attempt, at most, before trying again (random: two savers part)
FULL_CHECK_EVERY = 10  # polls: the content is hashed at least this often even with an unchanged stat

# The recovery tokens of the windows open in this process: their copies are alive.
LIVE_WINDOWS: set[str] = set()


def _now() -> datetime:
    return datetime.now().astimezone()


@dataclass
class Saved:
    """What a save wrote. ``merged``: the written document when it is not the snapshot that was
    saved (someone else's changes are in it) — the meeting takes it in; then ``snapshot`` is that
    snapshot parsed, the base for edits made since it was taken. Both are read-only (``merged``
    is the new base's own parse): merge them into the meeting's session, never adopt them as
    they are."""

    written: Version
    merged: Session | None = None
    snapshot: Session | None = None


@dataclass
class Changed:
    """Another writer's save seen by :meth:`SessionFile.poll`: ``disk`` is the file now, ``base``
    the version this window had (both parsed already, off the UI thread). ``dropped``: the disk
    lacks items or tombstones of the base — a writer that ignores the merge wrote over a version
    it never saw; the merge keeps them, and the window must save to put them back in the file."""

    disk: Version
    base: Version
    dropped: bool = False


class SessionFile:
    """The file of one session open in one window."""

    def __init__(self, store: Store, session_id: str, *, recovery: RecoveryFolder | None = None,
                 now: Callable[[], datetime] = _now, full_every: int = FULL_CHECK_EVERY,
                 host: str | None = None, pid: int | None = None,
                 pid_alive: Callable[[int], bool] | None = None) -> None:
        self.store = store
        self.session_id = session_id
        self.recovery = recovery
        self.now = now
        self.full_every = full_every
        self.token = secrets.token_hex(8)  # this window's recovery copy
        self.base: Version | None = None
        self.recovery_error: OSError | None = None  # the last recovery copy that could not be written
        self._host, self._pid, self._pid_alive = host, pid, pid_alive
        self._lock = threading.Lock()
        self._seen_stat: tuple[int, int, int] | None = None
        self._seen_hash = ""
        self._polls = 0
        self._kept: tuple[str, str, str | None] | None = None  # what our recovery copy holds now
        self._failing = False  # the last save failed: the copy is all there is (written with fsync)
        LIVE_WINDOWS.add(self.token)

    # -- opening -------------------------------------------------------------------------------
    def open(self, opened: bytes) -> Session | None:
        """Take the base: the file on disk if it is the document the window opened (``opened``,
        serialised), else ``opened`` itself — the next poll then brings the disk's changes in.
        Then the recovery copies gone windows left for this session: a session with their unsaved
        edits merged in is returned (the meeting adopts it and saves it); None when there were
        none, or they had been saved."""
        with self._lock:
            mine = Version(opened)
            try:
                disk = self._read()
            except OSError:
                disk = None
            if disk is not None and _same_document(disk, mine):
                self.base = disk
                self._seen_hash = disk.hash
            else:
                self.base = mine  # the disk differs: the first poll takes its changes in
                self._seen_stat = None
            return self._recover(disk)

    def _recover(self, disk: Version | None) -> Session | None:
        if self.recovery is None or disk is None:
            return None  # no file to merge into (the store out of reach): the copies wait
        try:
            claimed = self.recovery.claim_gone(self.session_id, self.token, self._gone_test())
        except OSError:
            return None
        if not claimed:
            return None
        try:
            result = disk.fresh()
        except SessionFormatError:
            return None  # a damaged file: the claims stay on disk
        recovered = False
        for _, copy in claimed:
            if copy.writing == disk.hash or content_hash(copy.mine) == disk.hash:
                continue  # the crashed window's save had landed: nothing to recover
            try:
                base, mine = session_from_json(copy.base), session_from_json(copy.mine)
            except SessionFormatError:
                continue
            result = merge(base, mine, result, now=self.now()).session
            recovered = True
        if recovered:
            data = session_to_json(result).encode("utf-8")
            try:  # our own copy first: the claimed ones go only once their edits are safe in it
                self._keep(self.base or disk, Version(data), None)
            except OSError:
                return result  # the claims stay; the save that follows tries again
        for path, _ in claimed:
            try:
                os.remove(path)
            except OSError:
                pass
        return result if recovered else None

    def _gone_test(self) -> GoneTest:
        return GoneTest(self._host_name(), self._pid if self._pid is not None else os.getpid(), LIVE_WINDOWS,
                        self._pid_alive_test())

    def close(self, *, unsaved: bool = False) -> None:
        """The window closes. With nothing unsaved its recovery copy goes; with unsaved edits (a
        failed last save) it stays, for the next opening."""
        LIVE_WINDOWS.discard(self.token)
        if not unsaved and self.recovery is not None:
            try:
                self.recovery.remove(self.session_id, self.token)
            except OSError:
                pass

    # -- reading -----------------------------------------------------------------------------------
    def _path(self) -> Path:
        return self.store.file_of(self.session_id)

    def _read(self, like: Version | None = None) -> Version | None:
        """The file as it is now; None when there is none. OSError when it can't be read.
        ``like``: the version it is probably close to (parsed, if it is, like that one)."""
        path = self._path()
        try:
            st = os.stat(path)
            data = read_bytes(path)
        except FileNotFoundError:
            self._seen_stat = None
            return None
        self._seen_stat = stat_key(st)
        return Version(data, stat=st, like=like)

    def poll(self) -> Changed | None:
        """Has another writer saved since the base? The disk's version (parsed) if so. A file
        that can't be read or parsed now is ignored until it changes (the saves say why)."""
        with self._lock:
            if self.base is None:
                return None
            self._polls += 1
            path = self._path()
            try:
                key = stat_key(os.stat(path))
            except OSError:
                return None
            if key == self._seen_stat and self._polls % max(1, self.full_every):
                return None
            try:
                disk = self._read(like=self.base)
            except OSError:
                return None
            if disk is None or disk.hash == self.base.hash or disk.hash == self._seen_hash:
                if disk is not None:
                    self._seen_hash = disk.hash
                return None
            self._seen_hash = disk.hash
            try:
                disk.session  # parsed here, off the UI thread
                self.base.session
            except SessionFormatError:
                return None
            return Changed(disk, self.base, dropped=dropped(self.base.session, disk.session))

    def adopted(self, disk: Version) -> None:
        """The meeting took in ``disk`` (a :class:`Changed`'s): it is the base now."""
        with self._lock:
            self.base = disk
            self._seen_hash = disk.hash
            self._known_readable(disk)

    def _known_readable(self, disk: Version) -> None:
        """``disk`` was parsed as this session: the store's checks before a save need not parse
        it again while the file keeps its stat."""
        theirs = disk.session
        if theirs.id == self.session_id:
            self.store.known_readable(self._path(), disk.stat, current=loaded_version(theirs) == SCHEMA_VERSION)

    # -- saving --------------------------------------------------------------------------------
    def save(self, mine: bytes, *, before_write: Callable[[], None] | None = None) -> Saved:
        """Write ``mine`` (the window's document, serialised), merged with whatever another
        writer saved since the base. ``before_write``: called before each store write (the
        lock check of round 1). The store's refusals and OSErrors are raised; the recovery copy
        then keeps the edits."""
        with self._lock:
            base = self.base if self.base is not None else Version(mine)
            snapshot = Version(mine, like=base)  # parsed (if a merge needs it) like the base
            ours = snapshot
            merged = False
            for attempt in range(SAVE_ATTEMPTS):
                if attempt:
                    time.sleep(random.uniform(0, BACKOFF * attempt))
                try:
                    disk = self._read(like=base)
                except OSError:
                    self._failing = True
                    self._keep_quietly(base, ours, None)
                    raise
                if disk is not None and disk.hash == ours.hash:
                    self.base = _as_base(disk)  # already there (a save that landed, then failed to say so)
                    self._seen_hash = disk.hash
                    self._forget_copy()
                    return Saved(disk) if not merged else Saved(disk, merged=disk.fresh(), snapshot=snapshot.session)
                if disk is None or disk.hash == base.hash:
                    out = ours
                else:
                    try:
                        theirs = disk.session
                    except SessionFormatError:
                        theirs = None  # not a session now: the store's checks refuse it below
                    if theirs is None or theirs.id != self.session_id:
                        out = ours  # not this session now: the store's checks refuse it below
                    else:
                        self._known_readable(disk)
                        # Items the three share are taken as they are and written as the base has them.
                        result = merge(base.session, ours.session, theirs, now=timestamp(self.now()), share=True).session
                        out = Version(session_to_json(result, known=base.known()).encode("utf-8"), like=base)
                        merged = True
                self._keep_quietly(base, ours, out.hash)
                if before_write is not None:
                    before_write()
                expected = disk.data if disk is not None else None
                with WriteGuard(self._path(), self._host_name(), self._pid_alive_test()):
                    try:
                        self.store.write_session(self.session_id, out.data,
                                                 before_replace=lambda p: unchanged(p, expected))
                    except DiskMoved:
                        continue  # saved in between: read it and merge again
                    except BaseException:
                        if not self._failing:  # from now on the copy is all there is: make it durable
                            self._failing = True
                            self._kept = None
                            self._keep_quietly(base, ours, out.hash)
                        raise
                    after = self._read_back()
                if after is not None and after != out.data:
                    # Replaced in the instant between the check and our replace: merge what we
                    # wrote into it, from the version we merged with.
                    if disk is not None and _parses(disk):
                        base = disk
                    ours = out
                    merged = True
                    continue
                self.base = _as_base(out)
                self._seen_hash = out.hash
                self._failing = False
                self._forget_copy()
                if not merged or out.hash == snapshot.hash:
                    return Saved(out)
                return Saved(out, merged=out.session, snapshot=snapshot.session)
            raise StoreError(t("sharing.busy"))

    def _read_back(self) -> bytes | None:
        """The file's bytes right after our replace (None: gone or unreadable)."""
        try:
            return read_bytes(self._path())
        except OSError:
            return None

    # -- the recovery copy --------------------------------------------------------------------------
    def _keep(self, base: Version, mine: Version, writing: str | None) -> None:
        if self.recovery is None:
            return
        if mine.hash == base.hash:
            return  # no edits: nothing to recover
        key = (base.hash, mine.hash, writing)
        if key == self._kept:
            return
        copy = Recovery(self.session_id, self.token, self._host_name(), os.getpid(),
                        timestamp(self.now()), base.data, mine.data, writing, str(self.store.root))
        self.recovery.write(copy, durable=self._failing)
        self._kept = key

    def _pid_alive_test(self) -> Callable[[int], bool]:
        if self._pid_alive is None:
            from facilitator.presence import pid_alive

            self._pid_alive = pid_alive
        return self._pid_alive

    def _host_name(self) -> str:
        if self._host is None:
            from facilitator.presence import default_host

            self._host = default_host()
        return self._host

    def _keep_quietly(self, base: Version, mine: Version, writing: str | None) -> None:
        """A data folder that can't be written must not stop the save itself."""
        try:
            self._keep(base, mine, writing)
            self.recovery_error = None
        except OSError as e:
            self.recovery_error = e

    def _forget_copy(self) -> None:
        if self.recovery is None or self._kept is None:
            return
        try:
            self.recovery.remove(self.session_id, self.token)
            self._kept = None
        except OSError:
            pass


def _as_base(v: Version) -> Version:
    """``v``, to be the base: parsed later (when a merge or a poll needs it) like the nearest
    version before it that is parsed — one, so no chain of older versions is kept."""
    like = v.like
    while like is not None and not like.parsed:
        like = like.like
    v.like = None if v.parsed else like
    return v


def _same_document(disk: Version, mine: Version) -> bool:
    if disk.hash == mine.hash:
        return True
    try:
        return session_to_json(disk.session) == session_to_json(mine.session)
    except SessionFormatError:
        return False


def _parses(v: Version) -> bool:
    try:
        v.session
    except SessionFormatError:
        return False
    return True
