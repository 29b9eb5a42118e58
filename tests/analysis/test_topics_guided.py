"""Guided topics (seed words from a rule file) and K chosen on a sample of a large corpus."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_topics import GROUPS, planted_tokens

from dxtext.analysis.rules import parse_rules
from dxtext.analysis.topics import TopicModel
from dxtext.analysis.topics.seeded import rule_seed_words

REPO = Path(__file__).resolve().parents[2]


def test_seed_words_are_the_positive_words_of_each_rule_in_the_vocabulary() -> None:
    rules = parse_rules("*a\n犬 or near(猫-鳥)[3] and not 魚\n*b\n'部分' or 象\n*c\n鯨\n")
    seeds, notes = rule_seed_words(rules, ["犬", "猫", "鳥", "魚", "象"], lambda w: [])
    assert seeds == [("a", ["犬", "猫", "鳥"]), ("b", ["象"])]  # 魚 is under not; 'substring' has no word
    assert len(notes) == 1 and "rule c" in notes[0]


def test_seed_words_written_in_another_form_are_mapped_through_the_lemmas() -> None:
    rules = parse_rules("*a\n行った\n")
    seeds, _ = rule_seed_words(rules, ["行く"], lambda w: ["行く"] if w == "行った" else [])
    assert seeds == [("a", ["行く"])]


def test_seeded_topics_follow_their_rules_in_rule_order() -> None:
    groups = dict(list(GROUPS.items())[:4])
    docs, _ = planted_tokens(groups, 240, 3)
    names = list(groups)[::-1]  # the rules in another order than the groups
    seed_words = [(n, groups[n][:2]) for n in names]
    m = TopicModel(seed=1, seed_words=seed_words).fit(docs)
    assert m.n_topics_ == 4 and m.k_selection_ is None and "one topic per rule" in m.k_reason_
    assert sorted(m.seed_names_) == sorted(names)
    for t, name in enumerate(m.seed_names_, 1):
        top = set(m.top_words(t, 8))
        assert len(top & set(groups[name])) >= 5, (name, top)


def test_seeded_fit_rejects_fewer_topics_than_rules() -> None:
    from dxtext.errors import ModelError

    docs, _ = planted_tokens(dict(list(GROUPS.items())[:3]), 90, 1)
    seeds = [(n, w[:2]) for n, w in list(GROUPS.items())[:3]]
    with pytest.raises(ModelError, match="fewer topics than seeded rules"):
        TopicModel(2, seed_words=seeds).fit(docs)


def test_k_chosen_on_a_sample_recovers_planted_topics_and_models_every_document() -> None:
    groups = dict(list(GROUPS.items())[:5])
    docs, _ = planted_tokens(groups, 1500, 2)
    m = TopicModel(seed=2, k_sample=400).fit(docs)
    assert m.n_topics_ == 5, m.k_selection_
    assert "random sample of 400" in m.k_reason_
    assert m.doc_topic_.shape == (1500, 5) and (m.doc_topic_.sum(axis=1) > 0).all()
    found = [set(m.top_words(t, 8)) for t in range(1, 6)]
    for words in groups.values():
        assert max(len(set(words) & f) for f in found) >= 5


def test_sample_survey_topics_seeded_by_the_shipped_theme_rules_keep_their_words() -> None:
    from dxtext.analysis.rules import load_rules
    from dxtext.io.corpus import read_corpus
    from dxtext.text.tokenize import Tokenizer

    tok = Tokenizer()
    tokens = tok.tokenize_corpus(read_corpus(REPO / "corpora" / "dx_survey_2025.csv")).tokens
    vocab = sorted({w for t in tokens for w in t})
    seeds, _ = rule_seed_words(
        load_rules(REPO / "dictionaries" / "themes.txt"),
        vocab,
        lambda w: [x.lemma for x in tok.analyze(w) if x.kept],
    )
    m = TopicModel(seed=1, seed_words=seeds).fit(tokens)
    words = dict(seeds)
    kept = [len(set(m.top_words(t, 10)) & set(words[n])) > 0 for t, n in enumerate(m.seed_names_, 1)]
    # every rule's topic shows at least one of its own words among its top 10 on real answers
    assert sum(kept) >= len(kept) - 1, list(zip(m.seed_names_, kept, strict=True))
    assert np.isfinite(m.coherence_).all()
