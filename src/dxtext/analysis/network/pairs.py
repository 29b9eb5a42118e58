"""Options and coefficients of co-occurrence networks: the measures, the check of the options, the selection of
candidate words, the co-occurring pairs with their coefficients, and the selection of edges (see the table of
coefficients in :mod:`dxtext.analysis.network`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal, get_args

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ...errors import DxtextError
from ...i18n import _

if TYPE_CHECKING:
    from ..matrix import DocTermMatrix

Measure = Literal["jaccard", "dice", "simpson", "cosine", "npmi"]
CommunityMethod = Literal["modularity", "louvain"]
Centrality = Literal["betweenness", "degree", "eigenvector"]

MEASURES: tuple[str, ...] = get_args(Measure)
COMMUNITY_METHODS: tuple[str, ...] = get_args(CommunityMethod)
CENTRALITIES: tuple[str, ...] = get_args(Centrality)


# --- options ----------------------------------------------------------------------------------------------


def check_options(
    *,
    measure: str = "jaccard",
    communities: str = "modularity",
    centrality: str = "betweenness",
    words: int = 75,
    min_df: int = 1,
    top_edges: int | None = 60,
    min_coef: float | None = None,
) -> None:
    """Raise a one-line :class:`DxtextError` for an option dxtext cannot use (the CLI calls this before tokenizing)."""
    _choice("measure", measure, MEASURES)
    _choice("communities", communities, COMMUNITY_METHODS)
    _choice("centrality", centrality, CENTRALITIES)
    if words < 2:
        raise DxtextError(
            _("--words {words}: a network needs at least 2 words; use a larger number (default 75).").format(
                words=words
            )
        )
    if min_df < 1:
        raise DxtextError(
            _("--min-df {min_df}: must be at least 1 (documents containing the word).").format(min_df=min_df)
        )
    if top_edges is not None and top_edges < 1:
        raise DxtextError(
            _("--top-edges {top_edges}: must be at least 1 (default 60).").format(top_edges=top_edges)
        )
    if min_coef is not None and not (-1.0 <= min_coef <= 1.0):
        raise DxtextError(
            _(
                "--min-coef {min_coef}: coefficients lie between -1 and 1 (NPMI) or 0 and 1; choose a value there."
            ).format(min_coef=min_coef)
        )


def _choice(option: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise DxtextError(
            _("--{option} {value!r}: unknown {option}; choose one of {v0}.").format(
                option=option, value=value, v0=", ".join(allowed)
            )
        )


# --- coefficients -----------------------------------------------------------------------------------------


def coefficients(
    count: np.ndarray, df_a: np.ndarray, df_b: np.ndarray, n_docs: int, *, measure: Measure = "jaccard"
) -> np.ndarray:
    """Association of pairs with ``count`` shared documents, vectorised over arrays (see the table in :mod:`dxtext.analysis.network`)."""
    _choice("measure", measure, MEASURES)
    a = np.asarray(count, dtype=np.float64)
    x = np.asarray(df_a, dtype=np.float64)
    y = np.asarray(df_b, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "jaccard":
            out = a / (x + y - a)
        elif measure == "dice":
            out = 2 * a / (x + y)
        elif measure == "simpson":
            out = a / np.minimum(x, y)
        elif measure == "cosine":
            out = a / np.sqrt(x * y)
        else:  # npmi
            n = float(n_docs)
            pmi = np.log(a * n / (x * y))
            denom = -np.log(a / n)
            out = np.where(a >= n, 1.0, pmi / np.where(denom > 0, denom, 1.0))
            out = np.where(a > 0, out, -1.0)
    return np.nan_to_num(out, nan=0.0, posinf=0.0, neginf=-1.0)


def select_words(dtm: DocTermMatrix, *, words: int = 75, min_df: int = 1) -> np.ndarray:
    """Column indices of the ``words`` most frequent terms with document frequency ≥ ``min_df``, in rank order
    (term frequency descending, then spelling)."""
    tf = dtm.term_frequency()
    df = dtm.document_frequency()
    keep = np.flatnonzero(df >= min_df)
    if len(keep) == 0:
        return keep.astype(np.int64)
    order = keep[np.lexsort((np.array(dtm.vocab, dtype=object)[keep].astype(str), -tf[keep]))]
    return order[:words].astype(np.int64)


def _binary(X: sp.spmatrix) -> sp.csr_matrix:
    B = sp.csr_matrix(X, copy=True)
    B.data = np.ones_like(B.data, dtype=np.int32)
    return B


def cooccurrence_pairs(
    dtm: DocTermMatrix, *, measure: Measure = "jaccard", words: int = 75, min_df: int = 1
) -> pd.DataFrame:
    """Every pair of the selected words that shares at least one document: word1, word2 (word1 the more
    frequent), count, coefficient — sorted by coefficient, then count, then rank."""
    check_options(measure=measure, words=words, min_df=min_df)
    idx = select_words(dtm, words=words, min_df=min_df)
    pairs = _pairs(_binary(dtm.X[:, idx]), measure)
    vocab = [dtm.vocab[j] for j in idx]
    return pd.DataFrame(
        {
            "word1": [vocab[i] for i in pairs["i"]],
            "word2": [vocab[j] for j in pairs["j"]],
            "count": pairs["count"],
            "coefficient": pairs["coef"],
        }
    )


def _pairs(
    B: sp.csr_matrix, measure: Measure, *, gram: Callable[[sp.csr_matrix], sp.spmatrix] | None = None
) -> dict[str, np.ndarray]:
    """Upper-triangle pairs of the columns of binary ``B`` with count > 0, ranked (coef↓, count↓, i, j).

    ``gram``: how Bᵀ B is computed (default here, in one product; the Dask engine sums it over row blocks)."""
    n_docs = B.shape[0]
    df = np.diff(B.tocsc().indptr)
    C = sp.triu(sp.csr_matrix(gram(B) if gram is not None else B.T @ B), k=1).tocoo()
    i = C.row.astype(np.int64)
    j = C.col.astype(np.int64)
    count = C.data.astype(np.int64)
    nz = count > 0
    i, j, count = i[nz], j[nz], count[nz]
    coef = coefficients(count, df[i], df[j], n_docs, measure=measure)
    order = np.lexsort((j, i, -count, -coef))
    return {
        "i": i[order],
        "j": j[order],
        "count": count[order],
        "coef": coef[order],
        "df": df,
        "n_docs": n_docs,
    }


def _select_edges(
    pairs: dict[str, np.ndarray], *, top_edges: int | None, min_coef: float | None
) -> np.ndarray:
    keep = np.arange(len(pairs["coef"]))
    if min_coef is not None:
        keep = keep[pairs["coef"][keep] >= min_coef - 1e-12]
    if top_edges is not None:
        keep = keep[:top_edges]
    return keep
