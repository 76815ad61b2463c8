"""The offline single file: scripts/build_pyz.py builds kyogitai.pyz, and it runs from a fresh
venv that has no packages at all, with pip told not to reach any index — the command line, and
the app itself in a real terminal (tmux)."""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from repo_paths import ROOT
from tmux_driver import Tmux, require_tmux

pytestmark = pytest.mark.pyz

SCRIPT = ROOT / "scripts" / "build_pyz.py"
RUNTIME = {"textual", "rich", "platformdirs", "xlsxwriter"}


def _load_builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_pyz", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist") / "kyogitai.pyz"
    r = subprocess.run([sys.executable, str(SCRIPT), "-o", str(out)], capture_output=True, text=True,
                       encoding="utf-8", timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert out.is_file() and os.access(out, os.X_OK)
    return out


@pytest.fixture(scope="module")
def empty_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv with nothing in it: no pip, no kyogitai, no textual."""
    folder = tmp_path_factory.mktemp("venv") / "empty"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=120)
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    assert python.exists()
    return python


@pytest.fixture
def place(tmp_path: Path) -> dict[str, Path]:
    home = tmp_path / "home"
    home.mkdir()
    return {"cwd": tmp_path, "home": home, "cache": tmp_path / "cache", "store": tmp_path / "記録"}


def bare_env(place: dict[str, Path], **more: str) -> dict[str, str]:
    """Only what a fresh PC has: no PYTHONPATH, no venv, no package index."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(place["home"]),
        "XDG_CACHE_HOME": str(place["cache"]),
        "LANG": "C.UTF-8",
        "PIP_NO_INDEX": "1",
        "PYTHONNOUSERSITE": "1",
        **more,
    }


def run_pyz(python: Path, pyz: Path, place: dict[str, Path], *args: str, **env: str):  # type: ignore[no-untyped-def]
    return subprocess.run([str(python), str(pyz), *args], capture_output=True, cwd=place["cwd"],
                          env=bare_env(place, **env), timeout=60)


# ---------------------------------------------------------------------------------------


def test_the_closure_is_the_runtime_dependencies_only():
    builder = _load_builder()
    wanted = builder.runtime_closure(ROOT / "uv.lock")
    assert RUNTIME <= set(wanted)
    assert {"markdown-it-py", "linkify-it-py", "pygments", "typing-extensions"} <= set(wanted)  # textual's own
    for dev_or_extra in ("pytest", "hypothesis", "python-docx", "lxml", "icalendar", "textual-serve"):
        assert dev_or_extra not in wanted


def test_archive_holds_pure_python_and_the_data_files(built: Path):
    with zipfile.ZipFile(built) as z:
        names = z.namelist()
    assert names[0] == "__main__.py"
    assert not [n for n in names if n.endswith((".so", ".pyd", ".dylib", ".dll", ".pyc"))]
    for needed in ("site/textual/app.py", "site/rich/console.py",
                   "site/platformdirs/__init__.py", "site/xlsxwriter/workbook.py", "site/facilitator/cli/__init__.py",
                   "site/facilitator/templates_builtin/c-town.toml", "site/screens/home.tcss", "site/screens/meeting.tcss"):
        assert needed in names, needed
    assert any(n.startswith("site/textual-") and n.endswith(".dist-info/METADATA") for n in names)
    assert built.read_bytes().startswith(b"#!/usr/bin/env python3\n")


def test_build_is_reproducible(built: Path, tmp_path: Path):
    again = tmp_path / "again.pyz"
    subprocess.run([sys.executable, str(SCRIPT), "-o", str(again)], check=True, capture_output=True,
                   timeout=120, cwd=ROOT)
    assert again.read_bytes() == built.read_bytes()


def test_the_empty_venv_really_is_empty(empty_venv: Path, place):  # type: ignore[no-untyped-def]
    probe = "import importlib.util as u; print([m for m in ('textual','rich','platformdirs','facilitator','pip') if u.find_spec(m)])"
    r = subprocess.run([str(empty_venv), "-c", probe], capture_output=True, text=True, cwd=place["cwd"],
                       env=bare_env(place), timeout=60)
    assert r.returncode == 0 and r.stdout.strip() == "[]"


def test_command_line_from_the_single_file(built: Path, empty_venv: Path, place):  # type: ignore[no-untyped-def]
    store = str(place["store"])
    r = run_pyz(empty_venv, built, place, "--store", store, "new", "--body", "テスト町 第1層協議体",
                "--date", "令和8年9月16日", "--place", "公民館")
    assert r.returncode == 0, r.stderr.decode()
    session_id = r.stdout.decode().strip()
    assert session_id.startswith("2026-09-16-")
    r = run_pyz(empty_venv, built, place, "--store", store, "list")
    assert r.returncode == 0 and "第1回" in r.stdout.decode() and session_id in r.stdout.decode()
    rows = json.loads(run_pyz(empty_venv, built, place, "--store", store, "list", "--json").stdout)
    assert [row["id"] for row in rows] == [session_id]
    r = run_pyz(empty_venv, built, place, "--store", store, "export", session_id, "--format", "md")
    assert r.returncode == 0 and r.stdout.decode().startswith("# テスト町 第1層協議体 第1回 議事録")
    lines = run_pyz(empty_venv, built, place, "templates").stdout.decode().splitlines()
    assert [line.split("\t")[0] for line in lines][:2] == ["c-town", "activity-report"] and len(lines) == 5
    # The Excel workbook is pure Python (XlsxWriter): the single file writes it.
    workbook = place["cwd"] / "議事録.xlsx"
    r = run_pyz(empty_venv, built, place, "--store", store, "export", session_id, "--format", "xlsx",
                "-o", str(workbook))
    assert r.returncode == 0, r.stderr.decode()
    with zipfile.ZipFile(workbook) as z:
        assert 'name="議事録"' in z.read("xl/workbook.xml").decode("utf-8")
    # Word needs python-docx, which the single file does not carry: one line says so.
    r = run_pyz(empty_venv, built, place, "--store", store, "export", session_id, "--format", "docx")
    assert r.returncode == 1 and r.stderr.decode().count("\n") == 1 and "python-docx" in r.stderr.decode()
    # Unpacked once, into the per-user cache, complete.
    unpacked = list((place["cache"] / "kyogitai" / "pyz").iterdir())
    assert len(unpacked) == 1 and (unpacked[0] / ".complete").is_file()
    assert (unpacked[0] / "textual" / "app.py").is_file()


def test_first_runs_at_the_same_time_share_one_complete_cache(built: Path, empty_venv: Path, place):  # type: ignore[no-untyped-def]
    runs = [subprocess.Popen([str(empty_venv), str(built), "templates"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, cwd=place["cwd"], env=bare_env(place)) for _ in range(3)]
    results = [(p.wait(timeout=60), p.stdout.read(), p.stderr.read()) for p in runs]  # type: ignore[union-attr]
    for p in runs:
        p.stdout.close()  # type: ignore[union-attr]
        p.stderr.close()  # type: ignore[union-attr]
    assert all(code == 0 and out.startswith(b"c-town\t") for code, out, _ in results), results
    folder = place["cache"] / "kyogitai" / "pyz"
    entries = sorted(p.name for p in folder.iterdir())
    assert len(entries) == 1 and not entries[0].startswith(".unpack-")  # no half-unpacked leftovers
    assert (folder / entries[0] / ".complete").is_file()


def test_an_unwritable_cache_falls_back_to_a_private_temporary_folder(built: Path, empty_venv: Path, place):  # type: ignore[no-untyped-def]
    blocked = place["cwd"] / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    r = run_pyz(empty_venv, built, place, "--version", KYOGITAI_PYZ_CACHE=str(blocked / "sub"),
                TMPDIR=str(place["cwd"]))
    assert r.returncode == 0 and r.stdout.decode().startswith("kyogitai ")
    assert not [p for p in place["cwd"].iterdir() if p.name.startswith("kyogitai-")]  # removed at exit


@pytest.mark.e2e
def test_the_app_starts_from_the_single_file(built: Path, empty_venv: Path, place):  # type: ignore[no-untyped-def]
    require_tmux()
    store = place["store"]
    r = run_pyz(empty_venv, built, place, "--store", str(store), "new", "--body", "ひなた町 第1層協議体")
    assert r.returncode == 0, r.stderr.decode()
    tmux = Tmux(100, 30)
    env = bare_env(place, TERM="xterm-256color")
    command = " ".join(shlex.quote(a) for a in ["env", "-i", *(f"{k}={v}" for k, v in env.items()),
                                                  str(empty_venv), str(built), "--store", str(store)])
    try:
        tmux._tmux("new-session", "-d", "-s", tmux.name, "-x", "100", "-y", "30", "-c", str(place["cwd"]),
                   f"{command}; echo __EXIT__$?; sleep 30")
        screen = tmux.wait_for(lambda s: "kyogitai 協議体の記録" in s and "ひなた町 第1層協議体（1件）" in s, timeout=30)
        assert "第1回" in screen
        tmux.keys("o")  # open it: the meeting screen, with its stylesheet
        screen = tmux.wait_for(lambda s: "1/7" in s and "前回の振り返り" in s and "PgDn 次へ" in s)
        tmux.keys("C-q")
        tmux.wait_for("__EXIT__0")
    finally:
        tmux.close()
    unpacked = next((place["cache"] / "kyogitai" / "pyz").iterdir())
    assert list((unpacked / "textual" / "__pycache__").glob("app.*.pyc"))  # imported from the cache
