"""The order of a topic's words as shown: relevance, adjusted towards words that occur together
(dxtext.analysis.topics.ordering)."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from conftest import SAMPLE_SURVEY
from dxtext.analysis.topics import TopicModel
from dxtext.analysis.topics.ordering import BETA, ordered, pair_counts, shrunk_npmi

# documents × words (1 = the word is in the document); words in vocabulary order
WORDS = ["窓口", "申請", "書類", "記入", "手続き"]
DOCS = [
    # 窓口 申請 書類 記入 手続き
    [1, 0, 1, 1, 0],
    [1, 0, 1, 1, 0],
    [1, 0, 1, 0, 1],
    [1, 0, 0, 1, 1],
    [0, 1, 0, 0, 1],
    [0, 1, 0, 0, 0],
    [0, 0, 0, 0, 1],
    [1, 0, 1, 1, 0],
]


def _binary() -> sp.csr_matrix:
    return sp.csr_matrix(np.array(DOCS, dtype=np.int64))


def test_counts_and_shrunk_npmi_by_hand() -> None:
    pairs = pair_counts(_binary(), [[0, 1, 2]])
    assert pairs.n_docs == 8
    assert pairs.words[0].tolist() == [0, 1, 2]
    # diagonal: document frequencies; off the diagonal: documents with both
    assert pairs.counts[0].tolist() == [[5, 0, 4], [0, 2, 0], [4, 0, 4]]
    v = shrunk_npmi(pairs.counts[0], 8, kappa=10.0)
    assert v[0, 1] == -1.0  # 窓口 and 申請 never in one document
    p_ab, p_a, p_b = 4 / 8, 5 / 8, 4 / 8
    expected = math.log(p_ab / (p_a * p_b)) / -math.log(p_ab) * 4 / (4 + 10)
    assert v[0, 2] == pytest.approx(expected)
    assert np.diag(v).tolist() == [1.0, 1.0, 1.0]


def test_a_word_that_never_co_occurs_with_the_first_sinks() -> None:
    # relevance order: 窓口 > 申請 > 書類 > 記入 > 手続き; 申請 never occurs with 窓口
    rel = np.log(np.array([0.40, 0.30, 0.15, 0.10, 0.05]))
    weight = np.array([0.40, 0.30, 0.15, 0.10, 0.05])
    pairs = pair_counts(_binary(), [range(5)])
    shown = ordered(rel, weight, 5, pairs.words[0], pairs.counts[0], pairs.n_docs)
    # 申請 (second by relevance) occurs with none of the others but 手続き: it sinks to the end
    assert [WORDS[i] for i in shown] == ["窓口", "書類", "記入", "手続き", "申請"]
    # without counts (a model saved before they were kept): relevance alone
    assert ordered(rel, weight, 5, None, None, 0) == [0, 1, 2, 3, 4]
    # with no co-occurrence term and no rule for the first words the order is relevance
    plain = ordered(rel, weight, 5, pairs.words[0], pairs.counts[0], pairs.n_docs, beta=0.0, together=0)
    assert plain == [0, 1, 2, 3, 4]
    assert BETA > 0


def test_the_first_words_each_occur_with_every_word_before_them() -> None:
    # no co-occurrence term (β = 0): relevance alone would show 窓口 申請 書類 記入 手続き, where 申請 never
    # occurs with 窓口; 書類 and 記入 occur with 窓口 and with each other (NPMI > 0), 手続き and 申請 with none
    rel = np.log(np.array([0.40, 0.30, 0.15, 0.10, 0.05]))
    weight = np.ones(5)
    pairs = pair_counts(_binary(), [range(5)])
    shown = ordered(rel, weight, 5, pairs.words[0], pairs.counts[0], pairs.n_docs, beta=0.0)
    # 窓口 書類 記入 together in documents 1, 2, 8; then no candidate occurs with all three: relevance order
    assert [WORDS[i] for i in shown] == ["窓口", "書類", "記入", "申請", "手続き"]
    # the rule holds for the first `together` words only
    shown = ordered(rel, weight, 5, pairs.words[0], pairs.counts[0], pairs.n_docs, beta=0.0, together=2)
    assert [WORDS[i] for i in shown] == ["窓口", "書類", "申請", "記入", "手続き"]


def test_a_word_without_weight_in_the_topic_is_never_shown() -> None:
    rel = np.log(np.array([0.5, 0.3, 0.2, 1e-9, 1e-9]))
    weight = np.array([0.5, 0.3, 0.2, 0.0, 0.0])
    pairs = pair_counts(_binary(), [range(5)])
    shown = ordered(rel, weight, 5, pairs.words[0], pairs.counts[0], pairs.n_docs)
    assert sorted(shown) == [0, 1, 2]


def _npmi_pairs(tokens: list[list[str]], words: list[str]) -> list[tuple[str, str, float]]:
    sets = [set(t) for t in tokens]
    n = len(sets)
    out = []
    for a, b in itertools.combinations(words, 2):
        da = sum(a in s for s in sets)
        db = sum(b in s for s in sets)
        c = sum(a in s and b in s for s in sets)
        v = -1.0 if c == 0 else math.log(c * n / (da * db)) / -math.log(c / n)
        out.append((a, b, v))
    return out


def test_sample_survey_readme_command_every_top5_pair_co_occurs(tmp_path: Path, tokenizer) -> None:  # type: ignore[no-untyped-def]
    """The README's main command (topics of the sample survey by 人口規模): mean NPMI positive and, for every
    topic, every pair of its first five words as shown (topics.csv) occurs together (NPMI > 0), checked on
    the documents' tokens counted here, not on the model's own counts."""
    import pandas as pd

    import dxtext.runs as r
    from dxtext.io.corpus import read_corpus

    result = r.topics(str(SAMPLE_SURVEY), by=["人口規模"], out=tmp_path, save_model=False)
    words = pd.read_csv(result.folder / "topics.csv", encoding="utf-8-sig")
    quality = pd.read_csv(result.folder / "topic_quality.csv", encoding="utf-8-sig")
    assert quality["coherence"].mean() > 0
    tokens = tokenizer.tokenize_corpus(read_corpus(SAMPLE_SURVEY)).tokens
    bad = []
    for t, g in words.groupby("topic"):
        top5 = g.sort_values("rank")["word"].head(5).tolist()
        bad += [(t, a, b, round(v, 3)) for a, b, v in _npmi_pairs(tokens, top5) if v <= 0]
    assert bad == []


def test_a_saved_model_shows_its_words_in_the_same_order(tmp_path: Path, tokenizer) -> None:  # type: ignore[no-untyped-def]
    from dxtext.io.corpus import read_corpus

    tokens = tokenizer.tokenize_corpus(read_corpus(SAMPLE_SURVEY)).tokens
    m = TopicModel(n_topics=6, seed=1).fit(tokens)
    m.save(tmp_path / "m")
    loaded = TopicModel.load(tmp_path / "m")
    for t in range(1, 7):
        for lam in (1.0, 0.6, 0.3):
            assert loaded.top_words(t, 12, lambda_=lam) == m.top_words(t, 12, lambda_=lam)
    # and the order differs from relevance alone somewhere (the counts are used)
    plain = [[m.vocab_[i] for i in np.lexsort((np.arange(len(h)), -h))[:10]] for h in m.components_]
    assert any(m.top_words(t, 10) != plain[t - 1] for t in range(1, 7))
