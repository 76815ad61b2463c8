"""Anonymised exports (``kyogitai export ID --format … --anonymize``): what they guarantee.

The session and the sessions quoted with it are cleaned as documents through an allow-list
(``allowlist.py``): a field not known to be free of personal data is replaced or dropped —
unknown fields at any level, ``conflicts``, ``self_check``, the merge's ``deleted`` and
``clock`` are dropped; attendees, authors, owners, leads, the recorder, ``review_by`` and
contacts are always replaced by labels (``people.py``: a role such as 「民生委員A」, else 「参加者A」,
a contact that is none of the people 「連絡先A」), the same label for the same person throughout;
in every free text every name the body's sessions know (roster, authors, owners, leads, recorder,
review_by, contacts — of this session, the previous one and the body's others) is replaced by its
label, matched after NFKC with or without spaces, and any other word before さん/様/氏/くん/ちゃん
is masked as 「○○」 (``masking.py``). Every export format renders the cleaned session, so the
guarantee holds for each (md, html, csv, json, docx, xlsx, ics and any added later).

Many sessions as one document (the year's report, ``kyogitai report --anonymize``): ``many.py``,
one set of labels for all of them.

What it cannot promise: a name written in free text that the sessions never name and that has no
honorific (「田中が来た」) stays, and so do ids a person typed by hand into a file.
"""

from __future__ import annotations

from collections.abc import Iterable

from facilitator.anonymize.allowlist import SESSION, clean
from facilitator.anonymize.many import Anonymizer, leaves
from facilitator.anonymize.masking import Masker
from facilitator.anonymize.people import People, collect
from facilitator.model import Session
from facilitator.session_json import session_to_dict
from facilitator.session_load import session_from_dict

__all__ = ["Anonymizer", "anonymize", "name_map"]


def name_map(session: Session, previous: Session | None = None, others: Iterable[Session] = ()) -> dict[str, str]:
    """person key → label for everyone the sessions name (contacts that are people included)."""
    people = _people(session, previous, others)
    return {**people.contacts, **people.labels}


def _documents(session: Session, previous: Session | None, others: Iterable[Session]) -> list[dict]:  # type: ignore[type-arg]
    seen = {session.id} | ({previous.id} if previous is not None else set())
    docs = [session_to_dict(session)] + ([session_to_dict(previous)] if previous is not None else [])
    for other in others:
        if other.id not in seen:
            seen.add(other.id)
            docs.append(session_to_dict(other))
    return docs


def _people(session: Session, previous: Session | None, others: Iterable[Session]) -> People:
    return collect(_documents(session, previous, others))


def anonymize(session: Session, previous: Session | None = None,
              others: Iterable[Session] = ()) -> tuple[Session, Session | None]:
    """Copies of the session (and the previous one, whose hand-offs the minutes quote) with only
    what the allow-list keeps, people replaced by their labels and names in free text masked.
    ``others``: the body's other sessions, whose names are masked too. The originals are not
    touched."""
    people = _people(session, previous, others)
    apply = leaves(people, Masker(people))

    def one(s: Session) -> Session:
        return session_from_dict(clean(session_to_dict(s), SESSION, apply))

    return one(session), (one(previous) if previous is not None else None)
