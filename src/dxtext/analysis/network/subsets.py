"""The matrices of co-occurrence networks of many subsets of one corpus (a report's themes): the words each
network can draw are chosen for every subset at once from ``Hᵀ X`` and ``Hᵀ B`` (H: documents × subsets), and
each subset's matrix holds only those words — columns are selected first (once, for the union of the subsets'
words), then the subset's rows, so no subset copies its documents' whole rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..matrix import DocTermMatrix


@dataclass
class SubsetMatrix:
    """A subset's documents over its candidate words (``dtm``, columns in rank order, None when fewer than
    ``least`` words qualify) and how many words qualify (document frequency ≥ ``min_df`` in the subset)."""

    dtm: DocTermMatrix | None
    qualified: int


def subset_counts(
    X: sp.spmatrix, members: sp.spmatrix, *, binary: sp.spmatrix | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(term frequency, document frequency) of every word in every subset, subsets × words, by two sparse
    products (``members``: documents × subsets, nonzero = in the subset; ``X``: documents × words counts;
    ``binary``: X with every count 1, when the caller has it)."""
    H = sp.csc_matrix(members, dtype=X.dtype)
    H.data = np.ones_like(H.data)
    Ht = H.T.tocsr()
    if binary is None:
        B = sp.csr_matrix(X, copy=True)
        B.data = np.ones_like(B.data)
    else:
        B = binary
    tf = np.asarray((Ht @ X).toarray(), dtype=np.int64)
    df = np.asarray((Ht @ B).toarray(), dtype=np.int64)
    return tf, df


def subset_matrices(
    dtm: DocTermMatrix,
    members: Sequence[np.ndarray],
    *,
    words: int,
    min_df: int,
    least: int = 1,
    counts: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[SubsetMatrix]:
    """For each bool mask in ``members``, the matrix :func:`~dxtext.analysis.network.cooccurrence_network` needs
    to draw the subset's network of ``words`` words: its documents (all of them, in corpus order) over the
    ``words`` most frequent words of the subset with document frequency ≥ ``min_df`` (ranked as
    :func:`~dxtext.analysis.network.select_words` ranks them: frequency in the subset, then spelling). The same
    network as from the subset's whole rows, without copying them. ``counts``: :func:`subset_counts` of these
    masks, when the caller has it."""
    if not members:
        return []
    if counts is None:
        H = sp.csc_matrix(np.column_stack([np.asarray(m, dtype=bool) for m in members]))
        counts = subset_counts(dtm.X, H)
    tf, df = counts
    spelling = np.empty(dtm.n_terms, dtype=np.int64)
    spelling[np.argsort(np.asarray(dtm.vocab, dtype=str), kind="stable")] = np.arange(dtm.n_terms)
    chosen: list[np.ndarray] = []
    qualified: list[int] = []
    for t in range(len(members)):
        keep = np.flatnonzero(df[t] >= min_df)
        qualified.append(len(keep))
        order = keep[np.lexsort((spelling[keep], -tf[t][keep]))]
        chosen.append(order[:words] if len(keep) >= least else order[:0])
    union = np.unique(np.concatenate(chosen)) if chosen else np.zeros(0, dtype=np.int64)
    XU = dtm.X[:, union].tocsc()  # one pass over the matrix for every subset's words
    ids = np.asarray(dtm.doc_ids, dtype=object)
    out = []
    for t, mask in enumerate(members):
        if len(chosen[t]) == 0:
            out.append(SubsetMatrix(None, qualified[t]))
            continue
        mask = np.asarray(mask, dtype=bool)
        rows = np.flatnonzero(mask)
        X = _rows_of(XU[:, np.searchsorted(union, chosen[t])], mask)
        vocab = [dtm.vocab[j] for j in chosen[t]]
        out.append(SubsetMatrix(DocTermMatrix(X, vocab, ids[rows].tolist()), qualified[t]))
    return out


def _rows_of(C: sp.csc_matrix, mask: np.ndarray) -> sp.csr_matrix:
    """The rows of ``C`` where ``mask`` holds, as CSR with sorted indices: the entries of each column are
    filtered and renumbered (no pass over the rows that are left out)."""
    C = sp.csc_matrix(C)
    C.sort_indices()
    keep = mask[C.indices]
    renumber = np.cumsum(mask) - 1
    kept = np.concatenate([[0], np.cumsum(keep)])
    indptr = kept[C.indptr]
    sub = sp.csc_matrix(
        (C.data[keep], renumber[C.indices[keep]].astype(C.indices.dtype), indptr),
        shape=(int(mask.sum()), C.shape[1]),
    )
    return sub.tocsr()
