"""Speaker labels of assembly, council and Diet minutes → name, title and role.

Label forms met in real records (the mark is ○, or ◆/◎ in assemblies that mark members' questions and the
executive's answers apart; ◯ and 〇 are typed for ○):

==============================  ==========================  ============  ==========
label                           name                        title         role
==============================  ==========================  ============  ==========
○山田委員長                      山田                         委員長         chair
○山田太郎君                      山田太郎                     (empty)       member
○１番（山田太郎君）              山田太郎                     1番           member
○山田（太）委員                  山田（太）                   委員          member
○市長（山田太郎君）              山田太郎                     市長          executive
○大倉環境影響評価課長            大倉                         環境影響評価課長  executive
○参考人（山田太郎君）            山田太郎                     参考人         witness
==============================  ==========================  ============  ==========

The label ends at the first blank (full-width or not) or, when the speech is glued to it
(``○竹内委員長これより…``), after the first title word. A name and a compound title written together
(大倉環境影響評価課長) are told apart by surname length: a surname is taken as two characters (three when the
second is 々/ヶ/ケ/ノ, as in 佐々木) when more than three characters stand before the title word; this is a
rule of thumb and the full label stays in the ``speaker`` attribute.

Roles: ``chair`` (議長, 委員長, 部会長, 分科会長, 会長, 座長 and their 副/代理), ``member`` (委員, 議員, 番 numbers,
a bare 君, 理事 and 構成員 of a committee), ``executive`` (市長, 区長, 知事, 大臣, 政務官, 局長, 部長, 課長, 室長,
参事, 理事者, officials ending in 官 …, 説明員, 政府参考人), ``witness`` (参考人, 公述人, 証人), ``clerk`` (書記,
事務局, 事務局長 …), ``other``.
"""

from __future__ import annotations

import re
import unicodedata

ROLES: tuple[str, ...] = ("chair", "member", "executive", "witness", "clerk", "other")

SPEAKER_MARKS = "○◯〇◆◎"

# Title words, by role; a title is the word itself or a compound ending in it (総務部長, 環境影響評価課長).
_CHAIR = (
    "議長 副議長 仮議長 委員長 副委員長 委員長代理 委員長代行 部会長 部会長代理 副部会長 分科会長 副分科会長 "
    "小委員長 会長 副会長 会長代理 座長 副座長 座長代理"
).split()
_MEMBER = "委員 議員 構成員 臨時委員 専門委員 理事".split()
_WITNESS = "参考人 公述人 証人".split()
_CLERK = "書記 書記長 事務局 事務局長 事務局次長 議事課長 議会事務局長 議事係長".split()
_EXECUTIVE = (
    "市長 副市長 町長 副町長 村長 副村長 区長 副区長 知事 副知事 大臣 副大臣 国務大臣 大臣政務官 政務官 "
    "局長 部長 副部長 次長 課長 課長補佐 室長 所長 参事 主幹 主査 係長 教育長 教育委員長 理事者 説明員 "
    "政府参考人 政府特別補佐人 官 監 長官 総裁 管理者 監査委員 代表監査委員 選挙管理委員長 "
    "事業管理者 センター長 館長 院長 署長 消防長 会計管理者 主任"
).split()

# the role of a title word; the longest word a title ends with decides (教育委員長 before 委員長 before 委員)
_ROLE_OF: dict[str, str] = {}
for _role, _words in (
    ("member", _MEMBER),
    ("chair", _CHAIR),
    ("witness", _WITNESS),
    ("clerk", _CLERK),
    ("executive", _EXECUTIVE),
):
    for _w in _words:
        _ROLE_OF[_w] = _role
_BY_LENGTH = sorted(_ROLE_OF, key=lambda w: (-len(w), w))

# words that start a label search in glued labels (the 官 and 監 suffixes need at least one character before)
_TITLE_WORDS: tuple[str, ...] = tuple(w for w in _BY_LENGTH if len(w) > 1)


def role_of(title: str) -> str:
    """The role of a speaker title: 'chair', 'member', 'executive', 'witness', 'clerk' or 'other'.

    >>> [role_of(t) for t in ("部会長", "委員", "1番", "環境影響評価課長", "計画官", "参考人", "書記", "")]
    ['chair', 'member', 'member', 'executive', 'executive', 'witness', 'clerk', 'other']
    """
    t = unicodedata.normalize("NFKC", title).strip()
    if not t:
        return "other"
    if re.fullmatch(r"[0-9]+番", t):
        return "member"
    if t in ("君", "議員君"):
        return "member"
    for w in _BY_LENGTH:
        if t.endswith(w):
            if w in ("官", "監") and len(t) == 1:
                return "other"
            return _ROLE_OF[w]
    return "other"


def is_title(word: str) -> bool:
    """Whether ``word`` is a title word or a compound ending in one (総務部長, 計画官)."""
    return role_of(word) != "other"


# --------------------------------------------------------------------------------------------------------------
# Labels

_BRACKET = "（("
_NUMBER_LABEL = re.compile(r"^([0-9０-９]{1,3})番[（(]([^（()）\s]{1,20}?)(?:君|さん|氏)?[)）]")
_TITLE_PAREN = re.compile(
    r"^([^\s（()）、。，,．.！？!?「」〔〕0-9０-９]{1,15})[（(]([^\s（()）、。，,．.！？!?「」〔〕]{1,20})[)）]"
)
# 山田（太）委員, 安藤（じ）委員: a surname, one or two characters in brackets, then the title
_DISAMBIG = re.compile(
    r"^([^\s（()）、。「」]{1,5}[（(][^\s（()）、。「」]{1,2}[)）])([^\s（()）、。「」]{1,12})"
)
_DISAMBIG_HEAD = re.compile(r"^[^\s（()）、。「」0-9０-９]{1,5}[（(][^\s（()）、。「」]{1,2}[)）]")
_NAME_CHAR = re.compile(r"[^\s0-9０-９、。，,．.「」『』（）()・：:！？!?〔〕【】]")
_GIVEN_SUFFIX = re.compile(r"(?:君|さん|氏|様)$")


def _split_name_title(label: str) -> tuple[str, str] | None:
    """'山田委員長' → ('山田', '委員長'); '大倉環境影響評価課長' → ('大倉', '環境影響評価課長'); None without a title.

    Members', chairs', witnesses' and clerks' titles are single words, so everything before them is the name
    (山田君子委員 is 山田君子); an executive's title may be a compound (総務部長, 計画官), split off by surname length.
    """
    for w in _BY_LENGTH:
        if not label.endswith(w):
            continue
        before = label[: len(label) - len(w)]
        if w in ("官", "監"):  # 計画官 alone is a title; 東岡計画官 is 東岡 + 計画官
            if len(before) < 2:
                return None
            if len(before) <= 3:
                return before[:-2], before[-2:] + w
        elif _ROLE_OF[w] != "executive" or len(before) <= 3:
            return before, w
        cut = 3 if before[1] in "々ヶケノの" else 2
        return before[:cut], before[cut:] + w
    return None


def parse_label(label: str) -> tuple[str, str] | None:
    """A speaker label without its mark → (name, title), or None when it is not a speaker label.

    >>> parse_label("市長（山田太郎君）"), parse_label("１番（山田太郎君）"), parse_label("山田（太）委員")
    (('山田太郎', '市長'), ('山田太郎', '1番'), ('山田（太）', '委員'))
    >>> parse_label("山田太郎君"), parse_label("理事選任の件")
    (('山田太郎', ''), None)
    """
    label = label.strip()
    if not label:
        return None
    if m := _NUMBER_LABEL.match(label):
        if m.end() == len(label):
            return m.group(2), f"{int(unicodedata.normalize('NFKC', m.group(1)))}番"
        return None
    if m := _DISAMBIG.fullmatch(label):
        if is_title(m.group(2)):
            return m.group(1), m.group(2)
    if m := _TITLE_PAREN.fullmatch(label):
        title, name = m.group(1), m.group(2)
        if is_title(title):
            return _GIVEN_SUFFIX.sub("", name) or name, title
        return None
    if not all(_NAME_CHAR.match(c) for c in label) or len(label) > 20:
        return None
    if label.endswith("君") and len(label) >= 2:
        return label[:-1], ""
    return _split_name_title(label)
