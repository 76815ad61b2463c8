"""The app in English (KYOGITAI_LANG=en), run by test_english_ui.py in a fresh process.

Key labels are read when the screen classes are imported, so English needs a process that
starts in English; this file is not collected with the rest of the suite (its name doesn't
start with test_) and refuses to run in Japanese.
"""

from __future__ import annotations

import asyncio
import html
import os
import re
from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.demo import write_demo
from facilitator.store import Store, StoreLocation
from factories import NOW, make_session
from pilot_helpers import SIZE, STARTED_AT
from repo_paths import ROOT
from screens.app import KyogitaiApp

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]")
HOME_CSS = (ROOT / "screens" / "home.tcss").resolve()

pytestmark = pytest.mark.skipif(os.environ.get(i18n.ENV) != "en", reason="runs in a process started in English")


def screen_lines(app: KyogitaiApp) -> list[str]:
    """What the terminal shows, line by line (from the SVG screenshot's text runs)."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text[^>]*?x="([\d.]+)"[^>]*?y="([\d.]+)"[^>]*>(.*?)</text>', svg, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", m.group(3))).replace("\xa0", " ")
        rows.setdefault(float(m.group(2)), []).append((float(m.group(1)), text))
    return ["".join(t for _, t in sorted(parts)).rstrip() for _, parts in sorted(rows.items())]


async def shown_when(pilot, *words: str, timeout: float = 10.0) -> str:  # type: ignore[no-untyped-def]
    """The screen's text once every word is on it (or what it shows when the time is up)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        await pilot.pause()
        text = "\n".join(screen_lines(pilot.app))
        if all(w in text for w in words) or loop.time() > deadline:
            return text


def test_the_process_is_in_english() -> None:
    assert i18n.language() == "en"


async def test_home_screen_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = Store(Path("sessions"))
    write_demo(store, today=NOW.date(), seed=20260819)
    app = KyogitaiApp(StoreLocation(store.root, "test"), clock=lambda: 0.0, now=lambda: NOW)
    if HOME_CSS not in [Path(p).resolve() for p in app.css_path]:
        app.css_path.append(HOME_CSS)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        lines = screen_lines(app)
        shown = "\n".join(lines)
        footer = lines[-1]
        for label in ("Review", "Open to edit", "Next meeting", "Export", "Homework", "Year plan", "Search"):
            assert label in footer, (label, footer)
        assert not JAPANESE.search(footer), footer
        for label in ("records of the 協議体", "Date", "Meeting", "Ideas", "Handed", "All bodies", "All years"):
            assert label in shown, (label, shown)
        assert re.search(r"\d+ meetings", shown), shown
        # Dates the English way, the fiscal year too (the demo is in 令和 years in Japanese).
        assert re.search(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} 20\d\d", shown), shown
        assert "令和" not in shown

        await pilot.press("y")
        plan = await shown_when(pilot, "Year plan FY")
        assert "Year plan FY" in plan and "Add plan" in plan and "Month" in plan, plan  # F2 leads the footer


async def test_first_meeting_form_and_palette_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.command import CommandList, CommandPalette

    monkeypatch.chdir(tmp_path)
    store = Store(Path("sessions"))
    app = KyogitaiApp(StoreLocation(store.root, "test"), clock=lambda: 0.0, now=lambda: NOW)
    if HOME_CSS not in [Path(p).resolve() for p in app.css_path]:
        app.css_path.append(HOME_CSS)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        shown = await shown_when(pilot, "n starts the first one")
        assert "n starts the first one" in shown, shown

        await pilot.press("ctrl+p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        commands = app.screen.query_one(CommandList)
        titles = [str(commands.get_option_at_index(i).prompt).splitlines()[0] for i in range(commands.option_count)]
        for title in ("A new body's first meeting", "Next meeting", "Review", "Export", "Homework", "Year plan",
                      "Choose the screen colours (theme)", "Quit", "Screenshot"):
            assert title in titles, (title, titles)
        assert not [title for title in titles if JAPANESE.search(title)], titles
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("n")
        form = await shown_when(pilot, "A new body's first meeting", "Name of the body", "Layer", "Place", "Running order")
        for label in ("A new body's first meeting", "Name of the body", "Layer", "Place", "Running order"):
            assert label in form, (label, form)


async def test_meeting_screen_in_english(tmp_path: Path) -> None:
    session = make_session(current_step="ideas", started_at=STARTED_AT)  # under way
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        shown = "\n".join(lines)
        footer = lines[-1]
        for label in ("Next", "Previous", "Projection", "Board", "Prompts", "Attendees", "Help"):
            assert label in footer, (label, footer)
        assert not JAPANESE.search(footer), footer
        # The step panel: field placeholder, speaker and issue choices, counts, the rail, timer, header.
        for label in ("Type an idea and press Enter", "Anonymous", "in all", "We can do it",
                      "Steps", "Total", "Wed 19 Aug 2026"):
            assert label in shown, (label, shown)

        await pilot.press("f1")
        help_text = await shown_when(pilot, "Running the meeting")
        assert "Running the meeting" in help_text and "This step" in help_text and "Next step" in help_text
        assert "Add the idea" in help_text
        await pilot.press("escape")

        # A step further: the hand-off panel speaks English too.
        await pilot.press("pagedown")
        shown = await shown_when(pilot, "Ideas to hand off")
        assert "Ideas to hand off" in shown and "Handed to the SC" in shown, shown


async def test_meeting_not_opened_or_closed_says_so_in_english(tmp_path: Path) -> None:
    session = make_session(current_step="close")
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
        assert "Not opened yet 0:00" in "\n".join(lines) and "f6 open" in lines[-1].lower()
        await pilot.press("f6")  # 開会
        await pilot.press("pagedown")  # the last step: close the meeting?
        assert "Close the meeting?" in await shown_when(pilot, "Close the meeting?")
        await pilot.press("enter")
        shown = await shown_when(pilot, "Closed 0:00")
        assert not JAPANESE.search(shown.splitlines()[-1]), shown


async def test_user_text_stays_text_in_english(tmp_path: Path) -> None:
    session = make_session(current_step="ideas")
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"[bold]x[/] {count}")
        await pilot.press("enter")
        assert "[bold]x[/] {count}" in await shown_when(pilot, "[bold]x[/] {count}")


def english_board():  # type: ignore[no-untyped-def]
    """A board whose user text is all ASCII, so any Japanese on screen would be the UI's own.
    Its categories and 意味づけ are the fixed Japanese words a file stores: shown in English."""
    from facilitator.model import Board, BoardItem

    sid, prev = "2026-08-19-b0a4d1", "2026-06-17-c0ffee"
    items = [
        BoardItem(id="h1", column="have", text="Park gateball", category="場所",
                  meanings=["見守り", "孤立防止"], since=prev),
        BoardItem(id="h2", column="have", text="Shop delivery", category="店", since=sid),
        BoardItem(id="l1", column="lack", text="Supermarket far away", category="店", solvable="ourselves", since=prev),
        BoardItem(id="l2", column="lack", text="Evening bus", category="交通", solvable="municipality",
                  department="Planning", since=sid),
        BoardItem(id="l3", column="lack", text="Young helpers", category="人材", since=sid),
        BoardItem(id="m1", column="makeshift", text="Ride along after gateball", links=["h1"], since=sid),
    ]
    return make_session(id=sid, body="Hinata body", title="Meeting 3", current_step="ideas", ideas=[],
                        board=Board(vision="", items=items))


async def test_board_in_english(tmp_path: Path) -> None:
    from pilot_helpers import notes
    from screens.board import BoardColumn, BoardScreen, LinkScreen, PickScreen

    session = english_board()
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        seen = notes(app)
        await pilot.pause()
        await pilot.press("f4")
        shown = await shown_when(pilot, "Have / lack board", "First, agree on the town's vision")
        assert isinstance(app.screen, BoardScreen)
        board = app.screen

        def no_japanese(text: str) -> None:
            assert not JAPANESE.search(text), text

        no_japanese(shown)
        lines = shown.splitlines()
        for label in ("Have / lack board", "Hinata body", "Meeting 3", "Our town's vision", "Add to▸We have",
                      "Type a card for “We have” and press Enter", "Category: none",
                      "What we have 2", "Making do with what we have 1", "What we lack 3",
                      "Park gateball", "NEWShop delivery", "(Places) Meaning: Watching", "Preventing isolation",
                      "■ We can manage it ourselves (1)", "■ Beyond what we can do (1)", "■ Unsorted (1)",
                      "(Shops)", "(Transport) Town office,", "Uses: Park gateball", "no “We lack” card chosen",
                      "NEW 1"):
            assert label in shown, (label, shown)
        for label in ("Add to", "By category", "Back", "Projection", "Help"):
            assert label in lines[-1], (label, lines[-1])

        # The vision: typed, the ask goes away.
        await pilot.press(*"Neighbours help each other", "enter")
        shown = await shown_when(pilot, "Neighbours help each other")
        assert "First, agree" not in shown and session.board.vision == "Neighbours help each other"

        # Keys of a card list, the help.
        have = board.query_one("#board-have", BoardColumn)
        board.set_focus(have)
        shown = await shown_when(pilot, "Meaning")
        no_japanese(shown)
        for label in ("Edit", "Move", "Category", "Meaning", "Delete"):
            assert label in shown.splitlines()[-1], (label, shown.splitlines()[-1])
        await pilot.press("f1")
        shown = await shown_when(pilot, "The whole board", "In a card list")
        no_japanese(shown)
        assert "Back to the meeting" in shown and "Edit the text and category" in shown
        await pilot.press("end")  # the help is built from every binding now: the rest is below
        shown = await shown_when(pilot, "Delete (Ctrl+R to undo)")
        no_japanese(shown)
        assert "Del" in shown and "Delete (Ctrl+R to undo)" in shown
        await pilot.press("escape")

        # The pickers: category, meaning (the fixed Japanese words in English).
        await pilot.press("ctrl+k")
        shown = await shown_when(pilot, "Category of “Park gateball”")
        assert isinstance(app.screen, PickScreen)
        no_japanese(shown)
        for label in ("Nature", "Food", "Hospitals", "Other", "(no category)", "Type a new category", "OK", "Cancel"):
            assert label in shown, (label, shown)
        await pilot.press("escape")
        await pilot.press("ctrl+e")
        shown = await shown_when(pilot, "What does “Park gateball” do for people?")
        no_japanese(shown)
        for label in ("Watching over", "Better nutrition", "Purpose in life", "Enter to pick or unpick"):
            assert label in shown, (label, shown)
        await pilot.press("escape")
        await shown_when(pilot, "Our town's vision")
        assert isinstance(app.screen, BoardScreen)

        # Moving a card takes off its meanings and pairing; Ctrl+R puts it back; deleting.
        await pilot.press("shift+right")
        await shown_when(pilot, "Making do with what we have 2")
        assert any(n.startswith("Moved “Park gateball” to “Making do” and took off its meanings, pairing") for n in seen), seen
        await pilot.press("ctrl+r")
        await shown_when(pilot, "What we have 2")
        assert seen[-1] == "Undone: moving “Park gateball”", seen
        await pilot.press("delete")
        await shown_when(pilot, "What we have 1")
        assert seen[-1] == "Deleted “Park gateball” (Ctrl+R to undo)", seen
        await pilot.press("ctrl+r")
        await shown_when(pilot, "What we have 2")

        # The lack column: sorting, homework, an idea; a refusal in English.
        board.set_focus(board.query_one("#board-lack", BoardColumn))
        await pilot.press("ctrl+e")
        shown = await shown_when(pilot, "Can we manage")
        assert isinstance(app.screen, PickScreen)
        no_japanese(shown)
        for label in ("We can manage it ourselves", "Beyond what we can do → Town office, Planning",
                      "Beyond what we can do → town office (section not decided)", "Back to “Unsorted”"):
            assert label in shown, (label, shown)
        await pilot.press("escape")
        await shown_when(pilot, "Our town's vision")
        await pilot.press("ctrl+y")
        await shown_when(pilot, "✓ made homework")
        await pilot.press("ctrl+y", "ctrl+a")
        shown = await shown_when(pilot, "✓ made homework, ✓ made an idea")
        no_japanese(shown)
        assert "“Supermarket far away” is now homework (continued discussion)" in seen, seen
        assert "“Supermarket far away” is already homework" in seen, seen
        assert "“Supermarket far away” is now an idea (We can do it)" in seen, seen

        # The makeshift column: the pairing screen, the edit form's title.
        board.set_focus(board.query_one("#board-makeshift", BoardColumn))
        await pilot.press("ctrl+e")
        shown = await shown_when(pilot, "Pairing for “Ride along after gateball”")
        assert isinstance(app.screen, LinkScreen)
        no_japanese(shown)
        assert "What we have, to use (any number)" in shown and "What we lack, to make up for (one)" in shown
        await pilot.press("escape")
        await shown_when(pilot, "Our town's vision")
        await pilot.press("enter")
        shown = await shown_when(pilot, "Edit card in “Making do”")
        assert "Edit card in “Making do”" in shown and "Card" in shown and "Category" in shown
        await pilot.press("escape")
        await shown_when(pilot, "Our town's vision")

        # Grouped by category, projected.
        await pilot.press("ctrl+g")
        shown = await shown_when(pilot, "■ Places (1)")
        no_japanese(shown)
        assert "■ Shops (1)" in shown and "■ Transport (1)" in shown and "Cards grouped by category" in seen
        await pilot.press("f5")
        await pilot.pause()
        assert board.has_class("projection")
        no_japanese("\n".join(screen_lines(app)))  # projected


async def test_board_narrow_and_empty_in_english(tmp_path: Path) -> None:
    from facilitator.model import Board

    session = make_session(body="Hinata body", title="Meeting 3", current_step="ideas", board=Board())
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("f4")
        shown = await shown_when(pilot, "Type in the field above, then Enter")
        assert not JAPANESE.search(shown), shown
        for label in ("F3 to add cards to “Making do”", "F3 to add cards to “We lack”", "What we have 0"):
            assert label in shown, (label, shown)
        await pilot.resize_terminal(80, 30)
        shown = await shown_when(pilot, "First, the vision: what town are we aiming for?", "We lack 0")
        assert not JAPANESE.search(shown), shown
        for label in ("We have 0", "Making do 0", "We lack 0", "Type, then Enter", "F3 to add here"):
            assert label in shown, (label, shown)


# -- the screens of screens/panels/close.py, text.py, review.py, roster.py, presence_view.py, form.py --


def english_meeting(**overrides):  # type: ignore[no-untyped-def]
    """A session whose user text (steps, people, homework, next meeting) is all ASCII: any
    Japanese on screen would be the UI's own."""
    from facilitator.model import Attendee, Board, BoardItem, Homework, NextMeeting, Step

    steps = [Step(id=i, title=title, panel=panel, planned_minutes=10) for i, title, panel in (  # type: ignore[arg-type]
        ("recap", "Last time", "recap"), ("ideas", "Ideas", "ideas"), ("handoff", "Hand-off", "handoff"),
        ("comment", "General review", "text"), ("close", "Next date and homework", "close"))]
    values = dict(
        id="2026-08-19-e1a2b3", body="Hinata body", title="Meeting 3", place="Community hall",
        current_step="close", steps=steps, issues=[], questions=[], ideas=[], handoffs=[],
        review="Many ideas used what we have.",
        attendees=[Attendee(name="Hanako Yamada", role="Welfare commissioner"), Attendee(name="Ken Ono")],
        homework=[
            Homework(id="hw-1", text="Check the mobile shop route", owner="Ken Ono", due="2026-09-30",
                     from_session="2026-06-17-c0ffee"),
            Homework(id="hw-2", text="Ask the school about helpers", due="next meeting"),
            Homework(id="hw-3", text="Book the hall", owner="Hanako Yamada", status="done"),
            Homework(id="hw-4", text="Print a map", status="dropped", reason="The town prints one"),
        ],
        next_meeting=NextMeeting(date="2026-10-21", start_time="14:00", place="Community hall",
                                 agenda=["Mobile shop report"]),
        board=Board(vision="Neighbours help each other",
                    items=[BoardItem(id="c-1", column="have", text="Park gateball")]),
    )
    values.update(overrides)
    return make_session(**values)


def squashed(text: str) -> str:
    """Text without its spaces: screen_lines joins the screenshot's text runs without the spaces
    between them, so labels are compared this way."""
    return re.sub(r"\s+", "", text)


def lacking(labels, shown: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The labels that are not on the screen (spaces aside)."""
    flat = squashed(shown)
    return [label for label in labels if squashed(label) not in flat]


async def showing(pilot, *labels: str, timeout: float = 10.0) -> str:  # type: ignore[no-untyped-def]
    """``shown_when`` with the labels compared without spaces (see ``squashed``)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        await pilot.pause()
        text = "\n".join(screen_lines(pilot.app))
        if not lacking(labels, text) or loop.time() > deadline:
            return text


def ui_japanese(text: str) -> list[str]:
    """The Japanese characters on a screen: with all-ASCII user data, they are the UI's."""
    return JAPANESE.findall(text)


async def test_close_step_in_english(tmp_path: Path) -> None:
    from pilot_helpers import notes
    from screens.form import FormScreen

    session = english_meeting()
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        seen = notes(app)
        shown = await showing(pilot, "Next meeting", "Summary to read aloud", "Reason")
        assert ui_japanese(shown) == [], shown
        assert lacking(["Date Wed 21 Oct 2026", "Start 14:00", "Place Community hall", "Agenda (one item a line",
                      "Mobile shop report", "Homework (continued business)   2 open",
                      "Open (carried to the next meeting) (2)", "Done (1)", "Dropped (1)",
                      "• Check the mobile shop route", "Owner Ken Ono", "Due Wed 30 Sep 2026", "last time",
                      "Owner not set", "Due next meeting", "Reason The town prints one", "Thank you"], shown) == [], shown
        # Every next-meeting field is filled: the step opens on the agenda.
        assert app.focused is app.screen.query_one("#next-agenda")
        app.screen.query_one("#homework-list").focus()
        shown = await showing(pilot, "Add homework")
        footer = shown.splitlines()[-1]
        # The step's own keys that fit (Del Delete no longer does: F1 lists it), then help and
        # quit, which always keep their place.
        assert lacking(["Add homework", "Enter Edit", "Done/reopen", "Drop", "f1 Help", "^q Quit"], footer) == [], footer

        # A date that does not read: said in English next to the field, what was typed kept.
        await pilot.press("escape")
        await pilot.press("ctrl+u", *"2026-13-01", "enter")
        shown = await showing(pilot, "⚠ Date:")
        assert lacking(["⚠ Date:", "(What you typed is kept"], shown) == [], shown
        assert ui_japanese(shown) == [], shown
        assert app.screen.query_one("#next-date").value == "2026-13-01"  # kept as typed
        await pilot.press("ctrl+u", *"2026-11-18", "enter")  # and one that does
        await showing(pilot, "Wed 18 Nov 2026")
        assert session.next_meeting.date == "2026-11-18"
        await pilot.press("escape")  # back to the homework list

        # The add form: labels, placeholders, buttons, the owner Select's empty choice.
        await pilot.press("ctrl+a")
        shown = await showing(pilot, "Homework (what)", "Cancel")
        assert isinstance(app.screen, FormScreen)
        assert ui_japanese(shown) == [], shown
        assert lacking(["Add homework", "Owner (from the attendees)", "(none)", "Owner (if not on the list",
                      "Due (a date, or words", "e.g. Find out the mobile shop's route", "Add",
                      "Enter next field (OK on the last)"], shown) == [], shown
        await pilot.press(*"Count the benches", "ctrl+s")  # (Enter: the next field)
        await showing(pilot, "Count the benches")
        assert session.homework[-1].text == "Count the benches"

        # Done / reopen, the drop form, delete and undo: messages in English.
        await pilot.press("ctrl+x")
        await showing(pilot, "Done (2)")
        assert seen[-1] == "Homework “Count the benches” is done", seen
        await pilot.press("ctrl+x")
        await showing(pilot, "Done (1)")
        assert seen[-1] == "Homework “Count the benches” is open again", seen
        await pilot.press("ctrl+d")
        shown = await showing(pilot, "Drop homework: Count the benches", "Why drop it")
        assert ui_japanese(shown) == [], shown
        assert lacking(["e.g. Another group has started it"], shown) == [], shown
        await pilot.press("escape")
        await pilot.press("delete")
        await showing(pilot, "Homework (continued business)   2 open")
        assert seen[-1].startswith("Deleted homework “Count the benches”"), seen

        # The step's help.
        await pilot.press("f1")
        shown = await showing(pilot, "Typing dates")
        assert ui_japanese(shown) == [], shown
        assert lacking(["Moves Date → Start → Place → Agenda → homework list"], shown) == [], shown
        await pilot.press("end")  # the help is longer than the window: its last rows
        shown = await showing(pilot, "Delete the selected homework (Ctrl+R to undo)")
        assert lacking(["Delete the selected homework (Ctrl+R to undo)"], shown) == [], shown
        await pilot.press("escape")

        # The step before: the general review's text step.
        await pilot.press("pageup")
        shown = await showing(pilot, "Record the advisor's general review")
        assert ui_japanese(shown) == [], shown
        assert lacking(["Many ideas used what we have."], shown) == [], shown


async def test_roster_in_english(tmp_path: Path) -> None:
    from pilot_helpers import notes
    from screens.roster import RosterScreen

    session = english_meeting(current_step="ideas")
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        seen = notes(app)
        await pilot.pause()
        await pilot.press("f3")
        shown = await showing(pilot, "Attendees (roster)", "Attendees: 2")
        assert isinstance(app.screen, RosterScreen)
        assert ui_japanese(shown) == [], shown
        assert lacking(["Hanako Yamada   Welfare commissioner", "Ken Ono", "Name", "Role (welfare commissioner",
                      "Enter adds", "Add"], shown) == [], shown
        # The role field suggests roles in English.
        await pilot.press(*"Mia Lee", "tab", *"Soc")
        shown = await showing(pilot, "Social welfare council")
        assert lacking(["Social welfare council"], shown) == [], shown
        await pilot.press("right", "enter")
        shown = await showing(pilot, "Attendees: 3")
        assert lacking(["Mia Lee   Social welfare council"], shown) == [], shown
        # A role without a name, a removal: the messages in English.
        await pilot.press("tab", *"Advisor", "enter")
        await pilot.pause()
        assert seen[-1] == "Please type a name", seen
        app.screen.query_one("#roster-list").focus()
        await pilot.press("delete")
        await showing(pilot, "Attendees: 2")
        assert seen[-1].endswith("removed from the roster (Ctrl+R to undo)"), seen
        assert ui_japanese("\n".join(screen_lines(app))) == []


def english_review_store(root: Path) -> tuple[Store, str]:
    """Two meetings of one body in ASCII: the second closes, drops, carries and adds homework and
    changes the board, so every part of 「前回からの変化」 shows."""
    from facilitator.model import Board, BoardItem, Homework

    store = Store(root)
    first = english_meeting(
        id="2026-06-17-c0ffee", date="2026-06-17", title="Meeting 2", current_step="recap",
        homework=[Homework(id="hw-a", text="Ask the shop about delivery"),
                  Homework(id="hw-b", text="Print a map"),
                  Homework(id="hw-c", text="Check the bus times", owner="Ken Ono")],
        board=Board(vision="", items=[BoardItem(id="c-old", column="have", text="Old bench"),
                                      BoardItem(id="c-keep", column="have", text="Park gateball")]))
    second = english_meeting(
        id="2026-08-19-e1a2b3", date="2026-08-19", current_step="recap", previous_session=first.id,
        homework=[Homework(id="hw-a", text="Ask the shop about delivery", status="done"),
                  Homework(id="hw-b", text="Print a map", status="dropped", reason="The town prints one"),
                  Homework(id="hw-c", text="Check the bus times", owner="Ken Ono"),
                  Homework(id="hw-d", text="Count the benches")],
        board=Board(vision="", items=[BoardItem(id="c-keep", column="have", text="Park gateball"),
                                      BoardItem(id="c-new", column="have", text="Shop delivery")]))
    store.save(first)
    store.save(second)
    return store, second.id


async def test_review_in_english(tmp_path: Path) -> None:
    from screens.review import ReviewScreen

    store, sid = english_review_store(tmp_path / "sessions")
    app = KyogitaiApp(StoreLocation(store.root, "test"), clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(ReviewScreen(store, sid))
        shown = await showing(pilot, "Review (read-only)", "Changes since last time")
        lines = shown.splitlines()
        assert ui_japanese(shown) == [], shown  # the minutes below the changes too
        assert lacking(["Review (read-only)   Hinata body   Meeting 3   Wed 19 Aug 2026",
                      "■ Changes since last time", "Previous meeting: Wed 17 Jun 2026   Meeting 2",
                      "New cards: 1", "• Shop delivery", "Cards taken off: 1", "• Old bench",
                      "Homework done: 1", "• Ask the shop about delivery",
                      "Homework dropped: 1", "• Print a map (reason: The town prints one)",
                      "Homework carried over again: 1", "• Check the bus times (carried 1×, Ken Ono)",
                      "New homework: 1", "• Count the benches"], shown) == [], shown
        footer = lines[-1]
        assert ui_japanese(footer) == [], footer
        assert lacking(["Back", "Export", "Open to edit", "Board"], footer) == [], footer
        await pilot.press("pagedown")
        shown = await showing(pilot, "Continued discussion and homework")
        assert lacking(["Continued discussion and homework", "Dropped (reason: The town prints one)"], shown) == [], shown
        assert ui_japanese(shown) == [], shown
        await pilot.press("b")  # the board, at the end of the minutes
        shown = await showing(pilot, "What we have", "Shop delivery")
        assert lacking(["What we have", "Shop delivery"], shown) == [], shown
        assert ui_japanese(shown) == [], shown
        await pilot.press("escape")

        # The body's first meeting has nothing to compare with.
        first = store.load("2026-06-17-c0ffee")
        app.push_screen(ReviewScreen(store, first.id))
        shown = await showing(pilot, "This is the body's first meeting")
        assert lacking(["This is the body's first meeting (there is no previous one to compare with)",
                        "Board cards: 2", "Homework: 3"], shown) == [], shown


async def test_presence_and_the_clock_take_over_in_english(tmp_path: Path) -> None:
    from facilitator.presence import Presence, PresenceEnv
    from screens.choice import ChoiceScreen
    from screens.presence_view import PresenceLine

    session = english_meeting(current_step="ideas", started_at=STARTED_AT, clock_owner="w-sc0000000001")
    Store(tmp_path).save(session)
    other = Presence(tmp_path / ".kyogitai", PresenceEnv(host="pc-02", user="tanaka", pid=4242, machine="m-02",
                                                         token="w-sc0000000001", pid_alive=lambda p: True))
    other.join(session.id, "comment").beat()
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW,
                      presence_env=PresenceEnv(token="w-rec000000001"))
    app.presence_seconds = (0.2, 0.1)
    async with app.run_test(size=SIZE) as pilot:
        shown = await showing(pilot, "Also here (1): tanaka (pc-02)", "Move the clock here")
        text = app.screen.query_one("#presence", PresenceLine).plain
        assert text.startswith("Also here (1): tanaka (pc-02) — "), text
        assert "The meeting is at: " in text, text
        assert ui_japanese(shown) == [], shown
        await pilot.press("f6")
        shown = await showing(pilot, "Move the meeting's clock to this window?", "Move the clock")
        assert isinstance(app.screen, ChoiceScreen)
        assert lacking(["The clock is in tanaka (pc-02)'s window now."], shown) == [], shown
        assert ui_japanese(shown) == [], shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceScreen)


async def test_save_error_bar_in_english(tmp_path: Path) -> None:
    import errno

    from screens.widgets.notice_bar import NoticeBar
    from test_save_failures import FailingOps

    session = english_meeting(current_step="ideas")
    Store(tmp_path).save(session)
    ops = FailingOps()
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW,
                      store=Store(tmp_path, fs=ops))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ops.fail(errno.ENOSPC, "write")
        await pilot.press(*"Walk together", "enter")
        shown = await showing(pilot, "Cannot save")
        text = app.screen.query_one("#save-bar", NoticeBar).plain
        assert text.startswith("⚠ Cannot save — "), text
        assert "Your changes stay in this window. Retrying automatically (Ctrl+Q waits for the save)." in text, text
        assert ui_japanese(text) == [] and ui_japanese(shown) == [], shown
        ops.heal()
        await showing(pilot, "Saved")
        assert not app.screen.query_one("#save-bar", NoticeBar).shown
