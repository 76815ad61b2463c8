"""A new body's first session, as the home screen's new-body form makes it: the name checked,
the layer, the date, the place, the template and the first title."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from facilitator.first_session import (
    FirstSessionError,
    check_body_name,
    first_layer,
    first_title,
    layer_from_name,
    plan_first,
)
from facilitator.i18n import set_language
from facilitator.store import Store
from facilitator.templates import all_templates, builtin_templates, get_template

BUILTIN = builtin_templates()
BY_ID = {x.id: x for x in BUILTIN}


def plan(**fields: str):  # type: ignore[no-untyped-def]
    values = {"body": "C町 第1層協議体", "layer": "", "day": "令和8年8月19日（水）", "place": "",
              "template_id": "c-town"} | fields
    return plan_first(**values, templates=BUILTIN)


def test_a_first_meeting_on_the_defaults():
    p = plan()
    assert (p.body, p.layer, p.on, p.place, p.template.id, p.title) == (
        "C町 第1層協議体", "第1層", date(2026, 8, 19), None, "c-town", "第1回")


def test_the_name_is_one_trimmed_line():
    assert check_body_name("  ひなた町\t東地区\n第2層協議体  ") == "ひなた町 東地区 第2層協議体"
    assert check_body_name("\x1b[31mC町\x1b[0m 協議体") == "C町 協議体"


@pytest.mark.parametrize("name", ["", "   ", "\n\t", "\x1b[2J"])
def test_an_empty_name_is_refused_on_the_name_field(name: str):
    with pytest.raises(FirstSessionError) as e:
        check_body_name(name)
    assert e.value.field == "body"
    assert str(e.value) == "協議体の名前を入れてください"


@pytest.mark.parametrize("typed", ["C町 第1層協議体", "C町　第1層協議体", "Ｃ町  第１層協議体", " C町 第1層協議体 "])
def test_a_body_the_store_has_is_refused_whatever_its_spaces_and_widths(typed: str):
    with pytest.raises(FirstSessionError) as e:
        check_body_name(typed, ["ひなた町 第1層協議体", "C町 第1層協議体"])
    assert e.value.field == "body"
    assert "「C町 第1層協議体」はもうあります" in str(e.value) and "n" in str(e.value)


def test_another_body_of_the_same_town_is_new():
    assert check_body_name("C町 東地区 第2層協議体", ["C町 第1層協議体"]) == "C町 東地区 第2層協議体"


@pytest.mark.parametrize(("name", "layer"), [
    ("C町 第1層協議体", "第1層"),
    ("C町 第１層協議体", "第1層"),
    ("C町 第一層協議体", "第1層"),
    ("ひなた町 東地区 第2層協議体", "第2層"),
    ("第 2 層 西地区", "第2層"),
    ("移動支援部会", "部会"),
    ("C町 協議体", None),
    ("第10回の会", None),
])
def test_the_layer_is_read_from_the_name(name: str, layer: str | None):
    assert layer_from_name(name) == layer


def test_a_typed_layer_wins_over_the_name_and_is_one_line():
    assert first_layer("  第2層 ", "C町 第1層協議体") == "第2層"
    assert first_layer("", "C町 第1層協議体") == "第1層"
    assert first_layer(" ", "C町 協議体") is None
    assert plan(layer="小地域").layer == "小地域"


def test_the_date_is_read_as_typed_and_a_bad_one_is_refused_on_the_date_field():
    assert plan(day="2026/9/2").on == date(2026, 9, 2)
    assert plan(day="R8.9.2").on == date(2026, 9, 2)
    with pytest.raises(FirstSessionError) as e:
        plan(day="あした")
    assert e.value.field == "date" and "あした" in str(e.value)
    with pytest.raises(FirstSessionError) as e:
        plan(day="")
    assert e.value.field == "date"


def test_the_name_is_checked_before_the_date():
    with pytest.raises(FirstSessionError) as e:
        plan(body="", day="あした")
    assert e.value.field == "body"


def test_the_place_is_one_line_or_none():
    assert plan(place=" 中央公民館\n2階 ").place == "中央公民館 2階"
    assert plan(place="   ").place is None


def test_the_first_title_counts_one_or_is_the_one_off_templates_own():
    assert first_title(BY_ID["c-town"], BUILTIN) == "第1回"
    assert first_title(BY_ID["bukai"], BUILTIN) == "第1回"
    assert first_title(BY_ID["setup-pre"], BUILTIN) == BY_ID["setup-pre"].title == "設置時プレ会議"
    assert plan(template_id="setup-pre").title == "設置時プレ会議"
    assert plan(template_id="treasure-hunt").title == BY_ID["treasure-hunt"].title


def test_an_unknown_template_is_the_default():
    p = plan(template_id="no-such-template")
    assert (p.template.id, p.title) == ("c-town", "第1回")


def test_a_user_template_titles_the_first_meeting_with_its_name(tmp_path):
    store = Store(tmp_path / "s")
    (store.root / "templates").mkdir(parents=True)
    (store.root / "templates" / "idou.toml").write_text(textwrap.dedent("""\
        id = "idou"
        title = "移動部会"

        [[steps]]
        id = "ideas"
        title = "意見交換"
        panel = "ideas"
        purpose = "アイデアを出す。"
        minutes = 30
        prompts = []
        """), encoding="utf-8")
    templates, errors = all_templates(store.root)
    assert not errors
    p = plan_first(body="C町 移動部会", layer="", day="2026-09-02", place="", template_id="idou", templates=templates)
    assert (p.layer, p.template.id, p.title) == ("部会", "idou", "第1回 移動部会")
    assert get_template("idou", store.root).title == "移動部会"


def test_the_words_follow_the_ui_language():
    set_language("en")
    try:
        with pytest.raises(FirstSessionError) as e:
            check_body_name(" ")
        assert str(e.value) == "Please give the body a name"
        assert first_title(BY_ID["c-town"], BUILTIN) == "Meeting 1"
    finally:
        set_language(None)
