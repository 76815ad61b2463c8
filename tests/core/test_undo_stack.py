"""facilitator/undo.py: one stack per open meeting, each place undoing only its own entries,
newest first (the screens' undo keys: test_undo.py)."""

from __future__ import annotations

from facilitator.undo import UndoStack


def test_each_place_pops_its_own_newest_entry() -> None:
    stack = UndoStack()
    done: list[str] = []
    stack.push("steps", "idea", lambda: done.append("idea") or None)
    stack.push("board", "card", lambda: "c1")
    stack.push("steps", "homework", lambda: done.append("homework") or None)
    assert len(stack) == 3 and stack.has("board") and not stack.has("roster")
    homework = stack.pop("steps")
    assert homework is not None and homework.label == "homework"
    assert homework.undo() is None and done == ["homework"]
    card = stack.pop("board")
    assert card is not None and card.undo() == "c1" and not stack.has("board")
    assert stack.pop("board") is None
    idea = stack.pop("steps")
    assert idea is not None and idea.label == "idea" and len(stack) == 0


def test_drop_forgets_one_place_only() -> None:
    stack = UndoStack()
    stack.push("roster", "山田", lambda: "山田")
    stack.push("steps", "idea", lambda: None)
    stack.push("roster", "佐藤", lambda: "佐藤")
    stack.drop("roster")
    assert not stack.has("roster") and stack.has("steps") and len(stack) == 1
