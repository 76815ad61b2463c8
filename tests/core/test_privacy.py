"""Personal information (issue 6): owner-only files unless the store is shared, anonymised
exports with consistent labels, the .gitignore, and the README saying what is stored where."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from facilitator import cli
from facilitator.export import export
from facilitator.index import Index
from facilitator.model import Attendee, Handoff, Homework, Idea
from facilitator.anonymize import anonymize, name_map
from facilitator.privacy import file_mode, folder_mode, is_shared
from facilitator.store import Store
from factories import make_session
from repo_paths import ROOT

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def share(root: Path, value: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "settings.toml").write_text(value, encoding="utf-8")


@pytest.fixture
def umask_022():  # type: ignore[no-untyped-def]
    """A typical umask: a plain open() gives 0644 and a mkdir 0755 (2755 under a setgid folder)."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


# ---------------------------------------------------------------------------------------
# File modes


@posix_only
def test_private_store_writes_owner_only_files(tmp_path: Path, capfdbinary, umask_022) -> None:
    root = tmp_path / "sessions"
    store = Store(root)
    s = make_session()
    path = store.save(s)
    assert mode(path) == 0o600 and mode(root) == 0o700  # the store made by its first save
    assert mode(store.make_aux_folder("backups")) == 0o700 and mode(store.aux_dir) == 0o700
    index = Index(store)
    index.refresh()
    assert mode(index.path) == 0o600 and mode(index.path.parent) == 0o700  # per machine, outside
    assert store.root not in index.path.parents
    out = tmp_path / "minutes.html"
    assert cli.main(["--store", str(root), "export", s.id, "--format", "html", "-o", str(out)]) == 0
    assert mode(out) == 0o600
    # A file someone loosened by hand is tightened again by the next save.
    path.chmod(0o644)
    store.save(s)
    assert mode(path) == 0o600


@posix_only
def test_shared_store_writes_group_writable_files_and_folders_whatever_the_umask(tmp_path: Path,
                                                                               umask_022) -> None:
    root = tmp_path / "sessions"
    share(root, "# 役場のファイルサーバー\nshared = true\n")
    assert is_shared(root) and file_mode(root) == 0o660 and folder_mode(root) == 0o2770
    store = Store(root)
    s = make_session()
    path = store.save(s)
    assert mode(path) == 0o660
    presence = store.make_aux_folder("presence")
    assert mode(store.aux_dir) == mode(presence) == 0o2770  # a second account can write in them
    index = Index(store)
    index.refresh()
    assert mode(index.path) == 0o600  # the index is this user's own, shared store or not
    out = tmp_path / "minutes.md"
    assert cli.main(["--store", str(root), "export", s.id, "--format", "md", "-o", str(out)]) == 0
    assert mode(out) == 0o660
    # Turning the setting off tightens each file at its next save.
    share(root, "shared = false\n")
    store.save(s)
    assert mode(path) == 0o600


@posix_only
def test_a_shared_stores_own_folders_left_2755_are_set_right_by_their_owner(tmp_path: Path, umask_022) -> None:
    root = tmp_path / "sessions"
    share(root, "shared = true\n")
    locks = root / ".kyogitai" / "locks"
    locks.mkdir(parents=True)  # as round 1 made them under a umask of 022 in a setgid group folder
    for folder in (root / ".kyogitai", locks):
        folder.chmod(0o2755)
    Store(root).save(make_session())
    assert mode(root / ".kyogitai") == mode(locks) == 0o2770


def test_round_ones_settings_place_is_still_read(tmp_path: Path) -> None:
    (tmp_path / ".kyogitai").mkdir()
    (tmp_path / ".kyogitai" / "settings.toml").write_text("shared = true\n", encoding="utf-8")
    assert is_shared(tmp_path)
    (tmp_path / "settings.toml").write_text("shared = false\n", encoding="utf-8")
    assert not is_shared(tmp_path)  # the store's own settings.toml comes first


@pytest.mark.parametrize("text", ["shared = \"yes\"\n", "shared = 1\n", "not toml [", "", "language = \"en\"\n"])
def test_only_a_real_true_makes_a_store_shared(tmp_path: Path, text: str) -> None:
    share(tmp_path, text)
    assert not is_shared(tmp_path) and file_mode(tmp_path) == 0o600


@posix_only
async def test_export_dialog_follows_the_store_setting(tmp_path: Path, monkeypatch) -> None:
    from facilitator.store import StoreLocation
    from screens.app import KyogitaiApp
    from screens.export_dialog import ExportDialog

    monkeypatch.chdir(tmp_path)
    root = Path("sessions")
    share(root, "shared = true\n")
    store = Store(root)
    s = make_session()
    store.save(s)
    app = KyogitaiApp(StoreLocation(root, "テスト"))
    async with app.run_test(size=(120, 36)) as pilot:
        app.push_screen(ExportDialog(store, s.id, s.title))
        await pilot.pause()
        await pilot.press("m")
        for _ in range(50):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.screen.written is not None:
                break
        assert app.screen.written is not None
        assert mode(app.screen.written) == 0o660


# ---------------------------------------------------------------------------------------
# Anonymised exports


def people_session():
    s = make_session(
        attendees=[
            Attendee(name="山田 花子", role="民生委員"),
            Attendee(name="佐藤 一郎", role="町内会長"),
            Attendee(name="高橋 次郎", role="民生委員"),
            Attendee(name="田中 ミツ"),
            Attendee(name="鈴木 SC", role="生活支援コーディネーター"),
        ],
        ideas=[
            Idea(id="a1", text="乗り合いで買い物に行く", author="山田 花子", kind="self", status="handed"),
            Idea(id="a2", text="巡回バスを増やしてほしい", author="佐藤　一郎", kind="request", department="企画課"),
            Idea(id="a3", text="見守りの声かけ", author="高橋 次郎", kind="self"),
            Idea(id="a4", text="ゲートボールの後にお茶会", author="木村 さくら", kind="unsorted"),
            Idea(id="a5", text="匿名の意見", kind="self"),
        ],
        handoffs=[Handoff(id="h1", idea_ids=["a1", "a3"], action="社協の車両を確認", contact="鈴木 SC"),
                  Handoff(id="h2", idea_ids=["a3"], action="民生委員の会で相談", contact="社協 地域福祉係")],
        homework=[Homework(id="w1", text="巡回ルートを調べる", owner="田中 ミツ"),
                  Homework(id="w2", text="お茶会の場所", owner="木村 さくら"),
                  Homework(id="w3", text="予約状況", owner="山田 花子", status="done")],
    )
    return s


NAMES = ["山田", "佐藤", "高橋", "田中", "鈴木", "木村", "花子", "一郎", "次郎", "ミツ", "さくら"]


def test_labels_are_roles_or_letters_and_one_per_person() -> None:
    labels = name_map(people_session())
    assert labels == {
        "山田花子": "民生委員A",
        "佐藤一郎": "町内会長",
        "高橋次郎": "民生委員B",
        "田中ミツ": "参加者A",
        "鈴木sc": "生活支援コーディネーター",
        "木村さくら": "参加者B",  # an author not on the roster is a person too
        "社協地域福祉係": "連絡先A",  # a contact is replaced whatever it is
    }


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_anonymised_export_has_no_names_and_the_same_label_everywhere(fmt: str) -> None:
    s = people_session()
    anon, _ = anonymize(s)
    text = export(anon, fmt).decode("utf-8-sig")
    for name in NAMES:
        assert name not in text, (name, fmt)
    assert "社協 地域福祉係" not in text  # a contact is always replaced, even an office
    if fmt == "md":
        # 山田 花子 is 民生委員A as an attendee, an idea's author and in the quoted hand-off.
        assert text.count("民生委員A") >= 3 and "（民生委員A）" in text
        assert "生活支援コーディネーター" in text  # the SC as a hand-off contact
    assert s.attendees[0].name == "山田 花子"  # the session itself is untouched


def test_anonymised_export_leaves_out_the_merges_names() -> None:
    """Conflicts keep values as typed and attendees' tombstones are names: not in an anonymised copy."""
    from facilitator.model import Conflict

    s = people_session()
    s.conflicts = [Conflict(path="ideas/x/author", value="山田 花子", by="w-1", at=3)]
    s.deleted = {"attendees": ["高橋 次郎"], "ideas": ["idea-9"]}
    anon, _ = anonymize(s)
    text = export(anon, "json").decode("utf-8-sig")
    assert "山田 花子" not in text and "高橋 次郎" not in text and anon.deleted == {} and not anon.conflicts
    assert s.conflicts and "attendees" in s.deleted  # the session itself is untouched


def test_anonymised_minutes_quote_the_previous_session_anonymously() -> None:
    prev = make_session(date="2026-07-15", attendees=[Attendee(name="山田 花子", role="民生委員")],
                        ideas=[Idea(id="p1", text="前回の案", author="山田 花子", kind="self", status="handed")],
                        handoffs=[Handoff(id="ph", idea_ids=["p1"], action="前回託したこと", contact="山田 花子")])
    s = people_session()
    anon, anon_prev = anonymize(s, prev)
    md = export(anon, "md", previous=anon_prev).decode("utf-8")
    assert "前回託したこと" in md and "山田" not in md and "民生委員A" in md


def test_cli_export_anonymize(tmp_path: Path, capfdbinary) -> None:
    root = tmp_path / "sessions"
    s = people_session()
    Store(root).save(s)
    assert cli.main(["--store", str(root), "export", s.id, "--format", "md", "--anonymize"]) == 0
    out, err = capfdbinary.readouterr()
    md = out.decode("utf-8")
    assert "# C町 第1層協議体 第3回 定例会 議事録" in md
    for name in NAMES:
        assert name not in md
    assert "敬称なし" in err.decode("utf-8")  # says what it cannot do
    assert cli.main(["--store", str(root), "export", s.id, "--format", "json", "--anonymize"]) == 0
    doc = json.loads(capfdbinary.readouterr()[0])
    assert [a["name"] for a in doc["attendees"]] == ["民生委員A", "町内会長", "民生委員B", "参加者A",
                                                     "生活支援コーディネーター"]
    assert json.loads(Store(root).path_for(s.id).read_bytes())["attendees"][0]["name"] == "山田 花子"


# ---------------------------------------------------------------------------------------
# The repository and the README


def test_git_ignores_sessions_but_their_readme_and_exports(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    probes = ["sessions/2026-08-19-abc123.json", "sessions/.kyogitai/index.json",
              "sessions/.kyogitai/backups/x.v0.json", "sessions/templates/mine.toml",
              "sessions/notes.txt", "exports/議事録.html", "exports/sub/x.csv"]
    result = subprocess.run(["git", "-c", "core.quotepath=off", "check-ignore", "--no-index", *probes,
                             "sessions/README.md"],
                            cwd=ROOT, capture_output=True, text=True)
    ignored = set(result.stdout.split())
    assert ignored == set(probes)  # everything but sessions/README.md
    tracked = subprocess.run(["git", "ls-files", "sessions", "exports"], cwd=ROOT, capture_output=True,
                             text=True).stdout.split()
    assert tracked == ["sessions/README.md"]


def test_readme_says_what_is_stored_where_and_how_to_delete_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ja, en = readme.split("# kyogitai (English)", 1)
    assert ja.index("個人情報") < len(ja)  # Japanese first
    for words in (["<id>.json", ".kyogitai", "backups", "exports", "削除", "0600", "shared = true", "--anonymize",
                   "書きかけ", "drafts/", "KYOGITAI_DATA_DIR", "0700", "KYOGITAI_CACHE_DIR", "indexes/", "0660",
                   "2770", "merged-copies/", "logs/", ".tmp", "index.json", "同期ソフトの写し"],):
        for w in words:
            assert w in ja, w
    for w in ("<id>.json", ".kyogitai", "backups", "exports", "delete", "0600", "shared = true", "--anonymize",
              "Drafts", "drafts/", "KYOGITAI_DATA_DIR", "0700", "KYOGITAI_CACHE_DIR", "indexes/", "0660", "2770",
              "merged-copies/", "logs/", ".tmp", "index.json", "sync copies"):
        assert w in en, w


def test_the_recorder_the_review_giver_and_a_named_lead_are_replaced_too() -> None:
    s = make_session(recorder="佐藤 一郎", review_by="山田 花子")
    s.steps[0].lead = "鈴木 SC"
    s.steps[1].lead = "SC"  # a lead is always replaced (issue 20), a role too: it may be a name
    out, _ = anonymize(s)
    from facilitator.anonymize.people import person_key

    labels = {name: name_map(s)[person_key(name)] for name in ("佐藤 一郎", "山田 花子", "鈴木 SC", "SC")}
    assert out.recorder == labels["佐藤 一郎"] and out.review_by == labels["山田 花子"]
    assert out.steps[0].lead == labels["鈴木 SC"] and out.steps[1].lead == labels["SC"] != "SC"
    md = export(out, "md").decode("utf-8")
    assert "佐藤 一郎" not in md and "山田 花子" not in md and "鈴木 SC" not in md
