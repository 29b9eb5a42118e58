"""Topic models for short survey answers and meeting records, with the number of topics chosen by evidence.

Two models share one preprocessing (a document-term matrix with document-frequency filters):

``nmf``
    Non-negative matrix factorisation (scikit-learn, coordinate descent) of the TF-IDF matrix (sublinear term
    frequency, smoothed IDF; unit rows only for longer documents), started from NNDSVD. It suits short texts — a
    survey answer of four content words gives LDA almost nothing to estimate a topic mixture from — and it is
    fast and deterministic for a given seed. The default (see docs/topics.md for the measurements).
``lda``
    Latent Dirichlet allocation (gensim ``LdaModel``, online variational Bayes, single process so that a seed
    fixes the result) of the counts.

Without a fixed number of topics, :class:`TopicModel` fits every K of a range (coarse steps, then the
neighbours of the best), and scores each K by

- **coherence**: mean NPMI of the top-10 words of each topic, from document co-occurrence in the corpus
  itself (:func:`npmi_coherence`, computed on the sparse binary matrix); and
- **stability**: the model is refitted on random 80 % subsamples of the documents with other seeds; the
  top-10 word sets of each refit are matched one-to-one to the full model's topics (Hungarian matching) and
  the mean Jaccard overlap is the stability (Greene, O'Callaghan & Cunningham 2014).

The chosen K is the most coherent K among those whose stability is within ``STABILITY_TOLERANCE`` of the best
stability: topics that are readable and come back when the data are resampled.

Words are ranked for reading by *relevance* (Sievert & Shirley 2014):
``λ·log φ(w|t) + (1-λ)·log(φ(w|t) / p(w))`` with λ = 0.6 by default.

Everything is deterministic for a given seed: BLAS runs on one thread per fit (fits of different K run in
parallel threads instead), ties are broken by word or document order, and topics are numbered by prevalence.

The package, by seam:

=================  ==========================================================================================
``model``          :class:`TopicModel`: parameters, fit, transform, save/load (delegating to the modules below)
``selection``      the choice of K: candidates, coherence and stability per K, the rule (``STABILITY_TOLERANCE``)
``nmf``, ``lda``   one module per model kind: fitting, and topic shares of new documents
``transform``      counts over the vocabulary, shares by partition, the fit of a large corpus on a sample
``base``           what the kinds share: the fit result, ``choose_model``, ``default_min_df``
``measures``       NPMI coherence, topic stability, top-word indices
``describe``       relevance, top words, labels (with the dictionary's theme tags), word tables
``documents``      representative documents and prevalence per group
``persist``        model.json + .npy files
=================  ==========================================================================================
"""

from __future__ import annotations

from .base import choose_model, default_min_df
from .describe import LAMBDA, quality_warnings, topic_quality, word_tags_from_dictionary
from .documents import prevalence, representative_docs
from .measures import TOP_N, npmi_coherence, topic_stability
from .model import MIN_DOCS, MODELS, ModelName, Progress, TopicModel
from .persist import FORMAT
from .selection import (
    DEFAULT_K_RANGE,
    STABILITY_TOLERANCE,
    _max_k,  # noqa: F401  (benchmarks/topics.py imports it from here)
    parse_k_range,
)

__all__ = [
    "DEFAULT_K_RANGE",
    "FORMAT",
    "LAMBDA",
    "MIN_DOCS",
    "MODELS",
    "STABILITY_TOLERANCE",
    "TOP_N",
    "ModelName",
    "Progress",
    "TopicModel",
    "choose_model",
    "default_min_df",
    "npmi_coherence",
    "parse_k_range",
    "prevalence",
    "quality_warnings",
    "representative_docs",
    "topic_quality",
    "topic_stability",
    "word_tags_from_dictionary",
]
