"""KYOGITAI_LANG=en: the home and meeting screens in English (tests/tui/english_ui.py, run in a
process started in English, because key labels are read when the screens are imported)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from repo_paths import ROOT

HERE = Path(__file__).resolve().parent


def test_the_app_speaks_english_with_kyogitai_lang_en() -> None:
    # A session of its own: not one more xdist worker of ours, nor of our snapshot report.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PYTEST_XDIST_") and k != "TEXTUAL_SNAPSHOT_TEMPDIR"} | {"KYOGITAI_LANG": "en"}
    result = subprocess.run(
        # -n 0: in this process, not on xdist workers (pyproject's addopts): one English process.
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0",
         str(HERE / "english_ui.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600,
    )
    tail = (result.stdout + result.stderr)[-6000:]
    assert result.returncode == 0, tail
    assert " passed" in result.stdout and "skipped" not in result.stdout, tail
