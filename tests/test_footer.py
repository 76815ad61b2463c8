"""screens.widgets.footer.Footer: the keys Textual's Footer shows, recomposed only on a change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Button
from textual.widgets._footer import FooterKey

from screens.widgets.footer import Footer


class Keyed(Button):
    BINDINGS = [Binding("x", "press", "押す")]


class FooterApp(App[None]):
    BINDINGS = [Binding("h", "bell", "宿題")]

    def compose(self) -> ComposeResult:
        yield Button("a", id="a")
        yield Button("b", id="b")
        yield Keyed("c", id="c")
        yield Footer()


def shown(app: App[None]) -> list[str]:
    return [k.description for k in app.query(FooterKey)]


async def test_keys_follow_the_focus_and_unchanged_keys_are_not_recomposed() -> None:
    app = FooterApp()
    composed = []
    async with app.run_test() as pilot:
        footer = app.query_one(Footer)
        original = footer.recompose

        async def counting() -> None:
            composed.append(1)
            await original()

        footer.recompose = counting  # type: ignore[method-assign]
        app.query_one("#a").focus()
        await pilot.pause()
        assert "宿題" in shown(app) and "押す" not in shown(app)
        before = len(composed)
        app.query_one("#b").focus()  # same keys: no recompose
        await pilot.pause()
        assert len(composed) == before
        app.query_one("#c").focus()  # its own key appears
        await pilot.pause()
        assert "押す" in shown(app) and len(composed) == before + 1
        app.query_one("#a").focus()
        await pilot.pause()
        assert "押す" not in shown(app)
