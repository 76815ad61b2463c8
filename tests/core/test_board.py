"""The あるもの/ないもの board rules, without a terminal: cards, lists the body extends, sorting,
linking, moving and deleting with undo, new-this-time across carry-over, into homework/ideas."""

from __future__ import annotations

from datetime import datetime

import pytest
from factories import JST, make_session

from facilitator.board import (
    CATEGORIES,
    MEANINGS,
    OTHER,
    BoardRules,
    categories,
    department_label,
    group_by_category,
    group_lack,
    is_new,
    meanings,
)
from facilitator.carryover import carry_over
from facilitator.export import export
from facilitator.meeting import Meeting, RuleError
from facilitator.model import Board, BoardItem
from facilitator.session_json import session_to_json
from facilitator.session_load import session_from_json



def make_rules(**overrides) -> BoardRules:
    overrides.setdefault("id", "2026-08-19-aaaaaa")
    s = make_session(**overrides)
    return BoardRules(Meeting(s, clock=lambda: 0.0, now=lambda: datetime(2026, 8, 19, 14, 5, tzinfo=JST)))


def empty_rules() -> BoardRules:
    return make_rules(board=Board())


# -- cards ----------------------------------------------------------------------------------

def test_quick_add_goes_to_have_and_is_new_this_time():
    r = empty_rules()
    v = r.meeting.version
    card = r.add("  公園の ベンチ  ")
    assert card.column == "have" and card.text == "公園の ベンチ"
    assert card.id.startswith("card-") and card.since == r.session.id
    assert r.is_new(card) and is_new(card, r.session)
    assert r.meeting.version == v + 1
    assert r.session.updated_at == "2026-08-19T14:05:00+09:00"
    assert r.counts() == {"have": 1, "makeshift": 0, "lack": 0, "new": 1}


def test_card_text_is_cleaned_but_markup_is_kept_as_typed():
    r = empty_rules()
    card = r.add("[red]商店[/] \x1b[31m閉店\x07", "lack")
    assert card.text == "[red]商店[/] 閉店"


def test_empty_card_and_unknown_column_are_refused():
    r = empty_rules()
    with pytest.raises(RuleError, match="空"):
        r.add("   ")
    with pytest.raises(RuleError, match="列"):
        r.add("何か", "maybe")
    assert r.items == [] and r.meeting.version == 0


def test_set_text_and_vision():
    r = empty_rules()
    card = r.add("ゲートボール")
    r.set_text(card.id, "公園のゲートボール")
    assert card.text == "公園のゲートボール"
    with pytest.raises(RuleError):
        r.set_text(card.id, " ")
    assert r.set_vision("  歩いて行ける\nまち ") is True
    assert r.board.vision == "歩いて行ける まち"
    v = r.meeting.version
    assert r.set_vision("歩いて行ける まち") is False and r.meeting.version == v


def test_counts_per_column_and_new():
    r = make_rules()  # factory board: two cards carried from before (since None)
    r.add("空き店舗", "have")
    r.add("買い物の足", "lack")
    assert r.counts() == {"have": 2, "makeshift": 0, "lack": 2, "new": 2}


# -- categories and meanings ------------------------------------------------------------------

def test_category_list_has_the_fixed_ones_then_own_before_other():
    r = empty_rules()
    assert r.categories() == list(CATEGORIES)
    card = r.add("神社の祭り", category="行事")
    assert card.category == "行事"
    assert r.categories() == [*[c for c in CATEGORIES if c != OTHER], "行事", OTHER]
    assert r.board.extra["categories"] == ["行事"]


def test_categories_match_after_nfkc_and_are_not_added_twice():
    r = empty_rules()
    card = r.add("ｺﾐｭﾆﾃｨﾊﾞｽ", category="交通")
    assert card.category == "交通" and "categories" not in r.board.extra
    r.add_category("行事")
    r.add_category(" 行事 ")
    assert r.board.extra["categories"] == ["行事"]
    with pytest.raises(RuleError):
        r.add_category("  ")


def test_category_found_only_on_a_card_is_listed_and_kept_once_chosen():
    r = make_rules(board=Board(items=[BoardItem(id="c1", column="have", text="川", category="水辺")]))
    assert "水辺" in categories(r.board)
    card = r.add("池", category="水辺")
    assert card.category == "水辺"
    r.delete("c1")
    assert "水辺" in r.categories()


def test_set_category_and_clear():
    r = empty_rules()
    card = r.add("郵便局")
    r.set_category(card.id, "場所")
    assert card.category == "場所"
    r.set_category(card.id, None)
    assert card.category is None


def test_meanings_belong_to_have_cards_and_the_list_grows():
    r = empty_rules()
    meal = r.add("地域の食事会")
    r.set_meanings(meal.id, ["見守り", "栄養改善", "見守り", "顔つなぎ"])
    assert meal.meanings == ["見守り", "栄養改善", "顔つなぎ"]
    assert r.meanings() == [*MEANINGS, "顔つなぎ"]
    assert meanings(r.board)[-1] == "顔つなぎ"
    shop = r.add("商店", "lack")
    with pytest.raises(RuleError, match="あるもの"):
        r.set_meanings(shop.id, ["見守り"])
    r.set_meanings(shop.id, [])  # clearing is always fine


def test_group_by_category_follows_the_list_order_with_uncategorised_last():
    r = empty_rules()
    a = r.add("バス停", category="交通")
    b = r.add("八百屋", category="店")
    c = r.add("公民館", category="場所")
    d = r.add("何か")
    e = r.add("駅", category="交通")
    f = r.add("祭り", category="行事")  # own: before その他
    g = r.add("その他のもの", category="その他")
    groups = group_by_category(r.board, r.items)
    assert [(cat, [i.id for i in items]) for cat, items in groups] == [
        ("場所", [c.id]),
        ("交通", [a.id, e.id]),
        ("店", [b.id]),
        ("行事", [f.id]),
        ("その他", [g.id]),
        (None, [d.id]),
    ]


# -- sorting ないもの -------------------------------------------------------------------------------

def test_sort_lack_ourselves_or_municipality_with_department():
    r = empty_rules()
    shop = r.add("商店", "lack")
    r.sort_lack(shop.id, "municipality", " 商工観光課 ")
    assert (shop.solvable, shop.department) == ("municipality", "商工観光課")
    r.sort_lack(shop.id, "ourselves", "商工観光課")
    assert (shop.solvable, shop.department) == ("ourselves", None)
    r.sort_lack(shop.id, None)
    assert shop.solvable is None
    with pytest.raises(RuleError):
        r.sort_lack(shop.id, "maybe")
    have = r.add("公園")
    with pytest.raises(RuleError, match="ないもの"):
        r.sort_lack(have.id, "ourselves")


def test_department_label_names_the_town_office():
    assert department_label("福祉課") == "役場 福祉課"
    assert department_label("C町役場 福祉課") == "C町役場 福祉課"
    assert department_label("市役所 高齢福祉課") == "市役所 高齢福祉課"
    assert department_label(None) == "役場（担当課未定）"


def test_group_lack_as_on_paper():
    r = empty_rules()
    a = r.add("病院", "lack")
    b = r.add("声かけ", "lack")
    c = r.add("集まる場所", "lack")
    r.sort_lack(a.id, "municipality", "健康福祉課")
    r.sort_lack(b.id, "ourselves")
    groups = group_lack(r.column("lack"))
    assert [(g, [i.id for i in items]) for g, items in groups] == [
        ("ourselves", [b.id]), ("municipality", [a.id]), ("unsorted", [c.id])]


def test_departments_offered_from_cards_and_requests():
    r = make_rules()  # factory idea-02 is a request to 企画課
    shop = r.add("商店", "lack")
    r.sort_lack(shop.id, "municipality", "商工観光課")
    assert r.departments() == ["商工観光課", "企画課"]


# -- linking -------------------------------------------------------------------------------------

def board_with_pairing() -> tuple[BoardRules, BoardItem, BoardItem, BoardItem, BoardItem]:
    r = empty_rules()
    park = r.add("公園のゲートボール")
    car = r.add("社協の車")
    shop = r.add("商店", "lack")
    mk = r.add("ゲートボールの帰りに買い物の相乗り", "makeshift")
    r.set_links(mk.id, [park.id, car.id], shop.id)
    return r, park, car, shop, mk


def test_a_makeshift_card_links_haves_to_one_lack():
    r, park, car, shop, mk = board_with_pairing()
    assert mk.links == [park.id, car.id, shop.id]
    assert r.linked(mk) == ([park, car], shop)
    assert r.used_in(park) == [mk]
    assert r.link_problem(mk) is None


def test_links_are_checked():
    r, park, car, shop, mk = board_with_pairing()
    with pytest.raises(RuleError, match="やりくり"):
        r.set_links(park.id, [car.id], None)
    with pytest.raises(RuleError, match="あるもの"):
        r.set_links(mk.id, [shop.id], None)
    with pytest.raises(RuleError, match="ないもの"):
        r.set_links(mk.id, [park.id], car.id)
    with pytest.raises(RuleError, match="ありません"):
        r.set_links(mk.id, ["card-nope"], None)
    assert mk.links == [park.id, car.id, shop.id]  # unchanged after refusals


def test_partial_links_are_allowed_and_said():
    r, park, car, shop, mk = board_with_pairing()
    r.set_links(mk.id, [park.id, park.id], None)
    assert mk.links == [park.id]
    assert r.link_problem(mk) == "ないものが未選択"
    r.set_links(mk.id, [], shop.id)
    assert r.link_problem(mk) == "あるものが未選択"
    r.set_links(mk.id, [], None)
    assert "未選択" in (r.link_problem(mk) or "")
    assert r.link_problem(park) is None


def test_dangling_links_are_skipped_when_read():
    r = make_rules(board=Board(items=[BoardItem(id="m", column="makeshift", text="x", links=["gone", "card-01"])]))
    assert r.linked(r.get("m")) == ([], None)


# -- moving and deleting ------------------------------------------------------------------------

def test_move_drops_what_no_longer_applies_and_undo_puts_it_back():
    r, park, car, shop, mk = board_with_pairing()
    r.set_meanings(park.id, ["見守り"])
    order = [i.id for i in r.items]
    moved = r.move(park.id, "lack")
    assert moved is not None and moved.dropped == ["意味づけ", "組み合わせ"]
    assert park.column == "lack" and park.meanings == [] and park.id not in mk.links
    assert r.items[-1] is park  # goes to the end of its new column
    r.undo_move(moved)
    assert [i.id for i in r.items] == order
    assert park.column == "have" and park.meanings == ["見守り"] and mk.links == [park.id, car.id, shop.id]


def test_moving_a_lack_card_drops_its_sorting_and_a_makeshift_card_its_links():
    r, park, car, shop, mk = board_with_pairing()
    r.sort_lack(shop.id, "municipality", "商工観光課")
    moved = r.move(shop.id, "have")
    assert moved.dropped == ["仕分け", "組み合わせ"]
    assert (shop.solvable, shop.department) == (None, None)
    moved_mk = r.move(mk.id, "have")
    assert mk.links == [] and moved_mk.dropped == ["組み合わせ"]
    r.undo_move(moved_mk)
    r.undo_move(moved)
    assert (shop.column, shop.solvable, shop.department) == ("lack", "municipality", "商工観光課")
    assert mk.links == [park.id, car.id, shop.id]


def test_move_to_the_same_column_is_nothing():
    r = empty_rules()
    card = r.add("公園")
    v = r.meeting.version
    assert r.move(card.id, "have") is None and r.meeting.version == v
    with pytest.raises(RuleError):
        r.move(card.id, "nowhere")
    moved = r.move(card.id, "makeshift")
    assert moved is not None and moved.dropped == []


def test_delete_and_restore_with_links():
    r, park, car, shop, mk = board_with_pairing()
    order = [i.id for i in r.items]
    removed = r.delete(car.id)
    assert car.id not in [i.id for i in r.items] and mk.links == [park.id, shop.id]
    r.restore(removed)
    assert [i.id for i in r.items] == order and mk.links == [park.id, car.id, shop.id]
    r.restore(removed)  # twice is harmless
    assert [i.id for i in r.items] == order
    with pytest.raises(RuleError):
        r.delete("card-nope")


# -- into homework and ideas ----------------------------------------------------------------------

def test_a_lack_card_becomes_homework_once():
    r = empty_rules()
    r.session.homework = []
    shop = r.add("商店", "lack")
    hw = r.to_homework(shop.id)
    assert [h.text for h in r.session.homework] == ["商店"] and hw.origin_session == r.session.id
    assert r.homework_of(shop) is hw and shop.extra["homework_id"] == hw.id
    with pytest.raises(RuleError, match="もう宿題"):
        r.to_homework(shop.id)
    r.meeting.delete_homework(hw.id)
    assert r.homework_of(shop) is None
    r.to_homework(shop.id)  # possible again once that homework is gone
    have = r.add("公園")
    with pytest.raises(RuleError, match="ないもの"):
        r.to_homework(have.id)


@pytest.mark.parametrize(
    ("solvable", "department", "kind", "text"),
    [
        (None, None, "unsorted", "病院への足"),
        ("ourselves", None, "self", "病院への足"),
        ("municipality", "健康福祉課", "request", "病院への足（役場 健康福祉課）"),
    ],
)
def test_a_lack_card_becomes_an_idea_of_the_kind_its_sorting_says(solvable, department, kind, text):
    r = empty_rules()
    card = r.add("病院への足", "lack")
    r.sort_lack(card.id, solvable, department)
    idea = r.to_idea(card.id)
    assert (idea.text, idea.kind, idea.department, idea.status) == (text, kind, department, "open")
    assert r.idea_of(card) is idea
    with pytest.raises(RuleError, match="もうアイデア"):
        r.to_idea(card.id)


# -- across sessions --------------------------------------------------------------------------------

def test_next_session_starts_with_the_board_and_only_new_cards_are_new():
    first = make_rules(id="2026-06-17-first1", date="2026-06-17", board=Board())
    first.set_vision("歳をとっても歩いて行ける場所でおしゃべりできるまち")
    park = first.add("公園のゲートボール", category="場所")
    first.add("神社の祭り", category="行事")
    shop = first.add("商店", "lack")
    first.sort_lack(shop.id, "municipality", "商工観光課")
    mk = first.add("買い物の相乗り", "makeshift")
    first.set_links(mk.id, [park.id], shop.id)
    before = session_to_json(first.session)

    second = make_rules(id="2026-08-19-second", board=Board())
    carry_over(second.session, first.session)
    assert session_to_json(first.session) == before  # the older file is not touched
    assert [i.id for i in second.items] == [i.id for i in first.items]
    assert all(i.since == "2026-06-17-first1" for i in second.items)
    assert second.counts()["new"] == 0
    assert second.board.vision == first.board.vision
    assert "行事" in second.categories()  # the body's own list carries over
    assert second.linked(second.get(mk.id))[1].text == "商店"

    added = second.add("移動販売車", category="店")
    assert second.is_new(added) and second.counts()["new"] == 1
    assert not second.is_new(second.get(park.id))
    # Editing a carried card does not make it new.
    second.set_text(park.id, "公園のゲートボール（毎朝）")
    assert second.get(park.id).since == "2026-06-17-first1"


def test_board_fields_round_trip_through_the_file():
    r = empty_rules()
    r.add("祭り", category="行事")
    meal = r.add("食事会")
    r.set_meanings(meal.id, ["顔つなぎ"])
    shop = r.add("商店", "lack")
    r.to_homework(shop.id)
    again = session_from_json(session_to_json(r.session))
    assert again.board.extra == {"categories": ["行事"], "meanings": ["顔つなぎ"]}
    assert again.board.items[-1].extra["homework_id"] == shop.extra["homework_id"]
    assert again.board.items[-1].since == r.session.id


def test_hand_written_board_extras_of_the_wrong_shape_are_ignored():
    r = make_rules(board=Board(extra={"categories": "not a list", "meanings": [1, "縁側"]}))
    assert r.categories() == list(CATEGORIES)
    assert r.meanings() == [*MEANINGS, "縁側"]
    r.add_category("行事")
    assert r.board.extra["categories"] == ["行事"]


def test_minutes_show_the_board_with_only_this_sessions_cards_marked_new():
    first = make_rules(id="2026-06-17-first1", date="2026-06-17", board=Board(vision="まち"))
    first.add("公園")
    second = make_rules(id="2026-08-19-second", board=Board())
    carry_over(second.session, first.session)
    shop = second.add("商店", "lack")
    second.sort_lack(shop.id, "municipality", "C町役場 商工観光課")
    bus = second.add("バス", "lack")
    second.sort_lack(bus.id, "municipality", "企画課")
    md = export(second.session, "md").decode("utf-8").splitlines()
    assert "### あるもの" in md and "### ないもの" in md
    assert "- 公園" in md  # carried from the first meeting: not new
    assert md[md.index("- 商店〔新〕") + 1] == "  - 仕分け：C町役場 商工観光課"
    assert "  - 仕分け：役場 企画課" in md and not any("役場 C町役場" in line for line in md)
    html = export(second.session, "html").decode("utf-8")
    assert '<li>商店<span class="tag">新</span>' in html and "<li>公園<ul" not in html


@pytest.fixture
def english():
    from facilitator import i18n

    i18n.set_language("en")
    yield
    i18n.set_language(None)


def test_the_rules_speak_english_and_the_file_keeps_the_fixed_words(english):
    from facilitator.board import COLUMN_LABELS, SOLVABLE_LABELS, category_label, meaning_label

    assert COLUMN_LABELS["makeshift"] == "Making do with what we have"
    assert SOLVABLE_LABELS["municipality"] == "Beyond what we can do"
    assert department_label("Welfare") == "Town office, Welfare"
    assert department_label("Town Office, Welfare") == "Town Office, Welfare"
    assert department_label("C町役場 福祉課") == "C町役場 福祉課"
    assert department_label(None) == "Town office (section not decided)"
    assert category_label("食べ物") == "Food" and category_label("行事") == "行事"
    assert meaning_label("孤立防止") == "Preventing isolation"

    r = empty_rules()
    park = r.add("Park", category="Food")  # a fixed word typed as shown: the fixed word is stored
    assert park.category == "食べ物" and "categories" not in r.board.extra
    r.set_meanings(park.id, ["Watching over", "Chats"])
    assert park.meanings == ["見守り", "Chats"] and r.board.extra["meanings"] == ["Chats"]
    mk = r.add("Ride along", "makeshift")
    assert r.link_problem(mk) == "no pairing chosen (what we have / lack)"
    r.set_links(mk.id, [park.id], None)
    assert r.link_problem(mk) == "no “We lack” card chosen"
    moved = r.move(park.id, "lack")
    assert moved is not None and moved.dropped == ["meanings", "pairing"]


@pytest.mark.parametrize(("call", "message"), [
    (lambda r, ids: r.add("  "), "The card has no text"),
    (lambda r, ids: r.add("x", "elsewhere"), "There is no column 'elsewhere' (have / makeshift / lack)"),
    (lambda r, ids: r.get("nope"), "That card is no longer there (perhaps deleted in another window)"),
    (lambda r, ids: r.add_category(" "), "The category is empty"),
    (lambda r, ids: r.add_meaning(""), "The meaning is empty"),
    (lambda r, ids: r.set_meanings(ids["lack"], ["x"]), "Meanings go on “We have” cards"),
    (lambda r, ids: r.sort_lack(ids["have"], "ourselves"), "Only “We lack” cards are sorted"),
    (lambda r, ids: r.sort_lack(ids["lack"], "later"),
     "Sorting 'later' is not possible (ourselves / municipality)"),
    (lambda r, ids: r.set_links(ids["have"], [], None), "Only “Making do” cards have a pairing"),
    (lambda r, ids: r.set_links(ids["mk"], [ids["lack"]], None), "“Bus” is not a “We have” card"),
    (lambda r, ids: r.set_links(ids["mk"], [], ids["have"]), "“Park” is not a “We lack” card"),
    (lambda r, ids: r.to_homework(ids["have"]), "Only “We lack” cards can become homework"),
    (lambda r, ids: r.to_idea(ids["have"]), "Only “We lack” cards can become ideas"),
])
def test_refusals_in_english(english, call, message):
    r = empty_rules()
    ids = {"have": r.add("Park").id, "lack": r.add("Bus", "lack").id, "mk": r.add("Ride", "makeshift").id}
    with pytest.raises(RuleError) as refused:
        call(r, ids)
    assert str(refused.value) == message


def test_a_card_made_homework_or_an_idea_twice_is_refused_in_english(english):
    r = empty_rules()
    bus = r.add("Evening bus", "lack")
    r.sort_lack(bus.id, "municipality", "Planning")
    r.to_homework(bus.id)
    idea = r.to_idea(bus.id)
    assert idea.text == "Evening bus (Town office, Planning)"
    with pytest.raises(RuleError, match="^“Evening bus” is already homework$"):
        r.to_homework(bus.id)
    with pytest.raises(RuleError, match="^“Evening bus” is already an idea$"):
        r.to_idea(bus.id)
