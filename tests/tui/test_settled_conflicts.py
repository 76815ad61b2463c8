"""A conflict settled in one window (Ctrl+G, F2/F3) is a deliberate choice: every window shows the
chosen value in the field within the live-refresh time — even the text area being typed in —,
the header's count follows at once, and what is typed afterwards in any window is saved (QA,
issue 16: the losing window kept showing its own text and its later typing never reached the
file)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from facilitator.meeting import Meeting
from facilitator.session_load import session_from_json
from facilitator.store import Store, StoreLocation
from factories import NOW, make_session
from pilot_helpers import SIZE
from screens.app import KyogitaiApp
from screens.conflicts_dialog import ConflictsDialog
from screens.meeting import MeetingScreen

REVIEW = "今日は活発な意見が出ました。次回も期待します"


async def until(pilot, predicate, what: str, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


def on_disk(path: Path):  # type: ignore[no-untyped-def]
    return session_from_json(path.read_bytes())


def area(window: MeetingScreen) -> TextArea:
    return window.query_one("#step-text", TextArea)


def marker(window: MeetingScreen) -> str:
    return str(window.query_one("#conflict-marker", Static).render())


def type_at_end(window: MeetingScreen, text: str) -> None:
    """End, then the text (as an IME commits it), into the window's 総評 area, which keeps the
    focus in its window while the other window is on top."""
    field = area(window)
    assert field.has_focus
    field.move_cursor(field.document.end)
    field.insert(text)


async def two_windows_in_conflict(pilot, app, tmp_path: Path, a_text: str, b_text: str):  # type: ignore[no-untyped-def]
    """Two windows at 総評 on one meeting; a appends ``a_text`` and it is saved; b, whose area
    (focused, as at that step) still shows the text before it, appends ``b_text``: the same line,
    changed on both sides, so the file keeps a's and b's typing goes to conflicts at once; both
    headers say 「確認が必要 1件」, each field still shows its own text."""
    session = make_session(current_step="comment", review=REVIEW)
    Store(tmp_path).save(session)
    path = tmp_path / f"{session.id}.json"
    windows = []
    for writer in ("w-a", "w-b"):  # two windows, as two processes would be
        meeting = Meeting(Store(tmp_path).load(session.id), clock=lambda: 0.0, now=lambda: NOW,
                          running=False, writer=writer)
        window = MeetingScreen(meeting, Store(tmp_path))
        window.saver.poll_interval = 0.1
        await app.push_screen(window)
        windows.append(window)
    a, b = windows
    await until(pilot, lambda: a.saver.polls >= 1 and b.saver.polls >= 1, "the first looks at the file")
    type_at_end(a, a_text)
    await until(pilot, lambda: on_disk(path).review == REVIEW + a_text, "a's text saved")
    await until(pilot, lambda: b.meeting.session.review == REVIEW + a_text, "b took it in")
    assert area(b).text == REVIEW  # (the field being typed in is not touched)
    type_at_end(b, b_text)
    await until(pilot, lambda: all(len(w.meeting.session.conflicts) == 1 for w in windows)
                and all(marker(w) == "確認が必要 1件" for w in windows), "the conflict in both windows")
    await until(pilot, lambda: [c.value for c in on_disk(path).conflicts] == [REVIEW + b_text], "b's text saved in conflicts")
    assert on_disk(path).review == REVIEW + a_text
    assert area(a).text == REVIEW + a_text and area(b).text == REVIEW + b_text
    return a, b, path


@pytest.mark.parametrize(("key", "chosen"), [("f3", "b"), ("f2", "a")])
async def test_a_settled_conflict_shows_everywhere_and_later_typing_is_saved(tmp_path: Path, key: str, chosen: str) -> None:
    """a settles (QA's runs): F3 takes b's text, so a's own loses and a's area, typed in, must show
    b's; F2 keeps a's, so b's loses and b must show a's when a's save comes in."""
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), clock=lambda: 0.0, now=lambda: NOW, store=Store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        a_text, b_text = ("（A追記）", "（B追記）") if key == "f3" else ("〈A3〉", "〈B3〉")
        a, b, path = await two_windows_in_conflict(pilot, app, tmp_path, a_text, b_text)
        a.action_conflicts()
        await until(pilot, lambda: isinstance(app.screen, ConflictsDialog), "the dialog")
        await pilot.press(key)
        await pilot.pause()
        # The header behind the dialog follows at once, not after Esc.
        assert a.meeting.session.conflicts == [] and marker(a) == ""
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is b, "the dialog closed")
        expected = REVIEW + (b_text if chosen == "b" else a_text)
        await until(pilot, lambda: on_disk(path).review == expected and not on_disk(path).conflicts, "the choice saved")
        # Every window shows the chosen value in the field, within the live refresh, both headers clear.
        await until(pilot, lambda: area(a).text == expected and area(b).text == expected, "the choice in both fields")
        await until(pilot, lambda: marker(b) == "", "b's header")
        assert area(a).has_focus and area(b).has_focus  # the fields are still the ones typed in
        assert area(a).cursor_location == area(a).document.end  # the cursor stays at the end
        # Typing on in the window whose text lost, then in the other (a line of its own): both
        # land in the file, merged; the other window's area keeps what it shows while typed in.
        loser, winner = (a, b) if chosen == "b" else (b, a)
        type_at_end(loser, "XYZ")
        await until(pilot, lambda: on_disk(path).review == expected + "XYZ", "the loser's typing saved")
        type_at_end(winner, "\nあと書き")
        both = expected + "XYZ\nあと書き"
        await until(pilot, lambda: on_disk(path).review == both, "the other's typing saved, merged")
        await until(pilot, lambda: loser.meeting.session.review == both and winner.meeting.session.review == both,
                    "both windows hold both")
        for window in (a, b):  # leaving the field shows the merge
            window.query_one("#rail").focus()
        await until(pilot, lambda: area(a).text == both and area(b).text == both, "the merge in both fields")
        assert not on_disk(path).conflicts


async def test_typed_text_no_merge_placed_is_kept_when_the_step_is_left_with_pgdn(tmp_path: Path) -> None:
    """The other writer changed the line being typed on: what is typed on is kept in conflicts
    when the field is left — also by leaving the step (PgDn), which removes the field."""
    import json
    import os

    session = make_session(current_step="comment", review="一行目")
    Store(tmp_path).save(session)
    path = tmp_path / f"{session.id}.json"
    app = KyogitaiApp(StoreLocation(tmp_path, "test"), session=session, clock=lambda: 0.0, now=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        window = app.screen
        assert isinstance(window, MeetingScreen)
        await until(pilot, lambda: window.saver.polls >= 1, "the first look at the file")
        type_at_end(window, "X")
        await until(pilot, lambda: on_disk(path).review == "一行目X", "our edit saved")
        data = json.loads(path.read_text(encoding="utf-8"))
        data["review"] = "外で直した一行目"  # the same line, by a script
        (tmp_path / "outside.tmp").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp_path / "outside.tmp", path)
        await until(pilot, lambda: window.meeting.session.review == "外で直した一行目", "the outside edit")
        type_at_end(window, "XYZ")
        await pilot.press("pagedown")
        await until(pilot, lambda: any(c.value == "一行目XXYZ" for c in on_disk(path).conflicts),
                    "the typed text kept in conflicts")
        assert on_disk(path).review == "外で直した一行目"


async def test_the_dialog_open_in_one_window_follows_a_settling_in_the_other(tmp_path: Path) -> None:
    from textual.widgets import OptionList

    app = KyogitaiApp(StoreLocation(tmp_path, "test"), clock=lambda: 0.0, now=lambda: NOW, store=Store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        a, b, _ = await two_windows_in_conflict(pilot, app, tmp_path, "（A追記）", "（B追記）")
        b.action_conflicts()
        await until(pilot, lambda: isinstance(app.screen, ConflictsDialog) and len(app.screen.query(OptionList)) == 1
                    and app.screen.query_one(OptionList).option_count > 0, "b's dialog")
        options = app.screen.query_one(OptionList)
        assert "もう一つの値" in str(options.get_option_at_index(0).prompt)
        a.meeting.keep_current(a.meeting.session.conflicts[0])  # settled in a (the rule its F2 calls)
        await until(pilot, lambda: "確認が必要な値はありません" in str(options.get_option_at_index(0).prompt),
                    "b's dialog follows")
        assert marker(b) == ""
        await pilot.press("escape")
        await until(pilot, lambda: area(b).text == REVIEW + "（A追記）", "b's field shows the value kept")
