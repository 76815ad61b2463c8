"""The command line in English, through a real subprocess: with KYOGITAI_LANG=en (or the store's
``language = "en"`` setting) help, listings, counts and errors have no Japanese but the user's
own text. The Japanese default is what tests/core/test_cli.py checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60「」（）、。〜]")


def kyogitai(*args: str, store: Path | None = None, lang: str | None = "en", cwd: Path | None = None):
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    env.pop("KYOGITAI_STORE", None)
    env.pop("KYOGITAI_LANG", None)
    if lang is not None:
        env["KYOGITAI_LANG"] = lang
    cmd = [sys.executable, "-m", "facilitator"]
    if store is not None:
        cmd += ["--store", str(store)]
    r = subprocess.run(cmd + list(args), capture_output=True, cwd=cwd or Path.cwd(), env=env, timeout=60)
    return r.returncode, r.stdout.decode("utf-8"), r.stderr.decode("utf-8")


def english(text: str, *user_text: str) -> str:
    rest = text
    for data in user_text:
        rest = rest.replace(data, "")
    found = sorted(set(JAPANESE.findall(rest)))
    assert not found, f"Japanese {found} in: {text}"
    return text


def test_help_is_english() -> None:
    code, out, _ = kyogitai("--help")
    assert code == 0
    assert "Run, record and write up the meetings" in english(out)
    for command in ("new", "list", "export", "check", "demo", "serve"):
        code, out, _ = kyogitai(command, "--help")
        assert code == 0 and english(out)
    assert "the body's name" in kyogitai("new", "--help")[1]


def test_an_empty_store_lists_and_checks_in_english(tmp_path: Path) -> None:
    code, out, err = kyogitai("list", store=tmp_path)
    assert code == 0 and err == ""
    assert english(out) == (f"Store: {tmp_path.resolve()} (set with --store)\n"
                            "No meetings yet (create one with kyogitai new --body NAME)\n")
    assert english(kyogitai("list", "--body", "x", store=tmp_path)[1]).endswith("No matching meetings\n")
    assert english(kyogitai("homework", store=tmp_path)[1]).endswith("No open homework\n")
    code, out, _ = kyogitai("check", store=tmp_path)
    assert code == 0 and english(out).endswith("Meetings read: 0, files with problems: 0\n")
    code, out, _ = kyogitai("check", store=tmp_path / "none")
    assert "does not exist yet" in english(out)


def test_errors_are_one_english_line(tmp_path: Path) -> None:
    for args, expected in [
        (("show", "2026-01-01-nothere"), f"kyogitai: Meeting not found: 2026-01-01-nothere (store: {tmp_path.resolve()})\n"),
        (("show", "../x"), "kyogitai: Not a valid meeting id: '../x'\n"),
        (("new", "--body", "Hinata", "--date", "someday"),
         "kyogitai: Not a date: “someday” (e.g. 2026-08-19 or 2026/8/19)\n"),
        (("new", "--body", "Hinata", "--template", "nope"), None),
        (("serve", "--port", "0"), "kyogitai: The port must be 1–65535: 0\n"),
        (("frobnicate",), None),
    ]:
        code, out, err = kyogitai(*args, store=tmp_path)
        assert code != 0 and out == "", args
        assert err.count("\n") == 1 and english(err), err
        if expected is not None:
            assert err == expected
    assert kyogitai("frobnicate", store=tmp_path)[2].endswith(" (see kyogitai --help)\n")
    assert kyogitai("new", "--body", "Hinata", "--template", "nope", store=tmp_path)[2].startswith(
        "kyogitai: No template “nope” (available: c-town, ")


def test_a_meeting_made_in_english_lists_in_english(tmp_path: Path) -> None:
    code, out, err = kyogitai("new", "--body", "ひなた町 協議体", "--date", "2026-08-19", store=tmp_path)
    assert code == 0, err
    session_id = out.strip()
    code, out, _ = kyogitai("list", store=tmp_path)
    assert code == 0
    english(out, "ひなた町 協議体")
    assert f"  {session_id}  Wed 19 Aug 2026  Meeting 1  ideas 0, handed 0, homework 0" in out
    target = tmp_path.parent / f"{tmp_path.name}-missing" / "minutes.md"  # outside the store folder
    code, _, err = kyogitai("export", session_id, "--format", "md", "-o", str(target), store=tmp_path)
    assert code == 1 and err == f"kyogitai: The output folder does not exist: {target.parent}\n"
    folder = tmp_path.parent
    code, _, err = kyogitai("export", session_id, "--format", "md", "-o", str(folder), store=tmp_path)
    assert code == 1 and english(err) == f"kyogitai: The output is a folder: {folder} (give a file name)\n"
    code, _, err = kyogitai("export", session_id, "--format", "json", "-o", str(tmp_path / "copy.json"),
                            store=tmp_path)
    assert code == 1 and english(err).startswith(f"kyogitai: {tmp_path / 'copy.json'} is inside the store folder")
    code, out, _ = kyogitai("templates", store=tmp_path)
    assert code == 0 and "\t7 steps\tbuilt-in" in out  # the built-in templates' titles are data
    code, _, err = kyogitai("demo", store=tmp_path)
    assert code == 1 and english(err).startswith("kyogitai: The store already has 1 meeting file(s): ")


def test_the_store_setting_chooses_english_for_the_command_line(tmp_path: Path) -> None:
    (tmp_path / ".kyogitai").mkdir()
    (tmp_path / ".kyogitai" / "settings.toml").write_text('language = "en"\n', encoding="utf-8")
    code, out, _ = kyogitai("list", store=tmp_path, lang=None)
    assert code == 0 and english(out).startswith(f"Store: {tmp_path.resolve()} (set with --store)\n")
    code, _, err = kyogitai("show", "2026-01-01-nothere", store=tmp_path, lang=None)
    assert code == 1 and english(err).startswith("kyogitai: Meeting not found: ")
    code, out, _ = kyogitai("list", store=tmp_path, lang="ja")  # the environment wins
    assert out.startswith(f"保存先: {tmp_path.resolve()}（--store で指定）\n")
