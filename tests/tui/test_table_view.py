"""TableView with more rows than fit: moving the cursor scrolls (it used to crash with a
TypeError, its own ``_scroll_to`` shadowing the one ScrollView.scroll_to calls)."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from screens.widgets.table_view import Column, TableRow, TableView


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TableView([Column("番号"), Column("名前", flex=True)], "なし", id="table")

    def on_mount(self) -> None:
        table = self.query_one(TableView)
        rows = []
        for g in range(4):
            rows.append(TableRow(None, (Text(f"■ 第{g}群"),), span=True))
            rows += [TableRow(f"k{g}-{i}", (Text(str(i)), Text(f"会議 {g}-{i}"))) for i in range(50)]
        table.set_rows(rows)
        table.focus()


async def test_cursor_moves_past_the_screen_and_back() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(TableView)
        await pilot.press("end")
        assert table.cursor_key == "k3-49"
        assert table.scroll_y > 0
        await pilot.press("pageup", "up")
        assert table.cursor_key is not None and table.cursor_key < "k3-49"
        await pilot.press("home")
        assert table.cursor_key == "k0-0" and table.scroll_y == 0
        for _ in range(30):
            await pilot.press("down")
        assert table.cursor_key == "k0-30" and table.scroll_y > 0


async def test_keeping_a_far_row_after_set_rows_scrolls_to_it() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 20)) as pilot:
        table = app.query_one(TableView)
        table.select_key("k2-40")
        await pilot.pause()
        table.set_rows(list(table.rows))  # e.g. the home search redrawing with the cursor kept
        await pilot.pause()
        assert table.cursor_key == "k2-40" and table.scroll_y > 0


class LazyApp(App[None]):
    """200 rows whose cells are made only when drawn (as the home screen's sessions are)."""

    def __init__(self) -> None:
        super().__init__()
        self.made: list[int] = []

    def compose(self) -> ComposeResult:
        yield TableView([Column("#"), Column("名前")], "なし", id="table")

    def _row(self, i: int) -> TableRow:
        def cells() -> tuple[Text, ...]:
            self.made.append(i)
            return (Text(str(i)), Text(f"会議{i}"))

        return TableRow(f"k{i}", widths=(len(str(i)), 2 * len(f"会議{i}") - len(str(i))), make=cells)

    def on_mount(self) -> None:
        self.query_one(TableView).set_rows([self._row(i) for i in range(200)])
        self.query_one(TableView).focus()


async def test_lazy_rows_are_made_when_drawn_and_measured_from_their_widths() -> None:
    app = LazyApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(TableView)
        assert app.made and max(app.made) < 20  # only the rows on screen
        assert table._widths[:2] == [3, 7]  # "199", "会議199": from the given widths, none made
        lines = [table.render_line(y).text for y in range(3)]
        assert lines[1].split() == ["0", "会議0"] and lines[2].split() == ["1", "会議1"]
        await pilot.press("end")
        await pilot.pause()
        assert 199 in app.made and len(app.made) < 60
        assert sorted(set(app.made)) == sorted(app.made)  # each row made once
