"""The command kyogitai tells people to type (``kyogitai demo``'s 「開くには」): ``uv run kyogitai``
from a checkout, plain ``kyogitai`` installed or from kyogitai.pyz; and the README's demo folders
leave nothing untracked in a checkout."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.invocation import checkout_root, command_name
from repo_paths import ROOT

PACKAGE = ROOT / "facilitator"


def fake_layout(root: Path, pyproject: str | None) -> Path:
    package = root / "facilitator"
    package.mkdir(parents=True)
    if pyproject is not None:
        (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return package


def test_this_checkout_is_one() -> None:
    assert checkout_root(PACKAGE) == ROOT


def test_inside_the_checkout_it_is_uv_run() -> None:
    assert command_name(ROOT, PACKAGE) == "uv run kyogitai"
    assert command_name(ROOT / "docs", PACKAGE) == "uv run kyogitai"


def test_outside_the_checkout_uv_is_told_where_the_project_is(tmp_path: Path) -> None:
    name = command_name(tmp_path, PACKAGE)
    assert name.startswith("uv run --project ") and name.endswith(" kyogitai")
    assert str(ROOT) in name


def test_a_checkout_path_with_spaces_is_quoted(tmp_path: Path) -> None:
    package = fake_layout(tmp_path / "my checkout", '[project]\nname = "kyogitai"\n')
    assert command_name(tmp_path, package) == f'uv run --project "{tmp_path / "my checkout"}" kyogitai'


@pytest.mark.parametrize("pyproject", [
    None,  # installed: site-packages has no pyproject.toml; kyogitai.pyz unpacks none either
    '[project]\nname = "something-else"\n',
    "[project\nname = ",  # not TOML
    '[tool.x]\nname = "kyogitai"\n',
])
def test_installed_or_a_foreign_project_is_plain_kyogitai(tmp_path: Path, pyproject: str | None) -> None:
    package = fake_layout(tmp_path / "site-packages", pyproject)
    assert checkout_root(package) is None
    assert command_name(tmp_path / "site-packages", package) == "kyogitai"


def _demo(store: Path, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("KYOGITAI_STORE", "KYOGITAI_LANG")}
    env["PYTHONPATH"] = str(ROOT)  # (the package from this checkout, whatever the folder)
    r = subprocess.run([sys.executable, "-m", "facilitator", "--store", str(store), "demo"],
                       capture_output=True, cwd=cwd, env=env, timeout=120)
    assert r.returncode == 0, r.stderr.decode("utf-8")
    return r.stdout.decode("utf-8")


def test_demo_from_the_checkout_says_uv_run(tmp_path: Path) -> None:
    out = _demo(tmp_path / "store", ROOT)
    assert f"開くには: uv run kyogitai --store {tmp_path / 'store'}" in out.splitlines()


def demo_folders(readme: str) -> list[str]:
    """The stores the README's demo commands write: ``--store X demo``."""
    return re.findall(r"kyogitai --store (\S+) demo\b", readme)


def test_the_readme_demo_folders_are_git_ignored_in_a_checkout() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    folders = demo_folders(readme)
    assert "デモ用フォルダ" in folders and "demo-store" in folders  # the Japanese and the English sections
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    for folder in sorted(set(folders)):
        r = subprocess.run(["git", "check-ignore", "-q", "--no-index", f"{folder}/2026-01-01-abcdef.json"],
                           cwd=ROOT, capture_output=True, timeout=30)
        assert r.returncode == 0, f"{folder}/ is not ignored: the README's demo leaves it untracked"
