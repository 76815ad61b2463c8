"""Where things are, for tests in any folder under tests/ (so moving a test file moves nothing else)."""

from __future__ import annotations

from pathlib import Path

SUPPORT = Path(__file__).resolve().parent
TESTS = SUPPORT.parent
ROOT = TESTS.parent  # the checkout
FIXTURES = SUPPORT / "fixtures"  # one session file per past format version, and one written by hand
HOSTILE = SUPPORT / "hostile"  # the hostile corpus (hostile_corpus.py writes it)
