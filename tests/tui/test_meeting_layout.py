"""The meeting screen at the sizes a projected terminal has (80×24, 60×20), in projection (F5) and
not: what the back row must read is there, whole, and every step stays usable (Pilot).

The newest idea is looked for in the list's own rows on screen (``RowList.visible_keys``), not
waited for: the list scrolls to it as it is added, or as the step opens.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Digits, Input, Select

from facilitator.model import Idea, Session
from facilitator.store import Store, StoreLocation
from factories import NOW, make_session
from pilot_helpers import LONG_TITLE, NEWEST, crowded_session
from screens.app import KyogitaiApp
from screens.meeting import MeetingScreen
from screens.panels.ideas import IdeaList
from screens.widgets.folded_static import FoldedStatic
from screens.widgets.footer import Footer

SIZES = [(80, 24), (60, 20)]


def app_for(tmp_path: Path, session: Session) -> KyogitaiApp:
    return KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)


def on_screen(app: KyogitaiApp, widget: Widget) -> bool:
    """Shown, and drawn whole inside the screen above the footer (not scrolled or pushed off)."""
    if not widget.display or widget.region.area == 0:
        return False
    footer = app.screen.query_one(Footer).region
    room = Region(0, 0, app.size.width, footer.y)
    return room.contains_region(widget.region) and app.screen.find_widget(widget).region == widget.region


def list_rows(app: KyogitaiApp) -> int:
    """How many lines of ideas the list has room for on screen."""
    ideas = app.screen.query_one(IdeaList)
    return ideas.scrollable_content_region.height if on_screen(app, ideas) else 0


def footer_text(app: KyogitaiApp) -> str:
    return app.screen.query_one(Footer).render().plain


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
async def test_projection_shows_the_step_number_large_the_title_whole_and_the_timer(tmp_path, size):
    app = app_for(tmp_path, crowded_session())
    async with app.run_test(size=size) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        screen = app.screen
        number = screen.query_one("#step-number", Digits)
        assert on_screen(app, number) and number.value == "4/7" and number.region.height == 3
        assert not screen.query_one("#step-count").display  # the small 「4/7」 gives way
        title = screen.query_one("#step-title", FoldedStatic)
        assert on_screen(app, title) and title.plain == LONG_TITLE
        # On a line of its own below the digits, as wide as the stage, wrapped: every line of
        # the folded title is on screen.
        assert title.region.y >= number.region.bottom
        assert title.region.width >= size[0] - 4
        lines = str(title.render()).split("\n")
        assert "".join(lines) == LONG_TITLE and len(lines) >= 2
        assert title.region.height == len(lines)
        timer = screen.query_one("#timer-digits", Digits)
        assert on_screen(app, timer) and timer.region.height == 3
        # The room sees the field and the ideas, the newest among them.
        assert on_screen(app, screen.query_one("#idea-input", Input))
        assert list_rows(app) >= (10 if size == (80, 24) else 6)
        assert NEWEST in screen.query_one(IdeaList).visible_keys()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
async def test_a_new_idea_is_on_screen_wherever_its_group_is(tmp_path, size):
    """Added to the first of two long groups while the list shows the end of the second: the
    list scrolls back up to it, projected or not."""
    app = app_for(tmp_path, crowded_session())
    async with app.run_test(size=size) as pilot:
        for projected in (True, False):
            if projected != app.screen.has_class("projection"):
                await pilot.press("f5")
            ideas = app.screen.query_one(IdeaList)
            ideas.action_cursor_last()  # the view at the bottom of サロンの活性化
            await pilot.pause()
            assert ideas.visible_keys()[-1] == "idea-b20" and NEWEST not in ideas.visible_keys()
            app.screen.query_one("#idea-issue", Select).value = "issue-01"
            field = app.screen.query_one("#idea-input", Input)
            field.focus()
            text = f"送迎ボランティアを募る{'投影' if projected else '通常'}"
            await pilot.press(*text, "enter")
            await pilot.pause()
            added = app.screen.meeting.session.ideas[-1]
            assert added.text == text and added.issue_id == "issue-01"
            assert ideas.cursor_key == added.id
            assert added.id in ideas.visible_keys(), ideas.visible_keys()
            assert ideas.visible_keys()[-1] != "idea-b20"  # scrolled up to the first group's end


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
async def test_reopened_the_list_opens_on_the_newest_idea(tmp_path, size):
    """The session saved and opened again from the home screen (o), as after a break: the list
    starts where the meeting was, at the newest idea, not at the top of the first group."""
    Store(tmp_path).save(crowded_session(id="2026-08-19-abcdef"))
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=size) as pilot:
        for _ in range(50):
            if getattr(app.screen, "loaded", False):
                break
            await pilot.pause(0.05)
        await pilot.press("o")
        for _ in range(100):
            if isinstance(app.screen, MeetingScreen) and app.screen.query(IdeaList):
                break
            await pilot.pause(0.05)
        await pilot.pause()
        ideas = app.screen.query_one(IdeaList)
        assert app.screen.meeting.current.id == "ideas"
        assert ideas.cursor_key == NEWEST and NEWEST in ideas.visible_keys()
        assert ideas.scroll_y > 0  # below the top of the list: it did scroll there
        await pilot.press("f5")  # projected, and back: still in view
        await pilot.pause()
        assert NEWEST in ideas.visible_keys()
        await pilot.press("f5")
        await pilot.pause()
        assert NEWEST in ideas.visible_keys()


async def test_ideas_at_60x20_without_projection_keep_the_list_the_field_the_issue_and_pgdn(tmp_path):
    """The worst case of the issue: purpose, four prompts, two questions. Before, the list had
    no rows, the 課題 selector was hidden and PgDn was cut from the footer."""
    app = app_for(tmp_path, crowded_session())
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-narrow") and screen.has_class("-short")
        assert on_screen(app, screen.query_one("#idea-input", Input))
        assert on_screen(app, screen.query_one("#idea-speaker", Select))
        assert on_screen(app, screen.query_one("#idea-issue", Select))
        assert list_rows(app) >= 3
        assert NEWEST in screen.query_one(IdeaList).visible_keys()
        assert on_screen(app, screen.query_one("#prompts-box"))  # the prompts too, scrolling
        assert "PgDn 次へ" in footer_text(app)
        title = screen.query_one("#step-title", FoldedStatic)
        assert on_screen(app, title) and "".join(str(title.render()).split("\n")) == LONG_TITLE


@pytest.mark.parametrize("step", ["recap", "issues", "consult", "ideas", "handoff", "comment", "close"])
@pytest.mark.parametrize("projected", [False, True], ids=["normal", "projection"])
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
async def test_every_step_is_usable_at_80x24_and_60x20(tmp_path, step, projected, size):
    """Each step opens with the widget it focuses on screen, its panel has room, its title is
    whole, and the footer keeps PgDn."""
    app = app_for(tmp_path, make_session(current_step=step))
    async with app.run_test(size=size) as pilot:
        if projected:
            await pilot.press("f5")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        focused = app.focused
        if step != "recap":  # (a first meeting's recap has nothing to focus: its list is hidden)
            assert focused is not None and on_screen(app, focused), (step, focused)
        assert screen.query_one("#panel-host").region.height >= (6 if size == (60, 20) else 8)
        title = screen.query_one("#step-title", FoldedStatic)
        assert on_screen(app, title) and title.plain == screen.meeting.current.title
        assert "PgDn 次へ" in footer_text(app)
        if projected:
            assert on_screen(app, screen.query_one("#step-number", Digits))
            assert on_screen(app, screen.query_one("#timer-digits", Digits))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
async def test_narrow_header_keeps_the_names_and_drops_the_date(tmp_path, size):
    app = app_for(tmp_path, make_session(current_step="ideas"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        header = app.screen.query_one("#header-title")
        assert "C町 第1層協議体" in str(header.render()) and "第3回 定例会" in str(header.render())
        assert not app.screen.query_one("#header-date").display
        assert on_screen(app, app.screen.query_one("#header-clock"))


async def test_f7_draws_the_rows_and_the_empty_hints_in_the_bright_theme(tmp_path):
    """The lines drawn, not only the rows' text: the wrapped lines kept for each row were drawn
    with the dark theme's backgrounds, so under F7 「— 山田 花子」 and 「→ 企画課」 stood on black
    boxes; an empty list's hint had no style of its own at all."""
    ideas = [Idea(id="idea-01", text="乗り合いで買い物に行く", author="山田 花子", issue_id="issue-01", kind="self"),
             Idea(id="idea-03", text="サロンでスマホ教室", issue_id="issue-02")]  # no request: none to 役場
    app = app_for(tmp_path, make_session(current_step="ideas", ideas=ideas, handoffs=[]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5", "f7")
        await pilot.pause()
        ideas = app.screen.query_one(IdeaList)
        white = ideas.rich_style.bgcolor
        drawn = [seg for y in range(ideas.size.height) for seg in ideas.render_line(y) if seg.text.strip()]
        meta = [seg for seg in drawn if seg.text.strip() == "—"]
        assert meta and all(seg.style.bgcolor == white for seg in meta), meta
        await pilot.press("pagedown")  # SCに託す: its requests list is empty here
        await pilot.pause()
        requests = app.screen.query_one("#handoff-requests")
        assert not requests.rows
        line = requests.render_line(0)
        hint = next(seg for seg in line if seg.text.strip())
        assert hint.style is not None and hint.style.bgcolor == requests.rich_style.bgcolor
        assert hint.style.color != requests.rich_style.color  # muted, not the text colour
