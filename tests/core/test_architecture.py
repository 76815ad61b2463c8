"""The architecture, checked by a machine: the import-linter contracts in pyproject.toml.

facilitator never imports screens or textual (the CLI's lazy ``facilitator.cli.start ->
screens.app`` is the one exception); screens never import the CLI; no import cycles inside either
package, lazy (function-level) imports included. A broken contract fails here with import-linter's report.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from repo_paths import ROOT



def test_import_contracts_are_kept():
    script = Path(sys.executable).with_name("lint-imports")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "importlinter.cli"]
    result = subprocess.run([*command, "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "Contracts: 3 kept, 0 broken." in result.stdout
