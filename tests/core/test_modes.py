"""Modes of everything the app creates (issue 20): 0700 folders and 0600 files, or 2770 and 0660
in a shared store, set with chmod whatever the umask — here 000, under which a bare mkdir is 0777
and a presence file (a lock before it) used to be 0644. The per-user folders (index, drafts, logs) are owner-only
whatever the store's setting, each folder the app makes above them too."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from facilitator import cli
from facilitator.crashlog import write_crash_log
from facilitator.drafts import DraftFolder, drafts_folder
from facilitator.index import Index
from facilitator.presence import Presence
from facilitator.store import Store
from factories import make_session

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_000():  # type: ignore[no-untyped-def]
    old = os.umask(0o000)
    try:
        yield
    finally:
        os.umask(old)


def made_below(top: Path) -> dict[str, int]:
    """Every folder and file under ``top`` (itself included) with its mode."""
    found = {str(top): mode(top)}
    for dirpath, dirnames, filenames in os.walk(top):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            found[str(path.relative_to(top.parent))] = mode(path)
    return found


@pytest.mark.parametrize("shared", [False, True], ids=["private", "shared"])
def test_everything_the_app_makes_has_its_mode_under_umask_000(tmp_path: Path, monkeypatch, umask_000,
                                                               shared: bool) -> None:
    files, folders = (0o660, 0o2770) if shared else (0o600, 0o700)
    data = tmp_path / "home" / "data" / "kyogitai"  # folders above it missing too
    cache = tmp_path / "home" / "cache" / "kyogitai"
    monkeypatch.setenv("KYOGITAI_DATA_DIR", str(data))
    monkeypatch.setenv("KYOGITAI_CACHE_DIR", str(cache))
    root = tmp_path / "town" / "sessions"
    root.mkdir(parents=True)
    os.chmod(root, folders)
    if shared:
        (root / "settings.toml").write_text("shared = true\n", encoding="utf-8")
    store = Store(root)
    s = make_session()
    store.save(s)
    store.make_aux_folder("backups")
    store.make_aux_folder("merged-copies")
    Presence(store.aux_dir).join(s.id, "recap").beat()  # a presence names a host and a user
    assert cli.main(["--store", str(root), "export", s.id, "--format", "md",
                     "-o", str(tmp_path / "town" / "minutes.md")]) == 0
    in_store = made_below(root)
    in_store.pop("sessions/settings.toml", None)  # written by the test
    in_store.pop(str(root))
    assert in_store and all(m == (folders if (tmp_path / "town" / p).is_dir() else files)
                            for p, m in in_store.items()), in_store
    assert mode(tmp_path / "town" / "minutes.md") == files
    # Per user and machine, owner-only whatever the store says, every folder made on the way.
    Index(store).refresh()
    DraftFolder(drafts_folder(data, root)).write(_drafts(s.id))
    assert write_crash_log(RuntimeError("x")) is not None
    for top in (tmp_path / "home" / "data", tmp_path / "home" / "cache"):
        made = made_below(top)
        assert all(m == (0o700 if Path(tmp_path / "home" / p).is_dir() or p == str(top) else 0o600)
                   for p, m in made.items()), made


def _drafts(session_id: str):  # type: ignore[no-untyped-def]
    from datetime import datetime, timezone

    from facilitator.drafts import Drafts, Writer

    return Drafts(Writer(session_id, "sato", "PC-01", os.getpid(), "b" * 16), "/stores/c-town",
                  datetime.now(timezone.utc), False, {"ideas/idea-input": "月2回の"}, {})


async def test_the_export_dialog_makes_its_folder_owner_only_under_umask_000(tmp_path: Path, monkeypatch,
                                                                             umask_000) -> None:
    from facilitator.store import StoreLocation
    from screens.app import KyogitaiApp
    from screens.export_dialog import ExportDialog

    monkeypatch.chdir(tmp_path)
    store = Store(Path("sessions"))
    s = make_session()
    store.save(s)
    app = KyogitaiApp(StoreLocation(store.root, "テスト"))
    async with app.run_test(size=(120, 36)) as pilot:
        app.push_screen(ExportDialog(store, s.id, s.title))
        await pilot.pause()
        await pilot.press("m")
        for _ in range(50):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.screen.written is not None:
                break
        assert app.screen.written is not None
        assert mode(app.screen.written) == 0o600
        assert mode(tmp_path / "exports") == 0o700  # beside the store, made by the dialog
