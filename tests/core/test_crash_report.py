"""An unexpected crash (issue 20: the home screen printed a traceback with its locals — file
content, residents' names — and exited 0): one short line, a non-zero exit, the traceback without
locals in an owner-only log in the per-user data folder."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from repo_paths import FIXTURES, ROOT

# Built at run time so that no source line of the crashing code shows it either.
SECRET_CODE = "''.join(['090-', '8765', '-4321'])"
SECRET = "090-8765-4321"


def run_python(code: str, tmp_path: Path, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KYOGITAI_DATA_DIR": str(tmp_path / "data"), "KYOGITAI_CACHE_DIR": str(tmp_path / "cache"),
           "COLUMNS": "100", "TERM": "xterm-256color"}
    store = tmp_path / "store"
    if not store.exists():
        store.mkdir()
        shutil.copy(FIXTURES / "hand_written.json", store / "2026-06-17-hand01.json")
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), str(store)], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=120,
                          preexec_fn=(lambda: os.umask(umask)) if os.name == "posix" else None)


def the_log(tmp_path: Path) -> Path:
    logs = list((tmp_path / "data" / "logs").glob("crash-*.log"))
    assert len(logs) == 1, logs
    return logs[0]


def assert_reported(r: subprocess.CompletedProcess[str], tmp_path: Path, kind: str) -> None:
    assert r.returncode == 1, (r.returncode, r.stderr)
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("kyogitai: ") and kind in lines[0] and "Traceback" not in r.stderr
    assert SECRET not in r.stderr + r.stdout
    log = the_log(tmp_path)
    assert str(log) in lines[0]
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and kind in text and SECRET not in text  # no locals
    if os.name == "posix":
        assert stat.S_IMODE(log.stat().st_mode) == 0o600
        assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


def test_a_command_that_crashes_says_one_line_and_logs_the_rest(tmp_path: Path) -> None:
    r = run_python(f"""
        import sys
        import facilitator.cli.listing as listing

        def cmd_list(args):
            phone = {SECRET_CODE}
            raise MemoryError()

        listing.cmd_list = cmd_list
        from facilitator.cli import main
        sys.exit(main(["--store", sys.argv[1], "list"]))
    """, tmp_path, umask=0)
    assert_reported(r, tmp_path, "MemoryError")


@pytest.mark.skipif(os.name != "posix", reason="a headless Textual app in a subprocess")
def test_the_app_that_crashes_prints_no_locals_and_exits_non_zero(tmp_path: Path) -> None:
    r = run_python(f"""
        import sys
        import screens.app as app
        from screens.home import HomeScreen

        run = app.KyogitaiApp.run
        app.KyogitaiApp.run = lambda self, **kw: run(self, headless=True, size=(100, 30))

        def on_mount(self):
            phone = {SECRET_CODE}
            raise RuntimeError("home screen broke")

        HomeScreen.on_mount = on_mount
        from facilitator.cli import main
        sys.exit(main(["--store", sys.argv[1]]))
    """, tmp_path)
    assert_reported(r, tmp_path, "RuntimeError")
