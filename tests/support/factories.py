"""Test data: sessions with sensible Japanese content, valid ids and timestamps.

``make_session(**overrides)`` takes any Session field; a few conveniences:
- ``body="名前"`` may be a plain string (becomes ``Body(name=...)``; ``layer=`` sets its layer);
- without ``id``, one is made from ``date`` (``2026-08-19-xxxxxx``);
- without ``created_at``/``updated_at``, 10:00 JST on ``date``.

``JST`` is the town's time zone; ``NOW`` the fixed "now" of the meeting-screen tests and
snapshots (14:05 on the default date: the header clock shows it).
"""

from __future__ import annotations

from datetime import date as _date
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from facilitator.ids import new_session_id
from facilitator.model import (
    Attendee,
    Board,
    BoardItem,
    Body,
    Handoff,
    Homework,
    Idea,
    Issue,
    NextMeeting,
    Question,
    Session,
    Step,
)
from facilitator.store import Store

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 8, 19, 14, 5, tzinfo=JST)

BODY = "C町 第1層協議体"

STEPS = [
    ("recap", "前回の振り返り", "recap"),
    ("issues", "地域課題の提示", "issues"),
    ("consult", "協議体へ諮る", "consult"),
    ("ideas", "情報・意見交換", "ideas"),
    ("handoff", "SCに託す", "handoff"),
    ("comment", "総評", "text"),
    ("close", "次回の日程・宿題の確認", "close"),
]


def make_steps() -> list[Step]:
    return [Step(id=i, title=t, panel=p, planned_minutes=10) for i, t, p in STEPS]  # type: ignore[arg-type]


def make_session(**overrides: Any) -> Session:
    on = overrides.pop("date", "2026-08-19")
    if isinstance(on, _date):
        on = on.isoformat()
    body = overrides.pop("body", BODY)
    layer = overrides.pop("layer", "第1層")
    if isinstance(body, str):
        body = Body(name=body, layer=layer)
    stamp = f"{on}T10:00:00+09:00"
    values: dict[str, Any] = dict(
        id=new_session_id(_date.fromisoformat(on)),
        body=body,
        title="第3回 定例会",
        date=on,
        start_time="14:00",
        place="C町 公民館 大会議室",
        template="c-town",
        current_step="recap",
        created_at=stamp,
        updated_at=stamp,
        attendees=[
            Attendee(name="山田 花子", role="民生委員"),
            Attendee(name="佐藤 一郎", role="町内会長"),
            Attendee(name="鈴木 SC", role="生活支援コーディネーター"),
        ],
        steps=make_steps(),
        issues=[
            Issue(id="issue-01", title="地域交通・移動", detail="通院や買い物の足がない", source="ニーズ調査"),
            Issue(id="issue-02", title="サロンの活性化", detail="参加者が固定している"),
        ],
        questions=[Question(id="q-01", text="買い物に行けない人のために、何ができそうですか？", issue_id="issue-01")],
        ideas=[
            Idea(id="idea-01", text="乗り合いで買い物に行く", author="山田 花子", issue_id="issue-01", kind="self",
                 interest=3),
            Idea(id="idea-02", text="コミュニティバスの増便", author="佐藤 一郎", issue_id="issue-01",
                 kind="request", department="企画課"),
            Idea(id="idea-03", text="サロンでスマホ教室", issue_id="issue-02"),
        ],
        handoffs=[Handoff(id="hand-01", idea_ids=["idea-01"], action="社協の車両が使えるか確認する",
                          contact="社協 地域福祉係", due="次回まで")],
        review="あるものを活かしたアイデアが多く出ました。",
        homework=[
            Homework(id="hw-01", text="移動販売車の巡回ルートを調べる", owner="鈴木 SC", due="9月末"),
            Homework(id="hw-02", text="公民館の予約状況を確認", owner="佐藤 一郎", status="done"),
        ],
        next_meeting=NextMeeting(date=None, start_time="14:00", place="C町 公民館", agenda=["移動販売の報告"]),
        board=Board(
            vision="歳をとっても、歩いて行ける場所でおしゃべりできるまち",
            items=[
                BoardItem(id="card-01", column="have", text="公園のゲートボール", category="場所",
                          meanings=["見守り", "孤立防止"]),
                BoardItem(id="card-02", column="lack", text="商店", category="店", solvable="ourselves"),
            ],
        ),
    )
    values.update(overrides)
    return Session(**values)


class CountingStore(Store):
    """A store that records the session files it reads (to prove that the index was used)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.reads: list[str] = []

    def read_entry(self, path):  # type: ignore[no-untyped-def]
        self.reads.append(Path(path).name)
        return super().read_entry(path)
