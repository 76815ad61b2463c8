"""Meeting templates: built-ins, user templates in a store, and errors that point at the line."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from facilitator.templates import (
    BUILTIN_SOURCE,
    PANELS,
    Template,
    TemplateError,
    TemplateStep,
    all_templates,
    builtin_templates,
    get_template,
    load_template_text,
    user_templates,
)

C_TOWN_STEPS = [
    ("recap", "前回の振り返り", "recap"),
    ("issues", "地域課題の提示", "issues"),
    ("consult", "協議体へ諮る", "consult"),
    ("ideas", "情報・意見交換", "ideas"),
    ("handoff", "SCに託す", "handoff"),
    ("comment", "総評", "text"),
    ("close", "次回の日程・宿題の確認", "close"),
]

SETUP_PRE_STEPS = [
    ("appointment", "辞令交付", "text"),
    ("rules", "要綱の説明", "text"),
    ("introductions", "参加者の自己紹介", "text"),
    ("explanation", "事業の説明", "text"),
    ("exchange", "地域課題・社会資源の意見交換", "ideas"),
    ("summary", "総括", "text"),
    ("close", "次回の日程・宿題の確認", "close"),
]

GOOD = textwrap.dedent(
    """\
    id = "mytown"
    title = "わが町方式"
    description = "短い会議"

    [[steps]]
    id = "issues"
    title = "地域課題の提示"
    panel = "issues"
    purpose = "課題を示す。"
    minutes = 10
    prompts = ["課題は何ですか？"]

    [[steps]]
    id = "ideas"
    title = "意見交換"
    panel = "ideas"
    purpose = "アイデアを出し合う。"
    minutes = 20.5
    prompts = ["自分たちでできそうなことは？", "今あるものは？"]
    notes = "採決しない"

    [[steps]]
    id = "close"
    title = "次回"
    panel = "close"
    purpose = "次回を決める。"
    minutes = 5
    prompts = []
    """
)


def write_user_template(store: Path, name: str, text: str) -> Path:
    folder = store / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing needle."""
    seen = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in text")


# --- built-ins -----------------------------------------------------------------------------


def test_builtins_load_default_first():
    templates = builtin_templates()
    ids = [t.id for t in templates]
    assert ids[0] == "c-town"
    assert "setup-pre" in ids
    assert all(t.source == BUILTIN_SOURCE and t.is_builtin for t in templates)


def test_c_town_exact_steps():
    t = get_template("c-town")
    assert t.title == "C町方式（定例）"
    assert [(s.id, s.title, s.panel) for s in t.steps] == C_TOWN_STEPS
    assert t.total_minutes == 90


def test_setup_pre_steps():
    t = get_template("setup-pre")
    assert t.title == "設置時プレ会議"
    assert [(s.id, s.title, s.panel) for s in t.steps] == SETUP_PRE_STEPS
    assert t.steps[-1].panel == "close"


@pytest.mark.parametrize("template", builtin_templates(), ids=lambda t: t.id)
def test_every_builtin_step_is_complete(template: Template):
    low = 1 if template.id == "setup-pre" else 2
    assert template.title and template.description
    assert len({s.id for s in template.steps}) == len(template.steps)
    for step in template.steps:
        assert step.panel in PANELS
        assert step.title
        assert step.purpose and step.purpose.endswith("。"), step.id
        assert step.minutes > 0
        assert low <= len(step.prompts) <= 4, step.id
        assert all(p.strip() for p in step.prompts)


def test_c_town_prompts_come_from_the_prompt_material():
    t = get_template("c-town")
    assert "前回SCに託したことは、その後どうなりましたか？" in t.step("recap").prompts
    assert "役場にお願いすることではなく、自分たちでできそうなことは？" in t.step("ideas").prompts
    assert "次回の日程と場所、宿題の担当と期限を確認しましょう。" in t.step("close").prompts


def test_templates_are_frozen():
    t = get_template("c-town")
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.title = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.steps[0].minutes = 1  # type: ignore[misc]
    assert isinstance(t.steps, tuple) and isinstance(t.steps[0].prompts, tuple)
    assert isinstance(t.steps[0], TemplateStep)


def test_builtins_are_package_data():
    from importlib import resources

    folder = resources.files("facilitator").joinpath("templates_builtin")
    names = {entry.name for entry in folder.iterdir()}
    assert {"c-town.toml", "setup-pre.toml"} <= names


# --- loading text --------------------------------------------------------------------------


def test_load_good_template():
    t = load_template_text(GOOD, "/x/mytown.toml")
    assert t.id == "mytown"
    assert t.title == "わが町方式"
    assert t.description == "短い会議"
    assert t.source == "/x/mytown.toml"
    assert [s.id for s in t.steps] == ["issues", "ideas", "close"]
    assert t.steps[0].minutes == 10 and isinstance(t.steps[0].minutes, int)
    assert t.steps[1].minutes == 20.5
    assert t.steps[1].notes == "採決しない"
    assert t.steps[0].notes == ""
    assert t.steps[2].prompts == ()


def test_load_strips_control_characters_and_bom():
    text = "\ufeff" + GOOD.replace('title = "わが町方式"', 'title = "わが町\\u001b[31m方式"')
    t = load_template_text(text, "a.toml")
    assert "\x1b" not in t.title


def test_inline_steps_are_accepted():
    text = textwrap.dedent(
        """\
        id = "inline"
        title = "インライン"
        steps = [
          { id = "a", title = "A", panel = "text", purpose = "p", minutes = 1, prompts = [] },
        ]
        """
    )
    assert load_template_text(text, "inline.toml").steps[0].id == "a"


def test_toml_syntax_error_names_file_and_line():
    text = GOOD.replace('minutes = 20.5', 'minutes = 20 分')
    with pytest.raises(TemplateError) as info:
        load_template_text(text, "/store/templates/mytown.toml")
    err = info.value
    assert err.source == "/store/templates/mytown.toml"
    assert err.line == line_of(text, "minutes = 20 分")
    message = str(err)
    assert message.startswith(f"テンプレート mytown.toml {err.line}行目: ")
    assert "TOML" in message and "\n" not in message
    assert "(at line" not in message


def test_unclosed_string_error_line():
    text = 'id = "x"\ntitle = "t\n'
    with pytest.raises(TemplateError) as info:
        load_template_text(text, "x.toml")
    assert info.value.line == 2


def mutate(old: str, new: str, occurrence: int = 1) -> str:
    parts = GOOD.split(old)
    assert len(parts) > occurrence
    return old.join(parts[:occurrence]) + new + old.join(parts[occurrence:])


def test_unknown_panel():
    text = mutate('panel = "ideas"', 'panel = "idea"')
    with pytest.raises(TemplateError) as info:
        load_template_text(text, "/store/templates/mytown.toml")
    err = info.value
    assert err.line == line_of(text, 'panel = "idea"')
    message = str(err)
    assert message.startswith(f"テンプレート mytown.toml {err.line}行目: steps[2].panel が不正です: \"idea\"")
    assert "recap" in message and "board" in message


@pytest.mark.parametrize(
    ("field", "step_no"),
    [("purpose", 1), ("minutes", 2), ("title", 3), ("prompts", 2), ("panel", 1), ("id", 3)],
)
def test_missing_step_field_points_at_the_step(field, step_no):
    lines = GOOD.split("\n")
    header = line_of(GOOD, "[[steps]]", step_no)
    # Remove the field from that step only.
    end = next((i for i in range(header, len(lines)) if lines[i].startswith("[[steps]]")), len(lines))
    for i in range(header, end):
        if lines[i].startswith(f"{field} ="):
            del lines[i]
            break
    else:  # pragma: no cover - the fixture has every field
        raise AssertionError(field)
    text = "\n".join(lines)
    with pytest.raises(TemplateError) as info:
        load_template_text(text, "/t/mine.toml")
    err = info.value
    assert err.line == header
    assert f"steps[{step_no}].{field}" in str(err)
    assert "mine.toml" in str(err) and f"{header}行目" in str(err)


def test_missing_top_level_field():
    text = GOOD.replace('title = "わが町方式"\n', "")
    with pytest.raises(TemplateError) as info:
        load_template_text(text, "mine.toml")
    assert "title がありません" in str(info.value)
    assert "mine.toml" in str(info.value)


def test_duplicate_step_id_points_at_the_second():
    text = mutate('id = "close"', 'id = "ideas"')
    with pytest.raises(TemplateError) as info:
        load_template_text(text, "mine.toml")
    err = info.value
    assert err.line == line_of(text, 'id = "ideas"', 2)
    assert "steps[3].id" in str(err) and "重複" in str(err) and "steps[2]" in str(err)


@pytest.mark.parametrize(
    ("old", "new", "key", "needle"),
    [
        ("minutes = 10", 'minutes = "10分"', "minutes", "数値"),
        ("minutes = 10", "minutes = 0", "minutes", "0 より大きい"),
        ("minutes = 10", "minutes = -5", "minutes", "0 より大きい"),
        ("minutes = 10", "minutes = true", "minutes", "数値"),
        ('prompts = ["課題は何ですか？"]', 'prompts = "課題は何ですか？"', "prompts", "配列"),
        ('prompts = ["課題は何ですか？"]', "prompts = [1]", "prompts", "文字列"),
        ('prompts = ["課題は何ですか？"]', 'prompts = [""]', "prompts", "空"),
        ('purpose = "課題を示す。"', "purpose = 3", "purpose", "文字列"),
        ('purpose = "課題を示す。"', 'purpose = "  "', "purpose", "空"),
        ('id = "issues"', 'id = "課題"', "id", "半角英数字"),
        ('title = "地域課題の提示"', 'promts = ["x"]\ntitle = "地域課題の提示"', "promts", "知らない項目"),
    ],
)
def test_wrong_values_point_at_their_line(old, new, key, needle):
    text = mutate(old, new)
    with pytest.raises(TemplateError) as info:
        load_template_text(text, "mine.toml")
    err = info.value
    assert err.line == line_of(text, f"{key} =", 2 if key == "id" else 1), str(err)
    assert f"steps[1].{key}" in str(err) and needle in str(err)


def test_no_steps():
    text = 'id = "x"\ntitle = "t"\n'
    with pytest.raises(TemplateError) as info:
        load_template_text(text, "x.toml")
    assert "steps がありません" in str(info.value)
    text = 'id = "x"\ntitle = "t"\nsteps = []\n'
    with pytest.raises(TemplateError) as info:
        load_template_text(text, "x.toml")
    assert info.value.line == 3


def test_bad_template_id():
    text = GOOD.replace('id = "mytown"', 'id = "my town"')
    with pytest.raises(TemplateError) as info:
        load_template_text(text, "x.toml")
    assert info.value.line == 1
    assert "半角英数字" in str(info.value)


def test_unknown_top_level_key():
    text = "version = 2\n" + GOOD
    with pytest.raises(TemplateError) as info:
        load_template_text(text, "x.toml")
    assert info.value.line == 1 and "version" in str(info.value)


def test_multiline_string_does_not_confuse_the_line_finder():
    text = mutate('panel = "ideas"', 'panel = "idea"').replace(
        'description = "短い会議"', 'description = """\n[[steps]]\npanel = "x"\n"""'
    )
    with pytest.raises(TemplateError) as info:
        load_template_text(text, "x.toml")
    assert info.value.line == line_of(text, 'panel = "idea"')


def test_error_is_a_value_error_with_attributes():
    err = TemplateError("壊れています", "/a/b.toml", 3)
    assert isinstance(err, ValueError)
    assert (err.source, err.line, err.detail) == ("/a/b.toml", 3, "壊れています")
    assert str(err) == "テンプレート b.toml 3行目: 壊れています"
    assert str(TemplateError("x", "/a/b.toml")) == "テンプレート b.toml: x"


# --- user templates in a store -------------------------------------------------------------


def test_no_templates_folder(tmp_path):
    assert user_templates(tmp_path) == ([], [])
    assert user_templates(tmp_path / "missing") == ([], [])


def test_user_template_appears(tmp_path):
    path = write_user_template(tmp_path, "mytown.toml", GOOD)
    mine, errors = user_templates(tmp_path)
    assert errors == []
    assert [t.id for t in mine] == ["mytown"]
    assert mine[0].source == str(path)
    everything, errors = all_templates(tmp_path)
    ids = [t.id for t in everything]
    assert ids[: len(builtin_templates())] == [t.id for t in builtin_templates()]
    assert ids[-1] == "mytown"
    assert get_template("mytown", tmp_path).title == "わが町方式"


def test_broken_user_template_is_reported_not_fatal(tmp_path):
    write_user_template(tmp_path, "good.toml", GOOD)
    broken = GOOD.replace('id = "mytown"', 'id = "other"').replace("minutes = 5", "minutes = ")
    write_user_template(tmp_path, "broken.toml", broken)
    mine, errors = user_templates(tmp_path)
    assert [t.id for t in mine] == ["mytown"]
    assert len(errors) == 1
    err = errors[0]
    assert Path(err.source).name == "broken.toml"
    assert err.line == line_of(broken, "minutes = ", 3)
    assert str(err).startswith(f"テンプレート broken.toml {err.line}行目: ")
    everything, errors = all_templates(tmp_path)
    assert "mytown" in [t.id for t in everything] and len(errors) == 1


def deep_toml(depth: int = 100_000) -> str:
    """``x = [[[…]]]`` nested ``depth`` deep: a file that made tomllib raise RecursionError."""
    return "x = " + "[" * depth + "]" * depth + "\n"


def test_a_deeply_nested_user_template_is_reported_and_skipped(tmp_path):
    write_user_template(tmp_path, "good.toml", GOOD)
    write_user_template(tmp_path, "deep.toml", deep_toml())
    mine, errors = user_templates(tmp_path)
    assert [t.id for t in mine] == ["mytown"]
    assert [Path(e.source).name for e in errors] == ["deep.toml"]
    assert "入れ子" in str(errors[0])
    assert get_template("c-town", tmp_path).id == "c-town"


def test_a_huge_user_template_is_refused_unread(tmp_path):
    path = write_user_template(tmp_path, "huge.toml", GOOD)
    with open(path, "ab") as f:
        f.truncate(300 * 1024 * 1024)  # sparse: 300 MB that cost nothing to make
    mine, errors = user_templates(tmp_path)
    assert mine == [] and [Path(e.source).name for e in errors] == ["huge.toml"]
    assert "大きすぎる" in str(errors[0])


def test_non_utf8_user_template(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "sjis.toml").write_bytes(GOOD.encode("cp932"))
    mine, errors = user_templates(tmp_path)
    assert mine == [] and len(errors) == 1
    assert "UTF-8" in str(errors[0]) and errors[0].line == 2


def test_user_template_with_bom(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "bom.toml").write_bytes(GOOD.encode("utf-8-sig"))
    mine, errors = user_templates(tmp_path)
    assert errors == [] and mine[0].id == "mytown"


def test_user_template_cannot_override_a_builtin(tmp_path):
    text = GOOD.replace('id = "mytown"', 'id = "c-town"')
    write_user_template(tmp_path, "fake.toml", text)
    mine, errors = user_templates(tmp_path)
    assert mine == []
    assert len(errors) == 1 and errors[0].line == 1
    assert "組み込み" in str(errors[0]) and "fake.toml" in str(errors[0])
    assert get_template("c-town", tmp_path).source == BUILTIN_SOURCE


def test_duplicate_user_ids(tmp_path):
    write_user_template(tmp_path, "a.toml", GOOD)
    write_user_template(tmp_path, "b.toml", GOOD)
    mine, errors = user_templates(tmp_path)
    assert [Path(t.source).name for t in mine] == ["a.toml"]
    assert len(errors) == 1 and "b.toml" in str(errors[0]) and "a.toml" in str(errors[0])


def test_non_toml_files_are_ignored(tmp_path):
    write_user_template(tmp_path, "notes.txt", "not a template")
    assert user_templates(tmp_path) == ([], [])


def test_unknown_template_id_lists_the_ids(tmp_path):
    write_user_template(tmp_path, "mytown.toml", GOOD)
    with pytest.raises(TemplateError) as info:
        get_template("nope", tmp_path)
    message = str(info.value)
    assert "「nope」" in message
    for template_id in ("c-town", "setup-pre", "mytown"):
        assert template_id in message
    assert "\n" not in message
    assert info.value.source is None and info.value.line is None


def test_unknown_template_id_mentions_broken_files(tmp_path):
    write_user_template(tmp_path, "broken.toml", "id = ")
    with pytest.raises(TemplateError) as info:
        get_template("broken", tmp_path)
    assert "kyogitai check" in str(info.value)


def test_get_template_without_store():
    assert get_template("setup-pre").id == "setup-pre"
    with pytest.raises(TemplateError):
        get_template("mytown")
