"""A session file's first fields from its head (facilitator/store/head.py), and the year's report
that reads only the files its year may hold (facilitator/report/collect.py): the same report as
reading every file, without reading the other years' files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from factories import make_session

from facilitator.model import SCHEMA_VERSION, Attendee
from facilitator.report import render, report_from_store
from facilitator.session_json import session_to_json
from facilitator.store import Store
from facilitator.store import reading as reading_module
from facilitator.store.head import read_head


def write(root: Path, session) -> Path:  # type: ignore[no-untyped-def]
    path = root / f"{session.id}.json"
    path.write_text(session_to_json(session), encoding="utf-8")
    return path


def test_the_head_of_a_file_kyogitai_wrote_gives_its_first_fields(tmp_path: Path) -> None:
    path = write(tmp_path, make_session(id="2026-08-19-abc123", date="2026-08-19"))
    assert read_head(path, ("date",), SCHEMA_VERSION) == {"date": "2026-08-19"}
    assert read_head(path, ("id", "date"), SCHEMA_VERSION) == {"id": "2026-08-19-abc123", "date": "2026-08-19"}


def test_a_head_that_is_not_plainly_kyogitais_layout_says_nothing(tmp_path: Path) -> None:
    s = make_session(id="2026-08-19-abc123", date="2026-08-19")
    doc = json.loads(session_to_json(s))
    cases = {
        "indented": json.dumps(doc, ensure_ascii=False, indent=2),
        "another order": json.dumps({"date": doc["date"], **doc}, ensure_ascii=False),
        "older schema": json.dumps({**doc, "schema_version": 0}, ensure_ascii=False),
        "a long title before the date": json.dumps({**doc, "title": "長" * 3000}, ensure_ascii=False),
        "not json": "{\"schema_version\": 1, \"id\": ",
        "empty": "",
    }
    for name, text in cases.items():
        path = tmp_path / f"{name}.json"
        path.write_text(text, encoding="utf-8")
        assert read_head(path, ("date",), SCHEMA_VERSION) is None, name
    assert read_head(tmp_path / "missing.json", ("date",), SCHEMA_VERSION) is None


def test_a_years_report_reads_only_the_files_its_year_may_hold_and_is_the_same(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    people = [Attendee(name="山田 花子", role="民生委員")]
    for n, day in enumerate(["2025-05-20", "2025-11-18", "2026-05-20", "2026-09-16", "2027-02-17", "2027-06-16"]):
        write(tmp_path, make_session(id=f"{day}-s{n}", date=day, title=f"第{n + 1}回", attendees=people))
    # Another program's layout dated in another year, and a damaged file: both read, as before.
    other = make_session(id="2025-07-15-pretty", date="2025-07-15", title="手で直した回")
    (tmp_path / f"{other.id}.json").write_text(json.dumps(json.loads(session_to_json(other)), ensure_ascii=False,
                                                          indent=2), encoding="utf-8")
    (tmp_path / "2026-10-01-broken.json").write_text("{\"schema_version\": 1, \"id\": ", encoding="utf-8")

    read: list[str] = []
    real = reading_module.read_json

    def counting(path: Path):  # type: ignore[no-untyped-def]
        read.append(path.name)
        return real(path)

    monkeypatch.setattr("facilitator.store.listing.read_json", counting)
    report = report_from_store(Store(tmp_path), 2026, date(2027, 4, 30))
    assert sorted(read) == ["2025-07-15-pretty.json", "2026-05-20-s2.json", "2026-09-16-s3.json",
                            "2026-10-01-broken.json", "2027-02-17-s4.json"]
    monkeypatch.setattr("facilitator.store.listing.read_json", real)
    monkeypatch.setattr("facilitator.report.collect.read_head", lambda *a: None)  # every file read whole
    whole = report_from_store(Store(tmp_path), 2026, date(2027, 4, 30))
    assert render(report, "md") == render(whole, "md")
    assert "2026-10-01-broken.json" in render(report, "md").decode("utf-8")
