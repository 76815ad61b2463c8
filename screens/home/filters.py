"""The home screen's filter bar: the search field, and the body and 年度 filters made with the index."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.containers import Horizontal
from textual.widget import AwaitMount
from textual.widgets import Input, Select

from facilitator.i18n import t
from screens.ui_text import literal


class HomeFilters(Horizontal):
    """None of it is in the first frame. The search field comes right after it (``add_search``:
    Input's stylesheet and widget were ~5 ms of the first frame, ~4 % of the start); the two
    filter Selects (body, year) come with the index (``fill``): they have no options before it,
    and their widgets were ~12 % of the time to the first frame."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._search: Input | None = None
        self._search_mounted: AwaitMount | None = None

    def add_search(self) -> AwaitMount:
        """Mount the search field (the first time); await the result to have it mounted."""
        if self._search_mounted is None:
            self._search = Input(placeholder=t("home.search_placeholder"), id="home-search", compact=True,
                                 select_on_focus=False)
            self._search_mounted = self.mount(self._search, before=0) if self.children else self.mount(self._search)
        return self._search_mounted

    async def search_field(self) -> Input:
        """The search field, mounted now if it is not yet (a key typed before the first frame was out)."""
        await self.add_search()
        assert self._search is not None
        return self._search

    @property
    def search(self) -> Input | None:
        """The search field once it is mounted; None before."""
        return self._search if self._search is not None and self._search.is_mounted else None

    @property
    def filled(self) -> bool:
        """Whether the Selects are there (they come with the first index)."""
        return bool(self.query("#home-body"))

    def values(self) -> tuple[str, str | None, int | None]:
        """The search text, the body and the 年度 chosen (None: all of them)."""
        body = self._select_value("home-body")
        year = self._select_value("home-year")
        return (
            self._search.value if self._search is not None else "",
            body if isinstance(body, str) else None,
            year if isinstance(year, int) else None,
        )

    def _select_value(self, select_id: str) -> Any:
        """A filter's value; None before the filters come (just after the first load)."""
        found = self.query(f"#{select_id}")
        return found.first(Select).value if found else None

    def fill(self, bodies: list[str], years: list[int]) -> None:
        """The Selects' options from the index: made with them the first time, then replaced,
        keeping what was chosen while it is still there."""
        from facilitator.dates import format_fiscal_year

        body_options = [(literal(b), b) for b in bodies]
        year_options = [(Text(format_fiscal_year(y)), y) for y in years]
        if not self.filled:  # the first load: made with their options
            self.mount(
                Select(body_options, prompt=t("home.all_bodies"), id="home-body", compact=True),
                Select(year_options, prompt=t("home.all_years"), id="home-year", compact=True),
            )
            return
        body = self.query_one("#home-body", Select)
        current = body.value
        body.set_options(body_options)
        if current in bodies:
            body.value = current
        year = self.query_one("#home-year", Select)
        current = year.value
        year.set_options(year_options)
        if current in years:
            year.value = current
