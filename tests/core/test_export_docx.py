"""Minutes as a Word document, read back with python-docx: the same sections as the Markdown
and HTML minutes, the board as a list per column, Japanese fonts; and without python-docx,
one line saying how to install it."""

from __future__ import annotations

import builtins
import io
import os
import subprocess
import sys
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from factories import make_session

from facilitator.export import FORMATS, export
from facilitator.export.minutes import SECTION_HEADINGS, build_minutes
from facilitator.export.word import BODY_FONT, HEADING_FONT, INSTALL_HINT, OfficeMissing, to_docx
from facilitator.model import BoardItem, Homework, Idea, NextMeeting
from facilitator.store import Store


def full_session(**overrides):  # type: ignore[no-untyped-def]
    values = dict(
        end_time="15:30",
        ideas=[
            Idea(id="idea-01", text="乗り合いで買い物に行く", author="山田 花子", issue_id="issue-01",
                 kind="self", interest=3, status="handed"),
            Idea(id="idea-02", text="コミュニティバスの増便", author="佐藤 一郎", issue_id="issue-01",
                 kind="request", department="企画課"),
            Idea(id="idea-03", text="サロンでスマホ教室\n（二行目）", issue_id="issue-02"),
        ],
        previous_session="2026-07-15-aaaaaa",
        homework=[
            Homework(id="hw-01", text="移動販売車の巡回ルートを調べる", owner="鈴木 SC", due="2026-09-30",
                     from_session="2026-07-15-aaaaaa"),
            Homework(id="hw-02", text="公民館の予約状況を確認", owner="佐藤 一郎", status="done"),
        ],
        next_meeting=NextMeeting(date="2026-09-16", start_time="14:00", place="C町 公民館",
                                 agenda=["移動販売の報告", "サロンの担い手"]),
    )
    values.update(overrides)
    s = make_session(**values)
    s.steps[0].notes = "前回の宿題を確認した。"
    s.step("ideas").notes = "移動の話が中心だった。"
    s.board.items += [
        BoardItem(id="card-03", column="makeshift", text="ゲートボールの後に買い物の相乗り",
                  links=["card-01", "card-02"], since=s.id),
        BoardItem(id="card-04", column="lack", text="病院への足", category="交通", solvable="municipality",
                  department="福祉課"),
        BoardItem(id="card-05", column="have", text="毎朝のラジオ体操", category="人材"),
    ]
    return s


def read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def headings(document, level: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_docx_is_a_registered_format():
    assert "docx" in FORMATS
    data = export(full_session(), "docx")
    assert data[:2] == b"PK" and zipfile.is_zipfile(io.BytesIO(data))


def test_same_title_header_and_sections_as_the_other_minutes():
    s = full_session()
    m = build_minutes(s)
    d = read(to_docx(s))
    title = [p.text for p in d.paragraphs if p.style.name == "Title"]
    assert title == ["C町 第1層協議体 第3回 定例会 議事録"] == [m.title]
    assert headings(d, 1) == list(SECTION_HEADINGS)
    assert headings(d, 2)[1:3] == ["自分たちでできる", "未分類"]  # 行政への要望: its own section only
    header = d.tables[0]
    assert [[c.text for c in row.cells] for row in header.rows] == [
        ["会議名", "C町 第1層協議体 第3回 定例会"],
        ["日時", "令和8年8月19日（水）\u300014:00〜15:30"],
        ["場所", "C町 公民館 大会議室"],
        ["出席者", "出欠未記録（名簿：山田 花子（民生委員）、佐藤 一郎（町内会長）、鈴木 SC（生活支援コーディネーター））"],
        ["事務局・記録者", "事務局：鈴木 SC（生活支援コーディネーター）\u3000記録者：未記入"],
    ]
    texts = "\n".join(p.text for p in d.paragraphs)
    assert "乗り合いで買い物に行く（山田 花子）" in texts and "［関心 3］" in texts
    assert "サロンでスマホ教室\n（二行目）" in texts  # a newline in user text is a line break
    assert "あるものを活かしたアイデアが多く出ました。" in texts
    assert f"記録ID {s.id}（kyogitai で作成）" in texts


def _table_with(document, first_heading: str):  # type: ignore[no-untyped-def]
    return next(t for t in document.tables if t.rows[0].cells[0].text == first_heading)


def test_tables_requests_homework_next_and_board():
    d = read(to_docx(full_session()))
    requests = _table_with(d, "要望")
    assert [[c.text for c in r.cells] for r in requests.rows] == [
        ["要望", "提案者", "担当課"], ["コミュニティバスの増便", "佐藤 一郎", "企画課"]]
    homework = _table_with(d, "内容")
    assert [c.text for c in homework.rows[1].cells] == ["移動販売車の巡回ルートを調べる", "鈴木 SC",
                                                          "令和8年9月30日（水）", "継続中\n前回から"]
    nxt = [t for t in d.tables if t.rows[0].cells[0].text == "日時"][-1]
    assert [[c.text for c in r.cells] for r in nxt.rows] == [["日時", "令和8年9月16日（水）\u300014:00〜"],
                                                             ["場所", "C町 公民館"]]
    bullets = [p.text for p in d.paragraphs if p.style.name == "List Bullet"]
    assert "移動販売の報告" in bullets and "サロンの担い手" in bullets  # the agenda, one item each
    # The header row of a table repeats on every page.
    assert homework.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    # The board: a list per column, never a table pairing unrelated cards.
    assert not [t for t in d.tables if t.rows[0].cells[0].text == "あるもの"]
    assert headings(d, 2)[-3:] == ["あるもの", "あるものでないものをやりくりする", "ないもの"]
    assert "公園のゲートボール\n分類：場所\n意味づけ：見守り・孤立防止" in bullets
    assert any(b.startswith("ゲートボールの後に買い物の相乗り　［新］") for b in bullets)
    assert "病院への足\n分類：交通\n仕分け：役場 福祉課" in bullets


def test_japanese_fonts_and_language():
    d = read(to_docx(full_session()))
    normal = d.styles["Normal"]
    rfonts = normal.element.rPr.rFonts
    assert rfonts.get(qn("w:eastAsia")) == BODY_FONT and rfonts.get(qn("w:ascii")) == BODY_FONT
    assert rfonts.get(qn("w:eastAsiaTheme")) is None
    for name in ("Title", "Heading 1", "Heading 2"):
        fonts = d.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == HEADING_FONT, name
        assert fonts.get(qn("w:eastAsiaTheme")) is None and fonts.get(qn("w:asciiTheme")) is None
    lang = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "ja-JP"
    section = d.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    props = d.core_properties
    assert props.title == "C町 第1層協議体 第3回 定例会 議事録" and props.author == "kyogitai"
    assert "python-docx" not in (props.comments or "")


def test_hostile_text_stays_text():
    s = full_session(title="第3回 <w:p>&amp; \x1b[31m赤\x1b[0m \ufffe")
    d = read(to_docx(s))
    title = d.paragraphs[0].text
    assert title == "C町 第1層協議体 第3回 <w:p>&amp; 赤 \ufffd 議事録"


def test_an_empty_session_still_has_every_section():
    s = make_session(ideas=[], issues=[], questions=[], handoffs=[], homework=[], review="",
                     next_meeting=NextMeeting(), attendees=[])
    s.board.items = []
    s.board.vision = ""
    d = read(to_docx(s))
    # A first meeting without notes: nothing to look back on, no step records; the rest says なし.
    assert headings(d, 1) == [h for h in SECTION_HEADINGS if h not in ("前回の振り返り", "前回からの経過",
                                                                      "各ステップの記録")]
    assert "記録なし" in [p.text for p in d.paragraphs]


def test_without_python_docx_one_line_says_how_to_install(monkeypatch):
    real_import = builtins.__import__

    def no_docx(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "docx" or name.startswith("docx."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_docx)
    with pytest.raises(OfficeMissing) as info:
        export(full_session(), "docx")
    message = str(info.value)
    assert isinstance(info.value, ValueError) and message == INSTALL_HINT
    assert "--extra office" in message and "pip install python-docx" in message and "\n" not in message


def test_cli_writes_docx_and_without_the_extra_fails_in_one_line(tmp_path):
    store = Store(tmp_path / "store")
    s = full_session()
    store.save(s)
    env = {k: v for k, v in os.environ.items() if k != "KYOGITAI_STORE"}
    target = tmp_path / "議事録.docx"  # beside the store, never in it
    cmd = [sys.executable, "-m", "facilitator", "--store", str(tmp_path / "store"), "export", s.id, "--format", "docx"]
    r = subprocess.run([*cmd, "-o", str(target)], capture_output=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr.decode()
    assert headings(read(target.read_bytes()), 1) == list(SECTION_HEADINGS)
    # The same command where python-docx cannot be imported (a stub package that fails).
    blocker = tmp_path / "blocker"
    (blocker / "docx").mkdir(parents=True)
    (blocker / "docx" / "__init__.py").write_text("raise ImportError('not installed')\n", encoding="utf-8")
    r = subprocess.run(cmd, capture_output=True, env={**env, "PYTHONPATH": str(blocker)}, timeout=60)
    assert r.returncode == 1 and r.stdout == b""
    err = r.stderr.decode("utf-8")
    assert err == f"kyogitai: {INSTALL_HINT}\n"
