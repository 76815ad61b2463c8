"""The Excel workbook, read back from its XML (the file is a zip of SpreadsheetML): five sheets
with headers in the UI language, frozen header rows, widths and wrapped text, and text that can
never become a formula."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from factories import make_session

from facilitator import i18n
from facilitator.export import FORMATS, export
from facilitator.model import Handoff, Idea

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
HOSTILE = ['=HYPERLINK("http://evil.example","押して")', "  =1+1", "+81-90-0000", "@SUM(A1)", "-2"]


def workbook(data: bytes) -> dict[str, list[list[str]]]:
    """Sheet name → rows of cell texts (shared strings resolved), in order."""
    z = zipfile.ZipFile(io.BytesIO(data))
    strings = [
        "".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t"))
        for si in ElementTree.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS)
    ]
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    names = [s.get("name") for s in book.findall("m:sheets/m:sheet", NS)]
    out = {}
    for n, name in enumerate(names, start=1):
        sheet = ElementTree.fromstring(z.read(f"xl/worksheets/sheet{n}.xml"))
        rows = []
        for row in sheet.findall("m:sheetData/m:row", NS):
            cells = []
            for c in row.findall("m:c", NS):
                assert c.find("m:f", NS) is None, "a formula"
                v = c.find("m:v", NS)
                if c.get("t") == "s":
                    cells.append(strings[int(v.text)])
                else:
                    cells.append(v.text if v is not None else "")
            rows.append(cells)
        out[name] = rows
    return out


def sheet_xml(data: bytes, n: int) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(f"xl/worksheets/sheet{n}.xml").decode("utf-8")


def session():
    s = make_session(previous_session="2026-07-15-aaaaaa", recorder="佐藤（事務局）")
    s.ideas += [Idea(id=f"h{n}", text=text, author=text, kind="self") for n, text in enumerate(HOSTILE)]
    s.handoffs.append(Handoff(id="carried", idea_ids=["old"], action="店に相談", status="in_progress",
                              result="1軒と話した", from_session="2026-07-15-aaaaaa"))
    return s


def test_five_sheets_with_japanese_headers_and_the_minutes():
    assert "xlsx" in FORMATS
    data = export(session(), "xlsx")
    book = workbook(data)
    assert list(book) == ["議事録", "アイデア", "宿題", "託したこと", "ボード"]
    minutes = book["議事録"]
    assert minutes[0][0] == "C町 第1層協議体 第3回 定例会 議事録"
    assert ["会議名", "C町 第1層協議体 第3回 定例会"] == minutes[1][:2]
    assert any(r[:2] == ["事務局・記録者", "事務局：鈴木 SC（生活支援コーディネーター）　記録者：佐藤（事務局）"]
               for r in minutes)
    assert book["アイデア"][0] == ["記録ID", "日付", "協議体", "地域課題", "種類", "内容", "発言者", "関心", "状況", "担当課"]
    assert book["アイデア"][1][5:8] == ["乗り合いで買い物に行く", "山田 花子", "3"]
    assert book["宿題"][0] == ["内容", "担当", "期限", "状況", "前回から"]
    assert book["託したこと"][0] == ["託したこと", "まとめたアイデア", "連絡先", "期限", "状況", "経過・結果", "前回から"]
    assert book["託したこと"][2] == ["店に相談", "", "", "", "対応中", "1軒と話した", "○"]
    assert book["ボード"][0][:3] == ["列", "カード", "分類"]
    assert book["ボード"][1][:3] == ["あるもの", "公園のゲートボール", "場所"]


def test_typed_text_is_a_string_never_a_formula_a_number_or_a_link():
    data = export(session(), "xlsx")
    ideas = workbook(data)["アイデア"]  # (workbook() fails on any <f> formula element)
    texts = [row[5] for row in ideas[1:]]
    for text in HOSTILE:
        assert text in texts  # kept as typed: no apostrophe, no conversion
    for n in range(1, 6):
        assert "<hyperlink" not in sheet_xml(data, n)


def test_frozen_header_widths_wrapped_text_and_a4():
    data = export(session(), "xlsx")
    for n in range(1, 6):
        xml = sheet_xml(data, n)
        assert re.search(r'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>', xml), n
        assert re.search(r'<col min="1" max="\d+" width="[\d.]+" style="\d+" customWidth="1"/>', xml), n
        assert 'paperSize="9"' in xml and 'fitToHeight="0"' in xml, n
    styles = zipfile.ZipFile(io.BytesIO(data)).read("xl/styles.xml").decode("utf-8")
    assert 'wrapText="1"' in styles and 'vertical="top"' in styles and "游ゴシック" in styles


def test_the_same_session_gives_the_same_bytes():
    s = session()
    assert export(s, "xlsx") == export(s, "xlsx")


def test_headers_follow_the_ui_language():
    i18n.set_language("en")
    try:
        book = workbook(export(session(), "xlsx"))
    finally:
        i18n.set_language(None)
    assert list(book) == ["Minutes", "Ideas", "Homework", "Handed to the SC", "Board"]
    assert book["Ideas"][0][:3] == ["Record ID", "Date", "Body"]
