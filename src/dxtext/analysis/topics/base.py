"""What every model kind shares: the result of one fit (:class:`_Fit`), the default model and vocabulary
filter for a corpus, and loading the numeric libraries before their threads are limited."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...errors import ModelError
from ...i18n import _


@dataclass
class _Fit:
    W: np.ndarray  # documents × K, raw weights (nmf) or topic proportions (lda)
    H: np.ndarray  # K × V, raw topic-word weights (nmf) or probabilities (lda)
    n_iter: int = 0
    extra: dict[str, np.ndarray] = field(default_factory=dict)


def default_min_df(n_docs: int) -> int:
    """A word must occur in this many documents: 2 for small corpora, up to 20 for tens of thousands."""
    return int(max(2, min(20, round(n_docs / 2000))))


def choose_model(n_docs: int, median_tokens: float) -> str:
    """The model with which ``--model auto`` chooses K: NMF on TF-IDF, whatever the corpus length.

    This is the first step of the default only. At the chosen K, :mod:`.choice` then fits NMF and LDA by Gibbs
    sampling (:mod:`.gibbs`) on a seeded part of the training documents and keeps the one whose shown words are
    the more coherent on the rest (held-out NPMI; a tie keeps NMF), refitted on all documents
    (docs/topics.md, "The default: measured"). NMF chooses K because it is 20–60× faster than LDA and far more
    stable across refits, which the K rule measures; gensim's variational LDA (``--model lda``) was less
    coherent than NMF on every corpus measured and is never chosen.
    """
    del n_docs, median_tokens  # measured: the same choice for every size; kept in the signature for the table
    return "nmf"


def _load_numeric_libraries(model: str) -> None:
    """Import every library that links BLAS before limiting its threads: threadpoolctl only limits the
    libraries already loaded, and a BLAS loaded later would run multi-threaded (slower here, where fits run
    in parallel threads, and not bit-reproducible across thread counts). scikit-learn (a second of imports)
    only for the models that use it: a Gibbs fit does not."""
    import scipy.linalg  # noqa: F401

    if model != "gibbs":
        import sklearn.decomposition
        import sklearn.utils.extmath  # noqa: F401
    if model == "lda":
        import gensim.models  # noqa: F401


def check_params(tm: Any, models: tuple[str, ...]) -> None:
    """A ModelError naming the parameter (as its option) and what to give, for a TopicModel's parameters."""
    if tm.model not in models:
        raise ModelError(
            _("--model {model!r}: unknown model; use one of {v0}.").format(
                model=tm.model, v0=", ".join(models)
            )
        )
    if tm.n_topics is not None and (not isinstance(tm.n_topics, (int, np.integer)) or tm.n_topics < 2):
        raise ModelError(
            _("--k {n_topics}: the number of topics must be an integer of at least 2.").format(
                n_topics=tm.n_topics
            )
        )
    lo, hi = tm.k_range
    if lo < 2 or hi < lo:
        raise ModelError(
            _("--k-range {lo}..{hi}: need 2 ≤ LOW ≤ HIGH, for example 4..16.").format(lo=lo, hi=hi)
        )
    if not 0.1 <= tm.subsample < 1.0:
        raise ModelError(
            _("subsample {subsample}: use a share between 0.1 and 1 (exclusive).").format(
                subsample=tm.subsample
            )
        )
    if tm.n_stability < 1:
        raise ModelError(_("n_stability: use at least 1 refit per K."))
    if tm.k_sample is not None and tm.k_sample < 100:
        raise ModelError(
            _("k_sample {k_sample}: use at least 100 documents (or None for all).").format(
                k_sample=tm.k_sample
            )
        )
    if tm.fit_sample is not None and tm.fit_sample < 100:
        raise ModelError(
            _("fit_sample {fit_sample}: use at least 100 documents (or None for all).").format(
                fit_sample=tm.fit_sample
            )
        )
