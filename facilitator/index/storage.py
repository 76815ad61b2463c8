"""AtomicJSONStorage: the index file, written atomically one document a line and read line by line."""

from __future__ import annotations

import json
import os
from collections.abc import Collection
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from facilitator.index.place import make_private_folders
from facilitator.store import atomic_write
from facilitator.text import json_safe


class AtomicJSONStorage(Storage):
    """A TinyDB storage that reads the whole file on ``read()`` and replaces it atomically on
    ``write()``, holding no open handle in between (TinyDB's JSONStorage keeps its file open,
    which blocks ``os.replace`` on Windows)."""

    def __init__(self, path: str | os.PathLike[str], create_dirs: bool = False, mode: int = 0o600,
                 **kwargs: Any) -> None:
        super().__init__()
        kwargs.pop("access_mode", None)
        kwargs.pop("encoding", None)  # always UTF-8
        self.path = Path(path)
        self._create_dirs = create_dirs
        self._mode = mode
        self._dump_kwargs = kwargs  # e.g. indent=2
        # id(document) -> (the document, its name, its line, its JSON) from the last write. Rows are never
        # changed in place (a changed file gets a new row), so writing the index after one file
        # changed encodes one row, not the whole store. The document is kept so its id stays its.
        self._encoded: dict[int, tuple[dict[str, Any], str, bytes, bytes]] = {}

    def read(self, lazy: Collection[str] = ()) -> dict[str, dict[str, Any]] | None:
        """The stored tables; None when the file is missing or empty. ValueError if garbled.
        The documents of the tables in ``lazy`` may come as their JSON bytes (``_read_by_line``)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        try:
            data = _read_by_line(raw, lazy)
            if data is None:  # not in our one-document-a-line layout (or garbled): as a whole
                data = json.loads(raw.decode("utf-8"))
        except RecursionError:
            raise ValueError("index: nesting too deep") from None
        if not isinstance(data, dict):
            raise ValueError("index: not a JSON object")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self._create_dirs:
            make_private_folders(self.path)  # owner-only (0700), whatever the umask
        # No fsync (12 ms of a one-file refresh for 1,000 sessions): the index is made from the
        # session files, and an old or unreadable one is brought up to date or rebuilt.
        atomic_write(self.path, self._encode(data), mode=self._mode, durable=False, sweep=True)

    def _encode(self, data: dict[str, dict[str, Any]]) -> bytes:
        """The tables as JSON in UTF-8, one document a line (``_read_by_line``), each document
        ``json_safe(json.dumps(doc, ensure_ascii=False))`` (lone surrogates escaped too), and
        re-encoding only the documents not written last time. The documents of a write must not
        be changed in place before the next one."""
        tables = list(data.items())
        if self._dump_kwargs or not all(
            isinstance(name, str) and isinstance(docs, dict) and all(isinstance(k, str) for k in docs)
            for name, docs in tables
        ):
            self._encoded = {}
            return json_safe(json.dumps(data, ensure_ascii=False, **self._dump_kwargs)).encode("utf-8")
        previous, self._encoded = self._encoded, {}
        encoded = self._encoded

        def key(name: str) -> bytes:
            if name.isascii() and name.isalnum():  # TinyDB's document ids: "1", "2", …
                return b'"' + name.encode("ascii") + b'"'
            return json_safe(json.dumps(name, ensure_ascii=False)).encode("utf-8")

        def line(name: str, doc: Any) -> bytes:
            """``"name": {…}``, from the last write when the same document had the same name
            (one changed file: 2 of 2,000 lines made again)."""
            cached = previous.get(id(doc))
            if cached is None or cached[0] is not doc:
                text = json_safe(json.dumps(doc, ensure_ascii=False)).encode("utf-8")
                cached = (doc, name, key(name) + b": " + text, text)
            elif cached[1] != name:
                cached = (doc, name, key(name) + b": " + cached[3], cached[3])
            encoded[id(doc)] = cached
            return cached[2]

        return b"{" + b", ".join(
            key(name) + b": {\n" + b",\n".join([line(k, doc) for k, doc in docs.items()]) + b"\n}"
            for name, docs in tables
        ) + b"}"

    def close(self) -> None:  # nothing is held open
        pass


_decode = json.JSONDecoder().decode  # json.loads without its checks, for each line


def _read_by_line(data: bytes | str, lazy: Collection[str] = ()) -> dict[str, dict[str, Any]] | None:
    """The tables of an index written by ``AtomicJSONStorage`` (one document a line), parsed line
    by line; None if the data is not exactly in that layout. One ``json.loads`` of the whole
    4.5 MB index of 1,000 sessions holds the GIL, worker thread or not, and the home screen's
    first frame waited for it; between lines, the UI thread gets its turn.

    The documents of the tables named in ``lazy`` are not parsed (nor decoded from UTF-8): they
    come back as the bytes of each document's JSON, for ``json.loads`` when needed. The search
    text of 1,000 sessions is 85 % of the file; decoding it was a third of the time to read it.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    lines = raw.split(b"\n")
    tables: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    keep_raw = False
    comma = False  # the last document line ended with a comma: another document must follow
    try:
        for i, line in enumerate(lines):
            if line.endswith(b": {") and (line.startswith(b"{") if i == 0 else line.startswith(b"}, ")):
                if comma or (i == 0) == (current is not None):
                    return None
                name = json.loads(line[1:-3] if i == 0 else line[3:-3])
                if not isinstance(name, str):
                    return None
                current = tables[name] = {}
                keep_raw = name in lazy
            elif line == b"}}" and i == len(lines) - 1:
                return tables if current is not None and not comma else None
            elif line == b"" and current is not None and not current and not comma:
                continue  # an empty table
            elif current is not None and line.startswith(b'"'):
                k, sep, rest = line.partition(b'": ')
                if not sep:
                    return None
                comma = rest.endswith(b",")
                key = k[1:].decode("ascii") if k[1:].isdigit() else _decode(k.decode("utf-8") + '"')
                doc = rest[:-1] if comma else rest
                current[key] = doc if keep_raw else _decode(doc.decode("utf-8"))
            else:
                return None
    except ValueError:  # JSONDecodeError, UnicodeDecodeError: let the whole-document parse say so
        return None
    return None
