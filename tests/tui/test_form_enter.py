"""Enter in a dialog (screens/form.py, one rule for every form): in a form of several fields, Enter
in a one-line field goes to the next field and saves on the last; a TextArea keeps Enter as a new
line; a form of one field saves on Enter; Ctrl+S saves from any field; the hint line says which.

The QA sequences typed as an SC types them: before the rule, the first Enter saved the dialog and
what came next landed in the step's own field (two junk ideas in the hand-off step, a year plan
saved 日程未定).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Input, Label, Static, TextArea

from pilot_helpers import SIZE
from screens.form import FormField, FormResult, FormScreen
from screens.panels.handoff import HandoffPanel
from screens.panels.issues import IssueList
from test_handoff_and_close_panels import make_app as handoff_app
from test_handoff_and_close_panels import session as handoff_session
from test_home_screens import demo_store, settle  # noqa: F401 - demo_store is a fixture
from test_home_screens import make_app as home_app
from test_year_plan_screen import AUGUST, on_disk, open_plan
from pilot_helpers import make_app


def hint(form: FormScreen) -> str:
    return str(form.query_one(".form-hint", Label).render())


async def test_the_hand_off_dialog_filled_with_enter_keeps_every_field_and_makes_no_idea(tmp_path: Path) -> None:
    s = handoff_session()
    app = handoff_app(tmp_path, s)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ideas_before = [i.text for i in s.ideas]
        await pilot.press("ctrl+x", "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "Enter 次の欄へ" in hint(form) and "Ctrl+S" in hint(form)
        await pilot.press(*"社協の車両を借りられるか聞く", "enter")
        assert app.screen is form and form.focused is form.query_one("#field-contact", Input)
        await pilot.press(*"社協 地域福祉係", "enter")
        assert app.screen is form and form.focused is form.query_one("#field-due", Input)
        await pilot.press(*"次回まで", "enter")  # the last field: saved
        await pilot.pause()
        assert app.screen is not form
        h = s.handoffs[-1]
        assert (h.idea_ids, h.action, h.contact, h.due) == (
            ["idea-04"], "社協の車両を借りられるか聞く", "社協 地域福祉係", "次回まで")
        assert [i.text for i in s.ideas] == ideas_before  # no stray idea
        assert app.screen.query_one(HandoffPanel)


async def test_ctrl_s_saves_the_hand_off_from_its_first_field(tmp_path: Path) -> None:
    s = handoff_session()
    app = handoff_app(tmp_path, s)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+x", "enter")
        await pilot.pause()
        await pilot.press(*"社協に相談", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, FormScreen)
        assert (s.handoffs[-1].action, s.handoffs[-1].contact, s.handoffs[-1].due) == ("社協に相談", None, None)


async def test_the_issue_dialog_filled_with_enter_keeps_every_field(tmp_path: Path) -> None:
    app = make_app(tmp_path, current_step="issues")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        meeting = app.screen
        session = meeting.meeting.session  # type: ignore[attr-defined]
        before = len(session.issues)
        ideas_before = len(session.ideas)
        meeting.query_one(IssueList).focus()
        await pilot.press("ctrl+a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert "Tab で次の欄へ" in hint(form)  # the detail is a TextArea
        await pilot.press(*"避難支援の仕組み", "enter")
        detail = form.query_one("#field-detail", TextArea)
        assert app.screen is form and form.focused is detail
        await pilot.press(*"名簿はある", "enter", *"支援者が足りない")  # Enter: a new line in the detail
        assert detail.text == "名簿はある\n支援者が足りない"
        await pilot.press("tab", *"ニーズ調査", "enter")  # the last field: saved
        await pilot.pause()
        assert app.screen is not form
        assert len(session.issues) == before + 1 and len(session.ideas) == ideas_before
        issue = session.issues[-1]
        assert (issue.title, issue.detail, issue.source) == ("避難支援の仕組み", "名簿はある\n支援者が足りない", "ニーズ調査")


async def test_the_year_plan_dialog_filled_with_enter_keeps_the_date(demo_store) -> None:  # type: ignore[no-untyped-def]
    app = home_app(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_plan(pilot, app)
        await pilot.press(*["down"] * AUGUST, "f2")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press(*"移動の集中協議", "enter", *"2026/8/26", "enter", *"13:30", "enter", *"公民館", "enter")
        await settle(pilot)
        assert app.screen is screen
        [m] = on_disk(demo_store)["meetings"]
        assert (m["theme"], m["date"], m["start_time"], m["place"]) == ("移動の集中協議", "2026-08-26", "13:30", "公民館")
        assert str(screen.query_one("#year-plan-status", Static).render()) == "年間計画を保存しました"


class OneForm(App[None]):
    """A form over an empty screen, its result kept."""

    def __init__(self, fields: list[FormField]) -> None:
        super().__init__()
        self.fields = fields
        self.results: list[FormResult | None] = []

    def compose(self) -> ComposeResult:
        yield Static("")

    def on_mount(self) -> None:
        self.push_screen(FormScreen("題", self.fields), self.results.append)


async def test_a_form_of_one_field_saves_on_enter() -> None:
    app = OneForm([FormField("reason", "理由")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert hint(app.screen).startswith("Enter か Ctrl+S で決定")  # type: ignore[arg-type]
        await pilot.press(*"都合により", "enter")
        await pilot.pause()
        assert [r.values if r else None for r in app.results] == [{"reason": "都合により"}]


async def test_a_form_of_one_text_area_keeps_enter_as_a_new_line() -> None:
    app = OneForm([FormField("note", "備考", multiline=True)])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Enter は改行" in hint(app.screen)  # type: ignore[arg-type]
        await pilot.press("a", "enter", "b")
        assert app.results == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [r.values if r else None for r in app.results] == [{"note": "a\nb"}]


async def test_enter_on_a_closed_select_before_the_last_field_goes_on_and_down_opens_it() -> None:
    app = OneForm([FormField("kind", "種類", "a", options=[("あ", "a"), ("い", "i")], allow_blank=False),
                   FormField("text", "内容")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press("enter")
        assert form.focused is form.query_one("#field-text", Input)
        await pilot.press(*"書いた", "enter")
        await pilot.pause()
        assert [r.values if r else None for r in app.results] == [{"kind": "a", "text": "書いた"}]


def test_snapshot_the_hand_off_dialog_says_what_enter_does(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The dialog after 社協の車両を借りられるか聞く and Enter: the cursor in キーパーソン, the hint
    line (Enter 次の欄へ …) under the buttons."""

    async def fill(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        await pilot.press("ctrl+x", "enter")
        await pilot.pause()
        await pilot.press(*"社協の車両を借りられるか聞く", "enter")
        await pilot.pause()
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False

    app = handoff_app(tmp_path, handoff_session(started_at="2026-08-19T14:00:00+09:00"))
    assert snap_compare(app, terminal_size=SIZE, run_before=fill)
