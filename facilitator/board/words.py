"""The board's words: its columns, fixed categories, 意味づけ and sortings, and how each is shown."""

from __future__ import annotations

from typing import Literal

from facilitator.i18n import Labels, t
from facilitator.text import clean_line

Column = Literal["have", "makeshift", "lack"]

# Display order, as on the paper sheet.
COLUMNS: tuple[Column, ...] = ("have", "makeshift", "lack")
# What a person reads (facilitator/locale, table [board_rules]): looked up when read.
COLUMN_LABELS = Labels({
    "have": "board_rules.column_have",
    "makeshift": "board_rules.column_makeshift",
    "lack": "board_rules.column_lack",
})
COLUMN_SHORT = Labels({
    "have": "board_rules.short_have",
    "makeshift": "board_rules.short_makeshift",
    "lack": "board_rules.short_lack",
})

# The fixed lists are data: a card stores these Japanese words whatever the UI language (so one
# body's board reads the same for everyone); ``category_label`` / ``meaning_label`` show them in
# the UI language, and a typed label (「Food」 in English) means the fixed word it shows.
CATEGORIES: tuple[str, ...] = ("自然", "食べ物", "場所", "交通", "人材", "お金", "店", "病院", "その他")
MEANINGS: tuple[str, ...] = ("見守り", "栄養改善", "孤立防止", "社会参加", "介護予防", "生きがい")
OTHER = "その他"
CATEGORY_LABELS = Labels({
    "自然": "board_rules.category.nature",
    "食べ物": "board_rules.category.food",
    "場所": "board_rules.category.places",
    "交通": "board_rules.category.transport",
    "人材": "board_rules.category.people",
    "お金": "board_rules.category.money",
    "店": "board_rules.category.shops",
    "病院": "board_rules.category.hospitals",
    "その他": "board_rules.category.other",
})
MEANING_LABELS = Labels({
    "見守り": "board_rules.meaning.watching_over",
    "栄養改善": "board_rules.meaning.nutrition",
    "孤立防止": "board_rules.meaning.isolation",
    "社会参加": "board_rules.meaning.taking_part",
    "介護予防": "board_rules.meaning.care_prevention",
    "生きがい": "board_rules.meaning.purpose",
})

SOLVABLE_LABELS = Labels({
    "ourselves": "board_rules.solvable_ourselves",
    "municipality": "board_rules.solvable_municipality",
})
# Words that already name the town office in a typed department (「C町役場 福祉課」).
OFFICE_WORDS: tuple[str, ...] = ("役場", "役所")


def category_label(category: str) -> str:
    """A category as shown: a fixed one in the UI language, the body's own as written."""
    return CATEGORY_LABELS[category] if category in CATEGORY_LABELS else category


def meaning_label(meaning: str) -> str:
    """An 意味づけ as shown: a fixed one in the UI language, the body's own as written."""
    return MEANING_LABELS[meaning] if meaning in MEANING_LABELS else meaning


def uncategorised_label() -> str:
    return t("board_rules.uncategorised")


def unsorted_label() -> str:
    """The ないもの cards not sorted yet (未仕分け)."""
    return t("board_rules.unsorted")


def new_mark() -> str:
    """The mark of a card new this time (新)."""
    return t("board_rules.new_mark")


def department_label(department: str | None) -> str:
    """How a ないもの card names where it goes: 「役場 福祉課」. A department typed with the
    office already in it (「C町役場 福祉課」「市役所 福祉課」) is shown as typed."""
    dept = clean_line(department or "")
    if not dept:
        return t("board_rules.department_unset")
    office = t("board_rules.town_office").casefold()
    if any(w in dept for w in OFFICE_WORDS) or office in dept.casefold():
        return dept
    return t("board_rules.department", department=dept)
