"""facilitator/ is UI-free: importing every module of it must not import textual."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys

import facilitator

# The session document's modules: its types, their loading and their writing.
SESSION_MODEL = ("facilitator.model", "facilitator.session_load", "facilitator.session_json")


def test_facilitator_never_imports_textual():
    modules = [m.name for m in pkgutil.walk_packages(facilitator.__path__, "facilitator.")
               if m.name != "facilitator.__main__"]
    assert set(SESSION_MODEL) <= set(modules) and len(modules) >= 5
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
        "raise SystemExit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"textual imported: {result.stdout} {result.stderr}"


def test_the_home_screen_starts_without_the_session_model(tmp_path):  # type: ignore[no-untyped-def]
    """What the start imports before the home screen's first frame and while it lists the store
    (the CLI, the app, the home screen, the index, every module of the store package) leaves the
    session model (its types, their loading and their writing) for the first session opened:
    importing it was ~15 ms of every start."""
    from datetime import date

    from facilitator.demo import write_demo
    from facilitator.store import Store

    write_demo(Store(tmp_path), today=date(2026, 11, 22), seed=3)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import facilitator.cli, facilitator.prefetch, screens.app, screens.home\n"
        "from facilitator.cli import build_parser\n"
        "from facilitator.index import Index\n"
        "from facilitator.store import Store\n"
        "import importlib, pkgutil, facilitator.store\n"  # every module of the store package
        "for m in pkgutil.iter_modules(facilitator.store.__path__, 'facilitator.store.'):\n"
        "    importlib.import_module(m.name)\n"
        "build_parser()\n"
        f"index = Index(Store(Path({str(tmp_path)!r})))\n"
        "index.refresh()\n"  # an up-to-date index: listed without reading a session file
        "assert index.search('') and index.search('サロン') is not None\n"
        f"print(sorted(set({SESSION_MODEL!r}) & set(sys.modules)))\n"
    )
    from facilitator.index import Index

    Index(Store(tmp_path)).refresh()  # the index file written beforehand, as after any start
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# What the home screen never needs: the other screens, the exports, the report, the plan, the
# hand-over, serving (and its hmac/OpenSSL), the session's rules. Each is imported by the action
# that needs it, so none of it is paid for by the start.
NOT_AT_START = (
    "screens.meeting", "screens.board", "screens.review", "screens.panels", "screens.export_dialog",
    "screens.report_screen", "screens.theme_screen", "screens.homework_tracker", "screens.home.year_plan",
    "screens.home.handover", "screens.serve_dialog", "facilitator.export", "facilitator.report",
    "facilitator.plan", "facilitator.handover", "facilitator.serve", "facilitator.serve_access",
    "facilitator.serve_launch", "facilitator.meeting", "facilitator.board", "facilitator.merge",
    "facilitator.sharing", "facilitator.presence", "xlsxwriter", "segno", "hmac",
)


def test_the_home_screen_starts_without_what_only_other_screens_need(tmp_path):  # type: ignore[no-untyped-def]
    """The app on the home screen, headless, until its list is loaded from an up-to-date index
    (as on every start after the first): none of NOT_AT_START is imported."""
    from datetime import date

    from facilitator.demo import write_demo
    from facilitator.store import Store

    write_demo(Store(tmp_path / "s"), today=date(2026, 11, 22), seed=3)
    env = {**os.environ, "KYOGITAI_CACHE_DIR": str(tmp_path / "cache"), "KYOGITAI_DATA_DIR": str(tmp_path / "data")}
    code = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from facilitator.index import Index\n"
        "from facilitator.store import Store, StoreLocation\n"
        "from screens.app import KyogitaiApp\n"
        f"root = Path({str(tmp_path / 's')!r})\n"
        "Index(Store(root)).refresh()\n"
        "async def main():\n"
        "    app = KyogitaiApp(StoreLocation(root, 'test'))\n"
        "    async with app.run_test() as pilot:\n"
        "        for _ in range(50):\n"
        "            await app.workers.wait_for_complete()\n"
        "            await pilot.pause()\n"
        "            if getattr(app.screen, 'loaded', False):\n"
        "                break\n"
        "        assert app.screen.loaded\n"
        "asyncio.run(main())\n"
        f"names = {NOT_AT_START!r}\n"
        "print(sorted(m for m in sys.modules if m in names or m.startswith(tuple(n + '.' for n in names))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
