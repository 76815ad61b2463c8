"""Typing is never lost or misapplied, tried at random: at every step of the C町 template and on
the board, the focus is moved a random way (Tab, Shift+Tab, arrows), a realistic Japanese
sentence with digits and letters is typed (key by key, or as one burst as an IME commits it),
then Enter. No item that was there before may change, and every sentence must have landed: in an
item, or still in a field. Seeded, so a failure is repeatable (the seed and the keys are in the
message).
"""

from __future__ import annotations

import random
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.widgets import Input, TextArea

from facilitator.model import Homework, Session
from factories import make_steps
from pilot_helpers import SIZE, make_app
from screens.board import BoardScreen
from screens.meeting import MeetingScreen

SEED = 20260819
ROUNDS = 6
MOVES = ["tab", "tab", "shift+tab", "up", "down", "down", "left", "right"]
# What an SC types in a meeting: numbers, times, counts, English words, symbols — and every
# letter and digit that once was a key on a list (1 2 3 + - a d e u i x r h c g t s m l n).
PARTS = ["月2回", "1日3便", "LINEで", "80歳以上12人", "午後2時から", "e-mail", "FAX", "+1", "3-2",
         "d u x", "h a t", "s m l c g r i n", "100円", "Wi-Fi", "第2層"]
WORDS = ["乗り合いを試す", "見守りの声かけ", "公民館でサロン", "買い物ツアー", "知らせる", "集まる", "ゴミ出し当番",
         "移動販売", "送迎", "体操"]
TARGETS = [step.id for step in make_steps()] + ["board"]


def sentence(rng: random.Random, n: int) -> str:
    """A short sentence, unique in the run (its number at the end) so it can be found again."""
    words = [rng.choice(PARTS + WORDS) for _ in range(rng.randint(2, 4))]
    return "".join(w if rng.random() < 0.6 else f"{w} " for w in words).strip() + f" #{n}"


def items(s: Session) -> dict[tuple[str, str], dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for what, listed in (("idea", s.ideas), ("issue", s.issues), ("question", s.questions),
                         ("handoff", s.handoffs), ("homework", s.homework), ("card", s.board.items)):
        for item in listed:
            found[(what, item.id)] = asdict(item)
    for attendee in s.attendees:
        found[("attendee", attendee.name)] = asdict(attendee)
    return found


def where(app, s: Session, text: str) -> str | None:  # type: ignore[no-untyped-def]
    """Where ``text`` landed: an item's text, a field of the session, or a field on screen."""
    for what, values in (
        ("idea", [i.text for i in s.ideas]), ("issue", [i.title for i in s.issues]),
        ("question", [q.text for q in s.questions]), ("homework", [h.text for h in s.homework]),
        ("card", [c.text for c in s.board.items]), ("attendee", [a.name for a in s.attendees]),
        ("notes", [st.notes for st in s.steps]), ("review", [s.review]), ("vision", [s.board.vision]),
        ("next meeting", [s.next_meeting.place or "", *s.next_meeting.agenda]),
    ):
        if any(text in value for value in values):
            return what
    for screen in app.screen_stack:
        for field in screen.query(Input):
            if text in field.value:
                return f"field #{field.id}"
        for area in screen.query(TextArea):
            if text in area.text:
                return f"field #{area.id}"
    return None


def keys_of(text: str) -> list[events.Key]:
    return [events.Key(_character_to_key(ch), ch) for ch in text]


async def back_to_the_step(pilot) -> None:  # type: ignore[no-untyped-def]
    """Close what the typing opened and Enter did not (a form whose first field takes several
    lines): Ctrl+S keeps what it holds."""
    for _ in range(3):
        if isinstance(pilot.app.screen, (MeetingScreen, BoardScreen)):
            return
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert isinstance(pilot.app.screen, (MeetingScreen, BoardScreen)), pilot.app.screen


@pytest.mark.parametrize("target", TARGETS)
async def test_random_focus_then_a_sentence_then_enter(tmp_path: Path, target: str) -> None:
    seed = SEED + TARGETS.index(target)
    rng = random.Random(seed)
    carried = [Homework(id="hw-09", text="前回からの宿題", owner="鈴木 SC", from_session="2026-07-15-gone01")]
    app = make_app(tmp_path, current_step="ideas" if target == "board" else target,
                   previous_session="2026-07-15-gone01", homework=carried)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        s = app.screen.meeting.session  # type: ignore[attr-defined]
        if target == "board":
            await pilot.press("f4")
            await pilot.pause()
            assert isinstance(app.screen, BoardScreen)
        for n in range(ROUNDS):
            before = items(s)
            moves = [rng.choice(MOVES) for _ in range(rng.randint(0, 6))]
            text = sentence(rng, n)
            burst = rng.random() < 0.5
            story = f"seed {seed}, round {n}: {moves} then {'a burst' if burst else 'keys'} {text!r} + Enter"
            await pilot.press(*moves)
            await pilot.pause()
            focused = app.focused
            if burst:
                for key in [*keys_of(text), events.Key("enter", "\r")]:
                    app.post_message(key)
                for _ in range(3):
                    await pilot.pause()
            else:
                await pilot.press(*text)
                await pilot.press("enter")
                await pilot.pause()
            changed = [k for k, fields in before.items() if items(s).get(k) != fields]
            assert changed == [], f"{story} (focus was on {focused}): changed {changed}"
            landed = where(app, s, text)
            assert landed is not None, f"{story} (focus was on {focused}): the sentence is nowhere"
            await back_to_the_step(pilot)
            assert (s.current_step == target) or target == "board", story  # Enter never moved the step
