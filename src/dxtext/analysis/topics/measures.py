"""Measures of topics: NPMI coherence of a topic's top words, stability of topics across refits, and the
top-word helpers both use."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

TOP_N = 10


def npmi_coherence(binary: sp.spmatrix, topics: Sequence[Sequence[int]]) -> np.ndarray:
    """Mean NPMI over the word pairs of each topic, from document co-occurrence.

    ``binary`` is a documents × terms 0/1 matrix (``DocTermMatrix.binary()``); ``topics`` holds the column
    indices of each topic's top words. For a pair, ``NPMI = log(p(a,b) / (p(a) p(b))) / -log p(a,b)`` with
    probabilities estimated as shares of documents; a pair that never co-occurs scores -1, a pair that occurs
    together in every document +1. Returns one value per topic.
    """
    if not topics:
        return np.zeros(0)
    B = sp.csc_matrix(binary)
    n = B.shape[0]
    union = sorted({int(i) for t in topics for i in t})
    pos = {w: k for k, w in enumerate(union)}
    sub = B[:, union].astype(np.float64)
    co = (sub.T @ sub).toarray()
    df = np.diag(co).copy()
    out = np.zeros(len(topics))
    for k, t in enumerate(topics):
        idx = np.array([pos[int(i)] for i in t], dtype=np.int64)
        if len(idx) < 2:
            out[k] = 0.0
            continue
        a, b = np.triu_indices(len(idx), 1)
        cij = co[idx[a], idx[b]]
        pij = cij / n
        pa = df[idx[a]] / n
        pb = df[idx[b]] / n
        with np.errstate(divide="ignore", invalid="ignore"):
            pmi = np.log(pij / (pa * pb))
            val = np.where(cij > 0, pmi / -np.log(pij), -1.0)
        val = np.where(pij >= 1.0, 1.0, val)
        out[k] = float(np.mean(val))
    return out


def topic_stability(reference: Sequence[set[int] | set[str]], other: Sequence[set[int] | set[str]]) -> float:
    """Mean Jaccard overlap of top-word sets after matching the topics one-to-one (Hungarian matching)."""
    from scipy.optimize import linear_sum_assignment

    if not reference or not other:
        return 0.0
    J = np.array([[len(a & b) / max(1, len(a | b)) for b in other] for a in reference])
    rows, cols = linear_sum_assignment(-J)
    return float(J[rows, cols].sum() / len(reference))


def _top_sets(H: np.ndarray, n: int) -> list[set[int]]:
    return [set(_top_indices(h, n).tolist()) for h in H]


def _top_indices(h: np.ndarray, n: int) -> np.ndarray:
    """Indices of the n largest values, ties broken by index (= vocabulary order: frequency, then word)."""
    order = np.lexsort((np.arange(len(h)), -h))
    return order[:n]
