"""Marking homework done or dropped from the tracker: the change is made in the file as it is now
(load, change, save), without a lock — also while another window has the session open."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from factories import JST
from facilitator.carryover import new_session
from facilitator.homework import set_status_in_store
from facilitator.presence import Presence, PresenceEnv
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
    set_status_in_store(store, session.id, hw.id, "done", None, now=lambda: NOW)
    assert store.load(session.id).homework[0].status == "done"
    set_status_in_store(store, session.id, hw.id, "dropped", "町の事業になった", now=lambda: NOW)
    again = store.load(session.id).homework[0]
    assert (again.status, again.reason) == ("dropped", "町の事業になった")
    assert not (tmp_path / ".kyogitai" / "locks").exists()  # no lock taken, none left behind


def test_a_session_open_in_another_window_is_changed_all_the_same(tmp_path):
    store, session, hw = _store_with_homework(tmp_path)
    other = Presence(tmp_path / ".kyogitai", PresenceEnv(host="pc2", user="kiroku", pid=4242, token="w-kiroku",
                                                         pid_alive=lambda p: True)).join(session.id, "recap")
    other.beat()  # the 記録係's window has it open
    set_status_in_store(store, session.id, hw.id, "done", None, now=lambda: NOW)
    assert store.load(session.id).homework[0].status == "done"
    assert other.path.exists()  # and its presence is left alone


def test_an_unknown_status_is_a_rule_error(tmp_path):
    store, session, hw = _store_with_homework(tmp_path)
    with pytest.raises(RuleError):
        set_status_in_store(store, session.id, hw.id, "maybe", None, now=lambda: NOW)
