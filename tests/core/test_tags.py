"""ニーズ/デマンド and theme tags on issues and ideas (facilitator/meeting/tags.py, facilitator/themes.py)."""

from __future__ import annotations

import copy

from factories import make_session

from facilitator.export import export
from facilitator.meeting import Meeting
from facilitator.merge import merge
from facilitator.model import Issue
from facilitator.session_json import session_to_json
from facilitator.session_load import session_from_json
from facilitator.themes import BUILT_IN, earlier_themes, suggestions


def meeting(**overrides):  # type: ignore[no-untyped-def]
    return Meeting(make_session(**overrides), running=False, writer="w-test")


def test_nature_walks_need_demand_unsaid_on_ideas_and_issues() -> None:
    m = meeting()
    assert [m.cycle_nature("ideas", "idea-01").nature for _ in range(3)] == ["need", "demand", None]
    assert m.cycle_nature("issues", "issue-01").nature == "need"
    version = m.version
    m.set_nature("issues", "issue-01", "need")  # no change, no save
    assert m.version == version


def test_a_theme_is_kept_once_and_given_again_it_comes_off() -> None:
    m = meeting()
    m.toggle_theme("ideas", "idea-01", "移動")
    m.toggle_theme("ideas", "idea-01", "  買い物\n")
    assert m.session.ideas[0].themes == ["移動", "買い物"]
    m.toggle_theme("ideas", "idea-01", "移動")  # the same theme: off
    m.toggle_theme("ideas", "idea-01", "ｘ" * 40)
    assert m.session.ideas[0].themes == ["買い物", "ｘ" * 20]  # a tag, not a sentence
    m.toggle_theme("ideas", "idea-01", "   ")  # nothing
    assert len(m.session.ideas[0].themes) == 2


def test_tags_are_saved_shown_in_the_minutes_and_old_files_still_load() -> None:
    m = meeting()
    m.set_nature("ideas", "idea-01", "need")
    m.set_nature("ideas", "idea-02", "demand")
    back = session_from_json(session_to_json(m.session))
    assert (back.ideas[0].nature, back.ideas[1].nature) == ("need", "demand")
    md = export(back, "md").decode("utf-8")
    assert "乗り合いで買い物に行く（山田 花子）〔ニーズ〕" in md
    assert "【デマンド】コミュニティバスの増便" in md
    old = session_to_json(make_session()).replace(', "nature": null, "themes": []', "")
    assert '"nature"' not in old and session_from_json(old).ideas[0].themes == []


def test_themes_merge_as_sets() -> None:
    base = make_session()
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    Meeting(mine, running=False, writer="w-a").toggle_theme("ideas", "idea-01", "移動")
    Meeting(theirs, running=False, writer="w-b").toggle_theme("ideas", "idea-01", "買い物")
    merged = merge(base, mine, theirs).session
    assert sorted(merged.ideas[0].themes) == ["移動", "買い物"]


def test_suggestions_put_the_ideas_issue_first_then_this_session_then_earlier_then_built_in() -> None:
    s = make_session(issues=[Issue(id="issue-01", title="交通", themes=["通院"])])
    Meeting(s, running=False).toggle_theme("ideas", "idea-02", "見守り")
    offered = suggestions(s, s.ideas[0], earlier=["地域の足", "移動"])
    assert offered[:4] == ["通院", "見守り", "地域の足", "移動"]
    assert offered.count("移動") == 1 and set(BUILT_IN) <= set(offered)
    older = make_session(id="2026-01-01-aaaaaa")
    Meeting(older, running=False).toggle_theme("ideas", "idea-01", "担い手")
    assert earlier_themes([older, s], exclude=s.id) == ["担い手"]
