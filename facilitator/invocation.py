"""How the person at this terminal runs kyogitai: for the commands we print for them to type.

From a checkout (this package beside a ``pyproject.toml`` whose project is kyogitai) the command
is ``uv run kyogitai`` — a plain ``kyogitai`` is not on the PATH there — and from outside the
checkout's folder ``uv run --project <checkout> kyogitai``. Installed, or run as kyogitai.pyz
(unpacked without a pyproject.toml beside it), it is ``kyogitai``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent  # facilitator/


def checkout_root(package_dir: Path = PACKAGE_DIR) -> Path | None:
    """The checkout the package runs from, or None when it is installed (or in kyogitai.pyz)."""
    root = package_dir.parent
    try:
        project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8")).get("project")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return root if isinstance(project, dict) and project.get("name") == "kyogitai" else None


def command_name(cwd: Path | None = None, package_dir: Path = PACKAGE_DIR) -> str:
    """What to type to run kyogitai from ``cwd`` (the current folder if None)."""
    root = checkout_root(package_dir)
    if root is None:
        return "kyogitai"
    here = (cwd or Path.cwd()).resolve()
    if here == root or root in here.parents:
        return "uv run kyogitai"
    return f"uv run --project {quote_arg(str(root))} kyogitai"


def quote_arg(value: str) -> str:
    """A path as one argument in a shell (double quotes when it has spaces or other signs)."""
    if value and all(c.isalnum() or c in "/\\:._-" for c in value):
        return value
    return '"' + value.replace('"', '\\"') + '"'
