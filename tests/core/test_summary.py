"""The terminal summary (``kyogitai show``): the same minutes, rendered with rich; user text is
never markup."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from facilitator.export.minutes import SECTION_HEADINGS
from facilitator.model import Board, BoardItem, Handoff, Homework, Idea, NextMeeting
from facilitator.summary import render_summary

from factories import make_session


def show(session, previous=None, width: int = 100) -> str:
    console = Console(record=True, width=width, color_system="truecolor", force_terminal=True)
    console.print(render_summary(session, previous=previous))
    return console.export_text(styles=False)


def test_summary_has_every_section_in_order():
    s = make_session(end_time="15:30", previous_session="2026-07-15-aaaaaa",
                     homework=[Homework(id="hw-01", text="移動販売車を調べる", from_session="2026-07-15-aaaaaa")])
    s.steps[0].notes = "前回の宿題を確認した。"
    s.step("ideas").notes = "移動の話が中心。"
    s.attendees[1].attendance = "absent"
    s.recorder = "佐藤（事務局）"
    text = show(s)
    positions = [text.index("■ " + h) for h in SECTION_HEADINGS]
    assert positions == sorted(positions)
    assert "C町 第1層協議体 第3回 定例会 議事録" in text
    assert "令和8年8月19日（水）　14:00〜15:30" in text
    assert "出席者" in text and "欠席者" in text and "佐藤 一郎（町内会長）" in text
    assert "記録者：佐藤（事務局）" in text
    assert "乗り合いで買い物に行く（山田 花子） 〔関心 3〕" in text
    assert "企画課" in text
    assert "あるもの" in text and "ないもの" in text and "分類：場所" in text


def test_markup_like_user_text_prints_literally():
    titles = ["[bold]x[/]", "[/]", "[bold", "[red]赤[/red] [link=http://x]l[/link]", "\\[bold]"]
    for title in titles:
        s = make_session(
            title=title,
            review=title,
            place=title,
            ideas=[Idea(id="i1", text=title, author=title, kind="request", department=title)],
            handoffs=[Handoff(id="h1", idea_ids=["i1"], action=title, contact=title)],
            homework=[Homework(id="w1", text=title, owner=title)],
            next_meeting=NextMeeting(date="2026-09-16", place=title, agenda=[title]),
            board=Board(vision=title, items=[BoardItem(id="c1", column="have", text=title, category=title)]),
        )
        s.steps[0].title = title
        s.steps[0].notes = title
        text = show(s)  # must not raise MarkupError
        assert f"C町 第1層協議体 {title} 議事録" in text
        assert f"・{title}" in text
        assert f"総評\n  {title}" in text
        assert text.count(title) >= 12, title


def test_escape_sequences_never_reach_the_terminal():
    s = make_session(title="\x1b[31m赤\x1b[0m", review="\x1b]0;title\x07総評\x9b2J")
    console = Console(record=True, width=100, force_terminal=True, color_system=None)
    console.print(render_summary(s))
    out = console.export_text(styles=False)
    assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
    assert "赤" in out and "総評" in out and "[31m" not in out


def test_empty_sections_are_one_line():
    s = make_session(ideas=[], issues=[], questions=[], handoffs=[], homework=[], review="",
                     next_meeting=NextMeeting(), board=Board())
    text = show(s)
    assert "■ 前回の振り返り" not in text  # a first meeting: nothing to look back on
    assert "■ 総評  なし" in text
    assert "■ あるもの/ないもの  記録なし" in text


def test_previous_session_is_looked_back_on():
    previous = make_session(id="2026-07-15-aaaaaa", date="2026-07-15", title="第2回 定例会")
    s = make_session(homework=[Homework(id="hw-01", text="移動販売車を調べる", owner="鈴木 SC",
                                        from_session=previous.id)])
    text = show(s, previous=previous)
    recap = text[text.index("■ 前回からの経過"): text.index("■ 地域課題")]
    assert "社協の車両が使えるか確認する" in recap
    assert "移動販売車を調べる（鈴木 SC） 〔継続中〕" in recap


def test_new_cards_are_marked():
    s = make_session(previous_session="2026-07-15-aaaaaa")
    s.board.items.append(BoardItem(id="c9", column="lack", text="病院への足", solvable="municipality",
                                   department="福祉課", since=s.id))
    text = show(s)
    assert "病院への足 〔新〕" in text
    assert "仕分け：役場 福祉課" in text


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=30), st.text(alphabet="[]/\\bold=#x \n", max_size=20))
def test_random_text_never_raises(a, b):
    s = make_session(title=a + b, review=b + a,
                     ideas=[Idea(id="i", text=b, author=a or None)],
                     board=Board(vision=a, items=[BoardItem(id="c", column="makeshift", text=b, links=["c"])]))
    text = show(s, width=60)
    assert "■ 総評" in text
    squeezed = re.sub(r"\s+", "", text)
    for line in b.split("\n"):
        if line.strip():
            assert re.sub(r"\s+", "", line) in squeezed
