"""Helpers for Pilot tests shared across test files."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from facilitator.store import StoreLocation
from factories import NOW, make_session
from screens.app import KyogitaiApp

SIZE = (120, 36)  # the terminal of the screen tests and snapshots
STARTED_AT = "2026-08-19T14:00:00+09:00"  # when make_app's meetings were opened (開会)


def make_app(tmp_path: Path, **overrides) -> KyogitaiApp:  # type: ignore[no-untyped-def]
    """The meeting screen on ``make_session(**overrides)``, at the ideas step unless
    ``current_step`` says otherwise, saved in ``tmp_path``. A meeting under way (opened at 14:00,
    ``started_at``; pass ``started_at=None`` for one not opened yet), so its clock runs. Fixed
    clocks: the step timer stays at 0:00 (``clock``), the header shows ``NOW`` (``now``), so
    screens are the same every run."""
    overrides.setdefault("current_step", "ideas")
    overrides.setdefault("started_at", STARTED_AT)
    return KyogitaiApp(StoreLocation(tmp_path, "test"), session=make_session(**overrides),
                       clock=lambda: 0.0, now=lambda: NOW)


def notes(app: App) -> list[str]:
    """Record every notification the app shows from now on (as plain strings)."""
    seen: list[str] = []
    original = app.notify

    def notify(message, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(str(message))
        return original(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return seen


# A step title too long for one line at 80 or 60 columns: projected, it must wrap, whole.
LONG_TITLE = "地域の困りごとと、いまあるもの・ないものについての情報・意見交換（みんなで自由に話す時間）"
NEWEST = "idea-newest"


def crowded_session(**overrides):  # type: ignore[no-untyped-def]
    """The ideas step of a busy meeting, the worst case for a small window: a purpose, four
    long prompts, two questions, ten ideas for 地域交通・移動 and twenty for サロンの活性化 —
    and the newest idea (``NEWEST``) said last but listed at the end of the *first* group, in
    the middle of the list, where a list scrolled to the top or the bottom does not show it."""
    from facilitator.model import Idea, Question

    ideas = [Idea(id=f"idea-b{n:02}", text=f"サロン案{n}：公民館で月2回の集まりを試す", issue_id="issue-02")
             for n in range(1, 21)]
    ideas[4:4] = [Idea(id=f"idea-a{n:02}", text=f"移動案{n}：買い物の乗り合いを週1回", issue_id="issue-01",
                       author="山田 花子" if n % 3 == 0 else None, kind="self" if n % 4 == 0 else "unsorted")
                  for n in range(1, 10)]
    ideas.append(Idea(id=NEWEST, text="社協の車で月2回、スーパーまで乗り合いを試す", issue_id="issue-01",
                      author="佐藤 一郎"))
    overrides.setdefault("current_step", "ideas")
    s = make_session(
        ideas=ideas,
        questions=[Question(id="q-01", text="買い物に行けない人のために、何ができそうですか？", issue_id="issue-01"),
                   Question(id="q-02", text="サロンに新しい人が来るには、何があるとよいですか？", issue_id="issue-02")],
        **overrides,
    )
    step = s.step("ideas")
    step.title = LONG_TITLE
    step.purpose = "メンバーが情報とアイデアを出し合います（決める場ではないので、賛否は取らず関心の印まで）。"
    step.prompts = [
        "今ある住民の活動や集まりで、使えそうなものはありますか？",
        "その活動には、見守り・栄養・孤立防止など、どんな意味がありますか？（意味づけ）",
        "役場にお願いすることではなく、自分たちでできそうなことは？",
        "新しくつくるより、今あるものを少し工夫できませんか？",
    ]
    return s
