"""Every key does something visible or says why not (issue: silent no-ops)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, TextArea

from facilitator.i18n import t
from pilot_helpers import SIZE, notes
from screens.board import BoardColumn, PickScreen
from screens.panels.close import HomeworkList
from test_board_screen import SID, full_board, make_app, open_board
from factories import make_session


async def test_sorting_an_unsorted_card_starts_on_a_real_choice(tmp_path: Path) -> None:
    s = make_session(id=SID, board=full_board())
    app = make_app(tmp_path, s)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        lack = board.query_one("#board-lack", BoardColumn)
        lack.focus()
        lack.select_key("l3")  # 若い担い手: not sorted yet
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        options = app.screen.query_one("#pick-list", OptionList)
        labels = [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]
        assert not any("に戻す" in label for label in labels)  # nothing to go back to
        assert options.highlighted == 0  # 自分たちでなんとかできそう, not 「未仕分けに戻す」
        await pilot.press("enter")
        await pilot.pause()
        card = next(i for i in s.board.items if i.id == "l3")
        assert card.solvable == "ourselves"
        # Enter on the sorting a card already has changes nothing, and says so.
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert card.solvable == "ourselves"
        assert seen[-1] == t("board.sort_unchanged", text="若い担い手")


async def test_esc_in_the_agenda_leaves_it_for_the_homework_list(tmp_path: Path) -> None:
    app = make_app(tmp_path, make_session(id=SID, current_step="close"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        agenda = app.screen.query_one("#next-agenda", TextArea)
        agenda.focus()
        await pilot.pause()
        before = agenda.text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, HomeworkList)
        await pilot.press(*"x")  # the next key is no longer typed as an agenda line
        await pilot.pause()
        assert agenda.text == before


async def test_the_grouped_board_keeps_the_sorting_headings_of_the_lack_column(tmp_path: Path) -> None:
    from facilitator.i18n import t as tr

    app = make_app(tmp_path, make_session(id=SID, board=full_board()))
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        lack = board.query_one("#board-lack", BoardColumn)
        sortings = [tr("board_rules.solvable_ourselves"), tr("board_rules.solvable_municipality"),
                    tr("board_rules.unsorted")]

        def heads() -> list[str]:
            return [r.text.plain for r in lack.rows if r.key is None]

        before = heads()
        assert [h for h in before if any(s in h for s in sortings)] == before and len(before) == 3
        await pilot.press("ctrl+g")  # by category
        await pilot.pause()
        grouped = [r for r in lack.rows if r.key is None]
        # each sorting heading still there, its categories indented under it
        assert [r.text.plain for r in grouped if r.indent == 0] == before
        assert [r.text.plain for r in grouped if r.indent == 1] == ["【店】1", "【交通】1", "【人材】1"]


def test_the_home_screen_joins_issue_names_with_a_mark_they_do_not_use() -> None:
    from screens.home.rows import session_detail

    detail = session_detail({"body": "C町", "issue_titles": ["地域交通・移動", "サロンの活性化"]}, "").plain
    assert "地域交通・移動、サロンの活性化" in detail


async def test_an_item_command_where_it_has_no_use_says_so_once(tmp_path: Path) -> None:
    from pilot_helpers import make_app as meeting_app
    from screens.panels.handoff import RequestList

    app = meeting_app(tmp_path, current_step="handoff")
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one(RequestList).focus()
        await pilot.pause()
        before = len(seen)
        await pilot.press("delete", "delete", "ctrl+x")  # Del and Ctrl+X act on other lists
        await pilot.pause()
        said = seen[before:]
        assert said == [t("meeting.unused_key", key="Del"), t("meeting.unused_key", key="Ctrl+X")]
        await pilot.press("ctrl+k")  # bound on this list: no such message
        await pilot.pause()
        assert not any("使えません" in n for n in seen[before + 2:])


async def test_on_the_board_a_lack_only_key_on_a_have_card_says_so(tmp_path: Path) -> None:
    app = make_app(tmp_path, make_session(id=SID, board=full_board()))
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        have = board.query_one("#board-have", BoardColumn)
        have.focus()
        await pilot.pause()
        await pilot.press("ctrl+y")  # to homework: ないもの cards only
        await pilot.pause()
        assert seen[-1] == t("meeting.unused_key", key="Ctrl+Y")
        assert not any(h.text == have.rows[0].text.plain for h in app.screen.meeting.session.homework)
