"""The autosave rule: at least once a second while changes are pending; retries after failure."""

from facilitator.autosave import SaveSchedule


class Clock:
    t = 0.0

    def __call__(self):
        return self.t


def test_quiet_after_last_change():
    c = Clock()
    s = SaveSchedule(c)
    assert not s.due()
    s.changed()
    c.t = 0.2
    assert not s.due()
    c.t = 0.31
    assert s.due()


def test_never_later_than_one_second_while_typing():
    c = Clock()
    s = SaveSchedule(c)
    for i in range(20):  # a change every 0.1 s: never quiet
        c.t = i * 0.1
        s.changed()
        if s.due():
            break
    assert c.t <= 1.0 + 1e-9 and s.due()


def test_no_second_save_while_one_is_in_flight_and_changes_during_it_stay_pending():
    c = Clock()
    s = SaveSchedule(c)
    s.changed()
    c.t = 1
    assert s.due()
    s.started()
    s.changed()  # typed while writing
    c.t = 3
    assert not s.due()
    s.succeeded()
    assert s.pending and s.due()


def test_timer_only_saves_every_30_seconds():
    c = Clock()
    s = SaveSchedule(c)
    c.t = 29
    assert not s.due(timer_running=True)
    c.t = 30
    assert s.due(timer_running=True) and not s.due(timer_running=False)


def test_failure_retries_within_two_seconds():
    c = Clock()
    s = SaveSchedule(c)
    s.changed()
    c.t = 1
    s.started()
    s.failed()
    assert s.pending
    c.t = 1.5
    assert not s.due()
    c.t = 2.0
    assert s.due()
