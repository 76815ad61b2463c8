"""Strict loading of a session file into the model's types (facilitator/model.py).

Loading rules (docs/session-format.md):
- a wrong type or a missing required field raises SessionFormatError naming the field
  (``ideas[3].text``);
- an optional field (``?`` in the format) may be absent or null;
- unknown extra fields are kept in each object's ``extra`` and written back on save;
- a ``schema_version`` newer than SCHEMA_VERSION raises NewerSchemaError (the caller must
  then leave the file alone); an older one is upgraded in memory (``migrate.upgrade``);
- a reference to an id that does not exist is only a warning (check_references).
"""

from __future__ import annotations

import copy
import json
import math
import types
import typing
from dataclasses import fields, is_dataclass
from typing import Any, Literal, TypeVar, get_args, get_origin

from facilitator.i18n import Labels, t
from facilitator.migrate import upgrade
from facilitator.session_fast import Refused, check_format, fast_decoder, is_nullable, type_hints
from facilitator.model import SCHEMA_VERSION, Session, SessionFormatError

# ---------------------------------------------------------------------------------------
# Decoding

# Names of what a field must hold, and of what a JSON value is, in the UI language (read when an
# error is raised).
_TYPE_NAMES = Labels({"str": "model.type_str", "int": "model.type_int", "float": "model.type_float",
                      "bool": "model.type_bool"})
_KINDS = Labels({"bool": "model.kind_bool", "number": "model.kind_number", "string": "model.kind_string",
                 "array": "model.kind_array", "object": "model.kind_object"})

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
        _, inner = get_args(tp)  # keys are strings in JSON
        return {k: _decode(inner, v, f"{path}.{k}") for k, v in value.items()}
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


T = TypeVar("T")


def _decode_object(cls: type[T], value: Any, path: str) -> T:
    if not isinstance(value, dict):
        raise _wrong(path or t("model.whole_document"), _KINDS["object"], value)
    hints = type_hints(cls)
    kwargs: dict[str, Any] = {}
    known = set()
    for f in fields(cls):  # type: ignore[arg-type]
        if f.metadata.get("extra"):
            continue
        known.add(f.name)
        tp = hints[f.name]
        fpath = _join(path, f.name)
        if f.name not in value:
            if is_nullable(tp) or f.metadata.get("optional"):
                continue  # the dataclass default applies
            raise SessionFormatError(fpath, t("model.required"))
        raw = value[f.name]
        if raw is None and f.metadata.get("optional") and not is_nullable(tp):
            continue
        decoded = _decode(tp, raw, fpath)
        if decoded is not None and "format" in f.metadata:
            check_format(f.metadata["format"], decoded, fpath)
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
    data, version = upgrade(data)  # an older document is upgraded in memory, never in its file
    try:
        session = fast_decoder(Session)(data)
    except Refused:
        session = _decode_object(Session, data, "")  # names the field it refuses
    if version != SCHEMA_VERSION:
        session.__dict__[_LOADED_VERSION] = version
    return session


def item_from_dict(cls: type[T], data: Any) -> T:
    """One of a session's items (``item_to_dict``'s), decoded as strictly as in a session file;
    ``SessionFormatError`` names what is wrong."""
    try:
        item: T = fast_decoder(cls)(data)
    except Refused:
        item = _decode_object(cls, data, "")
    return item


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
        if h.from_session:  # a carried hand-off: its ideas are in the session it was made in
            continue
        for j, ref in enumerate(h.idea_ids):
            dangling(f"handoffs[{i}].idea_ids[{j}]", ref, idea_ids, "idea")
    for i, item in enumerate(s.board.items):
        for j, ref in enumerate(item.links):
            dangling(f"board.items[{i}].links[{j}]", ref, item_ids, "card")
    return warnings
