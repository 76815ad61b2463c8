"""Every benchmark of ``python -m benchmarks`` runs, at tiny sizes, and returns numbers.

These assert no timings (the machine is shared and noisy): only that each measurement runs to
the end and reports a number, so the benchmark code cannot rot. The figures themselves are in
docs/performance.md.
"""

from __future__ import annotations

import asyncio
import math

import pytest

from benchmarks import core, inprocess, terminal, year_report
from benchmarks.__main__ import machine
from benchmarks.data import BenchStore, make_store
from benchmarks.report import Result, table
from facilitator.store import Store
from repo_paths import ROOT
from tmux_driver import require_tmux


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> BenchStore:
    return make_store(tmp_path_factory.mktemp("bench") / "sessions", sessions=12, ideas=4, big_ideas=40,
                      big_cards=10)


def numbers(results: list[Result]) -> list[Result]:
    assert results
    for r in results:
        assert isinstance(r.value, float | int) and not math.isnan(r.value), r
        assert all(isinstance(x, float | int) and not math.isnan(x) for x in r.samples), r
    assert table(results).count("\n") == len(results) + 1
    return results


def test_the_store_has_the_sizes_asked_for(bench: BenchStore) -> None:
    store = Store(bench.root)
    scan = store.scan()
    assert len(scan.sessions) == bench.sessions == 13 and not scan.problems
    big = store.load(bench.big_id)
    assert len(big.ideas) == 40 and big.current_step == "ideas"
    assert sum(len(s.ideas) == 4 for s, _ in scan.sessions) == 12


def contents(bench: BenchStore) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in Store(bench.root).files()}


def test_core(bench: BenchStore) -> None:
    before = contents(bench)
    numbers(core.calibration("smoke", runs=2))
    numbers(core.index_refresh(bench, runs=2, rebuild_runs=1))
    numbers(core.search(bench, runs=2))
    numbers(core.autosave(bench, runs=2))
    numbers(core.merging(bench, runs=2))
    numbers(core.exports(bench, runs=1))
    numbers(year_report.year_report(bench, runs=1))
    numbers(year_report.themes(bench, runs=1))
    assert contents(bench) == before  # the changed file is put back; saves write the same document


def test_in_process(bench: BenchStore) -> None:
    original = Store(bench.root).path_for(bench.big_id).read_bytes()
    results = numbers(asyncio.run(inprocess.new_idea(bench, presses=1)))
    assert "shown in 1/1 frames" in results[0].note
    assert results[2].name.startswith("autosave writes made on the UI thread") and results[2].value == 0
    assert Store(bench.root).path_for(bench.big_id).read_bytes() == original  # put back as it was
    numbers(asyncio.run(inprocess.home_search(bench, words=("サロ",))))


@pytest.mark.e2e
def test_in_tmux(bench: BenchStore) -> None:
    require_tmux()  # skips without tmux, fails when CI=true (as the other tmux tests)
    numbers(terminal.start(bench, runs=1, warmup=0))
    numbers(terminal.new_idea(bench, presses=1, warmup=0))
    numbers(terminal.idea_across_windows(bench, presses=1, warmup=0))
    numbers(terminal.home_use(bench, runs=1, words=("サロ",)))


def test_machine_is_described() -> None:
    info = machine()
    assert info["cpus"] and info["python"] and info["textual"]


def test_benchmarks_are_not_collected_by_pytest() -> None:
    root = ROOT
    assert not list((root / "benchmarks").glob("test_*.py"))
    assert not (root / "tests" / "bench_home.py").exists()
