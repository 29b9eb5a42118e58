"""Keyness, trend, association and clustering statistics against hand computations and independent routes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from dxtext.analysis.assoc import association_network, associations, phrase_mask
from dxtext.analysis.cluster import classical_mds, jaccard_distances, kruskal_mds, word_clusters
from dxtext.analysis.keyness import benjamini_hochberg, cochran_armitage, keyness, log_likelihood, trend


def test_log_likelihood_is_scipys_g_test_of_the_two_by_two_table() -> None:
    from scipy.stats import chi2_contingency

    for a, b, c, d in [(30, 10, 1000, 2000), (5, 0, 200, 800), (10, 20, 1000, 2000)]:
        table = np.array([[a, b], [c - a, d - b]])
        expected = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        assert log_likelihood(np.array([a]), np.array([b]), c, d)[0] == pytest.approx(expected, abs=1e-9)
    # same relative frequency: no keyness
    assert log_likelihood(np.array([10]), np.array([20]), 1000, 2000)[0] == pytest.approx(0.0, abs=1e-9)


def test_benjamini_hochberg_by_hand() -> None:
    p = np.array([0.01, 0.04, 0.03, 0.2])
    # sorted 0.01, 0.03, 0.04, 0.2 → ×4/1, ×4/2, ×4/3, ×4/4 = 0.04, 0.06, 0.0533, 0.2 → monotone: 0.04, 0.0533, 0.0533, 0.2
    assert benjamini_hochberg(p) == pytest.approx([0.04, 0.053333, 0.053333, 0.2], abs=1e-6)


def test_keyness_table() -> None:
    # group g1 uses "x" a lot; "y" is even
    docs = [["x", "x", "y"], ["x", "y"], ["y", "z"], ["y", "z"], ["z", "y"], ["x", "y"]]
    vocab = ["x", "y", "z"]
    X = sp.csr_matrix([[t.count(w) for w in vocab] for t in docs])
    table = keyness(X, vocab, ["g1", "g1", "g2", "g2", "g2", ""], ["g1", "g2"], min_count=1)
    g1 = table[table["group"] == "g1"].set_index("word")
    assert g1.loc["x", "direction"] == "over" and g1.loc["x", "tf_in"] == 3 and g1.loc["x", "tf_out"] == 0
    # the undocumented "" group is left out: the rest of g1 is g2 only
    assert g1.loc["y", "tf_out"] == 3
    assert g1.loc["x", "log_ratio"] == pytest.approx(np.log2((3 / 5) / (0.5 / 6)))
    assert g1.loc["z", "direction"] == "under"


def test_cochran_armitage_equals_n_r_squared() -> None:
    """χ²_trend = N r², r = Pearson correlation of score and outcome over the N observations (Agresti)."""
    x, n = np.array([2, 5, 9, 14]), np.array([40, 38, 41, 39])
    z, p = cochran_armitage(x[None, :], n)
    scores = np.repeat(np.arange(4), n)
    outcome = np.concatenate([np.r_[np.ones(k), np.zeros(m - k)] for k, m in zip(x, n, strict=True)])
    r = np.corrcoef(scores, outcome)[0, 1]
    assert z[0] ** 2 == pytest.approx(n.sum() * r**2)
    assert z[0] > 0 and p[0] < 0.001
    frame = trend(
        pd.DataFrame([x, x[::-1]], index=["up", "down"], columns=list("abcd")),
        pd.Series(n, index=list("abcd")),
    )
    assert frame.set_index("word").loc["up", "direction"] == "rising"
    assert frame.set_index("word").loc["down", "direction"] == "falling"


def test_associations_by_hand() -> None:
    # 6 documents; target = documents 0-2
    B = sp.csr_matrix(np.array([[1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 1, 1], [0, 0, 1], [0, 0, 1]]))
    mask = np.array([1, 1, 1, 0, 0, 0], dtype=bool)
    t = associations(B, ["a", "b", "c"], mask, min_docs=1).set_index("word")
    assert list(t.index) == ["a", "b"]  # c is less frequent in the target than overall
    assert t.loc["a", "jaccard"] == pytest.approx(1.0) and t.loc["a", "lift"] == pytest.approx(2.0)
    assert (t.loc["b", "docs_in"], t.loc["b", "docs_out"]) == (2, 1)
    assert t.loc["b", "jaccard"] == pytest.approx(2 / 4) and t.loc["b", "p_in"] == pytest.approx(2 / 3)
    G = association_network(B, ["a", "b", "c"], t.reset_index(), target="T", n_target_docs=3, words=2)
    assert G.nodes["T"]["kind"] == "target" and G.has_edge("T", "a") and G.has_edge("a", "b")
    assert G.edges["a", "b"]["weight"] == pytest.approx(2 / 4)  # a in {0,1,2}, b in {0,2,3}


def test_phrase_mask_needs_the_words_next_to_each_other() -> None:
    docs = [["システム", "更新"], ["更新", "システム"], ["システム", "x", "更新"], ["システム"]]
    assert phrase_mask(docs, ["システム", "更新"]).tolist() == [True, False, False, False]
    assert phrase_mask(docs, ["システム"]).tolist() == [True, True, True, True]


def test_jaccard_distances_match_scipy() -> None:
    from scipy.spatial.distance import jaccard

    rng = np.random.default_rng(3)
    M = (rng.random((30, 6)) < 0.4).astype(int)
    D = jaccard_distances(sp.csr_matrix(M))
    for i in range(6):
        for j in range(6):
            if i != j:
                assert D[i, j] == pytest.approx(jaccard(M[:, i], M[:, j]))


def test_word_clusters_find_two_groups_and_mds_recovers_a_configuration() -> None:
    a = np.array([1, 1, 1, 1, 0, 0, 0, 0])
    b = 1 - a
    M = np.column_stack([a, a, a, b, b, b])
    M[0, 1] = 0
    M[7, 4] = 0
    wc = word_clusters(sp.csr_matrix(M), list("pqrstu"), k=2)
    assert (
        len(set(wc.clusters[:3])) == 1 and len(set(wc.clusters[3:])) == 1 and wc.clusters[0] != wc.clusters[3]
    )
    assert len(wc.merges()) == 5
    pts = np.array([[0, 0], [3, 0], [0, 4], [3, 4], [1, 1]], dtype=float)
    D = np.linalg.norm(pts[:, None] - pts[None, :], axis=2)
    X, _ = classical_mds(D)
    assert np.allclose(np.linalg.norm(X[:, None] - X[None, :], axis=2), D)
    K, stress = kruskal_mds(D, init=X, seed=0)
    assert K.shape == (5, 2) and stress < 0.05
