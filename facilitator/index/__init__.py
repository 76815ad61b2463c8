"""The derived index of a store: what listing and search need, without loading every session.

It lives per machine and user, outside the store (``place``: the user cache folder, keyed by the
store's resolved path; owner-only). The session files stay the truth: the index
is rebuilt from them whenever it is missing, unreadable or not in our shape, and refreshed by
re-reading only the files whose (mtime_ns, size, inode) changed. It is written in one piece
through :class:`AtomicJSONStorage` (read whole, replace atomically, no handle kept open), from one
thread, and only when something changed.

Search (README.md, docs/architecture.md): every word must match, case-insensitive substring over
NFKC-normalised text. Each session's search text is a document of its own (table "texts", after
the rows): listing needs only the rows, and the texts are parsed when first searched.

Modules: ``place`` (where a store's index file is), ``store_index`` (Index, RefreshStats), ``rows`` (a session file's row and search text),
``storage`` (AtomicJSONStorage: the file's layout, read line by line), ``results`` (grouping by
body, match snippets).
"""

from facilitator.index.place import index_path
from facilitator.index.results import group_by_body, match_snippet
from facilitator.index.rows import row_of, searchable_text
from facilitator.index.storage import AtomicJSONStorage
from facilitator.index.store_index import INDEX_FILE, INDEX_VERSION, Index, RefreshStats

__all__ = [
    "INDEX_FILE",
    "INDEX_VERSION",
    "AtomicJSONStorage",
    "Index",
    "RefreshStats",
    "group_by_body",
    "index_path",
    "match_snippet",
    "row_of",
    "searchable_text",
]
