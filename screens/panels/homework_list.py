"""The close panel's homework list (継続協議) and its rows: open first, then done, then dropped."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Input

from facilitator.i18n import t
from facilitator.meeting import HOMEWORK_STATUS_LABELS
from facilitator.model import Homework, Session
from screens.panels.item_text import due_text
from screens.ui_text import literal
from screens.widgets.row_list import Row, RowList

if TYPE_CHECKING:
    from screens.panels.close import ClosePanel

HOMEWORK_ORDER = ("open", "done", "dropped")


class HomeworkList(RowList):
    """The homework (継続協議): open first. Keys act on the item under the cursor."""

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {"homework--meta", "homework--closed"}
    BINDINGS = [
        Binding("a", "add", t("close.add"), id="close.add"),
        Binding("e,enter", "edit", t("common.edit"), key_display="e", id="close.edit"),
        Binding("x", "done", t("close.done"), id="close.done"),
        Binding("r", "drop", t("close.drop"), id="close.drop"),
        Binding("delete,d", "delete", t("common.delete"), key_display="Del", id="close.delete"),
        Binding("u", "screen.undo", t("common.undo"), show=False, id="close.undo"),
        Binding("n", "schedule", t("close.to_schedule"), id="close.schedule"),
    ]

    def _panel(self) -> ClosePanel:
        return cast("ClosePanel", self.query_ancestor("ClosePanel"))

    def action_add(self) -> None:
        self._panel().add_homework()

    def action_edit(self) -> None:
        self._panel().edit_homework()

    def action_done(self) -> None:
        self._panel().toggle_done()

    def action_drop(self) -> None:
        self._panel().drop_homework()

    def action_delete(self) -> None:
        self._panel().delete_homework()

    def action_schedule(self) -> None:
        self._panel().query_one("#next-date", Input).focus()

    def show(self, session: Session, select: str | None = None) -> None:
        """The session's homework by status, each with its owner, due, and where it came from."""
        meta = self.get_component_rich_style("homework--meta")
        groups: dict[str, list[Homework]] = {k: [] for k in HOMEWORK_ORDER}
        for hw in session.homework:
            groups.setdefault(hw.status, []).append(hw)
        rows: list[Row] = []
        for status in HOMEWORK_ORDER:
            items = groups[status]
            if not items:
                continue
            label = t("close.open_group") if status == "open" else HOMEWORK_STATUS_LABELS[status]
            rows.append(Row(None, Text(t("close.group", label=label, count=len(items))), sig=("h", status, len(items))))
            for hw in items:
                text = Text.assemble((t("close.bullet"), meta), literal(hw.text))
                details: list[Text] = [Text.assemble((t("close.owner"), meta),
                                                     literal(hw.owner) if hw.owner else (t("close.owner_unset"), meta))]
                if hw.due:
                    details.append(Text.assemble((t("close.due"), meta), literal(due_text(hw.due))))
                if hw.from_session:
                    details.append(Text(t("close.carried"), style=meta))
                text.append(t("close.details_open"))
                text.append_text(Text(t("close.details_gap")).join(details))
                if hw.status == "dropped" and hw.reason:
                    text.append_text(Text.assemble((t("close.reason"), meta), literal(hw.reason)))
                sig = (hw.text, hw.owner, hw.due, hw.status, hw.reason, hw.from_session)
                rows.append(Row(hw.id, text, sig=sig, indent=1,
                                style="" if status == "open" else "homework--closed"))
        self.set_rows(rows, keep=select)
        open_count = len(groups["open"])
        self.border_title = t("close.list_title", count=open_count)
