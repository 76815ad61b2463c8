"""Marking homework done or dropped from the tracker: the change is made in the file as it is now,
under the session's lock, and refused without a change when another window has the session."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from factories import JST
from facilitator.carryover import new_session
from facilitator.homework import SessionTaken, set_status_in_store
from facilitator.locks import LockEnv, Locks
from facilitator.meeting import Meeting, RuleError
from facilitator.store import Store
from facilitator.templates import get_template

NOW = datetime(2026, 9, 1, 10, tzinfo=JST)


def _store_with_homework(tmp_path):  # type: ignore[no-untyped-def]
    store = Store(tmp_path)
    session = new_session(body="C町", template=get_template("c-town"), now=NOW, on=date(2026, 8, 19))
    hw = Meeting(session, running=False, now=lambda: NOW).add_homework("停車場所の候補を調べる", owner="田中")
    store.save(session)
    return store, session, hw


def test_done_and_dropped_are_written_to_the_file(tmp_path):
    store, session, hw = _store_with_homework(tmp_path)
    locks = Locks(tmp_path / ".kyogitai", LockEnv(host="pc1", user="sc"))
    set_status_in_store(store, locks, session.id, hw.id, "done", None, now=lambda: NOW)
    assert store.load(session.id).homework[0].status == "done"
    set_status_in_store(store, locks, session.id, hw.id, "dropped", "町の事業になった", now=lambda: NOW)
    again = store.load(session.id).homework[0]
    assert (again.status, again.reason) == ("dropped", "町の事業になった")
    assert locks.open(session.id).lock is not None  # the lock was given back


def test_a_session_held_elsewhere_is_left_as_it_was(tmp_path):
    store, session, hw = _store_with_homework(tmp_path)
    before = (tmp_path / f"{session.id}.json").read_bytes()
    other = Locks(tmp_path / ".kyogitai", LockEnv(host="pc2", user="kiroku", pid=4242, pid_alive=lambda p: True))
    assert other.open(session.id).lock is not None
    mine = Locks(tmp_path / ".kyogitai", LockEnv(host="pc1", user="sc"))
    with pytest.raises(SessionTaken, match="kiroku"):
        set_status_in_store(store, mine, session.id, hw.id, "done", None, now=lambda: NOW)
    assert (tmp_path / f"{session.id}.json").read_bytes() == before


def test_an_unknown_status_is_a_rule_error(tmp_path):
    store, session, hw = _store_with_homework(tmp_path)
    locks = Locks(tmp_path / ".kyogitai", LockEnv(host="pc1", user="sc"))
    with pytest.raises(RuleError):
        set_status_in_store(store, locks, session.id, hw.id, "maybe", None, now=lambda: NOW)
