"""The year's report with names hidden (``kyogitai report --anonymize``, docs/report.md): the
sessions it counts and the year plan are cleaned before anything is counted, as an anonymised
export cleans a session (``facilitator.anonymize``: the allow-list, people as labels, names in
free text and words before an honorific masked).

One set of labels for the whole report, across every body in it: the same person (a 民生委員 in
the 第1層 and a 第2層) is one label throughout, and one label is never two people. Names are
known from the reported sessions and from the same bodies' sessions of other years (as an
export knows the body's other sessions), so a name from an earlier roster is masked too.

Anonymising changes the words of the report, never its numbers: a body, a theme and a 担当課
group the figures by name, so each is masked once and two are never given one masked name
(``anonymize.many.distinct``); the facilitator's self-check keeps its answers (0–3, counted) and
its note is replaced by 「○○」 (never shown, but it makes a meeting count as self-checked).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from facilitator.anonymize.many import Anonymizer, distinct
from facilitator.i18n import t
from facilitator.model import SelfCheck, Session
from facilitator.plan.model import Lane, Plan, PlannedMeeting
from facilitator.report.counting import line
from facilitator.self_check import valid_answers
from facilitator.store import Store
from facilitator.store.reading import Parsed, session_order_key
from facilitator.text import body_key

__all__ = ["anonymize_year", "other_years"]


def other_years(store: Store, sessions: Sequence[Session]) -> list[Session]:
    """The readable sessions of the same bodies, whatever their date (one pass over the store;
    only those bodies' files decoded)."""
    keys = {body_key(s.body.name) for s in sessions}
    if not keys:
        return []

    def keep(p: Parsed) -> bool:
        return p.body_key() in keys

    return [s for s, _ in store.scan(keep=keep).sessions]


def anonymize_year(sessions: Sequence[Session], plan: Plan | None, known: Iterable[Session] = ()
                   ) -> tuple[list[Session], Plan | None, Callable[[str], str]]:
    """Cleaned copies of ``sessions`` (in their order) and of ``plan``, and the masker (for the
    other text the report shows, such as the names of files it could not read). ``known``:
    sessions whose names are masked too (labels go first to the counted sessions, oldest first)."""
    year = sorted(sessions, key=session_order_key)
    a = Anonymizer(year, known)
    lanes = plan.lanes if plan is not None else []
    bodies = distinct([*(s.body.name for s in reversed(year)), *(x.name for x in lanes)], body_key, a.mask)
    themes = distinct([th for s in year for item in (*s.issues, *s.ideas) for th in item.themes], line, a.mask)
    departments = distinct([d for s in year for d in (*(i.department for i in s.ideas),
                                                       *(c.department for c in s.board.items))
                            if isinstance(d, str)], line, a.mask)

    def one(s: Session) -> Session:
        out = a.session(s)
        out.body.name = bodies[body_key(s.body.name)]
        for before, after in zip(s.issues, out.issues):
            after.themes = [themes[line(th)] for th in before.themes]
        for before_idea, idea in zip(s.ideas, out.ideas):
            idea.themes = [themes[line(th)] for th in before_idea.themes]
            if isinstance(before_idea.department, str):
                idea.department = departments[line(before_idea.department)]
        for before_card, card in zip(s.board.items, out.board.items):
            if isinstance(before_card.department, str):
                card.department = departments[line(before_card.department)]
        out.self_check = _self_check(s.self_check)
        return out

    return [one(s) for s in sessions], _plan(plan, bodies, a), a.mask


def _self_check(check: SelfCheck | None) -> SelfCheck | None:
    """What the report counts of a self-check: the answers, and whether there is a note."""
    if check is None:
        return None
    return SelfCheck(answers=valid_answers(check), note=t("privacy.masked") if (check.note or "").strip() else None)


def _plan(plan: Plan | None, bodies: dict[str, str], a: Anonymizer) -> Plan | None:
    """The plan with its names masked: lanes named as the bodies are, themes, places and 備考
    masked; its conflicts (values as typed), clock and unknown fields left out."""
    if plan is None:
        return None
    lanes = [Lane(id=x.id, name=bodies[body_key(x.name)], kind=x.kind, layer=a.text(x.layer)) for x in plan.lanes]
    meetings = [PlannedMeeting(id=m.id, lane=m.lane, month=m.month, theme=a.mask(m.theme), date=m.date,
                               start_time=m.start_time, place=a.text(m.place), session_id=m.session_id)
                for m in plan.meetings]
    return Plan(fiscal_year=plan.fiscal_year, lanes=lanes, meetings=meetings,
                notes={month: a.mask(text) for month, text in plan.notes.items()},
                deleted={k: list(v) for k, v in plan.deleted.items()}, updated_at=plan.updated_at)
