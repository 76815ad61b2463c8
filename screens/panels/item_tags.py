"""ニーズ/デマンド and theme tags on the item under the cursor, for the ideas and issues steps: a
mixin of their panels (keys, actions, the theme dialog, the tags' text in a row), so those panels
change by a line or two.

Keys (modifier keys: typing never tags anything, screens/typing.py): in 情報・意見交換 Ctrl+X
walks the idea through 未記入 → ニーズ → デマンド, next to Ctrl+K for its kind; Ctrl+A opens the
themes: the suggestions (the idea's issue's themes, this session's, the body's earlier ones, the
built-in list) with the one most likely first, so Ctrl+A then Enter tags it; typing a new theme
and Enter adds that. Choosing a theme the item has takes it off. In 地域課題の提示 the same with
Ctrl+X and Ctrl+K (Ctrl+A adds an issue there)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import work

from facilitator.i18n import t
from facilitator.meeting import NATURE_LABELS
from facilitator.meeting.tags import theme_key
from facilitator.model import Idea, Issue
from facilitator.themes import earlier_themes, suggestions
from screens.pick import Picked, PickScreen
from screens.ui_text import literal


def tags_text(item: Idea | Issue, style: str = "") -> Text:
    """「〔ニーズ〕 #移動 #買い物」 after an item's text (empty when it has none)."""
    out = Text()
    if item.nature in NATURE_LABELS:
        out.append(t("tags.nature_badge", label=NATURE_LABELS[item.nature]), style="bold")
    for theme in item.themes:
        out.append(" ")
        out.append_text(literal(t("tags.theme", theme=theme), style))
    return out


class ItemTagKeys:
    """Mixed into a StepPanel: ``action_nature`` and ``action_theme`` on ``tag_target()``."""

    TAG_COLLECTION = "ideas"  # or "issues"
    _earlier: list[str] | None = None

    # Provided by StepPanel and the panel.
    meeting: Any
    store: Any
    apply: Callable[..., Any]
    app: Any

    def tag_target(self) -> Idea | Issue | None:
        raise NotImplementedError

    def tags_changed(self, item_id: str) -> None:
        raise NotImplementedError

    def action_nature(self) -> None:
        item = self.tag_target()
        if item is not None and self.apply(self.meeting.cycle_nature, self.TAG_COLLECTION, item.id):
            self.tags_changed(item.id)

    def action_theme(self) -> None:
        item = self.tag_target()
        if item is None:
            return
        if self._earlier is None:
            self._earlier = []
            self._load_earlier()  # for the next time; this dialog offers what is at hand
        offered = suggestions(self.meeting.session, item, self._earlier)
        have = {theme_key(x) for x in item.themes}
        options = [(t("tags.has_theme", theme=x) if theme_key(x) in have else x, x) for x in offered]

        def done(picked: Picked[str] | None) -> None:
            if not picked:
                return
            for theme in (*picked.values, *picked.added):
                self.apply(self.meeting.toggle_theme, self.TAG_COLLECTION, item.id, theme)
            self.tags_changed(item.id)

        self.app.push_screen(PickScreen(t("tags.theme_title"), options, add_placeholder=t("tags.theme_add"),
                                        hint=t("tags.theme_hint"), suggestions=offered), done)

    @work(thread=True, exclusive=True, group="earlier-themes")
    def _load_earlier(self) -> None:
        if self.store is None:
            return
        try:
            sessions = self.store.sessions_of_body(self.meeting.session.body.name)
        except (OSError, ValueError):
            return
        self._earlier = earlier_themes(sessions, exclude=self.meeting.session.id)


def tag_bindings(prefix: str, theme_key_name: str) -> list[Any]:
    """The two keys, with ids under the panel's prefix (``ideas.nature``, ``issues.theme``)."""
    from textual.binding import Binding

    return [
        Binding("ctrl+x", "nature", t("tags.nature"), id=f"{prefix}.nature", tooltip=t("tags.nature_tooltip")),
        Binding(theme_key_name, "theme", t("tags.theme_key"), id=f"{prefix}.theme", tooltip=t("tags.theme_tooltip")),
    ]


TAG_ACTIONS = ("nature", "theme")
