"""The repository documents itself: no pointer to documents outside it, no dead link between its docs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from repo_paths import ROOT

OUTSIDE = re.compile(r"\b(DESIGN|DOMAIN|PROMPTS)\.md\b|\.\./shared/")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _tracked(*patterns: str) -> list[Path]:
    out = subprocess.run(["git", "ls-files", *patterns], cwd=ROOT, capture_output=True, text=True, check=True)
    return [ROOT / line for line in out.stdout.splitlines() if (ROOT / line).is_file()]


def test_no_file_points_to_documents_outside_the_repository():
    found = [f"{p.relative_to(ROOT)}:{n}" for p in _tracked("*.py", "*.md", "*.toml", "*.tcss")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if OUTSIDE.search(line)
             and p.name != "test_docs.py"]
    assert found == []


def test_links_between_the_docs_resolve():
    dead = []
    for doc in _tracked("*.md"):
        for target in LINK.findall(doc.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (doc.parent / target).exists():
                dead.append(f"{doc.relative_to(ROOT)} → {target}")
    assert dead == []


def test_the_map_and_the_domain_are_in_the_repository():
    for name in ("architecture.md", "domain.md", "session-format.md"):
        assert (ROOT / "docs" / name).is_file(), name
