"""The exported minutes in English (issue 8): with ``language() == "en"`` every word the minutes
add themselves — headings, labels, 「なし」, dates, punctuation — is English, in Markdown, HTML,
Word, the calendar event and the terminal summary; Japanese output is the same bytes before and
after an English export (the existing export tests pin the Japanese text itself).

The session here is written in English, so any Japanese character in an English export is one of
our own words that was missed — except the fixed board categories and 意味づけ, which are stored
in Japanese and must come out as their English labels too.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from rich.console import Console

from facilitator import i18n
from facilitator.export import export
from facilitator.export.ics import NoNextMeeting, to_ics
from facilitator.export.markdown import to_markdown
from facilitator.export.minutes import SECTION_HEADINGS, build_minutes, section_headings
from facilitator.export.word import OfficeMissing, to_docx
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
)
from facilitator.summary import render_summary
from factories import make_session, make_steps

CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
PREVIOUS_ID = "2026-07-15-aaaaaa"
ENGLISH_SECTIONS = [
    "Order of business", "Looking back at last time", "Progress since last time", "Local issues", "Put to the body", "Opinions and ideas",
    "Handed to the SC", "Requests to the town office", "Continued discussion and homework",
    "General review", "Notes of each step", "Next meeting", "What we have / what we lack",
]


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    try:
        yield
    finally:
        i18n.set_language(None)


def english_steps():  # type: ignore[no-untyped-def]
    steps = make_steps()
    for step, title in zip(steps, ["Recap", "Issues", "Consult", "Ideas", "Hand-off", "Review", "Close"]):
        step.title = title
    steps[3].notes = "Lively talk about transport."
    return steps


def previous_session() -> Session:
    return make_session(
        id=PREVIOUS_ID, date="2026-07-15", body="Town C first-tier body", title="Meeting 2",
        place="Community hall", attendees=[], issues=[], questions=[], ideas=[], review="",
        steps=english_steps(), board=Board(), next_meeting=NextMeeting(),
        homework=[], handoffs=[Handoff(id="h-old", idea_ids=[], action="Ask the school", contact="Head teacher",
                                       due="2026-08-19")],
    )


def session() -> Session:
    """Every section filled, all user text in English."""
    return make_session(
        body="Town C first-tier body", title="Meeting 3", place="Community hall", start_time="14:00",
        end_time="15:30", previous_session=PREVIOUS_ID, steps=english_steps(),
        attendees=[Attendee(name="Hanako Yamada", role="welfare commissioner"), Attendee(name="Ichiro Sato")],
        issues=[Issue(id="i1", title="Transport", detail="No bus in the evening", source="needs survey"),
                Issue(id="i2", title="Salons", detail="Same people every time")],
        questions=[Question(id="q1", text="What could we do for people who cannot shop?", issue_id="i1")],
        ideas=[
            Idea(id="a1", text="Shopping trips together", author="Hanako Yamada", issue_id="i1", kind="self",
                 interest=3, status="handed"),
            Idea(id="a2", text="More buses", author="Ichiro Sato", issue_id="i1", kind="request",
                 department="Planning"),
            Idea(id="a3", text="Phone lessons at the salon", issue_id="i2", status="homework"),
        ],
        handoffs=[Handoff(id="h1", idea_ids=["a1"], action="Check the council's van", contact="Council desk",
                          due="2026-09-30")],
        review="Many ideas used what we already have.",
        homework=[
            Homework(id="w1", text="Map the mobile shop's route", owner="Hanako Yamada", due="2026-09-30",
                     from_session=PREVIOUS_ID),
            Homework(id="w2", text="Old idea", owner="Ichiro Sato", status="dropped", reason="merged"),
            Homework(id="w3", text="Book the hall", status="done"),
        ],
        next_meeting=NextMeeting(date="2026-10-21", start_time="13:30", place="Community hall",
                                 agenda=["Report on the mobile shop"]),
        board=Board(vision="A town where neighbours look in on each other", items=[
            BoardItem(id="c1", column="have", text="Gate-ball group", category="人材", meanings=["見守り", "chat"]),
            BoardItem(id="c2", column="lack", text="Evening bus", category="交通", solvable="municipality",
                      department="Planning"),
            BoardItem(id="c3", column="lack", text="Helpers", solvable="ourselves"),
            BoardItem(id="c4", column="makeshift", text="Van plus volunteer drivers", links=["c1", "c2"]),
        ]),
    )


def all_japanese_bytes(s: Session, previous: Session) -> dict[str, bytes]:
    return {fmt: export(s, fmt, previous=previous) for fmt in ("md", "html", "ics")}


# ---------------------------------------------------------------------------------------


def test_the_structure_is_english(english: None) -> None:
    m = build_minutes(session(), previous_session())
    assert [s.heading for s in m.sections] == ENGLISH_SECTIONS == list(section_headings())
    assert m.title == "Town C first-tier body Meeting 3 minutes"
    assert [f.label for f in m.header.fields] == ["Meeting", "Date and time", "Place", "Attendees",
                                                  "Recorder"]  # (no 事務局 in the roster: the recorder alone)
    assert m.header.fields[1].value == "Wed 19 Aug 2026, 14:00–15:30"
    assert m.header.fields[3].value == "Attendance not taken (roster: Hanako Yamada (welfare commissioner), Ichiro Sato)"
    assert m.header.fields[4].value == "not recorded"  # (labelled Recorder once, not "Recorder: Recorder: …")
    assert m.footer.startswith("Record ID ") and m.footer.endswith(" (made with kyogitai)")


def test_markdown_has_no_japanese_left(english: None) -> None:
    md = to_markdown(session(), previous_session())
    assert CJK.findall(md) == []
    for line in (
        "# Town C first-tier body Meeting 3 minutes",
        "- Date and time: Wed 19 Aug 2026, 14:00–15:30",
        "- Last time: Wed 15 Jul 2026, Meeting 2",
        "### Handed to the SC last time",
        "### Homework from last time",
        "### We can do it",
        "- Shopping trips together (Hanako Yamada) \\[Interest 3\\] \\[Handed to the SC\\]",
        "  - Ideas brought together: “Shopping trips together” (Hanako Yamada)",
        "| Request | Proposed by | Department |",
        "| Task | Owner | Due | Status |",
        "| Old idea | Ichiro Sato |   | Dropped (reason: merged) |",
        "### Ideas",  # the step's note under its own (English) title
        "- Date and time: Wed 21 Oct 2026, 13:30",
        "### Agenda",
        "- Report on the mobile shop",
        "- Our town's vision: A town where neighbours look in on each other",
        "### What we have",
        "### Making do: what we have for what we lack",
        "### What we lack",
        "  - Category: People",
        "  - Meaning: Watching over, chat",
        "  - Sorted to: We can manage it ourselves",
        "  - Paired with: Gate-ball group + Evening bus",
    ):
        assert line in md.splitlines(), line
    assert "From last time" in md
    assert "\\[New\\]" not in md  # no card is new here (since is unset)


def test_empty_sections_say_none_in_english(english: None) -> None:
    bare = make_session(body="Body", title="Meeting 1", place=None, attendees=[], issues=[], questions=[],
                        ideas=[], handoffs=[], review="", homework=[], steps=english_steps()[:1],
                        next_meeting=NextMeeting(), board=Board())
    bare.steps[0].notes = ""
    md = to_markdown(bare)
    assert CJK.findall(md) == []
    assert "Looking back" not in md and "Nothing recorded" in md  # a first meeting: no look back
    assert md.count("\nNone\n") >= 8 and "- Place: None" in md


def test_html_is_english_and_says_so(english: None) -> None:
    text = export(session(), "html", previous=previous_session()).decode("utf-8")
    assert '<html lang="en">' in text
    style = re.compile(r"<style>.*?</style>", re.DOTALL)  # the fonts' names are Japanese (游ゴシック)
    assert CJK.findall(style.sub("", text)) == []
    assert '<span class="who"> (Hanako Yamada)</span>' in text
    assert '<th scope="col">Department</th>' in text


def test_calendar_event_is_english(english: None) -> None:
    text = to_ics(session())
    unfolded = text.replace("\r\n ", "")
    assert CJK.findall(unfolded) == []
    assert "SUMMARY:Town C first-tier body: next meeting\r\n" in unfolded
    assert "DESCRIPTION:Agenda:\\n- Report on the mobile shop\\n\\nPrevious meeting: Wed 19 Aug 2026 Meeting 3" in unfolded
    no_agenda = make_session(body="", next_meeting=NextMeeting(date="2026-10-21"))
    unfolded = to_ics(no_agenda).replace("\r\n ", "")
    assert "SUMMARY:Next meeting of the body" in unfolded and "Agenda:\\n- To be decided" in unfolded


def test_word_is_english() -> None:
    docx = pytest.importorskip("docx")
    i18n.set_language("en")
    try:
        data = to_docx(session(), previous_session())
    finally:
        i18n.set_language(None)
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for table in document.tables for row in table.rows for c in row.cells]
    footer = [p.text for p in document.sections[0].footer.paragraphs]
    assert CJK.findall("\n".join(paragraphs + cells + footer)) == []
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ENGLISH_SECTIONS
    assert any("Shopping trips together (Hanako Yamada)  [Interest 3]  [Handed to the SC]" in p for p in paragraphs)
    assert "Date and time" in cells and "Our town's vision" in cells
    props = document.core_properties
    assert props.subject == "Minutes" and props.language == "en-US"
    lang = document.styles.element.find(".//{*}rPrDefault//{*}lang")
    assert lang is not None
    values = {k.split("}")[-1]: v for k, v in lang.attrib.items()}
    assert values["val"] == "en-US" and values["eastAsia"] == "ja-JP"  # the names stay Japanese text


def test_terminal_summary_is_english(english: None) -> None:
    console = Console(width=120, record=True, file=io.StringIO(), highlight=False)
    console.print(render_summary(session(), previous_session()))
    text = console.export_text()
    assert CJK.findall(text) == []
    assert "■ Local issues" in text and "Shopping trips together (Hanako Yamada) [Interest 3] [Handed to the SC]" in text


def test_errors_are_english(english: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match=r"^Export format 'pdf' is not supported \(one of md / html"):
        export(session(), "pdf")
    with pytest.raises(NoNextMeeting, match=r"has no next meeting date"):
        export(make_session(), "ics")
    monkeypatch.setitem(__import__("sys").modules, "docx", None)
    with pytest.raises(OfficeMissing, match=r"^Word \(docx\) export needs python-docx"):
        export(session(), "docx")


def test_japanese_is_the_same_before_and_after_an_english_export() -> None:
    s, previous = session(), previous_session()
    before = all_japanese_bytes(s, previous)
    assert [h.removeprefix("## ") for h in before["md"].decode().splitlines() if h.startswith("## ")] == list(
        SECTION_HEADINGS)
    i18n.set_language("en")
    try:
        english = all_japanese_bytes(s, previous)
    finally:
        i18n.set_language(None)
    assert all(english[fmt] != before[fmt] for fmt in before)
    assert all_japanese_bytes(s, previous) == before
    assert section_headings() == SECTION_HEADINGS
