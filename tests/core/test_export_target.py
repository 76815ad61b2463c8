"""Where exports go: the folder beside the store, and safe file names."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import make_session

from facilitator.export_target import default_folder, resolve_target, safe_stem, session_file_name


def test_default_folder_is_beside_the_store(tmp_path: Path) -> None:
    assert default_folder(tmp_path / "sessions") == tmp_path / "exports"


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("C町 第1層協議体", "C町_第1層協議体"),
        ('a<b>c:d"e/f\\g|h?i*j', "abcdefghij"),
        ("\x1b[31m赤\x1b[0m", "赤"),
        ("..隠し..", "隠し"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("あ" * 100, "あ" * 80),
        ("", ""),
    ],
)
def test_safe_stem(typed: str, expected: str) -> None:
    assert safe_stem(typed) == expected


def test_session_file_name() -> None:
    s = make_session(id="2026-08-19-abcdef", title="第3回 定例会", body="C町 第1層協議体")
    assert session_file_name(s, "html") == "2026-08-19_C町第1層協議体_第3回定例会.html"
    odd = make_session(id="2026-08-19-abcdef", title="???", body="///")
    assert session_file_name(odd, "md") == "2026-08-19.md"


def test_resolve_target(tmp_path: Path) -> None:
    assert resolve_target(str(tmp_path), "a.md", "md") == tmp_path / "a.md"
    assert resolve_target(str(tmp_path / "x.md"), "a.md", "md") == tmp_path / "x.md"
    assert resolve_target(str(tmp_path / "x.md"), "a.html", "html") == tmp_path / "x.md" / "a.html"
    with pytest.raises(ValueError):
        resolve_target("  ", "a.md", "md")
