"""Theme rules (KH Coder's coding-rule syntax), coding, crosstabs and the `dxtext themes` command."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from conftest import REPO, SAMPLE_SURVEY
from dxtext.analysis.themes import (
    ThemeCoder,
    characteristic_words,
    code_documents,
    cooccurrence_pairs,
    crosstab,
    group_order,
    load_rules,
    parse_rules,
    theme_cooccurrence,
)
from dxtext.errors import RulesError

KH_RULES = REPO / "tests" / "data" / "kh_style_rules.txt"
DEFAULT_RULES = REPO / "dictionaries" / "themes.txt"

# Hand-made documents and the themes each must get from tests/data/kh_style_rules.txt, checked by hand
# (positions count content words: 人材の育成 → 人材 育成).
CONSTRUCT_TABLE = [
    ("d01", "人材の育成とキャリアパスの設計が課題だ。", {"単語", "順不同", "順序", "参照", "否定"}),
    ("d02", "育成すべき人材が足りない。", {"順不同", "否定"}),
    ("d03", "都道府県との関係とマイナカードの普及。", {"全角の名前", "表記ゆれ", "参照_否定"}),
    ("d04", "レガシーのシステムを更新する。", {"部分文字列", "連続", "順序_距離"}),
    ("d05", "システムの老朽化で更新が遅れた。", set()),
    ("d06", "県との連携を進める。", {"近接", "近接_既定", "参照"}),
    ("d07", "県は遠いが、それでも長い時間をかけて最後に連携した。", {"近接_既定"}),
    ("d08", "職員の研修を行い、職員が増えた。", {"回数", "品詞"}),
    ("d09", "国からの支援は、説明会の資料が届くだけで、実際の予算や人の支援はない。", {"回数"}),
    ("d10", "窓口での申請をオンライン化した。", {"記号演算子"}),
    ("d11", "窓口でマイナンバーカードを交付した。", {"表記ゆれ", "参照_否定"}),
    ("d12", "デジタル庁の方針が変わった。", {"KH品詞名"}),
    ("d13", "研修を受けた。", {"品詞"}),
]


@pytest.fixture(scope="module")
def construct_coding(tokenizer):  # type: ignore[no-untyped-def]
    ids = [d for d, _, _ in CONSTRUCT_TABLE]
    texts = [t for _, t, _ in CONSTRUCT_TABLE]
    tokens = [tokenizer(t) for t in texts]
    return ThemeCoder(KH_RULES, tokenizer=tokenizer).fit(
        tokens, texts=texts, doc_ids=ids, word_classes=tokenizer.word_classes
    )


def test_rule_file_uses_every_construct() -> None:
    rules = load_rules(KH_RULES)
    kinds = {
        type(a).__name__ + ("_seq" if getattr(a, "ordered", False) else "") for r in rules for a in r.atoms()
    }
    assert kinds == {"Word", "Substring", "Phrase", "Near", "Near_seq", "Ref"}
    text = KH_RULES.read_text(encoding="utf-8")
    for construct in ("->", "-->", ">=", " > ", "＊", "|", "&", "!", "not", "and", "or", "(", "#"):
        assert construct in text, construct
    assert rules.get("近接_既定").expr.distance == 10  # KH Coder's default


@pytest.mark.parametrize(
    ("doc_id", "text", "expected"), CONSTRUCT_TABLE, ids=[d for d, _, _ in CONSTRUCT_TABLE]
)
def test_each_construct_on_hand_checked_documents(construct_coding, doc_id, text, expected) -> None:  # type: ignore[no-untyped-def]
    row = construct_coding.coded_.loc[doc_id]
    got = {name for name, v in row.items() if v}
    assert got == expected, f"{text}: got {sorted(got)}, expected {sorted(expected)}"


def test_no_document_matches_a_word_class_it_does_not_have(construct_coding) -> None:  # type: ignore[no-untyped-def]
    assert construct_coding.coded_["品詞_不一致"].sum() == 0


def test_output_is_int8_in_rule_order(construct_coding) -> None:  # type: ignore[no-untyped-def]
    coded = construct_coding.coded_
    assert list(coded.columns) == load_rules(KH_RULES).names
    assert set(np.unique(coded.to_numpy())) <= {0, 1}
    assert all(str(t) == "int8" for t in coded.dtypes)
    assert coded.index.name == "doc_id"


def test_words_report_says_how_each_word_was_matched(tokenizer) -> None:  # type: ignore[no-untyped-def]
    rules = parse_rules("*A\nマイナカード or システム更新 or する or 窓口 or 存在しない語", source="r.txt")
    texts = ["マイナンバーカードで窓口へ", "システムの更新"]
    coder = ThemeCoder(rules, tokenizer=tokenizer).fit([tokenizer(t) for t in texts], texts=texts)
    how = dict(zip(coder.words_["word"], coder.words_["how"], strict=True))
    assert how == {
        "マイナカード": "mapped",  # surface form → lemma マイナンバーカード
        "システム更新": "split",  # the tokenizer splits it: a phrase システム+更新
        "する": "dropped",  # a light verb in the stopword list: it can never match
        "窓口": "lemma",
        "存在しない語": "text",  # し, ない are not counted: matched as written, never as 存在 + 語
    }
    assert coder.coded_["A"].tolist() == [1, 1]
    atoms = coder.atoms_.set_index("atom")
    assert atoms.loc["マイナカード", "documents"] == 1
    assert atoms.loc["システム更新", "in_theme"] == 1


def test_substring_matches_normalised_text_and_needs_texts(tokenizer) -> None:  # type: ignore[no-untyped-def]
    rules = parse_rules("*AI\n'ＡＩ－ＯＣＲ' or 'it''s'")
    texts = ["AI-OCRを入れた", "it's fine", "OCRだけ"]
    coded = code_documents([tokenizer(t) for t in texts], texts=texts, rules=rules)
    assert coded["AI"].tolist() == [1, 1, 0]
    with pytest.raises(RulesError, match="needs the document texts"):
        code_documents([tokenizer(t) for t in texts], rules=rules)


def test_counts_and_comparisons() -> None:
    rules = parse_rules("*ge\na >= 2\n*gt\na > 2\n*le\na <= 1\n*lt\na < 1\n*eq\na == 2\n*eq1\na = 1")
    tokens = [["a"], ["a", "a"], ["a", "a", "a"], ["b"]]
    coded = code_documents(tokens, rules=rules)
    assert coded.to_dict("list") == {
        "ge": [0, 1, 1, 0],
        "gt": [0, 0, 1, 0],
        "le": [1, 0, 0, 1],
        "lt": [0, 0, 0, 1],
        "eq": [0, 1, 0, 0],
        "eq1": [1, 0, 0, 0],
    }


@pytest.mark.parametrize(
    ("entries", "distance", "ordered", "expected"),
    [
        # (position, element) lists of one document → matches
        ([(0, 0), (3, 1)], 3, False, 1),
        ([(0, 0), (4, 1)], 3, False, 0),
        ([(0, 1), (2, 0)], 3, False, 1),  # near: any order
        ([(0, 1), (2, 0)], 3, True, 0),  # seq: in order only
        ([(0, 0), (1, 0), (2, 1)], 1, False, 1),  # a a b: counted once, from the a next to b
        ([(0, 0), (5, 1), (9, 2)], 5, True, 1),  # chained: each within 5 of the previous
        ([(0, 0), (5, 1), (11, 2)], 5, True, 0),
        ([(0, 0), (100, 1)], None, True, 1),  # [0]: no limit
    ],
)
def test_near_and_seq_scanning(entries, distance, ordered, expected) -> None:  # type: ignore[no-untyped-def]
    from dxtext.analysis.themes import _chain_count

    k = len({e for _, e in entries})
    assert _chain_count(sorted(entries), k, distance, ordered) == expected


def test_near_rejoins_hyphenated_lemmas(tokenizer) -> None:  # type: ignore[no-untyped-def]
    rules = parse_rules("*A\nnear(AI-OCR-RPA)[2]")
    texts = ["AI-OCRとRPAを導入", "AIとOCRとRPA"]
    coded = code_documents([tokenizer(t) for t in texts], texts=texts, rules=rules, tokenizer=tokenizer)
    assert coded["A"].tolist() == [1, 0]


# -- errors: file:line and the construct, never silently ignored ----------------------------------------------

BAD_RULES = [
    ("*A\ndist(職員,県) or 国", 2, "dist(...)"),
    ("*A\ncode::B", 2, "code::"),
    ("*A\n国\n  or <>見出し1<>はじめに", 3, "<>"),
    ("*A\n国 県", 2, "without and/or"),
    ("*A\n( 国 or 県", 2, "not closed"),
    ("国 or 県\n*A\n国", 1, "before the first *name"),
    ("*A\n国\n＊A\n県", 3, "used twice"),
    ("*A\n\n*B\n国", 1, "no expression"),
    ("*A\n'国", 2, "quote is not closed"),
    ('*A\n"国"', 2, "single quotes"),
    ("*A\nnear(国-県)[x]", 2, "not a distance"),
    ("*A\nnear(国)[3]", 2, "two or more words"),
    ("*A\n国 or", 2, "ends after an operator"),
    ("*A\nand 国", 2, "operator where a condition"),
    ("*A\n国,県", 2, "unsupported construct"),
    ("*A\n( 国 or 県 ) >= 2", 2, "count comparison"),
    ("*A\n<*レガシ> or 国\n*レガシー\n県", 2, "<*レガシー>"),
    # the document measures must be compared: `lw <= 10` once read as the word "lw" and coded everything
    ("*A\nlw", 2, "lw is a number about the document"),
    ("*A\n国 or lc", 2, "lc is a number about the document"),
    ("*A\nNo. + 1", 2, "No. + 1 is a number about the document"),
    ("*A\n<>年齢<> and 国", 2, "<>年齢<> is a number about the document"),
    ("*A\nNo.3", 2, "No. is compared on its own"),
    ("*A\n行く->未定義形", 2, "unknown word class or conjugation form '未定義形'"),
    ("*A\n行く-->動詞->基本", 2, "unknown conjugation form '基本'"),
    ("*A\n行く-->動く->基本形", 2, "unknown word class '動く'"),
    ("*A\n買う=>", 2, "=> needs the form"),
    ("*A\n<>年代", 2, "not a <>variable condition"),
    ("*A\n国 +", 2, "ends after an operator"),
    ("*A\n+ 国", 2, "arithmetic operator without a count"),
    ("*A\n国 >=", 2, "needs a number or a count"),
    ("*A\n( 国 and 県 ) + 2 >= 3", 2, "count comparison"),
]


@pytest.mark.parametrize(("text", "line", "fragment"), BAD_RULES, ids=[f for _, _, f in BAD_RULES])
def test_unsupported_or_malformed_rules_name_file_line_and_construct(text, line, fragment) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RulesError) as err:
        parse_rules(text, source="rules.txt")
    message = str(err.value)
    assert message.startswith(f"rules.txt:{line}: "), message
    assert fragment in message
    assert message.rstrip().endswith(".")


def test_reference_cycle_is_named() -> None:
    with pytest.raises(RulesError, match=r"rules.txt:6: <\*A>: .*circle \(A → B → C → A\)"):
        parse_rules("*A\n<*B> or 国\n*B\n<*C>\n*C\n<*A>", source="rules.txt")
    with pytest.raises(RulesError, match="circle"):
        parse_rules("*A\n<*A> or 国", source="rules.txt")


def test_operators_precedence_and_spellings() -> None:
    rules = parse_rules("*A\na or b and not c\n*B\na |! b &! c\n*C\nNOT a AND b\n*D\n(a or b)and(c)")
    assert str(rules.get("A").expr) == "a or ( b and not c )"
    assert str(rules.get("B").expr) == "a or ( not b and not c )"
    assert str(rules.get("C").expr) == "not a and b"
    assert str(rules.get("D").expr) == "( a or b ) and c"


def test_full_width_syntax_and_references_by_normalised_name() -> None:
    rules = parse_rules("＊官民（共創）\n企業　ｏｒ　大学\n*B\n<＊官民(共創)> ＞＝ 1")
    assert rules.names == ["官民（共創）", "B"]
    assert str(rules.get("B").expr) == "<*官民(共創)> >= 1"
    coded = code_documents([["企業"], ["市"]], rules=rules)
    assert coded["B"].tolist() == [1, 0]


def test_rule_file_in_cp932_and_missing_file(tmp_path: Path) -> None:
    p = tmp_path / "rules_sjis.txt"
    p.write_bytes("＊人材\nキャリアパス or 人事異動\n".encode("cp932"))
    rules = load_rules(p)
    assert rules.names == ["人材"]
    assert len(rules.sha256) == 16
    with pytest.raises(RulesError, match="not found"):
        load_rules(tmp_path / "nope.txt")


# -- the default municipal-DX rules ---------------------------------------------------------------------------

REQUIRED_THEMES = [
    "レガシーシステム・システム更新",
    "国・都道府県との関係",
    "デジタル人材・キャリアパス・人事",
    "官民連携・共創",
    "マイナンバー・本人確認",
    "データ利活用・EBPM",
    "窓口・手続のデジタル化",
    "広域連携",
    "オープンデータ",
    "セキュリティ・個人情報",
    "業務効率化",
    "住民参加",
]


def test_default_rules_cover_the_required_themes() -> None:
    names = load_rules(DEFAULT_RULES).names
    for theme in REQUIRED_THEMES:
        assert any(n.startswith(theme) for n in names), theme
    rule = {n.split(" ")[0]: load_rules(DEFAULT_RULES).get(n) for n in names}
    words = {w.text for w in rule["業務効率化"].words()}
    assert {"AI-OCR", "RPA"} <= words
    assert {"Decidim", "アイデアソン"} <= {w.text for w in rule["住民参加"].words()}


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("基幹系システムの更新とガバメントクラウドへの移行", "レガシーシステム・システム更新"),
        ("県からの照会が多く、国の方針も頻繁に変わる", "国・都道府県との関係"),
        ("情報部門の職員のキャリアパスと人事異動", "デジタル人材・キャリアパス・人事"),
        ("地元企業と連携協定を結んだ", "官民連携・共創"),
        ("マイナカードの交付と本人確認", "マイナンバー・本人確認"),
        ("EBPMのためのデータ分析", "データ利活用・EBPM"),
        ("書かない窓口とオンライン申請", "窓口・手続のデジタル化"),
        ("近隣の市町村と共同調達を進める", "広域連携"),
        ("オープンデータをCSVで公開", "オープンデータ"),
        ("情報セキュリティポリシーと個人情報保護", "セキュリティ・個人情報"),
        ("AI-OCRとRPAで業務効率化", "業務効率化 (AI-OCR, RPA …)"),
        ("Decidimとアイデアソンで住民参加", "住民参加 (Decidim, アイデアソン)"),
    ],
)
def test_default_rules_on_made_up_sentences(tokenizer, text, theme) -> None:  # type: ignore[no-untyped-def]
    coded = code_documents([tokenizer(text)], texts=[text], rules=DEFAULT_RULES, tokenizer=tokenizer)
    assert coded.loc["0", theme] == 1


def test_default_rules_mark_the_minutes_passages(shared_minutes, tokenizer) -> None:  # type: ignore[no-untyped-def]
    """On the study-group minutes (one document per bullet), the passages on legacy systems, on the
    prefecture/state and on digital talent and career paths are marked — located by their words, so that no
    sentence of the minutes is copied here."""
    from dxtext.io.corpus import read_corpus

    corpus = read_corpus(shared_minutes, unit="bullet")
    tok = tokenizer.tokenize_corpus(corpus)
    coded = code_documents(tok, texts=corpus, rules=DEFAULT_RULES, tokenizer=tokenizer)
    words = dict(zip(tok.doc_ids, map(set, tok.tokens), strict=True))
    legacy = {d for d, w in words.items() if "レガシー" in w or "ガバメントクラウド" in w}
    state = {d for d, w in words.items() if "都道府県" in w and "市町村" in w}
    career = {d for d, w in words.items() if "キャリアパス" in w or "人事" in w}
    assert legacy and state and career
    assert coded.loc[sorted(legacy), "レガシーシステム・システム更新"].all()
    assert coded.loc[sorted(state), "国・都道府県との関係"].all()
    assert coded.loc[sorted(career), "デジタル人材・キャリアパス・人事"].all()
    # and the themes stay specific: most bullets are not about legacy systems
    assert coded["レガシーシステム・システム更新"].mean() < 0.25


# -- crosstab ---------------------------------------------------------------------------------------------


def _crosstab_fixture() -> tuple[pd.DataFrame, pd.Series]:
    # group A: 10 docs, 8 with X; group B: 10 docs, 2 with X; group C: 5 docs, 2 with X; 3 docs without group
    x = [1] * 8 + [0] * 2 + [1] * 2 + [0] * 8 + [1] * 2 + [0] * 3 + [1, 0, 0]
    y = [i % 2 for i in range(len(x))]
    ids = [f"d{i}" for i in range(len(x))]
    coded = pd.DataFrame({"X": x, "Y": y}, index=pd.Index(ids, name="doc_id")).astype("int8")
    groups = pd.Series(["A"] * 10 + ["B"] * 10 + ["C"] * 5 + ["", "", ""], index=ids)
    return coded, groups


def test_crosstab_counts_percent_chi2_and_adjusted_residuals() -> None:
    from scipy.stats import chi2_contingency

    coded, groups = _crosstab_fixture()
    ct = crosstab(coded, groups, attribute="規模")
    assert ct.groups == ["B", "A", "C"] or ct.groups == ["A", "B", "C"]  # by size, then label
    assert ct.excluded == 3
    assert ct.counts.loc["A", "文書数"] == 10 and ct.counts.loc["A", "X"] == 8
    assert ct.counts.loc["合計", "文書数"] == 25 and ct.counts.loc["合計", "X"] == 12
    assert ct.percent.loc["B", "X"] == pytest.approx(20.0)
    # adjusted standardised residual of A, by hand: E = 10·12/25 = 4.8
    e = 10 * 12 / 25
    r = (8 - e) / math.sqrt(e * (1 - 10 / 25) * (1 - 12 / 25))
    assert ct.residuals.loc["A", "X"] == pytest.approx(r)
    assert r > 1.96 and ct.marks().loc["A", "X"] == "▲"
    assert ct.marks().loc["B", "X"] == "▽"
    table = np.array([[8, 2], [2, 8], [2, 3]])
    chi2, p, dof, _ = chi2_contingency(table, correction=False)
    test = ct.tests.set_index("theme").loc["X"]
    assert test["chi2"] == pytest.approx(chi2) and test["p"] == pytest.approx(p) and test["dof"] == dof
    two = crosstab(coded[groups.isin(["A", "B"])], groups[groups.isin(["A", "B"])])
    t2 = two.tests.set_index("theme").loc["X", "chi2"]
    assert t2 == pytest.approx(two.residuals.loc["A", "X"] ** 2)  # χ² agrees with the residuals
    high, low = ct.highlights("X")
    assert [h["group"] for h in high] == ["A"] and [x["group"] for x in low] == ["B"]
    assert ct.frames()["crosstab_long"].shape[0] == 3 * 2
    with_missing = crosstab(coded, groups, attribute="規模", include_missing=True)
    assert "(空欄)" in with_missing.groups and with_missing.excluded == 0


def test_chi2_matches_scipy_on_random_tables() -> None:
    from scipy.stats import chi2_contingency

    rng = np.random.default_rng(1)
    coded = pd.DataFrame(rng.random((400, 4)) < [0.1, 0.3, 0.5, 0.05], columns=list("ABCD")).astype("int8")
    coded.index = coded.index.astype(str)
    groups = pd.Series(rng.choice(["g1", "g2", "g3", "g4", "g5"], size=400), index=coded.index)
    ct = crosstab(coded, groups)
    for theme in "ABCD":
        table = pd.crosstab(groups, coded[theme]).to_numpy()
        chi2, p, dof, _ = chi2_contingency(table, correction=False)
        got = ct.tests.set_index("theme").loc[theme]
        assert got["chi2"] == pytest.approx(chi2) and got["p"] == pytest.approx(p) and got["dof"] == dof


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (
            ["50万人以上 (政令市含む)", "5〜20万人", "5万人未満", "20〜50万人"],
            ["5万人未満", "5〜20万人", "20〜50万人", "50万人以上 (政令市含む)"],
        ),
        (["60代", "10歳未満", "20代", "80歳以上", "10代"], ["10歳未満", "10代", "20代", "60代", "80歳以上"]),
        (["関東", "近畿", "関東", "九州"], ["関東", "九州", "近畿"]),  # no numbers: largest first, then label
    ],
)
def test_group_order(labels, expected) -> None:  # type: ignore[no-untyped-def]
    counts = pd.Series(labels).value_counts().to_dict()
    assert group_order(labels, counts) == expected


def test_theme_cooccurrence_jaccard() -> None:
    coded = pd.DataFrame({"A": [1, 1, 0, 1], "B": [1, 0, 0, 1], "C": [0, 0, 1, 0]}, dtype="int8")
    jac = theme_cooccurrence(coded)
    assert jac.loc["A", "B"] == pytest.approx(2 / 3)
    assert jac.loc["A", "C"] == 0 and jac.loc["A", "A"] == 1
    pairs = cooccurrence_pairs(coded)
    assert pairs.iloc[0].to_dict() == {
        "theme_a": "A",
        "theme_b": "B",
        "documents": 2,
        "jaccard": pytest.approx(0.6667),
    }
    assert len(pairs) == 1


def test_characteristic_words_rank_by_log_odds() -> None:
    import scipy.sparse as sp

    # word 0 in all theme docs and no other; word 1 everywhere; word 2 in one theme doc
    B = sp.csr_matrix(np.array([[1, 1, 1], [1, 1, 0], [1, 1, 0], [0, 1, 0], [0, 1, 0], [0, 1, 1]]))
    mask = np.array([1, 1, 1, 0, 0, 0], dtype=bool)
    frame = characteristic_words(B, ["特徴", "共通", "まれ"], mask, min_docs=2)
    assert frame["word"].tolist() == ["特徴"]
    assert frame.iloc[0]["pct_in"] == 100.0 and frame.iloc[0]["pct_out"] == 0.0


def test_coding_58k_documents_is_fast() -> None:
    """Vectorised evaluation: 60,000 documents, every construct, in seconds."""
    rng = np.random.default_rng(0)
    vocab = [f"w{i}" for i in range(3000)]
    tokens = [[vocab[j] for j in rng.integers(0, 3000, size=rng.integers(2, 12))] for _ in range(60_000)]
    texts = [" ".join(t) for t in tokens]
    rules = parse_rules(
        "*a\nw1 or w2 and not w3\n*b\nw4+w5 or near(w6-w7)[3] or seq(w8-w9)[2]\n*c\n'w10 ' or w11 >= 2\n*d\n<*a> and <*b>"
    )
    started = time.perf_counter()
    coded = code_documents(tokens, texts=texts, rules=rules)
    elapsed = time.perf_counter() - started
    assert elapsed < 20, f"{elapsed:.1f} s"
    # spot-check against a plain Python evaluation
    for i in range(0, 60_000, 997):
        t = tokens[i]
        a = ("w1" in t) or (("w2" in t) and ("w3" not in t))
        assert coded.iloc[i]["a"] == int(a)
        c = (" ".join(t) + " ").count("w10 ") > 0 or t.count("w11") >= 2
        assert coded.iloc[i]["c"] == int(c or ("w10 " in texts[i]))


# -- the command ---------------------------------------------------------------------------------------------


@pytest.fixture()
def small_survey(tmp_path: Path) -> Path:
    rows = [
        ("1", "5万人未満", "基幹系システムの更新が遅れている。ベンダーの見積もりが高い。"),
        ("2", "5万人未満", "県の支援がほしい。国の方針が分かりにくい。"),
        ("3", "5万人未満", "レガシーシステムの保守が大変。"),
        ("4", "50万人以上", "デジタル人材の採用とキャリアパスを設計中。"),
        ("5", "50万人以上", "キャリアパスが見えず、人事異動で人材が育たない。"),
        ("6", "50万人以上", "官民連携でスマートシティを進める。"),
        ("7", "", "特になし"),
    ]
    frame = pd.DataFrame(rows, columns=["id", "人口規模", "自由記述"])
    path = tmp_path / "survey.csv"
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def test_cli_themes_writes_tables_heatmap_and_metadata(small_survey: Path, tmp_path: Path) -> None:
    from dxtext.cli.app import app

    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["themes", str(small_survey), "--id-col", "id", "--by", "人口規模", "--out", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    folder = next(out.glob("themes_survey_*"))
    names = {p.name for p in folder.iterdir()}
    assert {
        "documents.csv",
        "themes.csv",
        "crosstab_counts.csv",
        "crosstab_percent.csv",
        "crosstab_residuals.csv",
        "chi2.csv",
        "cooccurrence.csv",
        "cooccurrence_pairs.csv",
        "words.csv",
        "themes.xlsx",
        "crosstab_heatmap.png",
        "metadata.json",
        "ledger.json",
    } <= names
    raw = (folder / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Excel
    docs = pd.read_csv(folder / "documents.csv", encoding="utf-8-sig", dtype=str)
    assert list(docs.columns[:2]) == ["doc_id", "人口規模"]
    assert docs.set_index("doc_id").loc["5", "デジタル人材・キャリアパス・人事"] == "1"
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    assert meta["rules"]["sha256"] == load_rules(DEFAULT_RULES).sha256
    assert meta["parameters"]["by"] == "人口規模"
    assert (folder / "crosstab_heatmap.png").read_bytes()[:4] == b"\x89PNG"
    assert "χ²" in result.output and "5万人未満" in result.output


def test_cli_themes_bad_rule_file_is_one_clear_line(small_survey: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    rules = tmp_path / "bad.txt"
    rules.write_text("*A\n国 or\n  dist(国,県)\n", encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "dxtext",
            "themes",
            str(small_survey),
            "--rules",
            str(rules),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines()[-1] == (
        f"error: {rules}:3: dist(国,県): unsupported construct dist(...); dxtext supports near(a-b)[n] and "
        "seq(a-b)[n]; see docs/themes.md for the supported syntax."
    )
    assert "Traceback" not in proc.stderr


def test_cli_themes_on_the_sample_survey_shows_group_differences(tmp_path: Path) -> None:
    from dxtext.cli.app import app

    if not SAMPLE_SURVEY.is_file():
        pytest.skip("sample survey not bundled")
    result = CliRunner().invoke(
        app,
        [
            "themes",
            str(SAMPLE_SURVEY),
            "--id-col",
            "回答ID",
            "--by",
            "人口規模",
            "--out",
            str(tmp_path),
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    folder = next(tmp_path.glob("themes_*"))
    chi2 = pd.read_csv(folder / "chi2.csv", encoding="utf-8-sig")
    assert (chi2["p"] < 0.05).any()  # some theme differs by city size
    resid = pd.read_csv(folder / "crosstab_residuals.csv", encoding="utf-8-sig")
    assert (resid.drop(columns="人口規模").abs() >= 1.96).any().any()
