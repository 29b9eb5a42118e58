"""Latent Dirichlet allocation with gensim (``LdaModel``, online variational Bayes, single process so that a
seed fixes the result): the fit, inference of topic shares, and the model rebuilt from saved parameters."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from .base import _Fit


def _gensim_corpus(X: sp.csr_matrix) -> list[list[tuple[int, int]]]:
    X = sp.csr_matrix(X)
    return [
        list(
            zip(
                X.indices[X.indptr[i] : X.indptr[i + 1]].tolist(),
                X.data[X.indptr[i] : X.indptr[i + 1]].tolist(),
                strict=True,
            )
        )
        for i in range(X.shape[0])
    ]


def _quiet_gensim() -> None:
    import logging

    for name in ("gensim", "gensim.models.ldamodel"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _lda_infer(lda: Any, bow: list[list[tuple[int, int]]], seed: int) -> np.ndarray:
    lda.random_state = np.random.RandomState(seed)  # inference draws its start from the model's generator
    out = np.zeros((len(bow), lda.num_topics))
    for start in range(0, len(bow), 4000):
        gamma, _ = lda.inference(bow[start : start + 4000])
        out[start : start + len(gamma)] = gamma
    sums = out.sum(axis=1, keepdims=True)
    out = np.divide(out, sums, out=np.zeros_like(out), where=sums > 0)
    empty = np.array([len(d) == 0 for d in bow], dtype=bool)
    out[empty] = 0.0
    return out


def _fit_lda(X: sp.csr_matrix, k: int, seed: int, passes: int, vocab_size: int) -> _Fit:
    from gensim.models import LdaModel

    _quiet_gensim()
    bow = _gensim_corpus(X)
    id2word = {i: str(i) for i in range(vocab_size)}
    lda = LdaModel(
        corpus=bow,
        num_topics=k,
        id2word=id2word,
        passes=passes,
        chunksize=2000,
        iterations=50,
        eval_every=None,
        random_state=seed,
        dtype=np.float64,
    )
    W = _lda_infer(lda, bow, seed)
    lam = lda.state.get_lambda()
    return _Fit(
        W=W,
        H=lda.get_topics().astype(np.float64),
        extra={
            "lambda": np.asarray(lam, dtype=np.float64),
            "alpha": np.asarray(lda.alpha, dtype=np.float64),
            "eta": np.asarray(lda.eta, dtype=np.float64),
        },
    )


def _gensim_lda(params: dict[str, np.ndarray], n_topics: int, vocab_size: int, seed: int) -> Any:
    """The gensim model of a fit from its parameters (``lda_params_``: lambda, alpha, eta)."""
    from gensim.models import LdaModel

    _quiet_gensim()
    lda = LdaModel(
        num_topics=n_topics,
        id2word={i: str(i) for i in range(vocab_size)},
        alpha=params["alpha"],
        eta=params["eta"],
        random_state=seed,
        dtype=np.float64,
    )
    lda.state.sstats = params["lambda"] - params["eta"]
    lda.sync_state()
    return lda


def _lda_shares(
    M: sp.csr_matrix, params: dict[str, np.ndarray], n_topics: int, vocab_size: int, seed: int
) -> np.ndarray:
    """Topic shares of the count rows ``M`` under the fitted LDA."""
    lda = _gensim_lda(params, n_topics, vocab_size, seed)
    return _lda_infer(lda, _gensim_corpus(M.astype(np.int64)), seed)
