"""The export dialog: pick a format (md | html | docx | csv | json | ics) and a place; a worker
writes the file and the dialog says where it went.

The place defaults to an ``exports/`` folder beside the store (``facilitator.export_target``); a
typed path ending in the format's extension is the file itself. Files are written atomically with
owner-only permissions (they hold residents' names), replacing an earlier export of the same name.

Two formats can be refused, with a message that says what to do and nothing written (an earlier
file of the same name is left as it was): Word without python-docx (the optional ``office``
extra), and the calendar event of a session whose next meeting has no date yet.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from facilitator.export_target import default_folder, refuse_inside_store, resolve_target, session_file_name
from facilitator.i18n import Labels, t
from facilitator.store import Store, atomic_write
from facilitator.store.reach import make_folder
from screens.ui_text import literal, one_line
from screens.widgets.folded_static import FoldedStatic

# In this order, three to a row: the minutes (md, html, docx), the data (csv, json, ics), then the
# Excel workbook (the minutes and the lists).
FORMAT_LABELS = Labels({
    "md": "export.format_md",
    "html": "export.format_html",
    "docx": "export.format_docx",
    "csv": "export.format_csv",
    "json": "export.format_json",
    "ics": "export.format_ics",
    "xlsx": "export.format_xlsx",
})
FORMAT_KEYS: dict[str, str] = {"md": "m", "html": "h", "docx": "w", "xlsx": "x", "csv": "c", "json": "j",
                                "ics": "i"}


class ExportDialog(ModalScreen[Path | None]):
    """Returns the last file written (or None) when closed."""
    CSS_PATH = ["export_dialog.tcss"]

    BINDINGS = [
        Binding("escape", "close", t("help.close"), id="export.close"),
        Binding("m", "export('md')", "Markdown", id="export.md"),
        Binding("h", "export('html')", "HTML", id="export.html"),
        Binding("c", "export('csv')", "CSV", id="export.csv"),
        Binding("j", "export('json')", "JSON", id="export.json"),
        Binding("w", "export('docx')", t("export.key_docx"), id="export.docx"),
        Binding("i", "export('ics')", t("export.key_ics"), id="export.ics"),
        Binding("x", "export('xlsx')", "Excel", id="export.xlsx"),
    ]

    VERTICAL_BREAKPOINTS = [(0, "-short"), (26, "-tall")]  # home.tcss: 60×20 fits without scrolling
    # The format buttons three to a row from 110 columns, two at 80×24, one at 60×20: each label
    # whole (「i  次回の予定（カレンダー .ics）」 was cut to 「i  次回の予定（カレン…」).
    HORIZONTAL_BREAKPOINTS = [(0, "-one-column"), (70, "-two-columns"), (110, "-three-columns")]

    def __init__(self, store: Store, session_id: str, title: str = "") -> None:
        super().__init__(classes="export-dialog")
        self.store = store
        self.session_id = session_id
        self.session_title = title
        self.written: Path | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export"):
            heading = Text(t("export.title"), style="bold")
            heading.append_text(literal(one_line(self.session_title, 50)))
            yield Label(heading, classes="export-title")
            yield FoldedStatic(Text(t("export.target_label")), classes="export-label")  # whole at 60×20
            yield Input(str(default_folder(self.store.root)), id="export-path", select_on_focus=False)
            yield Label(Text(t("export.format_label")), classes="export-label")
            with Horizontal(id="export-formats"):
                for fmt, label in FORMAT_LABELS.items():
                    yield Button(Text(f"{FORMAT_KEYS[fmt]}  {label}"), id=f"export-{fmt}", classes="export-format")
            yield Static(id="export-status")
            with Horizontal(classes="export-buttons"):
                yield Button(Text(t("export.close_button")), id="export-close")

    def on_mount(self) -> None:
        self.query_one("#export-html", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        if button_id == "export-close":
            self.action_close()
        elif button_id.startswith("export-"):
            self.action_export(button_id.removeprefix("export-"))

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#export-html", Button).focus()

    def action_export(self, fmt: str) -> None:
        if fmt not in FORMAT_LABELS or self.busy:
            return
        self.busy = True
        self._set_status(Text(t("export.writing", format=FORMAT_LABELS[fmt])))
        self._write(fmt, self.query_one("#export-path", Input).value)

    @work(thread=True, exclusive=True, group="export")
    def _write(self, fmt: str, typed: str) -> None:
        from facilitator.export import export
        from facilitator.export.ics import NoNextMeeting
        from facilitator.export.word import OfficeMissing

        session = None
        try:
            session = self.store.load(self.session_id)
            previous = None
            if session.previous_session:
                try:
                    previous = self.store.load(session.previous_session)
                except (ValueError, OSError):
                    previous = None  # the minutes say what they can without it
            target = resolve_target(typed, session_file_name(session, fmt), fmt)
            refuse_inside_store(target, self.store.root)
            data = export(session, fmt, previous=previous)
            if target.is_dir():
                raise ValueError(t("export.is_folder", target=str(target)))
            existed = target.exists()
            make_folder(target.parent, self.store.folder_mode())  # 0700 (2770 shared), whatever the umask
            atomic_write(target, data, mode=self.store.file_mode(), sweep=True)  # names: 0600 (0660 shared)
        except OfficeMissing:
            self.app.call_from_thread(self._failed, t("export.docx_missing"), False)
            return
        except NoNextMeeting:
            step = next((s.title for s in session.steps if s.panel == "close"), "") if session else ""
            step = one_line(step, 30) or t("export.close_step")
            self.app.call_from_thread(self._failed, t("export.no_next_date", step=step), False)
            return
        except (ValueError, OSError) as e:
            reason = getattr(e, "strerror", None) or str(e) or e.__class__.__name__
            self.app.call_from_thread(self._failed, one_line(reason))
            return
        self.app.call_from_thread(self._done, fmt, target.resolve(), existed)

    def _done(self, fmt: str, target: Path, existed: bool) -> None:
        self.busy = False
        self.written = target
        label = FORMAT_LABELS[fmt]
        done = t("export.overwritten", format=label) if existed else t("export.written", format=label)
        text = Text(done + "\n", style="bold")
        text.append_text(literal(str(target)))
        self._set_status(text, ok=True)
        self.notify(t("export.overwritten_to", target=str(target)) if existed else t("export.written_to", target=str(target)),
                    markup=False, timeout=10)

    def _failed(self, reason: str, unexpected: bool = True) -> None:
        """``unexpected``: a write that went wrong (「書き出せませんでした: …」); otherwise
        ``reason`` is the whole message, saying what to do first."""
        self.busy = False
        message = t("export.failed", reason=reason) if unexpected else reason
        self._set_status(literal(message), ok=False)
        if unexpected:
            self.notify(message, severity="error", markup=False)
        else:  # a longer message to read: it stays a little longer
            self.notify(message, severity="warning", markup=False, timeout=10)

    def _set_status(self, text: Text, ok: bool | None = None) -> None:
        status = self.query_one("#export-status", Static)
        status.update(text)
        status.set_class(ok is True, "-ok")
        status.set_class(ok is False, "-error")

    def action_close(self) -> None:
        self.dismiss(self.written)
