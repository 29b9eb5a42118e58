"""The topic model: :class:`TopicModel` with scikit-learn conventions (fit, transform, save, load). The class
keeps the fitted state and the steps of a fit; the pieces live beside it: the model kinds (:mod:`.nmf`,
:mod:`.gibbs`, :mod:`.lda`), the choice of K (:mod:`.selection`) and of the kind (:mod:`.choice`), the
description of topics (:mod:`.describe`) and saving and loading (:mod:`.persist`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ...errors import ModelError
from ...i18n import Message, _
from ...text.tokenlists import TokenLists, with_words
from ..matrix import DocTermMatrix, build_dtm
from . import describe, persist
from .base import _Fit, _load_numeric_libraries, check_params, choose_model, default_min_df
from .choice import apply_choice
from .describe import LAMBDA
from .gibbs import fit_gibbs, fit_gibbs_bounded, gibbs_shares
from .lda import _fit_lda, _lda_shares
from .measures import TOP_N, _top_indices, binary_of
from .nmf import SHORT_MEDIAN_WORDS, _doc_rows, _fit_nmf_rows, _idf, _nmf_shares, _tfidf, _unique_rows
from .selection import (
    DEFAULT_K_RANGE,
    _max_k,
    candidate_ks,
    choose_k,
    subsample_index,
)
from .transform import FIT_SAMPLE, fit_sample_note, fit_sample_rows, shares_by_partition, vocab_counts

Progress = Callable[[int, int], None]
ModelName = Literal["auto", "nmf", "lda", "gibbs"]
MODELS: tuple[str, ...] = ("auto", "nmf", "lda", "gibbs")
MIN_DOCS = 3
#: above this many documents with words, K is chosen on a sample of this many (``k_sample``)
K_SAMPLE = 10_000


class TopicModel:
    """Topic model with scikit-learn conventions.

    Parameters
    ----------
    n_topics:
        number of topics, or None to choose it over ``k_range`` by coherence and stability.
    model:
        "nmf" (on TF-IDF), "gibbs" (LDA by Gibbs sampling), "lda" (gensim) or "auto" (:mod:`.choice`).
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
    k_sample:
        with more documents (with words) than this, K is chosen on a seeded random sample of this many of
        them (every candidate K and its refits), and only the model at the chosen K is fitted on all
        documents; None = always on all documents. The cost of choosing K then stops growing with the
        corpus (docs/topics.md, "Speed").
    fit_sample:
        with more documents (with words) than this, the topics (K choice included) are fitted on a seeded
        random sample of this many of them and every document's topic shares are computed from those topics
        in partitions (:mod:`.transform`); the measures (coherence, word pairs) count every document. None =
        always fit on all documents. ``fit_sample_`` is the sample's size (None: all documents).
    seed_words:
        guided topics: (name, words) per topic, e.g. from a rule file (:func:`.seeded.rule_seed_words`); NMF
        starts each such topic from its words (:func:`.seeded.fit_seeded`); K = the number of seeded topics
        (``n_topics`` may add free ones). ``seed_names_`` names the topics.

    Learned attributes: ``model_``, ``n_topics_``, ``vocab_``, ``doc_ids_``, ``components_`` (K × V raw
    weights), ``topic_word_`` (K × V, rows sum to 1), ``term_prob_`` (p(w) in the corpus), ``doc_topic_``
    (documents × K shares; zero rows for documents without a model word), ``doc_weight_`` (raw weights),
    ``coherence_`` (NPMI per topic), ``stability_``, ``k_selection_`` (DataFrame or None), ``k_reason_`` (in
    English; ``k_reason_message_`` in any language), ``n_iter_``, ``min_df_``, ``idf_`` (NMF), ``lda_params_``.
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
        k_sample: int | None = K_SAMPLE,
        seed_words: Sequence[tuple[str, Sequence[str]]] | None = None,
        fit_sample: int | None = FIT_SAMPLE,
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
        self.k_sample = k_sample
        self.seed_words = seed_words
        self.fit_sample = fit_sample

    def get_params(self) -> dict[str, Any]:
        params = {
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
            "k_sample": self.k_sample,
            "seed_words": [[n, list(w)] for n, w in self.seed_words] if self.seed_words else None,
        }
        if self.fit_sample != FIT_SAMPLE:  # listed when not the default: model.json of other fits as before
            params["fit_sample"] = self.fit_sample
        return params

    # -- checks ------------------------------------------------------------------------------------------

    def _check_params(self) -> None:
        check_params(self, MODELS)

    # -- fitting -----------------------------------------------------------------------------------------

    def _matrix(
        self, data: Sequence[Sequence[str]] | DocTermMatrix, doc_ids: Sequence[str] | None
    ) -> DocTermMatrix:
        if isinstance(data, DocTermMatrix):
            self.min_df_ = None
            return data
        # token lists are read, never changed: a list of them is used as it is (a copy of a million lists
        # took a few hundred MiB for as long as the matrix was built)
        lists = data if isinstance(data, (list, tuple, TokenLists)) else [list(t) for t in data]
        n_with_words = with_words(lists)
        if n_with_words == 0:
            raise ModelError(
                _(
                    "no document has words to analyse (all empty, non-answers or too short); "
                    "check --text-col and the ledger (dxtext corpus info)."
                )
            )
        if n_with_words < MIN_DOCS:
            raise ModelError(
                _(
                    "only {n_with_words} document{v0} with words; a topic model needs at least {MIN_DOCS} — check --text-col / --unit and the ledger (dxtext corpus info)."
                ).format(n_with_words=n_with_words, v0="s" if n_with_words != 1 else "", MIN_DOCS=MIN_DOCS)
            )
        min_df = default_min_df(n_with_words) if self.min_df is None else self.min_df
        self.min_df_ = min_df
        try:
            return build_dtm(lists, doc_ids=doc_ids, min_df=min_df, max_df=self.max_df)
        except ModelError:
            raise ModelError(
                _(
                    "no word occurs in at least {min_df} documents and at most {max_df} of them; lower --min-df (or raise --max-df)."
                ).format(min_df=min_df, max_df=self.max_df)
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
                _(
                    "only {n_nonempty} document{v0} keep words after the frequency filters (min_df={min_df_}, max_df={max_df}); a topic model needs at least {MIN_DOCS} — lower --min-df or add documents."
                ).format(
                    n_nonempty=n_nonempty,
                    v0="s" if n_nonempty != 1 else "",
                    min_df_=self.min_df_,
                    max_df=self.max_df,
                    MIN_DOCS=MIN_DOCS,
                )
            )
        lengths = np.asarray(dtm.X.sum(axis=1)).ravel()
        self.model_ = (
            choose_model(n_nonempty, float(np.median(lengths[nonempty])))
            if self.model == "auto"
            else self.model
        )
        notes: list[Message] = []
        self.gibbs_sample_: int | None = None  # set by a Gibbs fit on a sample (gibbs.FIT_MAX)
        if self.n_topics is not None:
            if self.n_topics > min(n_nonempty - 1, n_terms):
                kmax = _max_k(n_nonempty, n_terms)
                raise ModelError(
                    _(
                        "--k {n_topics}: too many topics for {n_nonempty} documents and {n_terms} words; use --k {v0} or fewer."
                    ).format(
                        n_topics=self.n_topics,
                        n_nonempty=n_nonempty,
                        n_terms=n_terms,
                        v0=min(kmax, n_nonempty - 1, n_terms),
                    )
                )
            ks = [int(self.n_topics)]
        else:
            ks, notes = candidate_ks(self.k_range, n_nonempty, n_terms)

        self.vocab_ = list(dtm.vocab)
        self.doc_ids_ = list(dtm.doc_ids)
        self.n_docs_ = n_docs
        self.n_empty_docs_ = n_docs - n_nonempty
        tf = dtm.term_frequency().astype(np.float64)
        self.term_freq_ = tf
        self.term_prob_ = tf / tf.sum()
        # a large corpus: the topics are fitted on a sample (the training rows), every document's shares follow
        sample = self._sample_rows(nonempty)
        counts = (
            None if sample is None else sp.csr_matrix(dtm.X)
        )  # every document: the transform, the measures
        train = dtm.X if sample is None else counts[sample]
        self._binary = dtm.binary() if sample is None else binary_of(train)
        if self.model_ == "nmf":
            self.unit_rows_ = bool(np.median(lengths[nonempty]) > SHORT_MEDIAN_WORDS)
            idf = None if sample is None else _idf(counts)  # IDF of the whole corpus
            X, self.idf_ = _tfidf(train, idf, unit_rows=self.unit_rows_)
            self._unique = _unique_rows(X)
            distinct = int(self._unique[0].getnnz(axis=1).astype(bool).sum())
            if self.n_topics is None and min(ks) <= distinct:
                ks = [k for k in ks if k <= distinct]
            if max(ks) > distinct:  # NMF's SVD start has no more components than distinct documents
                raise ModelError(
                    _(
                        "--k {v0}: only {distinct} different documents (the others repeat them); use --k {v1} or fewer, or add documents."
                    ).format(v0=max(ks), distinct=distinct, v1=max(2, distinct))
                )
        else:
            X, self.idf_ = sp.csr_matrix(train), None
        # --model auto compares NMF and Gibbs LDA on the training counts (the sample's, on a sample)
        self._C = sp.csr_matrix(train) if self.model == "auto" and not self.seed_words else None
        # the counts live on in X (and the distinct rows of NMF): not a third copy during the fits
        del dtm, train
        self._n_rows = int(X.shape[0])
        self._rows_with_words = np.flatnonzero(nonempty) if sample is None else np.arange(len(sample))
        if sample is not None:
            notes.append(fit_sample_note(len(sample), n_nonempty))
        # NMF fits on the distinct rows alone; the matrix itself is kept only where a fit reads it
        self._X = None if self.model_ == "nmf" and not self.seed_words else X
        del X
        self._base: np.ndarray | None = None

        self.seed_names_: list[str] | None = None
        if self.seed_words:
            chosen, full = self._fit_seeded(ks[0] if self.n_topics is not None else None)
        elif self.n_topics is not None:  # --model auto: NMF's fit only if NMF is chosen (choice.apply_choice)
            chosen = ks[0]
            full = None if self._C is not None else self._run([(chosen, -1)], progress, total=1)[(chosen, -1)]
            self.k_selection_, self.stability_ = None, float("nan")
            reason = Message("K={k} was given (--k).", k=chosen)
            self.k_reason_message_, self.k_reason_ = reason, reason.english()
        else:
            chosen, full = choose_k(self, ks, progress, notes)
        if sample is not None and self.k_selection_ is None:  # K given or seeded: the reason names the sample
            reason = Message("{reason} {note}.", reason=self.k_reason_message_, note=notes[-1])
            self.k_reason_message_, self.k_reason_ = reason, reason.english()
        full = apply_choice(self, chosen, full)  # --model auto: NMF or Gibbs LDA at K (self._C: the counts)
        if progress and self.n_topics is not None and self._C is not None:  # the fit at the K given, done
            progress(1, 1)
        if sample is not None:
            self._every_document(full, counts)
            del counts  # the measures read the 0/1 matrix (its indices shared with the counts)
        self._set_fit(full, chosen, shares=sample is not None)
        if self.seed_words:
            names = [n for n, _ in self._seeded]
            self.seed_names_ = [names[i] if i < len(names) else "" for i in self._order]
            del self._seeded
        del self._order
        del self._X, self._C, self._binary, self._base, self._n_rows, self._rows_with_words
        self.__dict__.pop("_unique", None)
        return self

    def _sample_rows(self, nonempty: np.ndarray) -> np.ndarray | None:
        """The rows of the fit on a sample (:func:`.transform.fit_sample_rows`), None to fit on all; sets
        ``fit_sample_``."""
        rows = np.flatnonzero(nonempty)
        big = self.fit_sample is not None and len(rows) > self.fit_sample
        sample = fit_sample_rows(rows, self.fit_sample, self.seed) if big else None
        self.fit_sample_ = None if sample is None else len(sample)
        return sample

    def _every_document(self, fit: _Fit, counts: sp.csr_matrix) -> None:
        """After a fit on a sample: ``fit.W`` becomes the topic shares of every document (of the fit's topics,
        by partition, float32) and the measures count every document (``_binary``)."""
        self._X = None
        self.__dict__.pop("_unique", None)
        k = fit.H.shape[0]  # the partitions in threads (at most n_jobs), each computed on its own
        fit.W = shares_by_partition(lambda M: self._shares(M, fit), counts, k, workers=self.n_jobs)
        self._binary = binary_of(counts)

    def _fit_seeded(self, k: int | None) -> tuple[int, _Fit]:
        from .seeded import fit_guided

        return fit_guided(self, k)

    def _fit_once(self, k: int, rep: int) -> _Fit:
        """rep = -1: the model on all documents (on the K-choice sample ``_base`` while K is chosen on one);
        rep ≥ 0: a refit on a subsample (of ``_base`` if set) with another seed."""
        base = self._base
        n = self._n_rows if base is None else len(base)
        seed = self.seed
        idx = base
        if rep >= 0:
            idx = subsample_index(n, seed=self.seed, k=k, rep=rep, share=self.subsample)
            idx = idx if base is None else base[idx]
            seed = self.seed + 1000 * (rep + 1) + k
        if self.model_ == "nmf":
            fit = _fit_nmf_rows(self._unique, idx, k, seed, self.max_iter)
            if rep < 0 and idx is not None:
                fit.W = _doc_rows(fit, self._unique, idx)
        elif self.model_ == "gibbs" and rep < 0 and idx is None:  # the model itself: bounded (gibbs.FIT_MAX)
            # (on a fit sample, every document's shares come later: _every_document)
            fit, self.gibbs_sample_ = fit_gibbs_bounded(
                self._X, k, seed, len(self.vocab_), every_row=self.fit_sample_ is None
            )
        elif self.model_ == "gibbs":
            fit = fit_gibbs(self._X[idx], k, seed, len(self.vocab_))
        else:
            X = self._X if idx is None else self._X[idx]
            fit = _fit_lda(X, k, seed, self.lda_passes, len(self.vocab_))
        if rep >= 0:
            # a refit is judged by its topics (H) alone; its document weights (a row per distinct document of
            # the whole corpus) would be kept for every candidate K and refit — gigabytes on a large corpus
            fit.W = np.empty((0, k))
        return fit

    def _run(
        self, jobs: list[tuple[int, int]], progress: Progress | None, *, total: int, done: int = 0
    ) -> dict:
        _load_numeric_libraries(self.model_)
        from threadpoolctl import threadpool_limits

        workers = self.n_jobs if self.n_jobs else min(4, os.cpu_count() or 1)
        results: dict[tuple[int, int], _Fit] = {}
        with threadpool_limits(limits=1):
            if self.model_ == "gibbs" and workers > 1 and len(jobs) > 1:
                # tomotopy holds the GIL while it samples: threads would take turns; a forked child does half
                results, done = self._run_split(jobs, progress, total=total, done=done)
            elif workers <= 1 or len(jobs) == 1:
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

    def _run_split(
        self, jobs: list[tuple[int, int]], progress: Progress | None, *, total: int, done: int
    ) -> tuple[dict[tuple[int, int], _Fit], int]:
        """The fits of ``jobs``, about half of the work in a forked child (:func:`dxtext.child.in_child`) and
        the rest here, at the same time. The work is shared by its cost (a fit's sampling grows with K: the
        largest K first, each to the side with less so far); each fit depends on its own K, refit and seed
        alone, so the fits are the same wherever they run. Inline where there is no core or fork to spare."""
        from ...child import forks, in_child, spare_core

        if not (spare_core() and forks()):
            return {job: self._fit_once(*job) for job in jobs}, done + len(jobs)
        sides: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])
        load = [0, 0]
        for job in sorted(jobs, key=lambda j: (-j[0], j[1])):
            # the model on all rows sets gibbs_sample_ on this object: made here, not in the child
            here = job[1] < 0 and self._base is None
            side = 0 if here or load[0] <= load[1] else 1
            sides[side].append(job)
            load[side] += job[0]
        join = in_child(lambda: {job: self._fit_once(*job) for job in sides[1]})
        results: dict[tuple[int, int], _Fit] = {}
        try:
            for job in sides[0]:
                results[job] = self._fit_once(*job)
                done += 1
                if progress:
                    progress(done, total)
        except BaseException:
            join(quiet=True)
            raise
        results.update(join())
        done += len(sides[1])
        if progress:
            progress(done, total)
        return {job: results[job] for job in jobs}, done

    def _set_fit(self, fit: _Fit, k: int, *, shares: bool = False) -> None:
        """The fitted state from ``fit``; ``shares``: its W holds topic shares already (float32, of every
        document after a fit on a sample), kept as the one array of doc_topic_ and doc_weight_."""
        W = np.asarray(fit.W)  # float64 from a fit, float32 from the transform of every document
        H = np.asarray(fit.H, dtype=np.float64)
        if shares:
            shares_ = W
        else:
            sums = W.sum(axis=1, keepdims=True)
            shares_ = np.divide(W, sums, out=np.zeros_like(W), where=sums > 0)
        # number topics by prevalence (ties: by the top word's vocabulary index)
        prevalence = shares_.sum(axis=0, dtype=np.float64)
        first = np.array([int(_top_indices(h, 1)[0]) for h in H])
        order = np.lexsort((first, -np.round(prevalence, 9)))
        self._order = order
        self.n_topics_ = k
        self.components_ = H[order]
        rows = self.components_.sum(axis=1, keepdims=True)
        self.topic_word_ = np.divide(
            self.components_, rows, out=np.zeros_like(self.components_), where=rows > 0
        )
        self.doc_topic_ = shares_[:, order]
        self.doc_weight_ = self.doc_topic_ if shares else W[:, order]
        self.n_iter_ = fit.n_iter
        self.__dict__.pop("_pairs", None)
        describe.measure(self, self._binary, self.__dict__.pop("_refits", None))
        self.gibbs_alpha_ = fit.extra["alpha"][order] if "eta" not in fit.extra and fit.extra else None
        if "eta" in fit.extra:
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
            raise ModelError(_("this TopicModel is not fitted yet; call fit() or TopicModel.load() first."))

    def relevance(self, lambda_: float = LAMBDA) -> np.ndarray:
        """K × V relevance ``λ log φ + (1-λ) log(φ / p(w))``; -inf where a word has no weight in a topic."""
        self._check_fitted()
        return describe.relevance(self, lambda_)

    def top_words(self, topic: int, n: int = TOP_N, *, lambda_: float = 1.0) -> list[str]:
        """The n words of topic ``topic`` (1-based) by relevance at λ (λ = 1: by weight)."""
        self._check_fitted()
        return describe.top_words(self, topic, n, lambda_=lambda_)

    def labels(
        self, word_tags: Mapping[str, Sequence[str]] | None = None, *, lambda_: float = LAMBDA
    ) -> pd.DataFrame:
        """A suggested label per topic: the dictionary's theme tag carried by its top words (if any) and its
        three most relevant words. Columns: topic, label, theme, share, coherence."""
        self._check_fitted()
        return describe.labels(self, word_tags, lambda_=lambda_)

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

        Words in the order shown: relevance at λ (λ = 1: weight), adjusted towards words that occur together."""
        self._check_fitted()
        return describe.get_topics(self, n_words, lambda_=lambda_, word_tags=word_tags)

    def word_table(self, n: int = 30) -> pd.DataFrame:
        """Candidate words per topic for a λ slider: the union of the top ``n`` words by relevance at
        λ = 0, 0.1, …, 1. Columns: topic, word, weight (φ), term_prob (p(w)); sorted by topic then weight."""
        self._check_fitted()
        return describe.word_table(self, n)

    def pair_table(self) -> pd.DataFrame:
        """Co-occurring pairs of each topic's candidate words with their shrunk NPMI (for the page's slider)."""
        self._check_fitted()
        return describe.pair_table(self)

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
        return vocab_counts(self.vocab_, data)

    def coverage(self, data: Sequence[Sequence[str]] | DocTermMatrix) -> dict[str, Any]:
        """How much of ``data`` the model's vocabulary covers (documents and tokens)."""
        self._check_fitted()
        return self._counts(data)[1]

    def transform(
        self, data: Sequence[Sequence[str]] | DocTermMatrix, *, doc_ids: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Topic shares of new documents (words unknown to the model are ignored): doc_id, T1…TK, main_topic."""
        self._check_fitted()
        M, _ignored = self._counts(data)
        if doc_ids is None:
            doc_ids = data.doc_ids if isinstance(data, DocTermMatrix) else [str(i) for i in range(M.shape[0])]
        if len(doc_ids) != M.shape[0]:
            raise ValueError(_("doc_ids and data differ in length"))
        return self._frame(self._shares(M), doc_ids)

    def _shares(self, M: sp.csr_matrix, fit: _Fit | None = None) -> np.ndarray:
        """Topic shares of the count rows ``M``: of the model's topics, or of ``fit``'s (in its order)."""
        from threadpoolctl import threadpool_limits

        _load_numeric_libraries(self.model_)
        H = self.components_ if fit is None else fit.H
        lda = self.lda_params_ if fit is None else fit.extra
        k = H.shape[0]
        if M.shape[0] == 0:
            return np.zeros((0, k))
        with threadpool_limits(limits=1):
            if self.idf_ is not None:  # NMF: solve W ≥ 0 for fixed topics
                return _nmf_shares(M, H, self.idf_, k, max_iter=self.max_iter, seed=self.seed)
            if self.model_ == "gibbs":  # φ: the topics' rows normalised; α of the model or of ``fit``
                alpha = self.gibbs_alpha_ if fit is None else fit.extra["alpha"]
                return gibbs_shares(M, H / np.maximum(H.sum(axis=1, keepdims=True), 1e-300), alpha)
            assert lda
            return _lda_shares(M, lda, k, len(self.vocab_), self.seed)

    # -- persistence -------------------------------------------------------------------------------------

    def save(self, folder: str | Path, *, metadata: Mapping[str, Any] | None = None) -> Path:
        """Write the model to ``folder`` (created): model.json and .npy arrays, byte-identical for the same fit.

        ``metadata`` (corpus hash, tokenizer and dictionary hashes, versions …) is stored with it."""
        return persist.save(self, folder, metadata=metadata)

    @classmethod
    def load(cls, folder: str | Path) -> TopicModel:
        """Read a model written by :meth:`save`."""
        return persist.load(cls, folder)
