"""Anonymised exports that are anonymous (issue 20). `export ID --format … --anonymize` leaked:
hand-off contacts (「佐藤 一郎さん」, 「社協 田中」), the previous session's contact written without
the roster's space (「高橋健」 for 「高橋 健」), attendee fields other than the name (kana, phone),
unknown fields (facilitator_memo), and every name written in free text. Now an allow-list keeps
only fields known to be free of personal data, people are always labels, and every name the
body's sessions know — and every word before an honorific — is masked in free text, in every
format."""

from __future__ import annotations

import json
import re
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from facilitator import cli
from facilitator.anonymize import anonymize
from facilitator.anonymize.masking import Masker
from facilitator.anonymize.people import collect
from facilitator.export import FORMATS
from facilitator.session_json import session_to_dict
from facilitator.session_load import session_from_dict
from facilitator.store import Store
from factories import make_session

BODY = "C町 第1層協議体"
# What must never be in an anonymised export, whatever the format.
SECRETS = ["山田", "花子", "佐藤", "一郎", "高橋", "田中", "木下", "さくら", "小野", "やまだ", "はなこ",
           "090-1234", "facilitator_memo", "SCだけのメモ", "中村", "kana", "phone"]


def older_session() -> dict:
    """An older session of the body: 木下 さくら is on its roster only."""
    s = session_to_dict(make_session(date="2026-04-15", title="第1回 定例会"))
    s["attendees"] = [{"name": "木下 さくら", "role": "老人クラブ"}]
    return s


def previous_session() -> dict:
    """The previous session: its contact is the roster's 「高橋 健」 written without the space."""
    s = session_to_dict(make_session(date="2026-06-17", title="第2回 定例会"))
    s["attendees"] = [{"name": "高橋 健", "role": "民生委員"}, {"name": "山田 花子", "role": "民生委員"}]
    s["ideas"] = [{"id": "p-idea", "text": "配達してくれる店を探す", "author": "高橋健", "kind": "self",
                   "interest": 1, "status": "handed"}]
    s["handoffs"] = [{"id": "p-h1", "idea_ids": ["p-idea"], "action": "配達してくれる店を一覧にする",
                      "contact": "高橋健", "status": "in_progress", "result": "高橋健さんが3店を確認した"}]
    return s


def current_session(previous_id: str) -> dict:
    s = session_to_dict(make_session(date="2026-08-19"))
    s["previous_session"] = previous_id
    s["attendees"] = [
        {"name": "山田 花子", "role": "民生委員", "kana": "やまだ はなこ", "phone": "090-1234-5678",
         "attendance": "present"},
        {"name": "佐藤 一郎", "role": "町内会長", "attendance": "absent"},
        {"name": "鈴木 SC", "role": "生活支援コーディネーター"},
    ]
    s["facilitator_memo"] = "SCだけのメモ: 中村さんは欠席の理由を言いたくない"
    s["recorder"] = "中村（事務局）"
    s["review_by"] = "小野アドバイザー"
    s["steps"][0]["lead"] = "佐藤 一郎"
    s["steps"][0]["notes"] = "前回は高橋健さんが店を回った。山田　花子（全角の空白）と佐藤一郎（空白なし）も"
    s["ideas"] = [
        {"id": "i1", "text": "山田さんが送迎できると言っていた", "author": "山田 花子", "kind": "self",
         "interest": 2, "status": "handed", "issue_id": "issue-01"},
        {"id": "i2", "text": "近所の木下さんとはなちゃんにも声をかける、ｻﾄｳ ｲﾁﾛｳ様にも", "author": "佐藤 一郎",
         "kind": "request", "interest": 0, "status": "open", "department": "役場 企画課（担当 田中様）"},
        {"id": "i3", "text": "木下 さくらの話では、お疲れ様会も同様にできる", "kind": "unsorted", "interest": 0,
         "status": "open"},
    ]
    s["handoffs"] = [
        {"id": "h1", "idea_ids": ["i1"], "action": "佐藤 一郎さんと運転ボランティアを探す",
         "contact": "佐藤 一郎さん", "due": "2026-09-30"},
        {"id": "h2", "idea_ids": ["i1"], "action": "社協の車両が使えるか確かめる", "contact": "社協 田中"},
    ]
    s["homework"] = [{"id": "w1", "text": "山田花子さんに電話する", "owner": "高橋 健", "status": "open"}]
    s["review"] = "小野アドバイザーより: 木下さん、山田さんの案はよい。"
    s["conflicts"] = [{"path": "ideas/i1/author", "value": "山田 花子", "by": "w-1", "at": 3}]
    s["self_check"] = {"answers": {"q1": 2}, "note": "山田さんに話を振れなかった"}
    s["deleted"] = {"attendees": ["田中 ミツ"]}
    s["next_meeting"] = {"date": "2026-10-21", "start_time": "14:00", "place": "山田 花子さん宅",
                         "agenda": ["佐藤さんの報告"]}
    return s


def a_store(root: Path) -> str:
    store = Store(root)
    older = session_from_dict(older_session())
    prev = session_from_dict(previous_session())
    store.save(older)
    store.save(prev)
    current = session_from_dict(current_session(prev.id))
    store.save(current)
    return current.id


def text_of(fmt: str, data: bytes) -> str:
    if fmt in ("docx", "xlsx"):  # the words inside the zipped XML, tags removed
        with zipfile.ZipFile(BytesIO(data)) as z:
            xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        return re.sub(r"<[^>]+>", "", xml)
    return data.decode("utf-8-sig")


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_name_survives_an_anonymised_export_in_any_format(fmt: str, tmp_path: Path, capfdbinary) -> None:
    sid = a_store(tmp_path / "sessions")
    out = tmp_path / f"anon.{fmt}"
    assert cli.main(["--store", str(tmp_path / "sessions"), "export", sid, "--format", fmt,
                     "--anonymize", "-o", str(out)]) == 0
    text = text_of(fmt, out.read_bytes())
    leaked = [w for w in SECRETS if w.casefold() in text.casefold()]
    assert leaked == [], (fmt, leaked)
    if fmt in ("md", "html", "docx"):
        assert "民生委員" in text and "配達してくれる店を一覧にする" in text  # still minutes
    capfdbinary.readouterr()


def test_the_anonymised_document_keeps_only_allowed_fields(tmp_path: Path, capfdbinary) -> None:
    sid = a_store(tmp_path / "sessions")
    assert cli.main(["--store", str(tmp_path / "sessions"), "export", sid, "--format", "json", "--anonymize"]) == 0
    doc = json.loads(capfdbinary.readouterr()[0])
    assert "facilitator_memo" not in doc and "conflicts" not in doc and "self_check" not in doc
    assert "deleted" not in doc
    assert [a["name"] for a in doc["attendees"]] == ["民生委員A", "町内会長", "生活支援コーディネーター"]
    assert [a.get("attendance") for a in doc["attendees"]] == ["present", "absent", None]
    assert all(set(a) <= {"name", "role", "attendance"} and not a.get("role") for a in doc["attendees"])
    assert doc["recorder"] != "中村（事務局）" and doc["review_by"] != "小野アドバイザー"
    assert doc["steps"][0]["lead"] == "町内会長"  # a person: their label
    # Contacts are always replaced: a person on the roster with さん → their label; an office too.
    assert [h["contact"] for h in doc["handoffs"]] == ["町内会長", "連絡先A"]
    assert doc["ideas"][0]["text"] == "民生委員Aさんが送迎できると言っていた"  # 山田さん: her surname, her label
    assert doc["homework"][0]["owner"] == "民生委員B"  # 高橋 健 of the previous roster
    assert "○○" in doc["ideas"][1]["text"]  # 木下さん (another session's roster), はなちゃん
    assert "お疲れ様会も同様に" in doc["ideas"][2]["text"]  # words that take 様 without being names
    assert doc["ideas"][2]["text"].startswith("老人クラブ")  # 木下 さくら, from an older session
    # The file itself is untouched.
    assert json.loads(Store(tmp_path / "sessions").path_for(sid).read_bytes())["facilitator_memo"]


def test_names_in_free_text_are_matched_after_nfkc_with_or_without_spaces() -> None:
    people = collect([{"attendees": [{"name": "高橋 健", "role": "民生委員"}, {"name": "Taro Yamada"}]}])
    mask = Masker(people)
    for text in ("高橋健が来た", "高橋 健が来た", "高橋　健が来た", "ﾀｶﾊｼ", "TARO YAMADA来訪", "taroyamada"):
        out = mask(text)
        assert "高橋" not in out and "yamada" not in out.casefold(), out
    assert mask("高橋健が来た") == "民生委員が来た"
    assert mask("皆さん、お疲れ様でした。同様に模様替えも") == "皆さん、お疲れ様でした。同様に模様替えも"
    assert mask("木下さん・田中様・鈴木氏・健太くん・みっちゃん") == "○○さん・○○様・○○氏・○○くん・○○ちゃん"
    assert mask("木下 さくらさんと、木下さんとはなちゃん") == "○○さんと、○○さんと○○ちゃん"
    assert mask("名前のない文") == "名前のない文"  # untouched text is returned as it was


def test_the_previous_session_is_anonymised_with_the_same_labels() -> None:
    prev = session_from_dict(previous_session())
    cur = session_from_dict(current_session(prev.id))
    anon, anon_prev = anonymize(cur, prev)
    assert anon_prev is not None
    assert anon_prev.handoffs[0].contact == anon.homework[0].owner == "民生委員B"
    assert "高橋" not in json.dumps(session_to_dict(anon_prev), ensure_ascii=False)


def test_a_role_in_a_persons_field_is_replaced_there_but_not_masked_in_the_text() -> None:
    """A lead 「SC」, an owner 「事務局」, review_by equal to a roster role: replaced in their fields
    (always), while 「SCに託す」 and 「事務局より」 in the text keep their words."""
    doc = session_to_dict(make_session())
    doc["steps"][0]["lead"] = "SC"
    doc["steps"][0]["notes"] = "SCに託す前に事務局より説明。生活支援コーディネーターが進行"
    doc["homework"] = [{"id": "w1", "text": "事務局で調べる", "owner": "事務局", "status": "open"}]
    doc["review_by"] = "生活支援コーディネーター"
    anon, _ = anonymize(session_from_dict(doc))
    assert anon.steps[0].lead != "SC" and anon.homework[0].owner != "事務局"
    assert anon.steps[0].notes == "SCに託す前に事務局より説明。生活支援コーディネーターが進行"
    assert anon.homework[0].text == "事務局で調べる"


def test_a_name_with_a_note_in_parentheses_is_the_roster_s_person() -> None:
    doc = session_to_dict(make_session())
    doc["attendees"].append({"name": "佐々木 誠", "role": "アドバイザー"})
    doc["review_by"] = "佐々木 誠（アドバイザー）"
    anon, _ = anonymize(session_from_dict(doc))
    assert anon.review_by == "アドバイザー"  # his label, the same as on the roster


def test_every_field_of_the_model_is_listed_or_dropped_on_purpose() -> None:
    """A field added to the model must be put in the allow-list (with what it holds) or among the
    fields dropped on purpose; until then an anonymised export leaves it out."""
    import dataclasses
    import typing

    from facilitator import model
    from facilitator.anonymize.allowlist import DROPPED, SESSION

    undecided: list[str] = []

    def walk(cls: type, spec: dict, path: str) -> None:  # type: ignore[type-arg]
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            name = f"{path}{f.name}"
            if f.name == "extra" or (not path and f.name in DROPPED):
                continue
            if f.name not in spec:
                undecided.append(name)
                continue
            tp, sub = hints[f.name], spec[f.name]
            args = [a for a in typing.get_args(tp) or (tp,) if dataclasses.is_dataclass(a)]
            if typing.get_origin(tp) is list and args:
                walk(args[0], sub[0], f"{name}[].")
            elif args and isinstance(sub, dict):
                walk(args[0], sub, f"{name}.")

    walk(model.Session, SESSION, "")
    assert undecided == []
