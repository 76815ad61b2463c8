"""F9 困ったとき in the meeting screen: the hints open in one key, the current step's first; typing
closes them and lands in the step's field; projected (F5), F9 only asks — the wall sees no hint
unless the SC chooses to show it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from pilot_helpers import SIZE, make_app
from screens.choice import ChoiceScreen
from screens.hints import HintsScreen
from screens.meeting import MeetingScreen
from screens.widgets.footer import Footer


def hints_text(app) -> str:  # type: ignore[no-untyped-def]
    """The text of every Static on the screen in front (the hints are Rich tables), scrolled or not."""
    import io

    from rich.console import Console

    console = Console(width=100, file=io.StringIO(), record=True)
    for static in app.screen.query(Static):
        console.print(static.content)
    return console.export_text()


def drawn(app) -> str:  # type: ignore[no-untyped-def]
    """Every character the terminal draws right now: what the wall sees."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def test_f9_opens_the_hints_for_this_step_first_and_typing_goes_to_the_field(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        assert "meeting.hints" in {b.id for _, b, *_ in meeting.active_bindings.values()}
        assert "action_hints" in dir(meeting)
        assert any(e.action == "hints" and e.key == "f9" for e in meeting.query_one(Footer).entries)
        from screens.palette import screen_commands

        assert any("困ったとき" in c.title for c in screen_commands(meeting))  # Ctrl+P too (a browser)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, HintsScreen)
        text = hints_text(app)
        here = text.index("いまのステップ")
        assert here < text.index("アイデアが出ない") < text.index("ほかの場面で") < text.index("マンネリ")
        await pilot.press("f9")  # F9 closes too
        await pilot.pause()
        assert app.screen is meeting
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press(*"月2回")  # typing closes the hints; the text is the idea field's
        for _ in range(50):
            await pilot.pause(0.05)
            if app.screen is meeting and meeting.query_one("#idea-input", Input).value == "月2回":
                break
        assert app.screen is meeting
        assert meeting.query_one("#idea-input", Input).value == "月2回"
        assert meeting.meeting.session.ideas == [] or all(i.text != "月2回" for i in meeting.meeting.session.ideas)


async def test_projected_f9_asks_first_and_shows_no_hint_until_chosen(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        meeting = app.screen
        await pilot.press("f5")
        assert meeting.has_class("projection")
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        shown = hints_text(app) + drawn(app)
        assert "投影中" in shown
        assert "アイデアが出ない" not in shown and "一人が話し続ける" not in shown
        await pilot.press("escape")  # no: back to the wall, nothing shown
        await pilot.pause()
        assert app.screen is meeting
        await pilot.press("f9", "enter")  # yes, on the wall: the SC chose it
        await pilot.pause()
        assert isinstance(app.screen, HintsScreen)
        assert "アイデアが出ない" in hints_text(app)


def test_snapshot_projected_f9_keeps_the_hints_off_the_wall(snap_compare, tmp_path):  # type: ignore[no-untyped-def]
    """Projected at 80×24, F9: the wall shows the question only (投影中です … 映して開く / 戻る),
    not one hint."""
    assert snap_compare(make_app(tmp_path), press=["f5", "f9"], terminal_size=(80, 24))


def test_snapshot_hints_not_projected(snap_compare, tmp_path):  # type: ignore[no-untyped-def]
    """Not projected, F9 at the ideas step: the ideas step's hints first."""
    assert snap_compare(make_app(tmp_path), press=["f9"], terminal_size=SIZE)


async def test_f9_on_the_board_puts_no_resources_first_and_asks_when_projected(tmp_path: Path) -> None:
    from screens.board import BoardScreen

    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, HintsScreen)
        text = hints_text(app)
        assert text.index("いまのステップ（あるもの/ないもの）で") < text.index("「地域に資源がない」") < text.index("アイデアが出ない")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is board
        await pilot.press("f5", "f9")  # projected: only the question
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert "資源" not in hints_text(app) + drawn(app)
