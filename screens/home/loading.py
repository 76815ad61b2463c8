"""The home list's index: made on first use, read in a worker (first from the prefetch child's rows)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.worker import Worker

    from facilitator.index import Index
    from facilitator.prefetch import IndexPrefetch
    from facilitator.store import Store
    from screens.home.rows import SessionRows


class IndexLoader:
    """The store's index for the home list, and the list's rows made from it off the UI thread.

    ``prefetch``: the index being read by another process at the app's start
    (facilitator.prefetch), taken by the first ``read``."""

    def __init__(self, store: Store, prefetch: IndexPrefetch | None, rows: SessionRows) -> None:
        self._store = store
        self._prefetch = prefetch
        self._rows = rows
        self._index: Index | None = None
        self._told_write_error: str | None = None

    @property
    def index(self) -> Index:
        """The store's index, made on first use (by the loading worker, after the first frame)."""
        if self._index is None:
            from facilitator.index import Index

            self._index = Index(self._store)
        return self._index

    def early_head(self) -> dict[str, Any] | None:
        """The prefetch child's first message if it is there already (``{"head": …,
        "progress"?: …}``), for the first frame; None without waiting."""
        return self._prefetch.first_message() if self._prefetch is not None else None

    def close(self) -> None:
        """The app quits before the index came: stop the child's reading."""
        if self._prefetch is not None:
            self._prefetch.close()

    def read(self, worker: Worker[None], on_ui: Callable[[Callable[[], None]], object],
             loaded: Callable[[], None], refreshed: Callable[[], None],
             head: Callable[[dict[str, Any] | None, list[int] | None], None] | None = None) -> None:
        """In the loading worker (cancelled: the app is closing, or a newer reload runs): the
        index read and the rows made, then ``loaded`` run on the UI thread through ``on_ui``
        (the app's call_from_thread). Before that, ``head(first lines, progress)`` as soon as
        the list's first lines are known (``Index.head``; progress ``[read, to_read]`` while a
        first build reads every file, else None). From the child's rows, ``refreshed``
        follows if a file changed between its reading and the check after it."""
        prefetch = self._prefetch
        if prefetch is not None:  # the rows read meanwhile by a child process (if it managed)
            for message in prefetch.messages():
                if worker.is_cancelled:
                    return
                if head is not None:
                    on_ui(partial(head, message.get("head"), message.get("progress")))
            state = prefetch.take()
            self._prefetch = None
            if worker.is_cancelled:
                return  # (close() stopped the child)
            if self.index.adopt(state):
                # The child checked every file a moment ago: the list first, then the check
                # again, and the list again only if a file changed meanwhile.
                self._make_rows()
                on_ui(loaded)
                if worker.is_cancelled:
                    return
                if self.index.refresh().dirty and not worker.is_cancelled:
                    self._make_rows()
                    on_ui(refreshed)
                return

        if self._index is not None and self._index.ready:
            # Again (coming back to the list, F5): what the folder's listing shows first — a
            # save replaced its file — then the stat of every file (~30 ms at 10,000).
            if self.index.refresh(quick=True).dirty and not worker.is_cancelled:
                self._make_rows()
                on_ui(loaded)

        def progress(read: int, to_read: int) -> None:  # a first build, here: the newest files so far
            if head is not None and not worker.is_cancelled and read < to_read:
                on_ui(partial(head, self.index.head(), [read, to_read]))

        self.index.refresh(progress=progress)
        if worker.is_cancelled:
            return
        self._make_rows()
        on_ui(loaded)

    def _make_rows(self) -> None:
        self._rows.make_all(self.index.search(""))

    def write_error_to_tell(self) -> str | None:
        """The index file's write error when it is new (said once; the list still works)."""
        error = self.index.write_error
        new = error if error and error != self._told_write_error else None
        self._told_write_error = error
        return new
