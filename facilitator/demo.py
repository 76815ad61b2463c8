"""A demo store: a fictional town's bodies over one year, so a new user can look around at once.

ひなた町 (fictional) has a 第1層 body that meets every two months — a 設置時プレ会議, then five
meetings — and a 第2層 body for its east district that has met twice. Issues, questions, ideas,
hand-offs to the SC, requests to the town office, homework carried from meeting to meeting (some
done, one dropped, some overdue), a growing あるもの/ないもの board and the next meeting planned.

Everything is built through the real rules — ``carryover.new_session`` and ``Meeting`` methods,
with injected clocks — so the data is exactly what the app would have recorded. Dates are laid
out backwards from ``today`` (the last meeting is the latest third Wednesday before it, the next one
is planned two months later), so some homework is always overdue and the next meeting is always
ahead. ``seed`` fixes the session ids and step times (item ids stay random).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from facilitator.carryover import new_session
from facilitator.demo_tags import tag_demo
from facilitator.ids import new_item_id
from facilitator.i18n import t
from facilitator.meeting import Meeting
from facilitator.demo_self_check import add_self_checks
from facilitator.model import BoardItem, Session
from facilitator.store import Store, StoreError
from facilitator.templates import get_template

JST = timezone(timedelta(hours=9))
TOWN = "ひなた町"
BODY_1 = "ひなた町 第1層協議体"
BODY_2 = "ひなた町 東地区 第2層協議体"
PLACE_1 = "ひなた町 保健福祉センター 研修室"
PLACE_2 = "東地区 集会所"


class DemoRefused(StoreError):
    """The store already has sessions and ``force`` was not given."""


# ---------------------------------------------------------------------------------------
# Dates


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + delta
    return n // 12, n % 12 + 1


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th ``weekday`` (Monday 0) of a month: the 3rd Wednesday is (…, 2, 3)."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def demo_dates(today: date) -> dict[str, date]:
    """The demo's meeting dates: the 第1層 body meets on the third Wednesday every two months,
    its last meeting being the latest one before ``today``; the 第2層 body on second Saturdays."""
    year, month = today.year, today.month
    while nth_weekday(year, month, 2, 3) >= today:
        year, month = _add_months(year, month, -1)

    def wed(delta: int) -> date:
        return nth_weekday(*_add_months(year, month, delta), 2, 3)

    def sat(delta: int) -> date:
        return nth_weekday(*_add_months(year, month, delta), 5, 2)

    return {
        "pre": wed(-10), "m1": wed(-8), "m2": wed(-6), "m3": wed(-4), "m4": wed(-2), "m5": wed(0),
        "next1": wed(2),
        "e1": sat(-4), "e2": sat(-1), "next2": sat(2),
    }


# ---------------------------------------------------------------------------------------
# Running a meeting with a fake clock


@dataclass
class _Clock:
    """Monotonic seconds and the wall clock, both advanced by hand."""

    start: datetime
    seconds: float = 0.0

    def monotonic(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.seconds)

    def advance(self, minutes: float) -> None:
        self.seconds += minutes * 60


@dataclass
class _Run:
    """One session being recorded: the Meeting, its clock, and helpers to walk the steps."""

    meeting: Meeting
    clock: _Clock
    rng: random.Random
    ideas: dict[str, str] = field(default_factory=dict)  # short name -> idea id
    issues: dict[str, str] = field(default_factory=dict)  # short name -> issue id

    @property
    def session(self) -> Session:
        return self.meeting.session

    def at(self, step_id: str) -> None:
        """Spend about the planned time on each step up to ``step_id``, then move to it."""
        m = self.meeting
        while m.current.id != step_id:
            self.clock.advance((m.current.planned_minutes or 5) * self.rng.uniform(0.7, 1.3))
            if m.next_step() is None:
                raise ValueError(f"step {step_id!r} is not ahead")

    def finish(self) -> None:
        """Spend the last step's time and close the meeting (散会: ended_at, end_time, no clock)."""
        m = self.meeting
        while m.next_step() is not None:
            self.clock.advance((m.current.planned_minutes or 5) * self.rng.uniform(0.7, 1.3))
        self.clock.advance((m.current.planned_minutes or 5) * self.rng.uniform(0.7, 1.3))
        m.close_meeting()

    def idea(self, key: str, text: str, author: str | None, issue: str | None = None, *,
             kind: str = "unsorted", interest: int = 0, department: str | None = None) -> str:
        idea = self.meeting.add_idea(text, author=author, kind=kind, department=department,
                                     issue_id=self.issues.get(issue) if issue else None)
        if interest:
            self.meeting.add_interest(idea.id, interest)
        self.ideas[key] = idea.id
        return idea.id

    def issue(self, key: str, title: str, detail: str | None = None, source: str | None = None) -> str:
        issue = self.meeting.add_issue(title, detail, source)
        self.issues[key] = issue.id
        return issue.id

    def card(self, column: str, text: str, category: str | None = None, *, meanings: tuple[str, ...] = (),
             solvable: str | None = None, department: str | None = None, links: tuple[str, ...] = ()) -> str:
        """A board card first seen in this session (``since`` = this session)."""
        s = self.session
        by_text = {c.text: c.id for c in s.board.items}
        item = BoardItem(
            id=new_item_id("card"), column=column, text=text, category=category,  # type: ignore[arg-type]
            solvable=solvable, department=department, meanings=list(meanings),  # type: ignore[arg-type]
            links=[by_text[t] for t in links if t in by_text], since=s.id,
        )
        s.board.items.append(item)
        self.meeting._changed()  # the board rules live in facilitator/board/ (BoardRules); a card is a change
        return item.id

    def follow(self, action_start: str, status: str, result: str | None = None) -> None:
        """前回の振り返り: a hand-off carried from last time moves on, with what came of it."""
        h = next(h for h in self.meeting.carried_handoffs() if h.action.startswith(action_start))
        self.meeting.set_handoff_status(h.id, status)
        if result:
            self.meeting.set_handoff_result(h.id, result)

    def homework_id(self, text_start: str) -> str:
        for h in self.session.homework:
            if h.text.startswith(text_start):
                return h.id
        raise KeyError(text_start)


def _start(template_id: str, body: str, layer: str, title: str, on: date, place: str,
           previous: Session | None, rng: random.Random, taken: set[str], start_at: time) -> _Run:
    clock = _Clock(datetime.combine(on, start_at, tzinfo=JST) - timedelta(minutes=30))
    while True:
        sid = f"{on.isoformat()}-{rng.getrandbits(24):06x}"
        if sid not in taken:
            taken.add(sid)
            break
    session = new_session(
        body=body, template=get_template(template_id), now=clock.now(), title=title, on=on, place=place,
        layer=layer, previous=previous, session_id=sid,
    )
    clock.advance(30)
    meeting = Meeting(session, clock=clock.monotonic, now=clock.now, running=True, writer="demo")
    meeting.open_meeting()  # 開会 at start_at: started_at, start_time, the clock runs; everyone present
    people = meeting.session.attendees
    sc = next((a.name for a in people if "コーディネーター" in (a.role or "")), None)
    advisor = next((a.name for a in people if "アドバイザー" in (a.role or "")), None)
    members = [a.name for a in people if a.name not in (sc, advisor)]
    if len(members) > 2:  # a member sends apologies (which one follows the date: no draw from rng)
        meeting.toggle_attendance(members[on.day % len(members)])
    meeting.set_recorder(sc)
    for step in meeting.session.steps:
        review = meeting.writes_review(step)
        meeting.set_step_lead(step.id, (advisor or "アドバイザー") if review else "SC")
    if advisor:
        meeting.set_review_by(f"{advisor}（アドバイザー）")
    return _Run(meeting, clock, rng)


def _iso(d: date) -> str:
    return d.isoformat()


# ---------------------------------------------------------------------------------------
# The 第1層 body


ATTENDEES_1 = (
    ("青木 和子", "民生委員"),
    ("石井 正男", "町内会長連合会"),
    ("上田 美穂", "老人クラブ連合会"),
    ("大野 健", "NPO 送迎ボランティアひなた"),
    ("加藤 里美", "商工会"),
    ("木村 直子", "社会福祉協議会"),
    ("中村 浩二", "役場 福祉課"),
    ("佐々木 誠", "アドバイザー（ひなた大学）"),
    ("小林 悠", "生活支援コーディネーター"),
)
SC = "小林 悠"


def _pre(d: dict[str, date], rng: random.Random, taken: set[str]) -> Session:
    r = _start("setup-pre", BODY_1, "第1層", "設置時プレ会議", d["pre"], PLACE_1, None, rng, taken, time(13, 30))
    m = r.meeting
    for name, role in ATTENDEES_1:
        m.add_attendee(name, role)
    m.set_step_notes("appointment", "委員8名に町長から辞令を交付。任期は2年。")
    r.at("rules")
    m.set_step_notes("rules", "設置要綱（目的・構成・任期）を説明。協議体は決める場ではなく、"
                              "情報とアイデアを出し合う場であることを確認した。")
    r.at("introductions")
    m.set_step_notes("introductions", "各委員が、ふだんの活動と地域への思いを紹介。")
    r.at("explanation")
    m.set_step_notes("explanation", "アドバイザーより、生活支援体制整備事業のねらいと4つの助"
                                    "（自助・互助・共助・公助）について説明。協議体が主に取り組むのは互助。")
    r.at("exchange")
    r.idea("circular", "回覧板だけでは、若い世帯や集合住宅に情報が届かない", "青木 和子")
    r.idea("bus", "町のバスが1日4本で、通院の帰りに1時間以上待つ", "上田 美穂")
    r.idea("salon", "サロンの参加者がいつも同じ顔ぶれで、男性が少ない", "木村 直子")
    r.idea("help", "電球の交換くらいの手伝いを、近所に頼みにくい", "石井 正男")
    r.idea("van", "移動販売車が来る日は、人が集まっておしゃべりしている", "加藤 里美")
    r.card("have", "移動販売車（毎週火曜）", "店", meanings=("買い物支援", "見守り"))
    r.card("have", "公民館の健康体操", "場所", meanings=("介護予防", "孤立防止"))
    r.card("have", "ゲートボール場の朝の集まり", "人材", meanings=("見守り",))
    r.card("lack", "夕方のバス便", "交通", solvable="municipality", department="企画課")
    r.card("lack", "気軽に頼める手伝いの仕組み", "人材", solvable="ourselves")
    m.session.board.vision = "ちょっとした困りごとを、ご近所で助け合えるまち"
    r.at("summary")
    m.set_review("困りごとの裏には、移動販売車の日のおしゃべりのように、すでにある支え合いが隠れています。"
                 "次回からは、今あるものを活かして自分たちでできることを探していきましょう。")
    r.at("close")
    m.add_homework("実態調査の結果を地区ごとにまとめ直す", owner=SC, due=_iso(d["m1"] - timedelta(days=14)))
    m.set_next_meeting(date=_iso(d["m1"]), start_time="13:30", place=PLACE_1,
                       agenda=["情報共有・発信", "地域の移動手段", "サロンの活性化"])
    r.finish()
    return m.session


def _m1(prev: Session, d: dict[str, date], rng: random.Random, taken: set[str]) -> Session:
    r = _start("c-town", BODY_1, "第1層", "第1回 定例会", d["m1"], PLACE_1, prev, rng, taken, time(13, 30))
    m = r.meeting
    m.set_homework_status(r.homework_id("実態調査"), "done")
    r.at("issues")
    carried = {i.title: i.id for i in m.session.issues}
    r.issues.update(info=carried["情報共有・発信"], move=carried["地域の移動手段"], salon=carried["サロンの活性化"])
    m.edit_issue(r.issues["info"], detail="回覧板が届かない世帯がある（実態調査：集合住宅の約4割）")
    m.edit_issue(r.issues["move"], detail="通院・買い物の足がない。バスは1日4本")
    r.issue("help", "ちょっとした手伝いの仕組み", "電球交換・ゴミ出しなど、頼みにくい小さな困りごと", "実態調査")
    r.at("consult")
    m.add_question("届けたい人に情報を届けるために、私たちにできることは何でしょう？", r.issues["info"])
    m.add_question("通院や買い物の足について、今ある資源で工夫できることは？", r.issues["move"])
    r.at("ideas")
    r.idea("tsushin", "回覧板に「助け合い通信」を挟んで配る", "青木 和子", "info", kind="self", interest=5)
    r.idea("musen", "町の防災無線で、催しの案内も流してほしい", "石井 正男", "info", kind="request",
           department="総務課")
    r.idea("noriai", "買い物ついでの乗り合い（ご近所で声をかけ合う）", "大野 健", "move", kind="self", interest=4)
    r.idea("yubin", "コミュニティバスの夕方便を増やしてほしい", "上田 美穂", "move", kind="request",
           department="企画課")
    r.idea("taiso", "サロンで体操と茶話会を一緒にひらく", "木村 直子", "salon", kind="self", interest=2)
    r.idea("shogi", "男性が来やすいサロン（将棋・囲碁の日）", "石井 正男", "salon")
    r.idea("point", "ちょっとした手伝いに使えるお礼券（ポイント）", "加藤 里美", "help")
    r.at("handoff")
    m.hand_off([r.ideas["tsushin"]], "社協の広報紙と合わせて「助け合い通信」の試作版をつくる",
               contact="社協 地域福祉係", due=_iso(d["m2"] - timedelta(days=7)))
    m.hand_off([r.ideas["taiso"]], "体操教室の講師とサロンの世話役をつなぐ", contact="木村 直子")
    r.at("comment")
    m.set_review("回覧板やサロンなど、今ある仕組みを少し工夫するアイデアが多く出ました。"
                 "「誰に届けたいのか」を具体的にすると、次の一手が見えてきます。")
    r.at("close")
    for hw in m.leftovers_to_homework():
        m.edit_homework(hw.id, due=_iso(d["m2"]))
    m.add_homework("町内の送迎ボランティアの活動を調べる", owner="大野 健", due=_iso(d["m2"] - timedelta(days=7)))
    r.card("have", "回覧板（月2回）", "その他", meanings=("見守り", "情報共有"))
    r.card("lack", "若い担い手", "人材", solvable="ourselves")
    m.set_next_meeting(date=_iso(d["m2"]), start_time="13:30", place=PLACE_1,
                       agenda=["地域の移動手段（続き）", "ちょっとした手伝いの仕組み"])
    r.finish()
    return m.session


def _m2(prev: Session, d: dict[str, date], rng: random.Random, taken: set[str]) -> Session:
    r = _start("c-town", BODY_1, "第1層", "第2回 定例会", d["m2"], PLACE_1, prev, rng, taken, time(13, 30))
    m = r.meeting
    m.set_homework_status(r.homework_id("町内の送迎ボランティア"), "done")
    m.set_homework_status(r.homework_id("男性が来やすいサロン"), "done")
    r.follow("社協の広報紙", "done", "5月号から「助け合い通信」を回覧板に挟んで配り始めた")
    r.follow("体操教室の講師", "in_progress", "講師の了解は得た。サロンの世話役と日程を相談中")
    r.at("issues")
    carried = {i.title: i.id for i in m.session.issues}
    r.issues.update(move=carried["地域の移動手段（続き）"], help=carried["ちょっとした手伝いの仕組み"])
    r.at("consult")
    m.add_question("移動販売車や送迎ボランティアなど、今ある「足」を組み合わせられませんか？", r.issues["move"])
    r.at("ideas")
    r.idea("stop", "移動販売車の停車場所をサロン会場にする", "加藤 里美", "move", kind="self", interest=6)
    r.idea("hospital", "病院の送迎バスの空席に、買い物の人も乗せてもらう", "大野 健", "move", kind="request",
           department="福祉課")
    r.idea("gomi", "ゴミ出しと見守りを一緒にする、ご近所の当番", "青木 和子", "help", kind="self", interest=3)
    r.idea("hoken", "運転ボランティアの保険料を町で負担してほしい", "大野 健", "move", kind="request",
           department="福祉課")
    r.at("handoff")
    m.hand_off([r.ideas["stop"]], "移動販売の事業者と、停車場所と時間を相談する", contact="商工会 加藤 里美",
               due=_iso(d["m3"] - timedelta(days=14)))
    r.at("comment")
    m.set_review("移動販売車とサロンを組み合わせるアイデアは、あるものでないものをやりくりする好例です。"
                 "まず一か所で試してみましょう。")
    r.at("close")
    m.leftovers_to_homework()
    m.edit_homework(r.homework_id("ゴミ出しと見守り"), due=_iso(d["m3"]))
    r.card("have", "商店の配達サービス（電話注文）", "店", meanings=("見守り", "買い物支援"))
    r.card("makeshift", "移動販売車の日に、停車場所でサロンをひらく", "場所",
           links=("移動販売車（毎週火曜）", "公民館の健康体操"))
    m.set_next_meeting(date=_iso(d["m3"]), start_time="13:30", place=PLACE_1,
                       agenda=["地域交通・移動に関する集中協議"])
    r.finish()
    return m.session


def _m3(prev: Session, d: dict[str, date], rng: random.Random, taken: set[str]) -> Session:
    r = _start("c-town", BODY_1, "第1層", "第3回 地域交通・移動に関する集中協議", d["m3"], PLACE_1, prev, rng,
               taken, time(13, 30))
    m = r.meeting
    r.follow("体操教室の講師", "done", "6月から月1回、サロンで体操と茶話会をひらいている")
    r.follow("移動販売の事業者", "done", "毎週木曜の午後、公民館のサロンに停車することになった")
    m.set_homework_status(r.homework_id("ちょっとした手伝いに使えるお礼券"), "dropped",
                          reason="町の介護支援ボランティアポイント事業に合流する")
    r.at("issues")
    r.issues["move"] = m.session.issues[0].id
    m.edit_issue(r.issues["move"], detail="免許を返納した人が増えている。送迎ボランティアは運転手が3人")
    r.at("consult")
    m.add_question("月に何回なら、乗り合いを続けられそうですか？", r.issues["move"])
    r.at("ideas")
    r.idea("trial", "乗り合いの日を月2回決めて、3か月試す", "大野 健", "move", kind="self", interest=5)
    r.idea("henno", "免許返納の相談窓口を、回覧板で知らせてほしい", "石井 正男", "move", kind="request",
           department="住民課")
    r.idea("bench", "バス停にベンチを置く（商店の前を借りる）", "上田 美穂", "move", kind="self", interest=2)
    r.at("handoff")
    m.hand_off([r.ideas["trial"]], "社協の福祉車両と運転ボランティアで、月2回の乗り合いを試行できるか調整する",
               contact="社協 地域福祉係", due=_iso(d["m4"]))
    r.at("comment")
    m.set_review("車や運転手を新しく用意するのではなく、平日の午後に空いている社協の車両を使う発想が出ました。"
                 "試行の記録を残して、町への報告にも使いましょう。")
    r.at("close")
    m.leftovers_to_homework()
    m.edit_homework(r.homework_id("バス停にベンチ"), owner="上田 美穂", due="次回まで")
    r.card("have", "社協の福祉車両（平日の午後は空き）", "交通", meanings=("移動支援",))
    r.card("makeshift", "社協の車両 × 運転ボランティア → 月2回の乗り合い", "交通",
           links=("社協の福祉車両（平日の午後は空き）", "夕方のバス便"))
    m.set_next_meeting(date=_iso(d["m4"]), start_time="13:30", place=PLACE_1,
                       agenda=["サロンの活性化と担い手"])
    r.finish()
    return m.session


def _m4(prev: Session, d: dict[str, date], rng: random.Random, taken: set[str]) -> Session:
    r = _start("c-town", BODY_1, "第1層", "第4回 定例会", d["m4"], PLACE_1, prev, rng, taken, time(13, 30))
    m = r.meeting
    m.set_homework_status(r.homework_id("バス停にベンチ"), "done")
    r.follow("社協の福祉車両", "in_progress", "10月から試行。運転ボランティアは3人決まった")
    r.at("issues")
    r.issues["salon"] = m.session.issues[0].id
    r.issue("ninaite", "担い手の高齢化", "サロンの世話役の平均年齢は76歳", "社協 聞き取り")
    r.at("consult")
    m.add_question("若い世代が関われる入り口は、どこにありそうですか？", r.issues["ninaite"])
    r.at("ideas")
    r.idea("smart", "中学生が先生になるスマホ教室をサロンでひらく", "木村 直子", "ninaite", kind="self", interest=7)
    r.idea("akiya", "商店街の空き店舗をサロンに使わせてもらう", "加藤 里美", "salon", kind="self", interest=3)
    r.idea("koza", "担い手向けの講座を町でひらいてほしい", "中村 浩二", "ninaite", kind="request",
           department="福祉課")
    r.at("handoff")
    m.hand_off([r.ideas["smart"]], "中学校のボランティア部の顧問に、スマホ教室の相談に行く",
               contact="ひなた中学校", due=_iso(d["m5"]))
    r.at("comment")
    m.set_review("教える側・教わる側が入れ替わるスマホ教室は、担い手づくりにもなります。"
                 "「これは何のためにやるのか」を、参加する中学生とも共有しましょう。")
    r.at("close")
    m.leftovers_to_homework()
    m.add_homework("ゴミ出し見守り当番の試行結果を報告する", owner="青木 和子",
                   due=_iso(d["m5"] - timedelta(days=10)))
    r.card("have", "中学校のボランティア部", "人材", meanings=("世代間交流",))
    r.card("lack", "夕方に集まれる場所", "場所", solvable="ourselves")
    m.set_next_meeting(date=_iso(d["m5"]), start_time="13:30", place=PLACE_1,
                       agenda=["一年のふりかえり", "次年度に向けて"])
    r.finish()
    return m.session


def _m5(prev: Session, d: dict[str, date], today: date, rng: random.Random, taken: set[str]) -> Session:
    r = _start("c-town", BODY_1, "第1層", "第5回 一年のふりかえり", d["m5"], PLACE_1, prev, rng, taken,
               time(13, 30))
    m = r.meeting
    m.set_homework_status(r.homework_id("ゴミ出しと見守り"), "done")
    r.follow("社協の福祉車両", "done", "月2回の乗り合いを続けている（毎回6〜8人）")
    r.follow("中学校のボランティア部", "done", "1月にスマホ教室をひらく")
    r.at("issues")
    r.at("consult")
    m.add_question("この一年で、地域の「あるもの」はどれだけ見つかりましたか？")
    r.at("ideas")
    r.idea("report", "第2層の協議体と合同で、一年の報告会をひらく", SC, kind="self", interest=4)
    r.idea("map", "出たアイデアと「あるもの」を地図にして全戸に配る", "木村 直子", kind="unsorted", interest=5)
    r.at("handoff")
    m.hand_off([r.ideas["report"]], "東地区の第2層協議体と、合同報告会の日程を調整する", contact="東地区 SC")
    r.at("comment")
    m.set_review("この一年で、ボードの「あるもの」は3枚から8枚に増えました。資源がないのではなく、"
                 "見えていなかったのです。次年度は、試したことを町に報告していきましょう。")
    r.at("close")
    m.leftovers_to_homework()
    m.add_homework("乗り合い試行の記録をまとめて町に報告する", owner=SC, due=_iso(today + timedelta(days=20)))
    r.card("have", "乗り合いの試行（月2回）", "交通", meanings=("移動支援", "孤立防止"))
    m.set_next_meeting(date=_iso(d["next1"]), start_time="13:30", place=PLACE_1,
                       agenda=["次年度の重点課題", "第2層からの報告"])
    r.finish()
    return m.session


# ---------------------------------------------------------------------------------------
# The 第2層 body (east district)

ATTENDEES_2 = (
    ("遠藤 光子", "東地区 サロン世話役"),
    ("岡田 修", "東地区 自治会長"),
    ("菊地 由美", "民生委員"),
    ("工藤 大輔", "東地区 子ども会"),
    ("森 千春", "東地区 生活支援コーディネーター"),
)


def _e1(d: dict[str, date], rng: random.Random, taken: set[str]) -> Session:
    r = _start("c-town", BODY_2, "第2層", "サロン活性化 アイデアコンペ", d["e1"], PLACE_2, None, rng, taken,
               time(10, 0))
    m = r.meeting
    for name, role in ATTENDEES_2:
        m.add_attendee(name, role)
    r.at("issues")
    r.issue("salon", "サロンの活性化", "東地区のサロンは月1回、参加者は平均12人", "第1層協議体から")
    r.at("consult")
    m.add_question("サロンに「行ってみたい」と思える仕掛けは？", r.issues["salon"])
    r.at("ideas")
    r.idea("lunch", "子ども会と一緒に、夏休みの昼ごはん会", "工藤 大輔", "salon", kind="self", interest=6)
    r.idea("garden", "集会所の花壇を、みんなの畑にする", "遠藤 光子", "salon", kind="self", interest=4)
    r.idea("bus2", "集会所まで送迎してほしい", "菊地 由美", "salon", kind="request", department="福祉課")
    r.at("handoff")
    m.hand_off([r.ideas["lunch"]], "子ども会と、昼ごはん会の日と場所を決める", contact="工藤 大輔")
    r.at("comment")
    m.set_review("子どもと高齢者が一緒に過ごす場は、見守りにも孤立防止にもなります。")
    r.at("close")
    m.leftovers_to_homework()
    m.session.board.vision = "子どもからお年寄りまで、顔の見える東地区"
    r.card("have", "集会所の花壇", "場所", meanings=("生きがい",))
    r.card("have", "子ども会", "人材", meanings=("世代間交流",))
    m.set_next_meeting(date=_iso(d["e2"]), start_time="10:00", place=PLACE_2, agenda=["昼ごはん会のふりかえり"])
    r.finish()
    return m.session


def _e2(prev: Session, d: dict[str, date], rng: random.Random, taken: set[str]) -> Session:
    r = _start("c-town", BODY_2, "第2層", "第2回 東地区の集い", d["e2"], PLACE_2, prev, rng, taken, time(10, 0))
    m = r.meeting
    r.at("issues")
    r.at("consult")
    r.at("ideas")
    r.idea("walk", "畑の帰りに、ひとり暮らしの家に声をかけて歩く", "遠藤 光子", kind="self", interest=3)
    r.at("handoff")
    r.at("comment")
    m.set_review("昼ごはん会には28人が集まりました。続けるための役割分担を考えていきましょう。")
    r.at("close")
    m.leftovers_to_homework()
    r.card("makeshift", "花壇の畑 × 子ども会 → 収穫祭", "場所", links=("集会所の花壇", "子ども会"))
    m.set_next_meeting(date=_iso(d["next2"]), start_time="10:00", place=PLACE_2,
                       agenda=["収穫祭の準備", "第1層との合同報告会"])
    r.finish()
    return m.session


# ---------------------------------------------------------------------------------------


def build_demo(today: date, seed: int = 0) -> list[Session]:
    """The demo sessions, oldest first (nothing is written)."""
    rng = random.Random(seed)
    taken: set[str] = set()
    d = demo_dates(today)
    pre = _pre(d, rng, taken)
    m1 = _m1(pre, d, rng, taken)
    m2 = _m2(m1, d, rng, taken)
    m3 = _m3(m2, d, rng, taken)
    m4 = _m4(m3, d, rng, taken)
    m5 = _m5(m4, d, today, rng, taken)
    e1 = _e1(d, rng, taken)
    e2 = _e2(e1, d, rng, taken)
    sessions = sorted([pre, m1, m2, m3, m4, m5, e1, e2], key=lambda s: (s.date, s.created_at))
    for s in sessions:
        tag_demo(s)  # ニーズ/デマンド and themes, as the SC marked them (demo_tags.py)
    add_self_checks([m1, m2, m3, m4, m5])  # the SC's own check after each meeting (the hand-over's trend)
    return sessions


def write_demo(store: Store, *, today: date | None = None, seed: int | None = None,
               force: bool = False) -> list[Path]:
    """Fill ``store`` with the demo sessions; returns the files written.

    Refuses (``DemoRefused``) when the store already holds session files — readable or not —
    unless ``force``; even then nothing existing is overwritten (new ids only).
    """
    existing = store.files()
    if existing and not force:
        raise DemoRefused(t("cli.demo_refused", count=len(existing), root=store.root))
    sessions = build_demo(today or date.today(), seed if seed is not None else random.randrange(1 << 30))
    written = []
    for s in sessions:
        if store.path_for(s.id).exists():  # pragma: no cover - 24 random bits on the same day
            raise DemoRefused(t("demo.same_id", id=s.id))
        written.append(store.save(s))
    return written
