"""What is typed stays what was typed, whatever the timing (issue 16, "Many hands on one meeting").

The clock e2e test once ended with the 総評 area holding only the keys typed after F6. The cause:
the keys came in one burst (a loaded machine reads the terminal late) and the text area ran its
own key bindings (Ctrl+U, Backspace …) only once the key had bubbled up to the app — after the
keys typed after it. Here every key of a burst acts in the order it was typed, and the live
refresh and the saves, however slow, never put older text back in a field being typed in.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.keys import _character_to_key
from textual.widgets import TextArea

from pilot_helpers import SIZE, make_app
from screens.meeting import MeetingScreen


def post_burst(app, keys: list[str]) -> None:  # type: ignore[no-untyped-def]
    """All keys at once, as a terminal delivers keys that queued up while the app was busy."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(_character_to_key(key), key))
        else:
            app.post_message(events.Key(key, None))


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        await pilot.pause()


async def test_the_review_typed_in_a_burst_with_ctrl_u_and_f6_keeps_every_key_in_order(tmp_path: Path) -> None:
    """The clock e2e test's keys as one burst: Ctrl+U (empty the area), the review, F6 (pause),
    more text. Ctrl+U acts before the review, F6 pauses and selects nothing."""
    app = make_app(tmp_path, current_step="comment", review="")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        area = screen.query_one("#step-text", TextArea)
        assert area.has_focus and screen.meeting.running
        post_burst(app, ["ctrl+u", *"月2回の乗り合い", "f6", *"。3便"])
        await settle(pilot)
        assert area.text == "月2回の乗り合い。3便"
        assert screen.meeting.session.review == "月2回の乗り合い。3便"
        assert not screen.meeting.running  # F6 paused the clock


async def test_editing_keys_in_the_review_act_in_the_order_typed(tmp_path: Path) -> None:
    """Backspace, Ctrl+U, Enter and ← in a burst act where they were typed."""
    app = make_app(tmp_path, current_step="comment", review="")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        area = app.screen.query_one("#step-text", TextArea)
        post_burst(app, [*"見守りか", "backspace", *"隊", "enter", *"消す文", "ctrl+u", *"送迎", "left", *"の"])
        await settle(pilot)
        assert area.text == "見守り隊\n送の迎"
