"""The board itself (BoardView): the vision, the quick-add field and the three columns, and what
the keys do to the cards — in the board screen and in the "board" step panel alike."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Input, Select, Static

from facilitator.board import (
    COLUMN_LABELS,
    COLUMN_SHORT,
    COLUMNS,
    SOLVABLE_LABELS,
    BoardRules,
    category_label,
    department_label,
    group_by_category,
    group_lack,
    meaning_label,
    new_mark,
    uncategorised_label,
    unsorted_label,
)
from facilitator.i18n import Labels, t
from facilitator.meeting import KIND_LABELS, Meeting, RuleError
from facilitator.model import BoardItem
from screens.board.column import EMPTY_TEXT, EMPTY_TEXT_SHORT, BoardColumn, card_marks
from screens.form import FormField, FormResult, FormScreen
from screens.panels.base import MeetingChanged
from screens.pick import Linked, LinkScreen, Picked, PickScreen
from screens.ui_text import editable, literal, one_line
from screens.widgets.quick_input import QuickInput
from screens.widgets.row_list import Row

T = TypeVar("T")

# Below this width (cells) the board uses short column headings and hides the quick-add category.
NARROW_WIDTH = 100

LACK_HEADINGS_SHORT = Labels({
    "ourselves": "board.ourselves",
    "municipality": "board.to_office",
    "unsorted": "board_rules.unsorted",
})
LACK_HEADINGS = Labels({
    "ourselves": "board_rules.solvable_ourselves",
    "municipality": "board_rules.solvable_municipality",
    "unsorted": "board_rules.unsorted",
})


# ---------------------------------------------------------------------------------------
# Undo: one stack per meeting, shared by the board screen and the board step panel, so a
# deletion can be undone after the board was closed and opened again.


@dataclass
class UndoEntry:
    label: str  # shown when undone: 「公園」の削除
    undo: Callable[[], str | None]  # puts it back; the id of the card to select


_UNDO: WeakKeyDictionary[Meeting, list[UndoEntry]] = WeakKeyDictionary()


def undo_stack(meeting: Meeting) -> list[UndoEntry]:
    return _UNDO.setdefault(meeting, [])


def short(text: str, limit: int = 20) -> str:
    return one_line(text, limit)



class BoardView(Vertical):
    """Vision, quick-add and the three columns. Posts MeetingChanged after every change."""

    BINDINGS = [
        Binding("f3", "cycle_target", t("board.target"), key_display="F3", id="board.target"),
        Binding("ctrl+g", "toggle_group", t("board.by_category"), key_display="^g", id="board.group"),
        Binding("ctrl+r", "undo", t("common.undo"), key_display="^r", show=False, id="board.undo"),
    ]

    def __init__(self, meeting: Meeting, *, read_only: bool = False, id: str | None = None) -> None:
        super().__init__(id=id, classes="board-view")
        self.meeting = meeting
        self.rules = BoardRules(meeting)
        self.read_only = read_only
        self.target = "have"
        self.grouped = False
        self.narrow = False
        self._rows: dict[str, tuple[Hashable, Row]] = {}
        self._style_gen = 0  # part of every row's signature: new styles, new wraps
        self._category_options: list[str] = []

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(Text(t("board.vision_ask")), id="board-ask")
        with Horizontal(id="board-vision-row"):
            yield Static(Text(t("board.vision")), id="board-vision-label")
            yield Input(
                editable(self.rules.board.vision, multiline=False),
                placeholder=t("board.vision_placeholder"),
                id="board-vision",
                compact=True,
                select_on_focus=False,
                disabled=self.read_only,
            )
        with Horizontal(id="board-add-row"):
            yield Static(id="board-target")
            yield QuickInput(placeholder=t("board.add_placeholder"), id="board-add", compact=True,
                             disabled=self.read_only)
            yield Select([], id="board-add-category", prompt=t("board.category_prompt"), allow_blank=True,
                         compact=True)
        with Horizontal(id="board-headings"):
            for column in COLUMNS:
                yield Static(id=f"board-heading-{column}", classes=f"board-heading heading-{column}")
        with Horizontal(id="board-columns"):
            for column in COLUMNS:
                yield BoardColumn(column, id=f"board-{column}")

    def on_mount(self) -> None:
        self.sync()

    def focus_first(self) -> None:
        """The vision field when the vision is empty, otherwise the quick-add field."""
        target = "#board-vision" if not self.rules.board.vision.strip() else "#board-add"
        self.query_one(target, Input).focus()

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW_WIDTH
        if narrow != self.narrow:
            self.narrow = narrow
            self.set_class(narrow, "-narrow")
            self._sync_headings()
            self._sync_target()
            self._sync_ask()
            for column in COLUMNS:
                self.column_widget(column).empty_text = (EMPTY_TEXT_SHORT if narrow else EMPTY_TEXT)[column]
            self.sync(columns=("lack",))

    def column_widget(self, column: str) -> BoardColumn:
        return self.query_one(f"#board-{column}", BoardColumn)

    # -- rendering -----------------------------------------------------------------------------
    def restyle(self) -> None:
        """Build every row again (their styles changed, e.g. projection mode)."""
        self._rows.clear()
        self._style_gen += 1
        self.sync()

    def sync(self, *, select: str | None = None, columns: Iterable[str] = COLUMNS) -> None:
        """Re-render from the model: the columns named (all by default), headings, vision ask."""
        cards: dict[str, list[BoardItem]] = {c: [] for c in COLUMNS}
        for item in self.rules.items:
            cards.setdefault(item.column, []).append(item)
        for column in columns:
            widget = self.column_widget(column)
            keep = select if select is not None and any(i.id == select for i in cards[column]) else None
            widget.set_rows(self._column_rows(column, cards[column]), keep=keep)
        self._sync_headings(cards)
        self._sync_ask()
        self._sync_target()
        self._sync_categories()

    def _sync_ask(self) -> None:
        ask = self.query_one("#board-ask", Static)
        ask.display = not self.rules.board.vision.strip()
        ask.update(Text(t("board.vision_ask_short") if self.narrow else t("board.vision_ask")))

    def _sync_target(self) -> None:
        label = COLUMN_SHORT[self.target]
        text = Text.assemble((t("board.target_label"), "bold"), (label, "bold reverse"), " ")
        self.query_one("#board-target", Static).update(text)
        self.query_one("#board-add", Input).placeholder = t("board.add_placeholder_to", column=label)
        for column in COLUMNS:
            self.query_one(f"#board-heading-{column}").set_class(column == self.target, "-target")

    def _sync_headings(self, cards: dict[str, list[BoardItem]] | None = None) -> None:
        if cards is None:
            cards = {c: self.rules.column(c) for c in COLUMNS}
        sid = self.rules.session.id
        for column in COLUMNS:
            items = cards.get(column, [])
            new = sum(1 for i in items if i.since == sid)
            label = COLUMN_SHORT[column] if self.narrow else COLUMN_LABELS[column]
            self.query_one(f"#board-heading-{column}", Static).update(
                Text.assemble((label, "bold"), f" {len(items)}")
            )
            # What is new this time, on the column's bottom edge: 「新 3」.
            self.column_widget(column).border_subtitle = t("board.new_count", mark=new_mark(), count=new) if new else ""

    def _sync_categories(self) -> None:
        options = self.rules.categories()
        if options == self._category_options:
            return
        self._category_options = options
        select = self.query_one("#board-add-category", Select)
        keep = select.value
        select.set_options([(Text(category_label(c)), c) for c in options])
        if keep in options:
            select.value = keep

    def _column_rows(self, column: str, items: list[BoardItem]) -> list[Row]:
        rows: list[Row] = []
        if self.grouped:
            for category, group in group_by_category(self.rules.board, items):
                title = literal(category_label(category)) if category else Text(uncategorised_label())
                rows.append(self._heading_row(title, len(group)))
                rows.extend(self._card_row(i, show_category=False) for i in group)
        elif column == "lack" and any(i.solvable for i in items):
            for key, group in group_lack(items):
                heading = (LACK_HEADINGS_SHORT if self.narrow else LACK_HEADINGS)[key]
                rows.append(self._heading_row(Text(heading), len(group)))
                rows.extend(self._card_row(i, show_category=True, show_sorting=key == "municipality") for i in group)
        else:
            rows.extend(self._card_row(i, show_category=True) for i in items)
        return rows

    @staticmethod
    def _heading_row(title: Text, count: int) -> Row:
        text = Text.assemble(t("board.heading_open"), title, t("board.heading_close", count=count))
        return Row(key=None, text=text, sig=("h", text.plain))

    def _card_row(self, item: BoardItem, *, show_category: bool, show_sorting: bool = True) -> Row:
        rules = self.rules
        new = rules.is_new(item)
        haves: list[str] = []
        lack: str | None = None
        problem: str | None = None
        if item.column == "makeshift":
            linked_haves, linked_lack = rules.linked(item)
            haves = [h.text for h in linked_haves]
            lack = linked_lack.text if linked_lack else None
            problem = rules.link_problem(item)
        done = []
        if rules.homework_of(item) is not None:
            done.append(t("board.done_homework"))
        if rules.idea_of(item) is not None:
            done.append(t("board.done_idea"))
        sig = (item.column, item.text, new, item.category if show_category else None, tuple(item.meanings),
               item.solvable if show_sorting else None, item.department, tuple(haves), lack, problem,
               tuple(done), self._style_gen)
        cached = self._rows.get(item.id)
        if cached is not None and cached[0] == sig:
            return cached[1]
        widget = self.column_widget(item.column)
        meta_style = widget.get_component_rich_style("board--meta")
        text = Text()
        new_text, old_text, _ = card_marks()
        if new:
            mark = new_mark()
            text.append(mark, widget.get_component_rich_style("board--new"))
            text.append(new_text[len(mark):])
        else:
            text.append(old_text)
        text.append_text(literal(item.text))
        meta: list[Text] = []
        if show_category and item.category:
            meta.append(Text.assemble(t("board.category_open"), literal(category_label(item.category)),
                                      t("board.category_close")))
        if item.column == "have" and item.meanings:
            meanings = t("board.list_separator").join(meaning_label(m) for m in item.meanings)
            meta.append(Text.assemble(t("board.meanings_label"), literal(meanings)))
        if item.column == "lack" and show_sorting:
            if item.solvable == "ourselves":
                meta.append(Text(t("board.ourselves")))
            elif item.solvable == "municipality":
                meta.append(literal(department_label(item.department)))
        lines = [Text(" ").join(meta)] if meta else []
        if item.column == "makeshift":
            if haves:
                lines.append(Text.assemble(t("board.uses"), literal(t("board.uses_separator").join(haves))))
            if lack:
                lines.append(Text.assemble(t("board.makes_up_for"), literal(lack)))
        for line in lines:
            line.stylize(meta_style)
            text.append("\n")
            text.append_text(line)
        if problem:
            text.append("\n")
            text.append(t("board.problem", problem=problem), widget.get_component_rich_style("board--warn"))
        if done:
            text.append("\n")
            text.append(t("board.list_separator").join(done), widget.get_component_rich_style("board--done"))
        row = Row(key=item.id, text=text, sig=sig)
        self._rows[item.id] = (sig, row)
        return row

    # -- changes ---------------------------------------------------------------------------------
    def apply(self, rule: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Call a board rule; a refusal becomes a message on screen, never a crash."""
        if self.read_only:
            self.app.notify(t("common.read_only"), severity="warning", markup=False)
            return None
        before = self.meeting.version
        try:
            result = rule(*args, **kwargs)
        except (RuleError, ValueError) as e:
            self.app.notify(one_line(str(e)), severity="warning", markup=False)
            return None
        if self.meeting.version != before:
            self.post_message(MeetingChanged())
        return result

    def push_undo(self, label: str, undo: Callable[[], str | None]) -> None:
        undo_stack(self.meeting).append(UndoEntry(label, undo))

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

    def action_cycle_target(self) -> None:
        self.target = COLUMNS[(COLUMNS.index(self.target) + 1) % len(COLUMNS)]  # type: ignore[arg-type]
        self._sync_target()

    def action_toggle_group(self) -> None:
        self.grouped = not self.grouped
        self.sync()
        self.app.notify(t("board.grouped") if self.grouped else t("board.ungrouped"), markup=False)

    def action_undo(self) -> None:
        stack = undo_stack(self.meeting)
        if not stack:
            self.app.notify(t("common.nothing_to_undo"), markup=False)
            return
        if self.read_only:
            return
        entry = stack.pop()
        before = self.meeting.version
        select = entry.undo()
        if self.meeting.version != before:
            self.post_message(MeetingChanged())
        self.sync(select=select)
        self.app.notify(t("board.undone", label=entry.label), markup=False)

    def focus_column(self, column: str, delta: int) -> None:
        i = COLUMNS.index(column)  # type: ignore[arg-type]
        if 0 <= i + delta < len(COLUMNS):
            # At once (not after a refresh), so keys typed quickly follow the focus.
            self.screen.set_focus(self.column_widget(COLUMNS[i + delta]))

    def current(self) -> BoardItem | None:
        focused = self.screen.focused
        widget = focused if isinstance(focused, BoardColumn) else None
        if widget is None:
            return None
        key = widget.cursor_key
        return next((i for i in self.rules.items if i.id == key), None) if key else None

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
            self.app.notify(
                t("board.moved", text=short(text), column=COLUMN_SHORT[column],
                  dropped=t("board.list_separator").join(moved.dropped)),
                markup=False,
            )

    def delete(self) -> None:
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
        self.app.notify(t("board.deleted", text=short(removed.item.text)), markup=False)

    def to_homework(self) -> None:
        item = self.current()
        if item is None:
            return
        hw = self.apply(self.rules.to_homework, item.id)
        if hw is not None:
            self.sync(select=item.id, columns=("lack",))
            self.app.notify(t("board.made_homework", text=short(hw.text)), markup=False)

    def to_idea(self) -> None:
        item = self.current()
        if item is None:
            return
        idea = self.apply(self.rules.to_idea, item.id)
        if idea is not None:
            self.sync(select=item.id, columns=("lack",))
            self.app.notify(t("board.made_idea", text=short(idea.text), kind=KIND_LABELS[idea.kind]), markup=False)

    # -- forms and choices -----------------------------------------------------------------------
    def edit(self) -> None:
        item = self.current()
        if item is None:
            return
        fields = [
            FormField("text", t("board.field_text"), item.text),
            FormField("category", t("board.field_category"), item.category or "",
                      options=[(category_label(c), c) for c in self.rules.categories()]),
        ]

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            self.apply(self.rules.set_text, item.id, result["text"])
            self.apply(self.rules.set_category, item.id, result["category"] or None)
            self.sync(select=item.id, columns=(item.column, "makeshift"))

        self.app.push_screen(FormScreen(t("board.edit_title", column=COLUMN_SHORT[item.column]), fields), done)

    def choose_category(self) -> None:
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

    def choose_meanings(self) -> None:
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

    def choose_sorting(self) -> None:
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
        options.append((t("board.sort_back", unsorted=unsorted_label()), (None, "")))
        current = {"ourselves": ("ourselves", ""), "municipality": ("municipality", item.department or "")}
        screen = PickScreen(
            t("board.sort_title", text=short(item.text)),
            options,
            selected=[current.get(item.solvable or "", (None, ""))],
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
            self.apply(self.rules.sort_lack, item.id, solvable, dept or None)
            self.sync(select=item.id, columns=("lack",))

        self.app.push_screen(screen, done)

    def choose_links(self) -> None:
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
