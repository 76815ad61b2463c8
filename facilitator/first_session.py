"""A new body's first session, made in the app: the name checked, the layer, the first title.

The home screen's n with no body selected (always, on an empty store) asks for a new body: its
name, its layer (第1層, 第2層, 部会 …), the date, the place and the template. These are the rules
that form follows (the screen only asks and shows):
- the name is one line, not empty, and not a body the store already has (bodies match by
  ``text.body_key``: NFKC, spaces collapsed) — that body's next meeting is its own n;
- the layer is what was typed; left empty, it is read from the name when the name says it
  (「C町 第1層協議体」 → 第1層, 「移動部会」 → 部会), else there is none;
- the date is read as people type it (``dates.parse_date``); the place may be empty;
- the template is the one chosen, the default if it is unknown;
- the title is the first one the plan gives (``next_session``): 「第1回」 for a counted
  template, the template's own title for a one-off one (設置時プレ会議 …).
A refusal names the field it is about, so the form can put the cursor there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from facilitator.dates import parse_date
from facilitator.i18n import t
from facilitator.next_session import default_title, plan_next
from facilitator.templates import DEFAULT_TEMPLATE_ID, Template
from facilitator.text import body_key, clean_line

# What the layer field suggests as you type (a town may name its layers otherwise).
LAYER_SUGGESTIONS = ("第1層", "第2層", "第3層", "部会")

_KANJI_DIGITS = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5"}
_LAYER_IN_NAME = re.compile(r"第\s*([1-9一二三四五])\s*層")


class FirstSessionError(ValueError):
    """What the SC typed can't make a first session; ``field`` is the form field it is about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class FirstSessionPlan:
    body: str
    layer: str | None
    on: date
    place: str | None
    template: Template
    title: str


def check_body_name(name: str, existing: Iterable[str] = ()) -> str:
    """The body's name as it will be stored (one line, trimmed); refused when empty or when
    ``existing`` (the store's bodies) has it already."""
    cleaned = clean_line(name)
    if not cleaned:
        raise FirstSessionError("body", t("first.need_body"))
    key = body_key(cleaned)
    for other in existing:
        if body_key(other) == key:
            raise FirstSessionError("body", t("first.body_exists", body=clean_line(other)))
    return cleaned


def layer_from_name(name: str) -> str | None:
    """The layer a body's name says: 「第1層」 (also 第１層, 第一層), 「部会」; else None."""
    text = unicodedata.normalize("NFKC", name)
    m = _LAYER_IN_NAME.search(text)
    if m:
        return f"第{_KANJI_DIGITS.get(m.group(1), m.group(1))}層"
    if "部会" in text:
        return "部会"
    return None


def first_layer(typed: str, body: str) -> str | None:
    """The layer typed (one line), else the one the body's name says."""
    return clean_line(typed) or layer_from_name(body)


def first_title(template: Template, templates: Sequence[Template]) -> str:
    """The title of a body's first session with ``template``: the plan of a body with no past
    sessions numbers it 1 (「第1回」); a one-off template keeps its own title."""
    number = plan_next([], templates, date.min).number
    return default_title(template, number if template.numbered else None)


def plan_first(
    *,
    body: str,
    layer: str,
    day: str,
    place: str,
    template_id: str,
    templates: Sequence[Template],
    existing_bodies: Iterable[str] = (),
) -> FirstSessionPlan:
    """The first session of a new body from what the form's fields hold (as typed).

    Raises ``FirstSessionError`` naming the field: an empty or existing name, a date that
    can't be read."""
    name = check_body_name(body, existing_bodies)
    try:
        on = parse_date(day)
    except ValueError as e:
        raise FirstSessionError("date", str(e)) from None
    by_id = {x.id: x for x in templates}
    template = by_id.get(template_id) or by_id.get(DEFAULT_TEMPLATE_ID) or templates[0]
    return FirstSessionPlan(
        body=name,
        layer=first_layer(layer, name),
        on=on,
        place=clean_line(place) or None,
        template=template,
        title=first_title(template, templates),
    )
