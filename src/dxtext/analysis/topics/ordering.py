"""The order in which a topic's words are shown: relevance, adjusted towards words that occur together.

A topic's words by weight (or by relevance at λ) can put side by side two words that the model tied to the
same topic but that respondents never write in one answer: the topic of 書かない窓口 and of オンライン申請 in a
survey where no answer names both, or a rare word that rides on one frequent one. Shown as the topic's first
words, such a pair tells the reader something the text does not say. The words are therefore chosen one by
one from the topic's :data:`CANDIDATES` most relevant words: the first is the most relevant; each next one is
the candidate with the highest

    relevance(w) − relevance(first) + :data:`BETA` × mean over the words already chosen of NPMI'(w, v)

where NPMI' is the NPMI of the two words over the training documents, shrunk towards 0 when it rests on few
documents (× c / (c + :data:`KAPPA`), c the number of documents with both; a pair that never co-occurs
scores −1). Ties keep the relevance order. While the first :data:`TOGETHER` words are chosen, a candidate
that does not occur together (NPMI > 0) with every word already placed is taken only when no candidate
does: a topic's first five words then never show a pair that respondents do not write together, as long as
its candidates hold five such words. The words shown stay the topic's own (its most relevant
candidates); only their order changes, and a word that co-occurs with nothing above it sinks.

Measured (docs/topics.md, "The order of a topic's words"): on the Fukui answers, NPMI of the top 10 words on
a held-out 20 % of the answers at K = 9 rose from 0.107 / 0.135 / 0.105 (three splits, weight order) to
0.120 / 0.154 / 0.110, above tomotopy's LDA on the first split (0.109); at K = 13 from 0.092 to 0.103. On the
bundled sample survey the three topics whose top 5 held a pair that never co-occurs (書かない窓口 /
オンライン申請 …) have none.

The co-occurrence counts are taken when the model is fitted (:func:`pair_counts`, over every word a topic
can show at any λ of the page's slider) and saved with the model, so a loaded model orders its words the
same way.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .measures import WordPairs, _top_indices

#: a topic's words are ordered among its most relevant ones (at the λ asked for)
CANDIDATES = 30
#: weight of the co-occurrence term against relevance (log scale)
BETA = 3.0
#: documents of co-occurrence at which a pair's NPMI counts half
KAPPA = 10.0
#: the first words shown that must each occur together with every word placed before them, when the
#: candidates allow it (NPMI > 0 on the training documents)
TOGETHER = 5
#: the λ values at which the candidates of a topic are collected for the saved counts (the page's slider)
LAMBDA_GRID = tuple(round(x, 1) for x in np.linspace(0.0, 1.0, 11))


@dataclass
class TopicPairCounts:
    """Per topic: the vocabulary indices of the words it can show, and their document co-occurrence counts
    over the ``n_docs`` training documents (diagonal: the words' document frequencies)."""

    words: list[np.ndarray]
    counts: list[np.ndarray]
    n_docs: int

    def arrays(self) -> dict[str, np.ndarray]:
        """Flat arrays for saving (``pairs_offsets``, ``pairs_words``, ``pairs_counts``, ``pairs_docs``)."""
        offsets = np.cumsum([0, *(len(w) for w in self.words)])
        words = np.concatenate(self.words) if self.words else np.zeros(0)
        counts = np.concatenate([c.ravel() for c in self.counts]) if self.counts else np.zeros(0)
        return {
            "pairs_offsets": offsets,
            "pairs_words": words,
            "pairs_counts": counts,
            "pairs_docs": np.array([self.n_docs]),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> TopicPairCounts | None:
        if "pairs_offsets" not in arrays:
            return None  # a model saved before the counts were kept: relevance order alone
        offsets = arrays["pairs_offsets"].astype(np.int64)
        flat = arrays["pairs_words"].astype(np.int64)
        counts = arrays["pairs_counts"].astype(np.int64)
        words, mats, at = [], [], 0
        for a, b in itertools.pairwise(offsets):
            m = int(b - a)
            words.append(flat[a:b])
            mats.append(counts[at : at + m * m].reshape(m, m))
            at += m * m
        return cls(words, mats, int(arrays["pairs_docs"][0]))


def candidates(rel_row: np.ndarray, weight_row: np.ndarray, n: int = CANDIDATES) -> list[int]:
    """The ``n`` most relevant words of a topic (vocabulary indices), only words with weight in it."""
    return [int(i) for i in _top_indices(np.where(weight_row > 0, rel_row, -np.inf), n) if weight_row[i] > 0]


def pair_counts(binary: sp.spmatrix | WordPairs, groups: Sequence[Sequence[int]]) -> TopicPairCounts:
    """Document co-occurrence counts among the words of each group (documents × terms 0/1 ``binary``, or the
    :class:`~.measures.WordPairs` of one to share its counts with the coherence measured beside)."""
    pairs = binary if isinstance(binary, WordPairs) else WordPairs(binary)
    idx = [np.array(sorted({int(i) for i in g}), dtype=np.int64) for g in groups]
    pairs.add({int(i) for g in idx for i in g})  # one product over the documents for every group
    counts = [pairs.counts(g)[0].astype(np.int64) for g in idx]
    return TopicPairCounts(idx, counts, pairs.n)


def shrunk_npmi(counts: np.ndarray, n_docs: int, kappa: float = KAPPA) -> np.ndarray:
    """NPMI of every pair from co-occurrence counts (diagonal: document frequencies), × c / (c + κ); −1 where
    a pair never co-occurs; 1 on the diagonal."""
    co = counts.astype(np.float64)
    df = np.diag(co).copy()
    n = float(max(n_docs, 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        p = co / n
        pmi = np.log(p / np.outer(df / n, df / n))
        v = pmi / -np.log(p)
        v = np.where(p >= 1.0, 1.0, v)
    v = np.where(co > 0, v * co / (co + kappa), -1.0)
    np.fill_diagonal(v, 1.0)
    return v


def ordered(
    rel_row: np.ndarray,
    weight_row: np.ndarray,
    n: int,
    words: np.ndarray | None,
    counts: np.ndarray | None,
    n_docs: int,
    *,
    beta: float = BETA,
    kappa: float = KAPPA,
    together: int = TOGETHER,
) -> list[int]:
    """The ``n`` words of one topic in the order shown (vocabulary indices); see the module's text.

    ``words``/``counts``: the topic's saved co-occurrence counts (None: relevance order). A candidate without
    counts (a λ off the slider's grid) has no co-occurrence term. Beyond :data:`CANDIDATES` words the
    relevance order continues."""
    cand = candidates(rel_row, weight_row, CANDIDATES)
    if words is None or counts is None or len(cand) < 3 or n < 2:
        return candidates(rel_row, weight_row, n)
    where = {int(w): k for k, w in enumerate(words)}
    at = np.array([where.get(c, -1) for c in cand], dtype=np.int64)
    npmi = shrunk_npmi(counts, n_docs, kappa)
    N = np.zeros((len(cand), len(cand)))
    known = at >= 0
    N[np.ix_(known, known)] = npmi[np.ix_(at[known], at[known])]
    np.fill_diagonal(N, 1.0)
    with_ = np.zeros((len(cand), len(cand)), dtype=bool)  # a known pair with NPMI > 0
    with_[np.ix_(known, known)] = N[np.ix_(known, known)] > 0
    rel = rel_row[cand] - rel_row[cand[0]]
    chosen = [0]
    left = list(range(1, len(cand)))
    while left and len(chosen) < min(n, len(cand)):
        score = rel[left] + beta * N[np.ix_(left, chosen)].mean(axis=1)
        if len(chosen) < together:
            ok = with_[np.ix_(left, chosen)].all(axis=1)
            if ok.any():
                score = np.where(ok, score, -np.inf)
        best = left[int(np.argmax(score))]  # argmax takes the first of equal scores: relevance order
        chosen.append(best)
        left.remove(best)
    out = [cand[k] for k in chosen]
    if n > len(out):
        taken = set(out)
        rest = [i for i in candidates(rel_row, weight_row, n) if i not in taken]
        out += rest[: n - len(out)]
    return out
