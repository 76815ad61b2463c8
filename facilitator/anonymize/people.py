"""Who an anonymised export must hide, and the label each one gets.

Everyone a body's sessions name is a person to hide: attendees, idea authors, homework owners,
step leads, the recorder, who gave the 総評 (``review_by``) and hand-off contacts, in this
session, the previous one and the body's others. One key per person (:func:`person_key`: NFKC,
case-folded, without spaces or a trailing honorific, so 「高橋健」, 「高橋 健」 and 「高橋 健さん」 are
one person), one label per key, the same throughout the document:

- attendees with a role get the role (「民生委員」; several with one role 「民生委員A」「民生委員B」),
  people without one 「参加者A」「参加者B」…, attendees first in roster order, then the others in
  the order met;
- a contact who is none of those people (「社協 田中」, 「役場 福祉課」) gets 「連絡先A」…: a contact is
  replaced whatever it is, a person's name or an office's.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from facilitator.i18n import t

# A word followed by one of these is someone's name (山田さん, 田中様, 鈴木氏, 健くん, はなちゃん).
HONORIFICS = ("さん", "様", "さま", "氏", "くん", "君", "ちゃん")
_SPACES = re.compile(r"\s+")
_TRAILING_HONORIFIC = re.compile("(?:" + "|".join(HONORIFICS) + r")$")
_PARENTHESES = re.compile(r"[(（][^)）]*[)）]")

# The fields that name one person each (docs/session-format.md; recorder, review_by and
# steps[].lead came with the minutes' fields). Contacts are collected apart: see the module doc.
PERSON_FIELDS = ("author", "owner", "lead")
# Words that stand for a role in a person's field (a step's lead, a homework owner), not a name.
ROLE_WORDS = frozenset({
    "sc", "生活支援コーディネーター", "コーディネーター", "アドバイザー", "事務局", "司会", "進行", "座長",
    "会長", "副会長", "委員長", "全員", "みんな", "参加者", "社協", "役場", "包括", "地域包括支援センター",
})
SESSION_PERSON_FIELDS = ("recorder", "review_by")


def person_key(name: str) -> str:
    """The matching form of a person's name: NFKC, case-folded, without spaces, without a
    trailing honorific."""
    key = _SPACES.sub("", unicodedata.normalize("NFKC", name).casefold())
    return _TRAILING_HONORIFIC.sub("", key) or key


def _letters() -> list[str]:
    letters = list(string.ascii_uppercase)
    return letters + [a + b for a in letters for b in letters]


@dataclass
class People:
    """The people of a set of session documents (plain dicts) and their labels."""

    labels: dict[str, str] = field(default_factory=dict)  # person_key -> label
    spellings: dict[str, set[str]] = field(default_factory=dict)  # person_key -> names as written
    contacts: dict[str, str] = field(default_factory=dict)  # person_key of a contact -> label
    contact_spellings: dict[str, set[str]] = field(default_factory=dict)
    roster: set[str] = field(default_factory=set)  # person_keys of attendees' names
    roles: set[str] = field(default_factory=set)  # person_keys of attendees' roles

    def is_role(self, name: str) -> bool:
        """Whether a value in a person's field is a role, not a name (a lead 「SC」, an owner
        「事務局」): replaced in its field like a name, but not masked throughout the text, where the
        word means the role (「SCに託す」). A roster name is never a role."""
        key = person_key(name)
        return key not in self.roster and (key in self.roles or key in ROLE_WORDS)

    def person(self, name: Any) -> Any:
        """The label of a person's name (always one: every name met got one)."""
        if not isinstance(name, str) or not name.strip():
            return name
        key = person_key(name)
        return self.labels.get(key) or self.contacts.get(key) or t("privacy.participant")

    def contact(self, value: Any) -> Any:
        """A contact's label: the person's when it is one of the people, else a contact label."""
        if not isinstance(value, str) or not value.strip():
            return value
        key = person_key(value)
        return self.labels.get(key) or self.contacts.get(key) or t("privacy.contact_label", letter="")

    def names(self) -> Iterable[str]:
        """Every spelling of every person and contact met (for masking free text)."""
        for group in (self.spellings, self.contact_spellings):
            for names in group.values():
                yield from names


def collect(documents: Iterable[dict[str, Any]]) -> People:
    """The people of ``documents`` (session dicts, the exported one first) with their labels."""
    docs = list(documents)
    order: list[tuple[str, str | None]] = []  # (key, role)
    seen: set[str] = set()
    people = People()

    aliases: dict[str, str] = {}  # 「佐々木 誠（アドバイザー）」 → the key of 「佐々木 誠」, met before

    def add(name: Any, role: Any = None) -> None:
        if not isinstance(name, str) or not name.strip():
            return
        key = person_key(name)
        if not key:
            return
        bare = person_key(without_parentheses(name))
        if key not in seen and bare != key and bare in seen:
            aliases[key] = bare
            people.spellings.setdefault(bare, set()).add(name)
            return
        people.spellings.setdefault(key, set()).add(name)
        if key not in seen:
            seen.add(key)
            order.append((key, role.strip() if isinstance(role, str) and role.strip() else None))

    for doc in docs:
        for a in _items(doc, "attendees"):
            add(a.get("name"), a.get("role"))
            if isinstance(a.get("name"), str) and a["name"].strip():
                people.roster.add(person_key(a["name"]))
            if isinstance(a.get("role"), str) and a["role"].strip():
                people.roles.add(person_key(a["role"]))
    for doc in docs:
        for f in SESSION_PERSON_FIELDS:
            add(doc.get(f))
        for collection in ("ideas", "homework", "steps"):
            for item in _items(doc, collection):
                for f in PERSON_FIELDS:
                    add(item.get(f))
    anonymous = t("privacy.participant")
    by_role: dict[str, list[tuple[str, str | None]]] = {}
    for key, role in order:
        by_role.setdefault(unicodedata.normalize("NFKC", role or anonymous).casefold(), []).append((key, role))
    letters = _letters()
    for group in by_role.values():
        for n, (key, role) in enumerate(group):
            alone = len(group) == 1 and role is not None
            letter = letters[n] if n < len(letters) else str(n + 1)
            people.labels[key] = role if alone and role else t("privacy.label", role=role or anonymous, letter=letter)
    for key, bare in aliases.items():
        people.labels[key] = people.labels[bare]
    n = 0
    for doc in docs:
        for h in _items(doc, "handoffs"):
            value = h.get("contact")
            if not isinstance(value, str) or not value.strip():
                continue
            key = person_key(value)
            if key in people.labels:
                people.spellings.setdefault(key, set()).add(value)
                continue
            people.contact_spellings.setdefault(key, set()).add(value)
            if key not in people.contacts:
                letter = letters[n] if n < len(letters) else str(n + 1)
                people.contacts[key] = t("privacy.contact_label", letter=letter)
                n += 1
    return people


def name_parts(name: str) -> list[str]:
    """A name's parts worth masking on their own (山田, 花子 of 「山田 花子」): two characters or more,
    not ASCII (「鈴木 SC」's SC is no one's name)."""
    parts = _SPACES.split(unicodedata.normalize("NFKC", name).strip())
    if len(parts) < 2:
        return []
    return [p for p in parts if len(p) >= 2 and not p.isascii()]


def without_parentheses(name: str) -> str:
    """「佐藤（事務局）」 → 「佐藤」."""
    return _PARENTHESES.sub("", name).strip()


def _items(doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = doc.get(key)
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []
