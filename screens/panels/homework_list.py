"""The close panel's homework list (継続協議) and its rows: open first, then done, then dropped."""

from __future__ import annotations

from rich.text import Text

from facilitator.i18n import t
from facilitator.meeting import HOMEWORK_STATUS_LABELS
from facilitator.model import Homework, Session
from screens.panels.item_text import due_text
from screens.ui_text import literal
from screens.widgets.row_list import Row, RowList

HOMEWORK_ORDER = ("open", "done", "dropped")


class HomeworkList(RowList):
    """The homework (継続協議): open first. The close panel's keys act on the item under the cursor."""

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {"homework--meta", "homework--closed"}

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
