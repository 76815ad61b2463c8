"""The outside script of the soak test (tests/e2e/test_soak_many_writers.py): plain JSON — load,
change, ``os.replace`` — with no guard and no merge, as a user's own tool would.

    python soak_outside.py STORE ID SEED UNTIL WRITERS_UNTIL DONE LOG

Random operations (seeded) until time.time() passes UNTIL: add an idea, add homework, change
the title. Like a careful script it makes sure the items it added are still there at each run
and adds back one that is missing (its replace can land in the instant between a window's last
look before its replace and that replace: the window then writes over it — docs/reliability.md,
"Many writers", limits); LOG counts those. Once the writers have stopped editing (WRITERS_UNTIL) it runs once more to
make sure, then writes DONE (an empty file)."""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    root, sid, seed, until, writers_until, done, log_path = argv
    rng = random.Random(int(seed))
    path = Path(root) / f"{sid}.json"
    tmp = Path(root) / ".outside-script.tmp"
    log: dict = {"ideas": {}, "homework": {}, "writes": 0, "added_back": 0}
    n = 0
    while time.time() < float(until):
        n += 1
        data = json.loads(path.read_text(encoding="utf-8"))
        add_back(data, log)
        op = rng.choice(["idea", "idea", "homework", "title"])
        if op == "idea":
            iid = f"idea-outside-{n}"
            log["ideas"][iid] = f"外の案{n}"
            data["ideas"].append(idea(iid, f"外の案{n}"))
        elif op == "homework":
            hid = f"hw-outside-{n}"
            log["homework"][hid] = f"外の宿題{n}"
            data["homework"].append({"id": hid, "text": f"外の宿題{n}", "status": "open"})
        else:
            data["title"] = f"第2回 定例会（外{n}）"
        write(tmp, path, data, log)
        time.sleep(rng.uniform(0.05, 0.25))  # pacing between runs of the script, not a wait
    time.sleep(max(0.0, float(writers_until) + 0.5 - time.time()))  # a last run once they stopped
    data = json.loads(path.read_text(encoding="utf-8"))
    if add_back(data, log):
        write(tmp, path, data, log)
    Path(log_path).write_text(json.dumps(log, ensure_ascii=False), encoding="utf-8")
    Path(done).write_text("", encoding="utf-8")
    return 0


def add_back(data: dict, log: dict) -> bool:
    """The items this script added that are missing now, added again; True if there were any."""
    missing = False
    have = {i["id"] for i in data["ideas"]}
    for iid, text in log["ideas"].items():
        if iid not in have:
            data["ideas"].append(idea(iid, text))
            log["added_back"] += 1
            missing = True
    have_hw = {h["id"] for h in data["homework"]}
    for hid, text in log["homework"].items():
        if hid not in have_hw:
            data["homework"].append({"id": hid, "text": text, "status": "open"})
            log["added_back"] += 1
            missing = True
    return missing


def write(tmp: Path, path: Path, data: dict, log: dict) -> None:
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    log["writes"] += 1


def idea(iid: str, text: str) -> dict:
    return {"id": iid, "text": text, "kind": "unsorted", "interest": 0, "status": "open"}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
