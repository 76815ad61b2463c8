"""The save-error bar when the store's folder is no longer the one opened (issue 16): a share
unmounted under the app leaves its mount point, an empty local folder on another device. The
app says 「保存先のフォルダにつながっていません」, writes nothing there, keeps the edits and saves
them once the share is back."""

from __future__ import annotations

import os
from pathlib import Path

from test_save_failures import SID, ideas_on_disk, make_app, save_bar, saved_session, until


def on_another_device(root: Path):  # type: ignore[no-untyped-def]
    def stat(path: Path) -> os.stat_result:
        st = os.stat(path)
        if Path(path) == root:
            fields = list(st)
            fields[2] = st.st_dev + 1  # st_dev: not the share's
            return os.stat_result(fields)
        return st

    return stat


async def test_a_store_on_another_device_is_refused_in_the_save_bar_and_saved_once_back(tmp_path: Path) -> None:
    root = tmp_path / "share"
    root.mkdir()
    app = make_app(root, saved_session(root))
    path = root / f"{SID}.json"
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.screen
        before = path.read_bytes()
        screen.store.stat_root = on_another_device(root)  # the share is gone; its mount point answers
        await pilot.press(*"切断中のアイデア", "enter")
        await until(pilot, lambda: screen.saver.state == "error", what="the refused save")
        assert "保存先のフォルダにつながっていません" in save_bar(app).plain
        assert path.read_bytes() == before  # nothing written in the share's place
        screen.store.stat_root = os.stat  # back
        await until(pilot, lambda: screen.saver.state == "saved", what="the save once back")
        assert not save_bar(app).shown and ideas_on_disk(path)[-1] == "切断中のアイデア"
        await pilot.press("ctrl+q")
