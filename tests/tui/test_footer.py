"""screens.widgets.footer.Footer: the keys that work now, drawn by one widget on one line."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Button

from screens.widgets.footer import Footer


class Keyed(Button):
    BINDINGS = [Binding("x", "press", "押す", tooltip="ボタンを押す")]


class FooterApp(App[None]):
    BINDINGS = [
        Binding("h", "homework", "宿題"),
        Binding("g", "homework", "宿題（別のキー）"),  # the same action: shown once, its first key
        Binding("z", "hidden", "見えない", show=False),
    ]

    def __init__(self, compact: bool = False) -> None:
        super().__init__()
        self.compact = compact
        self.homework = 0

    def compose(self) -> ComposeResult:
        yield Button("a", id="a")
        yield Button("b", id="b")
        yield Keyed("c", id="c")
        yield Footer(compact=self.compact)

    def action_homework(self) -> None:
        self.homework += 1


def shown(app: App[None]) -> list[str]:
    return [k.description for k in app.query_one(Footer).entries]


def line(app: App[None]) -> str:
    footer = app.query_one(Footer)
    return footer.render().plain


async def test_keys_follow_the_focus_and_unchanged_keys_do_not_repaint() -> None:
    app = FooterApp()
    async with app.run_test() as pilot:
        footer = app.query_one(Footer)
        app.query_one("#a").focus()
        await pilot.pause()
        assert shown(app)[:1] == ["宿題"] and "押す" not in shown(app)
        assert "宿題（別のキー）" not in shown(app) and "見えない" not in shown(app)
        assert shown(app)[-1] == "palette"  # the command palette's key comes last, on the right
        entries = footer.entries
        app.query_one("#b").focus()  # same keys: the very same entries, no repaint
        await pilot.pause()
        assert footer.entries == entries
        app.query_one("#c").focus()  # its own key appears
        await pilot.pause()
        assert "押す" in shown(app)
        app.query_one("#a").focus()
        await pilot.pause()
        assert "押す" not in shown(app)


async def test_the_line_looks_like_textuals_footer() -> None:
    app = FooterApp()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        text = line(app)
        assert text.startswith(" h 宿題 ")
        assert text.rstrip().endswith("▏^p palette")
        assert cell_len(text) == app.query_one(Footer).size.width  # the line fills the width
    app = FooterApp(compact=True)
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        text = line(app)
        assert text.startswith("h 宿題 ")
        assert text.endswith("▏^p palette ")


async def test_a_click_on_a_key_presses_it_and_hovering_shows_its_tooltip() -> None:
    app = FooterApp()
    async with app.run_test(size=(60, 5)) as pilot:
        app.query_one("#c").focus()
        await pilot.pause()
        footer = app.query_one(Footer)
        text = line(app)
        start = cell_len(text[: text.index(" h ")])  # in cells: 押す before it takes four
        await pilot.click(Footer, offset=(start + 1, 0))  # on 「h 宿題」
        await pilot.pause()
        assert app.homework == 1
        start = line(app).index(" x ")  # the focused widget's keys come first (at cell 0)
        await pilot.hover(Footer, offset=(start + 1, 0))
        await pilot.pause()
        assert footer.tooltip == "ボタンを押す"
        await pilot.hover(Footer, offset=(40, 0))  # empty space: no tooltip
        await pilot.pause()
        assert footer.tooltip is None


async def test_keys_that_do_not_fit_are_cut_and_the_palette_key_stays() -> None:
    app = FooterApp()
    async with app.run_test(size=(20, 5)) as pilot:
        app.query_one("#c").focus()
        await pilot.pause()
        text = line(app)
        assert text.endswith("▏^p palette ")
        assert text.startswith(" x 押")  # the focused widget's key first, cut where the room ends
        assert "宿題" not in text


class HelpApp(FooterApp):
    BINDINGS = [
        Binding("f1", "help", "ヘルプ"),
        *[Binding(f"f{n}", f"key{n}", f"長い説明のついたキー{n}") for n in range(2, 9)],
        Binding("ctrl+q", "quit", "終了"),
    ]

    def action_help(self) -> None:
        pass


async def test_when_the_keys_do_not_fit_help_and_quit_stay_at_the_end() -> None:
    app = HelpApp()
    async with app.run_test(size=(70, 5)) as pilot:
        await pilot.pause()
        text = line(app)
        assert "f1 ヘルプ" in text and "^q 終了" in text
        assert text.index("f1 ヘルプ") > text.index("f2 長い")  # moved after the keys that fit
        assert text.rstrip().endswith("▏^p palette")
    app = HelpApp()
    async with app.run_test(size=(320, 5)) as pilot:  # all fit: the bindings' own order
        await pilot.pause()
        text = line(app)
        assert text.index("f1 ヘルプ") < text.index("f2 長い")


class MeetingKeysApp(App[None]):
    """A meeting's keys: PgUp, then many, then PgDn, with help and quit."""

    BINDINGS = [
        Binding("pageup", "previous_step", "前へ", key_display="PgUp"),
        *[Binding(f"f{n}", f"key{n}", f"長い説明のついたキー{n}") for n in range(2, 6)],
        Binding("pagedown", "next_step", "次へ", key_display="PgDn"),
        Binding("f1", "help", "ヘルプ"),
        Binding("ctrl+q", "quit", "終了"),
    ]

    def compose(self) -> ComposeResult:
        yield Button("a", id="a")
        yield Footer()


async def test_when_the_keys_do_not_fit_pgdn_stays_in_its_place() -> None:
    """A 60-column meeting window used to cut 「PgDn 次へ」, the key a meeting runs on."""
    app = MeetingKeysApp()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        text = line(app)
        assert "PgDn 次へ" in text and "f1 ヘルプ" in text and "^q 終了" in text
        assert text.index("PgDn 次へ") < text.index("f1 ヘルプ")  # its place: before help and quit
        assert "長い説明のついたキー5" not in text
    app = MeetingKeysApp()
    async with app.run_test(size=(320, 5)) as pilot:  # all fit: the bindings' own order
        await pilot.pause()
        text = line(app)
        assert text.index("長い説明のついたキー5") < text.index("PgDn 次へ") < text.index("f1 ヘルプ")
