"""The demo town's ニーズ/デマンド, themes and a ないもの resolved: what the SC marked during each
meeting (through the real rules, ``Meeting.set_nature`` / ``toggle_theme``, the board's
``toggle_resolved``), so that the themes view and the year's report have something to show. Kept apart from ``demo.py``'s story of the meetings."""

from __future__ import annotations

from datetime import datetime

from facilitator.meeting import Meeting
from facilitator.model import Session

# The start of an issue's title → its themes.
ISSUE_THEMES = {
    "情報共有": ("情報共有",), "地域の移動": ("移動",), "地域交通": ("移動",), "サロン": ("居場所・サロン",),
    "ちょっとした手伝い": ("ちょっとした手伝い",), "担い手": ("担い手",),
}
# The start of an idea's text → (nature, themes).
IDEA_TAGS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "回覧板に": ("need", ("情報共有", "見守り")),
    "町の防災無線": ("demand", ("情報共有",)),
    "買い物ついでの乗り合い": ("need", ("移動", "買い物")),
    "コミュニティバス": ("demand", ("移動",)),
    "サロンで体操": ("need", ("居場所・サロン", "介護予防")),
    "男性が来やすい": (None, ("居場所・サロン",)),
    "ちょっとした手伝いに使える": (None, ("地域通貨・ポイント", "ちょっとした手伝い")),
    "移動販売車の停車場所": ("need", ("移動", "買い物", "居場所・サロン")),
    "病院の送迎バス": ("demand", ("移動",)),
    "ゴミ出しと見守り": ("need", ("見守り", "ごみ出し")),
    "運転ボランティアの保険料": ("demand", ("移動", "担い手")),
    "乗り合いの日を": ("need", ("移動",)),
    "免許返納": ("demand", ("移動",)),
    "バス停にベンチ": ("need", ("移動",)),
    "中学生が先生": ("need", ("担い手", "世代間交流")),
    "商店街の空き店舗": (None, ("居場所・サロン",)),
    "担い手向けの講座": ("demand", ("担い手",)),
    "子ども会と一緒に": ("need", ("居場所・サロン", "世代間交流")),
    "集会所の花壇": (None, ("居場所・サロン",)),
    "集会所まで送迎": ("demand", ("移動",)),
    "畑の帰りに": ("need", ("見守り",)),
}

# A ないもの card the body recorded as 解決, and the meeting where it did.
RESOLVED_CARD = "夕方に集まれる場所"
RESOLVED_AT = "第5回"


def _tagged(text: str, table: dict) -> tuple | None:  # type: ignore[type-arg]
    return next((v for k, v in table.items() if text.startswith(k)), None)


def tag_demo(session: Session) -> None:
    """Mark the session's ideas and issues (its updated_at stays the meeting's end)."""
    when = datetime.fromisoformat(session.ended_at or session.updated_at)
    m = Meeting(session, running=False, now=lambda: when, writer="demo")
    for issue in session.issues:
        for theme in _tagged(issue.title, ISSUE_THEMES) or ():
            m.toggle_theme("issues", issue.id, theme)
    if session.title.startswith(RESOLVED_AT):  # the 空き店舗 made up for the place to meet in the evening
        from facilitator.board import BoardRules

        card = next((c for c in session.board.items if c.text == RESOLVED_CARD), None)
        if card is not None:
            BoardRules(m).toggle_resolved(card.id)
    for idea in session.ideas:
        found = _tagged(idea.text, IDEA_TAGS)
        if found is None:
            continue
        nature, themes = found
        m.set_nature("ideas", idea.id, nature)
        for theme in themes:
            m.toggle_theme("ideas", idea.id, theme)
