"""Dictionary suggestions: runs of compound-noun material, C-value ranking, filters, examples, the TSV file."""

from __future__ import annotations

import math
from pathlib import Path

import fugashi
import pytest

from dxtext.errors import DictionaryError, DxtextError
from dxtext.io.corpus import read_corpus
from dxtext.text.dictionary import load_entries
from dxtext.text.suggest import (
    SUGGEST_COLUMNS,
    _tagger_args,
    candidate_runs,
    suggest_entries,
    write_suggestions,
)


@pytest.fixture(scope="module")
def tagger(tokenizer):  # type: ignore[no-untyped-def]
    return fugashi.GenericTagger(_tagger_args(tokenizer.user_dic))


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        # nouns + a noun suffix: one run
        ("福井県立恐竜博物館に行った", ["福井|県立|恐竜|博物|館"]),
        # a prefix joins the noun after it; two runs split by a particle
        ("新幹線開通で敦賀駅が混雑", ["新|幹線|開通", "敦賀|駅"]),
        # the honorific お is not part of a name; personal names, adverb-like nouns and numbers end runs
        ("お土産のソースカツ丼", ["ソース|カツ丼"]),
        ("山田太郎さんと今回の旅行", []),
        ("3泊4日の旅", []),
        # Latin letters and place names; a user-dictionary word can start a longer compound
        ("JR西日本で行く", ["JR|西|日本"]),
        ("マイナンバーカード交付窓口", ["マイナンバーカード|交付|窓口"]),
        # a space ends a run (a dictionary word never contains one)
        ("恐竜 博物館", ["博物|館"]),
    ],
)
def test_candidate_runs(tagger, text: str, runs: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert ["|".join(m.surface for m in run) for run in candidate_runs(text, tagger)] == runs


TEXTS = (
    ["福井県立恐竜博物館に行った。"] * 3
    + ["恐竜博物館が楽しかった。"] * 5
    + ["敦賀駅から歩いた。", "敦賀駅で降りた。", "姫路市から来た。", "姫路市の職員です。"]
    + ["観光案内が丁寧だった。", "観光案内を頼んだ。", "観光案内は無料。"]
    + ["ソースカツ丼ソースカツ丼ソースカツ丼"]  # frequent, but one document only
)


@pytest.fixture(scope="module")
def table(tokenizer):  # type: ignore[no-untyped-def]
    return suggest_entries(TEXTS, tokenizer=tokenizer, top=None, min_count=2, min_df=2).set_index("surface")


def test_suggestions_are_ranked_by_c_value(table) -> None:  # type: ignore[no-untyped-def]
    # 恐竜博物館: 3 morphemes, 8 occurrences, 3 of them inside 福井県立恐竜博物館 (the only longer candidate)
    assert table.loc["恐竜博物館", "score"] == round(math.log2(3) * (8 - 3), 1)
    assert table.loc["福井県立恐竜博物館", "score"] == round(math.log2(5) * 3, 1)
    assert table.loc["敦賀駅", "score"] == 2.0
    assert table.index[0] == "恐竜博物館"
    assert list(table["score"]) == sorted(table["score"], reverse=True)
    assert (table.loc["恐竜博物館", "tf"], table.loc["恐竜博物館", "df"]) == (8, 8)


def test_fragments_known_words_and_one_document_words_are_not_proposed(table) -> None:  # type: ignore[no-untyped-def]
    assert "恐竜博物" not in table.index  # always inside 恐竜博物館: a fragment
    assert "博物館" not in table.index  # the tokenizer already joins 博物+館
    assert "ソースカツ丼" not in table.index  # min_df=2: one respondent repeating a word
    assert "県立恐竜博物館" not in table.index  # 3 of 3 occurrences inside 福井県立恐竜博物館


@pytest.mark.parametrize(
    ("surface", "word_class", "parts"),
    [
        ("恐竜博物館", "普通名詞", "恐竜|博物|館"),
        ("福井県立恐竜博物館", "固有名詞", "福井|県立|恐竜|博物|館"),
        ("敦賀駅", "固有名詞", "敦賀|駅"),
        ("姫路市", "地名", "姫路|市"),
        ("観光案内", "サ変名詞", "観光|案内"),
    ],
)
def test_class_is_guessed_from_the_parts(table, surface: str, word_class: str, parts: str) -> None:  # type: ignore[no-untyped-def]
    assert (table.loc[surface, "class"], table.loc[surface, "parts"]) == (word_class, parts)
    assert table.loc[surface, "canonical"] == "" and table.loc[surface, "cost"] == ""


def test_readings_come_from_unidic(table) -> None:  # type: ignore[no-untyped-def]
    assert table.loc["敦賀駅", "reading"] == "ツルガエキ"
    assert table.loc["観光案内", "reading"] == "カンコウアンナイ"


def test_two_examples_from_different_documents_with_the_word_marked(table) -> None:  # type: ignore[no-untyped-def]
    assert table.loc["敦賀駅", "context1"] == "【敦賀駅】から歩いた。"
    assert table.loc["敦賀駅", "context2"] == "【敦賀駅】で降りた。"


def test_words_already_in_the_dictionary_are_not_proposed(tokenizer) -> None:  # type: ignore[no-untyped-def]
    texts = ["デジタル人材の育成", "デジタル人材が足りない", "データ連携基盤を作る", "データ連携基盤の整備"]
    assert suggest_entries(texts, tokenizer=tokenizer, min_count=2).empty


def test_examples_are_masked(tokenizer) -> None:  # type: ignore[no-untyped-def]
    texts = ["山田太郎さん(090-1234-5678)が観光案内をした", "鈴木花子さんの観光案内"]
    masked = suggest_entries(texts, tokenizer=tokenizer, min_count=2).set_index("surface")
    assert (
        "090-1234-5678" not in masked.loc["観光案内", "context1"]
        and "山田" not in masked.loc["観光案内", "context1"]
    )
    plain = suggest_entries(texts, tokenizer=tokenizer, min_count=2, mask=False).set_index("surface")
    assert "090-1234-5678" in plain.loc["観光案内", "context1"]


def test_bad_thresholds(tokenizer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DxtextError, match="at least 1"):
        suggest_entries(["観光案内"], tokenizer=tokenizer, min_count=0)


def test_the_file_round_trips_through_load_entries(table, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_suggestions(table.reset_index(), tmp_path / "s.tsv")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Suggested user-dictionary entries")
    assert "dxtext dict add --from s.tsv" in text
    header = next(line for line in text.splitlines() if not line.startswith("#"))
    assert tuple(header.split("\t")) == SUGGEST_COLUMNS
    entries = load_entries(path, extra_columns=True)
    assert [e.surface for e in entries] == list(table.index)
    assert entries[0].word_class == table["class"].iloc[0]
    with pytest.raises(DictionaryError, match="unknown 'tf'"):
        load_entries(path)  # the dictionary itself never takes the information columns


@pytest.mark.slow
def test_fukui_suggestions_are_real_place_and_product_names(fukui, tokenizer) -> None:  # type: ignore[no-untyped-def]
    corpus = read_corpus(fukui / "answers.csv", text_cols=["text"], id_col="answer_id")
    top = suggest_entries(corpus.texts, tokenizer=tokenizer, top=60)
    names = {
        "恐竜博物館", "福井駅", "ソースカツ丼", "越前そば", "羽二重餅", "芦原温泉", "北陸新幹線", "あわら温泉",
        "敦賀駅", "越前ガニ", "一乗谷", "レインボーライン", "えちぜん鉄道", "越前大仏", "越前松島水族館",
    }  # fmt: skip
    found = names & set(top["surface"])
    assert len(found) >= 12, sorted(names - found)
    plain = type(tokenizer)(dictionary=None)
    for name in found:  # unidic-lite alone splits every one of them
        assert len(plain(name)) > 1 or len(plain.analyze(name)) > 1, name
        assert "|" in top.set_index("surface").loc[name, "parts"]
