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
trigrams), ``results`` (grouping by body, match snippets).
"""

from facilitator.index.place import index_path, remove_index
from facilitator.index.results import group_by_body, match_snippet
from facilitator.index.rows import row_of, searchable_text
from facilitator.index.database import INDEX_VERSION
from facilitator.index.store_index import INDEX_FILE, Index, RefreshStats

__all__ = [
    "INDEX_FILE",
    "INDEX_VERSION",
    "Index",
    "RefreshStats",
    "group_by_body",
    "index_path",
    "remove_index",
    "match_snippet",
    "row_of",
    "searchable_text",
]
