"""Names in free text: every name the body's sessions know, and any word before an honorific.

The text is matched after NFKC (full-width letters, half-width katakana and 全角 spaces as their
plain forms): a known name with or without spaces between its characters (「高橋健」 finds
「高橋 健」 and 「高橋　健」), case-insensitively, becomes its person's label; a name's parts of two
characters or more (山田, 花子) too. Then a word followed by さん/様/氏/くん/ちゃん that is not a
known name (「近所の木下さんが」) becomes 「○○」: a run of kanji, katakana or Latin letters, or of
hiragana after a non-hiragana character, before the honorific. A few words that take an
honorific without being a name (皆さん, お客様, 社協さん …: :data:`NOT_NAMES`) are left. A field
that needed no masking is returned exactly as it was (not normalised).
"""

from __future__ import annotations

import re
import unicodedata

from facilitator.anonymize.people import People, name_parts, person_key, without_parentheses
from facilitator.i18n import t

# Words that are followed by an honorific and are not anyone's name.
NOT_NAMES = frozenset({
    "皆", "みな", "みんな", "皆々", "お客", "客", "お子", "子供", "赤", "苦労", "世話", "馳走", "陰", "疲",
    "神", "仏", "王", "殿", "父", "母", "兄", "姉", "爺", "婆", "奥", "隣", "近所", "社協", "役場", "包括",
    "地域包括", "町", "市", "村", "区", "会長", "町内会長", "自治会長", "区長", "部長", "課長", "係長", "委員",
    "民生委員", "先生", "ボランティア", "店", "郵便屋", "巡", "医者", "看護師", "ヘルパー", "ケアマネ",
})
# Kana honorifics mark the word before them whatever its length (健くん); the kanji ones (様, 氏, 君)
# only after two characters or more, for 同様, 多様, 模様, 彼氏 and 諸君 are words of their own.
KANA_HONORIFICS = ("さん", "さま", "くん", "ちゃん")
KANJI_HONORIFICS = ("様", "氏", "君")
_CHARS = r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ\u30a1-\u30fa\u30fcA-Za-z]+"
_RUN = re.compile(f"{_CHARS}(?: {_CHARS})?")  # 「山田 花子さん」: a family and a given name
# A name in hiragana (はなちゃん, みっちゃん) only before ちゃん or くん, after a non-hiragana character.
# 「木下 さくらさん」: a family name, a space and a given name in hiragana, before any kana honorific.
_SPACED_NAME = re.compile(f"{_CHARS} [\u3041-\u3096]{{1,6}}(?=さん|さま|ちゃん|くん)")
_HIRAGANA_BREAKS = ("さん", "と", "の", "や", "に", "が", "も", "を", "で", "へ")
_HIRAGANA_NAME = re.compile(r"(?<![\u3041-\u3096])[\u3041-\u3096]{1,6}(?=ちゃん|くん)")


class Masker:
    """Masks the names of ``people`` (and words before an honorific) in free text."""

    def __init__(self, people: People) -> None:
        self.people = people
        self._labels: dict[str, str] = {}  # person_key of a spelling or part -> label
        patterns: set[str] = set()
        for name in people.names():
            if people.is_role(name):  # 「SCに託す」 keeps its SC
                continue
            label = people.person(name) if person_key(name) in people.labels else people.contact(name)
            for form in {name, without_parentheses(name)}:
                key = person_key(form)
                if len(key) < 2:  # one character: only before an honorific
                    continue
                self._labels.setdefault(key, label)
                patterns.add(key)
            if person_key(name) in people.labels:  # a person's surname and given name alone
                for part in name_parts(without_parentheses(name)):
                    key = person_key(part)
                    self._labels.setdefault(key, label)
                    patterns.add(key)
        spaced = [r"\s*".join(map(re.escape, key)) for key in sorted(patterns, key=lambda k: (-len(k), k))]
        self._known = re.compile("|".join(spaced), re.IGNORECASE) if spaced else None
        self._masked = t("privacy.masked")

    def __call__(self, text: str) -> str:
        if not text:
            return text
        normal = unicodedata.normalize("NFKC", text)
        spans: list[tuple[int, int, str]] = []  # (start, end, replacement)
        if self._known is not None:
            for m in self._known.finditer(normal):
                spans.append((m.start(), m.end(), self._labels.get(person_key(m.group()), self._masked)))
        for start, end in self._honorific_words(normal):
            if not any(s < end and start < e for s, e, _ in spans):
                spans.append((start, end, self._masked))
            elif not any(s <= start and end <= e for s, e, _ in spans):  # partly a known name
                spans = [(s, e, r) for s, e, r in spans if not (start <= s and e <= end)]
                if not any(s < end and start < e for s, e, _ in spans):
                    spans.append((start, end, self._masked))
        if not spans:
            return text
        spans.sort()
        out, at = [], 0
        for start, end, replacement in spans:
            out += [normal[at:start], replacement]
            at = end
        out.append(normal[at:])
        return "".join(out)

    @staticmethod
    def _honorific_words(text: str) -> list[tuple[int, int]]:
        """Where the words before an honorific are (not those of :data:`NOT_NAMES`)."""
        found = []
        for m in _RUN.finditer(text):
            word, start, end = m.group(), m.start(), m.end()
            if text.startswith(KANA_HONORIFICS, end):
                pass
            elif word.endswith(KANJI_HONORIFICS) and len(word) >= 3:
                word, end = word[:-1], end - 1
            else:
                continue
            if word not in NOT_NAMES:
                found.append((start, end))
        for m in _SPACED_NAME.finditer(text):
            found.append((m.start(), m.end()))
        for m in _HIRAGANA_NAME.finditer(text):
            # 「木下さんとはなちゃん」: the name is what follows the last particle (or さん) in the run.
            cut = max((m.group().rfind(p) + len(p) for p in _HIRAGANA_BREAKS if p in m.group()), default=0)
            if cut < len(m.group()):
                found.append((m.start() + cut, m.end()))
        return found
