"""Many sessions anonymised as one document (the year's activity report, ``kyogitai report
--anonymize``): the guarantee of an anonymised export, with one set of labels for them all.

:class:`Anonymizer` collects the people of every session it is given (``People``: the sessions
counted first, oldest first, then the other sessions whose names are only to be masked) and
masks with one :class:`Masker`, so the same person has the same label in every session and every
body of the document, and a name known from any of them is masked in all of them. Each session is
cleaned through the export's allow-list (``allowlist.SESSION``).

Names that group figures (a body's name, a theme, a 担当課) must still group them as before:
:func:`distinct` masks each group's name once, and never gives two groups one masked name
(「山田さんの会」 and 「田中さんの会」 become 「○○さんの会」 and 「○○さんの会 (2)」), so that anonymising
changes the words of a report and never its numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from facilitator.anonymize.allowlist import CONTACT, PERSON, ROLE, SESSION, TEXT, clean
from facilitator.anonymize.masking import Masker
from facilitator.anonymize.people import People, collect
from facilitator.model import Session
from facilitator.session_json import session_to_dict
from facilitator.session_load import session_from_dict

__all__ = ["Anonymizer", "distinct", "leaves"]


def leaves(people: People, mask: Masker) -> Callable[[str, Any], Any]:
    """What the allow-list does with each kind of leaf (``allowlist.clean``'s ``apply``)."""

    def apply(kind: str, value: Any) -> Any:
        if not isinstance(value, str):
            return value if value is None else None
        if kind == TEXT:
            return mask(value)
        if kind == PERSON:
            return people.person(value)
        if kind == CONTACT:
            return people.contact(value)
        if kind == ROLE:
            return None  # the label says the role already
        raise AssertionError(kind)  # pragma: no cover

    return apply


class Anonymizer:
    """One set of labels and one masker for ``sessions`` (labelled in that order) and ``known``
    (sessions whose names are masked too: the same bodies' other years)."""

    def __init__(self, sessions: Iterable[Session], known: Iterable[Session] = ()) -> None:
        docs: list[dict[str, Any]] = []
        seen: set[str] = set()
        for s in (*sessions, *known):
            if s.id not in seen:
                seen.add(s.id)
                docs.append(session_to_dict(s))
        self.people = collect(docs)
        self.mask = Masker(self.people)
        self._apply = leaves(self.people, self.mask)

    def session(self, session: Session) -> Session:
        """A copy with only what the allow-list keeps, people as labels, names in text masked."""
        return session_from_dict(clean(session_to_dict(session), SESSION, self._apply))

    def text(self, value: str | None) -> str | None:
        """Free text with its names masked."""
        return self.mask(value) if isinstance(value, str) else value


def distinct(values: Iterable[str], key: Callable[[str], str], mask: Callable[[str], str]) -> dict[str, str]:
    """``key`` of each value → its masked form, one per key (the first value met spells it),
    no two keys sharing one: a name masking left as it was keeps it; a masked one already taken
    gets 「 (2)」, 「 (3)」 …"""
    first: dict[str, str] = {}
    for v in values:
        first.setdefault(key(v), v)
    masked = {k: mask(v) for k, v in first.items()}
    out: dict[str, str] = {}
    taken: set[str] = set()
    for k, m in masked.items():  # unchanged names first: they are what they were
        if key(m) == k:
            out[k] = m
            taken.add(k)
    for k, m in masked.items():
        if k in out:
            continue
        candidate, n = m, 2
        while key(candidate) in taken:
            candidate, n = f"{m} ({n})", n + 1
        out[k] = candidate
        taken.add(key(candidate))
    return out

