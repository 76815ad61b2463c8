"""What every step panel shares: the meeting it works on, how it reports changes and refusals."""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, TextArea

from facilitator.i18n import t
from facilitator.meeting import Meeting, RuleError
from facilitator.meeting.core import WHAT
from facilitator.model import Conflict, Step
from facilitator.store import Store
from facilitator.undo import UndoStack
from screens.form import FormResult
from screens.messages import MeetingChanged
from screens.typing import put_text, refuse_typing
from screens.ui_text import one_line
from screens.widgets.row_list import RowList

T = TypeVar("T")

STEPS_UNDO = "steps"  # the undo entries of the step panels: the meeting screen's Ctrl+R


def place_of(items: list[Any], item: Any) -> int | None:
    """Where ``item`` is in ``items`` (None: not there): an edit form remembers it, to bring its
    item back there if another window deletes it meanwhile (``StepPanel.bring_back``)."""
    return next((n for n, x in enumerate(items) if x is item), None)


class StepPanel(Vertical):
    """A panel runs one step. It reads the meeting, calls its rules and renders the result.

    Subclasses set PANEL (the template's panel name), compose their widgets, and implement
    ``sync`` (re-render from the model) and ``focus_first``.

    Keys: the commands on a list's items are bindings of the panel (ids and tooltips) on modifier
    or function keys, never on printable keys, shown while that list has the focus: the panel's
    ``check_action`` says so with ``list_has_focus``. The lists themselves hold no command keys.
    Typing: a panel is a ``TypingTarget`` (screens/typing.py): what is typed on its lists (or
    anywhere in the step outside a text field) lands in ``typing_field``, or in the form that
    ``type_text`` opens in a panel without a free-text field of its own.
    """

    PANEL = ""
    # Keys that are not bindings (Enter in a field, Tab order), shown first in the F1 help.
    HELP_NOTES: list[tuple[str, str]] = []
    # The ids of the Inputs whose unsubmitted text is kept as a draft (screens/drafts.py): fields
    # typed into and submitted with Enter. Fields that save to the session as they are typed (the
    # 総評 TextArea, the next meeting's date) need none.
    DRAFT_FIELDS: tuple[str, ...] = ()

    def __init__(self, meeting: Meeting, step: Step, *, read_only: bool = False,
                 undo: UndoStack | None = None, store: Store | None = None) -> None:
        """``undo``: the meeting screen's undo stack (a panel alone gets one of its own);
        ``store``: where other sessions are read from (the recap reads the previous one)."""
        super().__init__(classes=f"step-panel panel-{self.PANEL}")
        self.meeting = meeting
        self.step = step
        self.read_only = read_only
        self.store = store
        self.undo = undo if undo is not None else UndoStack()

    @property
    def session(self):  # type: ignore[no-untyped-def]
        return self.meeting.session

    def sync(self) -> None:
        """Re-render from the model (after an undo, a reload, or another panel's change)."""

    def conflicts_settled(self, settled: list[Conflict]) -> None:
        """These conflicts were settled (here or in another window): a field of the panel that
        shows one of their places takes the session's value now, even while typed in."""

    def say_nothing_selected(self) -> None:
        """An item key pressed with no item under the cursor (a group heading, an empty list):
        said, not silently ignored."""
        self.notify(t("common.nothing_selected"), markup=False)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def on_unmount(self) -> None:
        self.app.theme_changed_signal.unsubscribe(self)

    def _theme_changed(self, _theme: object) -> None:
        """Rows are built with the styles of the theme in use: build them again."""
        rows = getattr(self, "_rows", None)
        if isinstance(rows, dict):
            rows.clear()
        for row_list in self.query(RowList):  # and the lines they were wrapped into
            row_list.forget_wraps()
        self.sync()

    def focus_first(self) -> None:
        """Put the focus where the facilitator types first when the step opens."""
        self.focus_next()

    # -- keys and typing -----------------------------------------------------------------------
    def list_has_focus(self, *lists: type[Widget]) -> bool:
        """Whether one of the panel's widgets of these types (its lists) has the focus: a
        binding acting on a list's item is shown and works only then (``check_action``)."""
        focused = self.screen.focused
        return focused is not None and isinstance(focused, lists) and self in focused.ancestors

    def typing_field(self) -> Input | TextArea | None:
        """The field a sentence typed outside a text field lands in; None when the panel opens a
        form instead (it overrides ``type_text``)."""
        return None

    def type_text(self, text: str) -> None:
        """``TypingTarget``: text typed on the step's lists, buttons or selects goes to its field."""
        if not self.writable_for_typing():
            return
        field = self.typing_field()
        if field is not None:
            put_text(field, text)

    def writable_for_typing(self) -> bool:
        """False (and said once for a burst of keys) when the step is read-only."""
        if self.read_only:
            refuse_typing(self)
        return not self.read_only

    def apply(self, rule: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Call a meeting rule; a refusal becomes a message on screen, never a crash."""
        if self.read_only:
            self.notify(t("common.read_only"), severity="warning", markup=False)
            return None
        try:
            result = rule(*args, **kwargs)
        except (RuleError, ValueError) as e:
            self.notify(one_line(str(e)), severity="warning", markup=False)
            return None
        self.post_message(MeetingChanged())
        return result

    def keep_overwritten(self, result: FormResult, paths: dict[str, str]) -> None:
        """Another writer's values an edit form wrote over (``FormResult.fresh``: both changed the
        same field, and no line merge could keep both): kept in the session's conflicts under
        ``paths[key]`` (``ideas/<id>/text`` …), never silently dropped."""
        for key, value in result.overwritten.items():
            if key in paths and value:
                self.apply(self.meeting.keep_unmerged_text, paths[key], value)

    def bring_back(self, what: str, item: Any, index: int | None) -> None:
        """Before an edit form's values are written: its item (``what``: "idea", "issue" …) was
        deleted in another window while the form was open. It goes back at ``index`` (its place
        when the form opened; None: it was not in the session then, nothing is done) so nothing
        typed is lost; said, and Ctrl+R takes it out again."""
        if index is None or self.apply(self.meeting.bring_back, what, item, index) is not True:
            return
        self.undo.push(STEPS_UNDO, t("sharing.brought_back_label", what=WHAT[what]),
                       lambda: self.meeting.take_back(what, item.id))
        self.call_later(self.notify, t("sharing.brought_back", what=WHAT[what]), markup=False)

    def offer_undo(self, label: str, restore: Callable[[], None]) -> None:
        """A deletion the meeting screen's Ctrl+R can undo: ``label`` names it in the messages,
        ``restore`` puts it back."""
        self.undo.push(STEPS_UNDO, label, restore)
        # Said after whatever the panel says about the change itself.
        self.call_later(self.notify, t("meeting.deleted", label=one_line(label, 40)), markup=False)
