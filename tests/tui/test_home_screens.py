"""Home, review, export dialog, homework tracker and year plan, driven with Pilot on a demo store.

The app gets fixed clocks and the demo a fixed seed and 'today', so every run sees the same
screens. The store is given as a relative path (the test runs in its temp folder) so that the
path the home screen shows is the same on every machine.
"""

from __future__ import annotations

import json
import threading
from datetime import date, datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from facilitator.demo import BODY_1, BODY_2, write_demo
from facilitator.index import Index, index_path
from facilitator.session_json import session_to_dict
from facilitator.session_load import session_from_json
from facilitator.store import Store, StoreLocation
from screens.app import KyogitaiApp
from screens.export_dialog import ExportDialog
from screens.form import FormScreen
from screens.ui_text import Folded
from screens.home import HomeScreen
from screens.homework_tracker import HomeworkScreen
from screens.review import ReviewScreen
from screens.widgets.table_view import TableView
from screens.home.year_plan import YearPlanScreen
from factories import CountingStore, JST
from pilot_helpers import SIZE, notes
from repo_paths import ROOT

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=JST)
TODAY = NOW.date()
HOME_CSS = (ROOT / "screens" / "home.tcss").resolve()


@pytest.fixture
def demo_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.chdir(tmp_path)
    store = Store(Path("sessions"))
    write_demo(store, today=TODAY, seed=20261122)
    return store


def make_app(store: Store) -> KyogitaiApp:
    app = KyogitaiApp(StoreLocation(store.root, "テスト"), clock=lambda: 0.0, now=lambda: NOW)
    if HOME_CSS not in [Path(p).resolve() for p in app.css_path]:
        app.css_path.append(HOME_CSS)
    return app


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the workers finish and their results reach the screen."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def plain(table: TableView) -> list[str]:
    return [" | ".join(c.plain for c in r.cells) for r in table.rows]


def text_of(widget: Static) -> str:
    content = widget.content
    if isinstance(content, Folded):  # folded text (the review's changes): what it says, unfolded
        return content.text.plain
    return str(widget.render())


def by_title(store: Store, title: str):  # type: ignore[no-untyped-def]
    return next(s for s, _ in store.scan().sessions if s.title == title)


# ---------------------------------------------------------------------------------------
# Home


class HandedOver:
    """An index prefetch whose child has finished (facilitator.prefetch): ``state`` is its result."""

    def __init__(self, state, head=None) -> None:  # type: ignore[no-untyped-def]
        self.state = state
        self.head = head
        self.taken = 0

    def first_message(self):  # type: ignore[no-untyped-def]
        return None  # the child's head not there yet at the first frame

    def messages(self):  # type: ignore[no-untyped-def]
        return iter([{"head": self.head}] if self.head is not None else [])

    def take(self):  # type: ignore[no-untyped-def]
        self.taken += 1
        return self.state

    def close(self) -> None:
        pass


@pytest.mark.parametrize("handed_over", [True, False])
async def test_home_lists_from_the_index_read_by_the_prefetch(demo_store: Store, handed_over: bool) -> None:
    index = Index(demo_store)
    index.refresh()
    prefetch = HandedOver(index.state() if handed_over else None)  # None: the child failed
    index.close()
    written = index_path(demo_store.root).stat().st_mtime_ns
    garbled = b"{garbled"
    if not handed_over:
        index_path(demo_store.root).write_bytes(garbled)  # read by the home itself: rebuilt
    counting = CountingStore(demo_store.root)
    app = KyogitaiApp(StoreLocation(demo_store.root, "テスト"), clock=lambda: 0.0, now=lambda: NOW,
                      store=counting, index_prefetch=prefetch)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and home.loaded and prefetch.taken == 1
        assert len(home.index.search("")) == len(index.search("")) > 0
        assert home.index.search("停車場所") == index.search("停車場所") != []
        files = len(list(demo_store.root.glob("*.json")))
        if handed_over:  # nothing read again, and the index file left alone (the child wrote it)
            assert counting.reads == [] and index_path(demo_store.root).stat().st_mtime_ns == written
        else:
            assert len(counting.reads) == files
            assert index_path(demo_store.root).read_bytes() != garbled


@pytest.mark.parametrize("unwritable", [False, True])
async def test_a_session_changed_after_the_prefetch_read_it_is_listed_as_it_is_now(
        demo_store: Store, unwritable: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from facilitator.index.database import IndexDB

    index = Index(demo_store)
    index.refresh()
    prefetch = HandedOver(index.state())  # read before the change below
    stored = demo_store.scan().sessions[0]
    session = stored.session
    session.title = "子プロセスの後で変えた題"
    demo_store.save(session)
    if unwritable:  # the index cannot be written again (a read-only share): said, list shown
        def refuse(self, *a):  # type: ignore[no-untyped-def]
            raise sqlite3.OperationalError("attempt to write a readonly database")

        monkeypatch.setattr(IndexDB, "write", refuse)
    counting = CountingStore(demo_store.root)
    app = KyogitaiApp(StoreLocation(demo_store.root, "テスト"), clock=lambda: 0.0, now=lambda: NOW,
                      store=counting, index_prefetch=prefetch)  # type: ignore[arg-type]
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and prefetch.taken == 1
        assert counting.reads == [stored.path.name]  # the prefetched rows, and the changed file only
        lines = plain(home.query_one(TableView))
        assert any("子プロセスの後で変えた題" in line for line in lines)
        assert home.query_one("#home-body", Select) is not None  # the filters came all the same
        warnings = [n for n in seen if "索引" in n]
        assert len(warnings) == (1 if unwritable else 0)


class HeadFirst(HandedOver):
    """A prefetch child that has sent the list's first lines and is still at the rest."""

    def __init__(self, state, head) -> None:  # type: ignore[no-untyped-def]
        super().__init__(state, head)
        self.gate = threading.Event()

    def first_message(self):  # type: ignore[no-untyped-def]
        return {"head": self.head, "progress": [3, 8]}

    def messages(self):  # type: ignore[no-untyped-def]
        return iter([])

    def take(self):  # type: ignore[no-untyped-def]
        self.gate.wait(10)
        return super().take()


async def test_the_lists_first_lines_come_in_the_first_frame_and_the_rest_after(demo_store: Store) -> None:
    index = Index(demo_store)
    index.refresh()
    prefetch = HeadFirst(index.state(), index.head(lines=3))  # a heading and two sessions
    app = KyogitaiApp(StoreLocation(demo_store.root, "テスト"), clock=lambda: 0.0, now=lambda: NOW,
                      index_prefetch=prefetch)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen) and not home.loaded
        table = home.query_one(TableView)
        rows = plain(table)
        assert rows[0] == f"■ {BODY_1}（6件）" and len(rows) == 3  # the body's count, not the lines shown
        assert rows[1].startswith("令和8年11月18日（水） | 第5回 一年のふりかえり")
        status = text_of(home.query_one("#home-status", Static))
        assert "8件" in status and "索引を作成中… 3/8" in status
        assert table.cursor_key == table.rows[1].key
        detail = text_of(home.query_one("#home-detail", Static))
        assert "次年度の重点課題" in detail  # the row's detail, as in the whole list
        prefetch.gate.set()
        await settle(pilot)
        assert home.loaded and len(plain(table)) == 10
        assert "索引を作成中" not in text_of(home.query_one("#home-status", Static))


class StillReading:
    """An index prefetch whose child is still at work when the app quits."""

    def __init__(self) -> None:
        self.stopped = threading.Event()

    def first_message(self):  # type: ignore[no-untyped-def]
        return None

    def messages(self):  # type: ignore[no-untyped-def]
        self.stopped.wait(10)
        return iter([])  # what messages() gives for a child that was stopped

    def take(self):  # type: ignore[no-untyped-def]
        self.stopped.wait(10)
        return None  # what take() gives for a child that was stopped

    def close(self) -> None:
        self.stopped.set()


async def test_quitting_before_the_index_came_stops_its_reading(demo_store: Store,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    refreshed = []
    monkeypatch.setattr(Index, "refresh", lambda self, *a, **k: refreshed.append(1))
    prefetch = StillReading()
    app = KyogitaiApp(StoreLocation(demo_store.root, "テスト"), clock=lambda: 0.0, now=lambda: NOW,
                      index_prefetch=prefetch)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen) and not home.loaded and not prefetch.stopped.is_set()
    assert prefetch.stopped.is_set()  # closed as the home screen went away
    await app.workers.wait_for_complete()
    assert refreshed == []  # the worker gave up instead of reading every file itself


def _index_held_back(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The index's refresh waits until the returned event is set: the home screen before the
    whole list is read."""
    gate = threading.Event()
    original = Index.refresh

    def slow_refresh(self, *a, **k):  # type: ignore[no-untyped-def]
        gate.wait(10)
        return original(self, *a, **k)

    monkeypatch.setattr(Index, "refresh", slow_refresh)
    return gate


async def test_first_frame_comes_before_the_index(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    gate = _index_held_back(monkeypatch)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen) and not home.loaded
        table = home.query_one(TableView)
        assert table.rows == [] and table.empty_text == "読み込み中…"
        assert "sessions" in text_of(home.query_one("#home-head", Static))
        # Typing before the index is there does not read the store on the UI thread.
        await pilot.press("停")
        assert not home.loaded
        gate.set()
        await settle(pilot)
        assert home.loaded
        assert home.query_one("#home-search", Input).value == "停"  # what was typed meanwhile is kept
        shown = [r.cells[1].plain for r in table.rows if r.key]
        assert "第2回 定例会" in shown and len(shown) == 4


async def test_the_year_plan_asked_for_before_the_list_is_read_opens_once_it_is(
        demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 10,000 sessions the whole list comes ~0.5 s after its first lines: y pressed then
    said 「読み込み中です」 and was lost (the SC pressed it again). Now it waits for the list."""
    gate = _index_held_back(monkeypatch)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen) and not home.loaded
        home.query_one(TableView).focus()
        seen = notes(app)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is home and seen == ["読み込み中です。読み終えたら開きます"]
        gate.set()
        await settle(pilot)
        assert isinstance(app.screen, YearPlanScreen)


async def test_sessions_grouped_by_body_newest_first(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TableView)
        rows = plain(table)
        assert rows[0] == f"■ {BODY_1}（6件）"
        assert rows[1] == "令和8年11月18日（水） | 第5回 一年のふりかえり | 2 | 1 | 5"
        assert rows[6].endswith("設置時プレ会議 | 5 | 0 | 1")
        assert rows[7] == f"■ {BODY_2}（2件）"
        assert len(rows) == 10
        assert app.focused is table and table.cursor_key == table.rows[1].key  # the most recent session
        detail = text_of(app.screen.query_one("#home-detail", Static))
        assert "次回 令和9年1月20日（水） 13:30" in detail and "次年度の重点課題" in detail
        await pilot.press("down")
        assert table.cursor_key == table.rows[2].key
        await pilot.press("end")
        assert table.cursor_key == table.rows[-1].key


async def test_typing_japanese_searches_as_you_type(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        table = home.query_one(TableView)
        for ch in "停車場所":  # typed on the table: goes to the search
            await pilot.press(ch)
        search = home.query_one("#home-search", Input)
        assert search.value == "停車場所" and app.focused is search
        assert [r.cells[1].plain for r in table.rows if r.key] == [
            "第5回 一年のふりかえり", "第4回 定例会", "第3回 地域交通・移動に関する集中協議", "第2回 定例会"]
        await pilot.press(*"をサロン会場")
        assert [r.cells[1].plain for r in table.rows if r.key] == ["第2回 定例会"]
        assert "一致" in text_of(home.query_one("#home-detail", Static))
        assert "停車場所をサロン会場にする" in text_of(home.query_one("#home-detail", Static))
        await pilot.press("enter")  # back to the table
        assert app.focused is table
        await pilot.press("enter")  # opens the review of that meeting
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.session.title == "第2回 定例会"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        search = app.screen.query_one("#home-search", Input)
        search.focus()
        search.value = "新幹線"
        await pilot.pause()
        assert [r for r in table.rows if r.key] == [] and table.empty_text == "該当する会議はありません"
        await pilot.press("escape")
        assert app.focused is table


@pytest.mark.parametrize("first_key", ["停", "slash"])
async def test_keys_before_the_search_field_is_mounted_mount_it(demo_store: Store, first_key: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The search field comes just after the first frame (HomeFilters.add_search); a key typed
    before it (typed while the app was starting) mounts it then, and no character is lost."""
    def start_loading_before_the_search(self: HomeScreen) -> None:  # as if its follow-up had not come yet
        if not self._loading_started:
            self._loading_started = True
            self.action_reload()

    monkeypatch.setattr(HomeScreen, "start_loading", start_loading_before_the_search)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and home.loaded and not home.query("#home-search")
        await pilot.press(first_key, *"車場")
        await settle(pilot)
        search = home.query_one("#home-search", Input)
        assert app.focused is search
        assert search.value == ("停車場" if first_key == "停" else "車場")
        assert [r.cells[1].plain for r in home.query_one(TableView).rows if r.key] == [
            "第5回 一年のふりかえり", "第4回 定例会", "第3回 地域交通・移動に関する集中協議", "第2回 定例会"]


async def test_a_burst_typed_on_the_table_reaches_the_search_whole(demo_store: Store) -> None:
    """An IME commits a word as a burst of keys: all were sent to the table before the focus
    moved to the search, and none may be lost on the way."""
    from textual import events

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        table = home.query_one(TableView)
        search = home.query_one("#home-search", Input)
        await pilot.press("停")
        await pilot.pause()
        assert app.focused is search
        for ch in "車場所":  # sent to the table while it had the focus, arriving only now
            table._forward_event(events.Key(ch, ch))  # (as the app hands a key to the focused widget)
        await pilot.pause()
        await pilot.press(*"をサロン")
        assert search.value == "停車場所をサロン" and app.focused is search


async def test_filters_by_body_and_fiscal_year(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        table = home.query_one(TableView)
        body = home.query_one("#home-body", Select)
        year = home.query_one("#home-year", Select)
        body.value = BODY_2
        await pilot.pause()
        assert plain(table)[0] == f"■ {BODY_2}（2件）" and len(table.rows) == 3
        body.clear()
        year.value = 2025
        await pilot.pause()
        assert [r.cells[1].plain for r in table.rows if r.key] == ["第1回 定例会", "設置時プレ会議"]
        assert "絞り込み中" in text_of(home.query_one("#home-status", Static))


async def test_problem_files_are_warning_rows_never_opened(demo_store: Store) -> None:
    root = demo_store.root
    (root / "broken.json").write_text("{ not json", encoding="utf-8")
    newer = session_to_dict(by_title(demo_store, "第1回 定例会"))
    newer["schema_version"] = 99
    newer["id"] = "2026-03-18-newer1"
    (root / "2026-03-18-newer1.json").write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")
    copy = next(root.glob("2026-07-11-*.json"))
    (root / f"{copy.stem} (1).json").write_bytes(copy.read_bytes())
    before = {p.name: p.read_bytes() for p in root.glob("*.json")}
    app = make_app(demo_store)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TableView)
        warnings = [r for r in table.rows if r.style == "table-view--warning"]
        texts = [r.cells[0].plain for r in warnings]
        assert len(warnings) == 3
        assert any(t.startswith("⚠ 読めないファイル: broken.json") for t in texts)
        assert any(t.startswith("⚠ 新しい版のファイル: 2026-03-18-newer1.json") for t in texts)
        assert sum(t.startswith(f"⚠ 同期ソフトの写し: {copy.stem} (1).json") for t in texts) == 1
        # The session with a sync copy stays in its body's group, marked.
        assert [r.cells[0].plain for r in table.rows if r.style == "table-view--group"][1] == f"■ {BODY_2}（2件）"
        marked = [r for r in table.rows if r.key == copy.stem]
        assert marked and "⚠ 写し1件" in marked[0].cells[1].plain
        table.select_key(next(w.key for w in warnings if "broken.json" in w.key))
        for key in ("o", "r", "e", "n", "enter", "m"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen), key
        assert sum("ません" in n for n in seen) >= 4
        assert "開けません" in text_of(app.screen.query_one("#home-detail", Static))
    assert {p.name: p.read_bytes() for p in root.glob("*.json")} == before


async def test_a_file_too_large_to_be_a_session_is_a_warning_row_and_search_goes_on(demo_store: Store) -> None:
    """A 300 MB file (sparse) in the store: refused unread, one warning row saying so; the other
    sessions are listed and found by search (a 498 MB one used to end the app with a traceback)."""
    root = demo_store.root
    with open(root / "2026-01-01-huge01.json", "wb") as f:
        f.truncate(300 * 1024 * 1024)
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TableView)
        warnings = [r.cells[0].plain for r in table.rows if r.style == "table-view--warning"]
        assert len(warnings) == 1 and warnings[0].startswith("⚠ 読めないファイル: 2026-01-01-huge01.json")
        assert any(r.key for r in table.rows if r.style not in ("table-view--warning", "table-view--group"))
        search = app.screen.query_one("#home-search", Input)
        search.value = "定例会"
        await settle(pilot)
        assert any("定例会" in r.cells[1].plain for r in table.rows if r.key and len(r.cells) > 1)
        assert isinstance(app.screen, HomeScreen)
    detail = Index(demo_store).problems()
    assert [p["file"] for p in detail] == ["2026-01-01-huge01.json"] and "大きすぎる" in detail[0]["error"]


# ---------------------------------------------------------------------------------------
# Review and export


async def test_review_shows_changes_minutes_and_board(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")  # the newest session
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        changes = text_of(review.query_one("#review-changes", Static))
        assert "前回: 令和8年9月16日（水）　第4回 定例会" in changes
        assert "新しいカード 1件" in changes and "乗り合いの試行（月2回）" in changes
        assert "済んだ宿題 1件" in changes
        assert "買い物ついでの乗り合い（ご近所で声をかけ合う）（持ち越し4回目、大野 健）" in changes
        import io

        from rich.console import Console

        console = Console(width=110, record=True, file=io.StringIO(), highlight=False)
        console.print(review.minutes)
        text = console.export_text()
        for heading in ("■ 前回の振り返り", "■ 意見・アイデア", "■ 継続協議・宿題", "■ 総評", "■ あるもの/ないもの"):
            assert heading in text
        assert "わがまちビジョン" in text and "ちょっとした困りごとを、ご近所で助け合えるまち" in text
        await pilot.press("b")
        await pilot.pause()
        scroll = review.query_one("#review-scroll")
        assert scroll.scroll_y == scroll.max_scroll_y > 0
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_review_of_a_first_session(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TableView)
        table.select_key(by_title(demo_store, "設置時プレ会議").id)
        await pilot.press("enter")
        await settle(pilot)
        changes = text_of(app.screen.query_one("#review-changes", Static))
        assert "この協議体の最初の会議です" in changes and "移動販売車（毎週火曜）" in changes


async def test_export_dialog_writes_beside_the_store_and_says_where(demo_store: Store) -> None:
    app = make_app(demo_store)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.query_one("#export-path", Input).value == "exports"
        await pilot.press("h")
        await settle(pilot)
        target = Path("exports/2026-11-18_ひなた町第1層協議体_第5回一年のふりかえり.html").resolve()
        assert dialog.written == target and target.is_file()
        html = target.read_text(encoding="utf-8")
        assert html.lstrip().lower().startswith("<!doctype html") and "一年のふりかえり" in html
        assert "前回SCに託したこと" in html  # the previous session was given to the minutes
        status = text_of(dialog.query_one("#export-status", Static))
        assert "書き出しました" in status and str(target) in status
        assert any(str(target) in n for n in seen)
        if hasattr(__import__("os"), "getuid"):
            assert target.stat().st_mode & 0o077 == 0  # residents' names: owner only
        # A typed file name ending in the format's extension is the file itself; again = overwrite.
        path = dialog.query_one("#export-path", Input)
        path.value = str(Path("mine") / "議事録.md")
        await pilot.press("m")  # the button has focus: the key exports
        await settle(pilot)
        assert Path("mine/議事録.md").read_text(encoding="utf-8").startswith("# ")
        await pilot.press("m")
        await settle(pilot)
        assert "上書きしました" in text_of(dialog.query_one("#export-status", Static))
        await pilot.press("c", "j")
        await settle(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
    assert Path("sessions").is_dir() and not list(Path("sessions").glob("*.html"))


async def test_export_failure_is_said(demo_store: Store) -> None:
    Path("blocked").write_text("a file, not a folder", encoding="utf-8")
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = "blocked/sub"
        await pilot.press("h")
        await settle(pilot)
        assert "書き出せませんでした" in text_of(app.screen.query_one("#export-status", Static))


# ---------------------------------------------------------------------------------------
# The next session


async def test_next_session_asks_date_and_title_and_carries_over(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TableView)
        table.select_key(by_title(demo_store, "第2回 定例会").id)  # any session of the body
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-date", Input).value == "令和9年1月20日（水）"  # the planned date
        assert form.query_one("#field-title", Input).value == "第6回"
        form.query_one("#field-date", Input).value = "あした"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # asked again, with what was typed
        assert app.screen.query_one("#field-date", Input).value == "あした"
        app.screen.query_one("#field-date", Input).value = "2027/1/27"
        app.screen.query_one("#field-title", Input).value = "第6回 次年度に向けて"
        await pilot.press("ctrl+s")
        await settle(pilot)
        from screens.meeting import MeetingScreen

        assert isinstance(app.screen, MeetingScreen)
        new = app.screen.meeting.session
        assert (new.date, new.title, new.template) == ("2027-01-27", "第6回 次年度に向けて", "c-town")
        latest = by_title(demo_store, "第5回 一年のふりかえり")
        assert new.previous_session == latest.id
        assert [h.id for h in new.homework] == [h.id for h in latest.homework if h.status == "open"]
        assert [i.title for i in new.issues] == ["次年度の重点課題", "第2層からの報告"]
        assert len(new.board.items) == len(latest.board.items)
        assert Path("sessions", f"{new.id}.json").is_file()


# ---------------------------------------------------------------------------------------
# Homework tracker


async def test_homework_tracker_marks_done_and_drops_in_the_latest_session(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeworkScreen)
        table = screen.query_one(TableView)
        rows = plain(table)
        assert rows[0] == f"■ {BODY_2}" and len([r for r in table.rows if r.key]) == 7
        overdue = [r for r in table.rows if r.style == "table-view--overdue"]
        assert [r.cells[0].plain for r in overdue] == ["⚠ 期限切れ", "⚠ 期限切れ"]
        noriai = next(r for r in table.rows if r.key and r.cells[1].plain.startswith("買い物ついでの乗り合い"))
        assert [c.plain for c in noriai.cells[2:]] == ["大野 健", "令和8年5月20日", "4回", "2026/3/18 第1回 定例会"]
        assert "期限切れ 2件" in text_of(screen.query_one("#homework-status", Static))
        table.select_key(noriai.key)
        await pilot.pause()
        detail = text_of(screen.query_one("#homework-detail", Static))
        assert "経緯 2026/3/18 第1回 定例会 → 2026/5/20 第2回 定例会 →" in detail and "第5回" in detail

        latest = by_title(demo_store, "第5回 一年のふりかえり")
        older = by_title(demo_store, "第4回 定例会")
        older_bytes = Path("sessions", f"{older.id}.json").read_bytes()
        await pilot.press("d")
        await settle(pilot)
        saved = session_from_json(Path("sessions", f"{latest.id}.json").read_bytes())
        assert next(h for h in saved.homework if h.id == noriai.key).status == "done"
        assert Path("sessions", f"{older.id}.json").read_bytes() == older_bytes  # history untouched
        assert noriai.key not in [r.key for r in table.rows]
        assert table.cursor_key is not None

        target = table.cursor_key
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+s")  # no reason: refused
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press(*"町の事業に合流", "enter")
        await settle(pilot)
        holder = next(s for s, _ in demo_store.scan().sessions
                      if any(h.id == target and h.status != "open" for h in s.homework))
        item = next(h for h in holder.homework if h.id == target)
        assert (item.status, item.reason) == ("dropped", "町の事業に合流")
        # One body only.
        screen.query_one("#homework-body", Select).value = BODY_2
        await pilot.pause()
        assert plain(table)[0] == f"■ {BODY_2}" and all(r.key is None or "第1層" not in r.key for r in table.rows)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_homework_tracker_opens_on_the_home_body_filter(demo_store: Store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#home-body", Select).value = BODY_1
        await pilot.pause()
        await pilot.press("h")
        await settle(pilot)
        groups = [r.cells[0].plain for r in app.screen.query_one(TableView).rows if r.key is None]
        assert groups == [f"■ {BODY_1}"]


# ---------------------------------------------------------------------------------------
# Year plan


async def test_year_plan_shows_the_fiscal_year_and_exports(demo_store: Store) -> None:
    app = make_app(demo_store)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, YearPlanScreen)
        assert screen.plan is not None and screen.plan.fiscal_year == 2026
        assert [c.name for c in screen.plan.columns] == [BODY_1, BODY_2]
        assert "年間計画 令和8年度" in text_of(screen.query_one("#year-plan-head", Static))
        await pilot.press("m", "c")
        await settle(pilot)
        md = Path("exports/年間計画_2026年度.md").read_text(encoding="utf-8")
        assert md.startswith("# 年間計画 令和8年度") and "次回予定 1/20（水） 13:30" in md
        assert Path("exports/年間計画_2026年度.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        assert any("年間計画_2026年度.csv" in n for n in seen)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.plan.fiscal_year == 2025
        march = screen.plan.months[-1]
        assert (march.year, march.month) == (2026, 3)
        assert [e.title for e in march.cells[0]] == ["第1回 定例会"]
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_empty_store_says_how_to_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(Store(Path("nothing")))
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TableView)
        assert table.rows == [] and table.empty_text.startswith("まだ会議がありません。n で最初の会議")
        assert any("kyogitai demo" in n and "n で最初の会議" in n for n in seen)
        await pilot.press("r", "e")  # (n starts a first meeting: test_first_meeting.py)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("y")
        await pilot.pause()
        assert "この年度の会議はまだありません" in text_of(app.screen.query_one("#year-plan-status", Static))
    assert not Path("nothing").exists()  # looking never creates the store


async def test_f4_opens_the_body_board_of_its_latest_session_and_returns_home(demo_store: Store) -> None:
    from screens.board import BoardScreen

    app = make_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(TableView)
        await pilot.press("down", "down")  # an older session of the same body: its latest one opens
        assert table.cursor_key == table.rows[3].key
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        latest = app.screen.meeting.session
        assert latest.title == "第5回 一年のふりかえり"
        presence = demo_store.root / ".kyogitai" / "presence"
        await settle(pilot)  # the presence is written by a worker
        assert list(presence.glob(f"{latest.id}.*.json"))  # opened like any meeting: there, for the others
        app.screen.query_one("#board-add", Input).value = "駅前のベンチ"
        app.screen.query_one("#board-add", Input).focus()
        await pilot.press("enter")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        saved = session_from_json((demo_store.root / f"{latest.id}.json").read_bytes())
        assert "駅前のベンチ" in [c.text for c in saved.board.items]
        assert not list(presence.glob(f"{latest.id}.*.json"))  # left with the board


async def test_a_first_build_without_the_child_shows_the_newest_sessions_and_its_progress(
        demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import facilitator.index.store_index as built

    monkeypatch.setattr(built, "PROGRESS_FROM", 1)  # a report after every file read
    monkeypatch.setattr(built, "FIRST_BATCH_SECONDS", 0)
    monkeypatch.setattr(built, "BATCH_SECONDS", 0)
    shown: list[tuple[list[str], list[int] | None]] = []
    original = HomeScreen._head

    def head(self, first, progress):  # type: ignore[no-untyped-def]
        rows = [r["id"] for _, _, group in (first or {}).get("groups", []) for r in group]
        shown.append((rows, progress))
        original(self, first, progress)

    monkeypatch.setattr(HomeScreen, "_head", head)
    app = make_app(demo_store)  # no prefetch child (as on Windows): the home's worker builds it
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen) and home.loaded
        files = sorted(p.name for p in demo_store.root.glob("*.json"))
        assert [p for _, p in shown] == [[n, len(files)] for n in range(1, len(files))]
        assert shown[0][0] == [files[-1].removesuffix(".json")]  # the newest file first
        assert "索引を作成中" not in text_of(home.query_one("#home-status", Static))
        assert len([r for r in home.query_one(TableView).rows if r.key]) == len(files)
