"""One golden example per export format (tests/golden/): a real-looking second meeting of a body,
exported and compared byte for byte (Word and Excel as the text a reader sees), then read the way
a town office reads a 議事録: 会議名, 日時 (weekday, start～end), 場所, 出席者 / 欠席者,
事務局・記録者, 次第 with who leads each part, then the body.

After a deliberate change to the minutes, write the examples again and read the diff:
``KYOGITAI_UPDATE_GOLDEN=1 uv run pytest -n 0 tests/core/test_golden_minutes.py``.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from factories import make_session, make_steps

from facilitator.export import export
from facilitator.model import Attendee, Board, BoardItem, Handoff, Homework, Idea, Issue, NextMeeting, Question

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("KYOGITAI_UPDATE_GOLDEN") == "1"
PREVIOUS_ID = "2026-04-15-a1b2c3"
LEADS = {"recap": "SC", "issues": "SC", "consult": "SC", "ideas": "SC", "handoff": "SC",
         "comment": "小野アドバイザー", "close": "SC"}
PLANNED = {"recap": 10, "issues": 10, "consult": 10, "ideas": 35, "handoff": 15, "comment": 5, "close": 5}  # c-town


def previous():  # type: ignore[no-untyped-def]
    return make_session(
        id=PREVIOUS_ID, date="2026-04-15", title="第1回 定例会",
        ideas=[Idea(id="p-01", text="商店の配達をみんなに知らせる", author="田中 和子", kind="self", status="handed")],
        handoffs=[Handoff(id="hand-p1", idea_ids=["p-01"], action="配達してくれる店を調べて一覧にする",
                          contact="商工会", due="2026-05-20")],
    )


def second_meeting():  # type: ignore[no-untyped-def]
    steps = make_steps()
    for step in steps:
        step.lead = LEADS[step.id]
        step.planned_minutes = PLANNED[step.id]
    steps[0].notes = "前回託した配達の一覧は、4店のうち3店の確認が済んだ。\n残り1店は来月に確認する。"
    steps[3].notes = "移動の話が中心だった。"
    s = make_session(
        id="2026-05-20-d4e5f6", date="2026-05-20", title="第2回 定例会", place="C町 公民館 大会議室",
        start_time=None, end_time=None,
        started_at="2026-05-20T14:00:00+09:00", ended_at="2026-05-20T15:06:00+09:00",
        created_at="2026-04-15T16:00:00+09:00", updated_at="2026-05-20T15:31:00+09:00",
        previous_session=PREVIOUS_ID, steps=steps, current_step="close",
        recorder="佐藤 みどり（事務局）", review_by="小野アドバイザー",
        attendees=[
            Attendee(name="山田 花子", role="民生委員", attendance="present"),
            Attendee(name="佐藤 一郎", role="町内会長", attendance="absent"),
            Attendee(name="田中 和子", role="老人クラブ", attendance="present"),
            Attendee(name="鈴木 健", role="生活支援コーディネーター", attendance="present"),
        ],
        issues=[Issue(id="issue-01", title="地域交通・移動", detail="通院や買い物の足がない", source="ニーズ調査")],
        questions=[Question(id="q-01", text="買い物に行けない人のために、自分たちでできそうなことは何ですか？",
                            issue_id="issue-01")],
        ideas=[
            Idea(id="idea-01", text="乗り合いで買い物に行く", author="山田 花子", issue_id="issue-01", kind="self",
                 interest=3, status="handed"),
            Idea(id="idea-02", text="コミュニティバスの増便", author="佐藤 一郎", issue_id="issue-01",
                 kind="request", department="企画課"),
            Idea(id="idea-03", text="=サロンの帰りに声をかける", author="田中 和子", issue_id="issue-01"),
        ],
        handoffs=[
            Handoff(id="hand-p1", idea_ids=["p-01"], action="配達してくれる店を調べて一覧にする", contact="商工会",
                    due="2026-05-20", status="in_progress", result="4店のうち3店が配達できると確認した",
                    from_session=PREVIOUS_ID),
            Handoff(id="hand-01", idea_ids=["idea-01"], action="社協の車両が使えるか確認する",
                    contact="社協 地域福祉係", due="次回まで"),
        ],
        review="あるものを活かしたアイデアが多く出ました。\n次は担い手の話をしましょう。",
        homework=[
            Homework(id="hw-01", text="移動販売車の巡回ルートを調べる", owner="鈴木 健", due="2026-06-17",
                     from_session=PREVIOUS_ID),
            Homework(id="hw-02", text="サロンの帰りの声かけを試す", owner="田中 和子", due="次回まで"),
        ],
        next_meeting=NextMeeting(date="2026-06-17", start_time="14:00", place="C町 公民館",
                                 agenda=["移動販売の巡回ルートを検討する。", "声かけの結果を共有する。"]),
        board=Board(vision="歳をとっても、歩いて行ける場所でおしゃべりできるまち", items=[
            BoardItem(id="card-01", column="have", text="公園のゲートボール", category="場所",
                      meanings=["見守り", "孤立防止"], since=PREVIOUS_ID),
            BoardItem(id="card-02", column="lack", text="商店", category="店", solvable="ourselves",
                      since=PREVIOUS_ID),
            BoardItem(id="card-03", column="makeshift", text="ゲートボールの後に買い物の相乗り",
                      links=["card-01", "card-02"], since="2026-05-20-d4e5f6"),
        ]),
    )
    return s


# -- Word and Excel as the text a reader sees -------------------------------------------------


def docx_text(data: bytes) -> str:
    docx = pytest.importorskip("docx")
    d = docx.Document(io.BytesIO(data))
    body = d.element.body
    out = []
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = next(p for p in d.paragraphs if p._p is child)
            if p.text:
                out.append(f"[{p.style.name}] {p.text}")
        elif tag == "tbl":
            table = next(t for t in d.tables if t._tbl is child)
            for row in table.rows:
                out.append("| " + " | ".join(c.text for c in row.cells) + " |")
    footer = " ".join(p.text for p in d.sections[0].footer.paragraphs)
    out.append(f"[footer] {footer} + page number")
    return "\n".join(out) + "\n"


def xlsx_text(data: bytes) -> str:
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    z = zipfile.ZipFile(io.BytesIO(data))
    strings = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
               for si in ElementTree.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    out = []
    for n, sheet in enumerate(book.findall("m:sheets/m:sheet", ns), start=1):
        out.append(f"== {sheet.get('name')}")
        xml = ElementTree.fromstring(z.read(f"xl/worksheets/sheet{n}.xml"))
        for row in xml.findall("m:sheetData/m:row", ns):
            cells = []
            for c in row.findall("m:c", ns):
                v = c.find("m:v", ns)
                text = strings[int(v.text)] if c.get("t") == "s" and v is not None else (v.text if v is not None else "")
                if text:
                    cells.append(f"{c.get('r')}={text}".replace("\n", "⏎"))
            if cells:
                out.append("  ".join(cells))
    return "\n".join(out) + "\n"


FORMATS = {  # golden file name → how to make its text
    "minutes.md": lambda s, p: export(s, "md", p).decode("utf-8"),
    "minutes.html": lambda s, p: export(s, "html", p).decode("utf-8"),
    "ideas.csv": lambda s, p: export(s, "csv", p).decode("utf-8-sig"),
    "next.ics": lambda s, p: export(s, "ics", p).decode("utf-8"),
    "minutes.docx.txt": lambda s, p: docx_text(export(s, "docx", p)),
    "workbook.xlsx.txt": lambda s, p: xlsx_text(export(s, "xlsx", p)),
}


@pytest.mark.parametrize("name", list(FORMATS))
def test_each_format_matches_its_golden_example(name: str) -> None:
    text = FORMATS[name](second_meeting(), previous())
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == text, f"{name}: KYOGITAI_UPDATE_GOLDEN=1 to write it again"


# -- read as a town office reads a 議事録 --------------------------------------------------------

OFFICE_HEADER = ["会議名", "日時", "場所", "出席者", "欠席者", "事務局・記録者"]


def test_the_markdown_example_reads_as_a_town_office_files_minutes() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    md = (GOLDEN / "minutes.md").read_text(encoding="utf-8")
    tokens = markdown_it.MarkdownIt("commonmark").enable("table").parse(md)
    inline = [t.content for t in tokens if t.type == "inline"]
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert headings[:3] == ["次第", "前回の振り返り", "前回からの経過"]
    assert "各ステップの記録" in headings and headings[-1] == "あるもの/ないもの"
    header = inline[1:1 + len(OFFICE_HEADER)]
    assert [h.split("：")[0] for h in header] == OFFICE_HEADER
    assert header[1] == "日時：令和8年5月20日（水）　14:00〜15:06"  # from 開会 and 散会
    assert header[3] == "出席者：山田 花子（民生委員）、田中 和子（老人クラブ）、鈴木 健（生活支援コーディネーター）（3名）"
    assert header[4] == "欠席者：佐藤 一郎（町内会長）"
    assert header[5] == "事務局・記録者：事務局：鈴木 健（生活支援コーディネーター）　記録者：佐藤 みどり（事務局）"
    assert "1．前回の振り返り（SC）" in inline and "6．総評（小野アドバイザー）" in inline
    assert "配達してくれる店を調べて一覧にする〔対応中〕" in inline
    assert "経過・結果：4店のうち3店が配達できると確認した" in inline
    assert "発言者：小野アドバイザー" in inline
    # The noise a town office had to remove by hand is not there.
    assert "なし" not in inline and not any(line.endswith("\\") for line in md.splitlines())
    assert md.count("コミュニティバスの増便") == 1  # requests once
    assert "移動販売の巡回ルートを検討する。" in inline and "。、" not in md
    assert [t.content for t in tokens if t.type == "inline" and "〔新〕" in t.content] == [
        "ゲートボールの後に買い物の相乗り〔新〕"]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.th: list[str] = []
        self.h2: list[str] = []
        self.style = ""
        self._tag = ""

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self._tag = tag

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._tag == "th" and data.strip():
            self.th.append(data)
        elif self._tag == "h2":
            self.h2.append(data)
        elif self._tag == "style":
            self.style += data


def test_the_html_example_has_the_office_header_and_page_numbers() -> None:
    p = _Text()
    p.feed((GOLDEN / "minutes.html").read_text(encoding="utf-8"))
    assert p.th[:len(OFFICE_HEADER)] == OFFICE_HEADER
    assert p.h2[0] == "次第" and "前回からの経過" in p.h2
    assert "counter(page)" in p.style and "counter(pages)" in p.style


def test_the_csv_and_calendar_examples() -> None:
    rows = list(csv.reader(io.StringIO((GOLDEN / "ideas.csv").read_text(encoding="utf-8"), newline="")))
    assert rows[0][:6] == ["記録ID", "日付", "協議体", "地域課題", "種類", "内容"]
    assert rows[2][8] == "行政へ" and rows[3][5] == "'=サロンの帰りに声をかける"
    icalendar = pytest.importorskip("icalendar")
    cal = icalendar.Calendar.from_ical((GOLDEN / "next.ics").read_bytes())
    (event,) = list(cal.walk("VEVENT"))
    # The next meeting lasts the plan (90 minutes), not the 66 minutes this one happened to run.
    assert (event["DTEND"].dt - event["DTSTART"].dt).total_seconds() == 90 * 60


def test_the_word_and_excel_examples_open_on_the_office_header() -> None:
    docx = (GOLDEN / "minutes.docx.txt").read_text(encoding="utf-8").splitlines()
    assert docx[0] == "[Title] C町 第1層協議体 第2回 定例会 議事録"
    assert [row.split(" | ")[0].removeprefix("| ") for row in docx[1:7]] == OFFICE_HEADER
    xlsx = (GOLDEN / "workbook.xlsx.txt").read_text(encoding="utf-8").splitlines()
    assert xlsx[0] == "== 議事録" and [x.split("  ")[0].split("=")[1] for x in xlsx[2:8]] == OFFICE_HEADER
    assert [x for x in xlsx if x.startswith("== ")] == ["== 議事録", "== アイデア", "== 宿題", "== 託したこと", "== ボード"]
