"""Personal information: who may read the files, and minutes without residents' names.

Session files name residents. Two rules live here:

**File modes.** Everything kyogitai writes that holds names — session files, backups, exports —
is created owner-only (0600, folders 0700) where the OS has POSIX modes. A store that several SCs
share (a group-owned folder on a file server, used by several accounts) says so in
``<store>/settings.toml`` (or, as round 1 had it, ``<store>/.kyogitai/settings.toml``)::

    shared = true

and its files are then 0660 and the folders the app makes 2770 (group-writable, the group
inherited), whatever each user's umask: the modes are set with chmod after each mkdir and
write, never left to the umask. The mode follows the setting at every save, so turning it on or
off takes effect file by file as sessions are saved (``chmod`` the rest by hand, or open and
close them). On Windows, modes mean little (the folder's ACL decides): keep a shared store on a
share only the SCs can open. The index is per user and machine (``facilitator.index.place``)
and always owner-only.

**Anonymised exports.** ``kyogitai export ID --format … --anonymize`` replaces the people in the
minutes with consistent labels: attendees with a role become that role (「民生委員」, two of them
「民生委員A」「民生委員B」), people without one become 「参加者A」「参加者B」…; the same person is the same
label everywhere in the document (attendees, idea authors, homework owners, hand-off contacts,
quoted ideas). Names that appear only as an idea author or homework owner (not on the roster)
get labels too. A hand-off contact or department that is not a person on the roster
(「社協 地域福祉係」「役場 福祉課」) is an organisation and stays. Names written inside free text
(an idea that says 「山田さんが…」) cannot be found reliably and are NOT replaced: the CLI says so.
The merge's bookkeeping that can hold names (``conflicts``, the attendees' tombstones) is left
out of an anonymised copy.
"""

from __future__ import annotations

import copy
import string
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitator.i18n import t
from facilitator.text import normalize

if TYPE_CHECKING:  # file_mode() runs at start: the model is not needed for it
    from facilitator.model import Session

# Where the settings are, first found wins: the store's own, then where round 1 kept them.
SETTINGS_FILES = (Path("settings.toml"), Path(".kyogitai") / "settings.toml")
PRIVATE_MODE = 0o600
SHARED_MODE = 0o660
PRIVATE_FOLDER_MODE = 0o700
SHARED_FOLDER_MODE = 0o2770  # setgid: files made inside keep the folder's group


def read_settings(store_root: Path | str) -> dict[str, Any]:
    """``<store>/settings.toml`` (else ``<store>/.kyogitai/settings.toml``) as a dict; {} when
    missing or unreadable (the app must open anyway: an unreadable settings file means the
    defaults, which are the private ones)."""
    for name in SETTINGS_FILES:
        try:
            with open(Path(store_root) / name, "rb") as f:
                data = tomllib.load(f)
        except FileNotFoundError:
            continue
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            return {}
        return data if isinstance(data, dict) else {}
    return {}


def is_shared(store_root: Path | str) -> bool:
    """Whether the store's setting says it is shared (``shared = true``; only a real boolean)."""
    return read_settings(store_root).get("shared") is True


def file_mode(store_root: Path | str) -> int:
    """The mode for files holding names in this store: 0600, or 0660 when shared."""
    return SHARED_MODE if is_shared(store_root) else PRIVATE_MODE


def folder_mode(store_root: Path | str) -> int:
    """The mode for folders the app makes in this store: 0700, or 2770 when shared."""
    return SHARED_FOLDER_MODE if is_shared(store_root) else PRIVATE_FOLDER_MODE


def export_mode(store_root: Path | str | None) -> int:
    """The mode for an export: the store's file mode (private unless the store is shared)."""
    return PRIVATE_MODE if store_root is None else file_mode(store_root)


# ---------------------------------------------------------------------------------------
# Anonymising

# The labels are worded in the UI language (facilitator/i18n.py, [privacy]): 参加者A / Participant A.
# What the CLI says after an anonymised export is the catalogue's cli.anonymize_note.


def _letters() -> list[str]:
    letters = list(string.ascii_uppercase)
    return letters + [a + b for a in letters for b in letters]


def name_map(session: Session, previous: Session | None = None) -> dict[str, str]:
    """person key (``text.normalize``d name) → label, consistent across the whole document.

    Attendees first, in roster order (their role is the label; several with one role, or people
    without a role, get letters); then names seen only as idea authors or homework owners.
    """
    people: list[tuple[str, str | None]] = []  # (key, role)
    seen: set[str] = set()

    def add(name: str | None, role: str | None = None) -> None:
        if not name or not name.strip():
            return
        key = normalize(name)
        if key and key not in seen:
            seen.add(key)
            people.append((key, (role or "").strip() or None))

    for s in (session, previous) if previous is not None else (session,):
        for a in s.attendees:
            add(a.name, a.role)
    for s in (session, previous) if previous is not None else (session,):
        for idea in s.ideas:
            add(idea.author)
        for hw in s.homework:
            add(hw.owner)
        add(s.recorder)
        add(s.review_by)
    anonymous = t("privacy.participant")
    by_role: dict[str, list[str]] = {}
    for key, role in people:
        by_role.setdefault(normalize(role or anonymous), []).append(key)
    labels: dict[str, str] = {}
    letters = _letters()
    roles = {key: role for key, role in people}
    for group in by_role.values():
        for n, key in enumerate(group):
            role = roles[key] or anonymous
            alone = len(group) == 1 and roles[key] is not None
            labels[key] = role if alone else t("privacy.label", role=role, letter=letters[n] if n < len(letters) else n + 1)
    return labels


def anonymize(session: Session, previous: Session | None = None) -> tuple[Session, Session | None]:
    """Copies of the session (and the previous one, whose hand-offs the minutes quote) with every
    person replaced by their label from :func:`name_map`. The originals are not touched."""
    labels = name_map(session, previous)
    roster = set(labels)

    def person(name: str | None) -> str | None:
        if name is None:
            return None
        return labels.get(normalize(name), name) if name.strip() else name

    def contact(value: str | None) -> str | None:
        # A contact is replaced only when it is a person we know (on the roster, or an author/owner).
        if value is not None and normalize(value) in roster:
            return labels[normalize(value)]
        return value

    def one(s: Session) -> Session:
        out = copy.deepcopy(s)
        for a in out.attendees:
            label = labels.get(normalize(a.name))
            if label is not None:
                a.name = label
                a.role = None  # the label already says the role
        for idea in out.ideas:
            idea.author = person(idea.author)
        for hw in out.homework:
            hw.owner = person(hw.owner)
        for h in out.handoffs:
            h.contact = contact(h.contact)
        out.recorder = person(out.recorder)
        out.review_by = person(out.review_by)
        for step in out.steps:  # a lead is often a role (SC, アドバイザー): replaced only when a person
            step.lead = contact(step.lead)
        out.conflicts = []  # values as typed, names among them
        out.deleted.pop("attendees", None)  # tombstones of attendees are their names
        return out

    return one(session), (one(previous) if previous is not None else None)
