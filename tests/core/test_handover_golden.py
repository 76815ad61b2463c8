"""A golden hand-over (tests/golden/handover.md): the demo town's 第1層 body after a year, as the
next SC gets it on day one — compared byte for byte, then read the way a new SC reads it.

After a deliberate change to the hand-over or the demo, write it again and read the diff:
``KYOGITAI_UPDATE_GOLDEN=1 uv run pytest -n 0 tests/core/test_handover_golden.py``.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from facilitator.demo import build_demo
from facilitator.handover import render
from facilitator.handover.content import build_handover

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("KYOGITAI_UPDATE_GOLDEN") == "1"
TODAY = date(2026, 12, 6)


def handover_md() -> str:
    sessions = [s for s in build_demo(TODAY, seed=7) if s.body.name == "ひなた町 第1層協議体"]
    return render(build_handover(sessions, TODAY), "md").decode("utf-8")


def section(md: str, heading: str) -> str:
    return md.split(f"## {heading}\n")[1].split("\n## ")[0]


def test_golden_handover_md() -> None:
    md = handover_md()
    path = GOLDEN / "handover.md"
    if UPDATE:
        path.write_text(md, encoding="utf-8")
    assert md == path.read_text(encoding="utf-8")


def test_read_as_a_new_sc_on_day_one() -> None:
    md = (GOLDEN / "handover.md").read_text(encoding="utf-8")
    head = md.split("\n## ")[0]
    # Whose it is, when it was made, how far it goes back, and when the next meeting is.
    assert head.startswith("# ひなた町 第1層協議体 引き継ぎ資料")
    for label in ("協議体：", "層：第1層", "作成日：令和8年12月6日（日）", "これまでの会議：6回", "次回予定：令和9年"):
        assert label in head, label
    # The parts, in the order a newcomer needs them.
    headings = re.findall(r"^## (.+)$", md, re.M)
    assert headings == ["この資料について", "わがまちビジョンと今のボード", "メンバーと役割", "これまでの会議",
                        "テーマの移り変わり", "まだ終わっていないこと", "役場に頼んだこと・その後",
                        "進行のふりかえり（自己チェックの推移）", "進行役のメモ"]
    assert "わがまちビジョン：ちょっとした困りごとを、ご近所で助け合えるまち" in section(md, "わがまちビジョンと今のボード")
    assert "| 小林 悠 | 生活支援コーディネーター |" in section(md, "メンバーと役割")
    meetings = section(md, "これまでの会議")
    assert meetings.count("散会済み") == 6 and "出欠未記録" in meetings  # the pre-meeting took none
    # What is still open: each with who has it, since when, and its course through the meetings.
    still_open = section(md, "まだ終わっていないこと")
    assert "SCに託したこと 1件、宿題（継続協議）5件" in still_open
    carried = still_open.split("- 買い物ついでの乗り合い")[1].split("\n- ")[0]
    assert "〔4回持ち越し〕" in carried and "担当：大野 健" in carried and "始まり：令和8年3月18日" in carried
    assert carried.count(" → ") == 4
    # Every request to the office says its section and what came of it.
    office = section(md, "役場に頼んだこと・その後")
    requests = office.split("### 行政への要望")[1].split("###")[0]
    items = [x for x in requests.split("\n- ") if x.strip()]
    assert len(items) == 6
    for item in items:
        assert "担当課：役場 " in item and "出た会議：" in item and "その後：" in item
    assert "「夕方のバス便」として残っています" in office
    # The facilitation's course: a table per meeting and the direction of each item.
    trend = section(md, "進行のふりかえり（自己チェックの推移）")
    assert trend.count("\n| 令和8年") == 5 and "傾聴・受容：平均 2.6/3　↑" in trend
    assert "一人の発言が長くなった" in section(md, "進行役のメモ")
    assert md.rstrip().endswith("取り扱いに注意してください。")
