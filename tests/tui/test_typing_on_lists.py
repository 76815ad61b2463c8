"""Typing is never lost or misapplied (screens/typing.py): a Japanese sentence full of digits and
letters, typed while a list (not a field) has the focus, lands in the step's field — one key at a
time and as a burst (an IME commits a word as several key events at once) — and no item changes.

Per list: the idea list, 地域課題, 問い, the carried homework (前回の振り返り), the three hand-off
lists, the homework (次回の日程), the board's columns (F4 and as a step), the roster; the dialogs
opened from them; the help. And every step opens (and reopens) on its field.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input, Select, TextArea

from facilitator.model import Board, BoardItem, Homework, NextMeeting, Session, Step
from pilot_helpers import SIZE, make_app
from screens.board import BoardColumn, BoardScreen, BoardView, LinkScreen, PickScreen
from screens.form import FormScreen
from screens.help import HelpScreen
from screens.meeting import MeetingScreen
from screens.panels.close import HomeworkList
from screens.panels.consult import QuestionList
from screens.panels.handoff import CandidateList, HandoffList, RequestList
from screens.panels.ideas import IdeaList
from screens.panels.issues import IssueList
from screens.panels.recap import RecapList
from screens.roster import RosterList, RosterScreen
from screens.widgets.row_list import RowList

# Every key that once acted on an item is in here: digits, + and -, the letters, spaces.
SENTENCES = [
    "月2回の乗り合いを試す",
    "1日3便のバスをLINEで知らせる",
    "+1 d e u x h a t s m l c g r i n 3-2 の話",
]


def items(s: Session) -> dict[tuple[str, str], dict[str, Any]]:
    """Every item of the session by (what, id), with all its fields."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for what, listed in (("idea", s.ideas), ("issue", s.issues), ("question", s.questions),
                         ("handoff", s.handoffs), ("homework", s.homework), ("card", s.board.items)):
        for item in listed:
            found[(what, item.id)] = asdict(item)
    for attendee in s.attendees:
        found[("attendee", attendee.name)] = asdict(attendee)
    return found


def unchanged(before: dict[tuple[str, str], dict[str, Any]], s: Session) -> list[tuple[str, str]]:
    """The items of ``before`` that are gone or changed in ``s``."""
    now = items(s)
    return [key for key, fields in before.items() if now.get(key) != fields]


async def press_one_by_one(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*text)


async def burst(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """All keys at once, as a terminal delivers an IME commit: every one is handed to the widget
    that has the focus when the app reads it — the list, for all of them."""
    for ch in text:
        pilot.app.post_message(events.Key(_character_to_key(ch), ch))
    await pilot.pause()
    await pilot.pause()


TYPING = {"keys": press_one_by_one, "burst": burst}


async def focus(pilot, widget) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    widget.focus()
    await pilot.pause()
    assert pilot.app.focused is widget


def carried(**overrides: Any) -> dict[str, Any]:
    """``make_session`` overrides: 前回の振り返り lists carried homework (the previous file is
    missing, which the recap says in a sentence)."""
    values: dict[str, Any] = dict(previous_session="2026-07-15-gone01", homework=[
        Homework(id="hw-01", text="移動販売車の巡回ルートを調べる", owner="鈴木 SC", from_session="2026-07-15-gone01"),
        Homework(id="hw-02", text="公民館の予約状況を確認", owner="佐藤 一郎", from_session="2026-07-15-gone01"),
    ])
    values.update(overrides)
    return values


# (step, the list typed on, what must hold after Enter): the sentence became an item there.
def new_idea(s: Session, text: str) -> bool:
    return s.ideas[-1].text == text


def new_issue(s: Session, text: str) -> bool:
    return s.issues[-1].title == text


def new_homework(s: Session, text: str) -> bool:
    return s.homework[-1].text == text and s.homework[-1].status == "open"


def recap_note(s: Session, text: str) -> bool:
    return s.step("recap").notes.splitlines()[-1] == text


LISTS: list[tuple[str, type[RowList], Callable[[Session, str], bool]]] = [
    ("ideas", IdeaList, new_idea),
    ("issues", IssueList, new_issue),
    ("recap", RecapList, recap_note),
    ("handoff", CandidateList, new_idea),
    ("handoff", HandoffList, new_idea),
    ("handoff", RequestList, new_idea),
    ("close", HomeworkList, new_homework),
]


@pytest.mark.parametrize("how", list(TYPING))
@pytest.mark.parametrize("sentence", SENTENCES, ids=["monthly", "line", "old-keys"])
@pytest.mark.parametrize(("step", "list_type", "landed"), LISTS,
                         ids=[f"{step}-{cls.__name__}" for step, cls, _ in LISTS])
async def test_a_sentence_typed_on_a_list_becomes_an_item_and_changes_nothing(
        tmp_path: Path, step: str, list_type: type[RowList], landed: Callable[[Session, str], bool],
        sentence: str, how: str) -> None:
    app = make_app(tmp_path, **carried(current_step=step, next_meeting=NextMeeting(date="2026-10-21")))
    async with app.run_test(size=SIZE) as pilot:
        s = app.screen.meeting.session  # type: ignore[attr-defined]
        await focus(pilot, app.screen.query_one(list_type))
        before = items(s)
        await TYPING[how](pilot, sentence)
        # Nothing acted on the item under the cursor; the sentence is in a field, whole.
        assert unchanged(before, s) == []
        fields = [w.value for w in app.screen.query(Input)] + [w.text for w in app.screen.query(TextArea)]
        assert sentence in fields, fields
        if isinstance(app.screen, FormScreen) and len(app.screen.fields) > 1:  # an add dialog of several
            await pilot.press("enter")  # fields: Enter goes on to the next field, Ctrl+S adds from any
            await pilot.pause()
            assert isinstance(app.screen, FormScreen) and not landed(s, sentence)
            await pilot.press("ctrl+s")
        else:
            await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert landed(s, sentence), (step, sentence)
        assert unchanged(before, s) == []


@pytest.mark.parametrize("how", list(TYPING))
async def test_a_question_typed_on_the_consult_list_goes_to_the_question_field(tmp_path: Path, how: str) -> None:
    """協議体へ諮る has no field of its own: the add form opens with the question begun; its
    question field takes several lines, so Enter is a new line there and Ctrl+S adds it."""
    app = make_app(tmp_path, current_step="consult")
    async with app.run_test(size=SIZE) as pilot:
        s = app.screen.meeting.session  # type: ignore[attr-defined]
        await focus(pilot, app.screen.query_one(QuestionList))
        before = items(s)
        await TYPING[how](pilot, SENTENCES[1])
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-text", TextArea).text == SENTENCES[1]
        await pilot.press("enter")
        assert form.query_one("#field-text", TextArea).text == SENTENCES[1] + "\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert s.questions[-1].text == SENTENCES[1]
        assert unchanged(before, s) == []


@pytest.mark.parametrize("how", list(TYPING))
@pytest.mark.parametrize("column", ["have", "makeshift", "lack"])
async def test_a_sentence_typed_on_a_board_column_becomes_a_card(tmp_path: Path, column: str, how: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        s = board.meeting.session
        await focus(pilot, board.query_one(f"#board-{column}", BoardColumn))
        before = items(s)
        await TYPING[how](pilot, SENTENCES[2])
        assert unchanged(before, s) == []
        assert board.query_one("#board-add", Input).value == SENTENCES[2]
        await pilot.press("enter")
        await pilot.pause()
        assert (s.board.items[-1].text, s.board.items[-1].column) == (SENTENCES[2], "have")  # the add target
        assert unchanged(before, s) == []


@pytest.mark.parametrize("how", list(TYPING))
async def test_the_board_as_a_step_takes_typing_into_its_quick_add(tmp_path: Path, how: str) -> None:
    steps = [Step(id="map", title="あるもの・ないもの探し", panel="board")]
    app = make_app(tmp_path, steps=steps, current_step="map")
    async with app.run_test(size=SIZE) as pilot:
        s = app.screen.meeting.session  # type: ignore[attr-defined]
        view = app.screen.query_one(BoardView)
        await focus(pilot, view.query_one("#board-lack", BoardColumn))
        before = items(s)
        await TYPING[how](pilot, SENTENCES[0])
        await pilot.press("enter")
        await pilot.pause()
        assert s.board.items[-1].text == SENTENCES[0]
        assert unchanged(before, s) == []


@pytest.mark.parametrize("how", list(TYPING))
async def test_a_name_typed_on_the_roster_list_goes_to_the_name_field(tmp_path: Path, how: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        roster = app.screen
        assert isinstance(roster, RosterScreen)
        s = roster.meeting.session
        await focus(pilot, roster.query_one(RosterList))
        before = items(s)
        await TYPING[how](pilot, "田中 2号 d u")
        await pilot.press("enter")
        await pilot.pause()
        assert s.attendees[-1].name == "田中 2号 d u"
        assert unchanged(before, s) == []


async def test_the_bug_as_it_was_seen_ideas_list_then_enter(tmp_path: Path) -> None:
    """情報・意見交換: ↓ to the list, 月2回の乗り合いを試す, Enter. The 2 reclassified the idea under
    the cursor, the rest vanished and Enter opened 「アイデアを編集」. Now: a new idea, nothing else."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = app.screen.meeting.session  # type: ignore[attr-defined]
        before = items(s)
        await pilot.press("down", *"月2回の乗り合いを試す", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert s.ideas[-1].text == "月2回の乗り合いを試す" and unchanged(before, s) == []
        assert app.focused is app.screen.query_one("#idea-input")


async def test_the_bug_as_it_was_seen_close_step_reopened(tmp_path: Path) -> None:
    """A session reopened at 次回の日程・宿題の確認 had the homework list focused: typed ideas were
    appended to homework #1. Now the step opens on a field, and typing on the list adds homework."""
    app = make_app(tmp_path, current_step="close",
                   next_meeting=NextMeeting(date="2026-10-21", start_time="14:00", place="公民館"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = app.screen.meeting.session  # type: ignore[attr-defined]
        assert app.focused is app.screen.query_one("#next-agenda")
        before = items(s)
        for line in ("移動販売の報告を聞く", "1日3便で足りるか"):
            await pilot.press(*line, "enter")
        assert s.next_meeting.agenda[-2:] == ["移動販売の報告を聞く", "1日3便で足りるか"]
        await focus(pilot, app.screen.query_one(HomeworkList))
        await burst(pilot, "LINEで2人に聞く")
        await pilot.press("ctrl+s")  # the homework dialog (Enter: its next field)
        await pilot.pause()
        assert s.homework[-1].text == "LINEで2人に聞く" and unchanged(before, s) == []


async def test_enter_and_backspace_in_a_burst_follow_the_focus_to_the_field(tmp_path: Path) -> None:
    """The keys of a burst after the first all reach the list: Enter among them submits the field
    (it does not open the idea under the cursor), and what follows starts the next idea."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = app.screen.meeting.session  # type: ignore[attr-defined]
        await focus(pilot, app.screen.query_one(IdeaList))
        before = items(s)
        keys = [*"朝市で2回", "backspace", *"3回", "enter", *"LINE"]
        for key in keys:
            app.post_message(events.Key(_character_to_key(key) if len(key) == 1 else key,
                                        key if len(key) == 1 else None))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert s.ideas[-1].text == "朝市で23回"  # the backspace where it was typed
        field = app.screen.query_one("#idea-input", Input)
        assert field.value == "LINE" and app.focused is field
        assert unchanged(before, s) == []


async def test_typing_on_a_select_or_button_goes_to_the_field_too(tmp_path: Path) -> None:
    """A closed select (Space would open it) or the add button: the step's field all the same."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        s = app.screen.meeting.session  # type: ignore[attr-defined]
        await focus(pilot, app.screen.query_one("#idea-speaker", Select))
        await pilot.press(*"LINE で 2回")
        assert not app.screen.query_one("#idea-speaker", Select).expanded
        assert app.screen.query_one("#idea-input", Input).value == "LINE で 2回"
        # ↓ on the select steps to the next issue without opening a list; what is typed after it
        # goes to the field, never searches the choices
        issue = app.screen.query_one("#idea-issue", Select)
        choices = [value for _, value in issue._options]
        issue.value = chosen = choices[1]  # the first issue: ↓ goes to the second
        await focus(pilot, issue)
        await pilot.press("down", *"3便")
        await pilot.pause()
        assert app.screen.query_one("#idea-input", Input).value == "LINE で 2回3便"
        assert issue.value == choices[choices.index(chosen) + 1] and not issue.expanded
        await pilot.press("enter")
        await pilot.pause()
        assert s.ideas[-1].text == "LINE で 2回3便"
    app = make_app(tmp_path / "issues", current_step="issues", issues=[], questions=[], ideas=[])
    (tmp_path / "issues").mkdir()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is app.screen.query_one("#issues-add")
        await pilot.press(*"買い物 1日2便", "ctrl+s")  # the issue dialog (Enter: its next field)
        await pilot.pause()
        assert [i.title for i in app.screen.meeting.session.issues] == ["買い物 1日2便"]  # type: ignore[attr-defined]


async def test_typing_in_the_dialogs_never_chooses(tmp_path: Path) -> None:
    """A form's select, a pick list (Space once picked there), the pairing lists: typed text goes
    to the dialog's text field, or nowhere when it has none — never to a choice."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = app.screen.meeting.session  # type: ignore[attr-defined]
        # The idea edit form: typing on its kind select goes to the text.
        await focus(pilot, app.screen.query_one(IdeaList))
        app.screen.query_one(IdeaList).select_key("idea-03")
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        await focus(pilot, form.query_one("#field-kind", Select))
        await pilot.press(*" 2回目 ")
        assert form.query_one("#field-kind", Select).value == "unsorted" and not form.query_one("#field-kind", Select).expanded
        assert form.query_one("#field-text", TextArea).text == "サロンでスマホ教室 2回目 "
        await pilot.press("escape")
        await pilot.pause()
        assert next(i for i in s.ideas if i.id == "idea-03").text == "サロンでスマホ教室"
        # The board: the meanings picker (Space no longer picks) and the pairing lists.
        await pilot.press("f4")
        await pilot.pause()
        board = app.screen
        have = board.query_one("#board-have", BoardColumn)
        await focus(pilot, have)
        await pilot.press("ctrl+e")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickScreen)
        await pilot.press(*"月 2 回の体操")
        assert picker.query_one("#pick-add", Input).value == "月 2 回の体操"
        await pilot.press("escape")
        await pilot.pause()
        card = next(i for i in s.board.items if i.id == "card-01")
        assert card.meanings == ["見守り", "孤立防止"]
        s.board.items.append(BoardItem(id="card-09", column="makeshift", text="ついでの送迎"))
        board.query_one(BoardView).sync()
        await focus(pilot, board.query_one("#board-makeshift", BoardColumn))
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, LinkScreen)
        await pilot.press(*"a 1 2 3 x", "ctrl+s")
        await pilot.pause()
        assert next(i for i in s.board.items if i.id == "card-09").links == []


async def test_typing_while_the_help_is_open_closes_it_and_lands_in_the_field(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        s = app.screen.meeting.session  # type: ignore[attr-defined]
        await focus(pilot, app.screen.query_one(IdeaList))
        before = items(s)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await burst(pilot, "1日3便")
        app.post_message(events.Key("enter", "\r"))
        for _ in range(40):
            await pilot.pause(0.05)
            if s.ideas[-1].text == "1日3便":
                break
        assert isinstance(app.screen, MeetingScreen)
        assert s.ideas[-1].text == "1日3便" and unchanged(before, s) == []


# -- every step opens, and reopens after a restart, on its field ----------------------------------

OPENS_ON = {
    "recap": "recap-list",  # no field of its own: the list, where typing writes the step's record
    "issues": "issue-list",  # no field: typing opens the add form
    "consult": "question-list",
    "ideas": "idea-input",
    "handoff": "handoff-candidates",  # no field: typing opens a new idea
    "comment": "step-text",
    "close": "next-date",  # the first next-meeting field still empty
}


@pytest.mark.parametrize("step", list(OPENS_ON))
async def test_every_step_reopens_on_its_field(tmp_path: Path, step: str) -> None:
    """As after a restart on that step: the app opened with the session saved at the step."""
    app = make_app(tmp_path, **carried(current_step=step))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.focused is not None and app.focused.id == OPENS_ON[step], app.focused


@pytest.mark.parametrize(("nm", "field"), [
    (NextMeeting(), "next-date"),
    (NextMeeting(date="2026-10-21"), "next-time"),
    (NextMeeting(date="2026-10-21", start_time="14:00"), "next-place"),
    (NextMeeting(date="2026-10-21", start_time="14:00", place="公民館"), "next-agenda"),
])
async def test_the_close_step_opens_on_its_first_empty_field(tmp_path: Path, nm: NextMeeting, field: str) -> None:
    app = make_app(tmp_path, current_step="close", next_meeting=nm)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused is not None and app.focused.id == field


async def test_the_board_opens_on_the_vision_then_the_quick_add(tmp_path: Path) -> None:
    for vision, field in (("", "board-vision"), ("歩いて行けるまち", "board-add")):
        store = tmp_path / field
        store.mkdir()
        app = make_app(store, board=Board(vision=vision))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("f4")
            await pilot.pause()
            assert app.focused is not None and app.focused.id == field
