"""The export dialog's Word (w) and calendar (i) formats, driven with Pilot.

Each key writes its file through the dialog's worker; the two refusals — python-docx not
installed, no next meeting date — say what to do, write nothing and leave an earlier file of the
same name as it was; the dialog stays usable afterwards.
"""

from __future__ import annotations

import asyncio
import io
import sys
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input, Static

from facilitator import i18n
from facilitator.model import NextMeeting, Session
from facilitator.store import Store
from factories import make_session
from pilot_helpers import SIZE, notes
from repo_paths import ROOT
from screens.export_dialog import ExportDialog

HOME_CSS = ROOT / "screens" / "home.tcss"
NEXT = NextMeeting(date="2026-09-16", start_time="13:30", place="C町 公民館", agenda=["移動販売の報告"])


class DialogApp(App[None]):
    CSS_PATH = str(HOME_CSS)

    def __init__(self, store: Store, session: Session) -> None:
        super().__init__()
        self.store = store
        self.session = session

    def on_mount(self) -> None:
        self.push_screen(ExportDialog(self.store, self.session.id, self.session.title))


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.chdir(tmp_path)
    return Store(Path("sessions"))


def saved(store: Store, **overrides: object) -> Session:
    session = make_session(**overrides)
    store.save(session)
    return session


async def until(pilot, condition, seconds: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for the dialog's worker and for ``condition()``, at most ``seconds``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if condition():
            return
        assert loop.time() < deadline, "timed out"


def status(dialog: ExportDialog) -> str:
    return str(dialog.query_one("#export-status", Static).render())


def exports() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in Path("exports").glob("*")} if Path("exports").is_dir() else {}


async def open_dialog(pilot) -> ExportDialog:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: isinstance(pilot.app.screen, ExportDialog))
    dialog = pilot.app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


# ---------------------------------------------------------------------------------------
# The two keys write their files


async def test_w_writes_the_minutes_as_word(store: Store) -> None:
    session = saved(store, next_meeting=NEXT)
    app = DialogApp(store, session)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        assert "w  議事録 Word" in str(dialog.query_one("#export-docx").render())
        await pilot.press("w")
        await until(pilot, lambda: dialog.written is not None)
        target = Path("exports/2026-08-19_C町第1層協議体_第3回定例会.docx").resolve()
        assert dialog.written == target and target.is_file()
        assert "議事録 Word を書き出しました" in status(dialog) and str(target) in status(dialog)
        assert any(str(target) in n for n in seen)
    data = target.read_bytes()
    assert data.startswith(b"PK")  # a zip: the .docx container
    if sys.platform != "win32":
        assert target.stat().st_mode & 0o077 == 0  # residents' names: owner only
    docx = pytest.importorskip("docx")  # the dev group has it; read it back when it is there
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "第3回 定例会" in text and "乗り合いで買い物に行く" in text
    assert document.core_properties.title.startswith("C町")


async def test_i_writes_the_next_meeting_as_a_calendar_event(store: Store) -> None:
    session = saved(store, next_meeting=NEXT)
    app = DialogApp(store, session)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        await pilot.press("i")
        await until(pilot, lambda: dialog.written is not None)
        assert dialog.written is not None and dialog.written.suffix == ".ics"
        assert "次回の予定（カレンダー .ics） を書き出しました" in status(dialog)
        ics = dialog.written.read_bytes()
    assert ics.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"DTSTART;TZID=Asia/Tokyo:20260916T133000" in ics
    assert "移動販売の報告".encode() in ics


# ---------------------------------------------------------------------------------------
# Refusals: a message that says what to do, nothing written


async def test_no_next_date_says_where_to_set_it_and_writes_nothing(store: Store) -> None:
    session = saved(store)  # the factory's next meeting has a time and a place, no date
    earlier = Path("exports/2026-08-19_C町第1層協議体_第3回定例会.ics")
    earlier.parent.mkdir()
    earlier.write_bytes(b"an earlier calendar file")
    app = DialogApp(store, session)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        await pilot.press("i")
        await until(pilot, lambda: "次回の日付" in status(dialog))
        text = status(dialog)
        assert "この会議には次回の日付がまだありません" in text
        assert "「次回の日程・宿題の確認」のステップ" in text
        assert "書き出せませんでした" not in text  # not a failure: a thing to do first
        assert any("次回の日程・宿題の確認" in n for n in seen)
        assert dialog.written is None and dialog.query_one("#export-path", Input).value == "exports"
        assert exports() == {earlier.name: b"an earlier calendar file"}
        # The dialog goes on: another format still writes.
        await pilot.press("m")
        await until(pilot, lambda: dialog.written is not None)
        assert dialog.written.suffix == ".md"
    assert earlier.read_bytes() == b"an earlier calendar file"


async def test_the_step_is_named_as_the_session_calls_it(store: Store) -> None:
    session = saved(store)
    session.steps[-1].title = "次回の確認と散会"
    store.save(session)
    app = DialogApp(store, session)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        await pilot.press("i")
        await until(pilot, lambda: "次回の日付" in status(dialog))
        assert "「次回の確認と散会」のステップ" in status(dialog)
    assert exports() == {}


async def test_without_python_docx_it_says_how_to_install_it(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx raises ImportError
    session = saved(store, next_meeting=NEXT)
    earlier = Path("exports/2026-08-19_C町第1層協議体_第3回定例会.docx")
    earlier.parent.mkdir()
    earlier.write_bytes(b"an earlier Word file")
    app = DialogApp(store, session)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        await pilot.press("w")
        await until(pilot, lambda: "python-docx" in status(dialog))
        text = status(dialog)
        assert "Word で書き出すには python-docx が必要です" in text
        assert "uv run --extra office kyogitai" in text and "uv sync --extra office" in text
        assert any("uv run --extra office kyogitai" in n for n in seen)
        assert dialog.written is None
        assert exports() == {earlier.name: b"an earlier Word file"}
        await pilot.press("i")  # the dialog goes on
        await until(pilot, lambda: dialog.written is not None)
        assert dialog.written.suffix == ".ics"


async def test_the_messages_follow_the_language(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    session = saved(store)
    i18n.set_language("en")
    try:
        app = DialogApp(store, session)
        async with app.run_test(size=SIZE) as pilot:
            dialog = await open_dialog(pilot)
            await pilot.press("i")
            await until(pilot, lambda: "next meeting date" in status(dialog))
            assert "Enter it in the step “次回の日程・宿題の確認”" in status(dialog)
            await pilot.press("w")
            await until(pilot, lambda: "python-docx" in status(dialog))
            assert "Word export needs python-docx" in status(dialog)
    finally:
        i18n.set_language(None)
    assert exports() == {}


# ---------------------------------------------------------------------------------------
# Six formats at the smallest size the app supports (60×20): one line a button, all visible


def test_snapshot_export_dialog_at_60x20(snap_compare, store):  # type: ignore[no-untyped-def]
    session = saved(store, next_meeting=NEXT)

    async def steady(pilot) -> None:  # type: ignore[no-untyped-def]
        await until(pilot, lambda: isinstance(pilot.app.screen, ExportDialog))
        pilot.app.screen.query_one("#export-path", Input).cursor_blink = False
        await pilot.pause()

    assert snap_compare(DialogApp(store, session), terminal_size=(60, 20), run_before=steady)


async def test_every_format_key_is_on_screen_at_60x20(store: Store) -> None:
    session = saved(store, next_meeting=NEXT)
    app = DialogApp(store, session)
    async with app.run_test(size=(60, 20)) as pilot:
        dialog = await open_dialog(pilot)
        assert dialog.has_class("-short")
        region = dialog.screen.region
        for button in dialog.query(".export-format, #export-close"):
            assert region.contains_region(button.region), button.id
        await pilot.press("w")
        await until(pilot, lambda: dialog.written is not None)
        assert region.contains_region(dialog.query_one("#export-status").region)


# ---------------------------------------------------------------------------------------
# Excel, and never into the store folder


async def test_x_writes_the_excel_workbook(store: Store) -> None:
    session = saved(store, next_meeting=NEXT)
    app = DialogApp(store, session)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        assert "x  議事録・一覧 Excel" in str(dialog.query_one("#export-xlsx").render())
        await pilot.press("x")
        await until(pilot, lambda: dialog.written is not None)
        assert dialog.written is not None and dialog.written.suffix == ".xlsx"
        data = dialog.written.read_bytes()
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        workbook = z.read("xl/workbook.xml").decode("utf-8")
    assert all(f'name="{name}"' in workbook for name in ("議事録", "アイデア", "宿題", "託したこと", "ボード"))


async def test_an_export_into_the_store_folder_is_refused_and_nothing_is_written(store: Store) -> None:
    session = saved(store, next_meeting=NEXT)
    before = sorted(p.name for p in store.root.iterdir())
    app = DialogApp(store, session)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot)
        dialog.query_one("#export-path", Input).value = str(store.root / "控え.json")
        await pilot.press("j")
        await until(pilot, lambda: "保存先フォルダ" in status(dialog))
        assert dialog.written is None
    assert sorted(p.name for p in store.root.iterdir()) == before
