"""The command line through a real subprocess: the contract in README.md「コマンドライン」/ docs/architecture.md, error paths included."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.session_load import session_from_json
from repo_paths import FIXTURES


def kyogitai(*args: str, store: Path | None = None, cwd: Path | None = None, env: dict | None = None):
    full_env = {**os.environ, "PYTHONIOENCODING": "ascii", **(env or {})}  # prove we force UTF-8
    full_env.pop("KYOGITAI_STORE", None)
    if env and "KYOGITAI_STORE" in env:
        full_env["KYOGITAI_STORE"] = env["KYOGITAI_STORE"]
    cmd = [sys.executable, "-m", "facilitator"]
    if store is not None:
        cmd += ["--store", str(store)]
    return subprocess.run(cmd + list(args), capture_output=True, cwd=cwd or Path.cwd(), env=full_env, timeout=60)


def out(result) -> str:
    return result.stdout.decode("utf-8")


def err(result) -> str:
    return result.stderr.decode("utf-8")


def test_new_prints_only_the_id(tmp_path):
    r = kyogitai("new", "--body", "テスト町 第1層協議体", "--date", "令和8年8月19日", "--place", "公民館", store=tmp_path)
    assert r.returncode == 0, err(r)
    session_id = out(r).strip()
    assert re.fullmatch(r"2026-08-19-[0-9a-f]{6}", session_id)
    s = session_from_json((tmp_path / f"{session_id}.json").read_bytes())
    assert s.body.name == "テスト町 第1層協議体" and s.place == "公民館" and s.template == "c-town"
    assert [st.id for st in s.steps] == ["recap", "issues", "consult", "ideas", "handoff", "comment", "close"]
    assert s.title.startswith("第1回")


def test_store_after_the_subcommand_does_not_override_the_global_one(tmp_path):
    other = tmp_path / "other"
    r = kyogitai("new", "--body", "町", "--store", str(other), store=tmp_path / "main")
    assert r.returncode == 0, err(r)
    assert list((tmp_path / "other").glob("*.json"))


def test_export_md_prints_minutes_in_utf8(tmp_path):
    session_id = out(kyogitai("new", "--body", "テスト町 第1層協議体", store=tmp_path)).strip()
    r = kyogitai("export", session_id, "--format", "md", store=tmp_path)
    assert r.returncode == 0, err(r)
    text = out(r)
    assert text.startswith("# ") and "テスト町 第1層協議体" in text and "## " in text


def test_hand_written_file_lists_searches_exports_and_carries_over(tmp_path):
    shutil.copy(FIXTURES / "hand_written.json", tmp_path / "2026-06-17-hand01.json")
    listed = json.loads(out(kyogitai("list", "--json", store=tmp_path)))
    assert [r["id"] for r in listed] == ["2026-06-17-hand01"]
    assert {"id", "body", "title", "date"} <= set(listed[0])
    found = json.loads(out(kyogitai("list", "--json", "--search", "ごみ出し　散歩", store=tmp_path)))
    assert [r["id"] for r in found] == ["2026-06-17-hand01"]
    assert json.loads(out(kyogitai("list", "--json", "--search", "ごみ出し 新幹線", store=tmp_path))) == []
    for fmt in ("md", "html", "csv", "json"):
        r = kyogitai("export", "2026-06-17-hand01", "--format", fmt, store=tmp_path)
        assert r.returncode == 0 and r.stdout, (fmt, err(r))
    rows = list(csv.reader(io.StringIO(kyogitai("export", "2026-06-17-hand01", "--format", "csv", store=tmp_path)
                                        .stdout.decode("utf-8-sig"))))
    assert len(rows) == 3  # header + two ideas
    before = (tmp_path / "2026-06-17-hand01.json").read_bytes()
    # The body name is matched after NFKC: half-width spelling finds the full-width one.
    r = kyogitai("new", "--body", "D町 第2層協議体", store=tmp_path)
    assert r.returncode == 0, err(r)
    new_id = out(r).strip()
    assert new_id.startswith("2026-08-05-")  # the planned next date
    new = session_from_json((tmp_path / f"{new_id}.json").read_bytes())
    assert new.previous_session == "2026-06-17-hand01"
    assert [(h.id, h.from_session) for h in new.homework] == [("hw-hand-1", "2026-06-17-hand01")]
    assert [c.id for c in new.board.items] == ["c1", "c2"] and new.board.vision == "助け合いが当たり前のまち"
    assert all(c.since == "2026-06-17-hand01" for c in new.board.items)
    assert [a.name for a in new.attendees] == ["田中 ミツ", "高橋"]
    assert [i.title for i in new.issues] == ["ごみ出し支援の試行"]
    assert (tmp_path / "2026-06-17-hand01.json").read_bytes() == before  # the older file untouched
    hw = json.loads(out(kyogitai("homework", "--json", store=tmp_path)))
    assert [(h["id"], h["session"]) for h in hw] == [("hw-hand-1", new_id)]
    assert {"id", "text", "owner", "due", "status", "session", "body"} <= set(hw[0])


def test_list_human_output_names_the_store(tmp_path):
    r = kyogitai("list", store=tmp_path)
    assert r.returncode == 0
    assert str(tmp_path) in out(r)


def test_list_groups_each_body_once_newest_body_first(tmp_path):
    for body, on in [("東地区", "2026-04-01"), ("第1層", "2026-05-01"), ("東地区", "2026-06-01"), ("第1層", "2026-03-01")]:
        assert kyogitai("new", "--body", body, "--date", on, store=tmp_path).returncode == 0
    text = out(kyogitai("list", store=tmp_path))
    assert text.count("■ 東地区") == 1 and text.count("■ 第1層") == 1
    assert text.index("■ 東地区") < text.index("■ 第1層")  # 東地区 met most recently (6月)
    east = text[text.index("■ 東地区"):text.index("■ 第1層")]
    assert east.index("令和8年6月1日") < east.index("令和8年4月1日")


def test_list_json_is_only_json(tmp_path):
    kyogitai("new", "--body", "町", store=tmp_path)
    r = kyogitai("list", "--json", store=tmp_path)
    assert isinstance(json.loads(out(r)), list)


def test_show_prints_markup_literally(tmp_path):
    session_id = out(kyogitai("new", "--body", "[bold]町[/] [red", "--title", "[/] 会 [link=x]", store=tmp_path)).strip()
    r = kyogitai("show", session_id, store=tmp_path)
    assert r.returncode == 0, err(r)
    assert "[bold]町[/] [red" in out(r) and "[/] 会 [link=x]" in out(r)


def test_export_to_a_file(tmp_path):
    store = tmp_path / "sessions"
    session_id = out(kyogitai("new", "--body", "町", store=store)).strip()
    target = tmp_path / "minutes.html"
    r = kyogitai("export", session_id, "--format", "html", "-o", str(target), store=store)
    assert r.returncode == 0, err(r)
    assert target.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert out(r) == ""


def test_export_into_the_store_folder_is_refused_and_the_meeting_stays_listed(tmp_path):
    """A JSON copy in the store would be a second file with the session's id: the meeting would
    drop out of the list and could no longer be saved. Nothing is written there, in any format."""
    session_id = out(kyogitai("new", "--body", "町", store=tmp_path)).strip()
    before = sorted(p.name for p in tmp_path.iterdir())
    for target in (tmp_path / "控え.json", tmp_path / "議事録.md", tmp_path / "plans" / ".." / "控え2.json",
                   tmp_path / "templates" / "控え.json"):
        fmt = target.suffix[1:]
        r = kyogitai("export", session_id, "--format", fmt, "-o", str(target), store=tmp_path)
        assert r.returncode == 1 and out(r) == ""
        assert err(r).count("\n") == 1 and "保存先フォルダ" in err(r) and "Traceback" not in err(r)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    listed = kyogitai("list", "--json", store=tmp_path)
    assert [row["id"] for row in json.loads(out(listed))] == [session_id]


def test_templates_one_per_line(tmp_path):
    r = kyogitai("templates", store=tmp_path)
    lines = out(r).splitlines()
    assert r.returncode == 0 and any(line.startswith("c-town\t") for line in lines)
    assert any(line.startswith("setup-pre\t") for line in lines)


@pytest.mark.parametrize(
    "args, message",
    [
        (("show", "2026-01-01-nothere"), "見つかりません"),
        (("show", "../../etc/passwd"), "id"),
        (("export", "x", "--format", "pdf"), "pdf"),
        (("new", "--body", "町", "--date", "あした"), "日付"),
        (("new", "--body", "町", "--template", "nope"), "テンプレート"),
        (("new", "--body", "   "), "協議体"),
        (("frobnicate",), "frobnicate"),
    ],
)
def test_user_errors_are_one_line_without_traceback(tmp_path, args, message):
    r = kyogitai(*args, store=tmp_path)
    assert r.returncode != 0
    e = err(r)
    assert "Traceback" not in e and message in e
    assert len(e.strip().splitlines()) == 1, e


def test_check_names_damaged_and_conflicting_files_and_exits_1(tmp_path):
    shutil.copy(FIXTURES / "hand_written.json", tmp_path / "2026-06-17-hand01.json")
    assert kyogitai("check", store=tmp_path).returncode == 0
    (tmp_path / "broken.json").write_text("{ not json", encoding="utf-8")
    shutil.copy(FIXTURES / "hand_written.json", tmp_path / "2026-06-17-hand01 (1).json")
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*.json")}
    r = kyogitai("check", store=tmp_path)
    assert r.returncode == 1
    text = out(r)
    assert "broken.json" in text and "2026-06-17-hand01 (1).json" in text
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.json")} == before


def test_store_from_environment_and_from_cwd(tmp_path):
    env_store = tmp_path / "env"
    r = kyogitai("list", env={"KYOGITAI_STORE": str(env_store)})
    assert str(env_store) in out(r)
    (tmp_path / "sessions").mkdir()
    r = kyogitai("list", cwd=tmp_path)
    assert str(tmp_path / "sessions") in out(r)


@pytest.mark.parametrize("argv", [[], ["--store", "会議/記録"], ["--store=../s"], ["--store="]])
def test_the_app_start_is_read_as_the_parser_reads_it(argv):
    from facilitator.cli.parser import app_start, build_parser

    assert vars(app_start(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [["list"], ["--store", "s", "list"], ["--sto", "s"], ["--store", "-x"],
                                  ["--help"], ["--version"], ["--store"], ["s"]])
def test_anything_else_goes_to_the_parser(argv):
    from facilitator.cli.parser import app_start

    assert app_start(argv) is None


def test_a_deeply_nested_user_template_never_stops_new_templates_or_check(tmp_path):
    """``x = [[[…]]]`` 100,000 deep in <store>/templates/deep.toml used to crash these three with
    RecursionError: it is reported and skipped; check says so and exits 1."""
    (tmp_path / "templates").mkdir()
    depth = 100_000
    (tmp_path / "templates" / "deep.toml").write_text("x = " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    made = kyogitai("new", "--body", "C町 第1層協議体", "--template", "c-town", store=tmp_path)
    assert made.returncode == 0, err(made)
    assert (tmp_path / f"{out(made).strip()}.json").is_file()
    listed = kyogitai("templates", store=tmp_path)
    assert listed.returncode == 0 and out(listed).startswith("c-town\t")
    assert "deep.toml" in err(listed) and "Traceback" not in err(listed)
    checked = kyogitai("check", store=tmp_path)
    assert checked.returncode == 1
    assert "deep.toml" in out(checked) and "入れ子" in out(checked)
    assert "Traceback" not in err(checked) + out(checked)
