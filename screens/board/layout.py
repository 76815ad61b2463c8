"""BoardLayout: the board's widgets and how the meeting's cards are shown in them (no changes)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Input, Select, Static

from facilitator.board import (
    COLUMN_LABELS,
    COLUMN_SHORT,
    COLUMNS,
    BoardRules,
    category_label,
    department_label,
    group_by_category,
    group_lack,
    meaning_label,
    new_mark,
    uncategorised_label,
)
from facilitator.i18n import Labels, t
from facilitator.meeting import Meeting
from facilitator.model import BoardItem
from screens.board.column import EMPTY_TEXT, EMPTY_TEXT_SHORT, BoardColumn, card_marks
from screens.ui_text import editable, literal
from screens.widgets.in_order import InOrderInput
from screens.widgets.quick_input import QuickInput
from screens.widgets.row_list import Row

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


class BoardLayout(Vertical):
    """Vision, quick-add and the three columns, rendered from the model; BoardView adds what the
    keys change."""

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
            yield InOrderInput(
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
                         compact=True, type_to_search=False)  # typing goes to the card field
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
        if column == "lack" and any(i.solvable for i in items):
            # The 仕分け headings stay in the grouped view too: its categories go under them.
            for key, group in group_lack(items):
                heading = (LACK_HEADINGS_SHORT if self.narrow else LACK_HEADINGS)[key]
                rows.append(self._heading_row(Text(heading), len(group)))
                if self.grouped:
                    rows.extend(self._category_rows(group, indent=1, show_sorting=key == "municipality"))
                else:
                    rows.extend(self._card_row(i, show_category=True, show_sorting=key == "municipality")
                                for i in group)
        elif self.grouped:
            rows.extend(self._category_rows(items))
        else:
            rows.extend(self._card_row(i, show_category=True) for i in items)
        return rows

    def _category_rows(self, items: list[BoardItem], *, indent: int = 0, show_sorting: bool = True) -> list[Row]:
        """The cards under a heading for each category (Ctrl+G)."""
        rows: list[Row] = []
        for category, group in group_by_category(self.rules.board, items):
            title = literal(category_label(category)) if category else Text(uncategorised_label())
            rows.append(self._heading_row(title, len(group), indent=indent))
            rows.extend(self._card_row(i, show_category=False, show_sorting=show_sorting) for i in group)
        return rows

    @staticmethod
    def _heading_row(title: Text, count: int, *, indent: int = 0) -> Row:
        text = Text.assemble(t("board.heading_open"), title, t("board.heading_close", count=count))
        return Row(key=None, text=text, sig=("h", text.plain, indent), indent=indent)

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
        if item.column == "lack" and item.resolved_in:
            done.append(t("board.done_resolved"))
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

    # -- moving around -------------------------------------------------------------------------
    def action_cycle_target(self) -> None:
        self.target = COLUMNS[(COLUMNS.index(self.target) + 1) % len(COLUMNS)]  # type: ignore[arg-type]
        self._sync_target()

    def action_toggle_group(self) -> None:
        self.grouped = not self.grouped
        self.sync()
        self.notify(t("board.grouped") if self.grouped else t("board.ungrouped"), markup=False)

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
