"""確認が必要な値: the values a merge could not keep, one by one, for the SC to settle.

A modal over the meeting screen (Ctrl+G, the command palette, or the header's 「確認が必要 N件」).
Each conflict is said as sentences (``facilitator.conflicts.describe``): which item, the value
kept now, the other value and whose change it was. F2 keeps the current value, F3 takes the
other one — through the meeting's rules (``Meeting.keep_current`` / ``take_other``), so the
change is counted, saved and merged like any edit. Keys on the list are function keys: a letter
typed here changes nothing. Dismisses with True when something was settled, so the meeting
screen saves and refreshes its step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from facilitator.conflicts import describe
from facilitator.i18n import t
from facilitator.meeting import Meeting, RuleError
from facilitator.model import Conflict
from screens.ui_text import literal, one_line
from screens.widgets.folded_static import FoldedStatic
from screens.widgets.footer import Footer


class ConflictsDialog(ModalScreen[bool]):
    CSS_PATH = ["conflicts_dialog.tcss"]
    BINDINGS = [
        Binding("f2", "keep_current", t("conflicts.keep_current"), id="conflicts.keep_current",
                tooltip=t("conflicts.keep_current_tooltip")),
        Binding("f3", "take_other", t("conflicts.take_other"), id="conflicts.take_other",
                tooltip=t("conflicts.take_other_tooltip")),
        Binding("escape", "close", t("help.close"), id="conflicts.close"),
    ]

    def __init__(self, meeting: Meeting, *, names: Mapping[str, str] | None = None,
                 on_settled: Callable[[], None] | None = None) -> None:
        """``names``: writer tokens the app knows a person or PC for (presence); ``on_settled``:
        called after each conflict settled, so the screen beneath follows at once (its header's
        count, the field the value belongs in)."""
        super().__init__(classes="conflicts-dialog")
        self.meeting = meeting
        self.names = names
        self.on_settled = on_settled
        self.changed = False
        self._shown: list[Conflict] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="conflicts"):
            yield Label(Text(t("conflicts.title")), classes="form-title")
            yield FoldedStatic(id="conflicts-intro")
            yield OptionList(id="conflicts-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#conflicts-intro", FoldedStatic).show(Text(t("conflicts.intro")))
        self.sync()
        self.query_one(OptionList).focus()

    def sync(self) -> None:
        """The list from the session's conflicts now (the highlight kept where it was)."""
        options = self.query_one(OptionList)
        keep = options.highlighted or 0
        self._shown = self.meeting.conflicts()
        options.clear_options()
        if not self._shown:
            options.add_option(Option(Text(t("conflicts.none")), disabled=True))
            self.refresh_bindings()
            return
        me = self.meeting.writer
        for n, conflict in enumerate(self._shown):
            view = describe(self.meeting.session, conflict, me=me, names=self.names)
            text = Text.assemble(literal(view.item, "bold"), "\n  ", (t("conflicts.current"), "dim"),
                                 literal(view.current), "\n  ", (t("conflicts.other"), "dim"),
                                 literal(view.other), "\n  ", literal(t("conflicts.source_note", source=view.source), "dim"))
            if n < len(self._shown) - 1:
                text.append("\n")  # a blank line between two conflicts
            options.add_option(Option(text, id=str(n)))
        options.highlighted = min(keep, len(self._shown) - 1)
        self.refresh_bindings()

    def _current(self) -> Conflict | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self._shown):
            return None
        return self._shown[index]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("keep_current", "take_other"):
            return bool(self._shown)
        return True

    def _settle(self, rule: Callable[[Conflict], None], said: str) -> None:
        conflict = self._current()
        if conflict is None:
            return
        try:
            rule(conflict)
        except RuleError as e:
            self.notify(one_line(str(e)), severity="warning", markup=False)
            return
        self.changed = True
        self.notify(said, markup=False)
        self.sync()
        if self.on_settled is not None:
            self.on_settled()

    def meeting_adopted(self) -> None:
        """Another window's save came in (the meeting screen calls this on the screen on top):
        a conflict settled there leaves the list here too."""
        self.sync()

    def action_keep_current(self) -> None:
        self._settle(self.meeting.keep_current, t("conflicts.kept_current"))

    def action_take_other(self) -> None:
        self._settle(self.meeting.take_other, t("conflicts.took_other"))

    def action_close(self) -> None:
        self.dismiss(self.changed)
