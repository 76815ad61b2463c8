"""A store on a mount point that disappears (issue 16): the store remembers its folder's identity
(that it existed, its device) and refuses every write — sessions and ``.kyogitai/`` alike — once
the folder is gone or another device answers in its place (an unmounted share leaves an empty
local folder). Nothing is created in its place; the error says so in a sentence."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facilitator.failures import describe_write_error
from facilitator.store import Store, StoreError, StoreUnreachable
from factories import make_session

SID = "2026-08-19-5a7e0f"


def unmounted(root: Path):  # type: ignore[no-untyped-def]
    """A stat that answers for ``root`` as an empty local folder would: another device."""

    def stat(path: Path) -> os.stat_result:
        st = os.stat(path)
        if Path(path) == root:
            fields = list(st)
            fields[2] = st.st_dev + 1  # st_dev
            return os.stat_result(fields)
        return st

    return stat


def test_a_root_on_another_device_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    root = tmp_path / "share"
    store = Store(root)
    store.save(make_session(id=SID))
    before = (root / f"{SID}.json").read_bytes()
    store.stat_root = unmounted(root)  # the share went away: its mount point is a local folder
    with pytest.raises(StoreUnreachable) as caught:
        store.save(make_session(id=SID, title="切断中"))
    assert "保存先のフォルダにつながっていません" in describe_write_error(caught.value)  # the save-error bar
    assert isinstance(caught.value, StoreError)
    with pytest.raises(StoreUnreachable):
        store.make_aux_folder("presence")  # .kyogitai/ writes too
    with pytest.raises(StoreUnreachable):
        store.check_reachable()
    assert (root / f"{SID}.json").read_bytes() == before and not (root / ".kyogitai").exists()
    store.stat_root = os.stat  # the share is back
    store.save(make_session(id=SID, title="再接続"))
    assert "再接続" in (root / f"{SID}.json").read_text(encoding="utf-8")


def test_an_empty_folder_put_in_the_stores_place_is_never_written(tmp_path: Path) -> None:
    root = tmp_path / "share"
    Store(root).save(make_session(id=SID))
    store = Store(root)
    store.load(SID)  # opened while the share was there
    root.rename(tmp_path / "elsewhere")
    root.mkdir()  # an empty local folder in its place…
    store.stat_root = unmounted(root)  # …on the local disk, not the share's device
    with pytest.raises(StoreUnreachable):
        store.save(make_session(id=SID))
    assert list(root.iterdir()) == []


def test_a_vanished_root_is_not_made_again(tmp_path: Path) -> None:
    root = tmp_path / "share" / "協議体"
    store = Store(root)
    store.save(make_session(id=SID))
    (tmp_path / "share").rename(tmp_path / "unplugged")
    with pytest.raises(StoreUnreachable):
        store.save(make_session(id=SID))
    with pytest.raises(StoreUnreachable):
        store.make_aux_folder()
    assert not (tmp_path / "share").exists()


def test_a_store_unmounted_before_its_first_read_is_known_from_when_it_was_opened(tmp_path: Path) -> None:
    root = tmp_path / "share"
    Store(root).save(make_session(id=SID))
    store = Store(root)  # opened (the app's start): its identity is noted, nothing read yet
    root.rename(tmp_path / "unplugged")
    with pytest.raises(StoreUnreachable):
        store.save(make_session(id=SID))
    assert not root.exists()


def test_a_new_store_is_made_by_its_first_save(tmp_path: Path) -> None:
    root = tmp_path / "Documents" / "kyogitai" / "sessions"
    store = Store(root)  # it does not exist yet: the first save makes it
    assert store.save(make_session(id=SID)).is_file()
    store.stat_root = unmounted(root)  # and from then on it is known
    with pytest.raises(StoreUnreachable):
        store.save(make_session(id=SID))
