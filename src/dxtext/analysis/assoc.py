"""関連語検索 (KH Coder's "word association"): the words most associated with a target — a word, a phrase or
the documents of a theme — counted over documents (a word is in a document or not).

For a word w in ``n_w`` of ``N`` documents, ``a`` of them among the ``n_t`` target documents:

* conditional probability P(w | target) = a / n_t (KH Coder's 共起), against P(w) = n_w / N (全体) and
  P(w | not target) = (n_w − a) / (N − n_t);
* Jaccard a / (n_t + n_w − a) (KH Coder's default ranking);
* lift P(w | target) / P(w);
* log-likelihood G² of the 2 × 2 table target × word, with its p-value (χ², 1 df) and the Benjamini–Hochberg
  correction over the words listed.

Only words positively associated (P(w | target) > P(w)) and in at least ``min_docs`` target documents are
listed; the target's own words are left out of the ranking of a word target and flagged for a theme.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Literal

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import chdtrc

from ..i18n import _
from .keyness import benjamini_hochberg

__all__ = ["MEASURES", "association_network", "associations", "phrase_mask"]

Measure = Literal["jaccard", "conditional", "lift", "loglik"]
MEASURES: tuple[str, ...] = ("jaccard", "conditional", "lift", "loglik")
_SORT_COLUMN = {"jaccard": "jaccard", "conditional": "p_in", "lift": "lift", "loglik": "G2"}


def phrase_mask(token_lists: Sequence[Sequence[str]], lemmas: Sequence[str]) -> np.ndarray:
    """Documents whose tokens contain ``lemmas`` one after the other (one lemma: contain it)."""
    target = list(lemmas)
    n = len(target)
    out = np.zeros(len(token_lists), dtype=bool)
    need = set(target)
    for i, toks in enumerate(token_lists):
        if not need.issubset(toks):
            continue
        if n == 1:
            out[i] = True
            continue
        out[i] = any(list(toks[k : k + n]) == target for k in range(len(toks) - n + 1))
    return out


def _g2(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    """G² of 2 × 2 tables [[a, b], [c, d]] (vectorised)."""
    n = a + b + c + d
    g = np.zeros(len(a))
    for o, r, k in ((a, a + b, a + c), (b, a + b, b + d), (c, c + d, a + c), (d, c + d, b + d)):
        e = r * k / n
        with np.errstate(divide="ignore", invalid="ignore"):
            g += np.where(o > 0, o * np.log(o / e), 0.0)
    return 2 * g


def associations(
    binary: sp.csr_matrix,
    vocab: Sequence[str],
    mask: np.ndarray,
    *,
    measure: Measure = "jaccard",
    min_docs: int = 2,
    exclude: Collection[str] = (),
    flag: Collection[str] = (),
) -> pd.DataFrame:
    """The words associated with the documents in ``mask`` (see the module), ranked by ``measure``.

    Columns: rank, word, docs_in, docs_out, docs, p_in, p_out, p_all, jaccard, lift, G2, p, p_bh, and
    ``in_rule`` (the word is in ``flag``, e.g. a word of the theme's rule)."""
    if measure not in MEASURES:
        from ..errors import DxtextError

        raise DxtextError(
            _("--measure {measure}: use one of {v0}.").format(measure=measure, v0=", ".join(MEASURES))
        )
    mask = np.asarray(mask, dtype=bool)
    N, n_t = binary.shape[0], int(mask.sum())
    n_w = np.asarray(binary.sum(axis=0)).ravel().astype(float)
    a = np.asarray(binary[mask].sum(axis=0)).ravel().astype(float)
    b = n_w - a
    p_in = a / max(n_t, 1)
    p_all = n_w / max(N, 1)
    p_out = b / max(N - n_t, 1)
    skip = np.array([w in exclude for w in vocab], dtype=bool)
    keep = (a >= min_docs) & (p_in > p_all) & ~skip
    idx = np.flatnonzero(keep)
    g2 = _g2(a[idx], b[idx], n_t - a[idx], (N - n_t) - b[idx])
    frame = pd.DataFrame(
        {
            "word": [vocab[j] for j in idx],
            "docs_in": a[idx].astype(np.int64),
            "docs_out": b[idx].astype(np.int64),
            "docs": n_w[idx].astype(np.int64),
            "p_in": p_in[idx],
            "p_out": p_out[idx],
            "p_all": p_all[idx],
            "jaccard": a[idx] / (n_t + n_w[idx] - a[idx]),
            "lift": p_in[idx] / p_all[idx],
            "G2": g2,
            "p": chdtrc(1, g2),
        }
    )
    frame["p_bh"] = benjamini_hochberg(frame["p"].to_numpy())
    frame["in_rule"] = [w in flag for w in frame["word"]]
    frame = frame.sort_values([_SORT_COLUMN[measure], "docs_in", "word"], ascending=[False, False, True],
                              kind="stable").reset_index(drop=True)  # fmt: skip
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    return frame


def association_network(
    binary: sp.csr_matrix,
    vocab: Sequence[str],
    table: pd.DataFrame,
    *,
    target: str,
    n_target_docs: int,
    words: int = 15,
    measure: Measure = "jaccard",
    edges: int | None = None,
) -> nx.Graph:
    """A small network: the target, its ``words`` most associated words (edges weighted by ``measure``),
    and the strongest Jaccard co-occurrences among those words over all documents (``edges``, default
    twice the words)."""
    G = nx.Graph(target=target, measure=measure)
    G.add_node(target, kind="target", documents=int(n_target_docs))
    top = table.head(words)
    col = _SORT_COLUMN[measure]
    for row in top.itertuples(index=False):
        G.add_node(row.word, kind="word", documents=int(row.docs), docs_in=int(row.docs_in))
        G.add_edge(target, row.word, weight=round(float(getattr(row, col)), 6), kind="target")
    if len(top) < 2:
        return G
    index = {w: i for i, w in enumerate(vocab)}
    cols = [index[w] for w in top["word"]]
    S = binary[:, cols].astype(np.float64)
    co = (S.T @ S).toarray()
    df = np.diag(co).copy()
    union = df[:, None] + df[None, :] - co
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.where(union > 0, co / union, 0.0)
    iu = np.triu_indices(len(cols), 1)
    pairs = sorted(
        ((float(jac[i, j]), i, j) for i, j in zip(*iu, strict=True) if co[i, j] > 0),
        key=lambda t: (-round(t[0], 12), t[1], t[2]),
    )[: (edges if edges is not None else 2 * len(cols))]
    names = list(top["word"])
    for jv, i, j in pairs:
        G.add_edge(names[i], names[j], weight=round(jv, 6), kind="cooccurrence", cooccurrence=int(co[i, j]))
    return G
