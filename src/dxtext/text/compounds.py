"""Compound particles (複合辞): について, による, において, に対して, として … recognised as units and dropped.

UniDic splits them into a case particle and a verb (について → に + つく + て, による → に + 因る), so without a
rule the verb inside (つく, 因る, 於く, 対する, 関する, 通ずる …) tops the frequency list of any meeting record.
A compound is recognised from the token sequence, never from the verb alone:

    lead particle (に, と, を, も)  +  verb of the table in one of the forms listed for it  [+ the follower]

The verb (or 共 in とともに) is then not counted: it is a function word, like the particle before it. The
forms, by conjugation (UniDic cForm) and the morpheme that must follow:

    T   連用形 + て/で          について, によって, に対して, を通じて, として
    TA  連用形 + た/だ          に向けた, に基づいた, に応じた (modifying a noun)
    I   連用形, then neither an auxiliary nor て/た   につき, により, に基づき, に伴い (連用中止)
    RU  終止形 / 連体形          による, に関する, に対する, をめぐる, という
    BA  仮定形 + ば             によれば
    ZU  未然形 + ず/ぬ          に限らず, にかかわらず, を問わず
    NI  + に                    とともに (と + 共 + に)
    ANY every form, no condition (the verb is not used on its own after that particle: に因る, に於く,
        に対する, に関する, に基づく, に際する, に伴う, に即する, を通ずる)

The same verb elsewhere is a real verb and counted: 席に着く, 気が付く (が, not に), 手に取る (取る written in
kanji: only kana とって is にとって), リストに加えます (加え + ます is not 連用中止), 結果に向ける. Known
ambiguity left as compound: 席について (sat down at the table) reads as について.
"""

from __future__ import annotations

import re

# Lead particles (bits 0-3 of the code).
LEAD = {"に": 1, "と": 2, "を": 4, "も": 8}
# Follower classes (one bit each, bits 16-23 of the code of the morpheme that follows; need bits 8-15).
T, TA, ZU, BA, NI, AUX, OTHER = 1, 2, 4, 8, 16, 32, 64
HONORIFIC = 1 << 24  # an honorific suffix (さん, 様 …): joins only into a known word (奥+さん → 奥さん)
_KANA_RE = re.compile(r"^[\u3041-\u309f]+$")

# (written form(s) for the documentation, lead, verb lemmas, orthBase condition, forms)
# orth: None (any spelling) | "kana" (hiragana only: にとって but not 手に取って) | a set of spellings
COMPOUNDS: tuple[tuple[str, str, tuple[str, ...], object, str], ...] = (
    ("について・につき・についての", "に", ("つく", "付く"), None, "T I"),
    ("によって・により・による・によれば・によらず", "に", ("因る",), None, "ANY"),
    ("において・における・におきまして", "に", ("於く",), None, "ANY"),
    ("に対して・に対し・に対する", "に", ("対する",), None, "ANY"),
    ("に関して・に関し・に関する", "に", ("関する",), None, "ANY"),
    ("に基づいて・に基づき・に基づく・に基づいた", "に", ("基づく",), None, "ANY"),
    ("に際して・に際し", "に", ("際する",), None, "ANY"),
    ("に伴って・に伴い・に伴う", "に", ("伴う",), None, "ANY"),
    ("に即して・に即した", "に", ("即する",), None, "ANY"),
    ("を通じて・を通じ・を通じた", "を", ("通ずる",), None, "ANY"),
    ("に向けて・に向け・に向けた", "に", ("向ける",), None, "T TA I"),
    ("にとって", "に", ("取る",), "kana", "T"),
    ("に当たって・に当たり・にあたって", "に", ("当たる",), None, "T I"),
    ("に応じて・に応じ・に応じた", "に", ("応ずる",), None, "T TA I"),
    ("に沿って・に沿い・に沿った", "に", ("沿う",), None, "T TA I"),
    ("に従って・に従い", "に", ("従う",), None, "T I"),
    ("に比べて・に比べ", "に", ("比べる",), None, "T I"),
    ("に加えて・に加え", "に", ("加える",), None, "T I"),
    ("にわたって・にわたり・にわたる", "に", ("渡る",), "kana", "T I RU"),
    ("に限らず・に限って・に限り", "に", ("限る",), None, "ZU T I"),
    ("にかかわらず・にもかかわらず", "に も", ("関わる",), None, "ZU"),
    ("に先立って・に先立ち", "に", ("先立つ",), None, "T I"),
    ("にかけて", "に", ("掛ける",), "kana", "T"),
    ("に代わって・に代わり", "に", ("変わる",), frozenset({"代わる", "替わる"}), "T I"),
    ("をめぐって・をめぐる・をめぐり", "を", ("巡る",), None, "T RU I"),
    ("を通して・を通し", "を", ("通す",), None, "T I"),
    ("を除いて・を除き", "を", ("除く",), None, "T I"),
    ("を問わず", "を", ("問う",), None, "ZU"),
    ("を経て", "を", ("経る",), None, "T"),
    ("をもって", "を", ("持つ",), "kana", "T"),
    ("として・としては・としても", "と", ("為る",), None, "T"),
    ("という", "と", ("言う",), "kana", "RU"),
    ("とともに・と共に", "と", ("共",), None, "NI"),
)

_TABLE: dict[str, list[tuple[int, object, frozenset[str]]]] = {}
for _written, _leads, _lemmas, _orth, _forms in COMPOUNDS:
    _mask = sum(LEAD[p] for p in _leads.split())
    for _lemma in _lemmas:
        _TABLE.setdefault(_lemma, []).append((_mask, _orth, frozenset(_forms.split())))


def follower_class(pos: tuple[str, ...], lemma: str) -> int:
    """The follower class of a morpheme (T, TA, ZU, BA, NI, AUX or OTHER)."""
    p1 = pos[0] if pos else ""
    p2 = pos[1] if len(pos) > 1 else ""
    if p1 == "助詞":
        if p2 == "接続助詞":
            return T if lemma == "て" else BA if lemma == "ば" else OTHER
        return NI if lemma == "に" and p2 == "格助詞" else OTHER
    if p1 == "助動詞":
        return TA if lemma == "た" else ZU if lemma in ("ず", "ぬ") else AUX
    return OTHER


def compound_code(pos: tuple[str, ...], lemma: str, orth: str) -> int:
    """The bits the token loop reads: lead particle (0-3), leads accepted (4-7), followers needed (8-15; none
    = the compound is complete with this morpheme), this morpheme's follower class (16-23)."""
    code = follower_class(pos, lemma) << 16
    p1 = pos[0] if pos else ""
    if p1 == "助詞" and lemma in LEAD and len(pos) > 1 and pos[1] in ("格助詞", "係助詞"):
        return code | LEAD[lemma]
    entries = _TABLE.get(lemma)
    if not entries:
        return code
    cform = pos[5] if len(pos) > 5 else "*"
    accept = need_all = 0
    for mask, orth_rule, forms in entries:
        if orth_rule == "kana" and not _KANA_RE.match(orth or ""):
            continue
        if isinstance(orth_rule, frozenset) and orth not in orth_rule:
            continue
        if "ANY" in forms:
            return code | mask << 4  # complete at once: no follower needed
        need = 0
        if "NI" in forms:
            need |= NI
        if cform.startswith("連用形"):
            need |= (T if "T" in forms else 0) | (TA if "TA" in forms else 0)
            if "I" in forms and cform == "連用形-一般":
                need |= OTHER
        elif cform.startswith(("終止形", "連体形")):
            if "RU" in forms:
                return code | mask << 4
        elif cform.startswith("仮定形"):
            need |= BA if "BA" in forms else 0
        elif cform.startswith("未然形"):
            need |= ZU if "ZU" in forms else 0
        if need:
            accept |= mask
            need_all |= need
    return code | accept << 4 | need_all << 8 if accept else code
