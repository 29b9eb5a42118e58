"""The tokenizer: expected tokens as tables (unidic-lite 1.0.8 + the municipal-DX dictionary, pinned)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dxtext.io.corpus import read_corpus
from dxtext.text.tokenize import Tokenizer, clean_lemma

# sentence → kept lemmas with the shipped dictionary and stopwords
CASES = [
    ("マイナカードの普及が進まない。", ["マイナンバーカード", "普及", "進む"]),
    (
        "ガバクラへの移行で基幹系システムの標準化が大変だ。",
        ["ガバメントクラウド", "移行", "基幹系システム", "標準化", "大変"],
    ),
    ("都道府県と市区町村の役割分担", ["都道府県", "市区町村", "役割", "分担"]),
    ("デジタル人材のキャリアパスを考えたい", ["デジタル人材", "キャリアパス", "考える"]),
    ("AI-OCRとRPAで業務効率化", ["AI-OCR", "RPA", "業務効率化"]),
    # 非自立可能 words: dropped as auxiliaries (書いて・ある, 見て・いく), kept as content (駐車場が・ない)
    ("書いてある説明を見ていくと分かりやすかった", ["書く", "説明", "見る", "分かる"]),
    ("駐車場がなくて困った", ["駐車場", "ない", "困る"]),  # 無い shown as written (wordforms)
    ("景色がとても良かったです", ["景色", "良い"]),
    # suffixes join the noun before them; honorifics do not
    ("博物館と駐車場、標準化と効率化", ["博物館", "駐車場", "標準化", "効率化"]),
    ("山田さんに相談した", ["山田", "相談"]),
    # proper nouns keep their written form (UniDic's lemma would be katakana: フクイ)
    ("福井駅から永平寺へ", ["福井", "駅", "永平寺"]),
    # pronouns, numerals, particles, light verbs and formal nouns are not content
    ("私たちはそれを検討することにした", ["検討"]),
    ("3つの課題がある", ["課題"]),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_tokens(tokenizer: Tokenizer, sentence: str, expected: list[str]) -> None:
    assert tokenizer(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("マイナンバーカードを申請した", ["マイ", "ナンバー", "カード", "申請"]),
        ("ガバメントクラウドへ移行", ["ガバメント", "クラウド", "移行"]),
        ("キャリアパスの設計", ["キャリア", "パス", "設計"]),
    ],
)
def test_without_dictionary_domain_words_split(sentence: str, expected: list[str]) -> None:
    assert Tokenizer(dictionary=None)(sentence) == expected


@pytest.mark.parametrize(
    ("lemma", "clean"),
    [
        ("クラウド-crowd", "クラウド"),
        ("円-助数詞", "円"),
        ("スタートアップ-start-up", "スタートアップ"),
        ("AI-OCR", "AI-OCR"),
        ("e-Tax", "e-Tax"),
        ("課題", "課題"),
    ],
)
def test_clean_lemma(lemma: str, clean: str) -> None:
    assert clean_lemma(lemma) == clean


def test_analyze_agrees_with_call(tokenizer: Tokenizer) -> None:
    for sentence, _ in CASES:
        tokens = tokenizer.analyze(sentence)
        assert [t.lemma for t in tokens if t.kept] == tokenizer(sentence)
        for t in tokens:
            assert sentence[t.start : t.end] == t.surface


def test_word_classes(tokenizer: Tokenizer) -> None:
    classes = {
        t.lemma: t.word_class
        for t in tokenizer.analyze("福井の駐車場は広くて便利だが山田さんは困った")
        if t.kept
    }
    # 便利 is 名詞-普通名詞-形状詞可能 in UniDic (a noun that can be used as an adjective), hence 名詞
    assert classes == {
        "福井": "地名",
        "駐車場": "サ変名詞",
        "広い": "形容詞",
        "便利": "名詞",
        "山田": "人名",
        "困る": "動詞",
    }
    assert {t.lemma: t.word_class for t in tokenizer.analyze("静かで綺麗") if t.kept} == {
        "静か": "形容動詞",
        "綺麗": "形容動詞",  # UniDic lemma 奇麗, shown as most people write it
    }


def test_pos_option_and_stopwords() -> None:
    nouns_only = Tokenizer(pos=("名詞", "サ変名詞"), stopwords=None)
    assert nouns_only("景色が良くて食事に満足した") == ["景色", "食事", "満足"]
    no_stop = Tokenizer(stopwords=None)
    assert "思う" in no_stop("良いと思います")
    assert "思う" not in Tokenizer()("良いと思います")


def test_unknown_pos_is_a_clear_error() -> None:
    from dxtext.errors import DxtextError

    with pytest.raises(DxtextError, match="unknown word class"):
        Tokenizer(pos=("名詞", "nouns"))


def _corpus(tmp_path: Path) -> object:
    texts = ["基幹系システムの更新", "県との連携", "ーー", "", "ですます", "キャリアパスの設計と人事異動"] * 3
    path = tmp_path / "c.csv"
    pd.DataFrame({"id": [str(i) for i in range(len(texts))], "text": texts}).to_csv(path, index=False)
    return read_corpus(path, text_cols=["text"], id_col="id")


def test_tokenize_corpus_marks_too_short_and_keeps_ledger(tmp_path: Path, tokenizer: Tokenizer) -> None:
    corpus = _corpus(tmp_path)
    result = tokenizer.tokenize_corpus(corpus)
    t = corpus.ledger.totals
    assert t["too_short"] == 3  # "ですます" has no content word
    assert corpus.ledger.balanced()
    assert result.doc_ids == corpus.used["doc_id"].tolist()
    assert result.tokens[0] == ["基幹系システム", "更新"]


def test_token_cache_is_used_on_second_run(tmp_path: Path, tokenizer: Tokenizer) -> None:
    first = tokenizer.tokenize_corpus(_corpus(tmp_path), cache_dir=tmp_path / "cache")
    second = tokenizer.tokenize_corpus(_corpus(tmp_path), cache_dir=tmp_path / "cache")
    assert not first.from_cache and second.from_cache
    assert first.tokens == second.tokens and first.doc_ids == second.doc_ids
    other = Tokenizer(stopwords=None).tokenize_corpus(_corpus(tmp_path), cache_dir=tmp_path / "cache")
    assert not other.from_cache  # different options, different key


def test_parallel_gives_the_same_tokens(tokenizer: Tokenizer) -> None:
    texts = [f"{s}{i}" for i in range(800) for s, _ in CASES]  # distinct: enough for worker processes
    assert tokenizer.tokenize_many(texts, n_jobs=2) == tokenizer.tokenize_many(texts, n_jobs=1)


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_repeated_texts_are_tokenized_once_each_copy_its_own_list(
    tokenizer: Tokenizer, monkeypatch: pytest.MonkeyPatch, n_jobs: int
) -> None:
    from dxtext.text import parallel

    monkeypatch.setattr(parallel, "_PARALLEL_MIN", 10)
    distinct = [f"{s}{i}" for i in range(20) for s, _ in CASES]
    texts = [distinct[(i * 7) % len(distinct)] for i in range(3 * len(distinct))]  # each text three times
    parsed: list[str] = []
    batch = Tokenizer._lemmas_batch
    if n_jobs == 1:
        monkeypatch.setattr(Tokenizer, "_lemmas_batch", lambda self, ts: parsed.extend(ts) or batch(self, ts))
    seen: list[tuple[int, int]] = []
    lists = tokenizer.tokenize_many(texts, n_jobs=n_jobs, progress=lambda d, t: seen.append((d, t)))
    if n_jobs == 1:
        assert sorted(parsed) == sorted(distinct)  # every distinct text parsed once
    assert lists == [tokenizer(t) for t in texts]
    assert len({id(x) for x in lists}) == len(texts)  # copies do not share a list
    assert seen[-1] == (len(texts), len(texts))


def test_progress_callback(tokenizer: Tokenizer) -> None:
    seen: list[tuple[int, int]] = []
    tokenizer.tokenize_many([f"県と国{i}" for i in range(5000)], progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (5000, 5000) and len(seen) >= 2


def test_released_taggers_reopen_with_the_same_results(tokenizer: Tokenizer) -> None:
    """A run closes MeCab and the dictionary maps where a stage ends (their pages stay resident otherwise); the
    next call opens them again and gives the same tokens, analysis and masking."""
    from dxtext.text.privacy import mask_pii
    from dxtext.text.tokens import release_taggers

    text = "福井駅から永平寺へ行き、山田さんに相談した。"

    def results() -> tuple[object, ...]:
        analysed = [(t.surface, t.lemma, t.word_class, t.kept) for t in tokenizer.analyze(text)]
        return (
            tokenizer(text),
            tokenizer.tokenize_many([text, "駐車場がなくて困った"]),
            analysed,
            mask_pii(text, tokenizer),
        )

    before = results()
    release_taggers(tokenizer)
    for name in ("_tagger", "_analysis_tagger", "_key_tagger", "_dics"):
        assert getattr(tokenizer, name, None) is None, name
    assert results() == before
    assert tokenizer._dics is not None or tokenizer._key_tagger is not None  # opened again by the calls
