"""Shared test set-up (the folders are described in tests/README.md).

Text cursors blink on a 0.5 s timer; on a loaded machine a snapshot could catch either phase.
Every test sees a steady cursor instead, so snapshots show what the screen shows, every time.

The suite runs on several xdist workers (addopts in pyproject.toml). Every test of tests/e2e/,
and any test marked e2e elsewhere, is put in the one xdist group "e2e": with --dist loadgroup they
all run on one worker, one after another, so two real terminals or browsers never race each other
for the machine while their timeouts run.

Drafts (text typed but not submitted) go to the per-user data folder: every test gets its own,
empty one through ``KYOGITAI_DATA_DIR`` (the tmux driver passes it on), so no test writes into
the real user's folder or finds another test's drafts. The same for the index of each store,
in the per-user cache folder: ``KYOGITAI_CACHE_DIR``.

Property tests (hypothesis) explore new examples on a developer's machine, where a failure is
saved and replayed; in CI (``CI=true``) they run a fixed set, so a landing never depends on luck.
"""

from __future__ import annotations

from pathlib import Path

import os

import pytest
from hypothesis import settings
from textual.widgets import Input, TextArea

settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    settings.load_profile("ci")

E2E = Path(__file__).resolve().parent / "e2e"


@pytest.fixture(autouse=True)
def steady_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.fixture(autouse=True)
def private_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("KYOGITAI_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def private_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("KYOGITAI_CACHE_DIR", str(folder))
    return folder


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups off the items
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if E2E in item.path.resolve().parents or item.get_closest_marker("e2e") is not None:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("e2e"))
