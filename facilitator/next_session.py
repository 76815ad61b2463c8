"""Planning a body's next session: its date, its template and its 「第N回」 title.

One rule for every way a session is made (the home screen's n, ``kyogitai new``, the demo):
- the date is the one the latest session planned for its next meeting, if that is after the
  latest session's own date; otherwise today;
- the template is the latest session's, unless that one is not counted (設置時プレ会議,
  成果報告会 …: ``numbered = false``), then the default;
- the number counts the body's sessions held with counted templates, plus one; a counted
  built-in template's title is 「第N回」, a user template's 「第N回 <template title>」, and an
  uncounted template's title is the template's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from facilitator.i18n import t
from facilitator.templates import DEFAULT_TEMPLATE_ID, Template


@dataclass(frozen=True)
class PastSession:
    """What the plan needs of one of the body's sessions (an index row or a Session)."""

    template: str
    date: str  # ISO
    next_date: str | None = None  # the date it planned for the next meeting (ISO), if any


@dataclass(frozen=True)
class NextSessionPlan:
    on: date
    template_id: str
    number: int  # 第N回 if the session's template is counted


def planned_day(latest: PastSession | None, today: date) -> date:
    """The latest session's planned next date when it lies after that session; else today."""
    if latest is not None and latest.next_date and latest.next_date > latest.date:
        try:
            return date.fromisoformat(latest.next_date)
        except ValueError:
            pass  # not an ISO date: the plan falls back to today
    return today


def uncounted(templates: Iterable[Template]) -> frozenset[str]:
    """Ids of the templates whose sessions are not counted as 「第N回」."""
    return frozenset(x.id for x in templates if not x.numbered)


def plan_next(past: Sequence[PastSession], templates: Sequence[Template], today: date) -> NextSessionPlan:
    """The next session of a body whose sessions are ``past``, oldest first (the store's order:
    date, then creation)."""
    one_off = uncounted(templates)
    latest = past[-1] if past else None
    held = sum(1 for p in past if p.template not in one_off)
    template_id = DEFAULT_TEMPLATE_ID
    if latest is not None and latest.template not in one_off and latest.template in {x.id for x in templates}:
        template_id = latest.template
    return NextSessionPlan(on=planned_day(latest, today), template_id=template_id, number=held + 1)


def default_title(template: Template, number: int | None) -> str:
    """The title a session gets when nobody typed one (in the UI language of the day)."""
    if number is None or not template.numbered:
        return template.title
    if template.is_builtin:
        return t("carryover.title", number=number)
    return t("carryover.title_with_template", number=number, template=template.title)
