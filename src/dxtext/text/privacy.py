"""Masking personal data in quoted answers: names, phone numbers, e-mail addresses, 12-digit numbers (the
length of a My Number), postal codes, addresses (the town and house number after 都道府県 + 市区町村, which stay:
福井県福井市〔住所〕) and dates of birth (after 生年月日/誕生日 or before 生まれ; other dates stay).

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
  as a place name (初めての福井, 大野, 勝山); a name written only in hiragana needs an honorific;
* a bare surname that is also a place name (山田, 石田, 豊岡) or an unknown word (髙橋) is a name by its context:
  a case particle and a verb of speaking, asking or meeting in the clause (山田に電話で確認した, 石田が述べた;
  not after a verb of going: 福井に行って話を聞いた; not と言えば), a list next to a name already found
  (田中さんと佐藤と, 田中委員、佐藤、鈴木の各委員), or the same string found as a person elsewhere in the text —
  or in the whole document (``context``) when a KWIC line masks a piece of it;
* ``keep`` and the tokenizer's ``mask_keep``: words never masked (``--keep-words FILE``; the speakers of public
  minutes unless ``--mask-speakers``).
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


ADDRESS_MASK = "〔住所〕"
BIRTH_MASK = "〔生年月日〕"

_N = "(?:[0-9０-９]+|[一二三四五六七八九十〇]+)"
_PREF = "(?:東京都|北海道|京都府|大阪府|[\u4e00-\u9fff]{2,3}県)"
_MUNI = "(?:[\u4e00-\u9fff々ヶケ]{1,6}?[市区郡](?:[\u4e00-\u9fff々ヶケ]{1,5}?[町村区])?|[\u4e00-\u9fff々ヶケ]{1,5}?[町村])"
_TOWN = "(?:[\u4e00-\u9fff々〆ヶケヵ\u30a1-\u30fa\u30fc]|(?<=[\u4e00-\u9fff])[がケ](?=[\u4e00-\u9fff])){0,12}"
_DN = "[0-9０-９]+"
# 3丁目17-1, 一丁目2番3号, 17番地, 64-1-1 (kanji numerals only before 丁目: 一番 is "the most")
_HOUSE = (
    rf"{_N}丁目(?:{_DN}(?:番地|番|号)?|{_H}{_DN})*"
    rf"|{_DN}(?:番地|番|号)(?:{_DN}(?:番地|番|号)?|{_H}{_DN})*|{_DN}(?:{_H}{_DN}){{1,3}}号?"
)
# 都道府県 + 市区町村 (kept: no one is found by a city) + the town and the house number (masked)
ADDRESS_RE = re.compile(rf"(?P<head>{_PREF}{_MUNI}?|{_MUNI})(?P<rest>{_TOWN}(?:{_HOUSE}))(?![0-9０-９])")
# a town with 丁目 and a number after it, without a city: 大手3丁目17-1
CHOME_RE = re.compile(
    rf"(?P<head>)(?P<rest>[\u4e00-\u9fff々ヶケ]{{1,6}}{_N}丁目(?:{_H}?{_DN}(?:番地|番|号)?)+)"
)
_Y = "(?:(?:19|20|１９|２０)[0-9０-９]{2}|(?:昭和|平成|令和|大正|[SHRＳＨＲ])\\s?(?:元|[0-9０-９]{1,2}))"
_DATE = (
    rf"{_Y}\s?年\s?[0-9０-９]{{1,2}}\s?月\s?[0-9０-９]{{1,2}}\s?日"
    rf"|(?:19|20|１９|２０)[0-9０-９]{{2}}[/.／．-][0-9０-９]{{1,2}}[/.／．-][0-9０-９]{{1,2}}"
    rf"|[SHRＳＨＲ][0-9０-９]{{1,2}}[.．][0-9０-９]{{1,2}}[.．][0-9０-９]{{1,2}}"
)
# a date of birth: after 生年月日/誕生日/生まれ (the label kept) or before 生まれ/生; a year (and month) only
# before 生まれ (昭和60年生まれ). Other dates (会議の日付) stay.
BIRTH_RE = re.compile(
    rf"(?<=生年月日)(?P<a>\s?[:：は]?\s?)(?P<d1>{_DATE})"
    rf"|(?<=誕生日)(?P<b>\s?[:：は]?\s?)(?P<d2>{_DATE})"
    rf"|(?P<d3>{_DATE}|{_Y}\s?年(?:\s?[0-9０-９]{{1,2}}\s?月)?)(?=\s?(?:生まれ|生(?=[)）、。,\s]|$)|誕生))"
)


def _mask_address(m: re.Match[str]) -> str:
    rest = m.group("rest")
    bare = not re.search("丁目|番|号", rest) and not re.match(r"[^0-9０-９]", rest)
    if bare and m.group("head")[-1:] in "市区郡":  # 福井市3-4: a city and two numbers are not an address
        return m.group(0)
    return m.group("head") + ADDRESS_MASK


def _mask_birth(m: re.Match[str]) -> str:
    return (m.group("a") or m.group("b") or "") + BIRTH_MASK


def mask_pii(
    text: str,
    tokenizer: Tokenizer | None = None,
    *,
    keep: frozenset[str] = frozenset(),
    context: str | None = None,
) -> str:
    """Replace e-mail addresses, phone numbers, 12-digit numbers, postal codes, addresses (the town and house
    number after the city), dates of birth and (with a tokenizer) personal names.

    ``keep``: words never masked, besides the tokenizer's ``mask_keep`` (``--keep-words``, the speakers of
    public minutes). ``context``: the whole document when ``text`` is a piece of it (a KWIC side): a string
    masked as a person there is masked here too."""
    text = EMAIL_RE.sub(EMAIL_MASK, text)
    text = TWELVE_RE.sub(NUMBER_MASK, text)
    text = PHONE_RE.sub(PHONE_MASK, text)
    text = POSTAL_RE.sub(POSTAL_MASK, text)
    text = BIRTH_RE.sub(_mask_birth, text)
    text = ADDRESS_RE.sub(_mask_address, text)
    text = CHOME_RE.sub(_mask_address, text)
    if tokenizer is not None:
        keep = keep | getattr(tokenizer, "mask_keep", frozenset())
        text = _mask_names(text, tokenizer, keep, context)
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


_KATAKANA_RE = re.compile(r"^[\u30a1-\u30fa\u30fc]+$")
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


# Verbs and verbal nouns whose subject or partner is a person (山田が述べた, 石田に聞いた, 豊岡から連絡があった);
# lemmas as dxtext shows them (言う and いう alike). 思う/考える are absent on purpose (福井は思ったより寒い), and
# 伺う (ask, but also visit: カフェに伺いました), 紹介 and 案内 (a place is introduced too); と + 言う is a quotation (福井と言えば).
PERSON_VERBS = frozenset(
    "言う いう 話す 聞く 訊く 述べる 語る 答える 尋ねる 申す 申し上げる 教える 教わる 伝える 頼む 依頼 電話 "
    "確認 相談 連絡 質問 説明 指摘 提案 報告 会う 発言 回答 主張 お願い 願う 担当 同意 任せる 頼る "
    "問い合わせる 問い合わせ 挨拶 謝る 叱る 褒める 誘う 手伝う 注意 助言 指示 要望 意見 話".split()
)
# Verbs of going and staying: a place (福井に行って話を聞いた), whatever follows.
PLACE_VERBS = frozenset(
    "行く 来る 訪れる 訪問 住む 泊まる 寄る 着く 到着 向かう 戻る 帰る 旅行 観光 滞在 出かける 出張 移住 入る "
    "通う 巡る 回る 越す 引っ越す 出る 見る 遊ぶ".split()
)
# Last characters of place and facility names that are no surname's (中山, 山口, 髙橋 end in place suffixes too)
_FACILITY_ENDS = frozenset("城寺駅館店荘寮港園湖岬峠滝院堂閣塔")
# Nouns of time used as adverbs: glued before a name they make no compound (昨日山田に会った).
_WHEN = frozenset(
    "昨日 今日 明日 先日 本日 先週 今週 来週 先月 今月 来月 昨年 今年 来年 去年 当日 翌日 前日 毎日 今朝 今回 "
    "前回 後日 以前 最近 先程 先ほど 後で 後ほど 今度 毎回 毎年".split()
)
_CASE = frozenset("が は に と から より へ も".split())
_LIST_SEPARATORS = frozenset("、 ・ と や 及び，".split())


def _bare_candidate(toks: list[Token], i: int) -> bool:
    """A lone word that may be a surname without a title: a person or place name or an unknown word in kanji or
    kana, not glued to a common noun before it (都有地) or to a place suffix or noun after it (山田町, 福井県)."""
    t = toks[i]
    if len(t.surface) < 2 or not (
        t.word_class in ("人名", "地名") or (not t.known and _KANJI_KANA_RE.match(t.surface))
    ):
        return False
    if _HIRAGANA_RE.match(t.surface) or (t.word_class != "人名" and t.surface[-1] in _FACILITY_ENDS):
        return False  # 大野城, 永平寺: a place by its last character
    prev = toks[i - 1] if i > 0 and toks[i - 1].end == t.start else None
    if prev is not None and prev.word_class not in ("助詞", "記号", "補助記号") and prev.surface not in _WHEN:
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is None or nxt.start != t.end:
        return True
    return nxt.surface not in PLACE_SUFFIXES and nxt.word_class in ("助詞", "記号", "補助記号", "助動詞")


def _person_context(toks: list[Token], i: int) -> bool:
    """``toks[i]`` is followed by a case particle and, within the clause, a verb of speaking, asking or meeting
    (山田に電話で確認した, 石田が次のように述べた) before any verb of going or staying (福井に行って話を聞いた)."""
    k = i + 1
    if k >= len(toks) or toks[k].surface not in _CASE:
        return False
    k += 1
    if k < len(toks) and toks[k].surface == "、":
        k += 1
    if k < len(toks) and toks[k].surface == "の":
        return False  # 揖斐からの道: a noun follows, not a verb
    for n, t in enumerate(toks[k : k + 6]):
        if t.surface in ("。", "、", "！", "？", "\n") or (
            t.word_class == "記号" and t.surface not in "「」"
        ):
            return False
        if t.lemma in PLACE_VERBS:
            return False
        if t.lemma in ("言う", "いう") and (
            toks[k + n - 1].surface in ("と", "って") or toks[k + n - 1].word_class != "助詞"
        ):
            return False  # 福井と言えば, 総本山という, こういう: a quotation or a kind, not a speaker
        if t.lemma in PERSON_VERBS:
            return True
    return False


def _name_spans(
    text: str, tokenizer: Tokenizer, keep: frozenset[str], context: str | None = None
) -> list[tuple[int, int]]:
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
            and toks[k].word_class == "人名"
            and toks[k].surface not in keep
            and text[toks[k - 1].end : toks[k].start] in ("", " ", "\u3000")  # 山田 太郎: one name
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
            or (  # エン + パワー: a katakana name glued to a katakana noun is part of a loanword
                after is not None
                and _KATAKANA_RE.match(run[-1].surface) is not None
                and _KATAKANA_RE.match(after.surface) is not None
                and after.surface not in PERSON_TITLES
            )
            or (before is not None and before.word_class in ("名詞", "サ変名詞", "接頭辞") and before.known)
            or (len(run) == 1 and _place_entries(tokenizer, run[0].surface, cheaper=False))
            or (len(run) > 1 and all(_place_entries(tokenizer, x.surface, cheaper=True) for x in run))
        )
        if not place:
            spans.append((run[0].start, run[-1].end))
            taken.update(range(i, k))
        i = k
    # 3. bare surnames that UniDic also lists as places (山田, 石田, 豊岡) or does not know (髙橋), by context:
    #    a verb of speaking or asking (山田に聞いた), a list with names already found (田中さんと佐藤と), the same
    #    string found as a person elsewhere in the text or its ``context`` (山田委員 … 山田は)
    persons = {toks[x].surface for x in taken if len(toks[x].surface) >= 2}
    if context is not None and context != text:
        persons |= _person_strings(context, tokenizer, keep)
    found = True
    while found:
        found = False
        for i, t in enumerate(toks):
            if i in taken or t.surface in keep or not _bare_candidate(toks, i):
                continue
            listed = any(_listed_with(toks, i, d, taken) for d in (-1, 1))
            if t.surface in persons or listed or _person_context(toks, i):
                spans.append((t.start, t.end))
                taken.add(i)
                persons.add(t.surface)
                found = True
    spans.sort()
    return spans


def _listed_with(toks: list[Token], i: int, d: int, taken: set[int]) -> bool:
    """``toks[i]`` stands in a list next to a name already found: 田中さん、佐藤 / 佐藤と田中委員."""
    sep, n = i + d, i + 2 * d
    if not 0 <= n < len(toks) or toks[sep].surface not in _LIST_SEPARATORS:
        return False
    return n in taken or (d < 0 and toks[n].surface in PERSON_TITLES and n - 1 in taken)


@lru_cache(maxsize=256)
def _person_strings_cached(text: str, tokenizer: Tokenizer, keep: frozenset[str]) -> frozenset[str]:
    return frozenset(text[a:b] for a, b in _name_spans(text, tokenizer, keep) if b - a >= 2)


def _person_strings(text: str, tokenizer: Tokenizer, keep: frozenset[str]) -> frozenset[str]:
    """The strings masked as person names in ``text`` (a whole document, when a KWIC line masks a piece)."""
    return _person_strings_cached(text, tokenizer, keep)


def _mask_names(
    text: str, tokenizer: Tokenizer, keep: frozenset[str] = frozenset(), context: str | None = None
) -> str:
    spans = _name_spans(text, tokenizer, keep, context)
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
