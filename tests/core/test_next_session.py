"""The next-session plan: one rule for the home screen's n, ``kyogitai new`` and carry-over."""

from __future__ import annotations

import textwrap
from datetime import date, datetime

from factories import JST
from facilitator.carryover import new_session, past_session
from facilitator.next_session import PastSession, default_title, plan_next, planned_day
from facilitator.store import Store
from facilitator.templates import all_templates, builtin_templates, get_template

TODAY = date(2026, 9, 1)
BUILTIN = builtin_templates()

USER_TEMPLATE = textwrap.dedent(
    """\
    id = "idou"
    title = "移動部会"

    [[steps]]
    id = "ideas"
    title = "意見交換"
    panel = "ideas"
    purpose = "アイデアを出す。"
    minutes = 30
    prompts = []
    """
)


def test_first_meeting_of_a_body_is_number_one_today_on_the_default_template():
    plan = plan_next([], BUILTIN, TODAY)
    assert (plan.on, plan.template_id, plan.number) == (TODAY, "c-town", 1)


def test_one_off_meetings_are_not_counted_and_do_not_pass_on_their_template():
    past = [
        PastSession("setup-pre", "2026-03-18"),
        PastSession("c-town", "2026-05-20"),
        PastSession("bukai", "2026-07-15"),
        PastSession("activity-report", "2026-08-01"),
    ]
    plan = plan_next(past, BUILTIN, TODAY)
    assert plan.number == 3  # 設置時プレ会議 and 成果報告会 are not 「第N回」
    assert plan.template_id == "c-town"  # the latest was a 成果報告会: back to the default
    assert plan_next(past[:3], BUILTIN, TODAY).template_id == "bukai"  # else the latest one's


def test_the_planned_date_is_used_only_when_it_lies_after_the_latest_session():
    assert planned_day(PastSession("c-town", "2026-08-19", "2026-10-21"), TODAY) == date(2026, 10, 21)
    assert planned_day(PastSession("c-town", "2026-08-19", "2026-08-01"), TODAY) == TODAY
    assert planned_day(PastSession("c-town", "2026-08-19", None), TODAY) == TODAY
    assert planned_day(PastSession("c-town", "2026-08-19", "いつか"), TODAY) == TODAY
    assert planned_day(None, TODAY) == TODAY


def test_default_titles_by_kind_of_template(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "idou.toml").write_text(USER_TEMPLATE, encoding="utf-8")
    templates = {x.id: x for x in all_templates(tmp_path)[0]}
    assert default_title(templates["c-town"], 6) == "第6回"
    assert default_title(templates["idou"], 2) == "第2回 移動部会"
    assert default_title(templates["activity-report"], 6) == "成果報告会"
    assert default_title(templates["c-town"], None) == templates["c-town"].title


def test_new_session_takes_the_same_date_rule_as_the_plan():
    now = datetime(2026, 9, 1, 10, tzinfo=JST)
    previous = new_session(body="C町", template=get_template("c-town"), now=now, on=date(2026, 8, 19), number=1)
    previous.next_meeting.date = "2026-08-01"  # planned before the meeting itself: not used
    assert new_session(body="C町", template=get_template("c-town"), now=now, previous=previous).date == "2026-09-01"
    previous.next_meeting.date = "2026-10-21"
    made = new_session(body="C町", template=get_template("c-town"), now=now, previous=previous, number=2)
    assert (made.date, made.title) == ("2026-10-21", "第2回")
    assert plan_next([past_session(previous)], BUILTIN, now.date()).on == date(2026, 10, 21)


def test_cli_new_follows_the_plan(tmp_path, capsys):
    from facilitator.cli import main

    store = tmp_path / "s"
    store.mkdir()
    (store / "templates").mkdir()
    (store / "templates" / "idou.toml").write_text(USER_TEMPLATE, encoding="utf-8")

    def new(*more: str) -> str:
        assert main(["--store", str(store), "new", "--body", "C町 移動部会", *more]) == 0
        return capsys.readouterr().out.strip()

    new("--template", "setup-pre", "--date", "2026-03-18")
    first = Store(store).load(new("--template", "idou", "--date", "2026-05-20"))
    assert first.title == "第1回 移動部会"  # the same title the home screen proposes
    second = Store(store).load(new("--date", "2026-07-15"))
    assert (second.template, second.title) == ("idou", "第2回 移動部会")  # the body's own template
