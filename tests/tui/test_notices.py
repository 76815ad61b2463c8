"""What the app says (notify) in the meeting and on the board: the NoticeLine above the footer."""

from __future__ import annotations

from pathlib import Path

from facilitator.i18n import t
from pilot_helpers import make_app
from screens.widgets.notice_line import KEEP, NoticeLine

LONG = "託したことを取り消しました。分類ごとにまとめて表示します（回覧板と民生委員の見守りの印まで）。"


def shown(app) -> str:  # type: ignore[no-untyped-def]
    """What the NoticeLine draws, line by line, as the terminal shows it."""
    line = app.screen.query_one(NoticeLine)
    return "\n".join(strip.text.replace("▌", "").strip() for strip in line.render_lines(line.region.reset_offset))


async def test_a_long_japanese_notice_shows_every_character_at_80_columns(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.notify(LONG, markup=False)
        await pilot.pause()
        drawn = shown(app)
        assert len(drawn.split("\n")) >= 2  # folded, by cells
        assert drawn.replace("\n", "") == LONG
        assert not any(line.startswith(("）", "。", "、")) for line in drawn.split("\n"))


async def test_a_notice_takes_lines_of_its_own_and_covers_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        host = app.screen.query_one("#panel-host")
        before = host.region
        line = app.screen.query_one(NoticeLine)
        assert not line.display or line.region.height == 0  # nothing said: no line taken
        app.screen.notify("宿題にしました", markup=False)
        await pilot.pause()
        assert line.region.height >= 1
        assert not line.region.overlaps(host.region)  # the step gets shorter instead
        assert host.region.height < before.height


async def test_the_same_notice_said_again_is_counted_not_stacked(tmp_path: Path) -> None:
    # A closed meeting at its last step: each PgDn says 「散会済みの会議です…」.
    app = make_app(tmp_path, current_step="close", ended_at="2026-08-19T16:00:00+09:00")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for _ in range(3):
            await pilot.press("pagedown")
        await pilot.pause()
        text = app.screen.query_one(NoticeLine).plain
        assert text.count(t("opening.finished")) == 1
        assert t("notices.repeated", count=3) in text
        for n in range(5):
            app.screen.notify(f"お知らせ{n}", markup=False)
        await pilot.pause()
        assert app.screen.query_one(NoticeLine).plain.split("\n") == [f"お知らせ{n}" for n in range(5 - KEEP, 5)]
        assert not app.query("Toast")  # no toast over the step


async def test_a_warning_is_marked_not_by_colour_alone(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.screen.notify("[bold]x[/bold] は追加できません", severity="warning", markup=False)
        await pilot.pause()
        assert app.screen.query_one(NoticeLine).plain == "⚠ [bold]x[/bold] は追加できません"  # user text, no markup


async def test_the_step_purpose_never_starts_a_line_with_a_closing_bracket(tmp_path: Path) -> None:
    from facilitator.linebreak import NO_LINE_START
    from screens.widgets.folded_static import FoldedStatic

    app = make_app(tmp_path)
    app.session.step("ideas").purpose = PURPOSE  # type: ignore[union-attr]
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        purpose = app.screen.query_one("#step-purpose", FoldedStatic)
        lines = [strip.text.strip() for strip in purpose.render_lines(purpose.region.reset_offset)]
        lines = [line for line in lines if line]
        assert len(lines) == 2 and "".join(lines) == PURPOSE  # wrapped, every character shown
        assert not any(line[0] in NO_LINE_START for line in lines)


# At 120 columns, rich's wrap left 「）。」 alone on the second line.
PURPOSE = "メンバーが情報とアイデアを出し合います（決める場ではないので、賛否は取らず関心の印まで）。"


async def test_the_home_screen_has_a_notice_line_and_a_dialog_says_things_on_the_line_around_it(tmp_path: Path) -> None:
    from facilitator.store import StoreLocation
    from screens.app import KyogitaiApp
    from screens.choice import ChoiceScreen

    app = KyogitaiApp(StoreLocation(tmp_path, "test"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.notify("書き出しました", markup=False)
        await pilot.pause()
        assert app.screen.query_one(NoticeLine).plain.split("\n")[-1] == "書き出しました"
        # A dialog has no notice line of its own: the line of the screen it was opened over,
        # drawn around it — no toast over the dialog (Textual garbles wide characters there).
        app.push_screen(ChoiceScreen("？", "", [("yes", "はい")]))
        await pilot.pause()
        for message in ("同じ", "同じ", "同じ", "一つ目", "二つ目"):
            app.screen.notify(message, markup=False)
        await pilot.pause()
        assert not app._notifications
        assert app.screen_stack[0].query_one(NoticeLine).plain.split("\n")[-1] == "二つ目"


# ---------------------------------------------------------------------------------------
# Snapshots at 80×24, the smallest window the room reads: Ctrl+Y's question, then what it
# did on the notice line above the footer, the lists above it shorter, nothing covered.


def _handoff_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    from test_handoff_and_close_panels import make_app as handoff_app
    from test_handoff_and_close_panels import session

    return handoff_app(tmp_path, session(started_at="2026-08-19T14:00:00+09:00"))


def test_snapshot_rest_to_homework_asks(snap_compare, tmp_path):  # type: ignore[no-untyped-def]
    assert snap_compare(_handoff_app(tmp_path), press=["ctrl+y"], terminal_size=(80, 24))


def test_snapshot_rest_to_homework_done_on_the_notice_line(snap_compare, tmp_path):  # type: ignore[no-untyped-def]
    assert snap_compare(_handoff_app(tmp_path), press=["ctrl+y", "enter"], terminal_size=(80, 24))


async def test_a_notice_from_a_worker_thread_arrives(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        worker = app.screen.run_worker(lambda: app.notify("保存できませんでした", severity="error", markup=False),
                                       thread=True)
        await worker.wait()
        await pilot.pause()
        assert app.screen.query_one(NoticeLine).plain == "⚠ 保存できませんでした"


async def test_a_dialog_over_the_meeting_says_things_on_the_meetings_line(tmp_path: Path) -> None:
    from screens.choice import ChoiceScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        meeting = app.screen
        app.push_screen(ChoiceScreen("？", "", [("yes", "はい")]))
        await pilot.pause()
        app.screen.notify("託したことを取り消しました", markup=False)
        await pilot.pause()
        assert not app._notifications  # no toast over the dialog
        assert meeting.query_one(NoticeLine).plain.split("\n")[-1] == "託したことを取り消しました"
