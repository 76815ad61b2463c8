"""A headless writer for the soak test (tests/e2e/test_soak_many_writers.py), run as its own
process: the same code path as a meeting window — ``facilitator.sharing.SessionFile`` and
``facilitator.meeting.Meeting``, saving after each change, looking at the file between changes,
adopting what others saved and writing back what a script dropped (as screens/saver.py does).

    python soak_writer.py STORE ID NAME SEED EDIT_UNTIL OUTSIDE_DONE LOG

Random operations (seeded) until the wall clock passes EDIT_UNTIL (time.time()); then it keeps
looking until the OUTSIDE_DONE file exists and the session has not changed for a while, and
writes LOG: what it added, deleted and edited."""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

from facilitator.meeting import Meeting
from facilitator.merge import merge
from facilitator.session_json import session_to_json
from facilitator.sharing import SessionFile
from facilitator.store import Store

QUIET = 1.5  # seconds without a change on disk before a writer that is done stops looking


def main(argv: list[str]) -> int:
    root, sid, name, seed, edit_until, outside_done, log_path = argv
    rng = random.Random(int(seed))
    store = Store(Path(root))
    m = Meeting(store.load(sid), running=False, writer=f"w-{name}")
    f = SessionFile(store, sid)
    f.open(doc(m))
    log: dict = {"ideas": {}, "deleted": [], "homework": {}, "edits": {}, "interest": {}, "saves": 0,
                 "merged": 0, "adopted": 0, "written_back": 0}

    def save() -> None:
        saved = f.save(doc(m))
        log["saves"] += 1
        if saved.merged is not None and saved.snapshot is not None:
            log["merged"] += 1
            m.adopt(merge(saved.snapshot, m.session, saved.merged).session)

    def look() -> bool:
        changed = f.poll()
        if changed is None:
            return False
        m.adopt(merge(changed.base.session, m.session, changed.disk.session).session)
        f.adopted(changed.disk)
        log["adopted"] += 1
        if changed.dropped:  # a script wrote over what it never saw: put it back (screens/saver.py)
            log["written_back"] += 1
            m.mark_changed()
            save()
        return True

    n = 0
    while time.time() < float(edit_until):
        look()
        n += 1
        op = rng.choice(["idea", "idea", "interest", "edit", "delete", "homework", "field"])
        mine = [i for i in m.session.ideas if i.id in log["ideas"] and i.id not in log["deleted"]]
        if op == "idea" or (op in ("interest", "edit") and not m.session.ideas) or (op == "delete" and not mine):
            idea = m.add_idea(f"{name}の案{n}")
            log["ideas"][idea.id] = idea.text
        elif op == "interest":
            idea = rng.choice(m.session.ideas)
            m.add_interest(idea.id)
            log["interest"][idea.id] = log["interest"].get(idea.id, 0) + 1
        elif op == "edit":
            idea = rng.choice(m.session.ideas)
            text = f"{idea.text.split('|')[0]}|{name}が直した{n}"
            m.edit_idea(idea.id, text=text)
            log["edits"].setdefault(idea.id, []).append(text)
        elif op == "delete":  # its own ideas only: what the others added must survive
            idea = rng.choice(mine)
            m.delete_idea(idea.id)
            log["deleted"].append(idea.id)
        elif op == "homework":
            hw = m.add_homework(f"{name}の宿題{n}")
            log["homework"][hw.id] = hw.text
        else:
            m.set_details(place=f"{name}の会場{n}")
        save()
        time.sleep(rng.uniform(0.01, 0.08))  # pacing between a person's edits, not a wait for anything
    # Done editing: a window stays open, looking at the file, until everything has settled.
    quiet_since = time.monotonic()
    while not (os.path.exists(outside_done) and time.monotonic() - quiet_since > QUIET):
        if look():
            quiet_since = time.monotonic()
        time.sleep(0.05)
    f.close()
    Path(log_path).write_text(json.dumps(log, ensure_ascii=False), encoding="utf-8")
    return 0


def doc(m: Meeting) -> bytes:
    return session_to_json(m.session).encode("utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
