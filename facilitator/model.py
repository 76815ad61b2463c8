"""The session document (DESIGN.md "The session file") as typed Python, with strict loading.

Loading rules:
- a wrong type or a missing required field raises SessionFormatError naming the field
  (``ideas[3].text``);
- an optional field (``?`` in DESIGN.md) may be absent or null;
- unknown extra fields are kept in each object's ``extra`` and written back on save;
- a ``schema_version`` newer than SCHEMA_VERSION raises NewerSchemaError (the caller must
  then leave the file alone);
- a reference to an id that does not exist is only a warning (check_references).
"""

from __future__ import annotations

import copy
import json
import math
import operator
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from typing import Any, Literal, TypeVar, get_args, get_origin, get_type_hints

from facilitator.i18n import Labels, t
from facilitator.text import json_safe

SCHEMA_VERSION = 1

IdeaKind = Literal["self", "request", "unsorted"]
IdeaStatus = Literal["open", "handed", "homework"]
HomeworkStatus = Literal["open", "done", "dropped"]
BoardColumn = Literal["have", "lack", "makeshift"]
Solvable = Literal["ourselves", "municipality"]
Panel = Literal["recap", "issues", "consult", "ideas", "handoff", "text", "close", "board"]

IDEA_KINDS: tuple[str, ...] = get_args(IdeaKind)
IDEA_STATUSES: tuple[str, ...] = get_args(IdeaStatus)
HOMEWORK_STATUSES: tuple[str, ...] = get_args(HomeworkStatus)
BOARD_COLUMNS: tuple[str, ...] = get_args(BoardColumn)
PANELS: tuple[str, ...] = get_args(Panel)

# Field metadata. "optional": may be absent from a file although not None-able in Python
# (fields this project added to the contract). "format": a check on a string's shape.
_OPTIONAL = {"optional": True}


def _extra() -> Any:
    return field(default_factory=dict, metadata={"extra": True}, repr=False)


def _fmt(kind: str, **more: Any) -> dict[str, Any]:
    return {"format": kind, **more}


@dataclass
class Body:
    name: str
    layer: str | None = None
    extra: dict[str, Any] = _extra()


@dataclass
class Attendee:
    name: str
    role: str | None = None
    extra: dict[str, Any] = _extra()


@dataclass
class Step:
    id: str
    title: str
    panel: Panel
    notes: str = ""
    elapsed_seconds: float = 0
    planned_minutes: float | None = None
    # Added by kyogitai: copied from the template so the session stays self-contained.
    purpose: str = field(default="", metadata=_OPTIONAL)
    prompts: list[str] = field(default_factory=list, metadata=_OPTIONAL)
    extra: dict[str, Any] = _extra()


@dataclass
class Issue:
    id: str
    title: str
    detail: str | None = None
    source: str | None = None
    extra: dict[str, Any] = _extra()


@dataclass
class Question:
    id: str
    text: str
    issue_id: str | None = None
    extra: dict[str, Any] = _extra()


@dataclass
class Idea:
    id: str
    text: str
    author: str | None = None
    issue_id: str | None = None
    kind: IdeaKind = "unsorted"
    interest: int = 0
    status: IdeaStatus = "open"
    department: str | None = None
    extra: dict[str, Any] = _extra()


@dataclass
class Handoff:
    id: str
    idea_ids: list[str]
    action: str
    contact: str | None = None
    due: str | None = None
    extra: dict[str, Any] = _extra()


@dataclass
class Homework:
    id: str
    text: str
    owner: str | None = None
    due: str | None = None
    status: HomeworkStatus = "open"
    from_session: str | None = None
    # Added by kyogitai.
    origin_session: str | None = None  # where the item was first written down
    idea_id: str | None = None  # the idea it continues, when it came from one
    reason: str | None = None  # why it was dropped
    extra: dict[str, Any] = _extra()


@dataclass
class NextMeeting:
    date: str | None = field(default=None, metadata=_fmt("date"))
    start_time: str | None = field(default=None, metadata=_fmt("time"))
    place: str | None = None
    agenda: list[str] = field(default_factory=list)
    extra: dict[str, Any] = _extra()


@dataclass
class BoardItem:
    id: str
    column: BoardColumn
    text: str
    category: str | None = None
    solvable: Solvable | None = None
    department: str | None = None
    meanings: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    since: str | None = None
    extra: dict[str, Any] = _extra()


@dataclass
class Board:
    vision: str = ""
    items: list[BoardItem] = field(default_factory=list)
    extra: dict[str, Any] = _extra()


@dataclass
class Session:
    id: str = field(metadata=_fmt("session_id"))
    body: Body
    title: str
    date: str = field(metadata=_fmt("date"))
    template: str
    current_step: str
    created_at: str = field(metadata=_fmt("datetime"))
    updated_at: str = field(metadata=_fmt("datetime"))
    schema_version: int = SCHEMA_VERSION
    start_time: str | None = field(default=None, metadata=_fmt("time"))
    end_time: str | None = field(default=None, metadata=_fmt("time"))
    place: str | None = None
    previous_session: str | None = None
    attendees: list[Attendee] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    ideas: list[Idea] = field(default_factory=list)
    handoffs: list[Handoff] = field(default_factory=list)
    review: str = ""
    homework: list[Homework] = field(default_factory=list)
    next_meeting: NextMeeting = field(default_factory=NextMeeting)
    board: Board = field(default_factory=Board)
    extra: dict[str, Any] = _extra()

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


# The order fields are written in: the contract's order, then our additions, then extras.
_SESSION_ORDER = (
    "schema_version id body title date start_time end_time place template previous_session "
    "attendees steps current_step issues questions ideas handoffs review homework "
    "next_meeting board created_at updated_at"
).split()


class SessionFormatError(ValueError):
    """The document does not follow the session format. ``path`` names the field."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


class NewerSchemaError(SessionFormatError):
    """Written by a newer kyogitai: may not be opened read-write, never rewritten."""

    def __init__(self, version: int) -> None:
        self.version = version
        super().__init__(
            "schema_version", t("model.newer_schema", version=version, supported=SCHEMA_VERSION),
        )


# ---------------------------------------------------------------------------------------
# Decoding

# Names of what a field must hold, and of what a JSON value is, in the UI language (read when an
# error is raised).
_TYPE_NAMES = Labels({"str": "model.type_str", "int": "model.type_int", "float": "model.type_float",
                      "bool": "model.type_bool"})
_KINDS = Labels({"bool": "model.kind_bool", "number": "model.kind_number", "string": "model.kind_string",
                 "array": "model.kind_array", "object": "model.kind_object"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return _KINDS["bool"]
    if isinstance(value, (int, float)):
        return _KINDS["number"]
    if isinstance(value, str):
        return _KINDS["string"]
    if isinstance(value, list):
        return _KINDS["array"]
    if isinstance(value, dict):
        return _KINDS["object"]
    return type(value).__name__


def _wrong(path: str, expected: str, value: Any) -> SessionFormatError:
    return SessionFormatError(path, t("model.wrong_type", expected=expected, actual=_json_kind(value)))


def _check_format(kind: str, value: str, path: str) -> None:
    ok = True
    if kind == "date":
        ok = bool(_DATE.match(value))
        if ok:
            try:
                date.fromisoformat(value)
            except ValueError:
                ok = False
        example = t("model.example_date")
    elif kind == "time":
        ok = bool(_TIME.match(value))
        example = t("model.example_time")
    elif kind == "datetime":
        try:
            ok = datetime.fromisoformat(value).tzinfo is not None
        except ValueError:
            ok = False
        example = t("model.example_datetime")
    elif kind == "session_id":
        ok = bool(_SESSION_ID.match(value))
        example = t("model.example_session_id")
    else:  # pragma: no cover - a programming error
        raise AssertionError(kind)
    if not ok:
        raise SessionFormatError(path, t("model.bad_format", value=repr(value), example=example))


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _decode(tp: Any, value: Any, path: str) -> Any:
    origin = get_origin(tp)
    if tp is Any:
        return copy.deepcopy(value)
    if origin in (typing.Union, types.UnionType):
        args = get_args(tp)
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _decode(inner, value, path)
    if origin is Literal:
        options = get_args(tp)
        if not isinstance(value, str) or value not in options:
            raise SessionFormatError(
                path, t("model.not_allowed", value=json.dumps(value, ensure_ascii=False), options=" / ".join(options))
            )
        return value
    if origin is list:
        if not isinstance(value, list):
            raise _wrong(path, _KINDS["array"], value)
        (inner,) = get_args(tp)
        return [_decode(inner, v, f"{path}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise _wrong(path, _KINDS["object"], value)
        return copy.deepcopy(value)
    if is_dataclass(tp):
        return _decode_object(tp, value, path)
    if tp is bool:
        if not isinstance(value, bool):
            raise _wrong(path, _TYPE_NAMES["bool"], value)
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _wrong(path, _TYPE_NAMES["int"], value)
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _wrong(path, _TYPE_NAMES["float"], value)
        return value
    if tp is str:
        if not isinstance(value, str):
            raise _wrong(path, _TYPE_NAMES["str"], value)
        return value
    raise AssertionError(f"unsupported type {tp!r}")  # pragma: no cover


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def _is_nullable(tp: Any) -> bool:
    return get_origin(tp) in (typing.Union, types.UnionType) and type(None) in get_args(tp)


T = TypeVar("T")


def _decode_object(cls: type[T], value: Any, path: str) -> T:
    if not isinstance(value, dict):
        raise _wrong(path or t("model.whole_document"), _KINDS["object"], value)
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    known = set()
    for f in fields(cls):  # type: ignore[arg-type]
        if f.metadata.get("extra"):
            continue
        known.add(f.name)
        tp = hints[f.name]
        fpath = _join(path, f.name)
        if f.name not in value:
            if _is_nullable(tp) or f.metadata.get("optional"):
                continue  # the dataclass default applies
            raise SessionFormatError(fpath, t("model.required"))
        raw = value[f.name]
        if raw is None and f.metadata.get("optional") and not _is_nullable(tp):
            continue
        decoded = _decode(tp, raw, fpath)
        if decoded is not None and "format" in f.metadata:
            _check_format(f.metadata["format"], decoded, fpath)
        kwargs[f.name] = decoded
    extra = {k: copy.deepcopy(v) for k, v in value.items() if k not in known}
    obj = cls(**kwargs)  # type: ignore[call-arg]
    obj.extra = extra  # type: ignore[attr-defined]
    return obj


def session_from_dict(data: Any) -> Session:
    """Strictly decode a parsed JSON document into a Session."""
    if not isinstance(data, dict):
        raise _wrong(t("model.whole_document"), _KINDS["object"], data)
    version = data.get("schema_version", 0)
    if "schema_version" in data and (isinstance(version, bool) or not isinstance(version, int)):
        raise _wrong("schema_version", _TYPE_NAMES["int"], version)
    from facilitator.migrate import upgrade  # (imports this module: not at the top)

    data, version = upgrade(data)  # an older document is upgraded in memory, never in its file
    session = _decode_object(Session, data, "")
    if version != SCHEMA_VERSION:
        session.__dict__[_LOADED_VERSION] = version
    return session


_LOADED_VERSION = "_loaded_version"


def loaded_version(session: Session) -> int:
    """The schema version the session's file was written in (older files are upgraded when
    read; the store keeps a backup before it writes them in the current version)."""
    return session.__dict__.get(_LOADED_VERSION, SCHEMA_VERSION)


def _reject_constant(name: str) -> Any:
    raise SessionFormatError("", t("model.bad_constant", name=name))


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise SessionFormatError("", t("model.too_large", text=text[:20]))
    return value


def _bounded_int(text: str) -> int:
    if len(text) > 100:  # Python refuses past 4,300 digits with a bare ValueError; no field needs 100
        raise SessionFormatError("", t("model.too_many_digits", digits=len(text)))
    return int(text)


def parse_json(text: str | bytes) -> Any:
    """A file's text or bytes as JSON, strictly: UTF-8 (a byte-order mark, as Notepad writes, is
    accepted); NaN, Infinity, numbers too large for a float and integers of more than 100 digits
    are refused. Every failure is a SessionFormatError with a message in the UI language."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8-sig")
        elif text.startswith("\ufeff"):
            text = text[1:]
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float,
                          parse_int=_bounded_int)
    except json.JSONDecodeError as e:
        raise SessionFormatError("", t("model.bad_json", line=e.lineno, column=e.colno, error=e.msg)) from None
    except UnicodeDecodeError:
        raise SessionFormatError("", t("model.not_utf8")) from None
    except RecursionError:
        raise SessionFormatError("", t("model.too_deep")) from None


def session_from_json(text: str | bytes) -> Session:
    """Parse a file's text or bytes (see :func:`parse_json`) into a Session."""
    data = parse_json(text)
    try:
        return session_from_dict(data)
    except RecursionError:
        raise SessionFormatError("", t("model.too_deep")) from None


# ---------------------------------------------------------------------------------------
# Encoding


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls) if not f.metadata.get("extra"))
    return names


def _encode(value: Any) -> Any:
    # Hot path of every autosave: keep it to plain loops over cached field names.
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    out = {name: _encode(getattr(value, name)) for name in _field_names(type(value))}
    extra = value.extra
    if extra:
        for k, v in extra.items():
            if k not in out:
                out[k] = copy.deepcopy(v)
    return out


def session_to_dict(session: Session) -> dict[str, Any]:
    raw = _encode(session)
    ordered = {k: raw.pop(k) for k in _SESSION_ORDER}
    ordered.update(raw)  # our additions and unknown fields, in their own order
    return ordered


def _fields_for_json(value: Any) -> dict[str, Any]:
    """A model object as the JSON encoder's ``default`` sees it: its fields, then its unknown
    ones; the session's in the contract's order. Same output as :func:`session_to_dict`."""
    names = _field_names(type(value))  # TypeError for anything else, as the encoder expects
    out = dict(value.__dict__)
    extra = out.pop("extra", None)
    if tuple(out) != names:  # attributes set in another order, or others added: by name
        out = {name: getattr(value, name) for name in names}
    if extra:
        for k, v in extra.items():
            if k not in out:
                out[k] = v
    if type(value) is Session:
        ordered = {k: out.pop(k) for k in _SESSION_ORDER}
        ordered.update(out)
        return ordered
    return out


# The C encoder calls back only for the model's objects (once each); lists, strings and numbers
# never leave C. About twice as fast as building session_to_dict first (docs/performance.md).
_SESSION_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_fields_for_json)


def session_to_json(session: Session) -> str:
    """The file's text: UTF-8 friendly (no \\u escapes), one line per document.

    DEL, C1 and bidi controls and lone surrogates are kept as ``\\uXXXX`` escapes
    (``text.json_safe``): the file is plain UTF-8 and safe to ``cat``.
    No indentation: Python's C encoder is used only without it. Each idea, card, step… is
    encoded once per distinct content (``_fragment``), so an autosave after one change re-encodes
    that one object: the same text as :func:`_session_to_json_whole`, byte for byte.
    """
    if type(session) is not Session:
        return _session_to_json_whole(session)
    global _by_object
    out: list[str] = []
    seen: dict[int, tuple[Any, tuple[Any, ...], str]] = {}
    if not _assemble(session, out, seen):
        return _session_to_json_whole(session)
    _by_object = seen  # this document's objects (those of an earlier one are let go)
    out.append("\n")
    return "".join(out)


def _session_to_json_whole(session: Session) -> str:
    """The whole document in one call of the C encoder: the reference for the cached path."""
    return json_safe(_SESSION_ENCODER.encode(session)) + "\n"


# Encoded fragments of leaf model objects (everything but Session and Board), keyed by their
# content: (class, field values, their types). A key is made from values only, never object
# identity, so an object changed in place simply has a new key; nothing has to signal changes.
# Two generations bound the memory: when the young one is full it becomes the old one.
_FRAGMENT_GENERATION = 20_000
_fragments_new: dict[Any, str] = {}
_fragments_old: dict[Any, str] = {}
_KEY_MAKERS: dict[type, Any] = {}
_LEAF_TYPES = frozenset({Body, Attendee, Step, Issue, Question, Idea, Handoff, Homework, NextMeeting, BoardItem})


def _field_kinds(cls: type) -> tuple[tuple[str, ...], list[str], list[str]]:
    """A model class's field names, and those of them that hold a value and those a list."""
    names = _field_names(cls)
    lists = [f.name for f in fields(cls) if f.default_factory is list]
    return names, [n for n in names if n not in lists], lists


def _generated(cache: dict[type, Any], cls: type, signature: str, refuse: str,
               body: Callable[[list[str], list[str]], list[str]], scope: dict[str, Any]) -> Any:
    """The function ``def <signature>:`` for ``cls``, made once from its field names: it starts
    with ``d = o.__dict__`` and returns ``refuse`` for an instance with extra fields or added
    attributes; ``body(scalars, lists)`` gives the rest of its lines (the names of the fields
    that hold a value and of those that hold a list)."""
    made = cache.get(cls)
    if made is None:
        names, scalars, lists = _field_kinds(cls)
        lines = [
            f"def {signature}:",
            "    d = o.__dict__",
            f"    if len(d) != {len(names) + 1} or d['extra']: return {refuse}",
            *body(scalars, lists),
        ]
        exec("\n".join(lines) + "\n", scope)  # noqa: S102 - our own field names, from the dataclass
        made = cache[cls] = scope[signature.split("(", 1)[0]]
    return made


def _key_maker(cls: type) -> Any:
    """A function making ``cls``'s cache key from an instance, or None when it should not be
    cached (extra fields, attributes added, a float that may be -0.0 or nan, …). KeyError or
    TypeError: not cacheable either."""

    def body(scalars: list[str], lists: list[str]) -> list[str]:
        lines = [
            "    v = get(d)" if len(scalars) > 1 else f"    v = (d[{scalars[0]!r}],)" if scalars else "    v = ()",
            "    t = tuple(map(type, v))",  # 1 and True and 1.0 are equal keys, not equal JSON
            "    if float in t: return None",  # -0.0 == 0.0, nan != nan
        ]
        tail = ["cls", "v", "t"]
        for i, n in enumerate(lists):
            lines += [
                f"    x{i} = d[{n!r}]",
                f"    if type(x{i}) is not list: return None",
                f"    t{i} = tuple(map(type, x{i}))",
                f"    if float in t{i}: return None",
            ]
            tail += [f"tuple(x{i})", f"t{i}"]
        return [*lines, f"    return ({', '.join(tail)})"]

    scalars = _field_kinds(cls)[1]
    get = operator.itemgetter(*scalars) if len(scalars) > 1 else None
    return _generated(_KEY_MAKERS, cls, "key(o)", "None", body, {"cls": cls, "get": get})


# A faster first level: the very object written last time, none of whose fields was assigned
# since (compared with `is`, never by value, so 1 → True or an equal new string is a miss that
# goes on to the content cache above). Building a content key for each of 1,300 objects was
# most of an autosave's time on the UI thread. Entries live from one document to the next.
_SNAPSHOTS: dict[type, Any] = {}
_by_object: dict[int, tuple[Any, tuple[Any, ...], str]] = {}
_is = operator.is_


def _snapshot_maker(cls: type) -> Any:
    """A function giving the objects an instance holds now (its fields' values, its lists'
    length and items) as one flat tuple, or None when its fragment is not to be kept."""

    def body(scalars: list[str], lists: list[str]) -> list[str]:
        lines = ["    v = (" + "".join(f"d[{n!r}], " for n in scalars) + ")"]
        for i, n in enumerate(lists):
            lines += [
                f"    x{i} = d[{n!r}]",
                f"    if type(x{i}) is not list: return None",
                f"    v += (len(x{i}),) + tuple(x{i})",
            ]
        return [*lines, "    return v"]

    return _generated(_SNAPSHOTS, cls, "snap(o)", "None", body, {})


_CHECKERS: dict[type, Any] = {}


def _checker_maker(cls: type) -> Any:
    """A function telling whether an instance still holds exactly the objects of a snapshot
    (``_snapshot_maker``'s tuple), without making a new snapshot: the question every autosave
    asks of each of 1,300 unchanged objects. KeyError: a field missing (not the same)."""

    def body(scalars: list[str], lists: list[str]) -> list[str]:
        lines = []
        if scalars:
            lines.append("    if " + " or ".join(f"d[{n!r}] is not s[{i}]" for i, n in enumerate(scalars))
                         + ": return False")
        lines.append(f"    i = {len(scalars)}")
        for n in lists:
            lines += [
                f"    x = d[{n!r}]",
                "    if type(x) is not list or len(s) <= i or s[i] != len(x): return False",
                "    if x and not all(map(is_, x, s[i + 1 : i + 1 + len(x)])): return False",
                "    i += 1 + len(x)",
            ]
        return [*lines, "    return len(s) == i"]

    return _generated(_CHECKERS, cls, "same(o, s)", "False", body, {"is_": operator.is_})


def _same_objects(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    return len(a) == len(b) and all(map(_is, a, b))


def _fragments(values: list[Any], out: list[str], seen: dict[int, tuple[Any, tuple[Any, ...], str]]) -> None:
    """A list of the session's, as the encoder writes it (``[a, b]``), added to ``out`` in
    pieces: its model objects' text from the caches. ``seen`` collects this document's entries
    for the object cache."""
    global _fragments_new, _fragments_old
    cls: Any = None
    maker = snapper = same = None
    sep = "["
    for x in values:
        out.append(sep)
        sep = ", "
        if type(x) is not cls:
            cls = type(x)
            leaf = cls in _LEAF_TYPES
            maker = _key_maker(cls) if leaf else None
            snapper = _snapshot_maker(cls) if leaf else None
            same = _checker_maker(cls) if leaf else None
        snap = None
        if snapper is not None:
            entry = _by_object.get(id(x))
            if entry is not None and entry[0] is x:
                try:
                    unchanged = same(x, entry[1])  # type: ignore[misc]
                except KeyError:
                    unchanged = False
                if unchanged:
                    seen[id(x)] = entry
                    out.append(entry[2])
                    continue
            try:
                snap = snapper(x)
            except KeyError:
                snap = None
        key = None
        text = None
        if maker is not None:
            try:
                key = maker(x)
                if key is not None:
                    text = _fragments_new.get(key)
                    if text is None:
                        text = _fragments_old.get(key)
                        if text is not None:
                            _fragments_new[key] = text
            except (KeyError, TypeError):  # a field missing, or a value that cannot be a key
                key = None
        if text is None:
            text = json_safe(_SESSION_ENCODER.encode(x))
            # Kept only if nothing changed the object meanwhile (another thread): key and text agree.
            if key is not None and maker(x) == key:
                if len(_fragments_new) >= _FRAGMENT_GENERATION:
                    _fragments_old, _fragments_new = _fragments_new, {}
                _fragments_new[key] = text
            elif key is None:
                snap = None  # not kept by content: not by object either
        if snap is not None and _same_objects(snap, snapper(x)):  # (unchanged while encoded)
            seen[id(x)] = (x, snap, text)
        out.append(text)
    out.append("]" if values else "[]")


def _assemble(obj: Any, out: list[str], seen: dict[int, tuple[Any, tuple[Any, ...], str]]) -> bool:
    """Session or Board, added to ``out`` in pieces: its members written out here, the leaf
    objects as cached fragments, one join at the end (a 300 KiB string is copied once). False
    where this cannot promise the encoder's text (then the caller encodes it whole)."""
    sep = "{"
    for k, v in _fields_for_json(obj).items():
        if type(k) is not str:
            return False
        out.append(sep)
        sep = ", "
        out.append(json_safe(_SESSION_ENCODER.encode(k)))
        out.append(": ")
        if type(v) is list:
            _fragments(v, out, seen)
        elif type(v) is Board:
            if not _assemble(v, out, seen):
                return False
        elif type(v) in _LEAF_TYPES:
            _fragments([v], out, seen)
            out[-1] = ""  # (the list's brackets: one object, not a list)
            out[-3] = ""
        else:
            out.append(json_safe(_SESSION_ENCODER.encode(v)))
    out.append("}" if sep == ", " else "{}")
    return True


# ---------------------------------------------------------------------------------------
# References (warnings, never errors)


_WHAT = Labels({"step": "model.what_step", "issue": "model.what_issue", "idea": "model.what_idea",
                "card": "model.what_card"})


def check_references(s: Session) -> list[str]:
    """Dangling or duplicate ids, as warning lines naming the field (in the UI language)."""
    warnings: list[str] = []

    def ids(name: str, items: list[Any]) -> set[str]:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                warnings.append(f"{name}[{i}].id: " + t("model.duplicate_id", id=repr(item.id)))
            seen.add(item.id)
        return seen

    issue_ids = ids("issues", s.issues)
    idea_ids = ids("ideas", s.ideas)
    step_ids = ids("steps", s.steps)
    item_ids = ids("board.items", s.board.items)
    ids("questions", s.questions)
    ids("handoffs", s.handoffs)
    ids("homework", s.homework)

    def dangling(path: str, ref: str | None, known: set[str], what: str) -> None:
        if ref is not None and ref not in known:
            warnings.append(f"{path}: " + t("model.dangling", what=_WHAT[what], ref=repr(ref)))

    dangling("current_step", s.current_step, step_ids, "step")
    for i, q in enumerate(s.questions):
        dangling(f"questions[{i}].issue_id", q.issue_id, issue_ids, "issue")
    for i, idea in enumerate(s.ideas):
        dangling(f"ideas[{i}].issue_id", idea.issue_id, issue_ids, "issue")
    for i, h in enumerate(s.handoffs):
        for j, ref in enumerate(h.idea_ids):
            dangling(f"handoffs[{i}].idea_ids[{j}]", ref, idea_ids, "idea")
    for i, item in enumerate(s.board.items):
        for j, ref in enumerate(item.links):
            dangling(f"board.items[{i}].links[{j}]", ref, item_ids, "card")
    return warnings


def find(items: list[T], item_id: str) -> T | None:
    """The item with that id in a list of model objects, or None."""
    return next((x for x in items if getattr(x, "id") == item_id), None)


def timestamp(now: datetime) -> str:
    """ISO 8601 with the UTC offset (never a zone name)."""
    if now.tzinfo is None:
        now = now.astimezone()
    return now.isoformat(timespec="seconds")
