"""Masking personal data in quoted answers: names, phone numbers, e-mail addresses, 12-digit numbers (the
length of a My Number) and postal codes.

Reports quote answers in full; the people named in them, and their numbers, must not leak. Masking is on by
default in every command that quotes text. How well it works is measured, not assumed: tests/text/
test_masking_eval.py runs a labelled set of made-up sentences (names with and without titles, names glued to
titles, lists of members, place and facility names UniDic tags as person names, numbers in every format) and
prints precision and recall per kind.

Names (``_name_spans``), from UniDic's word classes and the context:

* a title or honorific (委員, 議員, 委員長, 課長, 市長, 氏, さん, 様, 君 …) makes the run of name-like morphemes
  glued before it a name — person names, place-class surnames (石田, 豊岡 are 地名 in UniDic) and unknown words
  (髙橋) alike; the title stays: 〔氏名〕委員, 〔氏名〕市長, never 髙橋〔氏名〕市長. Before 市長, 知事 … a lone word
  that is also a place name is the place (福井市長 is the mayor of Fukui);
* without a title, UniDic's 人名 (person name) counts unless the context says place: a following place suffix
  (丸山城, 峰友寮, 武生駅), a common noun glued before it (都有地), a pair of names whose parts are all more
  often places than people by UniDic's word costs (越前武生; not 清水美咲), or a lone word that UniDic also lists
  as a place name (初めての福井, 大野, 勝山 — so a bare surname such as 山田 without title or given name is not
  masked: measured, see the test); a name written only in hiragana needs an honorific;
* ``keep``: words never masked (an allow-list, e.g. a public official's name).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .tokenize import Tokenizer
    from .tokens import Token

NAME_MASK = "〔氏名〕"
PHONE_MASK = "〔電話番号〕"
EMAIL_MASK = "〔メール〕"
NUMBER_MASK = "〔番号〕"
POSTAL_MASK = "〔郵便番号〕"

_D = "[0-9０-９]"
_H = "[-‐－ー―−]"  # hyphens as typed, full-width and long-vowel marks included
_S = f"(?:{_H}|[ \u3000])"
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+[@＠][A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# Japanese phone numbers: 03-1234-5678, 090-1234-5678, (03)1234-5678, 0312345678, 0120-123-456, +81-90-1234-5678,
# with full-width digits and hyphens as well
PHONE_RE = re.compile(
    rf"(?<![0-9０-９])(?:"
    rf"[+＋][8８][1１]{_S}?{_D}{{1,4}}{_S}?{_D}{{1,4}}{_S}?{_D}{{3,4}}"
    rf"|[(（][0０]{_D}{{1,4}}[)）]\s?{_D}{{1,4}}{_S}?{_D}{{3,4}}"
    rf"|[0０]{_D}{{1,4}}{_S}{_D}{{1,4}}{_S}{_D}{{3,4}}"
    rf"|[0０][5-9５-９][0０]{_D}{{8}}|[0０]{_D}{{9}})(?![0-9０-９])"
)
TWELVE_RE = re.compile(rf"(?<![0-9０-９]){_D}{{4}}{_S}?{_D}{{4}}{_S}?{_D}{{4}}(?![0-9０-９])")
POSTAL_RE = re.compile(
    rf"(?:〒\s?{_D}{{3}}{_H}?{_D}{{4}}|(?<![0-9０-９]){_D}{{3}}{_H}{_D}{{4}}(?![0-9０-９]|{_H}))"
)


def mask_pii(text: str, tokenizer: Tokenizer | None = None, *, keep: frozenset[str] = frozenset()) -> str:
    """Replace e-mail addresses, phone numbers, 12-digit numbers, postal codes and (with a tokenizer) personal
    names; ``keep``: words never masked."""
    text = EMAIL_RE.sub(EMAIL_MASK, text)
    text = TWELVE_RE.sub(NUMBER_MASK, text)
    text = PHONE_RE.sub(PHONE_MASK, text)
    text = POSTAL_RE.sub(POSTAL_MASK, text)
    if tokenizer is not None:
        text = _mask_names(text, tokenizer, keep)
    return text


_HIRAGANA_RE = re.compile(r"^[\u3041-\u309f]+$")
_KANJI_KANA_RE = re.compile(r"^[\u3041-\u30ff\u3400-\u9fff\uf900-\ufaff々〆ヶ]+$")
_HONORIFIC_RE = re.compile(r"^\s?(?:さん|様|さま|氏|君|くん|ちゃん|先生|殿)")
# Titles after a name (the title is kept, the name before it masked).
PERSON_TITLES = frozenset(
    "さん 様 さま 氏 君 くん ちゃん 殿 先生 委員 委員長 副委員長 議員 議長 副議長 部会長 会長 副会長 座長 理事 "
    "理事長 課長 部長 局長 係長 室長 所長 社長 参事 主査 主任 教授 准教授 講師 専門官 審議官 補佐 次長 監".split()
)
# Titles a place can stand before (福井市長: the mayor of Fukui).
PLACE_TITLES = frozenset("市長 副市長 町長 副町長 村長 区長 知事 副知事 県知事 市議 県議".split())
# A morpheme after a 人名-tagged word that makes it a place or facility (丸山城, 峰友寮, 武生駅).
PLACE_SUFFIXES = frozenset(
    "城 寮 駅 町 市 県 村 区 郡 山 川 寺 神社 宮 公園 港 温泉 高校 中学 小学校 大学 橋 通り 線 館 地 店 屋 荘 湖 "
    "岬 島 浜 海岸 峠 口 台 平 谷 沢 滝 方面 地区 地域 周辺 産 城址 城跡".split()
)


def _is_name(token: Token, text: str) -> bool:
    """UniDic's 人名 tag; a name written only in hiragana counts only before an honorific (ひめじポイント's ひめ
    is tagged 人名 too, but a person written in hiragana is nearly always followed by さん, 様 …)."""
    if token.word_class != "人名":
        return False
    if _HIRAGANA_RE.match(token.surface):
        return bool(_HONORIFIC_RE.match(text[token.end : token.end + 4]))
    return True


_KANA_NAME_RE = re.compile(r"^[\u3041-\u309f\u30a1-\u30fa\u30fc]{2,5}$")
_HONORIFICS = frozenset("さん 様 さま 君 くん ちゃん 氏 殿".split())


def _name_like(token: Token, title: str) -> bool:
    """A morpheme that can be (part of) a name before ``title``: a proper noun, an unknown word, or before an
    honorific a word written in kana only (ひなたさん: UniDic reads ひなた as 日向, a common noun)."""
    if token.word_class in ("人名", "地名", "固有名詞"):
        return True
    if not token.known and _KANJI_KANA_RE.match(token.surface):
        return True
    return title in _HONORIFICS and token.word_class == "名詞" and bool(_KANA_NAME_RE.match(token.surface))


@lru_cache(maxsize=4096)
def _place_lookup(dics: tuple[object, ...], surface: str, cheaper: bool) -> bool:
    key = surface.encode("utf-8")
    place = person = None
    for dic in dics:
        first, count = dic.lookup([key])  # type: ignore[attr-defined]
        f, c = int(first[0]), int(count[0])
        for i in range(f, f + c) if f >= 0 else ():
            feature = dic.feature(int(dic.tokens[i]["feature"]))  # type: ignore[attr-defined]
            cost = int(dic.tokens[i]["wcost"])  # type: ignore[attr-defined]
            if feature.startswith("名詞,固有名詞,地名"):
                place = cost if place is None else min(place, cost)
            elif feature.startswith("名詞,固有名詞,人名"):
                person = cost if person is None else min(person, cost)
    if place is None:
        return False
    return not cheaper or person is None or place <= person


def _place_entries(tokenizer: Tokenizer, surface: str, *, cheaper: bool) -> bool:
    """Whether the dictionaries list ``surface`` as a place name (福井, 大野, 武生 are surnames too); with
    ``cheaper``, only if the place entry is the more frequent reading (lower word cost: 越前, 武生; not 美咲)."""
    return _place_lookup(tuple(tokenizer._dictionaries()), surface, cheaper)


def _name_spans(text: str, tokenizer: Tokenizer, keep: frozenset[str]) -> list[tuple[int, int]]:
    toks = [t for t in tokenizer.analyze(text) if t.surface.strip()]
    spans: list[tuple[int, int]] = []
    taken: set[int] = set()
    # 1. names before a title
    for i, t in enumerate(toks):
        title = t.surface
        if title not in PERSON_TITLES and title not in PLACE_TITLES:
            continue
        j = i
        while j > 0 and i - j < 3 and toks[j - 1].end == toks[j].start and _name_like(toks[j - 1], title):
            j -= 1
        run = toks[j:i]
        if not run or any(x.surface in keep for x in run):
            continue
        if title in PLACE_TITLES and len(run) == 1 and run[0].word_class == "地名":
            continue  # 福井市長: UniDic reads the place in this context (the mayor of Fukui)
        spans.append((run[0].start, run[-1].end))
        taken.update(range(j, i))
    # 2. person names without a title
    i = 0
    while i < len(toks):
        if i in taken or not _is_name(toks[i], text) or toks[i].surface in keep:
            i += 1
            continue
        k = i + 1
        while (
            k < len(toks)
            and k not in taken
            and toks[k].start == toks[k - 1].end
            and toks[k].word_class == "人名"
        ):
            k += 1
        if i > 0 and i - 1 not in taken and toks[i - 1].end == toks[i].start and not toks[i - 1].known:
            if _KANJI_KANA_RE.match(toks[i - 1].surface):
                i -= 1  # 髙橋 (an unknown spelling) + 大輔: the surname belongs to the name
        run = toks[i:k]
        after = toks[k] if k < len(toks) and toks[k].start == run[-1].end else None
        before = toks[i - 1] if i > 0 and toks[i - 1].end == run[0].start else None
        place = (
            (after is not None and after.surface in PLACE_SUFFIXES)
            or (before is not None and before.word_class in ("名詞", "サ変名詞", "接頭辞") and before.known)
            or (len(run) == 1 and _place_entries(tokenizer, run[0].surface, cheaper=False))
            or (len(run) > 1 and all(_place_entries(tokenizer, x.surface, cheaper=True) for x in run))
        )
        if not place:
            spans.append((run[0].start, run[-1].end))
        i = k
    spans.sort()
    return spans


def _mask_names(text: str, tokenizer: Tokenizer, keep: frozenset[str] = frozenset()) -> str:
    spans = _name_spans(text, tokenizer, keep)
    if not spans:
        return text
    merged: list[list[int]] = []
    for start, end in spans:  # 山田 太郎 / 山田太郎 → one mask, not two
        if merged and text[merged[-1][1] : start].strip() == "":
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts = []
    last = 0
    for start, end in merged:
        parts.append(text[last:start])
        parts.append(NAME_MASK)
        last = end
    parts.append(text[last:])
    return "".join(parts)
