"""Topic models for short survey answers and meeting records, with the number of topics chosen by evidence.

Two models share one preprocessing (a document-term matrix with document-frequency filters):

``nmf``
    Non-negative matrix factorisation (scikit-learn, coordinate descent) of the TF-IDF matrix (sublinear term
    frequency, smoothed IDF, rows scaled to unit length), started from NNDSVD. It suits short texts — a
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
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import ModelError
from .matrix import DocTermMatrix, build_dtm
from .topicfit import (
    TOP_N,
    _Fit,
    _fit_lda,
    _fit_nmf,
    _gensim_corpus,
    _lda_infer,
    _load_numeric_libraries,
    _max_k,
    _quiet_gensim,
    _tfidf,
    _top_indices,
    _top_sets,
    _unique_rows,
    choose_model,
    default_min_df,
    npmi_coherence,
    parse_k_range,
    topic_stability,
)

__all__ = [
    "DEFAULT_K_RANGE",
    "LAMBDA",
    "MODELS",
    "TopicModel",
    "choose_model",
    "default_min_df",
    "npmi_coherence",
    "parse_k_range",
    "prevalence",
    "representative_docs",
    "topic_stability",
]

Progress = Callable[[int, int], None]
ModelName = Literal["auto", "nmf", "lda"]
MODELS: tuple[str, ...] = ("auto", "nmf", "lda")
DEFAULT_K_RANGE: tuple[int, int] = (4, 16)
LAMBDA = 0.6
STABILITY_TOLERANCE = 0.10
MIN_DOCS = 3
FORMAT = "dxtext-topic-model-1"
_GENERIC_TAGS = frozenset({"行政一般"})


# --------------------------------------------------------------------------------------------------------
# the model


class TopicModel:
    """Topic model with scikit-learn conventions.

    Parameters
    ----------
    n_topics:
        number of topics, or None to choose it over ``k_range`` by coherence and stability.
    model:
        "nmf" (NMF on TF-IDF), "lda" (gensim LDA), or "auto" (:func:`choose_model`).
    k_range:
        (low, high) for the choice of K; clipped to what the corpus allows.
    seed:
        the only source of randomness (NNDSVD's randomized SVD, LDA, the stability subsamples).
    min_df, max_df:
        document-frequency filters of the vocabulary (int = documents, float = share); ``min_df=None`` is
        :func:`default_min_df`. Ignored when ``fit`` is given a DocTermMatrix (used as it is).
    n_stability, subsample:
        refits per K on random subsamples of this share of documents, to measure stability.
    lda_passes:
        passes over the corpus for LDA.
    n_jobs:
        fits run in parallel threads (BLAS on one thread each); None = the number of CPUs, at most 4.

    Learned attributes: ``model_``, ``n_topics_``, ``vocab_``, ``doc_ids_``, ``components_`` (K × V raw
    weights), ``topic_word_`` (K × V, rows sum to 1), ``term_prob_`` (p(w) in the corpus), ``doc_topic_``
    (documents × K shares; zero rows for documents without a model word), ``doc_weight_`` (raw weights),
    ``coherence_`` (NPMI per topic), ``stability_``, ``k_selection_`` (DataFrame or None), ``k_reason_``,
    ``n_iter_``, ``min_df_``, ``idf_`` (NMF) and ``lda_params_`` (LDA).
    """

    def __init__(
        self,
        n_topics: int | None = None,
        *,
        model: ModelName = "auto",
        k_range: tuple[int, int] = DEFAULT_K_RANGE,
        seed: int = 1,
        min_df: int | float | None = None,
        max_df: int | float = 0.5,
        top_n: int = TOP_N,
        n_stability: int = 4,
        subsample: float = 0.8,
        max_iter: int = 400,
        lda_passes: int = 10,
        n_jobs: int | None = None,
    ) -> None:
        self.n_topics = n_topics
        self.model = model
        self.k_range = k_range
        self.seed = seed
        self.min_df = min_df
        self.max_df = max_df
        self.top_n = top_n
        self.n_stability = n_stability
        self.subsample = subsample
        self.max_iter = max_iter
        self.lda_passes = lda_passes
        self.n_jobs = n_jobs

    def get_params(self) -> dict[str, Any]:
        return {
            "n_topics": self.n_topics,
            "model": self.model,
            "k_range": list(self.k_range),
            "seed": self.seed,
            "min_df": self.min_df,
            "max_df": self.max_df,
            "top_n": self.top_n,
            "n_stability": self.n_stability,
            "subsample": self.subsample,
            "max_iter": self.max_iter,
            "lda_passes": self.lda_passes,
        }

    # -- checks ------------------------------------------------------------------------------------------

    def _check_params(self) -> None:
        if self.model not in MODELS:
            raise ModelError(f"--model {self.model!r}: unknown model; use one of {', '.join(MODELS)}.")
        if self.n_topics is not None and (
            not isinstance(self.n_topics, (int, np.integer)) or self.n_topics < 2
        ):
            raise ModelError(f"--k {self.n_topics}: the number of topics must be an integer of at least 2.")
        lo, hi = self.k_range
        if lo < 2 or hi < lo:
            raise ModelError(f"--k-range {lo}..{hi}: need 2 ≤ LOW ≤ HIGH, for example 4..16.")
        if not 0.1 <= self.subsample < 1.0:
            raise ModelError(f"subsample {self.subsample}: use a share between 0.1 and 1 (exclusive).")
        if self.n_stability < 1:
            raise ModelError("n_stability: use at least 1 refit per K.")

    # -- fitting -----------------------------------------------------------------------------------------

    def _matrix(
        self, data: Sequence[Sequence[str]] | DocTermMatrix, doc_ids: Sequence[str] | None
    ) -> DocTermMatrix:
        if isinstance(data, DocTermMatrix):
            self.min_df_ = None
            return data
        lists = [list(t) for t in data]
        n_with_words = sum(1 for t in lists if t)
        if n_with_words == 0:
            raise ModelError(
                "no document has words to analyse (all empty, non-answers or too short); "
                "check --text-col and the ledger (dxtext corpus info)."
            )
        if n_with_words < MIN_DOCS:
            raise ModelError(
                f"only {n_with_words} document{'s' if n_with_words != 1 else ''} with words; a topic model needs at "
                f"least {MIN_DOCS} — check --text-col / --unit and the ledger (dxtext corpus info)."
            )
        min_df = default_min_df(n_with_words) if self.min_df is None else self.min_df
        self.min_df_ = min_df
        try:
            return build_dtm(lists, doc_ids=doc_ids, min_df=min_df, max_df=self.max_df)
        except ModelError:
            raise ModelError(
                f"no word occurs in at least {min_df} documents and at most {self.max_df} of them; "
                "lower --min-df (or raise --max-df)."
            ) from None

    def fit(
        self,
        data: Sequence[Sequence[str]] | DocTermMatrix,
        *,
        doc_ids: Sequence[str] | None = None,
        progress: Progress | None = None,
    ) -> TopicModel:
        """Fit on token lists (one list of words per document) or a DocTermMatrix; returns self."""
        self._check_params()
        dtm = self._matrix(data, doc_ids)
        n_docs, n_terms = dtm.X.shape
        nonempty = np.diff(dtm.X.indptr) > 0
        n_nonempty = int(nonempty.sum())
        if n_nonempty < MIN_DOCS:
            raise ModelError(
                f"only {n_nonempty} document{'s' if n_nonempty != 1 else ''} keep words after the frequency "
                f"filters (min_df={self.min_df_}, max_df={self.max_df}); a topic model needs at least {MIN_DOCS} — "
                "lower --min-df or add documents."
            )
        lengths = np.asarray(dtm.X.sum(axis=1)).ravel()
        self.model_ = (
            choose_model(n_nonempty, float(np.median(lengths[nonempty])))
            if self.model == "auto"
            else self.model
        )
        kmax = _max_k(n_nonempty, n_terms)
        notes: list[str] = []
        if self.n_topics is not None:
            if self.n_topics > min(n_nonempty - 1, n_terms):
                raise ModelError(
                    f"--k {self.n_topics}: too many topics for {n_nonempty} documents and {n_terms} words; "
                    f"use --k {min(kmax, n_nonempty - 1, n_terms)} or fewer."
                )
            ks = [int(self.n_topics)]
        else:
            lo, hi = self.k_range
            if hi > kmax:
                notes.append(
                    f"K range {lo}..{hi} clipped to {min(lo, kmax)}..{kmax} ({n_nonempty} documents, {n_terms} words)"
                )
                hi = kmax
                lo = min(lo, hi)
            ks = list(range(lo, hi + 1))

        self.vocab_ = list(dtm.vocab)
        self.doc_ids_ = list(dtm.doc_ids)
        self.n_docs_ = n_docs
        self.n_empty_docs_ = n_docs - n_nonempty
        tf = dtm.term_frequency().astype(np.float64)
        self.term_freq_ = tf
        self.term_prob_ = tf / tf.sum()
        self._binary = sp.csc_matrix(dtm.binary())
        if self.model_ == "nmf":
            X, self.idf_ = _tfidf(dtm.X)
            self._unique = _unique_rows(X)
        else:
            X, self.idf_ = sp.csr_matrix(dtm.X), None
        self._X = X

        if self.n_topics is not None:
            fits = self._run([(ks[0], -1)], progress, total=1)
            chosen = ks[0]
            full = fits[(chosen, -1)]
            self.k_selection_ = None
            self.stability_ = float("nan")
            self.k_reason_ = f"K={chosen} was given (--k)."
        else:
            chosen, full = self._select(ks, progress, notes)
        self._set_fit(full, chosen)
        del self._X, self._binary
        self.__dict__.pop("_unique", None)
        return self

    def _fit_once(self, k: int, rep: int) -> _Fit:
        """rep = -1: the model on all documents; rep ≥ 0: a refit on a subsample with another seed."""
        n = self._X.shape[0]
        seed = self.seed
        idx = None
        if rep >= 0:
            rng = np.random.default_rng([self.seed, k, rep])
            idx = np.sort(rng.choice(n, max(2, round(self.subsample * n)), replace=False))
            seed = self.seed + 1000 * (rep + 1) + k
        if self.model_ == "nmf":
            U, inverse = self._unique
            counts = np.bincount(inverse if idx is None else inverse[idx], minlength=U.shape[0]).astype(
                np.float64
            )
            fit = _fit_nmf(U, counts, k, seed, self.max_iter)
            if idx is None:
                fit.W = fit.W[inverse]
            return fit
        X = self._X if idx is None else self._X[idx]
        return _fit_lda(X, k, seed, self.lda_passes, len(self.vocab_))

    def _run(
        self, jobs: list[tuple[int, int]], progress: Progress | None, *, total: int, done: int = 0
    ) -> dict:
        _load_numeric_libraries(self.model_)
        from threadpoolctl import threadpool_limits

        workers = self.n_jobs if self.n_jobs else min(4, os.cpu_count() or 1)
        results: dict[tuple[int, int], _Fit] = {}
        with threadpool_limits(limits=1):
            if workers <= 1 or len(jobs) == 1:
                for job in jobs:
                    results[job] = self._fit_once(*job)
                    done += 1
                    if progress:
                        progress(done, total)
            else:
                with ThreadPoolExecutor(max_workers=workers) as ex:
                    futures = {ex.submit(self._fit_once, *job): job for job in jobs}
                    for f in as_completed(futures):
                        results[futures[f]] = f.result()
                        done += 1
                        if progress:
                            progress(done, total)
        return results

    def _score(self, k: int, fits: dict) -> dict[str, Any]:
        full = fits[(k, -1)]
        tops = [_top_indices(h, self.top_n) for h in full.H]
        coh = npmi_coherence(self._binary, tops)
        ref = [set(t.tolist()) for t in tops]
        stab = [topic_stability(ref, _top_sets(fits[(k, r)].H, self.top_n)) for r in range(self.n_stability)]
        return {
            "k": k,
            "coherence": float(np.mean(coh)),
            "coherence_min": float(np.min(coh)),
            "stability": float(np.mean(stab)),
            "stability_min": float(np.min(stab)),
        }

    def _select(self, ks: list[int], progress: Progress | None, notes: list[str]) -> tuple[int, _Fit]:
        reps = list(range(-1, self.n_stability))
        if len(ks) > 8:
            step = math.ceil((ks[-1] - ks[0]) / 6)
            coarse = sorted(set(ks[::step]) | {ks[-1]})
        else:
            step, coarse = 1, list(ks)
        max_refine = 2 * (step - 1)
        total = (len(coarse) + max_refine) * len(reps)
        fits = self._run([(k, r) for k in coarse for r in reps], progress, total=total)
        rows = {k: self._score(k, fits) for k in coarse}
        best = _choose(list(rows.values()))
        if step > 1:
            refine = [k for k in ks if abs(k - best) < step and k not in rows]
            more = self._run([(k, r) for k in refine for r in reps], progress, total=total, done=len(fits))
            fits.update(more)
            rows.update({k: self._score(k, fits) for k in refine})
            if progress:
                progress(total, total)
            best = _choose(list(rows.values()))
        table = pd.DataFrame([rows[k] for k in sorted(rows)])
        table["stable"] = table["stability"] >= table["stability"].max() - STABILITY_TOLERANCE - 1e-12
        table["chosen"] = table["k"] == best
        table = table[["k", "coherence", "coherence_min", "stability", "stability_min", "stable", "chosen"]]
        table = table.round({"coherence": 6, "coherence_min": 6, "stability": 6, "stability_min": 6})
        self.k_selection_ = table
        row = rows[best]
        top_stab = table.loc[table["stability"].idxmax()]
        reason = (
            f"K={best}: the most coherent (mean NPMI {row['coherence']:.3f}) of the K values whose stability is "
            f"within {STABILITY_TOLERANCE:.2f} of the best (best {top_stab['stability']:.3f} at K={int(top_stab['k'])}; "
            f"K={best}: {row['stability']:.3f}); evaluated K = {', '.join(str(k) for k in sorted(rows))}."
        )
        if notes:
            reason += " " + "; ".join(notes) + "."
        self.k_reason_ = reason
        self.stability_ = row["stability"]
        return best, fits[(best, -1)]

    def _set_fit(self, fit: _Fit, k: int) -> None:
        W = np.asarray(fit.W, dtype=np.float64)
        H = np.asarray(fit.H, dtype=np.float64)
        sums = W.sum(axis=1, keepdims=True)
        shares = np.divide(W, sums, out=np.zeros_like(W), where=sums > 0)
        # number topics by prevalence (ties: by the top word's vocabulary index)
        prevalence = shares.sum(axis=0)
        first = np.array([int(_top_indices(h, 1)[0]) for h in H])
        order = np.lexsort((first, -np.round(prevalence, 9)))
        self.n_topics_ = k
        self.components_ = H[order]
        rows = self.components_.sum(axis=1, keepdims=True)
        self.topic_word_ = np.divide(
            self.components_, rows, out=np.zeros_like(self.components_), where=rows > 0
        )
        self.doc_weight_ = W[:, order]
        self.doc_topic_ = shares[:, order]
        self.n_iter_ = fit.n_iter
        tops = [_top_indices(h, self.top_n) for h in self.components_]
        self.coherence_ = npmi_coherence(self._binary, tops)
        if fit.extra:
            self.lda_params_ = {
                "lambda": fit.extra["lambda"][order],
                "alpha": fit.extra["alpha"][order],
                "eta": fit.extra["eta"],
            }
        else:
            self.lda_params_ = None

    # -- results -----------------------------------------------------------------------------------------

    def _check_fitted(self) -> None:
        if not hasattr(self, "components_"):
            raise ModelError("this TopicModel is not fitted yet; call fit() or TopicModel.load() first.")

    def relevance(self, lambda_: float = LAMBDA) -> np.ndarray:
        """K × V relevance ``λ log φ + (1-λ) log(φ / p(w))``; -inf where a word has no weight in a topic."""
        self._check_fitted()
        with np.errstate(divide="ignore"):
            logphi = np.log(self.topic_word_)
        logp = np.log(np.maximum(self.term_prob_, 1e-300))
        rel = logphi - (1 - lambda_) * logp[None, :]  # = λ log φ + (1-λ) log(φ/p)
        return np.where(self.topic_word_ > 0, rel, -np.inf)

    def top_words(self, topic: int, n: int = TOP_N, *, lambda_: float = 1.0) -> list[str]:
        """The n words of topic ``topic`` (1-based) by relevance at λ (λ = 1: by weight)."""
        self._check_fitted()
        rel = self.relevance(lambda_)[topic - 1]
        w = self.topic_word_[topic - 1]
        idx = [i for i in _top_indices(np.where(w > 0, rel, -np.inf), n) if w[i] > 0]
        return [self.vocab_[i] for i in idx]

    def labels(
        self, word_tags: Mapping[str, Sequence[str]] | None = None, *, lambda_: float = LAMBDA
    ) -> pd.DataFrame:
        """A suggested label per topic: the dictionary's theme tag carried by its top words (if any) and its
        three most relevant words. Columns: topic, label, theme, share, coherence."""
        self._check_fitted()
        rows = []
        shares = self.topic_shares()
        for t in range(1, self.n_topics_ + 1):
            words = self.top_words(t, self.top_n, lambda_=lambda_)
            theme = _theme(words, self.topic_word_[t - 1], self.vocab_, word_tags or {})
            head = "・".join(words[:3])
            rows.append(
                {
                    "topic": t,
                    "label": f"【{theme}】{head}" if theme else head,
                    "theme": theme,
                    "share": float(shares[t - 1]),
                    "coherence": float(self.coherence_[t - 1]) if len(self.coherence_) else float("nan"),
                }
            )
        return pd.DataFrame(rows)

    def topic_shares(self) -> np.ndarray:
        """Share of each topic over the documents with a topic (sums to 1)."""
        self._check_fitted()
        if len(self.doc_topic_) == 0 and getattr(self, "train_shares_", None) is not None:
            return np.asarray(self.train_shares_, dtype=np.float64)  # a loaded model: its training shares
        tot = self.doc_topic_.sum(axis=0)
        s = tot.sum()
        return tot / s if s > 0 else tot

    def get_topics(
        self,
        n_words: int = 15,
        *,
        lambda_: float = LAMBDA,
        word_tags: Mapping[str, Sequence[str]] | None = None,
    ) -> pd.DataFrame:
        """One row per topic and word: topic, rank, word, weight (φ), relevance (at λ), label, theme.

        Words are ranked by relevance at λ (λ = 1 ranks by weight)."""
        self._check_fitted()
        rel = self.relevance(lambda_)
        labels = self.labels(word_tags, lambda_=lambda_).set_index("topic")
        rows = []
        for t in range(1, self.n_topics_ + 1):
            w = self.topic_word_[t - 1]
            idx = [i for i in _top_indices(np.where(w > 0, rel[t - 1], -np.inf), n_words) if w[i] > 0]
            for rank, i in enumerate(idx, 1):
                rows.append(
                    {
                        "topic": t,
                        "rank": rank,
                        "word": self.vocab_[i],
                        "weight": round(float(w[i]), 6),
                        "relevance": round(float(rel[t - 1, i]), 4),
                        "label": labels.at[t, "label"],
                        "theme": labels.at[t, "theme"],
                    }
                )
        return pd.DataFrame(rows, columns=["topic", "rank", "word", "weight", "relevance", "label", "theme"])

    def word_table(self, n: int = 30) -> pd.DataFrame:
        """Candidate words per topic for a λ slider: the union of the top ``n`` words by relevance at
        λ = 0, 0.1, …, 1. Columns: topic, word, weight (φ), term_prob (p(w)); sorted by topic then weight."""
        self._check_fitted()
        rels = [self.relevance(lam) for lam in np.linspace(0.0, 1.0, 11)]
        rows = []
        for t in range(self.n_topics_):
            w = self.topic_word_[t]
            keep: set[int] = set()
            for rel in rels:
                keep.update(int(i) for i in _top_indices(np.where(w > 0, rel[t], -np.inf), n) if w[i] > 0)
            for i in sorted(keep, key=lambda i: (-w[i], i)):
                rows.append(
                    {
                        "topic": t + 1,
                        "word": self.vocab_[i],
                        "weight": float(w[i]),
                        "term_prob": float(self.term_prob_[i]),
                    }
                )
        return pd.DataFrame(rows, columns=["topic", "word", "weight", "term_prob"])

    def topic_columns(self) -> list[str]:
        self._check_fitted()
        return [f"T{t}" for t in range(1, self.n_topics_ + 1)]

    def _frame(self, shares: np.ndarray, doc_ids: Sequence[str]) -> pd.DataFrame:
        frame = pd.DataFrame(np.round(shares, 4), columns=self.topic_columns())
        frame.insert(0, "doc_id", [str(d) for d in doc_ids])
        has = shares.sum(axis=1) > 0
        main = np.argmax(shares, axis=1) + 1 if shares.shape[0] else np.zeros(0, dtype=int)
        frame["main_topic"] = pd.array(
            [int(m) if h else None for m, h in zip(main, has, strict=True)], dtype="Int64"
        )
        return frame

    def doc_topics(self) -> pd.DataFrame:
        """The training documents: doc_id, T1…TK shares, main_topic (empty for a document without model words)."""
        self._check_fitted()
        return self._frame(self.doc_topic_, self.doc_ids_)

    def _counts(self, data: Sequence[Sequence[str]] | DocTermMatrix) -> tuple[sp.csr_matrix, dict[str, Any]]:
        """Counts over the model's vocabulary; words unknown to the model are ignored (and counted)."""
        index = {w: i for i, w in enumerate(self.vocab_)}
        if isinstance(data, DocTermMatrix):
            cols = np.array([index.get(w, -1) for w in data.vocab])
            X = sp.csr_matrix(data.X)
            known = cols >= 0
            total = int(X.sum())
            sel = X[:, np.flatnonzero(known)]
            M = sp.csr_matrix(
                (sel.data, cols[known][sel.indices], sel.indptr), shape=(X.shape[0], len(self.vocab_))
            )
            M.sum_duplicates()
            n_known = int(M.sum())
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
                shape=(len(indptr) - 1, len(self.vocab_)),
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

    def coverage(self, data: Sequence[Sequence[str]] | DocTermMatrix) -> dict[str, Any]:
        """How much of ``data`` the model's vocabulary covers (documents and tokens)."""
        self._check_fitted()
        return self._counts(data)[1]

    def transform(
        self, data: Sequence[Sequence[str]] | DocTermMatrix, *, doc_ids: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Topic shares of new documents (words unknown to the model are ignored): doc_id, T1…TK, main_topic."""
        self._check_fitted()
        M, _ = self._counts(data)
        if doc_ids is None:
            doc_ids = data.doc_ids if isinstance(data, DocTermMatrix) else [str(i) for i in range(M.shape[0])]
        if len(doc_ids) != M.shape[0]:
            raise ValueError("doc_ids and data differ in length")
        return self._frame(self._shares(M), doc_ids)

    def _shares(self, M: sp.csr_matrix) -> np.ndarray:
        from threadpoolctl import threadpool_limits

        _load_numeric_libraries(self.model_)
        k = self.n_topics_
        if M.shape[0] == 0:
            return np.zeros((0, k))
        with threadpool_limits(limits=1):
            if self.idf_ is not None:  # NMF: solve W ≥ 0 for fixed topics
                from sklearn.decomposition import non_negative_factorization

                X, _ = _tfidf(M, self.idf_)
                import warnings

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    W, _, _ = non_negative_factorization(
                        X,
                        H=self.components_,
                        n_components=k,
                        init=None,
                        update_H=False,
                        solver="cd",
                        beta_loss="frobenius",
                        tol=1e-4,
                        max_iter=self.max_iter,
                        random_state=self.seed,
                    )
                sums = W.sum(axis=1, keepdims=True)
                return np.divide(W, sums, out=np.zeros_like(W), where=sums > 0)
            lda = self._gensim_lda()
            return _lda_infer(lda, _gensim_corpus(M.astype(np.int64)), self.seed)

    def _gensim_lda(self) -> Any:
        from gensim.models import LdaModel

        _quiet_gensim()
        p = self.lda_params_
        assert p is not None
        lda = LdaModel(
            num_topics=self.n_topics_,
            id2word={i: str(i) for i in range(len(self.vocab_))},
            alpha=p["alpha"],
            eta=p["eta"],
            random_state=self.seed,
            dtype=np.float64,
        )
        lda.state.sstats = p["lambda"] - p["eta"]
        lda.sync_state()
        return lda

    # -- persistence -------------------------------------------------------------------------------------

    def save(self, folder: str | Path, *, metadata: Mapping[str, Any] | None = None) -> Path:
        """Write the model to ``folder`` (created): model.json and .npy arrays, byte-identical for the same fit.

        ``metadata`` (corpus hash, tokenizer and dictionary hashes, versions …) is stored with it."""
        from ..render.tables import write_text

        self._check_fitted()
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ModelError(
                f"{folder}: cannot create the model folder ({e.strerror}); choose another --models."
            ) from None
        arrays: dict[str, np.ndarray] = {
            "components": self.components_,
            "term_freq": self.term_freq_,
            "coherence": self.coherence_,
            "train_shares": self.topic_shares(),
        }
        if self.idf_ is not None:
            arrays["idf"] = self.idf_
        if self.lda_params_ is not None:
            arrays.update({f"lda_{k}": v for k, v in self.lda_params_.items()})
        for name, arr in arrays.items():
            try:
                np.save(
                    folder / f"{name}.npy", np.ascontiguousarray(arr, dtype=np.float64), allow_pickle=False
                )
            except OSError as e:
                raise ModelError(f"{folder / name}.npy: cannot be written ({e.strerror}).") from None
        info = {
            "format": FORMAT,
            "model": self.model_,
            "n_topics": self.n_topics_,
            "params": self.get_params(),
            "min_df": self.min_df_,
            "vocab": self.vocab_,
            "arrays": sorted(arrays),
            "n_docs": self.n_docs_,
            "stability": None if math.isnan(self.stability_) else self.stability_,
            "k_reason": self.k_reason_,
            "k_selection": None if self.k_selection_ is None else self.k_selection_.to_dict(orient="records"),
            "metadata": dict(metadata or {}),
        }
        write_text(
            json.dumps(info, ensure_ascii=False, indent=1, sort_keys=True, default=_json_default) + "\n",
            folder / "model.json",
        )
        return folder

    @classmethod
    def load(cls, folder: str | Path) -> TopicModel:
        """Read a model written by :meth:`save`."""
        folder = Path(folder)
        path = folder / "model.json"
        if not path.is_file():
            raise ModelError(
                f"{folder}: no topic model here (model.json missing); give a folder under models/ "
                "written by `dxtext topics`."
            )
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ModelError(f"{path}: cannot be read as a topic model ({e}); fit the model again.") from None
        if info.get("format") != FORMAT:
            raise ModelError(f"{path}: format {info.get('format')!r} is not {FORMAT!r}; fit the model again.")
        params = dict(info["params"])
        params["k_range"] = tuple(params["k_range"])
        model = cls(**params)
        arrays = {}
        for name in info["arrays"]:
            try:
                arrays[name] = np.load(folder / f"{name}.npy", allow_pickle=False)
            except (OSError, ValueError) as e:
                raise ModelError(f"{folder / name}.npy: cannot be read ({e}); fit the model again.") from None
        model.model_ = info["model"]
        model.n_topics_ = int(info["n_topics"])
        model.vocab_ = list(info["vocab"])
        model.min_df_ = info["min_df"]
        model.components_ = arrays["components"]
        if model.components_.shape != (model.n_topics_, len(model.vocab_)):
            raise ModelError(f"{folder}: components.npy does not match model.json; fit the model again.")
        rows = model.components_.sum(axis=1, keepdims=True)
        model.topic_word_ = np.divide(
            model.components_, rows, out=np.zeros_like(model.components_), where=rows > 0
        )
        model.term_freq_ = arrays["term_freq"]
        model.term_prob_ = model.term_freq_ / model.term_freq_.sum()
        model.coherence_ = arrays["coherence"]
        model.train_shares_ = arrays.get("train_shares")
        model.idf_ = arrays.get("idf")
        model.lda_params_ = (
            {k: arrays[f"lda_{k}"] for k in ("lambda", "alpha", "eta")} if "lda_lambda" in arrays else None
        )
        model.n_docs_ = info["n_docs"]
        model.stability_ = float("nan") if info["stability"] is None else float(info["stability"])
        model.k_reason_ = info["k_reason"]
        model.k_selection_ = None if info["k_selection"] is None else pd.DataFrame(info["k_selection"])
        model.metadata_ = info["metadata"]
        model.doc_ids_ = []
        model.doc_topic_ = np.zeros((0, model.n_topics_))
        model.doc_weight_ = model.doc_topic_
        model.n_iter_ = 0
        model.n_empty_docs_ = 0
        return model


def _json_default(o: Any) -> Any:
    if isinstance(o, np.integer):
        return int(o)
    if isinstance(o, np.floating):
        return float(o)
    if isinstance(o, np.bool_):
        return bool(o)
    if isinstance(o, np.ndarray):
        return o.tolist()
    return str(o)


def _choose(rows: list[dict[str, Any]]) -> int:
    """The most coherent K among those with stability within STABILITY_TOLERANCE of the best; ties → smaller K."""
    best_stab = max(r["stability"] for r in rows)
    stable = [r for r in rows if r["stability"] >= best_stab - STABILITY_TOLERANCE - 1e-12]
    stable.sort(key=lambda r: (-round(r["coherence"], 6), r["k"]))
    return int(stable[0]["k"])


def _theme(
    words: Sequence[str], phi: np.ndarray, vocab: Sequence[str], word_tags: Mapping[str, Sequence[str]]
) -> str:
    """The dictionary theme tag carried by the topic's top words: a tag counts when at least two of the top
    words carry it, or one of the top five does; the most frequent (then heaviest) tag wins. The generic
    tag 行政一般 is not a theme."""
    if not word_tags:
        return ""
    index = {w: i for i, w in enumerate(vocab)}
    score: dict[str, float] = {}
    count: dict[str, int] = {}
    best_rank: dict[str, int] = {}
    for rank, w in enumerate(words):
        tags = [t for t in word_tags.get(w, ()) if t not in _GENERIC_TAGS]
        for t in tags:
            score[t] = score.get(t, 0.0) + float(phi[index[w]]) / len(tags)
            count[t] = count.get(t, 0) + 1
            best_rank.setdefault(t, rank)
    ok = [t for t in score if count[t] >= 2 or best_rank[t] < 5]
    if not ok:
        return ""
    return sorted(ok, key=lambda t: (-count[t], -score[t], best_rank[t], t))[0]


def word_tags_from_dictionary(path: str | Path | None) -> dict[str, tuple[str, ...]]:
    """canonical word → theme tags, from a user dictionary source (empty without one)."""
    if path is None:
        return {}
    from ..text.dictionary import load_entries

    out: dict[str, list[str]] = {}
    for e in load_entries(Path(path)):
        tags = out.setdefault(e.canonical or e.surface, [])
        for t in e.tags:
            if t not in tags:
                tags.append(t)
    return {w: tuple(t) for w, t in out.items() if t}


# --------------------------------------------------------------------------------------------------------
# tables about documents


def representative_docs(
    doc_topics: pd.DataFrame,
    texts: Mapping[str, str],
    *,
    n: int = 5,
    token_counts: Mapping[str, int] | None = None,
    mask: Callable[[str], str] | None = None,
) -> pd.DataFrame:
    """Top ``n`` documents per topic among those whose main topic it is, by share (in steps of 0.05), then by
    number of distinct words (up to 8, so a one-word answer does not hide a fuller one), then document order;
    repeated texts are shown once.

    Columns: topic, rank, doc_id, share, text (masked by ``mask`` when given)."""
    topic_cols = [c for c in doc_topics.columns if re.fullmatch(r"T\d+", str(c))]
    rows = []
    order = np.arange(len(doc_topics))
    for t, col in enumerate(topic_cols, 1):
        sel = doc_topics["main_topic"].eq(t).fillna(False).to_numpy(dtype=bool)
        if not sel.any():
            continue
        sub = doc_topics.loc[sel, ["doc_id", col]]
        ids = sub["doc_id"].astype(str).to_numpy()
        share = np.round(sub[col].to_numpy(dtype=np.float64) * 20) / 20  # steps of 0.05: then fuller answers
        words = np.array([min(8, int((token_counts or {}).get(d, 0))) for d in ids])
        idx = np.lexsort((order[sel], -words, -share))
        seen: set[str] = set()
        rank = 0
        for i in idx:
            text = texts.get(ids[i], "")
            key = re.sub(r"\s+", "", text)
            if key in seen:
                continue
            seen.add(key)
            rank += 1
            rows.append(
                {
                    "topic": t,
                    "rank": rank,
                    "doc_id": ids[i],
                    "share": float(sub[col].iloc[i]),
                    "text": mask(text) if mask else text,
                }
            )
            if rank >= n:
                break
    return pd.DataFrame(rows, columns=["topic", "rank", "doc_id", "share", "text"])


def _natural_key(value: str) -> tuple:
    """Groups in reading order: by their first number (10代 < 20代 < 100代; 5万人未満 before 5〜20万人),
    then as text; blanks last."""
    if value in ("", "(空欄)"):
        return (2, 0.0, value)
    m = re.match(r"(\d+)", value.replace(",", ""))
    if m:
        below = 0.5 if ("未満" in value or "以下" in value) and not re.search(r"[〜~\-]", value) else 0.0
        return (0, int(m.group(1)) - below, value)
    return (1, 0.0, value)


def prevalence(
    doc_topics: pd.DataFrame, groups: Sequence[str], *, by: str, labels: Mapping[int, str] | None = None
) -> pd.DataFrame:
    """Topic prevalence per group (documents with a topic only).

    Columns: <by>, documents (in the group), topic, label, main_topic_docs (documents whose main topic it is),
    main_topic_pct (their % of the group), mean_share (mean topic share in the group, %)."""
    topic_cols = [c for c in doc_topics.columns if re.fullmatch(r"T\d+", str(c))]
    frame = doc_topics.copy()
    frame["_group"] = [
        ("(空欄)" if g is None or (isinstance(g, float) and g != g) or str(g) == "" else str(g))
        for g in groups
    ]
    frame = frame[frame["main_topic"].notna()]
    rows = []
    for g in sorted(frame["_group"].unique(), key=_natural_key):
        sub = frame[frame["_group"] == g]
        n = len(sub)
        main = sub["main_topic"].astype(int).value_counts()
        for t, col in enumerate(topic_cols, 1):
            k = int(main.get(t, 0))
            rows.append(
                {
                    by: g,
                    "documents": n,
                    "topic": t,
                    "label": (labels or {}).get(t, col),
                    "main_topic_docs": k,
                    "main_topic_pct": round(100.0 * k / n, 2) if n else 0.0,
                    "mean_share": round(100.0 * float(sub[col].mean()), 2) if n else 0.0,
                }
            )
    return pd.DataFrame(
        rows, columns=[by, "documents", "topic", "label", "main_topic_docs", "main_topic_pct", "mean_share"]
    )
