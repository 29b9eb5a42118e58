"""The Dask engine: tokenizing, counting the document-term matrix, the pair counts of a co-occurrence network
and theme coding as partitioned work on a Dask cluster (``dask[distributed]``).

Partitions are runs of consecutive documents (``PARTITION_DOCS`` each); their results are put back together in
document order, so the outputs are those of the local engine, byte for byte:

* tokenizing — each text's tokens do not depend on the other texts of its batch (the boundary entry makes MeCab
  analyse each text as if alone); the word classes the workers met are merged by the local rule (a lemma met in
  several classes takes the first of the class order, whatever the order of meeting);
* the document-term matrix — each partition counts over its own vocabulary; the vocabularies are merged in
  first-seen order and the columns renumbered, then the same filters and ordering as :func:`build_dtm`;
* co-occurrence — Bᵀ B of the binary document × word block is a sum over row blocks: workers compute their
  block's product, this process adds them (integers: exact);
* theme coding — a document's codes depend only on that document; rule words are resolved once against the
  whole corpus's lemmas (passed to every partition), and the per-word and per-atom document counts are summed.

Without ``scheduler`` a ``LocalCluster`` of ``workers`` processes (one thread each) is started on this machine
and closed when the process exits.
"""

from __future__ import annotations

import atexit
import logging
from collections.abc import Callable, Sequence
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import DxtextError
from ..i18n import _
from ..progress import Progress
from . import partitions as parts

#: documents per partition (a partition is one task: its texts, tokens or rows travel together)
PARTITION_DOCS = 20_000


class CodedThemes:
    """What a fitted ThemeCoder gives the runs, put together from the partitions."""

    def __init__(self, rules: Any, frames: list[dict[str, Any]]) -> None:
        self.rules_ = rules
        self.coded_ = pd.concat([f["coded"] for f in frames])
        self.counts_ = pd.concat([f["counts"] for f in frames])
        self.evidence_ = pd.concat([f["evidence"] for f in frames])
        self.words_ = _summed([f["words"] for f in frames], ("documents", "in_theme"))
        self.atoms_ = _summed([f["atoms"] for f in frames], ("documents", "in_theme"))
        self.warnings_ = list(dict.fromkeys(w for f in frames for w in f["warnings"]))


def _summed(frames: list[pd.DataFrame], columns: Sequence[str]) -> pd.DataFrame:
    """The first frame with ``columns`` summed over all frames (every partition reports the same rows)."""
    first = frames[0].copy()
    keys = [c for c in first.columns if c not in columns]
    for f in frames[1:]:
        if not f[keys].equals(
            frames[0][keys]
        ):  # pragma: no cover - the rows depend on the rules and vocab only
            raise RuntimeError("theme coding: the partitions resolved the rule words differently")
    for c in columns:
        first[c] = np.sum([f[c].to_numpy() for f in frames], axis=0).astype(frames[0][c].dtype)
    return first


class DaskEngine:
    """Partitioned stages on a Dask cluster (see the module docstring)."""

    name = "dask"

    def __init__(
        self, *, scheduler: str | None = None, workers: int = 2, partition_docs: int = PARTITION_DOCS
    ) -> None:
        self.scheduler = scheduler
        self.workers = workers
        self.partition_docs = partition_docs
        self._client: Any = None
        self._cluster: Any = None

    # -- the cluster --

    @property
    def client(self) -> Any:
        if self._client is not None:
            return self._client
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise DxtextError(
                _("--engine dask needs Dask: pip install 'dask[distributed]' (or run without --engine dask).")
            ) from None
        if self.scheduler:
            try:
                self._client = Client(self.scheduler, timeout="10s")
            except (OSError, TimeoutError) as e:
                raise DxtextError(
                    _(
                        "--scheduler {address}: no Dask scheduler answers there ({error}); start one "
                        "(dask scheduler) or leave --scheduler out for a local cluster."
                    ).format(address=self.scheduler, error=str(e)[:80])
                ) from None
        else:
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster)
        atexit.register(self.close)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def _spans(self, n: int) -> list[tuple[int, int]]:
        size = max(1, self.partition_docs)
        return [(a, min(a + size, n)) for a in range(0, n, size)]

    # -- stages --

    def tokenize_many(
        self, tok: Any, texts: Sequence[str], *, n_jobs: int = 1, progress: Progress | None = None
    ) -> list[list[str]]:
        """Token lists of ``texts`` (as ``tok.tokenize_many``), partitions tokenized on the workers; the word
        classes they met are merged into ``tok`` (so ``tok.word_class`` answers as after a local run)."""
        del n_jobs  # the cluster's workers decide the parallelism
        total = len(texts)
        if total == 0:
            return []
        client = self.client
        shipped = client.scatter(parts.ShippedTokenizer.of(tok), broadcast=True)
        spans = self._spans(total)
        futures = [
            client.submit(parts.tokenize_partition, shipped, list(texts[a:b]), pure=False) for a, b in spans
        ]
        out: list[list[str]] = []
        try:
            for (_, b), fut in zip(spans, futures, strict=True):
                lists, classes = fut.result()
                out.extend(lists)
                for lemma, label in classes.items():
                    tok._set_class(lemma, label)
                fut.release()
                if progress:
                    progress(b, total)
        finally:
            for fut in futures:
                fut.cancel()
        return out

    def build_dtm(
        self,
        token_lists: Sequence[Sequence[str]],
        *,
        doc_ids: Sequence[str] | None = None,
        min_df: int | float = 1,
        max_df: int | float = 1.0,
        max_terms: int | None = None,
    ) -> Any:
        """:func:`~dxtext.analysis.matrix.build_dtm`, each partition counted on a worker."""
        from ..analysis.matrix import build_dtm, finish_dtm

        n = len(token_lists)
        if n == 0:  # the local function says what is wrong
            return build_dtm(token_lists, doc_ids=doc_ids, min_df=min_df, max_df=max_df, max_terms=max_terms)
        if doc_ids is None:
            doc_ids = [str(i) for i in range(n)]
        if len(doc_ids) != n:
            raise ValueError("doc_ids and token_lists differ in length")
        client = self.client
        futures = [
            client.submit(parts.count_partition, [list(t) for t in token_lists[a:b]], pure=False)
            for a, b in self._spans(n)
        ]
        vocab: dict[str, int] = {}
        blocks = []
        for fut in futures:
            words, X = fut.result()
            fut.release()
            remap = np.fromiter(
                (vocab.setdefault(w, len(vocab)) for w in words), dtype=np.int64, count=len(words)
            )
            X = sp.csr_matrix((X.data, remap[X.indices], X.indptr), shape=X.shape)
            blocks.append(X)
        X = sp.vstack(
            [sp.csr_matrix((b.data, b.indices, b.indptr), shape=(b.shape[0], len(vocab))) for b in blocks],
            format="csr",
        )
        return finish_dtm(X, list(vocab), doc_ids, min_df=min_df, max_df=max_df, max_terms=max_terms)

    @property
    def gram(self) -> Callable[[sp.csr_matrix], sp.csr_matrix]:
        """B → Bᵀ B summed over row blocks computed on the workers (the pair counts of a network)."""

        def gram(B: sp.csr_matrix) -> sp.csr_matrix:
            B = sp.csr_matrix(B)
            client = self.client
            futures = [
                client.submit(parts.gram_partition, B[a:b], pure=False) for a, b in self._spans(B.shape[0])
            ]
            total = sp.csr_matrix((B.shape[1], B.shape[1]), dtype=np.int64)
            for fut in futures:
                total = total + fut.result()
                fut.release()
            return total

        return gram

    def code_themes(self, rules: Any, *, tokenizer: Any, tokens: Any, texts: Any) -> CodedThemes:
        """ThemeCoder(rules, tokenizer).fit(tokens, texts=texts), partitions coded on the workers."""
        from ..analysis.rules import Near, Phrase, Ref, Substring, Word, load_rules
        from ..analysis.themes import ThemeCoder
        from ..analysis.themes.coder import _texts_for, _unpack

        rule_set = load_rules(rules)
        lists, doc_ids, classes = _unpack(tokens, None, None)
        plain = (Word, Substring, Phrase, Near, Ref)
        per_document = all(
            type(a) in plain
            and not (isinstance(a, Word) and (getattr(a, "cform", None) or getattr(a, "surface", None)))
            for r in rule_set
            for a in r.atoms()
        )
        if len(lists) == 0 or not per_document:
            # no documents, or rules reading the corpus's attributes, headings or measures (they need the whole
            # corpus table): the local coder, in this process
            return ThemeCoder(rule_set, tokenizer=tokenizer).fit(tokens, texts=texts)  # type: ignore[return-value]
        text_list = _texts_for(texts, doc_ids) if texts is not None else None
        vocab = frozenset(chain.from_iterable(lists))
        classes = dict(classes)
        client = self.client
        shipped = client.scatter(parts.ShippedTokenizer.of(tokenizer), broadcast=True) if tokenizer else None
        common = client.scatter([rule_set, classes, vocab], broadcast=True)
        futures = [
            client.submit(
                parts.code_partition,
                common[0],
                shipped,
                [list(t) for t in lists[a:b]],
                text_list[a:b] if text_list is not None else None,
                doc_ids[a:b],
                common[1],
                common[2],
                pure=False,
            )
            for a, b in self._spans(len(lists))
        ]
        frames = []
        for fut in futures:
            frames.append(fut.result())
            fut.release()
        return CodedThemes(rule_set, frames)
