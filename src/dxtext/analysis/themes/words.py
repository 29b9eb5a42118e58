"""The words that characterise a set of documents (a theme's documents against the others)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

COLUMNS = ["word", "docs_in", "pct_in", "pct_out", "log_odds", "z"]


def characteristic_words(
    binary: sp.csr_matrix,
    vocab: Sequence[str],
    mask: np.ndarray,
    *,
    top: int = 10,
    min_docs: int = 2,
    exclude: Callable[[str], bool] | None = None,
) -> pd.DataFrame:
    """Words whose share of documents is highest inside ``mask`` compared with outside it.

    Ranked by the z-score of the log odds ratio (0.5 added to every cell): word, docs_in, pct_in, pct_out,
    log_odds, z. Only words in at least ``min_docs`` documents of the set; ``exclude(word)`` drops words
    (e.g. the rule's own words).
    """
    mask = np.asarray(mask, dtype=bool)
    n_in = int(mask.sum())
    if n_in == 0:
        return pd.DataFrame(columns=COLUMNS)
    df_all = np.asarray(binary.sum(axis=0)).ravel()
    # the documents of the set counted by one product (no copy of their rows)
    df_in = np.asarray(binary.T @ mask.astype(binary.dtype)).ravel()
    allowed = None if exclude is None else np.array([not exclude(w) for w in vocab], dtype=bool)
    return scored_words(df_in, df_all, n_in, len(mask), vocab, top=top, min_docs=min_docs, allowed=allowed)


def scored_words(
    df_in: np.ndarray,
    df_all: np.ndarray,
    n_in: int,
    n_docs: int,
    vocab: Sequence[str] | np.ndarray,
    *,
    top: int = 10,
    min_docs: int = 2,
    allowed: np.ndarray | None = None,
) -> pd.DataFrame:
    """:func:`characteristic_words` from document counts: ``df_in`` (per word, documents of the set that have
    it), ``df_all`` (all documents that have it), ``n_in`` documents in the set of ``n_docs``; ``allowed``: a
    bool per word (False drops it). Many sets share ``df_all`` and a product gives all their ``df_in`` at
    once (:func:`set_document_counts`). Ties of z by ``docs_in``, then spelling."""
    if n_in == 0:
        return pd.DataFrame(columns=COLUMNS)
    n_out = n_docs - n_in
    df_in = np.asarray(df_in, dtype=float)
    df_out = np.asarray(df_all, dtype=float) - df_in
    a, b = df_in + 0.5, n_in - df_in + 0.5
    c, d = df_out + 0.5, n_out - df_out + 0.5
    lor = np.log(a / b) - np.log(c / d)
    z = lor / np.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    keep = df_in >= min_docs
    if allowed is not None:
        keep &= allowed
    idx = np.flatnonzero(keep & (lor > 0))
    spelling = np.asarray(
        [vocab[i] for i in idx] if not isinstance(vocab, np.ndarray) else vocab[idx], dtype=str
    )
    order = idx[np.lexsort((spelling, -df_in[idx], -z[idx]))[:top]]
    return pd.DataFrame(
        {
            "word": [str(vocab[i]) for i in order],
            "docs_in": df_in[order].astype(int),
            "pct_in": np.round(df_in[order] / n_in * 100, 1),
            "pct_out": np.round(df_out[order] / max(n_out, 1) * 100, 1),
            "log_odds": np.round(lor[order], 3),
            "z": np.round(z[order], 2),
        },
        columns=COLUMNS,
    )


def set_document_counts(binary: sp.spmatrix, members: sp.spmatrix | np.ndarray) -> np.ndarray:
    """Sets × words: how many documents of each set have each word, in one sparse product ``Hᵀ B`` (``members``:
    documents × sets, nonzero = the document is in the set; ``binary``: documents × words, 0/1)."""
    H = sp.csc_matrix(members, dtype=np.int32)
    H.data = np.ones_like(H.data)
    return np.asarray((H.T @ binary).toarray(), dtype=np.int64)
