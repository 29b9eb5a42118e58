"""Compatibility module: the fitting primitives that lived here are now in :mod:`dxtext.analysis.topics`
(``measures``, ``base``, ``nmf``, ``lda``, ``selection``). Import them from there; these names stay importable
from this path for code written before the split."""

from __future__ import annotations

from .topics.base import _Fit, _load_numeric_libraries, choose_model, default_min_df
from .topics.lda import _fit_lda, _gensim_corpus, _lda_infer, _quiet_gensim
from .topics.measures import TOP_N, _top_indices, _top_sets, npmi_coherence, topic_stability
from .topics.nmf import NMF_TOL, _fit_nmf, _nndsvd, _tfidf, _unique_rows
from .topics.selection import _max_k, parse_k_range

__all__ = [
    "NMF_TOL",
    "TOP_N",
    "_Fit",
    "_fit_lda",
    "_fit_nmf",
    "_gensim_corpus",
    "_lda_infer",
    "_load_numeric_libraries",
    "_max_k",
    "_nndsvd",
    "_quiet_gensim",
    "_tfidf",
    "_top_indices",
    "_top_sets",
    "_unique_rows",
    "choose_model",
    "default_min_df",
    "npmi_coherence",
    "parse_k_range",
    "topic_stability",
]
