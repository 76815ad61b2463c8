"""困ったとき (facilitator/hints.py): every situation has its words in both languages, and the
ones for the current step come first."""

from __future__ import annotations

import pytest

from facilitator.hints import HINTS, for_step, hints_for
from facilitator.i18n import set_language, t


def test_the_stuck_room_situations_are_all_there() -> None:
    ids = {h.id for h in HINTS if h.in_meeting}
    assert ids == {"silence", "requests", "one_voice", "vote", "no_resources", "rut"}


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_hint_has_a_title_and_a_text(language: str) -> None:
    set_language(language)
    try:
        for hint in HINTS:
            assert hint.title and hint.title != f"hints.{hint.id}_title" and hint.title != hint.text
            assert hint.text and hint.text != f"hints.{hint.id}"
    finally:
        set_language(None)


def test_the_current_steps_hints_come_first() -> None:
    here, others = for_step("ideas")
    assert [h.id for h in here[:4]] == ["silence", "requests", "one_voice", "vote"]
    assert "no_resources" in {h.id for h in here}
    assert "rut" in {h.id for h in others}
    assert here + others == hints_for("ideas")
    board = [h.id for h in hints_for("board")]
    assert board[0] == "no_resources"
    recap = [h.id for h in hints_for("recap")]
    assert recap[0] == "rut"


def test_every_hint_is_listed_once_whatever_the_step() -> None:
    for panel in ("recap", "issues", "consult", "ideas", "handoff", "text", "close", "board", "unknown"):
        ordered = hints_for(panel)
        assert sorted(h.id for h in ordered) == sorted(h.id for h in HINTS)
    assert t("hints.key")
