"""ニーズ or デマンド (``nature``) and theme tags (``themes``) on issues and ideas.

「それは要望（デマンド）ですか、課題（ニーズ）ですか？」: one key walks an item through 未記入 →
ニーズ → デマンド → 未記入. Themes are short tags (移動, 買い物, 見守り …) that tie the same
地域課題 across sessions and bodies (``facilitator/themes.py`` suggests them); a theme given
twice is kept once (NFKC, spaces collapsed), and giving an item a theme it has takes it off.
"""

from __future__ import annotations


from facilitator.i18n import Labels
from facilitator.meeting.core import MeetingCore
from facilitator.model import NATURES, Idea, Issue
from facilitator.text import clean_line, theme_key

NATURE_LABELS = Labels({"need": "labels.nature.need", "demand": "labels.nature.demand"})
_NEXT_NATURE = {None: "need", "need": "demand", "demand": None}
THEME_MAX = 20  # characters: a tag, not a sentence


def clean_theme(text: str) -> str:
    return " ".join(clean_line(text).split())[:THEME_MAX]


class TagRules(MeetingCore):
    """nature and themes on ``ideas`` and ``issues``."""

    def _tagged(self, collection: str, item_id: str) -> Idea | Issue:
        if collection == "ideas":
            idea: Idea = self._get(self.session.ideas, item_id, "idea")
            return idea
        issue: Issue = self._get(self.session.issues, item_id, "issue")
        return issue

    def set_nature(self, collection: str, item_id: str, nature: str | None) -> Idea | Issue:
        if nature is not None and nature not in NATURES:
            raise ValueError(nature)
        item = self._tagged(collection, item_id)
        if item.nature != nature:
            item.nature = nature  # type: ignore[assignment]
            self._changed()
        return item

    def cycle_nature(self, collection: str, item_id: str) -> Idea | Issue:
        """未記入 → ニーズ → デマンド → 未記入."""
        item = self._tagged(collection, item_id)
        return self.set_nature(collection, item_id, _NEXT_NATURE.get(item.nature, None))

    def toggle_theme(self, collection: str, item_id: str, theme: str) -> Idea | Issue:
        """Give the item ``theme``, or take it off when it has it already."""
        item = self._tagged(collection, item_id)
        value = clean_theme(theme)
        if not value:
            return item
        key = theme_key(value)
        kept = [x for x in item.themes if theme_key(x) != key]
        item.themes = kept if len(kept) < len(item.themes) else [*item.themes, value]
        self._changed()
        return item
