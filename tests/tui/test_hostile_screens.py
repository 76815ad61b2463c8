"""Hostile input in every screen (issue 6): the corpus of tests/support/hostile/ opened with Pilot.

Home, review, export dialog, homework tracker, year plan, the meeting screen through every step
(every panel type: recap, issues, consult, ideas, handoff, text, close, board), the board (F4),
the roster (F3) and help (F1). For each: no crash, nothing of the forbidden kind (escape
sequences, C0/C1 controls, bidi overrides, lone surrogates) among the characters drawn, and
markup shown as typed. The big files (10,000 ideas, a 100,000-character idea) are opened too
and must stay usable; how long they take is printed, not asserted (docs/reliability.md has the
figures; no benchmark in benchmarks/ opens them).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from factories import NOW
import hostile_corpus as corpus
from hostile_corpus import FORBIDDEN
from facilitator.session_load import session_from_json
from facilitator.store import Store, StoreLocation
from facilitator.text import for_display
from pilot_helpers import SIZE
from screens.app import KyogitaiApp
from screens.board import BoardScreen
from screens.export_dialog import ExportDialog
from screens.home import HomeScreen
from screens.homework_tracker import HomeworkScreen
from screens.meeting import MeetingScreen
from screens.review import ReviewScreen
from screens.widgets.table_view import TableView
from screens.home.year_plan import YearPlanScreen

SMALL = corpus.small_files()


def screen_text(app: KyogitaiApp) -> str:
    """Every character the screen draws right now."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


def assert_clean(app: KyogitaiApp, where: str) -> str:
    text = screen_text(app)
    bad = sorted({f"U+{ord(c):04X}" for c in FORBIDDEN.findall(text)})
    assert not bad, f"{where}: {bad}"
    return text


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def make_app(root: Path, session=None) -> KyogitaiApp:  # type: ignore[no-untyped-def]
    return KyogitaiApp(StoreLocation(root, "テスト"), session=session, clock=lambda: 0.0, now=lambda: NOW)


def head(text: str, n: int = 8) -> str:
    """The first characters of a field as a screen shows them (escapes stripped, one line)."""
    return " ".join(for_display(text).split())[:n]


@pytest.fixture
def small_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.chdir(tmp_path)
    corpus.write_files(tmp_path / "sessions")
    return Store(Path("sessions"))


# ---------------------------------------------------------------------------------------
# Home and everything reached from it


async def test_home_review_export_tracker_and_year_plan_on_the_corpus(small_store: Store) -> None:
    app = make_app(small_store.root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        text = assert_clean(app, "home")
        assert "⚠" in text  # the broken files are warning rows
        table = home.query_one(TableView)
        keys = [r.key for r in table.rows if r.key and r.style != "table-view--warning"]
        assert set(keys) == {d["id"] for d in SMALL.values()}
        for key in keys:
            table.select_key(key)
            await pilot.pause()
            assert_clean(app, f"home detail {key}")
            await pilot.press("r")
            await settle(pilot)
            assert isinstance(app.screen, ReviewScreen), key
            assert_clean(app, f"review {key}")
            await pilot.press("b")  # to the bottom: the board
            await pilot.pause()
            assert_clean(app, f"review bottom {key}")
            if key in (SMALL["mixed"]["id"], SMALL["unicode"]["id"]):  # the export dialog: twice is enough
                await pilot.press("e")
                await pilot.pause()
                assert isinstance(app.screen, ExportDialog), key
                assert_clean(app, f"export dialog {key}")
                for fmt_key in ("m", "h", "w", "c", "j", "i"):
                    await pilot.press(fmt_key)
                    await settle(pilot)
                    assert_clean(app, f"export {key} {fmt_key}")
                assert app.screen.written is not None and app.screen.written.is_file()
                await pilot.press("escape")
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
        # Markup in a title is shown as typed on the home screen.
        markup = SMALL["markup"]
        table.select_key(markup["id"])
        await pilot.pause()
        assert head(markup["title"], 12) in screen_text(app)

        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HomeworkScreen)
        tracker = app.screen.query_one(TableView)
        for row in [r for r in tracker.rows if r.key][:6]:
            tracker.select_key(row.key)
            await pilot.pause()
            assert_clean(app, f"homework {row.key}")
        await pilot.press("escape")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, YearPlanScreen)
        assert_clean(app, "year plan")
        for _ in range(3):
            await pilot.press("left_square_bracket")
            await pilot.pause()
            assert_clean(app, "year plan, earlier")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


# ---------------------------------------------------------------------------------------
# The meeting screen: every step, the board, the roster, help


# "mixed" carries every kind of hostile text; the others each stress one kind where it counts.
@pytest.mark.parametrize("name", ["mixed", "unicode", "extreme"])
async def test_meeting_every_panel_board_and_roster(tmp_path: Path, name: str) -> None:
    doc = dict(SMALL[name])
    doc["current_step"] = "recap"
    session = session_from_json(corpus.encode(doc))
    app = make_app(tmp_path, session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        seen_panels = []
        for _ in session.steps:
            await settle(pilot)
            seen_panels.append(screen.meeting.current.panel)
            text = assert_clean(app, f"{name} step {screen.meeting.current.id}")
            if screen.meeting.current is not screen.meeting.steps[-1]:  # (there it asks whether to close)
                await pilot.press("pagedown")
        assert seen_panels == [s.panel for s in session.steps]
        assert set(seen_panels) == {"recap", "issues", "consult", "ideas", "handoff", "text", "close", "board"}
        # The header shows the body's name and the title as typed (markup and all).
        assert head(session.body.name) in text and head(session.title) in text
        # Fields shown without their control characters were not written back by being shown.
        original = session_from_json(corpus.encode(doc))
        now = screen.meeting.session
        assert now.review == original.review and now.board.vision == original.board.vision
        assert now.next_meeting == original.next_meeting
        assert [st.notes for st in now.steps] == [st.notes for st in original.steps]
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert_clean(app, f"{name} board")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert_clean(app, f"{name} roster")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert_clean(app, f"{name} help")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)


async def test_markup_is_shown_as_typed_in_the_ideas_step(tmp_path: Path) -> None:
    doc = dict(SMALL["markup"])
    doc["ideas"] = [{"id": f"i{n}", "text": text, "kind": "self", "interest": 0, "status": "open"}
                    for n, text in enumerate(corpus.MARKUP)]
    doc["current_step"] = "ideas"
    app = make_app(tmp_path, session_from_json(corpus.encode(doc)))
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        text = assert_clean(app, "ideas")
        for typed in corpus.MARKUP:
            assert typed[:12] in text, typed
        # Typed in, too: the text is stored as typed (minus control characters) and shown so.
        await pilot.press(*"[bold]入力[/] \\[x]", "enter")
        await settle(pilot)
        assert app.screen.meeting.session.ideas[-1].text == "[bold]入力[/] \\[x]"
        assert "[bold]入力[/] \\[x]" in screen_text(app)


# ---------------------------------------------------------------------------------------
# The big files


async def test_ten_thousand_ideas_open_and_stay_usable(tmp_path: Path) -> None:
    doc = corpus.big_files()["many_ideas"]
    doc["current_step"] = "ideas"
    session = session_from_json(corpus.encode(doc))
    app = make_app(tmp_path, session)
    start = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        opened = time.perf_counter() - start
        assert_clean(app, "10,000 ideas")
        await pilot.press("tab")
        await pilot.press("end", "up", "home", "down")
        await pilot.pause()
        assert_clean(app, "10,000 ideas, moved")
        app.screen.query_one("#idea-input").focus()
        await pilot.press(*"一万一個目", "enter")  # and one more: only that row is wrapped
        await settle(pilot)
        assert app.screen.meeting.session.ideas[-1].text == "一万一個目"
        assert "一万一個目" in screen_text(app)
    # (measured on the loaded 2-core machine: ~20 s to open, most of it wrapping the rows that
    # do not fit on one line; the hand-off step takes as long again. See docs/reliability.md.)
    print(f"\n10,000 ideas: opened in {opened:.1f} s")


async def test_ten_thousand_ideas_on_home_and_in_review(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The review draws the minutes once, in a worker: the screen answers keys meanwhile. (How
    fast is printed, not asserted: on a shared machine the load decides it. No benchmark in
    benchmarks/ opens this file; docs/reliability.md has the figures measured by hand.)"""
    monkeypatch.chdir(tmp_path)
    root = Path("sessions")
    root.mkdir()
    doc = corpus.big_files()["many_ideas"]
    (root / f"{doc['id']}.json").write_bytes(corpus.encode(doc))
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert_clean(app, "home, 10,000 ideas")
        await pilot.press("r")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        start = time.perf_counter()
        await pilot.press("pagedown", "home")  # answered while the minutes are being drawn
        answered = time.perf_counter() - start
        deadline = time.perf_counter() + 240
        while review.minutes is None and time.perf_counter() < deadline:
            await pilot.pause(0.2)
        assert review.minutes is not None
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press("b")  # to the end, then back: the drawn lines are replayed, not redrawn
        await pilot.press("home")
        replayed = time.perf_counter() - start
        assert_clean(app, "review, 10,000 ideas")
        assert "アイデア0 " in screen_text(app) or "アイデア1 " in screen_text(app) or "■" in screen_text(app)
    print(f"\n10,000 ideas in review: keys answered in {answered:.2f} s while drawing, "
          f"end and back in {replayed:.2f} s")


async def test_a_100000_character_idea_everywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    root = Path("sessions")
    root.mkdir()
    doc = corpus.big_files()["long_idea"]
    doc["current_step"] = "ideas"
    (root / f"{doc['id']}.json").write_bytes(corpus.encode(doc))
    session = session_from_json(corpus.encode(doc))
    assert len(session.ideas[0].text) == 100_000
    app = make_app(root, session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert_clean(app, "ideas, long idea")
        await pilot.press("tab", "home", "e")  # edit it: the form holds it
        await settle(pilot)
        assert_clean(app, "edit form, long idea")
        await pilot.press("escape")
        await pilot.press("pagedown")
        await settle(pilot)
        assert_clean(app, "hand-off, long idea")
    app = make_app(root)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert_clean(app, "review, long idea")
