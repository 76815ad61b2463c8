"""The UI catalogue (facilitator/i18n.py): both languages have every key with the same
placeholders, every key the code asks for exists, KYOGITAI_LANG and the store setting switch,
and user text passed as a parameter stays text."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from facilitator import i18n
from facilitator.i18n import Labels, catalogue, t
from repo_paths import ROOT

SOURCES = [*sorted((ROOT / "facilitator").rglob("*.py")), *sorted((ROOT / "screens").rglob("*.py"))]


@pytest.fixture(autouse=True)
def _clean_language(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(i18n.ENV, raising=False)
    i18n.set_language(None)
    i18n.use_store(None)
    yield
    i18n.set_language(None)
    i18n.use_store(None)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def used_keys() -> dict[str, list[tuple[str, set[str] | None]]]:
    """Every literal key given to t() (with the keyword names passed, None if **spread) or to
    Labels({...}) in facilitator/ and screens/, with where it is used."""
    found: dict[str, list[tuple[str, set[str] | None]]] = {}
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        imported = {alias.asname or alias.name: alias.name for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.module == "facilitator.i18n"
                    for alias in node.names}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            if isinstance(node.func, ast.Name) and node.func.id in imported:
                name = imported[node.func.id]  # ``t``, or ``t as tr`` where ``t`` names a variable
            elif (isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
                  and node.func.value.id == "i18n"):
                name = node.func.attr
            else:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if name == "t" and node.args:
                first = node.args[0]
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                    f"{where}: t() takes a literal key (so this test can check it)")
                kwargs = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
                found.setdefault(first.value, []).append((where, kwargs))
            elif name == "Labels" and node.args and isinstance(node.args[0], ast.Dict):
                for value in node.args[0].values:
                    assert isinstance(value, ast.Constant), f"{where}: Labels takes literal keys"
                    found.setdefault(value.value, []).append((where, set()))
    return found


def test_both_catalogues_have_the_same_keys() -> None:
    ja, en = catalogue("ja"), catalogue("en")
    assert sorted(set(ja) - set(en)) == [], "missing in en.toml"
    assert sorted(set(en) - set(ja)) == [], "in en.toml but not in ja.toml"


def test_each_key_reads_the_same_table_by_table_as_from_the_whole_file() -> None:
    """t() parses the catalogue one top-level table at a time (start-up time): the cut must
    never change a text, e.g. at a line of a multi-line text that starts with '['."""
    for lang in i18n.LANGUAGES:
        whole = catalogue(lang)
        assert {k: i18n._entry(lang, k) for k in whole} == whole, lang
        parts: dict[str, str] = {}
        for name in i18n._sections(lang):
            parts.update(i18n._section(lang, name))
        assert parts == whole, lang


def test_tables_read_without_tomllib_are_read_as_tomllib_reads_them() -> None:
    """Tables of one-line texts are read without tomllib (start-up time): the same entries, and
    anything else in a table (a multi-line text, a quoted key, a TOML-only escape) is left to
    tomllib."""
    import tomllib

    simple = 0
    for lang in i18n.LANGUAGES:
        for name, text in i18n._sections(lang).items():
            read = i18n._simple_table(text)
            if read is not None:
                simple += 1
                assert read == i18n._flatten(tomllib.loads(text)), (lang, name)
    assert simple > 100  # nearly every table of both languages
    assert i18n._simple_table('[x]\nk = "a\\n\\u00e9\\"q"  # a comment\n[x.y]\nz = ""\n') == {
        "x.k": 'a\n\u00e9"q', "x.y.z": ""}
    for other in ('k = "a" "b"', 'k = "a\\/b"', 'k = "\\U0001F600"', 'k = """a"""', "k = 'a'", '"k" = "a"',
                  ' k = "a"', 'k = "a" x', 'k = "a"\nk = "b"', 'k = 1', 'k = "a\tb"', 'a.b = "c"'):
        assert i18n._simple_table(f"[x]\n{other}\n") is None, other


def test_the_start_reads_its_words_without_tomllib() -> None:
    """What the app's start imports (the CLI, the app, the home screen: their key labels are
    looked up at import) and the home screen's own words come without importing tomllib."""
    import subprocess
    import sys

    code = ("import sys\nimport facilitator.cli, facilitator.cli.start, screens.app, screens.home\n"
            "from facilitator.i18n import t\n"
            "for key in ('home.title', 'home.store', 'home.store_reason', 'home.loading', 'home.shown'):\n"
            "    assert t(key) != key, key\n"
            "print('tomllib' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_same_placeholders_per_key() -> None:
    ja, en = catalogue("ja"), catalogue("en")
    wrong = {k: (placeholders(ja[k]), placeholders(en[k])) for k in ja
             if k in en and placeholders(ja[k]) != placeholders(en[k])}
    assert wrong == {}


def test_no_empty_english_entry_where_japanese_has_text() -> None:
    ja, en = catalogue("ja"), catalogue("en")
    assert [k for k in ja if ja[k].strip() and not en.get(k, "x").strip()] == []


def test_every_key_in_the_code_exists_with_its_parameters() -> None:
    ja = catalogue("ja")
    used = used_keys()
    assert used, "the scan found no t() calls"
    missing = {k: [w for w, _ in places] for k, places in used.items() if k not in ja}
    assert missing == {}
    wrong_params = [
        (where, key, sorted(kwargs), sorted(placeholders(ja[key])))
        for key, places in used.items() if key in ja
        for where, kwargs in places
        if kwargs is not None and kwargs != placeholders(ja[key])
    ]
    assert wrong_params == []


def test_every_catalogue_key_is_used() -> None:
    unused = sorted(set(catalogue("ja")) - set(used_keys()))
    assert unused == []


def test_japanese_is_the_default() -> None:
    assert i18n.language() == "ja"
    assert t("help.close") == "閉じる"


@pytest.mark.parametrize("value", ["en", "EN", "en_US.UTF-8", "en-GB"])
def test_kyogitai_lang_switches_to_english(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(i18n.ENV, value)
    assert i18n.language() == "en"
    assert t("help.close") == "Close"
    assert t("ideas.total", count=3) == catalogue("en")["ideas.total"].format(count=3)


@pytest.mark.parametrize("value", ["fr", "", "xx_YY", "  "])
def test_unknown_language_falls_back_to_japanese(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(i18n.ENV, value)
    assert i18n.language() == "ja"
    assert t("help.close") == "閉じる"


def test_store_setting_chooses_the_language_and_the_environment_wins(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".kyogitai").mkdir()
    (tmp_path / ".kyogitai" / "settings.toml").write_text('language = "en"\n', encoding="utf-8")
    assert i18n.use_store(tmp_path) == "en"
    assert t("help.close") == "Close"
    monkeypatch.setenv(i18n.ENV, "ja")
    assert t("help.close") == "閉じる"


@pytest.mark.parametrize("content", [b"language = ", b"\xff\xfe", b'language = 3\n', b'[ui]\nlanguage = "de"\n'])
def test_a_broken_or_odd_setting_is_no_setting(tmp_path: Path, content: bytes) -> None:
    (tmp_path / ".kyogitai").mkdir()
    (tmp_path / ".kyogitai" / "settings.toml").write_bytes(content)
    assert i18n.use_store(tmp_path) is None
    assert i18n.language() == "ja"


def test_a_store_without_settings_is_japanese(tmp_path: Path) -> None:
    assert i18n.use_store(tmp_path) is None
    assert i18n.language() == "ja"


def test_a_key_missing_in_english_falls_back_to_japanese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(i18n._section("ja", "test"), "test.only_ja", "日本語だけ")
    i18n.set_language("en")
    assert t("test.only_ja") == "日本語だけ"
    assert t("test.nowhere") == "test.nowhere"


def test_parameters_are_inserted_as_they_are() -> None:
    # format_map does not re-read what it inserts: braces and markup in user text stay text.
    hostile = "[bold]x[/] {count} {{ }}"
    assert t("ideas.undo_label", text=hostile) == f"アイデア「{hostile}」"
    i18n.set_language("en")
    assert hostile in t("ideas.undo_label", text=hostile)


async def test_user_text_in_a_parameter_is_not_markup_on_screen() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    from screens.ui_text import literal

    hostile = "[red]赤[/red] [/] [bold"

    class Probe(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(literal(t("ideas.undo_label", text=hostile)), id="probe")

    app = Probe()
    async with app.run_test() as pilot:
        await pilot.pause()
        shown = app.query_one("#probe", Static).render()
        assert hostile in str(shown)


def test_labels_follow_the_language() -> None:
    labels = Labels({"self": "labels.kind.self"})
    assert labels["self"] == "自分たちでできる"
    assert dict(labels) == {"self": "自分たちでできる"}
    i18n.set_language("en")
    assert labels["self"] == catalogue("en")["labels.kind.self"]


def test_catalogue_entries_are_plain_text_not_markup() -> None:
    # Screens pass catalogue text to widgets that may read markup: no [tag] in the catalogue.
    import re

    tag = re.compile(r"\[/?[a-z#@$][^\]]*\]")
    for lang in i18n.LANGUAGES:
        assert [k for k, v in catalogue(lang).items() if tag.search(v)] == [], lang


def test_dates_follow_the_language() -> None:
    from facilitator.dates import format_date, format_fiscal_year

    assert format_date("2026-08-19") == "令和8年8月19日（水）"
    assert format_fiscal_year(2026) == "令和8年度"
    i18n.set_language("en")
    assert format_date("2026-08-19") == "Wed 19 Aug 2026"
    assert format_date("2027-01-03") == "Sun 3 Jan 2027"
    assert format_fiscal_year(2026) == "FY2026"


def test_pinned_language_reads_the_language_once_and_lets_go(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.ENV, "en")
    with i18n.pinned_language() as lang:
        assert lang == "en"
        monkeypatch.setenv(i18n.ENV, "ja")  # (an export in progress keeps its language)
        assert i18n.language() == "en" and t("app.quit") == catalogue("en")["app.quit"]
    assert i18n.language() == "ja"


def test_a_pin_holds_in_its_own_thread_only_even_when_pins_overlap(monkeypatch: pytest.MonkeyPatch) -> None:
    """The home screen's loading and an export both pin the language in their worker threads;
    their pins may overlap in any order and must neither leak nor stay behind."""
    import threading

    monkeypatch.setenv(i18n.ENV, "en")
    entered, release = threading.Event(), threading.Event()
    seen: list[str] = []

    def worker() -> None:
        with i18n.pinned_language():
            entered.set()
            release.wait(5)
            seen.append(i18n.language())

    thread = threading.Thread(target=worker)
    thread.start()
    entered.wait(5)
    first = i18n.pinned_language()
    first.__enter__()  # pinned here after the worker, left before it
    monkeypatch.setenv(i18n.ENV, "ja")
    assert i18n.language() == "en"
    first.__exit__(None, None, None)
    assert i18n.language() == "ja"  # this thread: no pin any more; the worker's is its own
    release.set()
    thread.join(5)
    assert seen == ["en"]
    i18n.set_language("en")
    assert i18n.language() == "en"  # nothing stuck
    i18n.set_language(None)


def test_no_space_between_a_quoted_label_and_the_particle_after_it() -> None:
    """「アイデア「…」 を削除しました」 read with a stray space: a label that ends in 」 is joined
    to the particle that follows, as Japanese is written."""
    quoted = "アイデア「畑」"
    assert t("meeting.deleted", label=quoted).startswith("アイデア「畑」を削除しました")
    assert t("meeting.restored", label=quoted) == "アイデア「畑」を元に戻しました"
    assert t("home.created", title="第6回").startswith("「第6回」をつくりました")
    assert t("homework.marked_done", text="畑", title="第5回").startswith("「畑」を済に")
    for key, text in catalogue("ja").items():
        filled = string.Formatter().vformat(text, (), _Quoted())
        assert "」 を" not in filled and "」 が" not in filled, (key, text)


class _Quoted(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "「x」" if key in ("label", "text", "title") else "HTML"
