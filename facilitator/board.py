"""The あるもの/ないもの board (docs/domain.md, the board): its rules.

``BoardRules(meeting)`` is the only thing that changes ``session.board`` during a meeting. Every
change goes through ``Meeting._changed`` so ``meeting.version`` moves and autosave writes; a
refusal raises ``RuleError`` with a sentence a facilitator can read out.

The rules:
- three columns, shown in this order: あるもの (have) | やりくり (makeshift) | ないもの (lack);
- a new card's ``since`` is this session; "new this time" means ``since == session.id``
  (carry-over copies cards with their ``since``, so a card stays "new" only in the session where
  it was written down);
- categories and 意味づけ come from fixed lists plus the body's own additions, which are kept in
  the board's ``categories`` / ``meanings`` fields (extra fields of the session file, carried
  over with the board) and also gathered from the cards;
- 意味づけ belong to あるもの cards, 自分たちで/役場 sorting (and the department) to ないもの
  cards, links to やりくり cards: one or more あるもの cards and at most one ないもの card;
- moving a card to another column drops what no longer applies (its 意味づけ, its sorting, its
  links, and links to it from やりくり cards); ``undo_move`` puts all of it back;
- a deleted card can be restored (``restore``), with the links that pointed to it;
- a ないもの card becomes homework or an idea of the current session in one call; the card
  remembers which (``homework_id`` / ``idea_id`` extra fields) so it is not done twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from facilitator.i18n import Labels, t
from facilitator.ids import new_item_id
from facilitator.meeting import Meeting, RuleError
from facilitator.meeting.fields import short
from facilitator.model import BOARD_COLUMNS, Board, BoardItem, Homework, Idea, Session, find
from facilitator.text import clean_line, normalize

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

# Extra fields this module keeps (the session format allows added fields).
OWN_CATEGORIES = "categories"  # on the board: the body's own categories
OWN_MEANINGS = "meanings"  # on the board: the body's own 意味づけ
HOMEWORK_ID = "homework_id"  # on a card: the homework made from it
IDEA_ID = "idea_id"  # on a card: the idea made from it


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


def is_new(item: BoardItem, session: Session) -> bool:
    """A card is new when it first appeared in this session."""
    return item.since == session.id


def _unique(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for v in values:
        v = clean_line(v)
        key = normalize(v)
        if v and key not in seen:
            seen.add(key)
            out.append(v)
    return out


def _own_list(board: Board, key: str) -> list[str]:
    raw = board.extra.get(key)
    return [v for v in raw if isinstance(v, str)] if isinstance(raw, list) else []


def categories(board: Board) -> list[str]:
    """The categories to choose from: the fixed ones, the body's own before その他, then any
    other category found on a card (hand-written files)."""
    fixed = [c for c in CATEGORIES if c != OTHER]
    own = _own_list(board, OWN_CATEGORIES)
    used = [i.category for i in board.items if i.category]
    return _unique([*fixed, *own, *used, OTHER])


def meanings(board: Board) -> list[str]:
    """The 意味づけ to choose from: the fixed ones, the body's own, any found on a card."""
    own = _own_list(board, OWN_MEANINGS)
    used = [m for i in board.items for m in i.meanings]
    return _unique([*MEANINGS, *own, *used])


def category_rank(board: Board) -> dict[str, int]:
    return {normalize(c): n for n, c in enumerate(categories(board))}


def group_by_category(board: Board, items: Iterable[BoardItem]) -> list[tuple[str | None, list[BoardItem]]]:
    """Cards grouped by category in the category list's order; cards without one last (None).
    Within a group the cards keep their order."""
    rank = category_rank(board)
    groups: dict[str | None, list[BoardItem]] = {}
    names: dict[str | None, str | None] = {None: None}
    for item in items:
        cat = clean_line(item.category or "") or None
        key = normalize(cat) if cat else None
        groups.setdefault(key, []).append(item)
        names.setdefault(key, cat)

    def order(key: str | None) -> tuple[int, int]:
        if key is None:
            return (2, 0)
        return (0, rank[key]) if key in rank else (1, 0)

    return [(names[k], groups[k]) for k in sorted(groups, key=order)]


LackGroup = Literal["ourselves", "municipality", "unsorted"]
LACK_GROUPS: tuple[LackGroup, ...] = ("ourselves", "municipality", "unsorted")


def group_lack(items: Iterable[BoardItem]) -> list[tuple[LackGroup, list[BoardItem]]]:
    """ないもの cards sorted as on paper: 自分たちでなんとかできそう, 自分たちでは何ともならない
    (役場へ), then the ones not sorted yet. Empty groups are left out."""
    groups: dict[LackGroup, list[BoardItem]] = {g: [] for g in LACK_GROUPS}
    for item in items:
        groups[item.solvable or "unsorted"].append(item)  # type: ignore[index]
    return [(g, groups[g]) for g in LACK_GROUPS if groups[g]]


@dataclass(frozen=True)
class Removed:
    """A deleted card, where it was, and the links that pointed to it (for ``restore``)."""

    index: int
    item: BoardItem
    links: tuple[tuple[str, int], ...]  # (やりくり card id, position in its links)


@dataclass(frozen=True)
class Moved:
    """A move and everything it dropped (for ``undo_move``)."""

    item_id: str
    index: int
    column: str
    meanings: tuple[str, ...]
    solvable: str | None
    department: str | None
    own_links: tuple[str, ...]
    links: tuple[tuple[str, int], ...]  # links to this card removed from やりくり cards

    @property
    def dropped(self) -> list[str]:
        """What the move took off, in words: ["意味づけ", "組み合わせ"]."""
        out = []
        if self.meanings:
            out.append(t("board_rules.dropped_meanings"))
        if self.solvable or self.department:
            out.append(t("board_rules.dropped_sorting"))
        if self.own_links or self.links:
            out.append(t("board_rules.dropped_links"))
        return out


class BoardRules:
    """The board of ``meeting``'s session. Every change bumps ``meeting.version``."""

    def __init__(self, meeting: Meeting) -> None:
        self.meeting = meeting

    # -- reading ------------------------------------------------------------------------------
    @property
    def session(self) -> Session:
        return self.meeting.session

    @property
    def board(self) -> Board:
        return self.meeting.session.board

    @property
    def items(self) -> list[BoardItem]:
        return self.board.items

    def get(self, item_id: str) -> BoardItem:
        item = find(self.items, item_id)
        if item is None:
            raise RuleError(t("board_rules.no_card", card=repr(item_id)))
        return item

    def column(self, column: str) -> list[BoardItem]:
        return [i for i in self.items if i.column == column]

    def counts(self) -> dict[str, int]:
        """Cards per column, and ``new`` (written down in this session)."""
        out = {c: 0 for c in COLUMNS}
        out["new"] = 0
        sid = self.session.id
        for i in self.items:
            out[i.column] = out.get(i.column, 0) + 1
            if i.since == sid:
                out["new"] += 1
        return out

    def is_new(self, item: BoardItem) -> bool:
        return is_new(item, self.session)

    def categories(self) -> list[str]:
        return categories(self.board)

    def meanings(self) -> list[str]:
        return meanings(self.board)

    def departments(self) -> list[str]:
        """Departments already named (on cards, then on 行政への要望 ideas), to choose from."""
        return _unique([*(i.department or "" for i in self.items), *(i.department or "" for i in self.session.ideas)])

    def linked(self, item: BoardItem) -> tuple[list[BoardItem], BoardItem | None]:
        """A やりくり card's あるもの cards and its ないもの card (dangling links skipped)."""
        haves: list[BoardItem] = []
        lack: BoardItem | None = None
        for ref in item.links:
            other = find(self.items, ref)
            if other is None:
                continue
            if other.column == "have":
                haves.append(other)
            elif other.column == "lack" and lack is None:
                lack = other
        return haves, lack

    def used_in(self, item: BoardItem) -> list[BoardItem]:
        """The やりくり cards that link to ``item``."""
        return [m for m in self.items if m.column == "makeshift" and item.id in m.links]

    def homework_of(self, item: BoardItem) -> Homework | None:
        ref = item.extra.get(HOMEWORK_ID)
        return find(self.session.homework, ref) if isinstance(ref, str) else None

    def idea_of(self, item: BoardItem) -> Idea | None:
        ref = item.extra.get(IDEA_ID)
        return find(self.session.ideas, ref) if isinstance(ref, str) else None

    # -- the vision -------------------------------------------------------------------------------
    def set_vision(self, text: str) -> bool:
        """The わがまちビジョン, one line. True if it changed."""
        text = clean_line(text)
        if self.board.vision == text:
            return False
        self.board.vision = text
        self._changed()
        return True

    # -- lists the body extends ---------------------------------------------------------------
    def add_category(self, name: str) -> str:
        """Add one of the body's own categories (no-op if it is already there). The name used."""
        return self._add_own(OWN_CATEGORIES, name, self.categories())

    def add_meaning(self, name: str) -> str:
        return self._add_own(OWN_MEANINGS, name, self.meanings())

    def _add_own(self, key: str, name: str, known: list[str]) -> str:
        name = clean_line(name)
        is_category = key == OWN_CATEGORIES
        if not name:
            raise RuleError(t("board_rules.empty_category") if is_category else t("board_rules.empty_meaning"))
        fixed = CATEGORIES if is_category else MEANINGS
        label = category_label if is_category else meaning_label
        wanted = normalize(name)
        # A fixed word typed as it is shown in the UI language (「Food」) is that word (食べ物).
        match = next((k for k in known if normalize(k) == wanted), None) or next(
            (k for k in fixed if normalize(label(k)) == wanted), None)
        own = _own_list(self.board, key)
        if match is not None and (match in fixed or any(normalize(o) == normalize(match) for o in own)):
            return match
        # New, or known only from a card: remember it as the body's own (it stays in the list
        # even when that card goes, and carries over with the board).
        value = match or name
        self.board.extra[key] = [*own, value]
        self._changed()
        return value

    # -- cards ----------------------------------------------------------------------------------
    def add(self, text: str, column: str = "have", *, category: str | None = None) -> BoardItem:
        """A new card at the end of ``column``; it is new this time (since = this session)."""
        text = self._text(text)
        self._check_column(column)
        item = BoardItem(id=new_item_id("card"), column=column, text=text,  # type: ignore[arg-type]
                         since=self.session.id)
        if category:
            item.category = self.add_category(category)
        self.items.append(item)
        self._changed()
        return item

    def set_text(self, item_id: str, text: str) -> BoardItem:
        item = self.get(item_id)
        text = self._text(text)
        if item.text != text:
            item.text = text
            self._changed()
        return item

    def set_category(self, item_id: str, category: str | None) -> BoardItem:
        """A category from the list, or a new one (added to the body's own list); None clears."""
        item = self.get(item_id)
        value = self.add_category(category) if category and clean_line(category) else None
        if item.category != value:
            item.category = value
            self._changed()
        return item

    def set_meanings(self, item_id: str, values: Iterable[str]) -> BoardItem:
        """意味づけ of an あるもの card; new words join the body's own list."""
        item = self.get(item_id)
        chosen = _unique(values)
        if chosen and item.column != "have":
            raise RuleError(t("board_rules.meanings_have_only"))
        chosen = [self.add_meaning(v) for v in chosen]
        if item.meanings != chosen:
            item.meanings = chosen
            self._changed()
        return item

    def sort_lack(self, item_id: str, solvable: str | None, department: str | None = None) -> BoardItem:
        """Sort a ないもの card: "ourselves", "municipality" (with the department it goes to), or
        None (not sorted yet). Only a municipality card keeps a department."""
        item = self.get(item_id)
        if item.column != "lack":
            raise RuleError(t("board_rules.sort_lack_only"))
        if solvable not in (None, "ourselves", "municipality"):
            raise RuleError(t("board_rules.bad_sorting", value=repr(solvable)))
        dept = (clean_line(department or "") or None) if solvable == "municipality" else None
        if item.solvable != solvable or item.department != dept:
            item.solvable = solvable  # type: ignore[assignment]
            item.department = dept
            self._changed()
        return item

    def set_links(self, item_id: str, have_ids: Iterable[str], lack_id: str | None) -> BoardItem:
        """A やりくり card pairs one or more あるもの cards with one ないもの card."""
        item = self.get(item_id)
        if item.column != "makeshift":
            raise RuleError(t("board_rules.links_makeshift_only"))
        haves: list[str] = []
        for ref in have_ids:
            other = self.get(ref)
            if other.column != "have":
                raise RuleError(t("board_rules.not_have", text=short(other.text)))
            if ref not in haves:
                haves.append(ref)
        links = list(haves)
        if lack_id is not None:
            other = self.get(lack_id)
            if other.column != "lack":
                raise RuleError(t("board_rules.not_lack", text=short(other.text)))
            links.append(lack_id)
        if item.links != links:
            item.links = links
            self._changed()
        return item

    def link_problem(self, item: BoardItem) -> str | None:
        """What a やりくり card still lacks to be a pairing, or None."""
        if item.column != "makeshift":
            return None
        haves, lack = self.linked(item)
        if not haves and lack is None:
            return t("board_rules.problem_both")
        if not haves:
            return t("board_rules.problem_have")
        if lack is None:
            return t("board_rules.problem_lack")
        return None

    # -- moving -------------------------------------------------------------------------------
    def move(self, item_id: str, column: str) -> Moved | None:
        """Move a card to the end of ``column``; None if it is already there."""
        self._check_column(column)
        item = self.get(item_id)
        if item.column == column:
            return None
        index = self.items.index(item)
        moved = Moved(
            item_id=item.id,
            index=index,
            column=item.column,
            meanings=tuple(item.meanings),
            solvable=item.solvable,
            department=item.department,
            own_links=tuple(item.links),
            links=self._unlink(item.id),
        )
        item.column = column  # type: ignore[assignment]
        if column != "have":
            item.meanings = []
        if column != "lack":
            item.solvable = None
            item.department = None
        if column != "makeshift":
            item.links = []
        del self.items[index]
        self.items.append(item)
        self._changed()
        return moved

    def undo_move(self, moved: Moved) -> BoardItem | None:
        item = find(self.items, moved.item_id)
        if item is None:
            return None
        self.items.remove(item)
        self.items.insert(min(moved.index, len(self.items)), item)
        item.column = moved.column  # type: ignore[assignment]
        item.meanings = list(moved.meanings)
        item.solvable = moved.solvable  # type: ignore[assignment]
        item.department = moved.department
        item.links = list(moved.own_links)
        self._relink(item.id, moved.links)
        self._changed()
        return item

    # -- deleting -------------------------------------------------------------------------------
    def delete(self, item_id: str) -> Removed:
        """Remove a card and the links to it (``restore`` puts both back)."""
        item = self.get(item_id)
        index = self.items.index(item)
        links = self._unlink(item_id)
        del self.items[index]
        self._changed()
        return Removed(index, item, links)

    def restore(self, removed: Removed) -> BoardItem:
        if find(self.items, removed.item.id) is None:
            self.items.insert(min(max(removed.index, 0), len(self.items)), removed.item)
        self._relink(removed.item.id, removed.links)
        self._changed()
        return removed.item

    # -- into the meeting ------------------------------------------------------------------------
    def to_homework(self, item_id: str, *, owner: str | None = None, due: str | None = None) -> Homework:
        """A ないもの card becomes a homework item (継続協議) of this session."""
        item = self._lack_for(t("board_rules.homework_lack_only"), item_id)
        if self.homework_of(item) is not None:
            raise RuleError(t("board_rules.already_homework", text=short(item.text)))
        hw = self.meeting.add_homework(self._from_card_text(item), owner=owner, due=due)
        item.extra[HOMEWORK_ID] = hw.id
        self._changed()
        return hw

    def to_idea(self, item_id: str, *, author: str | None = None) -> Idea:
        """A ないもの card becomes an idea of this session: 自分たちでできる when sorted so, 行政への
        要望 (with the department) when it goes to the town office, else 未分類."""
        item = self._lack_for(t("board_rules.idea_lack_only"), item_id)
        if self.idea_of(item) is not None:
            raise RuleError(t("board_rules.already_idea", text=short(item.text)))
        kind = {"ourselves": "self", "municipality": "request"}.get(item.solvable or "", "unsorted")
        idea = self.meeting.add_idea(
            self._from_card_text(item),
            kind=kind,
            author=author,
            department=item.department if kind == "request" else None,
        )
        item.extra[IDEA_ID] = idea.id
        self._changed()
        return idea

    # -- helpers ----------------------------------------------------------------------------------
    def _changed(self) -> None:
        # The meeting's one change hook: bumps version (autosave) and updated_at.
        self.meeting.mark_changed()

    @staticmethod
    def _text(text: str) -> str:
        text = clean_line(text)
        if not text:
            raise RuleError(t("board_rules.empty_text"))
        return text

    @staticmethod
    def _check_column(column: str) -> None:
        if column not in BOARD_COLUMNS:
            raise RuleError(t("board_rules.bad_column", column=repr(column), columns=" / ".join(COLUMNS)))

    def _lack_for(self, refusal: str, item_id: str) -> BoardItem:
        item = self.get(item_id)
        if item.column != "lack":
            raise RuleError(refusal)
        return item

    def _from_card_text(self, item: BoardItem) -> str:
        if item.solvable == "municipality":
            return t("board_rules.card_to_office", text=item.text, department=department_label(item.department))
        return item.text

    def _unlink(self, item_id: str) -> tuple[tuple[str, int], ...]:
        removed: list[tuple[str, int]] = []
        for other in self.items:
            if item_id in other.links:
                pos = other.links.index(item_id)
                other.links = [r for r in other.links if r != item_id]
                removed.append((other.id, pos))
        return tuple(removed)

    def _relink(self, item_id: str, links: Iterable[tuple[str, int]]) -> None:
        for other_id, pos in links:
            other = find(self.items, other_id)
            if other is not None and item_id not in other.links:
                other.links.insert(min(pos, len(other.links)), item_id)

