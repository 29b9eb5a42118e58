"""Topic shares of documents for fixed topics, and the fit of a large corpus on a sample.

- :func:`vocab_counts`: the counts of documents over a model's vocabulary (what :meth:`TopicModel.transform`
  and :meth:`TopicModel.coverage` read); words unknown to the model are ignored and counted.
- :func:`shares_by_partition`: the topic shares of every row of a count matrix, computed :data:`PARTITION_ROWS`
  rows at a time and kept as float32, so that the memory of the transform does not grow with the corpus
  beyond one documents × K array.
- :data:`FIT_SAMPLE`, :func:`fit_sample_rows`, :func:`fit_sample_note`: above ``fit_sample`` documents with
  words, :class:`~dxtext.analysis.topics.TopicModel` fits its topics (K choice included) on a seeded random
  sample of that many of them and gives every document its topic shares by transform, partition by partition
  (docs/topics.md, "Speed: large corpora"). At or below it the fit is the one on all documents.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import scipy.sparse as sp

from ...i18n import Message
from ...text.tokenlists import TokenLists
from ..matrix import DocTermMatrix

#: above this many documents with words, the topics are fitted on a seeded random sample of this many
FIT_SAMPLE = 100_000
#: rows of one partition of the transform of every document (a sample-fitted model)
PARTITION_ROWS = 50_000
#: at most this many partitions are computed at a time, in threads (:func:`threads_for`)
MAX_THREADS = 4


def threads_for(n_jobs: int | None) -> int:
    """Threads for work split by partition: the usable cores, at most ``n_jobs`` (None: any) and
    :data:`MAX_THREADS`."""
    from ...text.parallel import effective_jobs

    return max(1, min(MAX_THREADS, effective_jobs(0), n_jobs or MAX_THREADS))


def fit_sample_rows(rows_with_words: np.ndarray, n: int, seed: int) -> np.ndarray:
    """The documents (sorted row indices) of the fit on a sample: ``n`` of ``rows_with_words``, drawn with
    ``seed`` (the same seed, the same sample)."""
    rng = np.random.default_rng([seed, 29])
    return np.sort(rng.choice(rows_with_words, n, replace=False))


def fit_sample_note(n: int, total: int) -> Message:
    """What the reason of K says about a fit on a sample (kept in model.json, shown on the pages)."""
    return Message(
        "Model fitted on a random sample of {n:,} of the {total:,} documents with words, the topic shares "
        "of every document computed from it",
        n=n,
        total=total,
    )


def shares_by_partition(
    shares: Callable[[sp.csr_matrix], np.ndarray],
    M: sp.csr_matrix,
    k: int,
    *,
    rows: int = PARTITION_ROWS,
    dtype: type = np.float32,
    workers: int | None = None,
) -> np.ndarray:
    """Topic shares (documents × ``k``, float32 unless ``dtype``) of the rows of ``M`` from ``shares`` (one
    partition of rows in, its shares out), ``rows`` rows at a time, at most ``workers`` partitions at a time in
    threads (None: any number; :func:`threads_for`); rows without words stay zero. Every partition is computed on its own and written
    to its own rows, so the same ``M`` and ``rows`` give the same array whatever the threads do. ``shares`` must
    be safe to call from several threads (the Gibbs kernel and scikit-learn's NMF solver release the GIL)."""
    from threadpoolctl import threadpool_limits

    M = sp.csr_matrix(M)
    out = np.zeros((M.shape[0], k), dtype=dtype)

    def one(start: int) -> None:
        part = M[start : start + rows]
        if part.nnz:
            out[start : start + part.shape[0]] = shares(part)

    starts = range(0, M.shape[0], rows)
    workers = threads_for(workers)
    if workers <= 1 or len(starts) <= 1:
        for start in starts:
            one(start)
        return out
    # one limit of BLAS threads around every thread (a limit entered and left in each thread would restore
    # another's setting out of order)
    with threadpool_limits(limits=1), ThreadPoolExecutor(max_workers=workers) as pool:
        for done in pool.map(one, starts):
            del done
    return out


def vocab_counts(
    vocab: Sequence[str], data: Sequence[Sequence[str]] | DocTermMatrix
) -> tuple[sp.csr_matrix, dict[str, Any]]:
    """Counts of ``data`` over ``vocab`` (documents × words) and its coverage: words unknown to the
    vocabulary are ignored (and counted)."""
    index = {w: i for i, w in enumerate(vocab)}
    if isinstance(data, DocTermMatrix):
        cols = np.array([index.get(w, -1) for w in data.vocab])
        X = sp.csr_matrix(data.X)
        known = cols >= 0
        total = int(X.sum())
        sel = X[:, np.flatnonzero(known)]
        M = sp.csr_matrix((sel.data, cols[known][sel.indices], sel.indptr), shape=(X.shape[0], len(vocab)))
        M.sum_duplicates()
        n_known = int(M.sum())
    elif isinstance(data, TokenLists):  # word ids: mapped to the vocabulary's columns in one step
        cols = np.array([index.get(w, -1) for w in data.words], dtype=np.int64)
        token_cols = cols[data.ids]
        known_token = token_cols >= 0
        total = len(token_cols)
        kept_before = np.zeros(total + 1, dtype=np.int64)
        np.cumsum(known_token, out=kept_before[1:])
        M = sp.csr_matrix(
            (
                np.ones(int(kept_before[-1]), dtype=np.float64),
                token_cols[known_token],
                kept_before[data.bounds],
            ),
            shape=(len(data), len(vocab)),
        )
        M.sum_duplicates()
        n_known = int(kept_before[-1])
    else:
        indptr, indices = [0], []
        total = 0
        for toks in data:
            total += len(toks)
            indices.extend(j for j in (index.get(w) for w in toks) if j is not None)
            indptr.append(len(indices))
        M = sp.csr_matrix(
            (
                np.ones(len(indices), dtype=np.float64),
                np.asarray(indices, dtype=np.int64),
                np.asarray(indptr),
            ),
            shape=(len(indptr) - 1, len(vocab)),
        )
        M.sum_duplicates()
        n_known = len(indices)
    docs_with = int((np.diff(M.indptr) > 0).sum())
    n = M.shape[0]
    cov = {
        "documents": n,
        "documents_with_model_words": docs_with,
        "document_coverage": round(docs_with / n, 4) if n else 0.0,
        "tokens": total,
        "tokens_known": n_known,
        "token_coverage": round(n_known / total, 4) if total else 0.0,
    }
    return M, cov
