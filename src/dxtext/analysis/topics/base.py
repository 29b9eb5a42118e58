"""What every model kind shares: the result of one fit (:class:`_Fit`), the default model and vocabulary
filter for a corpus, and loading the numeric libraries before their threads are limited."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


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
    """The default model for a corpus (``--model auto``), from the measurements in docs/topics.md.

    NMF on TF-IDF was at least as coherent as LDA and far more stable on every corpus measured there — short
    survey answers (median 4 content words), the sample survey, and meeting minutes by bullet and by
    paragraph — and 20–60× faster, so it is the default whatever the corpus length.
    """
    del n_docs, median_tokens  # measured: the same choice for every size; kept in the signature for the table
    return "nmf"


def _load_numeric_libraries(model: str) -> None:
    """Import every library that links BLAS before limiting its threads: threadpoolctl only limits the
    libraries already loaded, and a BLAS loaded later would run multi-threaded (slower here, where fits run
    in parallel threads, and not bit-reproducible across thread counts)."""
    import scipy.linalg  # noqa: F401
    import sklearn.decomposition
    import sklearn.utils.extmath  # noqa: F401

    if model == "lda":
        import gensim.models  # noqa: F401
