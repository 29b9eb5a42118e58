"""LDA by collapsed Gibbs sampling (tomotopy's ``LDAModel``), and the topic shares of new documents for its
fixed topics.

Why tomotopy: it is a maintained C++ library (the one issue 17 names) whose sampler is fast enough for tens
of thousands of short answers on one core, and it gives LDA for short texts what gensim's variational LDA does
not: measured held-out NPMI on the Fukui questions and the sample survey above NMF's and gensim's
(docs/topics.md, "The default: measured"). Same input and seed give the same bytes because

* the SIMD path is fixed: tomotopy picks an instruction set (AVX-512, AVX2, SSE2) when it is first imported,
  and floating-point sums differ between them; :data:`ISA` is set in ``TOMOTOPY_ISA`` before that import
  (SSE2: every x86-64 processor has it), so results do not depend on the machine;
* the sampler runs on one worker with the seed given, documents added in corpus order and the words of a
  document in vocabulary order.

The topics are the sampler's topic-word distributions φ (with its smoothing η) and the hyper-parameter α it
optimises; saved with the model (``gibbs_alpha``), they are all that :func:`gibbs_shares` needs, so a loaded
model needs no tomotopy state to transform new documents.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import numpy as np
import scipy.sparse as sp

from ...errors import ModelError
from ...i18n import _
from .base import _Fit

#: the instruction set tomotopy is made to use (``TOMOTOPY_ISA``): the same numbers on every x86-64 machine
ISA = "sse2"
#: Gibbs sweeps over the corpus (the first BURN_IN without optimising α)
ITERATIONS = 500
BURN_IN = 50
#: fixed-point steps of the topic shares of a document (:func:`gibbs_shares`): at most INFER_ITER, a row
#: stopping at the first step where no share moves by TOL or more. Measured (K = 8, seed 1; steps per row with
#: words): Fukui answers (58,287) mean 30.2, median 27, 99th percentile 84, 0.32 % at the cap; sample survey
#: (475) mean 35.3, median 31, 0.64 % at the cap; council minutes (85 utterances) mean 29.8, max 70; the
#: report's 16× Fukui corpus mean 24.9. The shares differ from those of 100 steps for every row by at most
#: 8e-8 on all four (none of the 16× corpus's 931,788 main topics changed)
INFER_ITER = 100
TOL = 1e-8
#: corpora of fewer documents than this are fitted by CHAINS chains whose matched topics are averaged: with
#: few documents one chain's top words are noisy (sample survey, 433 answers: held-out NPMI −0.607 with one
#: chain, −0.572 with three; tomotopy −0.604); larger corpora take one chain (the cost grows with the corpus)
SMALL = 3000
CHAINS = 3
#: above this many documents with words, the Gibbs model is fitted on a seeded random sample of this many and
#: the others get their shares from its topics (:func:`gibbs_shares`): sampling costs time in proportion to
#: the corpus (about 0.5 ms per short answer here: 48 s for 100,000 answers, the report's sample at 16× the
#: Fukui answers), while the topics of short answers are settled well before that (``--model auto`` compares
#: the candidates on fits of 8,000 documents)
FIT_MAX = 20_000


def chains_for(n_docs: int) -> int:
    """Gibbs chains for a corpus of ``n_docs`` documents with words."""
    return CHAINS if n_docs < SMALL else 1


def import_tomotopy() -> Any:
    """tomotopy, imported with its SIMD path fixed to :data:`ISA` (a ModelError naming the install if absent)."""
    if "tomotopy" not in sys.modules:
        os.environ["TOMOTOPY_ISA"] = ISA
    try:
        import tomotopy
    except ImportError:
        raise ModelError(
            _("--model gibbs needs tomotopy; install it (pip install tomotopy) or use --model nmf.")
        ) from None
    return tomotopy


def _doc_words(X: sp.csr_matrix, i: int) -> list[str]:
    a, b = X.indptr[i], X.indptr[i + 1]
    return [str(int(j)) for j, c in zip(X.indices[a:b], X.data[a:b], strict=True) for _n in range(int(c))]


def fit_gibbs(
    X: sp.csr_matrix,
    k: int,
    seed: int,
    vocab_size: int,
    iterations: int = ITERATIONS,
    chains: int | None = None,
) -> _Fit:
    """LDA of the count rows ``X`` by ``chains`` Gibbs chains (seeds ``seed``, ``seed + 1``, …) whose topics
    are matched one-to-one to the first chain's (Hungarian matching on the cosine of φ) and averaged."""
    if chains is None:
        chains = chains_for(int((np.diff(sp.csr_matrix(X).indptr) > 0).sum()))
    fits = [_fit_chain(X, k, seed + c, vocab_size, iterations) for c in range(chains)]
    if chains == 1:
        return fits[0]
    from scipy.optimize import linear_sum_assignment

    ref = fits[0].H / np.maximum(np.linalg.norm(fits[0].H, axis=1, keepdims=True), 1e-300)
    H, W, alpha = fits[0].H.copy(), fits[0].W.copy(), fits[0].extra["alpha"].copy()
    for f in fits[1:]:
        other = f.H / np.maximum(np.linalg.norm(f.H, axis=1, keepdims=True), 1e-300)
        _, cols = linear_sum_assignment(-(ref @ other.T))
        H += f.H[cols]
        W += f.W[:, cols]
        alpha += f.extra["alpha"][cols]
    return _Fit(W=W / chains, H=H / chains, n_iter=iterations * chains, extra={"alpha": alpha / chains})


def fit_gibbs_bounded(
    X: sp.csr_matrix, k: int, seed: int, vocab_size: int, *, limit: int | None = None, every_row: bool = True
) -> tuple[_Fit, int | None]:
    """:func:`fit_gibbs` of every row of ``X``, or, above ``limit`` rows with words, of a seeded random sample of
    ``limit`` of them, every row's W then being its topic shares from the sample's topics and α (rows without
    words stay zero; ``every_row=False``: W left empty, for a caller that computes the shares of more rows
    itself). Returns the fit and the sample's size (None: all rows)."""
    from .transform import shares_by_partition

    limit = FIT_MAX if limit is None else limit
    X = sp.csr_matrix(X)
    rows = np.flatnonzero(np.diff(X.indptr) > 0)
    if len(rows) <= limit:
        return fit_gibbs(X, k, seed, vocab_size), None
    sample = np.sort(np.random.default_rng([seed, 41]).choice(rows, limit, replace=False))
    fit = fit_gibbs(X[sample], k, seed, vocab_size)
    phi = fit.H / np.maximum(fit.H.sum(axis=1, keepdims=True), 1e-300)
    alpha = fit.extra["alpha"]
    fit.W = (
        shares_by_partition(lambda M: gibbs_shares(M, phi, alpha), X, k, dtype=np.float64)
        if every_row
        else np.empty((0, k))
    )
    return fit, limit


def _fit_chain(X: sp.csr_matrix, k: int, seed: int, vocab_size: int, iterations: int) -> _Fit:
    """LDA of the count rows ``X`` (documents × vocabulary) at ``k`` topics; W = the documents' topic shares
    (zero rows for documents without words), H = φ (K × V, rows sum to 1 over the words the sampler saw)."""
    tp = import_tomotopy()
    X = sp.csr_matrix(X)
    X.sort_indices()
    mdl = tp.LDAModel(k=k, seed=int(seed) % (2**31))
    rows = []
    for i in range(X.shape[0]):
        words = _doc_words(X, i)
        if words:
            mdl.add_doc(words)
            rows.append(i)
    W = np.zeros((X.shape[0], k))
    H = np.zeros((k, vocab_size))
    if not rows:
        return _Fit(W=W, H=H + 1.0 / vocab_size, extra={"alpha": np.full(k, 0.1)})
    mdl.burn_in = BURN_IN
    mdl.train(iterations, workers=1, parallel=tp.ParallelScheme.NONE)
    cols = np.array([int(w) for w in mdl.used_vocabs], dtype=np.int64)
    for t in range(k):
        H[t, cols] = np.asarray(mdl.get_topic_word_dist(t), dtype=np.float64)
    for r, doc in zip(rows, mdl.docs, strict=True):
        W[r] = np.asarray(doc.get_topic_dist(), dtype=np.float64)
    alpha = np.asarray(mdl.alpha, dtype=np.float64).reshape(-1)
    if alpha.size == 1:
        alpha = np.full(k, float(alpha[0]))
    return _Fit(W=W, H=H, n_iter=iterations, extra={"alpha": alpha})


def gibbs_shares(
    M: sp.csr_matrix, phi: np.ndarray, alpha: np.ndarray, *, n_iter: int = INFER_ITER, tol: float = TOL
) -> np.ndarray:
    """Topic shares of the count rows ``M`` for fixed topics φ (K × V) and α: the fixed point of
    θ ∝ α + Σ_w n_w φ_tw θ_t / Σ_s φ_sw θ_s (the expected topic counts of the words), from θ ∝ α; rows of
    documents without model words stay zero. Deterministic (no sampling); see :func:`shares_and_steps`."""
    return shares_and_steps(M, phi, alpha, n_iter=n_iter, tol=tol)[0]


def shares_and_steps(
    M: sp.csr_matrix, phi: np.ndarray, alpha: np.ndarray, *, n_iter: int = INFER_ITER, tol: float = TOL
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`gibbs_shares` and the fixed-point steps each row took (0: no words).

    Each row is solved on its own and stops at the first step where no share moves by ``tol`` or more (at most
    ``n_iter``): its result depends on that row only, not on the other rows of ``M`` (a partition of a corpus)
    nor on whether equal rows were solved once. The C loop (``_speedups.gibbs_rows``) and the numpy one
    (:func:`_solve_numpy`, used where the extension is not built) do the same operations in the same order and
    give the same bytes."""
    M = sp.csr_matrix(M, dtype=np.float64, copy=True)
    M.sum_duplicates()  # sorted indices: a row's words in one order, whatever the caller's
    n, k = M.shape[0], phi.shape[0]
    P = np.ascontiguousarray(np.asarray(phi, dtype=np.float64).T)  # V × K
    alpha = np.ascontiguousarray(alpha, dtype=np.float64)
    theta0 = alpha / alpha.sum()
    out = np.zeros((n, k))
    steps = np.zeros(n, dtype=np.int32)
    if n == 0 or M.nnz == 0:
        return out, steps
    if _gibbs_rows_c is not None:
        _gibbs_rows_c(
            np.ascontiguousarray(M.indptr, dtype=np.int64),
            np.ascontiguousarray(M.indices, dtype=np.int64),
            np.ascontiguousarray(M.data),
            P,
            alpha,
            theta0,
            int(n_iter),
            float(tol),
            out,
            steps,
        )
    else:
        _solve_numpy(M, P, alpha, theta0, n_iter, tol, out, steps)
    return out, steps


def _padded_length(lengths: np.ndarray) -> np.ndarray:
    """The row length each row is padded to in :func:`_solve_numpy` (the padding adds exact zeros)."""
    return np.where(
        lengths > 8, np.where(lengths > 32, (lengths + 15) // 16 * 16, (lengths + 3) // 4 * 4), lengths
    )


def _solve_numpy(
    M: sp.csr_matrix,
    P: np.ndarray,
    alpha: np.ndarray,
    theta0: np.ndarray,
    n_iter: int,
    tol: float,
    out: np.ndarray,
    steps: np.ndarray,
) -> None:
    """The rows of ``M`` by groups of rows of one padded length (words of φ = 0 and count 0 added: they add
    exact zeros to every sum), equal rows of a group solved once; every sum is taken term by term from the first
    term (as the C loop does), none by numpy's pairwise reductions, whose order depends on the array's shape."""
    V, k = P.shape
    PT = np.zeros((k, V + 1))  # column V: the padding word
    PT[:, :V] = P.T
    lengths = np.diff(M.indptr)
    padded = _padded_length(lengths)
    for L in np.unique(padded[lengths > 0]):
        idx = np.flatnonzero((padded == L) & (lengths > 0))
        col = np.arange(L)[None, :]
        real = col < lengths[idx][:, None]
        pos = np.where(real, M.indptr[idx][:, None] + col, 0)
        ind = np.where(real, M.indices[pos], V).astype(np.int64)
        cnt = np.where(real, M.data[pos], 0.0)
        _u, first, inverse = np.unique(
            np.concatenate([ind, cnt.view(np.int64)], axis=1), axis=0, return_index=True, return_inverse=True
        )
        th, st = _solve_group(
            PT[:, ind[first].T], np.ascontiguousarray(cnt[first].T), alpha, theta0, n_iter, tol
        )
        out[idx] = th[inverse.reshape(-1)]
        steps[idx] = st[inverse.reshape(-1)]


def _solve_group(
    Pe: np.ndarray, cnt: np.ndarray, alpha: np.ndarray, theta0: np.ndarray, n_iter: int, tol: float
) -> tuple[np.ndarray, np.ndarray]:
    """θ (m × K) and steps of m rows of one padded length L: ``Pe`` = φ of their words (K × L × m), ``cnt`` =
    their counts (L × m). Rows that have converged are kept (not updated any more) until a quarter of the
    arrays has, then dropped."""
    k, L, m = Pe.shape
    res = np.empty((m, k))
    res_steps = np.zeros(m, dtype=np.int32)
    act = np.arange(m)
    th = np.repeat(theta0[:, None], m, axis=1)
    a = alpha[:, None]
    done = np.zeros(m, dtype=bool)
    for step in range(1, n_iter + 1):
        mm = th.shape[1]
        den = Pe[0] * th[0]
        for t in range(1, k):
            den += Pe[t] * th[t]
        np.maximum(den, 1e-300, out=den)
        np.divide(cnt, den, out=den)  # den: now n_w / Σ_s φ_sw θ_s
        s = Pe[:, 0, :] * den[0]
        for w in range(1, L):
            s += Pe[:, w, :] * den[w]
        new = th * s
        new += a
        tot = new[0].copy()
        for t in range(1, k):
            tot += new[t]
        new /= tot
        fin = np.abs(new - th).max(axis=0) < tol if step < n_iter else np.ones(mm, dtype=bool)
        fin &= ~done
        th = new
        if fin.any():
            res[act[fin]] = th[:, fin].T
            res_steps[act[fin]] = step
            done |= fin
            if done.all():
                break
            if 4 * int(done.sum()) >= mm:
                keep = ~done
                Pe, cnt, th, act = Pe[:, :, keep], cnt[:, keep], th[:, keep], act[keep]
                done = np.zeros(len(act), dtype=bool)
    return res, res_steps


#: the version of _speedups.gibbs_rows this module calls (GIBBS_ABI in _speedups.c)
GIBBS_ABI = 1
try:
    from ...text import _speedups as _ext
except ImportError:  # built without a C compiler: the same arithmetic in numpy
    _ext = None  # type: ignore[assignment]
_gibbs_rows_c = _ext.gibbs_rows if getattr(_ext, "GIBBS_ABI", None) == GIBBS_ABI else None
