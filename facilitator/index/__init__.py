"""The derived index of a store: what listing and search need, without loading every session.

It lives per machine and user, outside the store (``place``: the user cache folder, keyed by the
store's resolved path; owner-only). The session files stay the truth: the index
is rebuilt from them whenever it is missing, unreadable or not in our shape, and refreshed by
re-reading only the files whose (mtime_ns, size, inode) changed. The file is SQLite
(``database``): a changed session is one row and one search text replaced, never the whole file.

Search (README.md, docs/architecture.md): every word must match, case-insensitive substring over
NFKC-normalised text, answered by an FTS5 trigram index (words of one or two characters
included: ``database``). The rows are kept in memory; the texts stay in the file.

Modules: ``place`` (where a store's index file is), ``store_index`` (Index, RefreshStats), ``rows``
(a session file's row and search text), ``database`` (IndexDB: the SQLite file, search by
trigrams), ``results`` (grouping by body, match snippets), ``kept_head`` (the list's first lines
kept for the next start).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from facilitator.index.database import INDEX_VERSION
    from facilitator.index.place import index_path, remove_index
    from facilitator.index.results import group_by_body, match_snippet
    from facilitator.index.rows import row_of, searchable_text
    from facilitator.index.store_index import INDEX_FILE, Index, RefreshStats

# Where each name lives, imported on first use: the prefetch child reads the kept head
# (``kept_head``) at start without importing SQLite and the rest of the index.
_FROM = {
    "INDEX_FILE": "store_index", "INDEX_VERSION": "database", "Index": "store_index", "RefreshStats": "store_index",
    "group_by_body": "results", "index_path": "place", "remove_index": "place", "match_snippet": "results",
    "row_of": "rows", "searchable_text": "rows",
}
__all__ = list(_FROM)


def __getattr__(name: str) -> Any:
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
