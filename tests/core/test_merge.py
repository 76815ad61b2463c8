"""The merge of two writers' versions of a session (facilitator/merge/), and the bookkeeping
the meeting's rules write for it: tombstones for deletions, the logical clock."""

from __future__ import annotations

import copy

from factories import NOW, make_session

from facilitator.board import BoardRules
from facilitator.meeting import Meeting
from facilitator.merge import forget_tombstone, process_token


def meeting(session=None, writer="w-a"):  # type: ignore[no-untyped-def]
    return Meeting(session if session is not None else make_session(), clock=lambda: 0.0, now=lambda: NOW,
                   running=False, writer=writer)


# -- the rules' bookkeeping -----------------------------------------------------------------------


def test_every_counted_change_ticks_the_clock_as_this_writer():
    m = meeting(writer="w-a")
    assert m.session.clock is None
    m.add_idea("見守りの当番表")
    m.add_interest("idea-01")
    assert (m.session.clock.counter, m.session.clock.writer) == (2, "w-a")  # type: ignore[union-attr]
    other = meeting(m.session, writer="w-b")
    other.set_review("よい会でした")
    assert (m.session.clock.counter, m.session.clock.writer) == (3, "w-b")  # type: ignore[union-attr]
    BoardRules(other).add("駄菓子屋", "have")
    assert m.session.clock.counter == 4  # type: ignore[union-attr]


def test_the_default_writer_is_one_random_token_per_process():
    assert meeting(writer=None).writer == meeting(writer=None).writer == process_token()
    assert process_token().startswith("w-") and len(process_token()) > 8


def test_deleting_leaves_a_tombstone_and_undoing_forgets_it():
    m = meeting()
    s = m.session
    i, idea = m.delete_idea("idea-03")
    q = m.delete_question("q-01")
    hw = m.delete_homework("hw-02")
    h = m.cancel_handoff("hand-01")
    iss = m.delete_issue("issue-02")
    assert s.deleted == {"ideas": ["idea-03"], "questions": ["q-01"], "homework": ["hw-02"],
                         "handoffs": ["hand-01"], "issues": ["issue-02"]}
    m.restore_idea(i, idea)
    m.restore_question(*q)
    m.restore_homework(*hw)
    m.restore_handoff(*h)
    m.restore_issue(*iss, linked=["idea-03"])
    assert s.deleted == {}
    board = BoardRules(m)
    removed = board.delete("card-01")
    assert s.deleted == {"board.items": ["card-01"]}
    board.restore(removed)
    assert s.deleted == {}


def test_attendees_are_tombstoned_by_their_normalised_name():
    m = meeting()
    m.remove_attendee("山田 花子")
    assert m.session.deleted == {"attendees": ["山田 花子"]}
    m.add_attendee("山田　花子", "民生委員")  # 全角 space: the same person, back again
    assert m.session.deleted == {}
    m.remove_attendee("佐藤 一郎")
    forget_tombstone(m.session, "attendees", "佐藤 一郎")
    forget_tombstone(m.session, "attendees", "佐藤 一郎")  # twice: nothing to forget
    assert m.session.deleted == {}


def test_a_deletion_undone_twice_or_of_something_present_changes_nothing_more():
    m = meeting()
    i, idea = m.delete_idea("idea-03")
    m.restore_idea(i, idea)
    before = copy.deepcopy(m.session)
    m.restore_idea(i, idea)
    assert m.session == before
