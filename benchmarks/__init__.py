"""Benchmarks at years-of-archive scale (issue 7): ``uv run python -m benchmarks``.

Not tests: pytest does not collect them (tests/e2e/test_benchmarks_smoke.py runs each one at tiny
sizes so the code cannot rot). See docs/performance.md for the figures and how to read them.
"""
