"""Merging a sync client's copy into its session from the home screen (m, with a question first).

The rule and the file work are the store's (``Store.merge_copy``: merged with
``merge_without_base``, saved to ``<id>.json``, the copy moved to ``.kyogitai/merged-copies/``);
here the question, the thread worker, and what is said afterwards.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from facilitator.i18n import t
from screens.ui_text import one_line

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.screen import Screen

    from facilitator.store import MergedCopy, Store


class CopyMerger:
    """Asks, over ``screen``, whether to merge ``copy`` into the session; merges in a thread
    worker of that screen and calls ``done`` (on the UI thread) when the files changed."""

    def __init__(self, screen: Screen[Any], store: Store, done: Callable[[], None]) -> None:
        self._screen = screen
        self._store = store
        self._done = done

    def ask(self, session_id: str, title: str, copy: str) -> None:
        from screens.choice import ChoiceScreen

        def answered(choice: str | None) -> None:
            if choice == "merge":
                self._screen.run_worker(partial(self._merge, session_id, copy), name="merge_copy",
                                        group="home-merge", exclusive=True, thread=True)

        question = t("home.merge_question", copy=one_line(copy, 60), title=one_line(title, 40))
        self._screen.app.push_screen(
            ChoiceScreen(question, t("home.merge_detail"), [("merge", t("home.merge_confirm"))]), answered)

    def _merge(self, session_id: str, copy: str) -> None:
        """In a thread worker. A refusal (the store unreachable, the copy gone) is said, not raised."""
        try:
            done = self._store.merge_copy(session_id, copy)
        except (ValueError, OSError) as e:
            self._screen.app.call_from_thread(self._tell_error, one_line(str(e)))
            return
        self._screen.app.call_from_thread(self._merged, done)

    def _tell_error(self, message: str) -> None:
        self._screen.notify(message, severity="error", markup=False)

    def _merged(self, done: MergedCopy) -> None:
        name = one_line(done.copy, 60)
        said = t("home.merged_with_conflicts", copy=name, count=done.conflicts) if done.conflicts else t("home.merged", copy=name)
        self._screen.notify(said, markup=False, timeout=8)
        self._done()
