"""Measures of topics: NPMI coherence of a topic's top words, stability of topics across refits, and the
top-word helpers both use."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

TOP_N = 10


#: the pair counts are summed over blocks of this many documents (bounded memory on a large corpus)
PAIR_ROWS = 100_000


def binary_of(X: sp.spmatrix) -> sp.csr_matrix:
    """The 0/1 documents × terms matrix (int8; sharing the indices of a CSR ``X``) of the counts ``X``."""
    X = sp.csr_matrix(X)
    return sp.csr_matrix((np.ones(X.nnz, dtype=np.int8), X.indices, X.indptr), shape=X.shape)


class WordPairs:
    """Document counts of word pairs over the rows of a 0/1 documents × terms matrix, for a growing set of
    words: the counts of every word asked for so far come from one pass over the matrix, so the NPMI of many
    topic sets (every candidate K and refit while K is chosen) does not multiply the sparse products of a large
    corpus. Counts are whole numbers (exact in float64), the same whichever words are counted together."""

    def __init__(self, binary: sp.spmatrix) -> None:
        self._B = sp.csr_matrix(binary)  # by document: counted a block of documents at a time
        self.n = int(self._B.shape[0])
        self._pos: dict[int, int] = {}
        self._co = np.zeros((0, 0))
        self._rows: sp.csr_matrix | None = None  # the counted columns by document, for leaving rows out

    def add(self, words: Sequence[int] | set[int]) -> None:
        """Count the pairs of these words too (one product over the matrix for all words so far)."""
        new = {int(w) for w in words}.difference(self._pos)
        if not new:
            return
        union = sorted({*self._pos, *new})
        co = np.zeros((len(union), len(union)))
        for start in range(0, self.n, PAIR_ROWS):  # whole numbers: the same sums in any blocks
            sub = self._B[start : start + PAIR_ROWS][:, union].astype(np.float64)
            co += (sub.T @ sub).toarray()
        self._co = co
        self._pos = {w: k for k, w in enumerate(union)}
        self._rows = None

    def counts(self, words: Sequence[int], leave_out: np.ndarray | None = None) -> tuple[np.ndarray, int]:
        """(documents with both words of each pair of ``words`` — the diagonal: with the word —, documents),
        over all rows but ``leave_out`` (distinct row indices)."""
        self.add(words)
        ix = np.array([self._pos[int(w)] for w in words], dtype=np.int64)
        co = self._co[np.ix_(ix, ix)]
        n = self.n
        if leave_out is not None and len(leave_out):
            if self._rows is None:
                self._rows = sp.csr_matrix(self._B[:, sorted(self._pos)])
            out = self._rows[np.asarray(leave_out, dtype=np.int64)][:, ix].astype(np.float64)
            co = co - (out.T @ out).toarray()
            n -= len(leave_out)
        return co, n


def npmi_coherence(
    binary: sp.spmatrix | WordPairs,
    topics: Sequence[Sequence[int]],
    *,
    leave_out: np.ndarray | None = None,
) -> np.ndarray:
    """Mean NPMI over the word pairs of each topic, from document co-occurrence.

    ``binary`` is a documents × terms 0/1 matrix (``DocTermMatrix.binary()``), or the :class:`WordPairs` of
    one to share its counts between calls; ``topics`` holds the column indices of each topic's top words. For
    a pair, ``NPMI = log(p(a,b) / (p(a) p(b))) / -log p(a,b)`` with probabilities estimated as shares of
    documents; a pair that never co-occurs scores -1, a pair that occurs together in every document +1.
    Returns one value per topic.

    ``leave_out``: distinct row indices measured without — the NPMI of the other documents, the same numbers
    as ``npmi_coherence(binary[others], topics)`` (all documents' counts minus those left out's) without
    copying the rows of a large matrix.
    """
    if not topics:
        return np.zeros(0)
    pairs = binary if isinstance(binary, WordPairs) else WordPairs(binary)
    union = sorted({int(i) for t in topics for i in t})
    pos = {w: k for k, w in enumerate(union)}
    co, n = pairs.counts(union, leave_out)
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
    h = np.asarray(h)
    if 0 < n < len(h) and not np.isnan(h).any():
        # only the values at or above the n-th largest can be among the n (the same indices as sorting all)
        neg = -h
        cand = np.flatnonzero(neg <= np.partition(neg, n - 1)[n - 1])
        return cand[np.lexsort((cand, neg[cand]))][:n]
    order = np.lexsort((np.arange(len(h)), -h))
    return order[:n]
