"""A bounded soak (~60 s) of many hands on one session: two writer processes on the app's own
code path (SessionFile + Meeting, tests/support/soak_writer.py) and an outside script that
loads the JSON, changes it and os.replaces it with no guard (tests/support/soak_outside.py),
all doing seeded random operations at once. Meanwhile this test reads the file hundreds of
times: it always parses. At the end every item anyone added and nobody deleted is in the file
exactly once (and nothing twice). Runs with the e2e tests (one at a time: it
needs the machine's attention for a minute)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from facilitator.session_load import session_from_json
from tmux_driver import new_session_at_ideas

pytestmark = pytest.mark.e2e

SUPPORT = Path(__file__).resolve().parents[1] / "support"
OUTSIDE_FOR = 45.0  # seconds the script writes
WRITERS_FOR = 50.0  # seconds the writers edit; then they settle (a few seconds): ~60 s in all


def test_two_writers_and_a_script_for_a_minute_lose_nothing_and_the_file_always_parses(tmp_path):  # type: ignore[no-untyped-def]
    sid = new_session_at_ideas(tmp_path)
    path = tmp_path / f"{sid}.json"
    done = tmp_path / "outside.done"
    start = time.time() + 1.0
    writers_until = start + WRITERS_FOR
    errors = [tmp_path / f"{name}.stderr" for name in ("甲", "乙", "outside")]
    procs = [
        subprocess.Popen([sys.executable, str(SUPPORT / "soak_writer.py"), str(tmp_path), sid, name, str(seed),
                          str(writers_until), str(done), str(tmp_path / f"{name}.log.json")],
                         stderr=err.open("wb"))
        for (name, seed), err in zip((("甲", 1), ("乙", 2)), errors)
    ]
    procs.append(subprocess.Popen([sys.executable, str(SUPPORT / "soak_outside.py"), str(tmp_path), sid, "3",
                                   str(start + OUTSIDE_FOR), str(writers_until), str(done),
                                   str(tmp_path / "outside.log.json")], stderr=errors[2].open("wb")))
    samples, broken = [0], []
    stop = threading.Event()

    def sample() -> None:  # a reader that never takes the guard, as fast as it can
        while not stop.is_set():
            try:
                data = path.read_bytes()
                json.loads(data)
                if samples[0] % 20 == 0:
                    session_from_json(data)
            except Exception as e:  # noqa: BLE001 - every failure is reported
                broken.append(repr(e))
            samples[0] += 1
            time.sleep(0.01)

    reader = threading.Thread(target=sample, daemon=True)
    reader.start()
    try:
        codes = [p.wait(timeout=WRITERS_FOR + 90) for p in procs]
    finally:
        stop.set()
        reader.join(timeout=10)
        for p in procs:
            if p.poll() is None:
                p.kill()
    assert codes == [0, 0, 0], "\n".join(e.read_text(encoding="utf-8", errors="replace")[-3000:] for e in errors)
    assert broken == [] and samples[0] > 1000  # read ~100 times a second for the whole run

    final = session_from_json(path.read_bytes())
    ideas = Counter(i.id for i in final.ideas)
    homework = Counter(h.id for h in final.homework)
    assert all(n == 1 for n in ideas.values()) and all(n == 1 for n in homework.values())
    logs = {name: json.loads((tmp_path / f"{name}.log.json").read_text(encoding="utf-8"))
            for name in ("甲", "乙", "outside")}
    deleted = {i for log in logs.values() for i in log.get("deleted", [])}
    edits: dict[str, list[str]] = {}
    for log in logs.values():
        for iid, texts in log.get("edits", {}).items():
            edits.setdefault(iid, []).extend(texts)
    text_of = {i.id: i.text for i in final.ideas}
    revived = 0
    for name, log in logs.items():
        for iid, text in log["ideas"].items():
            if iid in deleted:
                # Gone, as a rule; a deletion the script wrote an older copy over can come back
                # (docs/reliability.md, "Many writers", limits) — never twice.
                assert ideas[iid] <= 1
                revived += ideas[iid]
                continue
            assert ideas[iid] == 1, f"{name}'s idea {text} is not in the file"
            assert text_of[iid] in [text, *edits.get(iid, [])]
        for hid, text in log["homework"].items():
            assert homework[hid] == 1, f"{name}'s homework {text} is not in the file"
    added = sum(len(log["ideas"]) for log in logs.values())
    print(f"\nsoak: {samples[0]} reads, all parsed; {added} ideas added, {len(deleted)} deleted ({revived} back), "
          f"{len(final.ideas)} in the file, {len(final.homework)} homework; "
          + "; ".join(f"{n}: {log.get('saves', log.get('writes'))} writes, {log.get('merged', 0)} merged, "
                      f"{log.get('adopted', 0)} adopted, {log.get('written_back', 0)} written back, "
                      f"{log.get('added_back', 0)} added back" for n, log in logs.items()))
    assert added > 100  # the run really did something
