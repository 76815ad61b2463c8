"""BoardView: the board with its keys and what they change — add, move, delete, undo, the dialogs.

The keys acting on a card are bindings here, not on the columns: each is shown and works while a
column has the focus (and only in the columns it fits: 意味づけ on あるもの …), see
``check_action``. No printable key acts on a card: typing on a column goes to the quick-add field
(``type_text``, screens/typing.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual import on
from textual.binding import Binding
from textual.widgets import Input, Select

from facilitator.board import (
    COLUMN_SHORT,
    COLUMNS,
    SOLVABLE_LABELS,
    category_label,
    department_label,
    meaning_label,
    unsorted_label,
)
from facilitator.i18n import t
from facilitator.meeting import KIND_LABELS, Meeting, RuleError
from facilitator.undo import UndoStack
from screens.board.column import BoardColumn
from screens.board.layout import BoardLayout
from screens.form import FormField, FormResult, FormScreen
from screens.messages import MeetingChanged
from screens.pick import Linked, LinkScreen, Picked, PickScreen
from screens.typing import put_text, refuse_typing
from screens.ui_text import editable, one_line

T = TypeVar("T")


# The board's undo entries (deletions and moves; Ctrl+R or u on the board): in the meeting's
# stack, shared by the board screen and the board step panel, so a deletion can be undone after
# the board was closed and opened again.
BOARD_UNDO = "board"


def short(text: str, limit: int = 20) -> str:
    return one_line(text, limit)


class BoardView(BoardLayout):
    """Vision, quick-add and the three columns. Posts MeetingChanged after every change."""

    # The tooltips are the F1 help's explanations too.
    BINDINGS = [
        # On the card under the cursor, while a column has the focus (CARD_ACTIONS, check_action).
        Binding("enter", "edit", t("common.edit"), key_display="Enter", id="board.edit", tooltip=t("board.help_edit")),
        Binding("shift+right", "move_by(1)", t("board.move"), key_display="⇧←→", id="board.move",
                tooltip=t("board.help_move")),
        Binding("shift+left", "move_by(-1)", t("board.move_left"), key_display="⇧←", show=False,
                id="board.move_left", tooltip=t("board.help_move")),
        Binding("left", "focus_column(-1)", t("board.column_left"), key_display="←", show=False,
                id="board.column_left", tooltip=t("board.help_columns")),
        Binding("right", "focus_column(1)", t("board.column_right"), key_display="→", show=False,
                id="board.column_right", tooltip=t("board.help_columns")),
        Binding("ctrl+k", "category", t("board.category"), id="board.category", tooltip=t("board.help_category")),
        Binding("ctrl+e", "meanings", t("board.meanings"), id="board.meanings", tooltip=t("board.help_meanings")),
        Binding("ctrl+e", "links", t("board.links"), id="board.links", tooltip=t("board.help_links")),
        Binding("ctrl+e", "sort", t("board.sort"), id="board.sort", tooltip=t("board.help_sort")),
        Binding("ctrl+y", "homework", t("board.to_homework"), id="board.homework",
                tooltip=t("board.help_homework")),
        Binding("ctrl+a", "idea", t("board.to_idea"), id="board.idea", tooltip=t("board.help_idea")),
        Binding("ctrl+x", "resolve", t("board.resolve"), id="board.resolve", tooltip=t("board.help_resolve")),
        Binding("delete", "delete", t("common.delete"), key_display="Del", id="board.delete",
                tooltip=t("board.help_delete")),
        Binding("f3", "cycle_target", t("board.target"), key_display="F3", id="board.target",
                tooltip=t("board.help_target")),
        Binding("ctrl+g", "toggle_group", t("board.by_category"), key_display="^g", id="board.group",
                tooltip=t("board.help_group")),
        Binding("ctrl+r", "undo", t("common.undo"), key_display="^r", show=False, id="board.undo",
                tooltip=t("board.help_undo")),
    ]
    # action → the columns whose cards it acts on (None: every column's)
    CARD_ACTIONS: dict[str, tuple[str, ...] | None] = {
        "edit": None, "move_by": None, "focus_column": None, "category": None, "delete": None,
        "meanings": ("have",), "links": ("makeshift",), "sort": ("lack",), "homework": ("lack",), "idea": ("lack",),
        "resolve": ("lack",),
    }

    def __init__(self, meeting: Meeting, *, undo: UndoStack, read_only: bool = False,
                 id: str | None = None) -> None:
        """``undo``: the meeting's undo stack (the board's entries are BOARD_UNDO's)."""
        super().__init__(meeting, read_only=read_only, id=id)
        self.undo = undo

    # -- keys and typing --------------------------------------------------------------------------
    def focused_column(self) -> BoardColumn | None:
        focused = self.screen.focused
        return focused if isinstance(focused, BoardColumn) and self in focused.ancestors else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action not in self.CARD_ACTIONS:
            return True
        column = self.focused_column()
        columns = self.CARD_ACTIONS[action]
        return column is not None and (columns is None or column.column in columns)

    def type_text(self, text: str) -> None:
        """``TypingTarget``: typed on a column (or the category select), into the quick-add field."""
        if self.read_only:
            refuse_typing(self)
            return
        put_text(self.query_one("#board-add", Input), text)

    def action_move_by(self, delta: int) -> None:
        column = self.focused_column()
        if column is None:
            return
        i = COLUMNS.index(column.column)  # type: ignore[arg-type]
        if 0 <= i + delta < len(COLUMNS):
            self.move(column, COLUMNS[i + delta])

    def action_focus_column(self, delta: int) -> None:
        column = self.focused_column()
        if column is not None:
            self.focus_column(column.column, delta)

    # -- changes ---------------------------------------------------------------------------------
    def apply(self, rule: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Call a board rule; a refusal becomes a message on screen, never a crash."""
        if self.read_only:
            self.notify(t("common.read_only"), severity="warning", markup=False)
            return None
        before = self.meeting.version
        try:
            result = rule(*args, **kwargs)
        except (RuleError, ValueError) as e:
            self.notify(one_line(str(e)), severity="warning", markup=False)
            return None
        if self.meeting.version != before:
            self.post_message(MeetingChanged())
        return result

    def push_undo(self, label: str, undo: Callable[[], str | None]) -> None:
        self.undo.push(BOARD_UNDO, label, undo)

    @on(Input.Changed, "#board-vision")
    def _vision_changed(self, event: Input.Changed) -> None:
        event.stop()
        vision = self.rules.board.vision
        if self.read_only or event.value in (vision, editable(vision, multiline=False)):
            return  # (shown without its control characters: not a change by itself)
        self.apply(self.rules.set_vision, event.value)

    @on(Input.Submitted, "#board-vision")
    def _vision_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._sync_ask()
        if self.rules.board.vision.strip():
            self.query_one("#board-add", Input).focus()

    @on(Input.Submitted, "#board-add")
    def _quick_add(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            return
        category = self.query_one("#board-add-category", Select).value
        item = self.apply(self.rules.add, event.value, self.target,
                          category=category if isinstance(category, str) and category else None)
        if item is not None:
            self.sync(select=item.id, columns=(item.column,))
        elif not event.input.value:
            event.input.value = event.value  # refused: the text comes back to be corrected

    def action_undo(self) -> None:
        if not self.undo.has(BOARD_UNDO):
            self.notify(t("common.nothing_to_undo"), markup=False)
            return
        if self.read_only:
            return
        entry = self.undo.pop(BOARD_UNDO)
        assert entry is not None
        before = self.meeting.version
        select = entry.undo()
        if self.meeting.version != before:
            self.post_message(MeetingChanged())
        self.sync(select=select)
        self.notify(t("board.undone", label=entry.label), markup=False)

    def move(self, widget: BoardColumn, column: str) -> None:
        item = self.current()
        if item is None:
            return
        moved = self.apply(self.rules.move, item.id, column)
        if moved is None:
            return
        text = item.text

        def undo() -> str | None:
            back = self.rules.undo_move(moved)
            return back.id if back else None

        self.push_undo(t("board.undo_move", text=short(text)), undo)
        self.sync(columns=(moved.column, column, "makeshift"))
        if moved.dropped:
            self.notify(
                t("board.moved", text=short(text), column=COLUMN_SHORT[column],
                  dropped=t("board.list_separator").join(moved.dropped)),
                markup=False,
            )

    def action_delete(self) -> None:
        item = self.current()
        if item is None:
            return
        removed = self.apply(self.rules.delete, item.id)
        if removed is None:
            return

        def undo() -> str | None:
            return self.rules.restore(removed).id

        self.push_undo(t("board.undo_delete", text=short(removed.item.text)), undo)
        self.sync()
        self.notify(t("board.deleted", text=short(removed.item.text)), markup=False)

    def action_homework(self) -> None:
        item = self.current()
        if item is None:
            return
        hw = self.apply(self.rules.to_homework, item.id)
        if hw is not None:
            self.sync(select=item.id, columns=("lack",))
            self.notify(t("board.made_homework", text=short(hw.text)), markup=False)

    def action_resolve(self) -> None:
        """A ないもの card: 解決 in this meeting, or not any more."""
        item = self.current()
        if item is not None and self.apply(self.rules.toggle_resolved, item.id) is not None:
            self.sync(select=item.id, columns=("lack",))

    def action_idea(self) -> None:
        item = self.current()
        if item is None:
            return
        idea = self.apply(self.rules.to_idea, item.id)
        if idea is not None:
            self.sync(select=item.id, columns=("lack",))
            self.notify(t("board.made_idea", text=short(idea.text), kind=KIND_LABELS[idea.kind]), markup=False)

    # -- forms and choices -----------------------------------------------------------------------
    def action_edit(self) -> None:
        item = self.current()
        if item is None:
            return
        fields = [
            FormField("text", t("board.field_text"), item.text),
            FormField("category", t("board.field_category"), item.category or "",
                      options=[(category_label(c), c) for c in self.rules.categories()]),
        ]

        at = next((n for n, x in enumerate(self.rules.items) if x is item), len(self.rules.items))

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            if self.apply(self.rules.bring_back, item, at):  # deleted in another window meanwhile
                self.push_undo(t("sharing.brought_back_label", what=t("sharing.card")), lambda: self.rules.take_back(item.id))
                self.call_later(self.notify, t("sharing.brought_back", what=t("sharing.card")), markup=False)
            # (what another writer changed while the form was open is kept: FormResult.fresh)
            self.apply(self.rules.set_text, item.id, result.fresh("text", item.text))
            self.apply(self.rules.set_category, item.id, result.fresh("category", item.category or "") or None)
            for key, value in result.overwritten.items():
                if key == "text" and value:
                    self.apply(self.meeting.keep_unmerged_text, f"board.items/{item.id}/text", value)
            self.sync(select=item.id, columns=(item.column, "makeshift"))

        self.app.push_screen(FormScreen(t("board.edit_title", column=COLUMN_SHORT[item.column]), fields), done)

    def action_category(self) -> None:
        item = self.current()
        if item is None:
            return
        options = [(category_label(c), c) for c in self.rules.categories()] + [(t("board.no_category"), "")]
        screen = PickScreen(
            t("board.category_title", text=short(item.text)),
            options,
            selected=[item.category or ""],
            add_placeholder=t("board.category_add"),
            hint=t("board.pick_one_hint"),
        )

        def done(result: Picked[str] | None) -> None:
            if result is None:
                return
            value = (result.added or result.values or [""])[0]
            self.apply(self.rules.set_category, item.id, value or None)
            self.sync(select=item.id, columns=(item.column,))

        self.app.push_screen(screen, done)

    def action_meanings(self) -> None:
        item = self.current()
        if item is None or item.column != "have":
            return
        screen = PickScreen(
            t("board.meanings_title", text=short(item.text)),
            [(meaning_label(m), m) for m in self.rules.meanings()],
            selected=item.meanings,
            multi=True,
            add_placeholder=t("board.meanings_add"),
            hint=t("board.pick_many_hint"),
        )

        def done(result: Picked[str] | None) -> None:
            if result is None:
                return
            self.apply(self.rules.set_meanings, item.id, [*result.values, *result.added])
            self.sync(select=item.id, columns=("have",))

        self.app.push_screen(screen, done)

    def action_sort(self) -> None:
        item = self.current()
        if item is None or item.column != "lack":
            return
        # (solvable, department): None for unsorted, "" for a department not decided
        options: list[tuple[str, tuple[str | None, str]]] = [(SOLVABLE_LABELS["ourselves"], ("ourselves", ""))]
        for dept in self.rules.departments():
            options.append((t("board.sort_to_department", solvable=SOLVABLE_LABELS["municipality"],
                              department=department_label(dept)), ("municipality", dept)))
        options.append((t("board.sort_department_unset", solvable=SOLVABLE_LABELS["municipality"]),
                        ("municipality", "")))
        if item.solvable is not None:  # (an unsorted card has nothing to go back to)
            options.append((t("board.sort_back", unsorted=unsorted_label()), (None, "")))
        current = {"ourselves": ("ourselves", ""), "municipality": ("municipality", item.department or "")}
        screen = PickScreen(
            t("board.sort_title", text=short(item.text)),
            options,
            # The card's sorting highlighted; an unsorted card starts on the first choice.
            selected=[current[item.solvable]] if item.solvable else [],
            add_placeholder=t("board.sort_add"),
            hint=t("board.sort_hint"),
            suggestions=self.rules.departments(),
        )

        def done(result: Picked[tuple[str | None, str]] | None) -> None:
            if result is None:
                return
            if result.added:
                solvable, dept = "municipality", result.added[0]
            else:
                solvable, dept = (result.values or [(None, "")])[0]
            before = (item.solvable, item.department)
            if self.apply(self.rules.sort_lack, item.id, solvable, dept or None) is None:
                return
            if (item.solvable, item.department) == before:  # Enter on the sorting it has: say so
                self.notify(t("board.sort_unchanged", text=short(item.text)), markup=False)
            self.sync(select=item.id, columns=("lack",))

        self.app.push_screen(screen, done)

    def action_links(self) -> None:
        item = self.current()
        if item is None or item.column != "makeshift":
            return
        haves, lack = self.rules.linked(item)
        screen: LinkScreen[str, str] = LinkScreen(
            t("board.links_title", text=item.text),
            hint=t("board.links_hint"),
            many_label=t("board.links_have"),
            many=[(i.text, i.id) for i in self.rules.column("have")],
            many_selected=[h.id for h in haves],
            one_label=t("board.links_lack"),
            one=[(i.text, i.id) for i in self.rules.column("lack")],
            one_selected=lack.id if lack else None,
        )

        def done(result: Linked[str, str] | None) -> None:
            if result is None:
                return
            self.apply(self.rules.set_links, item.id, result.many, result.one)
            self.sync(select=item.id, columns=("makeshift",))

        self.app.push_screen(screen, done)
