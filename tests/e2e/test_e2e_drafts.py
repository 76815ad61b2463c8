"""Drafts in a real terminal (tmux): half an idea typed in Japanese and not Entered survives a
kill -9, is back in the idea field when the session is opened again, and Enter adds it.

The drafts folder is the test's own (KYOGITAI_DATA_DIR, tests/conftest.py; the tmux driver
passes it to the window). The rules are tests/core/test_draft_rules.py, the app's side in-process
tests/tui/test_drafts.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from facilitator.drafts import Drafts, drafts_folder
from facilitator.session_load import session_from_json
from tmux_driver import Tmux, new_session_at_ideas, wait_until

pytestmark = pytest.mark.e2e

HALF = "月2回の乗り合いをLINEで"  # digits and ASCII, as a Japanese sentence has them
REST = "呼びかける"


def start(t: Tmux, *args: str) -> None:
    try:
        t.start_kyogitai(*args)
    except subprocess.CalledProcessError as e:
        raise AssertionError(f"tmux: {e.stderr}") from None


def drafts_in(folder: Path) -> list[Drafts]:
    out = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            out.append(Drafts.from_json(path.read_bytes()))
        except (OSError, ValueError):
            pass  # being replaced right now
    return out


def test_half_an_idea_survives_kill_9_and_is_back_in_the_field(tmp_path: Path, private_data_dir: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    sid = new_session_at_ideas(store)
    folder = drafts_folder(private_data_dir, store)
    t = Tmux(100, 30)
    try:
        start(t, "--store", str(store), "open", sid)
        t.wait_for("アイデアを入力して Enter", timeout=30)
        t.type_into_field(HALF)  # send-keys -l, no Enter
        # On disk within a second; waited for here, not slept.
        wait_until(lambda: any(d.fields.get("ideas/idea-input") == HALF for d in drafts_in(folder)),
                   timeout=10, what="the draft file")
        (draft,) = drafts_in(folder)
        assert draft.writer.session == sid and not draft.closed
        os.kill(draft.writer.pid, signal.SIGKILL)
        t.wait_for("__EXIT__137", timeout=10)
        ideas = session_from_json((store / f"{sid}.json").read_bytes()).ideas
        assert all(HALF not in i.text for i in ideas)  # never Entered: not an idea
    finally:
        t.close()

    t = Tmux(100, 30)
    try:
        start(t, "--store", str(store), "open", sid)
        # In the idea field (it is nowhere else on the screen: not an idea), with no dialog to answer.
        screen = t.wait_for(HALF, timeout=30)
        field_line = next(line for line in screen.splitlines() if HALF in line)
        assert "アイデア" not in field_line.replace(HALF, "")  # the text, not the placeholder
        t.type(REST)
        t.wait_for(HALF + REST)
        t.keys("Enter")
        wait_until(lambda: any(i.text == HALF + REST for i in
                               session_from_json((store / f"{sid}.json").read_bytes()).ideas),
                   timeout=10, what="the idea saved")
        wait_until(lambda: not drafts_in(folder), timeout=10, what="the draft removed")
        t.keys("C-q")
        t.wait_for("__EXIT__0")
        assert not list(folder.glob("*")) if folder.is_dir() else True  # nothing left behind
    finally:
        t.close()
