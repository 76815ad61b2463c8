"""The hostile corpus: session files whose every text field is trying to break something.

``python tests/support/hostile_corpus.py`` (re)writes the small files under ``tests/support/hostile/``; the two
big ones (a 100,000-character idea, 10,000 ideas) are built at test time by :func:`big_files`
so the repository stays small. ``tests/core/test_hostile.py`` checks that the files on disk are the
ones this module builds, then opens every one of them in every screen, the CLI and every export.

What is hostile here:
- Rich/Textual markup: ``[bold]``, ``[/]``, ``[link=…]``, an unclosed ``[bold``, ``[@click=…]``;
- ANSI/VT escapes: CSI (colours, clear screen, cursor moves), OSC 0 (window title), OSC 8
  (hyperlink), OSC 52 (clipboard write), DCS, the 8-bit CSI ``\\x9b``;
- C0 and C1 control characters, DEL, a bare carriage return;
- zero-width characters, right-to-left overrides and isolates, combining marks piled up;
- a lone surrogate (legal in JSON as ``\\ud800``, not encodable as UTF-8);
- extreme but valid values: dates 0001-01-01 and 9999-12-31, huge and negative numbers.

Files that are not valid sessions at all (NaN, a 5,000-digit number, deep nesting, UTF-16,
random bytes …) are in :data:`BROKEN`; they must be reported as damaged, never crash anything.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent / "hostile"

# What must never reach a terminal: C0 (but \n, \t), DEL, C1, bidi controls, lone surrogates.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

MARKUP = [
    "[bold]太字[/bold]",
    "閉じるだけ [/]",
    "[link=https://example.invalid/x]リンク[/link]",
    "閉じない [bold",
    "[red]赤[/red",
    "[@click=app.quit]終了[/]",
    "[b]x[/b][i]y[/] [[二重]] \\[escaped]",
    "[on red]背景[/on red] [reverse]反転",
]
ANSI = [
    "\x1b[31m赤い字\x1b[0m",
    "\x1b[2J\x1b[H画面消去",
    "\x1b]0;窓の題を変える\x07",
    "\x1b]8;;https://example.invalid/evil\x1b\\ハイパーリンク\x1b]8;;\x1b\\",
    "\x1b]52;c;ZXZpbA==\x07クリップボード",
    "\x1bP1$r\x1b\\DCS",
    "\x9b31m8ビットCSI",
    "\x1b[6n位置を問う",
    "\x1b[?1049halt画面",
]
CONTROLS = [
    "NUL\x00BEL\x07BS\x08VT\x0bFF\x0cSO\x0eUS\x1fDEL\x7f",
    "C1\x80\x85\x8d\x90\x9c\x9d\x9f",
    "行頭に戻る\r上書き",
    "タブ\tと\n改行",
]
UNICODE = [
    "ゼロ幅\u200bスペース\u200c\u200d\u2060\ufeff",
    "右から左\u202eへ逆転\u202c",
    "分離\u2066\u2067\u2068入れ子\u2069\u2069\u2069",
    "\u200fRLM \u200eLRM \u061cALM",
    "ｚａｌｇｏ" + "\u0301\u0308\u0327" * 60,
    "绝対\U0001F468\u200D\U0001F469\u200D\U0001F467 家族 \U0001F1EF\U0001F1F5",
    "壊れた\ud800サロゲート",
    "\u00adソフト\u00adハイフン",
]
ALL = MARKUP + ANSI + CONTROLS + UNICODE


def mixed(n: int) -> str:
    """One string carrying a bit of each kind (picked by ``n``), with Japanese around it."""
    return f"{MARKUP[n % len(MARKUP)]} {ANSI[n % len(ANSI)]} {CONTROLS[n % len(CONTROLS)]} {UNICODE[n % len(UNICODE)]}"


def session_doc(sid: str, pick, *, date: str = "2026-08-19", n_ideas: int = 6,
                idea_text=None) -> dict[str, Any]:
    """A complete session document whose every text field is ``pick(k)`` for a running k."""
    counter = iter(range(10**9))

    def t() -> str:
        return pick(next(counter))

    step_defs = [("recap", "recap"), ("issues", "issues"), ("consult", "consult"), ("ideas", "ideas"),
                 ("handoff", "handoff"), ("comment", "text"), ("close", "close"), ("board", "board")]
    steps = [
        {"id": sid_, "title": t(), "panel": panel, "notes": t(), "elapsed_seconds": 61,
         "planned_minutes": 10, "purpose": t(), "prompts": [t(), t()]}
        for sid_, panel in step_defs
    ]
    attendees = [{"name": t(), "role": t()} for _ in range(4)]
    names = [a["name"] for a in attendees]
    issues = [{"id": f"issue-{i}", "title": t(), "detail": t(), "source": t()} for i in range(2)]
    kinds = ["self", "request", "unsorted"]
    statuses = ["open", "handed", "homework"]
    ideas = []
    for i in range(n_ideas):
        ideas.append({
            "id": f"idea-{i}",
            "text": idea_text(i) if idea_text else t(),
            "author": names[i % len(names)] if i % 5 else None,
            "issue_id": f"issue-{i % 3}" if i % 3 < 2 else None,
            "kind": kinds[i % 3],
            "interest": i % 7,
            "status": statuses[i % 3] if kinds[i % 3] == "self" else "open",
            "department": t() if i % 3 == 1 else None,
        })
    handoffs = [{"id": "hand-0", "idea_ids": ["idea-0", "idea-3"], "action": t(), "contact": names[1], "due": t()},
                {"id": "hand-1", "idea_ids": ["missing"], "action": t(), "contact": t(), "due": "2026-09-30"}]
    homework = [
        {"id": "hw-0", "text": t(), "owner": names[0], "due": t(), "status": "open", "from_session": "older-1"},
        {"id": "hw-1", "text": t(), "owner": t(), "due": "2026-07-01", "status": "open"},
        {"id": "hw-2", "text": t(), "owner": names[2], "due": None, "status": "done"},
        {"id": "hw-3", "text": t(), "owner": None, "status": "dropped", "reason": t()},
    ]
    cols = ["have", "lack", "makeshift"]
    items = [
        {"id": f"card-{i}", "column": cols[i % 3], "text": t(), "category": t(),
         "solvable": ["ourselves", "municipality", None][i % 3] if cols[i % 3] == "lack" else None,
         "department": t() if i % 3 == 1 else None, "meanings": [t(), t()],
         "links": [f"card-{(i + 1) % 6}"] if cols[i % 3] == "makeshift" else [], "since": sid if i % 2 else None}
        for i in range(6)
    ]
    return {
        "schema_version": 1,
        "id": sid,
        "body": {"name": t(), "layer": t()},
        "title": t(),
        "date": date,
        "start_time": "14:00",
        "end_time": "15:30",
        "place": t(),
        "template": "c-town",
        "previous_session": None,
        "attendees": attendees,
        "steps": steps,
        "current_step": "ideas",
        "issues": issues,
        "questions": [{"id": "q-0", "text": t(), "issue_id": "issue-0"}, {"id": "q-1", "text": t()}],
        "ideas": ideas,
        "handoffs": handoffs,
        "review": t(),
        "homework": homework,
        "next_meeting": {"date": "2026-10-21", "start_time": "13:30", "place": t(), "agenda": [t(), t()]},
        "board": {"vision": t(), "items": items},
        "created_at": f"{date}T10:00:00+09:00",
        "updated_at": f"{date}T11:00:00+09:00",
        t(): t(),  # an unknown field with a hostile name survives a round trip
    }


def _cycle(strings: list[str]):
    return lambda k: f"{strings[k % len(strings)]}（{k}）"


def small_files() -> dict[str, dict[str, Any]]:
    """name -> document, for the files kept in tests/support/hostile/."""
    docs = {
        "markup": session_doc("2026-08-19-markup", _cycle(MARKUP)),
        "ansi": session_doc("2026-08-19-ansi01", _cycle(ANSI)),
        "controls": session_doc("2026-08-19-ctrl01", _cycle(CONTROLS)),
        "unicode": session_doc("2026-08-19-uni001", _cycle(UNICODE)),
        "mixed": session_doc("2026-08-19-mixed1", mixed),
    }
    extreme = session_doc("0001-01-01-old001", _cycle(ALL), date="0001-01-01")
    extreme["steps"][0]["elapsed_seconds"] = 1e300
    extreme["steps"][1]["elapsed_seconds"] = -50
    extreme["steps"][2]["planned_minutes"] = 0
    extreme["steps"][3]["planned_minutes"] = -5
    extreme["steps"][4]["planned_minutes"] = 1e300
    extreme["ideas"][0]["interest"] = 10**30
    extreme["ideas"][1]["interest"] = -3
    extreme["next_meeting"]["date"] = "9999-12-31"
    extreme["homework"][1]["due"] = "0001-01-01"
    extreme["current_step"] = "no-such-step"
    docs["extreme"] = extreme
    future = session_doc("9999-12-31-new001", _cycle(MARKUP), date="9999-12-31")
    future["next_meeting"]["date"] = "9999-12-31"
    docs["far_future"] = future
    return docs


def encode(doc: dict[str, Any]) -> bytes:
    # ensure_ascii keeps the lone surrogate and the controls as \u escapes: the file is valid
    # UTF-8 JSON, and what it decodes to is hostile.
    return (json.dumps(doc, ensure_ascii=True, indent=1) + "\n").encode("ascii")


# Files that are not sessions: each must come out "damaged" (or "newer"), never a crash.
BROKEN: dict[str, bytes] = {
    "broken_infinity.json": b'{"schema_version": Infinity}',
    "broken_huge_version.json": b'{"schema_version": ' + b"9" * 5000 + b"}",
    "broken_deep.json": b"[" * 10_000 + b"]" * 10_000,
    "broken_deep_object.json": b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
    "broken_utf16.json": json.dumps({"schema_version": 1}).encode("utf-16"),
    "broken_latin1.json": '{"schema_version": 1, "title": "café"}'.encode("latin-1"),
    "broken_truncated.json": b'{"schema_version": 1, "id": "2026-08-19-trunc1", "title": "\xe6\x97',
    "broken_empty.json": b"",
    "broken_nul.json": b"\x00" * 64,
    "broken_array.json": b"[]",
    "broken_string.json": b'"\\u001b[31m"',
    "broken_newer.json": b'{"schema_version": 99, "id": "2026-08-19-newer9", "title": "\\u001b]0;x\\u0007"}',
    "broken_zero.json": b'{"schema_version": 0}',
    "broken_bool_version.json": b'{"schema_version": true}',
    "broken_path_id.json": b'{"schema_version": 1, "id": "../../etc/passwd"}',
    "broken_markup_error.json": b'{"schema_version": 1, "id": "[bold", "title": "[/]"}',
    "broken_random.json": bytes(random.Random(6).randrange(256) for _ in range(4096)),
}


def _valid_but(sid: str, old: bytes, new: bytes) -> bytes:
    """A complete session document with one value replaced in its text (NaN is not JSON)."""
    data = encode(session_doc(sid, _cycle(MARKUP)))
    assert old in data
    return data.replace(old, new, 1)


BROKEN.update({
    "broken_nan.json": _valid_but("2026-08-19-nan001", b'"elapsed_seconds": 61', b'"elapsed_seconds": NaN'),
    "broken_inf_minutes.json": _valid_but("2026-08-19-inf001", b'"planned_minutes": 10', b'"planned_minutes": -Infinity'),
    "broken_huge_int.json": _valid_but("2026-08-19-huge01", b'"interest": 1', b'"interest": ' + b"7" * 5000),
})


def big_files() -> dict[str, dict[str, Any]]:
    """The two big documents (built, not stored): a 100,000-character idea, 10,000 ideas."""
    long_text = ("長い[bold]アイデア\x1b[31m" + "あ" * 90 + "\u202e\n") * 1000
    long_text = long_text[:100_000]
    long_doc = session_doc("2026-08-19-long01", mixed, idea_text=lambda i: long_text if i == 0 else mixed(i))
    # Short fields here (a meeting's worth of names, one-line ideas): the long ones are above.
    many = session_doc("2026-08-19-many01", _cycle(ANSI + MARKUP), n_ideas=10_000,
                       idea_text=lambda i: f"アイデア{i} {MARKUP[i % len(MARKUP)]} {ANSI[i % len(ANSI)]}")
    return {"long_idea": long_doc, "many_ideas": many}


def write_files(folder: Path, *, big: bool = False, by_id: bool = True) -> list[Path]:
    """Write the corpus into ``folder`` (small session files and the broken ones; the big
    ones too when ``big``), each session as ``<id>.json`` as the app names them (``by_id``) or
    under its descriptive name. Returns the session files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    docs = dict(small_files())
    if big:
        docs.update(big_files())
    for name, doc in docs.items():
        path = folder / f"{doc['id'] if by_id else name}.json"
        path.write_bytes(encode(doc))
        written.append(path)
    for name, data in BROKEN.items():
        (folder / name).write_bytes(data)
    return written


if __name__ == "__main__":  # pragma: no cover - rewrites the committed corpus
    for old in HERE.glob("*.json"):
        old.unlink()
    for path in write_files(HERE, by_id=False):
        print(path)
