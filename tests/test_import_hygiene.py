"""facilitator/ is UI-free: importing every module of it must not import textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import facilitator


def test_facilitator_never_imports_textual():
    modules = [m.name for m in pkgutil.walk_packages(facilitator.__path__, "facilitator.")
               if m.name != "facilitator.__main__"]
    assert "facilitator.model" in modules and len(modules) >= 5
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
