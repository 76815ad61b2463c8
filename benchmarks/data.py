"""The benchmark store: years of archive for 20 towns, and one very large meeting.

``make_store(root)`` writes ``sessions`` session files of ``ideas`` ideas each — the demo town's year
(facilitator/demo.py, built through the real rules) again and again, renamed per town and moved
back a year per round, its ideas padded to the count from a pool of realistic Japanese ideas — and
one extra session with ``big_ideas`` ideas and ``big_cards`` board cards that stands at the ideas
step (the one the latency benchmarks open). Content is fixed by ``seed`` except the demo's random
item ids.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from facilitator.demo import build_demo
from facilitator.model import BoardItem, Idea, Session
from facilitator.session_json import session_to_json
from facilitator.store import Store, atomic_write

TODAY = date(2026, 11, 22)
TOWNS = 20

IDEA_POOL = (
    "乗り合いで買い物に行く", "サロンでスマホ教室を開く", "移動販売車の停車場所をサロンの前にする",
    "ゴミ出しを近所で手伝い合う", "回覧板をLINEでも回す", "公民館の空き時間を開放する",
    "電球交換の手伝いを中学生に頼む", "朝のラジオ体操を公園で続ける", "送迎ボランティアの当番表をつくる",
    "商店の配達に見守りを兼ねてもらう", "男性向けの料理教室を開く", "空き家を集いの場に使う",
    "通院の帰りにバス停で待たなくてよいように時刻表を配る", "町内会の名簿を見守りに活かす",
    "ゲートボールの後にお茶会をする", "子ども食堂と高齢者の昼食会を合同で開く", "地域通貨でお礼をする",
    "ちょっとした困りごとの掲示板を商店に置く", "雪かきを若い世帯と組んで行う", "民生委員と社協で訪問先を共有する",
)
AUTHORS = ("青木 和子", "石井 正男", "上田 美穂", "大野 健", "加藤 里美", "木村 直子", None)
KINDS = ("self", "self", "request", "unsorted")
CARD_TEXTS = (
    ("have", "移動販売車（毎週火曜）", "店"), ("have", "公民館の健康体操", "場所"),
    ("have", "ゲートボール場の朝の集まり", "人材"), ("have", "川沿いの桜並木", "自然"),
    ("have", "直売所の野菜", "食べ物"), ("lack", "夕方のバス便", "交通"),
    ("lack", "気軽に頼める手伝いの仕組み", "人材"), ("lack", "歩いて行ける商店", "店"),
    ("makeshift", "送迎ボランティア × 空いている社協の車", "交通"), ("lack", "夜間の診療所", "病院"),
)


@dataclass(frozen=True)
class BenchStore:
    root: Path
    big_id: str
    sessions: int  # session files, the big one included
    bytes: int


def pad_ideas(session: Session, count: int, rng: random.Random, prefix: str = "idea-b") -> None:
    """Trim or pad ``session.ideas`` to ``count`` ideas (ids unique in the session)."""
    session.ideas = session.ideas[:count]
    issues = [i.id for i in session.issues] or [None]
    n = 0
    while len(session.ideas) < count:
        base = rng.choice(IDEA_POOL)
        kind = rng.choice(KINDS)
        session.ideas.append(Idea(
            id=f"{prefix}{n:05d}", text=f"{base}（{rng.choice(AUTHORS) or '匿名'}の案 {n + 1}）",
            author=rng.choice(AUTHORS), issue_id=rng.choice(issues), kind=kind,  # type: ignore[arg-type]
            interest=rng.randrange(4), department="福祉課" if kind == "request" else None,
        ))
        n += 1


def add_cards(session: Session, count: int, rng: random.Random) -> None:
    for n in range(count):
        column, text, category = rng.choice(CARD_TEXTS)
        session.board.items.append(BoardItem(
            id=f"card-b{n:05d}", column=column, text=f"{text} {n + 1}", category=category,  # type: ignore[arg-type]
            solvable=rng.choice(("ourselves", "municipality")) if column == "lack" else None,
            department="企画課" if column == "lack" else None,
            meanings=["見守り", "孤立防止"][: rng.randrange(3)], since=session.id,
        ))


def archive_sessions(count: int, ideas: int, seed: int = 0) -> list[Session]:
    """``count`` sessions: the demo year per town, a year further back each round."""
    rng = random.Random(seed)
    out: list[Session] = []
    k = 0
    while len(out) < count:
        town, round_ = k % TOWNS, k // TOWNS
        for s in build_demo(TODAY - timedelta(days=365 * round_), seed=seed * 100_000 + k):
            if len(out) >= count:
                break
            s.body = replace(s.body, name=s.body.name.replace("ひなた町", f"ひなた{town + 1:02d}町"))
            s.id = f"{s.id}-t{town:02d}"
            pad_ideas(s, ideas, rng)
            out.append(s)
        k += 1
    return out


def big_session(ideas: int, cards: int, seed: int = 0) -> Session:
    """The newest meeting of town 1's body, at the ideas step, with ``ideas`` ideas and
    ``cards`` more board cards."""
    rng = random.Random(seed + 1)
    demo = build_demo(TODAY, seed=seed * 100_000 + 99_999)
    s = max((d for d in demo if d.template != "setup-pre"), key=lambda d: (d.date, d.created_at))
    s.id = f"{s.date}-bigone"
    s.title = "大規模な意見交換会（ベンチマーク）"
    s.body = replace(s.body, name=s.body.name.replace("ひなた町", "ひなた01町"))
    s.current_step = "ideas"
    pad_ideas(s, ideas, rng)
    add_cards(s, cards, rng)
    return s


def make_store(root: Path, *, sessions: int = 1000, ideas: int = 30, big_ideas: int = 1000,
               big_cards: int = 300, seed: int = 0) -> BenchStore:
    """Write the store (session files only; the index is left for the benchmarks to build)."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    all_sessions = archive_sessions(sessions, ideas, seed)
    big = big_session(big_ideas, big_cards, seed)
    total = 0
    for s in [*all_sessions, big]:
        data = session_to_json(s).encode("utf-8")
        atomic_write(root / f"{s.id}.json", data)  # the store's own atomic write, mode 0600
        total += len(data)
    Store(root).load(big.id)  # the big one reads back
    return BenchStore(root, big.id, len(all_sessions) + 1, total)
