"""Theme tags (``themes`` on issues and ideas): the built-in list, and the suggestions offered when
a theme is added — the item's own issue's themes first, then those of this session, then the
body's earlier themes (most used first), then the built-in ones."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from facilitator.meeting.tags import theme_key
from facilitator.model import Idea, Issue, Session, find

# Themes 協議体 keep coming back to (the needs surveys' and the handbooks' usual headings).
BUILT_IN: tuple[str, ...] = (
    "移動", "買い物", "見守り", "居場所・サロン", "情報共有", "担い手", "地域通貨・ポイント",
    "ちょっとした手伝い", "介護予防", "食事・配食", "ごみ出し", "防災", "世代間交流", "生きがい",
)


def session_themes(session: Session) -> Counter[str]:
    """Every theme on the session's issues and ideas, with how many items carry it."""
    out: Counter[str] = Counter()
    for item in (*session.issues, *session.ideas):
        out.update(item.themes)
    return out


def suggestions(session: Session, item: Idea | Issue, earlier: Iterable[str] = ()) -> list[str]:
    """The themes to offer for ``item``, best first, each once (by ``theme_key``)."""
    first: list[str] = []
    if isinstance(item, Idea) and item.issue_id:
        issue = find(session.issues, item.issue_id)
        if issue is not None:
            first = list(issue.themes)
    here = [t for t, _ in sorted(session_themes(session).items(), key=lambda x: (-x[1], x[0]))]
    out: list[str] = []
    seen: set[str] = set()
    for theme in (*first, *here, *earlier, *BUILT_IN):
        key = theme_key(theme)
        if key and key not in seen:
            seen.add(key)
            out.append(theme)
    return out


def earlier_themes(sessions: Iterable[Session], exclude: str | None = None) -> list[str]:
    """The themes of a body's earlier sessions, most used first."""
    count: Counter[str] = Counter()
    for s in sessions:
        if s.id != exclude:
            count.update(session_themes(s))
    return [t for t, _ in sorted(count.items(), key=lambda x: (-x[1], x[0]))]
