"""The words that characterise a set of documents (a theme's documents against the others)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp


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
    n_out = int((~mask).sum())
    cols = ["word", "docs_in", "pct_in", "pct_out", "log_odds", "z"]
    if n_in == 0:
        return pd.DataFrame(columns=cols)
    df_all = np.asarray(binary.sum(axis=0)).ravel().astype(float)
    df_in = np.asarray(binary[mask].sum(axis=0)).ravel().astype(float)
    df_out = df_all - df_in
    a, b = df_in + 0.5, n_in - df_in + 0.5
    c, d = df_out + 0.5, n_out - df_out + 0.5
    lor = np.log(a / b) - np.log(c / d)
    z = lor / np.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    keep = df_in >= min_docs
    if exclude is not None:
        keep &= np.array([not exclude(w) for w in vocab], dtype=bool)
    idx = np.flatnonzero(keep & (lor > 0))
    order = np.asarray(sorted(idx.tolist(), key=lambda i: (-z[i], -df_in[i], vocab[i]))[:top], dtype=np.int64)
    return pd.DataFrame(
        {
            "word": [vocab[i] for i in order],
            "docs_in": df_in[order].astype(int),
            "pct_in": np.round(df_in[order] / n_in * 100, 1),
            "pct_out": np.round(df_out[order] / max(n_out, 1) * 100, 1),
            "log_odds": np.round(lor[order], 3),
            "z": np.round(z[order], 2),
        },
        columns=cols,
    )
