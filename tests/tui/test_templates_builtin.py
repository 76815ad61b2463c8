"""The built-in templates beyond c-town: 成果報告会, お宝探しワークショップ, 部会. Each loads, every
panel it names exists in the panel registry, and a session made from it can be walked step by
step in the app (every panel mounts). User templates show in ``kyogitai templates``, in
``new --template`` and in the home screen's next-session form."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from facilitator.carryover import new_session
from facilitator.session_load import session_from_json
from facilitator.store import Store, StoreLocation
from facilitator.templates import (
    PANELS,
    Template,
    TemplateError,
    builtin_templates,
    get_template,
    load_template_text,
)
from factories import JST
from screens.app import KyogitaiApp
from screens.choice import ChoiceScreen
from screens.panels import REGISTRY, panel_class

NOW = datetime(2026, 8, 19, 14, 0, tzinfo=JST)

NEW_TEMPLATES = {
    "activity-report": ("成果報告会", [
        ("opening", "開会", "text"),
        ("purpose", "趣旨説明", "text"),
        ("reports", "各プロジェクトの活動報告", "text"),
        ("comment", "講評", "text"),
        ("survey", "アンケート", "ideas"),
        ("close", "閉会", "close"),
    ]),
    "treasure-hunt": ("お宝探しワークショップ", [
        ("intro", "説明", "text"),
        ("walk", "地域を歩いた報告", "ideas"),
        ("have", "あるもの出し", "board"),
        ("meaning", "意味づけ", "board"),
        ("vision", "ビジョン", "board"),
        ("next", "次の一歩", "close"),
    ]),
    "bukai": ("部会（テーマ別）", [
        ("recap", "前回の振り返り", "recap"),
        ("issues", "テーマの課題", "issues"),
        ("ideas", "情報・意見交換", "ideas"),
        ("handoff", "取り組みの整理（SCに託す）", "handoff"),
        ("report", "全体会への報告事項", "text"),
        ("close", "次回の日程・宿題の確認", "close"),
    ]),
}



def test_every_builtin_is_shipped_and_loads():
    ids = [t.id for t in builtin_templates()]
    assert ids[0] == "c-town"
    assert set(ids) == {"c-town", "setup-pre", *NEW_TEMPLATES}
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("template_id", sorted(NEW_TEMPLATES))
def test_new_template_steps(template_id: str):
    title, steps = NEW_TEMPLATES[template_id]
    t = get_template(template_id)
    assert t.title == title and t.description.endswith("。")
    assert [(s.id, s.title, s.panel) for s in t.steps] == steps
    assert 60 <= t.total_minutes <= 120
    # One sentence a purpose, 2–4 prompts a step, no prompt twice in a step.
    for s in t.steps:
        assert s.purpose.count("。") == 1 and s.purpose.endswith("。"), s.id
        assert 2 <= len(s.prompts) <= 4 and len(set(s.prompts)) == len(s.prompts), s.id


@pytest.mark.parametrize("template", builtin_templates(), ids=lambda t: t.id)
def test_every_panel_of_every_builtin_is_registered(template: Template):
    for step in template.steps:
        assert step.panel in PANELS and step.panel in REGISTRY
        cls = panel_class(step.panel)
        assert cls.PANEL == step.panel  # the real panel, not the free-text fallback


def test_the_treasure_hunt_works_on_the_board_and_the_report_keeps_the_review():
    hunt = get_template("treasure-hunt")
    assert [s.id for s in hunt.steps if s.panel == "board"] == ["have", "meaning", "vision"]
    # 講評 is the session's review (総評 in the minutes), like c-town's comment step.
    from facilitator.meeting import Meeting

    report = get_template("activity-report")
    assert Meeting.writes_review(new_session(body="町", template=report, now=NOW).steps[3])


def test_one_off_templates_are_not_numbered(tmp_path):
    from facilitator.next_session import uncounted
    from facilitator.templates import all_templates

    assert uncounted(all_templates()[0]) == {"setup-pre", "activity-report", "treasure-hunt"}
    assert get_template("bukai").numbered and get_template("c-town").numbered
    s = new_session(body="町", template=get_template("activity-report"), now=NOW, number=None)
    assert s.title == "成果報告会"


def test_numbered_must_be_a_boolean():
    text = textwrap.dedent(
        """\
        id = "x"
        title = "t"
        numbered = "no"

        [[steps]]
        id = "a"
        title = "A"
        panel = "text"
        purpose = "p。"
        minutes = 5
        prompts = []
        """
    )
    with pytest.raises(TemplateError) as info:
        load_template_text(text, "x.toml")
    assert info.value.line == 3 and "numbered" in str(info.value)
    assert not load_template_text(text.replace('"no"', "false"), "x.toml").numbered


# ---------------------------------------------------------------------------------------
# Walking a session of each template in the app


def _plain_session(template: Template):  # type: ignore[no-untyped-def]
    return new_session(body="テスト町 第1層協議体", template=template, now=NOW, number=1)


@pytest.mark.parametrize("template", builtin_templates(), ids=lambda t: t.id)
async def test_walk_every_step_of_a_builtin(tmp_path: Path, template: Template):
    session = _plain_session(template)
    Store(tmp_path).save(session)
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for index, step in enumerate(template.steps):
            screen = app.screen
            panel = screen._panel
            assert panel is not None and panel.is_mounted, step.id
            assert panel.PANEL == step.panel and type(panel) is panel_class(step.panel), step.id
            assert screen.meeting.current.id == step.id
            if step.panel in ("ideas", "board"):
                await _type_something(pilot, app, step.id)
            if index < len(template.steps) - 1:
                await pilot.press("pagedown")
                await pilot.pause()
        assert screen.meeting.current.id == template.steps[-1].id
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)  # quitting at the last step: close (散会) first?
        await pilot.press("enter")
        for _ in range(100):
            if not app.is_running:
                break
            await pilot.pause(0.05)
    saved = session_from_json((tmp_path / f"{session.id}.json").read_bytes())
    assert saved.current_step == template.steps[-1].id
    assert saved.started_at == saved.ended_at == "2026-08-19T14:00:00+09:00"  # opened by PgDn, closed
    kinds = {s.panel for s in template.steps}
    if "ideas" in kinds:
        assert any(i.text.startswith("テスト") for i in saved.ideas)
    if "board" in kinds:
        assert saved.board.vision.startswith("テスト") or saved.board.items


async def _type_something(pilot, app, step_id: str) -> None:  # type: ignore[no-untyped-def]
    """The ideas step opens with the idea field focused, the board with its quick-add (or vision)
    field: typing and Enter records it."""
    focused = app.focused
    assert isinstance(focused, Input), (step_id, focused)
    await pilot.press(*f"テスト{step_id}", "enter")
    await pilot.pause()


# ---------------------------------------------------------------------------------------
# User templates


USER_TEMPLATE = textwrap.dedent(
    """\
    id = "idobata"
    title = "井戸端ミーティング"
    description = "短い集まり。"

    [[steps]]
    id = "talk"
    title = "おしゃべり"
    panel = "ideas"
    purpose = "近況を話します。"
    minutes = 20
    prompts = ["最近、地域で見聞きした変化はありますか？"]

    [[steps]]
    id = "close"
    title = "次回"
    panel = "close"
    purpose = "次回を決めます。"
    minutes = 5
    prompts = []
    """
)


def _write_user_template(store: Path) -> None:
    folder = store / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "idobata.toml").write_text(USER_TEMPLATE, encoding="utf-8")


def kyogitai(store: Path, *args: str):  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if k != "KYOGITAI_STORE"}
    return subprocess.run([sys.executable, "-m", "facilitator", "--store", str(store), *args],
                          capture_output=True, env=env, timeout=60)


def test_cli_lists_builtins_and_user_templates_one_per_line(tmp_path):
    _write_user_template(tmp_path)
    r = kyogitai(tmp_path, "templates")
    assert r.returncode == 0, r.stderr.decode()
    lines = r.stdout.decode("utf-8").splitlines()
    ids = [line.split("\t")[0] for line in lines]
    assert ids == ["c-town", "activity-report", "bukai", "setup-pre", "treasure-hunt", "idobata"]
    assert "成果報告会\t6ステップ\t組み込み" in lines[1]
    assert lines[-1].startswith("idobata\t井戸端ミーティング\t2ステップ\t") and "idobata.toml" in lines[-1]


def test_cli_new_from_builtin_and_user_templates(tmp_path):
    _write_user_template(tmp_path)

    def new(*args: str):  # type: ignore[no-untyped-def]
        r = kyogitai(tmp_path, "new", "--body", "テスト町 第1層協議体", *args)
        assert r.returncode == 0, r.stderr.decode()
        return session_from_json((tmp_path / f"{r.stdout.decode().strip()}.json").read_bytes())

    first = new("--date", "2026-05-20")
    assert first.title == "第1回"
    report = new("--date", "2026-06-17", "--template", "activity-report")
    assert report.title == "成果報告会" and [s.id for s in report.steps][-1] == "close"
    hunt = new("--date", "2026-07-15", "--template", "treasure-hunt")
    assert hunt.title == "お宝探しワークショップ"
    assert new("--date", "2026-08-19").title == "第2回"  # one-off meetings are not counted
    mine = new("--date", "2026-09-16", "--template", "idobata")
    assert mine.template == "idobata" and [s.title for s in mine.steps] == ["おしゃべり", "次回"]
    assert mine.title == "第3回 井戸端ミーティング"


async def test_home_next_session_offers_the_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    store = Store(Path("sessions"))
    previous = _plain_session(get_template("c-town"))
    store.save(previous)
    _write_user_template(store.root)
    app = KyogitaiApp(StoreLocation(store.root, "テスト"), clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        choice = form.query_one("#field-template", Select)
        assert choice.value == "c-town"  # the body's usual way
        options = [value for _, value in choice._options]
        assert options == ["c-town", "activity-report", "bukai", "setup-pre", "treasure-hunt", "idobata"]
        assert form.query_one("#field-title", Input).value == "第2回"
        choice.value = "activity-report"
        await pilot.press("ctrl+s")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        new = app.screen.meeting.session
        assert (new.template, new.title) == ("activity-report", "成果報告会")
        assert new.previous_session == previous.id
        assert [s.id for s in new.steps] == [s.id for s in get_template("activity-report").steps]
        await pilot.press("ctrl+q")
        await pilot.pause()

    # Again, with the user's template and a title of their own.
    app = KyogitaiApp(StoreLocation(store.root, "テスト"), clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-template", Select).value = "idobata"
        form.query_one("#field-title", Input).value = "夏の井戸端"
        await pilot.press("ctrl+s")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        new = app.screen.meeting.session
        assert (new.template, new.title) == ("idobata", "夏の井戸端")
        assert [s.id for s in new.steps] == ["talk", "close"]
        await pilot.press("ctrl+q")
        await pilot.pause()
