"""Presence (facilitator/presence.py): what a meeting window pays, in its thread worker, to say it
is there (every ~10 s and on every step change) and to look who else is (every ~3 s)."""

from __future__ import annotations

import shutil

from facilitator.presence import Presence, PresenceEnv

from benchmarks.core import timings
from benchmarks.data import BenchStore
from benchmarks.report import Result, median

OTHERS = 4  # the SC, a 記録係, a second SC, a browser tab: more than a meeting room has


def presence(bench: BenchStore, runs: int = 200) -> list[Result]:
    aux = bench.root / ".kyogitai"
    folder = aux / "presence"
    sid = bench.big_id
    for n in range(OTHERS):
        env = PresenceEnv(token=f"w-bench{n:07d}", host=f"pc-{n}", user=f"user{n}", pid=1_000_000 + n,
                          machine=f"m-{n}", pid_alive=lambda p: True)
        Presence(aux, env).join(sid, "ideas").beat()
    mine = Presence(aux, PresenceEnv(token="w-benchmine0")).join(sid, "ideas")
    try:
        beat = timings(lambda: mine.beat("handoff"), runs)
        look = timings(mine.look, runs)
        seen = len(mine.look())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [
        Result("presence: this window's heartbeat (atomic write, no fsync; worker thread)", median(beat), "ms", 20.0,
               beat),
        Result(f"presence: who else is there ({seen} other windows; worker thread)", median(look), "ms", 20.0, look),
    ]
