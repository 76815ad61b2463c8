"""The あるもの/ないもの board: F4 from the meeting screen, or a template step (panel "board").

``BoardView`` is the whole board — the わがまちビジョン line, the quick-add field and the three
columns あるもの | あるものでないものをやりくりする | ないもの — and works the same inside
``BoardScreen`` (a full screen over the meeting; F4 or Esc goes back) and inside the "board" step
panel. Rules live in ``facilitator.board``; this module calls them and renders the result. Card
text is user text: it reaches widgets only as rich Text (``literal``), never as markup.

Columns are ``RowList``s (virtualised, wrapped rows), so a board of hundreds of cards stays fast:
a change rebuilds only the columns it touched, and rows are cached by what they show.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from rich.segment import Segment
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Label, OptionList, Select, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from facilitator.board import (
    COLUMN_LABELS,
    COLUMN_SHORT,
    COLUMNS,
    NEW_MARK,
    SOLVABLE_LABELS,
    UNCATEGORISED,
    UNSORTED_LABEL,
    BoardRules,
    department_label,
    group_by_category,
    group_lack,
)
from facilitator.meeting import Meeting, RuleError
from facilitator.model import BoardItem
from screens.form import FormField, FormResult, FormScreen
from screens.help import HelpScreen
from screens.meeting import SAVE_LABELS
from screens.panels.base import MeetingChanged
from screens.ui_text import editable, literal, one_line
from screens.widgets.quick_input import QuickInput
from screens.widgets.row_list import Row, RowList
from screens.widgets.timer import TimerView

T = TypeVar("T")

# Cards wrap with a hanging indent of this many cells (the width of 「新 」 and 「・ 」).
HANG = 3

# Below this width (cells) the board uses short column headings and hides the quick-add category.
NARROW_WIDTH = 100

VISION_ASK = (
    "まず、わがまちビジョンを決めましょう。「ある・ない」はビジョンによって変わります。"
    "（問い：10年後、どんな風に暮らしていきたいですか？）"
)
VISION_ASK_SHORT = "まず、わがまちビジョンを（どんなまちを目指す？）"
EMPTY_TEXT_SHORT = {"have": "入力して Enter", "makeshift": "F3 で追加先に", "lack": "F3 で追加先に"}
EMPTY_TEXT = {
    "have": "上の欄に入力して Enter",
    "makeshift": "F3 で追加先を「やりくり」に",
    "lack": "F3 で追加先を「ないもの」に",
}
LACK_HEADINGS_SHORT = {"ourselves": "自分たちで", "municipality": "役場へ", "unsorted": UNSORTED_LABEL}
LACK_HEADINGS = {
    "ourselves": SOLVABLE_LABELS["ourselves"],
    "municipality": SOLVABLE_LABELS["municipality"],
    "unsorted": UNSORTED_LABEL,
}


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


# ---------------------------------------------------------------------------------------
# A column


class BoardColumn(RowList):
    """One column of cards. Keys act on the card under the cursor."""

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {
        "board--new",
        "board--meta",
        "board--done",
        "board--warn",
    }
    BINDINGS = [
        Binding("e,enter", "edit", "編集", key_display="Enter", id="board.edit"),
        Binding("1", "move_to('have')", "移動", key_display="1/2/3", id="board.move"),
        Binding("2", "move_to('makeshift')", "やりくりへ移動", show=False),
        Binding("3", "move_to('lack')", "ないものへ移動", show=False),
        Binding("shift+left", "move_by(-1)", "左の列へ移動", show=False),
        Binding("shift+right", "move_by(1)", "右の列へ移動", show=False),
        Binding("left", "focus_column(-1)", "左の列", show=False),
        Binding("right", "focus_column(1)", "右の列", show=False),
        Binding("c", "category", "分類", id="board.category"),
        Binding("m", "meanings", "意味づけ", id="board.meanings"),
        Binding("s", "sort", "仕分け", id="board.sort"),
        Binding("l", "links", "組み合わせ", id="board.links"),
        Binding("h", "homework", "宿題へ", id="board.homework"),
        Binding("a", "idea", "アイデアへ", id="board.idea"),
        Binding("delete,d", "delete", "削除", key_display="Del", id="board.delete"),
        Binding("u", "undo", "元に戻す", show=False),
        Binding("g", "group", "分類でまとめる", show=False),
        Binding("i", "type", "入力へ", show=False, id="board.type"),
    ]

    def __init__(self, column: str, *, id: str | None = None) -> None:
        super().__init__(EMPTY_TEXT[column], id=id, classes=f"board-column column-{column}")
        self.column = column
        self._projection: bool | None = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Rows hold styles resolved when they were built: after projection mode is switched
        # (the screen's class, whoever switched it) the board builds them again.
        if self.is_mounted:
            projection = self.screen.has_class("projection")
            if self._projection is not None and projection != self._projection:
                self.call_later(self._view().restyle)
            self._projection = projection

    def cursor_shown(self) -> bool:
        return self.has_focus or not self.screen.has_class("projection")  # projected: focused only

    def _lines_of(self, row: Row) -> list[Strip]:
        """A card wraps with a hanging indent: its first line starts at the edge (after the 新
        or ・ mark), everything else — wrapped text and the lines under it — is indented."""
        cache_key = (row.key, row.sig if row.sig is not None else row.text.plain, row.indent, self._width)
        lines = self._wrapped.get(cache_key)
        if lines is not None:
            return lines
        console = self.app.console
        width = max(HANG + 4, self._width)
        pad = [Segment(" " * HANG)]
        lines = []
        for n, part in enumerate(row.text.split("\n")):
            # A card's first line starts with its mark (「新 」 or 「・ 」, HANG cells), kept out
            # of the wrapping so a long Japanese text is folded beside it, not pushed below it.
            heading = row.key is None and n == 0
            mark = part[:2] if n == 0 and not heading else Text()
            body = part[len(mark):] if mark else part
            for m, line in enumerate(body.wrap(console, width if heading else width - HANG, overflow="fold")):
                segments = list(line.render(console))
                if n == 0 and m == 0:
                    segments = list(mark.render(console)) + segments
                else:
                    segments = pad + segments
                lines.append(Strip(segments).extend_cell_length(self._width))
        if not lines:
            lines = [Strip.blank(self._width)]
        self._wrapped[cache_key] = lines
        return lines

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "meanings":
            return self.column == "have"
        if action in ("sort", "homework", "idea"):
            return self.column == "lack"
        if action == "links":
            return self.column == "makeshift"
        return True

    def _view(self) -> BoardView:
        return self.query_ancestor(BoardView)

    def action_edit(self) -> None:
        self._view().edit()

    def action_move_to(self, column: str) -> None:
        self._view().move(self, column)

    def action_move_by(self, delta: int) -> None:
        i = COLUMNS.index(self.column)  # type: ignore[arg-type]
        if 0 <= i + delta < len(COLUMNS):
            self._view().move(self, COLUMNS[i + delta])

    def action_focus_column(self, delta: int) -> None:
        self._view().focus_column(self.column, delta)

    def action_category(self) -> None:
        self._view().choose_category()

    def action_meanings(self) -> None:
        self._view().choose_meanings()

    def action_sort(self) -> None:
        self._view().choose_sorting()

    def action_links(self) -> None:
        self._view().choose_links()

    def action_homework(self) -> None:
        self._view().to_homework()

    def action_idea(self) -> None:
        self._view().to_idea()

    def action_delete(self) -> None:
        self._view().delete()

    def action_undo(self) -> None:
        self._view().action_undo()

    def action_group(self) -> None:
        self._view().action_toggle_group()

    def action_type(self) -> None:
        self._view().query_one("#board-add", Input).focus()


# ---------------------------------------------------------------------------------------
# The board


class BoardView(Vertical):
    """Vision, quick-add and the three columns. Posts MeetingChanged after every change."""

    BINDINGS = [
        Binding("f3", "cycle_target", "追加先", key_display="F3", id="board.target"),
        Binding("ctrl+g", "toggle_group", "分類別", key_display="^g", id="board.group"),
        Binding("ctrl+r", "undo", "元に戻す", key_display="^r", show=False, id="board.undo"),
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
        yield Static(Text(VISION_ASK), id="board-ask")
        with Horizontal(id="board-vision-row"):
            yield Static(Text("わがまちビジョン"), id="board-vision-label")
            yield Input(
                editable(self.rules.board.vision, multiline=False),
                placeholder="どんなまちを目指しますか？（入力して Enter）",
                id="board-vision",
                compact=True,
                select_on_focus=False,
                disabled=self.read_only,
            )
        with Horizontal(id="board-add-row"):
            yield Static(id="board-target")
            yield QuickInput(placeholder="カードを入力して Enter", id="board-add", compact=True,
                             disabled=self.read_only)
            yield Select([], id="board-add-category", prompt="分類: なし", allow_blank=True, compact=True)
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
        ask.update(Text(VISION_ASK_SHORT if self.narrow else VISION_ASK))

    def _sync_target(self) -> None:
        label = COLUMN_SHORT[self.target]
        text = Text.assemble(("追加先▸", "bold"), (label, "bold reverse"), " ")
        self.query_one("#board-target", Static).update(text)
        self.query_one("#board-add", Input).placeholder = f"{label}に入れるカードを入力して Enter"
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
            self.column_widget(column).border_subtitle = f"{NEW_MARK} {new}" if new else ""

    def _sync_categories(self) -> None:
        options = self.rules.categories()
        if options == self._category_options:
            return
        self._category_options = options
        select = self.query_one("#board-add-category", Select)
        keep = select.value
        select.set_options([(Text(c), c) for c in options])
        if keep in options:
            select.value = keep

    def _column_rows(self, column: str, items: list[BoardItem]) -> list[Row]:
        rows: list[Row] = []
        if self.grouped:
            for category, group in group_by_category(self.rules.board, items):
                rows.append(self._heading_row(literal(category) if category else Text(UNCATEGORISED), len(group)))
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
        text = Text.assemble("【", title, f"】{count}")
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
            done.append("宿題にした")
        if rules.idea_of(item) is not None:
            done.append("アイデアにした")
        sig = (item.column, item.text, new, item.category if show_category else None, tuple(item.meanings),
               item.solvable if show_sorting else None, item.department, tuple(haves), lack, problem,
               tuple(done), self._style_gen)
        cached = self._rows.get(item.id)
        if cached is not None and cached[0] == sig:
            return cached[1]
        widget = self.column_widget(item.column)
        meta_style = widget.get_component_rich_style("board--meta")
        text = Text()
        if new:
            text.append(NEW_MARK, widget.get_component_rich_style("board--new"))
            text.append(" ")
        else:
            text.append("・ ")
        text.append_text(literal(item.text))
        meta: list[Text] = []
        if show_category and item.category:
            meta.append(Text.assemble("〔", literal(item.category), "〕"))
        if item.column == "have" and item.meanings:
            meta.append(Text.assemble("意味づけ：", literal("・".join(item.meanings))))
        if item.column == "lack" and show_sorting:
            if item.solvable == "ourselves":
                meta.append(Text("自分たちで"))
            elif item.solvable == "municipality":
                meta.append(literal(department_label(item.department)))
        lines = [Text(" ").join(meta)] if meta else []
        if item.column == "makeshift":
            if haves:
                lines.append(Text.assemble("使う：", literal("、".join(haves))))
            if lack:
                lines.append(Text.assemble("補う：", literal(lack)))
        for line in lines:
            line.stylize(meta_style)
            text.append("\n")
            text.append_text(line)
        if problem:
            text.append("\n")
            text.append(f"（{problem}：l で選ぶ）", widget.get_component_rich_style("board--warn"))
        if done:
            text.append("\n")
            text.append("・".join(f"【{d}】" for d in done), widget.get_component_rich_style("board--done"))
        row = Row(key=item.id, text=text, sig=sig)
        self._rows[item.id] = (sig, row)
        return row

    # -- changes ---------------------------------------------------------------------------------
    def apply(self, rule: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Call a board rule; a refusal becomes a message on screen, never a crash."""
        if self.read_only:
            self.app.notify("読み取り専用で開いています。変更はできません", severity="warning", markup=False)
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
        self.app.notify("分類ごとにまとめて表示します" if self.grouped else "書いた順に表示します", markup=False)

    def action_undo(self) -> None:
        stack = undo_stack(self.meeting)
        if not stack:
            self.app.notify("元に戻す操作はありません", markup=False)
            return
        if self.read_only:
            return
        entry = stack.pop()
        before = self.meeting.version
        select = entry.undo()
        if self.meeting.version != before:
            self.post_message(MeetingChanged())
        self.sync(select=select)
        self.app.notify(f"{entry.label}を元に戻しました", markup=False)

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

        self.push_undo(f"「{short(text)}」の移動", undo)
        self.sync(columns=(moved.column, column, "makeshift"))
        if moved.dropped:
            self.app.notify(
                f"「{short(text)}」を{COLUMN_SHORT[column]}へ移しました。"
                f"{'・'.join(moved.dropped)}を外しました（Ctrl+R で元に戻す）",
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

        self.push_undo(f"「{short(removed.item.text)}」の削除", undo)
        self.sync()
        self.app.notify(f"「{short(removed.item.text)}」を削除しました（Ctrl+R または u で元に戻す）", markup=False)

    def to_homework(self) -> None:
        item = self.current()
        if item is None:
            return
        hw = self.apply(self.rules.to_homework, item.id)
        if hw is not None:
            self.sync(select=item.id, columns=("lack",))
            self.app.notify(f"「{short(hw.text)}」を宿題（継続協議）にしました", markup=False)

    def to_idea(self) -> None:
        item = self.current()
        if item is None:
            return
        idea = self.apply(self.rules.to_idea, item.id)
        if idea is not None:
            self.sync(select=item.id, columns=("lack",))
            kind = {"self": "自分たちでできる", "request": "行政への要望", "unsorted": "未分類"}[idea.kind]
            self.app.notify(f"「{short(idea.text)}」をアイデア（{kind}）にしました", markup=False)

    # -- forms and choices -----------------------------------------------------------------------
    def edit(self) -> None:
        item = self.current()
        if item is None:
            return
        fields = [
            FormField("text", "カード", item.text),
            FormField("category", "分類", item.category or "", options=[(c, c) for c in self.rules.categories()]),
        ]

        def done(result: FormResult | None) -> None:
            if result is None:
                return
            self.apply(self.rules.set_text, item.id, result["text"])
            self.apply(self.rules.set_category, item.id, result["category"] or None)
            self.sync(select=item.id, columns=(item.column, "makeshift"))

        self.app.push_screen(FormScreen(f"{COLUMN_SHORT[item.column]}のカードを編集", fields), done)

    def choose_category(self) -> None:
        item = self.current()
        if item is None:
            return
        options = [(c, c) for c in self.rules.categories()] + [("（分類なし）", "")]
        screen = PickScreen(
            f"「{short(item.text)}」の分類",
            options,
            selected=[item.category or ""],
            add_placeholder="新しい分類を入力して Enter（一覧に加わります）",
            hint="↑↓ で選んで Enter",
        )

        def done(result: Picked | None) -> None:
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
            f"「{short(item.text)}」の意味づけ（何のためになっている？）",
            [(m, m) for m in self.rules.meanings()],
            selected=item.meanings,
            multi=True,
            add_placeholder="新しい意味づけを入力して Enter（一覧に加わります）",
            hint="Space で選ぶ・外す、Enter で決定",
        )

        def done(result: Picked | None) -> None:
            if result is None:
                return
            self.apply(self.rules.set_meanings, item.id, [*result.values, *result.added])
            self.sync(select=item.id, columns=("have",))

        self.app.push_screen(screen, done)

    def choose_sorting(self) -> None:
        item = self.current()
        if item is None or item.column != "lack":
            return
        options = [(SOLVABLE_LABELS["ourselves"], "ourselves")]
        for dept in self.rules.departments():
            options.append((f"{SOLVABLE_LABELS['municipality']}：{department_label(dept)}", f"municipality\t{dept}"))
        options.append((f"{SOLVABLE_LABELS['municipality']}（担当課は未定）", "municipality\t"))
        options.append((f"{UNSORTED_LABEL}に戻す", "unsorted"))
        current = {"ourselves": "ourselves", "municipality": f"municipality\t{item.department or ''}"}
        screen = PickScreen(
            f"「{short(item.text)}」は自分たちでなんとかできそう？",
            options,
            selected=[current.get(item.solvable or "", "unsorted")],
            add_placeholder="役場の担当課を入力して Enter（例: 福祉課）",
            hint="↑↓ で選んで Enter。役場へ回すときは担当課も",
            suggestions=self.rules.departments(),
        )

        def done(result: Picked | None) -> None:
            if result is None:
                return
            if result.added:
                solvable, dept = "municipality", result.added[0]
            else:
                value = (result.values or ["unsorted"])[0]
                solvable, _, dept = value.partition("\t")
            self.apply(self.rules.sort_lack, item.id, None if solvable == "unsorted" else solvable, dept or None)
            self.sync(select=item.id, columns=("lack",))

        self.app.push_screen(screen, done)

    def choose_links(self) -> None:
        item = self.current()
        if item is None or item.column != "makeshift":
            return
        haves, lack = self.rules.linked(item)
        screen = LinkScreen(
            item.text,
            [(i.text, i.id) for i in self.rules.column("have")],
            [(i.text, i.id) for i in self.rules.column("lack")],
            have_ids=[h.id for h in haves],
            lack_id=lack.id if lack else None,
        )

        def done(result: tuple[list[str], str | None] | None) -> None:
            if result is None:
                return
            self.apply(self.rules.set_links, item.id, result[0], result[1])
            self.sync(select=item.id, columns=("makeshift",))

        self.app.push_screen(screen, done)


# ---------------------------------------------------------------------------------------
# Choosing from a list


@dataclass
class Picked:
    values: list[str]  # chosen from the list
    added: list[str]  # typed in the add field


class _PickList(SelectionList[str]):
    """A SelectionList where Space toggles and Enter confirms the whole screen."""

    BINDINGS = [Binding("enter", "confirm", "決定", show=False)]

    def action_confirm(self) -> None:
        self.screen.action_submit()  # type: ignore[attr-defined]


class PickScreen(ModalScreen[Picked | None]):
    """Choose one (↑↓ Enter) or several (Space, then Enter) from a list; or type a new one."""

    BINDINGS = [
        Binding("escape", "cancel", "キャンセル"),
        Binding("ctrl+s", "submit", "決定"),
    ]

    def __init__(self, title: str, options: list[tuple[str, str]], *, selected: Iterable[str] = (),
                 multi: bool = False, add_placeholder: str = "", hint: str = "",
                 suggestions: list[str] | None = None) -> None:
        super().__init__(classes="pick-screen")
        self.pick_title = title
        self.options = options
        self.selected = [s for s in selected]
        self.multi = multi
        self.add_placeholder = add_placeholder
        self.hint = hint
        self.suggestions = suggestions or []
        self._added: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="pick"):
            yield Label(literal(self.pick_title), classes="form-title")
            if self.hint:
                yield Label(Text(self.hint), classes="form-label")
            if self.multi:
                yield _PickList(
                    *[Selection(literal(label), value, value in self.selected) for label, value in self.options],
                    id="pick-list",
                )
            else:
                yield OptionList(*[Option(literal(label), id=str(n)) for n, (label, _) in enumerate(self.options)],
                                 id="pick-list")
            if self.add_placeholder:
                yield Input(
                    placeholder=self.add_placeholder,
                    id="pick-add",
                    suggester=SuggestFromList(self.suggestions, case_sensitive=False) if self.suggestions else None,
                )
            with Horizontal(classes="form-buttons"):
                yield Button(Text("決定"), id="pick-submit", variant="primary")
                yield Button(Text("キャンセル"), id="pick-cancel")

    def on_mount(self) -> None:
        widget = self.query_one("#pick-list")
        if isinstance(widget, OptionList) and not isinstance(widget, SelectionList):
            values = [v for _, v in self.options]
            first = next((values.index(s) for s in self.selected if s in values), 0)
            widget.highlighted = first if values else None
        widget.focus()

    @on(OptionList.OptionSelected, "#pick-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.multi or event.option.id is None:
            return
        self.dismiss(Picked([self.options[int(event.option.id)][1]], []))

    @on(Input.Submitted, "#pick-add")
    def _added_one(self, event: Input.Submitted) -> None:
        event.stop()
        value = " ".join(event.value.split())
        if not value:
            return
        if not self.multi:
            self.dismiss(Picked([], [value]))
            return
        pick = self.query_one(_PickList)
        existing = {v for _, v in self.options}
        if value not in existing:
            self.options.append((value, value))
            pick.add_option(Selection(literal(value), value, True))
        else:
            pick.select(value)
        event.input.value = ""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "pick-submit":
            self.action_submit()
        else:
            self.action_cancel()

    def action_submit(self) -> None:
        if self.multi:
            pick = self.query_one(_PickList)
            chosen = set(pick.selected)
            self.dismiss(Picked([v for _, v in self.options if v in chosen], []))
            return
        widget = self.query_one("#pick-list", OptionList)
        typed = " ".join(self.query("#pick-add").first(Input).value.split()) if self.add_placeholder else ""
        if typed:
            self.dismiss(Picked([], [typed]))
        elif widget.highlighted is not None:
            self.dismiss(Picked([self.options[widget.highlighted][1]], []))
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class LinkScreen(ModalScreen[tuple[list[str], str | None] | None]):
    """やりくり: which あるもの cards (any number) make do for which ないもの card (one)."""

    BINDINGS = [
        Binding("escape", "cancel", "キャンセル"),
        Binding("ctrl+s", "submit", "決定"),
    ]

    def __init__(self, text: str, haves: list[tuple[str, str]], lacks: list[tuple[str, str]], *,
                 have_ids: list[str], lack_id: str | None) -> None:
        super().__init__(classes="pick-screen")
        self.text = text
        self.haves = haves
        self.lacks = lacks
        self.have_ids = have_ids
        self.lack_id = lack_id

    def compose(self) -> ComposeResult:
        with Vertical(id="link"):
            yield Label(Text.assemble("「", literal(self.text), "」の組み合わせ"), classes="form-title")
            yield Label(Text("Space で選ぶ・外す、Tab で右の一覧へ、Enter で決定"), classes="form-label")
            with Horizontal(id="link-lists"):
                with Vertical(classes="link-side"):
                    yield Label(Text("使うあるもの（いくつでも）"), classes="link-label")
                    yield _PickList(*[Selection(literal(t), i, i in self.have_ids) for t, i in self.haves],
                                    id="link-have")
                with Vertical(classes="link-side"):
                    yield Label(Text("補うないもの（1つ）"), classes="link-label")
                    yield _PickList(*[Selection(literal(t), i, i == self.lack_id) for t, i in self.lacks],
                                    id="link-lack")
            with Horizontal(classes="form-buttons"):
                yield Button(Text("決定"), id="link-submit", variant="primary")
                yield Button(Text("キャンセル"), id="link-cancel")

    def on_mount(self) -> None:
        self.query_one("#link-have").focus()

    @on(SelectionList.SelectionToggled, "#link-lack")
    def _one_lack(self, event: SelectionList.SelectionToggled) -> None:
        event.stop()
        lack = self.query_one("#link-lack", _PickList)
        value = event.selection.value
        if value in lack.selected:
            for other in list(lack.selected):
                if other != value:
                    lack.deselect(other)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "link-submit":
            self.action_submit()
        else:
            self.action_cancel()

    def action_submit(self) -> None:
        haves = set(self.query_one("#link-have", _PickList).selected)
        lacks = self.query_one("#link-lack", _PickList).selected
        self.dismiss(([i for _, i in self.haves if i in haves], lacks[0] if lacks else None))

    def action_cancel(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------------------------------
# Help and the full screen


BOARD_KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("ボード全体", [
        ("F4 / Esc", "会議の画面へ戻る"),
        ("F5", "投影モード（大きな見出し・高コントラスト）"),
        ("Enter（入力欄で）", "カードを追加（追加先の列へ。はじめは「あるもの」）"),
        ("F3", "追加先を切り替え（あるもの → やりくり → ないもの）"),
        ("Tab / Shift+Tab", "ビジョン → 入力欄 → 各列 と移動"),
        ("Ctrl+G", "分類ごとにまとめる / 書いた順に戻す"),
        ("Ctrl+R", "削除・移動を元に戻す"),
    ]),
    ("カードの一覧で", [
        ("↑ ↓ / ← →", "カードを選ぶ / 隣の列へ"),
        ("1 / 2 / 3", "あるもの / やりくり / ないもの へ移す（Shift+← → でも）"),
        ("Enter または e", "文字と分類を編集"),
        ("c", "分類（自分たちの分類も足せます）"),
        ("m", "意味づけ（あるもの：見守り・孤立防止 など）"),
        ("s", "仕分け（ないもの：自分たちでなんとかできそう / 役場の担当課へ）"),
        ("l", "組み合わせ（やりくり：使うあるものと補うないもの）"),
        ("h / a", "ないものを宿題（継続協議）/ アイデアにする"),
        ("Del または d", "削除（Ctrl+R または u で元に戻す）"),
        ("i", "入力欄へ戻る"),
    ]),
]


class BoardScreen(Screen[None]):
    """The board over the meeting screen. ``origin`` is that screen: projection mode is shared
    with it, and its autosaver writes the board's changes."""

    CSS_PATH = ["board.tcss", "panels/recap_issues_consult.tcss", "panels/handoff_close.tcss"]  # = MEETING_CSS_PATH
    BINDINGS = [
        Binding("f4,escape", "close", "戻る", key_display="F4", id="board.close"),
        Binding("f5", "toggle_projection", "投影", key_display="F5", id="board.projection"),
        Binding("f1", "help", "ヘルプ", key_display="F1", id="board.help"),
    ]

    def __init__(self, meeting: Meeting, *, read_only: bool = False, origin: Screen | None = None) -> None:
        super().__init__(classes="board")
        self.meeting = meeting
        self.read_only = read_only
        self.origin = origin

    def compose(self) -> ComposeResult:
        with Horizontal(id="board-header"):
            yield Static(id="board-title")
            yield TimerView(self.meeting, id="board-timer")
            yield Static(id="board-save")
        yield BoardView(self.meeting, read_only=self.read_only, id="board")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.origin is not None and self.origin.has_class("projection"):
            self.add_class("projection")
        s = self.meeting.session
        self.query_one("#board-title", Static).update(
            Text.assemble(("あるもの/ないもの", "bold"), "　", literal(one_line(s.body.name)), "　",
                          literal(one_line(s.title)))
        )
        self._sync_save()
        self.set_interval(0.5, self._sync_save, name="board-save")
        self.query_one(BoardView).focus_first()

    def _saver(self) -> Any:
        return getattr(self.origin, "saver", None)

    def _sync_save(self) -> None:
        saver = self._saver()
        state = "read-only" if self.read_only else (saver.state if saver is not None else "saved")
        widget = self.query_one("#board-save", Static)
        widget.update(Text(SAVE_LABELS.get(state, state)))
        widget.set_class(state == "error", "-error")
        widget.set_class(state == "read-only", "-read-only")

    def on_meeting_changed(self, event: MeetingChanged) -> None:
        event.stop()
        saver = self._saver()
        if saver is not None:
            saver.tick()
        self._sync_save()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_toggle_projection(self) -> None:
        self.toggle_class("projection")
        if self.origin is not None:
            self.origin.set_class(self.has_class("projection"), "projection")

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(BOARD_KEYS))
