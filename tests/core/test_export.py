"""Exporting a session: minutes as Markdown and HTML, ideas as CSV, the document as JSON.

Every check parses what it checks: Markdown with a line reader (and markdown-it, which rich
brings along, where installed), HTML with html.parser, CSV with csv.reader, JSON with the strict
session loader.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.export import FORMATS, export
from facilitator.export.csv import columns, neutralise, to_csv
from facilitator.export.html import to_html
from facilitator.export.json import to_json
from facilitator.export.markdown import to_markdown
from facilitator.export.minutes import (
    SECTION_HEADINGS,
    Fields,
    ItemList,
    Subsection,
    Table,
    build_minutes,
)
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
)
from facilitator.session_load import session_from_dict
from facilitator.text import for_display

from factories import make_session

EXPECTED_SECTIONS = [
    "次第",
    "前回の振り返り",
    "前回からの経過",
    "地域課題",
    "協議体に諮った内容",
    "意見・アイデア",
    "SCに託したこと",
    "行政への要望",
    "継続協議・宿題",
    "総評",
    "各ステップの記録",
    "次回予定",
    "あるもの/ないもの",
]

HOSTILE = '<script>alert(1)</script> "quoted" &amp; [bold]x[/] \x1b[31m赤字 | 縦棒'


def full_session(**overrides):
    """A session with something in every part of the minutes."""
    values = dict(
        end_time="15:30",
        ideas=[
            Idea(id="idea-01", text="乗り合いで買い物に行く", author="山田 花子", issue_id="issue-01",
                 kind="self", interest=3, status="handed"),
            Idea(id="idea-02", text="コミュニティバスの増便", author="佐藤 一郎", issue_id="issue-01",
                 kind="request", department="企画課"),
            Idea(id="idea-03", text="サロンでスマホ教室", issue_id="issue-02"),
            Idea(id="idea-04", text="見守りを兼ねた配食", kind="self", status="homework", interest=1),
        ],
        homework=[
            Homework(id="hw-09", text="古い宿題", owner="鈴木 SC", status="dropped", reason="町の事業に統合"),
            Homework(id="hw-01", text="移動販売車の巡回ルートを調べる", owner="鈴木 SC", due="2026-09-30",
                     from_session="2026-07-15-aaaaaa"),
            Homework(id="hw-02", text="公民館の予約状況を確認", owner="佐藤 一郎", status="done"),
            Homework(id="hw-03", text="配食の担い手を探す", owner="山田 花子"),
        ],
        next_meeting=NextMeeting(date="2026-09-16", start_time="14:00", place="C町 公民館",
                                 agenda=["移動販売の報告", "サロンの担い手"]),
    )
    values.update(overrides)
    s = make_session(**values)
    s.steps[0].notes = "前回の宿題を確認した。"
    s.step("ideas").notes = "移動の話が中心だった。"
    s.board.items.append(BoardItem(id="card-03", column="makeshift", text="ゲートボールの後に買い物の相乗り",
                                   links=["card-01", "card-02"], since=s.id))
    s.board.items.append(BoardItem(id="card-04", column="lack", text="病院への足", category="交通",
                                   solvable="municipality", department="福祉課"))
    return s


def previous_session():
    return make_session(
        id="2026-07-15-aaaaaa", date="2026-07-15", title="第2回 定例会",
        ideas=[Idea(id="p-idea", text="空き店舗でサロン", author="田中", kind="self", status="handed")],
        handoffs=[Handoff(id="p-hand", idea_ids=["p-idea"], action="空き店舗の持ち主に相談する",
                          contact="商工会", due="2026-08-01")],
    )


def hostile_session():
    """Every user text field holds markup, entities, quotes and an escape sequence."""
    h = HOSTILE
    s = make_session(
        body=Body(name=h, layer=h), title=h, place=h, review=h,
        attendees=[Attendee(name=h, role=h)],
        issues=[Issue(id="i1", title=h, detail=h, source=h)],
        questions=[Question(id="q1", text=h, issue_id="i1")],
        ideas=[
            Idea(id="a1", text=h, author=h, issue_id="i1", kind="self", interest=2, status="handed"),
            Idea(id="a2", text=h, author=h, kind="request", department=h),
            Idea(id="a3", text=h, author=h),
        ],
        handoffs=[Handoff(id="h1", idea_ids=["a1"], action=h, contact=h, due=h)],
        homework=[Homework(id="w1", text=h, owner=h, due=h, from_session="2026-07-15-aaaaaa"),
                  Homework(id="w2", text=h, owner=h, status="dropped", reason=h)],
        next_meeting=NextMeeting(date="2026-09-16", place=h, agenda=[h, h]),
        board=Board(vision=h, items=[
            BoardItem(id="c1", column="have", text=h, category=h, meanings=[h, h]),
            BoardItem(id="c2", column="lack", text=h, category=h, solvable="municipality", department=h),
            BoardItem(id="c3", column="makeshift", text=h, links=["c1", "c2"]),
        ]),
    )
    for step in s.steps:
        step.title = h
        step.notes = h
    return s


# ---------------------------------------------------------------------------------------
# Markdown reading helpers


def md_lines(md: str) -> list[str]:
    return md.split("\n")  # CommonMark line ends only; not str.splitlines (U+2028 is no break)


def h2(md: str) -> list[str]:
    return [line[3:] for line in md_lines(md) if line.startswith("## ")]


def md_section(md: str, heading: str) -> list[str]:
    """The lines under ``## heading`` up to the next ``## ``."""
    lines = md_lines(md)
    start = lines.index(f"## {heading}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start:end]


def split_row(line: str) -> list[str]:
    """A GFM table row split on unescaped pipes (a backslash escapes the next character)."""
    cells, cur, i = [], "", 0
    while i < len(line):
        c = line[i]
        if c == "\\" and i + 1 < len(line):
            cur += line[i : i + 2]
            i += 2
            continue
        if c == "|":
            cells.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    cells.append(cur)
    assert cells[0] == "" and cells[-1] == "", f"row must start and end with a pipe: {line!r}"
    return cells[1:-1]


def md_tables(md: str) -> list[list[list[str]]]:
    """Every run of table lines, as rows of cells."""
    tables, current = [], []
    for line in md_lines(md):
        if line.startswith("|"):
            current.append(split_row(line))
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def md_unescape(cell: str) -> str:
    return re.sub(r"\\(.)", r"\1", cell.strip())


# ---------------------------------------------------------------------------------------
# HTML reading helper


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.data: list[str] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tables: list[dict] = []
        self.tagged: list[tuple[str, str]] = []  # (innermost open tag, text)

    VOID = {"meta", "br", "link", "img", "hr", "input"}

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))
        if tag == "table":
            self.tables.append({"class": dict(attrs).get("class"), "th": [], "rows": []})
        if self.tables and tag == "tr":
            self.tables[-1]["rows"].append(0)
        if self.tables and tag in ("td", "th") and self.tables[-1]["rows"]:
            self.tables[-1]["rows"][-1] += 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.data.append(data)
        self.tagged.append((self.stack[-1] if self.stack else "", data))
        if self.stack and self.stack[-1] == "th" and self.tables:
            self.tables[-1]["th"].append(data)

    @property
    def text(self) -> str:
        return "\x00".join(self.data)


def parse_html(data: bytes) -> Collect:
    p = Collect()
    p.feed(data.decode("utf-8"))
    p.close()
    assert not p.errors, p.errors
    assert not p.stack, f"unclosed: {p.stack}"
    return p


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# ---------------------------------------------------------------------------------------
# export()


def test_formats_and_bytes():
    s = full_session()
    assert FORMATS == ("md", "html", "csv", "json", "docx", "ics", "xlsx")  # docx, ics, xlsx: their own files
    for fmt in FORMATS:
        data = export(s, fmt)
        assert isinstance(data, bytes) and data
    assert export(s, "md") == to_markdown(s).encode("utf-8")
    assert export(s, "html") == to_html(s).encode("utf-8")
    assert export(s, "csv") == codecs.BOM_UTF8 + to_csv(s).encode("utf-8")
    assert export(s, "json") == to_json(s).encode("utf-8")


def test_unknown_format_is_a_japanese_value_error():
    with pytest.raises(ValueError) as e:
        export(full_session(), "pdf")
    message = str(e.value)
    assert "pdf" in message and "対応していません" in message
    for fmt in FORMATS:
        assert fmt in message


# ---------------------------------------------------------------------------------------
# Markdown


def test_markdown_title_header_and_sections_in_order():
    md = export(full_session(), "md").decode("utf-8")
    lines = md_lines(md)
    assert lines[0] == "# C町 第1層協議体 第3回 定例会 議事録"
    assert [line for line in lines if line.startswith("# ")] == [lines[0]]
    assert h2(md) == EXPECTED_SECTIONS == list(SECTION_HEADINGS)
    header = lines[: lines.index("## 次第")]
    assert "- 会議名：C町 第1層協議体 第3回 定例会" in header
    assert "- 日時：令和8年8月19日（水）　14:00〜15:30" in header
    assert "- 場所：C町 公民館 大会議室" in header
    # Attendance not taken: the roster, and that it was not taken.
    assert ("- 出席者：出欠未記録（名簿：山田 花子（民生委員）、佐藤 一郎（町内会長）、鈴木 SC（生活支援コーディネーター））"
            in header)
    assert "- 事務局・記録者：事務局：鈴木 SC（生活支援コーディネーター）　記録者：未記入" in header
    assert [x.split("：")[0] for x in header if x.startswith("- ")] == [
        "- 会議名", "- 日時", "- 場所", "- 出席者", "- 事務局・記録者"]


def test_markdown_header_names_present_absent_recorder_and_the_order_with_leads():
    s = full_session(recorder="佐藤（事務局）", start_time=None, end_time=None,
                     started_at="2026-08-19T14:02:00+09:00", ended_at="2026-08-19T15:31:00+09:00")
    s.attendees[0].attendance = "present"
    s.attendees[1].attendance = "absent"
    s.attendees[2].attendance = "present"
    s.steps[0].lead = "SC"
    s.step("comment").lead = "アドバイザー"
    md = to_markdown(s)
    header = md_lines(md)[: md_lines(md).index("## 次第")]
    assert "- 日時：令和8年8月19日（水）　14:02〜15:31" in header  # from 開会 and 散会
    assert "- 出席者：山田 花子（民生委員）、鈴木 SC（生活支援コーディネーター）（2名）" in header
    assert "- 欠席者：佐藤 一郎（町内会長）" in header
    assert "- 事務局・記録者：事務局：鈴木 SC（生活支援コーディネーター）　記録者：佐藤（事務局）" in header
    order = md_section(md, "次第")
    assert order[1:3] == ["- 1．前回の振り返り（SC）", "- 2．地域課題の提示"]
    assert "- 6．総評（アドバイザー）" in order


def test_without_a_secretariat_the_recorder_is_labelled_once_in_every_minutes_format():
    """No 事務局 in the roster: 「記録者：未記入」, never 「事務局・記録者：記録者：未記入」."""
    s = full_session()
    for a in s.attendees:
        a.role = None
    for fmt in ("md", "html", "docx"):
        data = export(s, fmt)
        text = data.decode("utf-8") if fmt != "docx" else docx_text(data)
        assert "記録者：記録者" not in text and "事務局・記録者" not in text, fmt
        assert "記録者" in text and "未記入" in text, fmt
    assert "- 記録者：未記入" in md_lines(to_markdown(s))
    s.recorder = "佐藤（事務局）"
    assert "- 記録者：佐藤（事務局）" in md_lines(to_markdown(s))


def docx_text(data: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8"))


def test_markdown_ideas_under_their_kind_heading():
    md = to_markdown(full_session())
    under: dict[str, list[str]] = {}
    current = None
    for line in md_section(md, "意見・アイデア"):
        if line.startswith("### "):
            current = line[4:]
            under[current] = []
        elif line.startswith("- "):
            under[current].append(line[2:])
    assert list(under) == ["自分たちでできる", "未分類"]  # requests: once, in their own section
    assert under["自分たちでできる"] == [
        "乗り合いで買い物に行く（山田 花子）〔関心 3〕〔託した〕",
        "見守りを兼ねた配食〔関心 1〕〔継続協議〕",
    ]
    assert under["未分類"] == ["サロンでスマホ教室"]
    assert not any("コミュニティバス" in line for line in md_section(md, "意見・アイデア"))
    assert md.count("コミュニティバスの増便") == 1


def test_markdown_every_section_says_something_and_one_with_nothing_to_say_is_left_out():
    s = make_session(ideas=[], issues=[], questions=[], handoffs=[], homework=[], review="",
                     next_meeting=NextMeeting(), board=Board())
    md = to_markdown(s)
    # A first meeting: nothing looked back on, no step notes: those sections are not there at all.
    left_out = {"前回の振り返り", "前回からの経過", "各ステップの記録"}
    assert h2(md) == [h for h in EXPECTED_SECTIONS if h not in left_out]
    assert "なし" not in "".join(md_section(md, "次第"))
    md = to_markdown(s, previous=make_session(id="2026-07-15-aaaaaa", date="2026-07-15", handoffs=[]))
    assert h2(md) == [h for h in EXPECTED_SECTIONS if h not in {"前回からの経過", "各ステップの記録"}]
    assert md_section(md, "前回の振り返り")[1] == "- 前回：令和8年7月15日（水）　第3回 定例会"
    for heading in EXPECTED_SECTIONS[3:-1]:
        if heading not in left_out:
            assert "なし" in "".join(md_section(md, heading)) or "未定" in "".join(md_section(md, heading)), heading
    assert "記録なし" in md_section(md, "あるもの/ないもの")


def test_markdown_handoffs_requests_homework_next_and_notes():
    md = to_markdown(full_session())
    handoffs = md_section(md, "SCに託したこと")
    assert "- 社協の車両が使えるか確認する" in handoffs
    assert "  - まとめたアイデア：「乗り合いで買い物に行く」（山田 花子）" in handoffs
    assert "  - 連絡先：社協 地域福祉係" in handoffs
    assert "  - 期限：次回まで" in handoffs
    (requests,) = md_tables("\n".join(md_section(md, "行政への要望")))
    assert [md_unescape(c) for c in requests[2]] == ["コミュニティバスの増便", "佐藤 一郎", "企画課"]
    (homework,) = md_tables("\n".join(md_section(md, "継続協議・宿題")))
    rows = [[md_unescape(c) for c in r] for r in homework[2:]]
    assert [r[0] for r in rows] == ["移動販売車の巡回ルートを調べる", "配食の担い手を探す",
                                    "公民館の予約状況を確認", "古い宿題"]
    assert rows[0][2] == "令和8年9月30日（水）"
    assert rows[0][3] == "継続中<br>前回から"
    assert rows[3][3] == "取り下げ（理由：町の事業に統合）"
    nxt = md_section(md, "次回予定")
    assert "- 日時：令和8年9月16日（水）　14:00〜" in nxt
    # The agenda is a list, one item each: never sentences joined with 「、」.
    assert nxt[nxt.index("### 議題") + 2:][:2] == ["- 移動販売の報告", "- サロンの担い手"]
    notes = md_section(md, "各ステップの記録")
    assert notes[notes.index("### 情報・意見交換") + 2] == "移動の話が中心だった。"
    assert "### 前回の振り返り" not in notes  # in its own section
    assert "前回の宿題を確認した。" in md_section(md, "前回の振り返り")
    assert "あるものを活かしたアイデアが多く出ました。" in md_section(md, "総評")


def test_markdown_recap_with_previous_session():
    s = full_session()
    md = to_markdown(s, previous=previous_session())
    assert "- 前回：令和8年7月15日（水）　第2回 定例会" in md_section(md, "前回の振り返り")
    recap = md_section(md, "前回からの経過")
    assert "### 前回SCに託したこと" in recap
    assert "- 空き店舗の持ち主に相談する" in recap
    assert "  - まとめたアイデア：「空き店舗でサロン」（田中）" in recap
    assert "  - 期限：令和8年8月1日（土）" in recap
    assert "### 前回からの宿題" in recap
    assert "- 移動販売車の巡回ルートを調べる（鈴木 SC）〔継続中〕" in recap
    # Only the carried homework is looked back on.
    assert not any("配食の担い手" in line for line in recap)


def test_markdown_board_lists_each_column_on_its_own():
    """No table pairing cards that have nothing to do with each other: a list per column."""
    s = full_session(previous_session="2026-07-15-aaaaaa")
    md = to_markdown(s)
    board = md_section(md, "あるもの/ないもの")
    assert "- わがまちビジョン：歳をとっても、歩いて行ける場所でおしゃべりできるまち" in board
    assert md_tables("\n".join(board)) == []
    def column(name):
        start = board.index(f"### {name}") + 2
        end = next((i for i in range(start, len(board)) if board[i].startswith("### ")), len(board))
        return [x for x in board[start:end] if x.startswith(("- ", "  - "))]
    assert column("あるもの") == ["- 公園のゲートボール", "  - 分類：場所", "  - 意味づけ：見守り・孤立防止"]
    assert column("あるものでないものをやりくりする") == [
        "- ゲートボールの後に買い物の相乗り〔新〕", "  - 組み合わせ：公園のゲートボール ＋ 商店"]
    assert column("ないもの") == ["- 商店", "  - 分類：店", "  - 仕分け：自分たちでなんとかできそう",
                                  "- 病院への足", "  - 分類：交通", "  - 仕分け：役場 福祉課"]


def test_a_first_meetings_board_marks_no_card_new():
    s = full_session()  # no previous session: every card is this meeting's, none is news
    for item in s.board.items:
        item.since = s.id
    assert "〔新〕" not in to_markdown(s)
    s.previous_session = "2026-07-15-aaaaaa"
    assert to_markdown(s).count("〔新〕") == len(s.board.items)


def test_markdown_tables_keep_their_columns_with_pipes_and_newlines():
    nasty = "左|右\n二行目 | 三 \\| 四\\"
    s = full_session()
    s.ideas[1].text = nasty
    s.ideas[1].department = "企画|課"
    s.homework[1].text = nasty
    md = to_markdown(s)
    tables = md_tables(md)
    assert len(tables) == 2
    for table in tables:
        width = len(table[0])
        assert all(len(row) == width for row in table), table
        assert all(set(c.strip()) <= {"-"} for c in table[1])
    requests = tables[0]
    assert md_unescape(requests[2][0]) == "左|右<br>二行目 | 三 \\| 四\\"
    assert md_unescape(requests[2][2]) == "企画|課"


def test_markdown_hostile_text_makes_no_heading_or_list():
    s = full_session()
    s.ideas[0].text = "# 見出し\n- リスト\n1. 番号\n> 引用\n```\n    コード\n===\n* 星"
    s.review = "# 総評の見出し\n- 総評のリスト\n---"
    s.issues[0].detail = "## 詳細\n+ プラス"
    md = to_markdown(s)
    lines = md_lines(md)
    headings = [line for line in lines if re.match(r" {0,3}#", line)]
    expected = {"# C町 第1層協議体 第3回 定例会 議事録"} | {f"## {h}" for h in EXPECTED_SECTIONS}
    assert set(headings) - expected <= {"### 自分たちでできる", "### 未分類", "### 情報・意見交換", "### 議題",
                                        "### 前回からの宿題", "### あるもの", "### ないもの",
                                        "### あるものでないものをやりくりする"}
    for line in lines:
        assert not re.match(r"\s*([-+*]|\d+[.)])\s+(リスト|総評のリスト|番号|プラス|星)", line), line
        assert not re.match(r"\s*(>|```|===|---\s*$)", line) or line == "---", line
    # The idea's lines stay inside its list item, escaped; no line ends in a hard-break backslash.
    item = lines.index("- \\# 見出し")
    assert lines[item + 1] == "  \\- リスト"
    assert lines[item + 2] == "  1\\. 番号"
    assert not [line for line in lines if line.endswith("\\") and not line.endswith("\\\\")]


def test_markdown_parsed_by_a_commonmark_parser():
    markdown_it = pytest.importorskip("markdown_it")
    s = hostile_session()
    s.ideas[0].text = "# 見出し\n- リスト\n*強調* _下線_ `code` [link](http://x) ~~消~~"
    check_markdown_structure(s, markdown_it)


def check_markdown_structure(s, markdown_it) -> None:
    """Parse the Markdown: exactly our headings, list items, tables and rows; no raw HTML
    except our <br>; and every idea's text comes back as text."""
    md = to_markdown(s)
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(md)
    minutes = build_minutes(s)

    headings, items, tables, rows = 1 + len(minutes.sections), len(minutes.header.fields), 0, []

    def walk(blocks):
        nonlocal headings, items, tables
        for b in blocks:
            if isinstance(b, Subsection):
                headings += 1
                walk(b.blocks)
            elif isinstance(b, ItemList):
                items += sum(1 + len(i.details) for i in b.items)
            elif isinstance(b, Fields):
                items += len(b.fields)
            elif isinstance(b, Table):
                tables += 1
                rows.append(len(b.rows) + 1)

    for section in minutes.sections:
        walk(section.blocks)
    types = [t.type for t in tokens]
    assert types.count("heading_open") == headings
    assert types.count("list_item_open") == items
    assert types.count("table_open") == tables
    assert types.count("tr_open") == sum(rows)
    assert types.count("hr") == 1  # the footer rule
    for kind in ("html_block", "code_block", "fence", "blockquote_open", "ordered_list_open"):
        assert kind not in types, kind
    inline = [c for t in tokens if t.type == "inline" for c in t.children or []]
    assert {c.content for c in inline if c.type == "html_inline"} <= {"<br>"}
    assert not [c for c in inline if c.type in ("link_open", "image", "em_open", "strong_open", "code_inline",
                                               "s_open")]
    text = "".join(c.content if c.type == "text" else "\n" for c in inline)
    for idea in s.ideas:
        for line in re.split(r"[\n\u2028\u2029]", for_display(idea.text)):
            if line.strip():
                assert line.strip() in text, (line, md)


# ---------------------------------------------------------------------------------------
# HTML


def test_html_is_self_contained_and_print_ready():
    data = export(full_session(), "html")
    page = data.decode("utf-8")
    p = parse_html(data)
    tags = [t for t, _ in p.starts]
    assert tags[0] == "html" and p.starts[0][1].get("lang") == "ja"
    assert ("meta", {"charset": "utf-8"}) in p.starts
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert not any(k in ("src", "href") for _, attrs in p.starts for k in attrs)
    assert "url(" not in page and "@import" not in page
    assert "size: A4;" in page
    # Page numbers at the foot of every printed page (the Word file has them too).
    page_rule = page[page.index("@page"):page.index("}\n}", page.index("@page"))]
    assert "@bottom-center" in page_rule and 'counter(page) " / " counter(pages)' in page_rule
    assert "break-inside: avoid" in page and "page-break-inside: avoid" in page
    assert "Yu Gothic" in page and "Hiragino" in page and "Noto Sans" in page
    assert "border: 1px solid" in page
    assert [d for tag, d in p.tagged if tag == "h2"] == EXPECTED_SECTIONS
    h3 = [d for tag, d in p.tagged if tag == "h3"]
    assert h3[h3.index("自分たちでできる") + 1] == "未分類" and "行政への要望" not in h3
    assert "C町 第1層協議体 第3回 定例会 議事録" in p.data
    assert "令和8年8月19日（水）　14:00〜15:30" in p.data


def test_html_board_is_a_list_per_column_not_a_table_of_unrelated_rows():
    p = parse_html(export(full_session(previous_session="2026-07-15-aaaaaa"), "html"))
    assert not [t for t in p.tables if t["class"] == "board"]
    h3 = [d for tag, d in p.tagged if tag == "h3"]
    assert h3[-3:] == ["あるもの", "あるものでないものをやりくりする", "ないもの"]
    assert "新" in p.data
    assert "組み合わせ：公園のゲートボール ＋ 商店" in p.data


def test_html_escapes_every_user_text():
    s = hostile_session()
    data = export(s, "html", previous=previous_session())
    p = parse_html(data)
    assert "script" not in [t for t, _ in p.starts]
    assert b"\x1b" not in data
    assert b"<script" not in data.lower()
    shown = for_display(HOSTILE)
    assert shown == '<script>alert(1)</script> "quoted" &amp; [bold]x[/] 赤字 | 縦棒'
    # The exact text, in the places it was typed: the title, every list item, every cell.
    assert p.data.count(f"{shown} {shown} 議事録") == 2  # <title> and <h1>: body name + title
    assert p.text.count(shown) >= 30
    for tag, attrs in p.starts:
        for value in attrs.values():
            assert "alert" not in (value or "")
    # Markup-like text and entities are text, not markup: &amp; in the source stays &amp;amp;.
    assert "&amp;amp;" in data.decode("utf-8")


def test_html_keeps_newlines_of_user_text_as_text():
    s = full_session(review="一段落目\n二行目\n\n二段落目")
    p = parse_html(export(s, "html"))
    assert "一段落目\n二行目\n\n二段落目" in p.data


# ---------------------------------------------------------------------------------------
# CSV


def test_csv_rows_bom_and_columns():
    s = full_session()
    data = export(s, "csv")
    assert data.startswith(codecs.BOM_UTF8)
    assert not data[3:].startswith(codecs.BOM_UTF8)
    rows = read_csv(data)
    # The header in the UI language (Japanese by default), not the file's field names.
    assert rows[0] == list(columns()) == ["記録ID", "日付", "協議体", "地域課題", "種類", "内容", "発言者",
                                          "関心", "状況", "担当課"]
    assert len(rows) == len(s.ideas) + 1
    assert rows[1] == [s.id, "2026-08-19", "C町 第1層協議体", "地域交通・移動", "自分たちでできる",
                       "乗り合いで買い物に行く", "山田 花子", "3", "託した", ""]
    # A request is not waiting to be sorted: its status says where it goes, never 未整理.
    assert rows[2][4] == "行政への要望" and rows[2][9] == "企画課" and rows[2][8] == "行政へ"
    assert rows[3][3] == "サロンの活性化" and rows[3][4] == "未分類" and rows[3][8] == "未整理"
    assert rows[4][8] == "継続協議" and rows[4][3] == ""
    assert data.count(b"\r\n") == len(rows)


def test_csv_round_trips_commas_quotes_and_newlines():
    text = 'コンマ, と "引用" と\n改行\r\nと CRLF'
    s = full_session()
    s.ideas[0].text = text
    s.ideas[0].author = '佐藤, "一郎"'
    data = export(s, "csv")
    rows = read_csv(data)
    assert len(rows) == len(s.ideas) + 1
    assert rows[1][5] == 'コンマ, と "引用" と\n改行\nと CRLF'  # CR stored as newline (text.clean)
    assert rows[1][6] == '佐藤, "一郎"'
    assert all(len(r) == len(columns()) for r in rows)


@pytest.mark.parametrize("typed", ["=1+1", "  =1+1", "\u3000＝SUM(A1)", "\u00a0+81", " \t@x", "-2"])
def test_csv_neutralises_a_formula_even_after_leading_spaces(typed):
    s = full_session()
    s.ideas[0].text = typed
    s.ideas[0].author = typed
    row = read_csv(export(s, "csv"))[1]
    assert row[5] == row[6] == "'" + typed  # a spreadsheet skips the spaces and would run the rest
    assert neutralise("まず =1+1") == "まず =1+1" and neutralise("  普通の文") == "  普通の文"


def test_csv_strips_control_characters():
    s = hostile_session()
    data = export(s, "csv")
    assert b"\x1b" not in data
    rows = read_csv(data)
    assert rows[1][5] == for_display(HOSTILE)


def test_csv_without_ideas_is_the_header():
    rows = read_csv(export(make_session(ideas=[]), "csv"))
    assert rows == [list(columns())]


# ---------------------------------------------------------------------------------------
# JSON


@pytest.mark.parametrize("make", [full_session, hostile_session, make_session])
def test_json_round_trips(make):
    s = make()
    data = export(s, "json")
    assert session_from_dict(json.loads(data)) == s
    text = data.decode("utf-8")
    assert json.dumps(s.title, ensure_ascii=False)[1:-1] in text  # ensure_ascii=False
    assert text.startswith('{\n  "schema_version": 1,')


def test_json_keeps_a_lone_surrogate_as_an_escape():
    s = make_session(review="壊れた\ud800文字")
    data = export(s, "json")
    assert session_from_dict(json.loads(data)) == s
    for fmt in ("md", "html", "csv"):
        assert export(s, fmt)  # replaced, never a crash


# ---------------------------------------------------------------------------------------
# Random text never breaks any exporter

MARKDOWNISH = st.text(alphabet=st.sampled_from(list("#-+*|<>&[]\\`_~=:1. )\n\t\r\x1b\u2028あ漢ｱ")), max_size=30)
TEXT = st.one_of(st.text(max_size=40), MARKDOWNISH)
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "section",
                "p", "ul", "li", "span", "table", "thead", "tbody", "tr", "th", "td", "div", "footer"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ideas=st.lists(st.tuples(TEXT, st.sampled_from(["self", "request", "unsorted"]), TEXT), max_size=5),
    title=TEXT,
    body=TEXT,
    cards=st.lists(st.tuples(st.sampled_from(["have", "lack", "makeshift"]), TEXT, TEXT), max_size=5),
    vision=TEXT,
    notes=TEXT,
)
def test_random_text_never_breaks_an_exporter(ideas, title, body, cards, vision, notes):
    s = make_session(
        title=title,
        body=Body(name=body),
        ideas=[Idea(id=f"i{n}", text=t, kind=k, author=a or None, department=a or None)
               for n, (t, k, a) in enumerate(ideas)],
        board=Board(vision=vision, items=[BoardItem(id=f"c{n}", column=c, text=t, category=cat or None,
                                                    meanings=[cat], links=["c0"])
                                          for n, (c, t, cat) in enumerate(cards)]),
    )
    s.steps[1].notes = notes
    s.steps[2].title = title
    previous = make_session(title=title, handoffs=[Handoff(id="h", idea_ids=[], action=title)])

    md = export(s, "md", previous=previous).decode("utf-8")
    expected = [h for h in EXPECTED_SECTIONS if h != "各ステップの記録" or for_display(notes).strip()]
    assert h2(md) == expected
    assert sum(1 for line in md_lines(md) if line.startswith("# ")) == 1
    for table in md_tables(md):
        assert all(len(row) == len(table[0]) for row in table), table
    markdown_it = pytest.importorskip("markdown_it")
    check_markdown_structure(s, markdown_it)

    data = export(s, "html", previous=previous)
    p = parse_html(data)
    assert {t for t, _ in p.starts} <= ALLOWED_TAGS
    assert [d for tag, d in p.tagged if tag == "h2"] == expected
    for idea in s.ideas:
        shown = for_display(idea.text).strip()
        assert shown in p.text

    rows = read_csv(export(s, "csv"))
    assert len(rows) == len(s.ideas) + 1
    assert all(len(r) == len(columns()) for r in rows)
    for row, idea in zip(rows[1:], s.ideas):
        assert row[5] == neutralise(for_display(idea.text))  # a formula-like cell gets a leading '

    assert session_from_dict(json.loads(export(s, "json"))) == s
