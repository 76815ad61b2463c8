"""The year's report writes user text as text in every list, however it is typed: markup,
entities, separators, runs of spaces, empty cells. The lists' rows are escaped all at once
(``report/table_text.py``) and an already-clean line is kept as it is (``counting.line``); these
tests hold both to the plain rule, one cell (one text) at a time."""

from __future__ import annotations

import html
import re
from datetime import date

from factories import make_session
from hypothesis import example, given
from hypothesis import strategies as st

from facilitator.export.markdown import escape_inline
from facilitator.i18n import pinned_language
from facilitator.model import Handoff, Homework, Idea
from facilitator.report import build_year_report, render
from facilitator.report.counting import line
from facilitator.report.figures import detail_lists
from facilitator.report.table_text import CELL, ROW, escaped_rows
from facilitator.text import for_display

TODAY = date(2026, 12, 6)
HOSTILE = ["a|b <i>x</i> & *y* _z_ ~s~ [l](u) \\ `c`", "&amp; &#12; &#x1F; &copy ;&", '"quoted" \'single\'',
           "  padded\tand\u3000spaced  ", "line one\nline two", "<script>alert(1)</script>", ">quote", ""]


def _md_cell(text: str) -> str:  # the rule: each cell escaped, a newline as <br>, empty as " "
    return escape_inline(text).replace("\n", "<br>") or " "


def _hostile_report():  # type: ignore[no-untyped-def]
    ideas = [Idea(id=f"i{n}", text=text or "x", kind="request", department=text or None)
             for n, text in enumerate(HOSTILE)]
    first = make_session(date="2026-06-10", body="A|町 <協議体> & *1*", ideas=ideas,
                         handoffs=[Handoff(id=f"h{n}", idea_ids=[f"i{n}", f"i{n + 1}"], action=text, result=text)
                                   for n, text in enumerate(HOSTILE[:-1])],
                         homework=[Homework(id=f"w{n}", text=text, owner=text, status="dropped", reason=text)
                                   for n, text in enumerate(HOSTILE)])
    later = make_session(date="2026-07-10", body="A|町 <協議体> & *1*",
                         homework=[Homework(id="w0", text=HOSTILE[0], owner="", from_session=first.id)])
    return build_year_report([first, later], 2026, TODAY)


def test_every_list_row_is_each_cell_escaped_in_markdown_and_html() -> None:
    report = _hostile_report()
    md = render(report, "md").decode("utf-8").split("\n")
    page = render(report, "html").decode("utf-8").split("\n")
    with pinned_language():
        lists = [lst for lst in detail_lists(report) if lst.rows]
    assert {lst.key for lst in lists} >= {"handoffs", "homework", "requests"}
    for lst in lists:
        for cells in lst.rows:
            assert "| " + " | ".join(_md_cell(c) for c in cells) + " |" in md
            assert "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>" in page
    assert "<script>" not in "\n".join(page) and "\\<script\\>" in "\n".join(md)


cells = st.text(alphabet=st.sampled_from(["a", "&", "#", "1", ";", "x", "<", "|", "\\", "\n", " ", "あ", CELL, ROW]),
                max_size=8)


@given(st.lists(st.lists(cells, min_size=4, max_size=4).map(tuple), min_size=1, max_size=6))
def test_rows_escaped_at_once_read_as_escaped_cell_by_cell(rows: list[tuple[str, ...]]) -> None:
    assert escaped_rows(rows, html.escape, "</td><td>", "</td></tr>\n<tr><td>") == "</td></tr>\n<tr><td>".join(
        "</td><td>".join(html.escape(c) for c in row) for row in rows)
    md = lambda text: escape_inline(text).replace("\n", "<br>")  # noqa: E731
    assert escaped_rows(rows, md, " | ", " |\n| ", empty=" ") == " |\n| ".join(
        " | ".join(_md_cell(c) for c in row) for row in rows)


_SPACES = re.compile(r"\s+")


@given(st.one_of(st.none(), st.text(), st.text(alphabet=st.sampled_from([" ", "a", "\t", "\u3000", "\x1b", "\u202e",
                                                                           "\n", "\u2028", "あ"]))))
@example("two  spaces")
@example(" lead")
@example("trail ")
@example("tab\there")
@example("全角\u3000空白")
def test_a_line_is_the_display_safe_text_with_its_spaces_collapsed(text: str | None) -> None:
    assert line(text) == _SPACES.sub(" ", for_display(text or "")).strip()
