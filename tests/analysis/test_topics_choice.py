"""The rule that chooses K, per-topic quality warnings and representative answers about the topic's words."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dxtext.analysis.topics import representative_docs, topic_quality
from dxtext.analysis.topics.selection import _choose, exclusivity, main_shares


def _row(k: int, score: float, stability: float, max_share: float) -> dict:
    return {"k": k, "score": score, "stability": stability, "max_share": max_share}


def test_a_k_with_a_catch_all_topic_is_never_chosen_while_another_is_possible() -> None:
    rows = [_row(5, 0.20, 0.95, 0.51), _row(8, 0.10, 0.80, 0.25), _row(11, 0.11, 0.85, 0.15)]
    assert _choose(rows)[0] == 11


def test_unstable_k_is_dropped_and_the_smallest_nearly_best_k_wins() -> None:
    rows = [
        _row(6, 0.120, 0.60, 0.20),  # most coherent but unstable (0.60 < 0.90 - 0.10)
        _row(8, 0.100, 0.90, 0.20),
        _row(10, 0.104, 0.88, 0.18),  # best of the stable ones
        _row(12, 0.101, 0.85, 0.15),  # within 0.005 of the best, but larger than 8
    ]
    assert _choose(rows)[0] == 8


def test_every_k_with_a_catch_all_falls_back_and_says_so() -> None:
    k, note = _choose([_row(4, 0.1, 0.9, 0.6), _row(6, 0.2, 0.9, 0.4)])
    assert k == 6 and "every K" in note


def test_exclusivity_and_main_shares_by_hand() -> None:
    H = np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]])  # word 1 shared half and half
    ex = exclusivity(H, 2)
    assert np.allclose(ex, [0.75, 0.75])
    W = np.array([[0.9, 0.1], [0.2, 0.8], [0.7, 0.3], [0.0, 0.0]])
    assert np.allclose(main_shares(W), [2 / 3, 1 / 3])


class _Model:
    coherence_ = np.array([0.02, 0.15, 0.10, -0.05])
    exclusivity_ = np.array([0.4, 0.8, 0.7, 0.6])
    topic_stability_ = np.array([0.9, 0.9, 0.8, 0.5])


def test_quality_flags_catch_all_and_incoherent_topics() -> None:
    labels = pd.DataFrame(
        {
            "topic": [1, 2, 3, 4],
            "label": list("abcd"),
            "share": [0.4, 0.3, 0.2, 0.1],
            "docs": [45, 25, 20, 10],
        }
    )
    q = topic_quality(_Model(), labels)  # type: ignore[arg-type]
    assert q.loc[0, "warning"].startswith("catch-all")  # 45 % of the answers, NPMI below the median 0.06
    assert q.loc[1, "warning"] == "" and q.loc[2, "warning"] == ""
    assert q.loc[3, "warning"].startswith("incoherent")
    assert q["docs_share"].tolist() == [0.45, 0.25, 0.2, 0.1]


def test_a_representative_answer_uses_one_of_the_topic_words() -> None:
    doc_topics = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "T1": [1.0, 0.9, 0.6], "T2": [0.0, 0.1, 0.4], "main_topic": [1, 1, 1]}
    )
    texts = {"a": "馴染みのない地域", "b": "車がないと不便", "c": "駐車場が不便"}
    words = {"a": {"馴染み", "地域"}, "b": {"車", "無い", "不便"}, "c": {"駐車場", "不便"}}
    reps = representative_docs(doc_topics, texts, doc_words=words, topic_words={1: ["無い", "車", "不便"]})
    assert reps["doc_id"].tolist() == ["b", "c"]  # "a" has the highest share but none of the words
