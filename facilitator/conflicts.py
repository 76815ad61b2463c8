"""The values a merge could not keep (``session.conflicts``), said so an SC can decide, and
put back when the SC takes the other one.

A conflict's ``path`` names where the value belongs (facilitator/merge/): a field of the session
(``title``, ``review``), of one of its objects (``next_meeting/date``, ``board/vision``), of an
item (``ideas/<id>/text``, ``steps/<id>/notes``, ``board.items/<id>/text``, an attendee by name
key), or a whole item one side deleted while the other edited it (``ideas/<id>``). ``value`` is the
other value as it is in the file's JSON; ``by`` the writer token and ``at`` the logical clock of
the version it came from (not a wall-clock time).

Here, pure and without the UI: :func:`describe` (which item, the value kept now and the other
one, whose and which change, as sentences in the UI language) and :func:`apply_other` (the
other value put in its place, checked as the loader checks a file). The meeting's rules
(``facilitator.meeting.conflicts``) call it and count the change, so it saves and merges like
any edit. Conflicts are never in the minutes (facilitator/export/ does not read them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from facilitator.i18n import Labels, t
from facilitator.merge.bookkeeping import attendee_key, forget_tombstone
from facilitator.model import Conflict, Session
from facilitator.text import for_display

# The collections as named in conflict paths (merge/items.py), and where their list is.
COLLECTIONS = ("attendees", "steps", "issues", "questions", "ideas", "handoffs", "homework", "board.items")
_SHOWN = 400  # characters of a value shown (the dialog wraps them)
_NAMED = 30  # characters of an item's text when it names the item


class ConflictGone(LookupError):
    """The item the conflict is about is no longer in the session (deleted since)."""


@dataclass(frozen=True)
class Where:
    """A conflict path, read: ``collection``/``key`` for an item (None for the session's own
    fields) and the field names under it (empty: the whole item)."""

    collection: str | None
    key: str | None
    fields: tuple[str, ...]


@dataclass(frozen=True)
class ConflictView:
    """One conflict as the SC reads it."""

    item: str  # 意見「サロンでスマホ教室」の文
    current: str  # the value kept now
    other: str  # the value the merge did not keep
    source: str  # whose and which change the other value was: 別の画面・12番目の変更 (a name where presence knows one)


_MISSING = object()

# How the places a conflict can be are called (the UI language, read when shown).
_WHAT = Labels({
    "attendees": "conflicts.what.attendees",
    "steps": "conflicts.what.steps",
    "issues": "conflicts.what.issues",
    "questions": "conflicts.what.questions",
    "ideas": "conflicts.what.ideas",
    "handoffs": "conflicts.what.handoffs",
    "homework": "conflicts.what.homework",
    "board.items": "conflicts.what.board.items",
})
_OBJECT = Labels({
    "body": "conflicts.object.body",
    "next_meeting": "conflicts.object.next_meeting",
    "board": "conflicts.object.board",
})
_FIELD = Labels({
    "title": "conflicts.field.title",
    "date": "conflicts.field.date",
    "place": "conflicts.field.place",
    "start_time": "conflicts.field.start_time",
    "end_time": "conflicts.field.end_time",
    "review": "conflicts.field.review",
    "notes": "conflicts.field.notes",
    "purpose": "conflicts.field.purpose",
    "text": "conflicts.field.text",
    "author": "conflicts.field.author",
    "kind": "conflicts.field.kind",
    "status": "conflicts.field.status",
    "owner": "conflicts.field.owner",
    "due": "conflicts.field.due",
    "action": "conflicts.field.action",
    "contact": "conflicts.field.contact",
    "detail": "conflicts.field.detail",
    "role": "conflicts.field.role",
    "category": "conflicts.field.category",
    "solvable": "conflicts.field.solvable",
    "department": "conflicts.field.department",
    "column": "conflicts.field.column",
    "name": "conflicts.field.name",
    "vision": "conflicts.field.vision",
    "layer": "conflicts.field.layer",
    "issue_id": "conflicts.field.issue_id",
    "reason": "conflicts.field.reason",
    "since": "conflicts.field.since",
    "source": "conflicts.field.source",
})


def _items(data: dict[str, Any], collection: str) -> list[Any]:
    if collection == "board.items":
        board = data.get("board")
        return board.get("items", []) if isinstance(board, dict) else []
    found = data.get(collection)
    return found if isinstance(found, list) else []


def _key_of(collection: str, item: Any) -> str | None:
    if not isinstance(item, dict):
        return None
    if collection == "attendees":
        name = item.get("name")
        return attendee_key(name) if isinstance(name, str) else None
    value = item.get("id")
    return value if isinstance(value, str) else None


def _find(data: dict[str, Any], collection: str, key: str) -> dict[str, Any] | None:
    return next((i for i in _items(data, collection) if _key_of(collection, i) == key), None)


def where(path: str, data: dict[str, Any] | None = None) -> Where:
    """``path`` read. An attendee's name key may hold "/": with ``data`` (the session as a dict),
    the longest key that is an item wins."""
    parts = path.split("/")
    if parts[0] not in COLLECTIONS or len(parts) < 2:
        return Where(None, None, tuple(parts))
    collection = parts[0]
    if data is not None:
        for end in range(len(parts), 1, -1):
            key = "/".join(parts[1:end])
            if _find(data, collection, key) is not None:
                return Where(collection, key, tuple(parts[end:]))
    if collection == "attendees" and data is None:
        return Where(collection, "/".join(parts[1:]), ())  # pragma: no cover - not guessed
    return Where(collection, parts[1], tuple(parts[2:]))


def _value_at(data: dict[str, Any], w: Where) -> Any:
    node: Any = data
    if w.collection is not None:
        node = _find(data, w.collection, w.key or "")
        if node is None:
            return _MISSING
    for name in w.fields:
        if not isinstance(node, dict) or name not in node:
            return None
        node = node[name]
    return node


def _as_dict(session: Session) -> dict[str, Any]:
    from facilitator.session_json import session_to_dict

    return session_to_dict(session)


# -- describing ------------------------------------------------------------------------------


def _short(text: str, limit: int = _SHOWN) -> str:
    one = " ".join(for_display(text).split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def _shown(value: Any, limit: int = _SHOWN) -> str:
    if value is _MISSING:
        return t("conflicts.deleted")
    if value is None or value == "" or value == []:
        return t("conflicts.empty")
    if isinstance(value, bool):
        return t("conflicts.yes") if value else t("conflicts.no")
    if isinstance(value, dict):  # a whole item: what it says
        for name in ("text", "title", "name", "action"):
            if isinstance(value.get(name), str) and value[name].strip():
                return _short(value[name], limit)
        return t("conflicts.an_item")
    if isinstance(value, list):
        return _short(t("conflicts.separator").join(str(v) for v in value), limit)
    return _short(str(value), limit)


def _label(key: str, table: Labels) -> str:
    return table[key] if key in table else for_display(key)


def _item_words(data: dict[str, Any], w: Where, other: Any) -> str:
    item = _find(data, w.collection or "", w.key or "")
    source = item if item is not None else other
    if isinstance(source, dict):
        shown = _shown(source, _NAMED)
    elif w.collection == "attendees":  # the key is the person's name
        shown = for_display(w.key or "")
    elif isinstance(other, str) and other.strip():  # the item is gone: its other text names it
        shown = _shown(other, _NAMED)
    else:  # never the internal id
        shown = t("conflicts.deleted")
    return t("conflicts.item", what=_label(w.collection or "", _WHAT), item=shown)


def describe(session: Session, conflict: Conflict, *, me: str | None = None,
             names: Mapping[str, str] | None = None) -> ConflictView:
    """``conflict`` as sentences. ``me``: this window's writer token (「この画面」); ``names``:
    writer tokens the app knows a person or PC for (presence), else 「別の画面」 (the token itself is never shown)."""
    data = _as_dict(session)
    w = where(conflict.path, data)
    if w.collection is None:
        field_words = [_label(f, _FIELD) for f in w.fields]
        if len(w.fields) > 1:
            item = t("conflicts.of", owner=_label(w.fields[0], _OBJECT), field=field_words[-1])
        else:
            item = field_words[0]
    elif not w.fields:
        item = t("conflicts.deleted_item", item=_item_words(data, w, conflict.value))
    else:
        item = t("conflicts.of", owner=_item_words(data, w, conflict.value), field=_label(w.fields[-1], _FIELD))
    current = _value_at(data, w)
    if not w.fields and w.collection is not None:
        current_text = t("conflicts.deleted") if current is _MISSING else t("conflicts.kept")
        other_text = t("conflicts.keep_item", text=_shown(conflict.value))
    else:
        current_text, other_text = _shown(current), _shown(conflict.value)
    if conflict.by is None:
        who = t("conflicts.by_unknown")
    elif conflict.by == me:
        who = t("conflicts.by_me")
    elif names and conflict.by in names:
        who = for_display(names[conflict.by])
    else:
        who = t("conflicts.by_other")  # never the writer token: it means nothing to the SC
    source = t("conflicts.source", who=who, at=conflict.at) if conflict.at is not None else who
    return ConflictView(item=item, current=current_text, other=other_text, source=source)


def settled(before: list[Conflict], after: list[Conflict]) -> list[Conflict]:
    """The conflicts of ``before`` no longer in ``after``: settled (kept or taken, in this window
    or in another one whose save came in). A settled value is a deliberate choice, so a field that
    shows that place takes the chosen value even while it is typed in. Compared by place and
    writer, not by object (a merge builds new ones) nor by value (a field being typed in keeps its
    one entry up to date: ``Meeting.keep_unmerged_text``); an exact match counts first."""
    left = list(after)
    gone = []
    for c in before:
        match = next((d for d in left if (d.path, d.by, d.value) == (c.path, c.by, c.value)), None) or next(
            (d for d in left if (d.path, d.by) == (c.path, c.by)), None)
        if match is None:
            gone.append(c)
        else:
            left.remove(match)
    return gone


# -- taking the other value ------------------------------------------------------------------


def apply_other(session: Session, conflict: Conflict) -> None:
    """Put ``conflict.value`` where ``conflict.path`` says, in ``session`` (in place): a field's
    value, or a deleted item back (its tombstone forgotten). The value is checked as a file's
    would be: SessionFormatError (a ValueError) if it can't be there; ConflictGone if the item
    the field belongs to is no longer in the session. ``session.conflicts`` is not changed."""
    from facilitator.session_load import session_from_dict

    data = _as_dict(session)
    w = where(conflict.path, data)
    value = conflict.value
    if w.collection is not None:
        items = _items(data, w.collection)
        found = _find(data, w.collection, w.key or "")
        if not w.fields:  # a whole item, deleted here: back, where it was not
            if not isinstance(value, dict):
                raise ValueError(conflict.path)
            if found is not None:
                items[items.index(found)] = value
            else:
                items.append(value)
        else:
            if found is None:
                raise ConflictGone(conflict.path)
            _put(found, w.fields, value)
    else:
        _put(data, w.fields, value)
    new = session_from_dict(data)
    _copy_over(session, new, w)


def _put(node: dict[str, Any], names: tuple[str, ...], value: Any) -> None:
    for name in names[:-1]:
        inner = node.get(name)
        if not isinstance(inner, dict):
            inner = node[name] = {}
        node = inner
    node[names[-1]] = value


def _set_field(target: Any, source: Any, name: str) -> None:
    if is_dataclass(target) and name in {f.name for f in fields(target)}:
        setattr(target, name, getattr(source, name))
    elif hasattr(target, "extra"):
        if name in source.extra:
            target.extra[name] = source.extra[name]
        else:
            target.extra.pop(name, None)


def _live_items(session: Session, collection: str) -> list[Any]:
    return session.board.items if collection == "board.items" else getattr(session, collection)


def _live_key(collection: str, item: Any) -> str:
    return attendee_key(item.name) if collection == "attendees" else item.id


def _copy_over(session: Session, new: Session, w: Where) -> None:
    """From the checked copy ``new``, only the part the conflict is about into ``session``."""
    if w.collection is None:
        top = w.fields[0]
        if len(w.fields) == 1 or getattr(session, top, None) is None:
            _set_field(session, new, top)
        else:
            _set_field(getattr(session, top), getattr(new, top), w.fields[1])
        return
    live = _live_items(session, w.collection)
    fresh = _live_items(new, w.collection)
    new_item = next(i for i in fresh if _live_key(w.collection, i) == w.key)
    old_item = next((i for i in live if _live_key(w.collection, i) == w.key), None)
    if not w.fields:
        if old_item is not None:
            live[live.index(old_item)] = new_item
        else:
            live.insert(min(fresh.index(new_item), len(live)), new_item)
        forget_tombstone(session, w.collection, w.key or "")
        return
    assert old_item is not None
    if len(w.fields) == 1:
        _set_field(old_item, new_item, w.fields[0])
    else:
        _set_field(getattr(old_item, w.fields[0]), getattr(new_item, w.fields[0]), w.fields[1])
