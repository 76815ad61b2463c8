"""A new SC's first meeting, started in the app: the home screen's n with no body selected opens
the new-body form (filled with Enter, field after field), which writes the session and opens it;
and the command palette (Ctrl+P) lists the app's commands in the UI language."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Select
from textual.widgets._select import SelectOverlay

from facilitator.session_load import session_from_json
from facilitator.store import Store
from pilot_helpers import SIZE, notes
from test_home_screens import NOW, make_app, settle  # the home screen with fixed clocks
from screens.app import KyogitaiApp
from screens.form import FormScreen
from screens.home import HomeScreen
from screens.widgets.table_view import TableView



@pytest.fixture
def empty_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.chdir(tmp_path)
    return Store(Path("sessions"))


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def focused_field(app: KyogitaiApp) -> str:
    assert app.focused is not None
    return app.focused.id or ""


def saved(store: Store) -> list:  # type: ignore[type-arg]
    return [session_from_json(p.read_bytes()) for p in sorted(store.root.glob("*.json"))]


# ---------------------------------------------------------------------------------------
# The new-body form


async def test_empty_store_n_then_enter_through_the_fields_opens_the_first_meeting(empty_store: Store) -> None:
    from screens.meeting import MeetingScreen

    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TableView)
        assert "n で最初の会議" in table.empty_text and "kyogitai demo" in table.empty_text
        assert "uv run" in table.empty_text  # a checkout: plain kyogitai is not on the PATH
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and focused_field(app) == "field-body"
        assert form.query_one("#field-date", Input).value == "令和8年11月22日（日）"  # today
        assert form.query_one("#field-template", Select).value == "c-town"
        await type_text(pilot, "みどり町 第1層協議体")
        await pilot.press("enter")
        assert focused_field(app) == "field-layer"
        await pilot.press("enter")  # empty: read from the name
        assert focused_field(app) == "field-date"
        await pilot.press("enter")  # today
        assert focused_field(app) == "field-place"
        await type_text(pilot, "中央公民館 2階")
        await pilot.press("enter")
        assert focused_field(app) == "field-template"
        assert isinstance(app.screen, FormScreen)  # nothing written yet
        assert not empty_store.root.exists()
        await pilot.press("enter")  # the last field: written and opened
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        session = app.screen.meeting.session
        [on_disk] = saved(empty_store)
        assert on_disk.id == session.id
        assert (on_disk.body.name, on_disk.body.layer, on_disk.title, on_disk.date, on_disk.place, on_disk.template) == (
            "みどり町 第1層協議体", "第1層", "第1回", "2026-11-22", "中央公民館 2階", "c-town")
        assert on_disk.previous_session is None and on_disk.current_step == on_disk.steps[0].id
        await pilot.press("escape")  # back home: the new body is listed
        await settle(pilot)


async def test_a_burst_typed_right_after_enter_lands_in_the_next_field(empty_store: Store) -> None:
    """An IME commits a word as a burst: the keys after Enter arrive before the form has done
    anything with it, and must go to the next field, not to the one just left."""
    from textual import events

    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "みどり町 第2層協議体")
        for key, character in [("enter", None), *[(ch, ch) for ch in "東地区"], ("enter", None),
                               ("enter", None), *[(ch, ch) for ch in "東公民館"]]:
            app.post_message(events.Key(key, character))  # all queued before any is handled
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        values = {key: form.query_one(f"#field-{key}", Input).value for key in ("body", "layer", "date", "place")}
        assert values == {"body": "みどり町 第2層協議体", "layer": "東地区", "date": "令和8年11月22日（日）",
                          "place": "東公民館"}
        assert focused_field(app) == "field-place"


async def test_a_refused_field_is_asked_again_with_the_cursor_on_it_and_nothing_lost(empty_store: Store) -> None:
    app = make_app(empty_store)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter", "enter")  # no name
        await type_text(pilot, "あした")
        await pilot.press("enter")
        await type_text(pilot, "集会所")
        await pilot.press("enter", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and focused_field(app) == "field-body"
        assert "協議体の名前を入れてください" in seen
        assert form.query_one("#field-place", Input).value == "集会所"
        assert form.query_one("#field-date", Input).value == "令和8年11月22日（日）あした"
        await type_text(pilot, "ひばり町 協議体")
        await pilot.press("ctrl+s")  # from any field
        await pilot.pause()
        assert isinstance(app.screen, FormScreen) and focused_field(app) == "field-date"  # the date next
        assert any("あした" in n for n in seen)
        app.screen.query_one("#field-date", Input).value = "R8.12.3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        [on_disk] = saved(empty_store)
        assert (on_disk.body.name, on_disk.body.layer, on_disk.date, on_disk.place) == (
            "ひばり町 協議体", None, "2026-12-03", "集会所")


async def test_escape_leaves_the_form_and_writes_nothing(empty_store: Store) -> None:
    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "みどり町")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert not empty_store.root.exists()


async def test_the_template_is_chosen_with_down_and_enter_then_enter_creates(empty_store: Store) -> None:
    from screens.meeting import MeetingScreen

    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "みどり町 第1層協議体")
        await pilot.press("tab", "tab", "tab", "tab")
        assert focused_field(app) == "field-template"
        select = app.screen.query_one("#field-template", Select)
        await pilot.press("down")  # opens the list (Space is typing, never a choice)
        await pilot.pause()
        assert select.expanded
        overlay = select.query_one(SelectOverlay)
        for _ in range(10):
            if "設置時プレ会議" in str(overlay.get_option_at_index(overlay.highlighted or 0).prompt):
                break
            await pilot.press("down")
        await pilot.press("enter")  # chooses, the list closes
        await pilot.pause()
        assert select.value == "setup-pre" and not select.expanded
        assert isinstance(app.screen, FormScreen)
        await pilot.press("enter")  # the last field: created
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        [on_disk] = saved(empty_store)
        assert (on_disk.template, on_disk.title) == ("setup-pre", "設置時プレ会議")


async def test_with_sessions_n_on_a_body_is_its_next_meeting_and_with_none_selected_a_new_body(
        empty_store: Store) -> None:
    from facilitator.carryover import new_session
    from facilitator.templates import get_template

    first = new_session(body="みどり町 第1層協議体", template=get_template("c-town"), now=NOW, title="第1回")
    empty_store.save(first)
    app = make_app(empty_store)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")  # the cursor is on the body's meeting: its next one
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-title", Input).value == "第2回"
        await pilot.press("escape")
        await pilot.pause()
        await type_text(pilot, "どこにもない")  # a search that finds nothing: no body selected
        await pilot.press("escape")  # back to the list
        assert app.screen.query_one(TableView).cursor_key is None
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen) and focused_field(app) == "field-body"
        await type_text(pilot, "みどり町  第１層協議体")  # the same body, other spaces and widths
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen) and focused_field(app) == "field-body"
        assert any("「みどり町 第1層協議体」はもうあります" in n for n in seen)
        await pilot.press("escape")
    assert [s.id for s in saved(empty_store)] == [first.id]


# ---------------------------------------------------------------------------------------
# The command palette


async def palette_titles(pilot, query: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await pilot.pause()
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    if query:
        await type_text(pilot, query)
    commands = palette.query_one(CommandList)
    await pilot.app.workers.wait_for_complete()  # the providers answer in a worker
    await pilot.pause()
    return [str(commands.get_option_at_index(i).prompt).splitlines()[0] for i in range(commands.option_count)]


async def test_home_palette_lists_the_app_commands_in_japanese(empty_store: Store) -> None:
    app = make_app(empty_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = await palette_titles(pilot)
        assert titles[0] == "新しい協議体の会議"
        for title in ("次の会議", "振り返り", "書き出し", "宿題", "年間計画", "検索",
                      "画面の色（テーマ）を選ぶ", "終了", "キーの一覧を右に表示", "スクリーンショット"):
            assert title in titles
        assert not {"Theme", "Quit", "Keys", "Screenshot"} & set(titles)
        assert app.screen.query_one(Input).placeholder.startswith("コマンドを探す")
        await pilot.press("escape")
        await pilot.pause()
        assert await palette_titles(pilot, "xyzzy") == ["該当するコマンドはありません"]  # not Textual's English
        await pilot.press("escape")
        await pilot.pause()
        titles = await palette_titles(pilot, "協議体")
        assert titles[0] == "新しい協議体の会議"
        await pilot.press("enter")  # chosen: the new-body form
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and focused_field(app) == "field-body"


async def test_meeting_palette_names_the_keys_and_runs_them(tmp_path: Path) -> None:
    from pilot_helpers import make_app as meeting_app

    app = meeting_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        step = app.screen.meeting.session.current_step
        titles = await palette_titles(pilot)
        for title in ("次のステップ", "前のステップ", "投影モード", "ボード", "名簿（出席者）", "ヘルプ",
                      "タイマーの一時停止 / 再開", "明るい部屋用の表示", "画面の色（テーマ）を選ぶ", "終了"):
            assert title in titles
        assert titles.index("次のステップ") < titles.index("終了")  # the screen's first
        await pilot.press("escape")
        await pilot.pause()
        titles = await palette_titles(pilot, "F5")  # by its key, too
        assert titles[0] == "投影モード"
        await pilot.press("escape")
        await pilot.pause()
        await palette_titles(pilot, "次のステップ")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.meeting.session.current_step != step
        await pilot.press("f1")  # the palette's key is in the help once, from its binding
        await pilot.pause()
        rows = [row for _, section in app.screen.sections for row in section]
        assert [what for key, what in rows if key == "Ctrl+P"] == ["コマンド一覧（すべての操作をことばで探す）"]
