"""困ったとき: hints for the facilitator when the room is stuck (F9 in the meeting screen).

Each hint is a situation an SC meets and a way to think about it, in the app's own words (the
catalogue ``[hints]`` in ``facilitator/locale/*.toml``: ``<id>_title`` and ``<id>``). Which hints
come first depends on the step the meeting is at: a hint names the panels where it is most
likely needed, and :func:`hints_for` lists those before the others (in-meeting situations before
the ones about the body as a whole, otherwise in the order below).

The hints are for the facilitator: the meeting screen never draws them on the wall without the
SC choosing to (README, 「困ったとき」). Plain data; no textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.i18n import Labels


@dataclass(frozen=True)
class Hint:
    id: str
    panels: tuple[str, ...]  # the step panels where this hint comes first
    in_meeting: bool  # a situation in the room now (else: about the body over months)

    @property
    def title(self) -> str:
        return TITLES[self.id]

    @property
    def text(self) -> str:
        return TEXTS[self.id]


HINTS: tuple[Hint, ...] = (
    # In the meeting itself.
    Hint("silence", ("ideas", "consult", "board", "issues"), True),
    Hint("requests", ("ideas", "handoff", "board"), True),
    Hint("one_voice", ("ideas", "consult", "issues", "recap"), True),
    Hint("vote", ("ideas", "handoff", "consult", "close"), True),
    Hint("no_resources", ("board", "ideas", "issues"), True),
    Hint("rut", ("recap", "close", "text"), True),
    # About the body over months (also worth a look between meetings).
    Hint("not_leading", ("handoff", "recap"), False),
    Hint("unknown_issues", ("issues", "consult"), False),
    Hint("means_as_goal", ("recap", "consult", "text"), False),
    Hint("where_to_start", ("handoff", "close"), False),
    Hint("alone", ("text", "close"), False),
    Hint("businesses", ("handoff",), False),
    Hint("office", ("handoff", "ideas"), False),
    Hint("effect", ("recap", "text"), False),
)


# The words, looked up when read (the language may change): Labels keeps the keys literal.
TITLES = Labels({
    "silence": "hints.silence_title",
    "requests": "hints.requests_title",
    "one_voice": "hints.one_voice_title",
    "vote": "hints.vote_title",
    "no_resources": "hints.no_resources_title",
    "rut": "hints.rut_title",
    "not_leading": "hints.not_leading_title",
    "unknown_issues": "hints.unknown_issues_title",
    "means_as_goal": "hints.means_as_goal_title",
    "where_to_start": "hints.where_to_start_title",
    "alone": "hints.alone_title",
    "businesses": "hints.businesses_title",
    "office": "hints.office_title",
    "effect": "hints.effect_title",
})
TEXTS = Labels({
    "silence": "hints.silence",
    "requests": "hints.requests",
    "one_voice": "hints.one_voice",
    "vote": "hints.vote",
    "no_resources": "hints.no_resources",
    "rut": "hints.rut",
    "not_leading": "hints.not_leading",
    "unknown_issues": "hints.unknown_issues",
    "means_as_goal": "hints.means_as_goal",
    "where_to_start": "hints.where_to_start",
    "alone": "hints.alone",
    "businesses": "hints.businesses",
    "office": "hints.office",
    "effect": "hints.effect",
})


def hints_for(panel: str) -> list[Hint]:
    """Every hint, those for ``panel`` (the current step's panel) first; within each part the
    situations in the room come before those about the body, otherwise in ``HINTS`` order."""

    def rank(hint: Hint) -> tuple[int, int, int]:
        here = panel in hint.panels
        return (0 if here else 1, 0 if hint.in_meeting else 1,
                hint.panels.index(panel) if here else HINTS.index(hint))

    return sorted(HINTS, key=rank)


def for_step(panel: str) -> tuple[list[Hint], list[Hint]]:
    """(the hints for this step, the others), each in :func:`hints_for`'s order."""
    ordered = hints_for(panel)
    return [h for h in ordered if panel in h.panels], [h for h in ordered if panel not in h.panels]
