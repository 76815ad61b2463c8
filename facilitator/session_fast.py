"""The strict loader's fast path, and the checks it shares with the field-by-field decoder
(facilitator/session_load.py).

``fast_decoder(tp)``: the decoder of ``session_load._decode`` compiled once per type into
closures — no type inspection per value, no path strings. It accepts exactly what ``_decode``
accepts and builds the same objects; at the first thing ``_decode`` would refuse it raises
``Refused``, and the loader runs ``_decode`` to raise the error that names the field. About five
times faster on a valid document (a save that merges parses three; tests/core/
test_session_load_fast.py fuzzes the two against each other).
"""

from __future__ import annotations

import copy
import re
import types
import typing
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from typing import Any, Literal, get_args, get_origin, get_type_hints

from facilitator.i18n import t
from facilitator.model import SessionFormatError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def check_format(kind: str, value: str, path: str) -> None:
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


_HINTS: dict[type, dict[str, Any]] = {}


def type_hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def is_nullable(tp: Any) -> bool:
    return get_origin(tp) in (typing.Union, types.UnionType) and type(None) in get_args(tp)


# The decoder above, compiled once per type into closures: no type inspection per value, no path
# strings. It accepts exactly what ``_decode`` accepts and builds the same objects; at the first
# thing it would refuse it gives up (``Refused``) and ``_decode`` runs, to raise the error that
# names the field. About three times faster on a valid document (a save that merges parses three).


class Refused(Exception):
    pass


_FAST: dict[Any, Any] = {}


def fast_decoder(tp: Any) -> Any:
    """The compiled decoder of ``tp``: a valid value in, the model's object out; ``Refused`` else."""
    fn = _FAST.get(tp)
    if fn is None:
        fn = _FAST[tp] = _compile(tp)
    return fn


def _compile(tp: Any) -> Any:  # noqa: C901 - one branch per kind of type, as in _decode
    origin = get_origin(tp)
    if tp is Any:
        return copy.deepcopy
    if origin in (typing.Union, types.UnionType):
        args = get_args(tp)
        (inner_tp,) = [a for a in args if a is not type(None)]
        inner = fast_decoder(inner_tp)
        if type(None) not in args:
            return inner
        if inner is _fast_str:
            return _fast_optional_str

        def optional(v: Any) -> Any:
            return None if v is None else inner(v)
        return optional
    if origin is Literal:
        options = frozenset(get_args(tp))

        def literal(v: Any) -> Any:
            if not isinstance(v, str) or v not in options:
                raise Refused
            return v
        return literal
    if origin is list:
        (item_tp,) = get_args(tp)
        item = fast_decoder(item_tp)

        def listing(v: Any) -> Any:
            if not isinstance(v, list):
                raise Refused
            return [item(x) for x in v]
        return listing
    if origin is dict:
        _, value_tp = get_args(tp)
        value = fast_decoder(value_tp)

        def mapping(v: Any) -> Any:
            if not isinstance(v, dict):
                raise Refused
            return {k: value(x) for k, x in v.items()}
        return mapping
    if is_dataclass(tp):
        return _compile_object(tp)
    return _SCALARS[tp]


def _fast_str(v: Any) -> Any:
    if not isinstance(v, str):
        raise Refused
    return v


def _fast_optional_str(v: Any) -> Any:
    if v is not None and not isinstance(v, str):
        raise Refused
    return v


def _fast_bool(v: Any) -> Any:
    if not isinstance(v, bool):
        raise Refused
    return v


def _fast_int(v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, int):
        raise Refused
    return v


def _fast_float(v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise Refused
    return v


_SCALARS = {str: _fast_str, bool: _fast_bool, int: _fast_int, float: _fast_float}


# Inline checks for the common field types, so that the generated code calls no function per
# value: the field's value is ``x``; ``{0}`` is where a refusal goes.
_INLINE = {
    str: "if not isinstance(x, str): raise Refused",
    bool: "if not isinstance(x, bool): raise Refused",
    int: "if isinstance(x, bool) or not isinstance(x, int): raise Refused",
    float: "if isinstance(x, bool) or not isinstance(x, (int, float)): raise Refused",
}


def _inline_check(tp: Any) -> str | None:
    """The inline check of a field of type ``tp`` (Optional of a scalar too), or None."""
    if tp in _INLINE:
        return _INLINE[tp]
    if get_origin(tp) in (typing.Union, types.UnionType):
        args = get_args(tp)
        inner = [a for a in args if a is not type(None)]
        if type(None) in args and len(inner) == 1 and inner[0] in _INLINE:
            return f"if x is not None:\n    {_INLINE[inner[0]]}"
    return None


def _compile_object(cls: Any) -> Any:
    """The decoder of a model class as generated code: one block per field, in field order, the
    same decisions as ``session_load._decode_object`` (a missing optional field is left to its
    default, a null in a non-nullable optional one too, formats checked, unknown keys kept)."""
    hints = type_hints(cls)
    env: dict[str, Any] = {"Refused": Refused, "SessionFormatError": SessionFormatError, "check_format": check_format,
                           "deepcopy": copy.deepcopy, "cls": cls}
    body = ["def decode(value):", "    if not isinstance(value, dict): raise Refused", "    kwargs = {}",
            "    found = 0"]
    known = []
    for n, f in enumerate(fields(cls)):
        if f.metadata.get("extra"):
            continue
        known.append(f.name)
        tp = hints[f.name]
        nullable, optional, fmt = is_nullable(tp), bool(f.metadata.get("optional")), f.metadata.get("format")
        key = repr(f.name)
        block = [f"x = value[{key}]", "found += 1"]
        inner: list[str] = []
        check = _inline_check(tp)
        if check is not None:
            inner += check.split("\n")
        else:
            env[f"d{n}"] = fast_decoder(tp)
            inner.append(f"x = d{n}(x)")
        if fmt is not None:
            inner += ["if x is not None:", "    try: check_format(%r, x, %s)" % (fmt, key),
                      "    except SessionFormatError: raise Refused from None"]
        inner.append(f"kwargs[{key}] = x")
        if optional and not nullable:
            block += ["if x is not None:"] + ["    " + line for line in inner]
        else:
            block += inner
        body.append(f"    if {key} in value:")
        body += ["        " + line for line in block]
        if not (nullable or optional):
            body.append("    else: raise Refused")
    env["known"] = frozenset(known)
    body += ["    obj = cls(**kwargs)",
             "    obj.extra = {} if found == len(value) else "
             "{k: deepcopy(v) for k, v in value.items() if k not in known}",
             "    return obj"]
    exec(compile("\n".join(body), f"<fast decoder of {cls.__name__}>", "exec"), env)  # noqa: S102 - our own code
    return env["decode"]
