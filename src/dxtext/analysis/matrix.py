"""Document-term matrix: token lists → scipy.sparse CSR counts with a vocabulary and document ids."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import ModelError
from ..i18n import _
from ..text.tokenlists import TokenLists


@dataclass
class DocTermMatrix:
    """``X[i, j]`` = count of ``vocab[j]`` in document ``doc_ids[i]`` (CSR, int32)."""

    X: sp.csr_matrix
    vocab: list[str]
    doc_ids: list[str]

    @property
    def n_docs(self) -> int:
        return self.X.shape[0]

    @property
    def n_terms(self) -> int:
        return self.X.shape[1]

    def binary(self) -> sp.csr_matrix:
        B = self.X.copy()
        B.data = np.ones_like(B.data)
        return B

    def term_frequency(self) -> np.ndarray:
        return np.asarray(self.X.sum(axis=0)).ravel()

    def document_frequency(self) -> np.ndarray:
        return np.diff(self.X.tocsc().indptr)

    def index(self) -> dict[str, int]:
        return {w: i for i, w in enumerate(self.vocab)}

    def frequencies(self) -> pd.DataFrame:
        """word, tf, df sorted by tf (desc), then word — a stable order."""
        frame = pd.DataFrame(
            {"word": self.vocab, "tf": self.term_frequency(), "df": self.document_frequency()}
        )
        return frame.sort_values(["tf", "word"], ascending=[False, True], kind="stable").reset_index(
            drop=True
        )

    def select_terms(self, keep: Sequence[int]) -> DocTermMatrix:
        idx = np.asarray(keep, dtype=np.int64)
        return DocTermMatrix(self.X[:, idx].tocsr(), [self.vocab[i] for i in idx], list(self.doc_ids))


def build_dtm(
    token_lists: Sequence[Sequence[str]],
    *,
    doc_ids: Sequence[str] | None = None,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    max_terms: int | None = None,
) -> DocTermMatrix:
    """Count matrix of ``token_lists``.

    ``min_df``/``max_df``: an int is a number of documents, a float a share of documents (as in scikit-learn).
    ``max_terms`` keeps the most frequent terms. The vocabulary is sorted by frequency then spelling, so the
    same input always gives the same matrix.
    """
    n = len(token_lists)
    if doc_ids is None:
        doc_ids = [str(i) for i in range(n)]
    if len(doc_ids) != n:
        raise ValueError(_("doc_ids and token_lists differ in length"))
    if n == 0:
        raise ModelError(
            _(
                "no documents with words to analyse; check the text column and the ledger (dxtext corpus info)."
            )
        )
    # the words in order of first occurrence and a word id per token (TokenLists holds them already)
    tokens = TokenLists.of(token_lists)
    total = len(tokens.ids)
    X = sp.csr_matrix(
        # a copy of the ids: the matrix sorts and sums its entries in place
        (np.ones(total, dtype=np.int32), tokens.ids.copy(), tokens.bounds),
        shape=(n, len(tokens.words)),
    )
    X.sum_duplicates()
    return finish_dtm(X, tokens.words, doc_ids, min_df=min_df, max_df=max_df, max_terms=max_terms)


def finish_dtm(
    X: sp.csr_matrix,
    words: Sequence[str],
    doc_ids: Sequence[str],
    *,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    max_terms: int | None = None,
) -> DocTermMatrix:
    """The document-term matrix from raw counts ``X`` over ``words`` (any column order): the document-frequency
    filters, the vocabulary sorted by frequency then spelling, ``max_terms``. Shared by :func:`build_dtm` and
    the partitioned count of the Dask engine, so both give the same matrix."""
    n = X.shape[0]
    words = list(words)
    tf = np.asarray(X.sum(axis=0)).ravel()
    if not X.has_canonical_format:
        X.sum_duplicates()
    df = np.bincount(X.indices, minlength=X.shape[1])  # entries per column, without a CSC copy of X
    lo = min_df if isinstance(min_df, int) else int(np.ceil(min_df * n))
    hi = max_df if isinstance(max_df, int) else int(np.floor(max_df * n))
    keep = np.flatnonzero((df >= lo) & (df <= hi))
    if len(keep) == 0:
        raise ModelError(
            _(
                "no word occurs in at least {lo} and at most {hi} of the {n} documents; lower --min-df."
            ).format(lo=lo, hi=hi, n=n)
        )
    order = sorted(keep.tolist(), key=lambda j: (-int(tf[j]), words[j]))
    if max_terms is not None:
        order = order[:max_terms]
    idx = np.asarray(order, dtype=np.int64)
    X = X[:, idx].tocsr()
    X.sort_indices()
    return DocTermMatrix(X.astype(np.int32, copy=False), [words[j] for j in idx], [str(d) for d in doc_ids])
