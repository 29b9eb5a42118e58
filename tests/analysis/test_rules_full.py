"""The complete KH Coder coding-rule language on hand-checked documents (tests/data/kh_full_rules.txt)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from conftest import REPO
from dxtext.analysis.rules import load_rules
from dxtext.analysis.rules.parser import cform_matches
from dxtext.analysis.themes import ThemeCoder
from dxtext.errors import RulesError
from dxtext.io.corpus import read_corpus

FULL_RULES = REPO / "tests" / "data" / "kh_full_rules.txt"

# (id, h1, 年代, 年齢, text) → themes; kept words and forms checked with Tokenizer.analyze:
# d2 買っ 連用形-促音便 / 買い 連用形-一般; d3 買わ 未然形-一般; d5 買え 仮定形-一般; d6 狭く 連用形-一般.
# lw = kept content words, lc = characters; No. = reading order.
DOCS = [
    (
        "d1",
        "交通",
        "20代",
        "25",
        "駐車場が狭い。",
        {"連続", "品詞", "基本形", "近い", "同じ文", "短い", "二十代", "交通の見出し"},
    ),
    (
        "d2",
        "買物",
        "30代",
        "35",
        "お土産を買った。また買いたい。",
        {"基本", "連用タ接続", "一回でない", "長い文字"},
    ),
    ("d3", "買物", "40代", "45", "高くて買わなかった。駐車場は広い。", {"未然形", "長い文字", "四十歳以上"}),
    (
        "d4",
        "交通",
        "20代",
        "",
        "駐車場が遠い。狭いし不便だ。",
        {"基本", "品詞", "基本形", "近い", "同じ段落の順序", "番号", "二十代", "交通の見出し", "組み合わせ"},
    ),
    (
        "d5",
        "買物",
        "50代",
        "55",
        "これを買えばよい。",
        {"書かれた形", "一回でない", "短い", "比", "番号", "四十歳以上"},
    ),
    (
        "d6",
        "交通",
        "60代",
        "65",
        "駐車場が狭くて駐車場が不便だ。",
        {
            "基本",
            "連続",
            "品詞",
            "近い",
            "同じ文",
            "同じ段落の順序",
            "合計",
            "一回でない",
            "長い文字",
            "四十歳以上",
            "交通の見出し",
        },
    ),
]


@pytest.fixture(scope="module")
def coded(tokenizer, tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("full") / "survey.csv"
    frame = pd.DataFrame([d[:5] for d in DOCS], columns=["id", "h1", "年代", "年齢", "text"])
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    corpus = read_corpus(path, text_cols=["text"], id_col="id")
    tokens = tokenizer.tokenize_corpus(corpus, cache_dir=None)
    return ThemeCoder(FULL_RULES, tokenizer=tokenizer).fit(tokens, texts=corpus)


def test_the_rule_file_has_every_construct() -> None:
    text = FULL_RULES.read_text(encoding="utf-8")
    for construct in (
        "'",
        "+",
        "-->",
        "->基本形",
        "->連用タ接続",
        "=>",
        "near(",
        "seq(",
        "[b]",
        "[d]",
        " + ",
        " / ",
        "!=",
        "lw",
        "lc",
        "No.",
        "<>年代-->",
        "<>年齢<>",
        "<>見出し1-->",
        "<*",
        "|",
        "&",
        "not",
    ):
        assert construct in text, construct
    assert len(load_rules(FULL_RULES)) == 20


@pytest.mark.parametrize(("doc_id", "h1", "age", "years", "text", "expected"), DOCS, ids=[d[0] for d in DOCS])
def test_every_construct_on_hand_checked_documents(coded, doc_id, h1, age, years, text, expected) -> None:  # type: ignore[no-untyped-def]
    row = coded.coded_.loc[doc_id]
    got = {name for name, v in row.items() if v}
    assert got == expected, f"{text}: got {sorted(got)}, expected {sorted(expected)}"


def test_lw_is_a_length_not_a_word(tokenizer) -> None:  # type: ignore[no-untyped-def]
    """`lw <= 10` used to be read as the word "lw" (absent, so count 0 <= 10) and coded every document."""
    from dxtext.analysis.rules import parse_rules

    texts = ["駐車場", "駐車場が狭くて駐車場が不便だし遠いし高いし汚い"]
    coder = ThemeCoder(parse_rules("*短い\nlw <= 3\n*長い\nlw > 3"), tokenizer=tokenizer)
    coder.fit([tokenizer(t) for t in texts], texts=texts)
    assert coder.coded_["短い"].tolist() == [1, 0]
    assert coder.coded_["長い"].tolist() == [0, 1]


# label → UniDic cForm → matches
CFORMS = [
    ("連用タ接続", "連用形-促音便", True),
    ("連用タ接続", "連用形-一般", False),
    ("連用形", "連用形-促音便", True),
    ("連用形-一般", "連用形-促音便", False),
    ("基本形", "終止形-一般", True),
    ("基本形", "連体形-一般", True),
    ("基本形", "未然形-一般", False),
    ("未然ウ接続", "意志推量形", True),
    ("仮定形", "仮定形-一般", True),
    ("命令e", "命令形", True),
    ("未然形", "", False),
]


@pytest.mark.parametrize(("label", "cform", "expected"), CFORMS)
def test_conjugation_names_map_onto_unidic(label: str, cform: str, expected: bool) -> None:
    assert cform_matches(label, cform) is expected


def test_attribute_conditions_name_the_closest_attribute(tokenizer, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dxtext.analysis.rules import parse_rules

    path = tmp_path / "s.csv"
    pd.DataFrame({"id": ["a"], "年代": ["20代"], "text": ["駐車場"]}).to_csv(path, index=False)
    corpus = read_corpus(path, text_cols=["text"], id_col="id")
    tokens = tokenizer.tokenize_corpus(corpus, cache_dir=None)
    with pytest.raises(
        RulesError, match=r"r.txt:2: <>年台-->20代: the corpus has no attribute '年台'; did you mean 年代"
    ):
        ThemeCoder(parse_rules("*A\n<>年台-->20代", source="r.txt"), tokenizer=tokenizer).fit(
            tokens, texts=corpus
        )
    with pytest.raises(RulesError, match=r"r.txt:2: .*no headings of level 2"):
        ThemeCoder(parse_rules("*A\n<>見出し2-->交通", source="r.txt"), tokenizer=tokenizer).fit(
            tokens, texts=corpus
        )
    coder = ThemeCoder(parse_rules("*A\n<>年代-->20台", source="r.txt"), tokenizer=tokenizer).fit(
        tokens, texts=corpus
    )
    assert coder.coded_["A"].tolist() == [0]
    assert any("did you mean 20代" in w for w in coder.warnings_)


def test_headings_of_a_kh_coder_record(tokenizer) -> None:  # type: ignore[no-untyped-def]
    from dxtext.analysis.rules import parse_rules

    corpus = read_corpus(REPO / "tests" / "data" / "minutes_khcoder.txt", unit="paragraph")
    tokens = tokenizer.tokenize_corpus(corpus, cache_dir=None)
    # a heading with a space is quoted, as in KH Coder: "<>見出し1-->…"
    rules = parse_rules('*部1\n"<>見出し1-->第1部 庁内の体制"\n*人材\n<>見出し2-->人材')
    coded = ThemeCoder(rules, tokenizer=tokenizer).fit(tokens, texts=corpus).coded_
    h = corpus.used.set_index("doc_id")
    assert coded["部1"].tolist() == (h["h1"] == "第1部 庁内の体制").astype(int).tolist()
    assert coded["人材"].tolist() == (h["h2"] == "人材").astype(int).tolist()
    assert coded["部1"].sum() == 5 and coded["人材"].sum() == 3
