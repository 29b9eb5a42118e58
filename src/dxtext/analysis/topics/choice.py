"""``--model auto``: NMF or LDA by Gibbs sampling (:mod:`.gibbs`), whichever shows more coherent topic words
on training documents that neither candidate saw.

K is chosen first (:mod:`.selection`, with NMF). At that K both candidates are fitted on a seeded part of the
training documents (:data:`SHARE`) and their words as shown (:mod:`.ordering`, top :data:`TOP_N`) are scored
by NPMI on the rest; the more coherent one is refitted on all documents. Above ``k_sample`` documents the
candidates are fitted on a seeded sample of that many (the fits' cost then stops growing with the corpus) and
scored on every training document they did not see, not only on the rest of the sample: NPMI on a small
held-out part scores every pair that happens not to meet there −1, which favours frequent words (on the Fukui
answers at K = 9, scored on the sample's 2,000: NMF −0.043, Gibbs −0.019 over three splits, Gibbs chosen;
on the other 49,000 or so: NMF 0.151, Gibbs 0.135, NMF chosen — as on the benchmark's held-out 20 %, NMF 0.1186 and
Gibbs 0.1160). Scoring is a sparse product over those documents, cheap beside a fit. Small corpora
have small held-out parts whose NPMI is noisy, so below :data:`SMALL` documents the comparison is averaged
over :data:`SPLITS` splits. A tie goes to NMF (faster, and it transforms new documents exactly).

The benchmark's held-out part is never seen here: this choice splits only the documents it is given to fit.
The candidates' fits on the splits are refits on subsamples too: their topics give the chosen model's
per-topic stability.

Measured (docs/topics.md, "The default: measured", ``benchmarks/topics_choice.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from ...child import forks, in_child, spare_core
from ...i18n import Message
from ..matrix import DocTermMatrix
from .base import _Fit
from .measures import _top_sets, binary_of, npmi_coherence, topic_stability

if TYPE_CHECKING:
    from .model import TopicModel

#: the candidates, in the order a tie is resolved
KINDS = ("nmf", "gibbs")
#: share of the compared documents each candidate is fitted on; the rest scores it
SHARE = 0.8
#: below this many documents the comparison is averaged over SPLITS seeded splits
SMALL = 3000
SPLITS = 3


@dataclass
class ModelChoice:
    """What ``--model auto`` measured: the held-out NPMI of each candidate (mean over the splits), the
    documents compared, the splits, the choice, the documents each fit was scored on (those it did not see:
    the compared documents' rest and, above ``k_sample``, every other training document); ``refits``: the
    chosen candidate's topics on each split."""

    scores: dict[str, float]
    documents: int
    splits: int
    chosen: str
    scored: int
    refits: list[np.ndarray] = field(default_factory=list)

    def record(self) -> dict[str, object]:
        """For model.json and metadata.json."""
        return {
            "candidates": list(KINDS),
            "heldout_npmi": {k: round(v, 6) for k, v in self.scores.items()},
            "documents": self.documents,
            "splits": self.splits,
            "scored_on": self.scored,
            "share": SHARE,
            "chosen": self.chosen,
        }

    def reason(self) -> Message:
        return Message(
            "Model {chosen}: its topic words were the more coherent on training answers it did not see "
            "(held-out NPMI, {splits} split(s), each fitted on {fitted:,} documents and scored on {scored:,} "
            "others: NMF {nmf:.3f}, LDA by Gibbs sampling {gibbs:.3f}).",
            chosen=self.chosen.upper(),
            splits=self.splits,
            fitted=round(SHARE * self.documents),
            scored=self.scored,
            nmf=self.scores["nmf"],
            gibbs=self.scores["gibbs"],
        )


def choose_model_kind(
    tm: TopicModel,
    k: int,
    X: sp.csr_matrix,
    rows: np.ndarray,
    *,
    meanwhile: Callable[[], object] | None = None,
) -> ModelChoice:
    """Compare the candidates at ``k`` on the count rows ``X`` (documents × ``tm.vocab_``) of the documents
    ``rows`` (those with words); deterministic for ``tm.seed``. ``meanwhile``: the caller's work, called here
    once while the Gibbs candidate samples in a child (not called without a child)."""

    every = np.asarray(rows)
    if tm.k_sample is not None and len(rows) > tm.k_sample:
        rng = np.random.default_rng([tm.seed, 29])
        rows = np.sort(rng.choice(rows, tm.k_sample, replace=False))
    n = len(rows)
    splits = SPLITS if n < SMALL else 1
    X = sp.csr_matrix(X)
    two = spare_core() and forks()
    scores: dict[str, list[float]] = {kind: [] for kind in KINDS}
    refits: dict[str, list[np.ndarray]] = {kind: [] for kind in KINDS}
    for s in range(splits):
        perm = np.random.default_rng([tm.seed, 31, s]).permutation(n)
        cut = round(SHARE * n)
        train = np.sort(rows[perm[:cut]])
        # scored on every document the fits did not see (the sample's rest and, above k_sample, all the others)
        held = np.setdiff1d(every, train)
        B = binary_of(X[held])
        dtm = DocTermMatrix(X[train], list(tm.vocab_), [str(i) for i in train])
        # Gibbs samples in a forked child while NMF fits here: on two cores both at once (threads would not
        # overlap: tomotopy holds the GIL while it samples); the same numbers as one after the other
        joins: dict[str, Callable[..., tuple[float, np.ndarray]]] = {}
        try:
            for kind in reversed(KINDS):  # the child started first; NMF's inline call returns when fitted
                fit_kind = partial(_candidate, tm, kind, k, tm.seed + s, dtm, B)
                joins[kind] = in_child(fit_kind, background=kind != "nmf" and two)
            for kind in KINDS:
                if kind != "nmf" and two and meanwhile is not None and s == splits - 1:
                    meanwhile()
                    meanwhile = None
                score, H = joins.pop(kind)()
                scores[kind].append(score)
                refits[kind].append(H)
        finally:
            for join in joins.values():
                join(quiet=True)
    mean = {kind: float(np.mean(v)) for kind, v in scores.items()}
    chosen = max(KINDS, key=lambda kind: (round(mean[kind], 9), -KINDS.index(kind)))
    return ModelChoice(mean, n, splits, chosen, len(held), refits[chosen])


def _candidate(
    tm: TopicModel, kind: str, k: int, seed: int, dtm: DocTermMatrix, B: sp.csr_matrix
) -> tuple[float, np.ndarray]:
    """The candidate ``kind`` fitted on ``dtm``: the mean NPMI of its topic words on the held-out binary rows
    ``B``, and its topics (K × vocabulary)."""
    from .model import TopicModel

    sub = TopicModel(
        n_topics=k, model=kind, seed=seed, max_iter=tm.max_iter, top_n=tm.top_n, k_sample=None
    ).fit(dtm)
    words = [[int(i) for i in _indices(sub, t)] for t in range(1, k + 1)]
    return float(np.mean(npmi_coherence(B, words))), sub.components_


def apply_choice(tm: TopicModel, k: int, fit: _Fit | None) -> _Fit:
    """``--model auto`` at K = ``k`` during ``tm.fit``: NMF or Gibbs LDA by :func:`choose_model_kind` on the
    counts ``tm._C``; records the choice (``model_choice_``, the reason) and returns the winner's fit on all
    documents (``fit``, NMF's, when NMF wins; None: NMF's not fitted yet: fitted here while the Gibbs
    candidate samples in a child on a second core, else only if NMF wins)."""
    tm.model_choice_ = None
    if tm.model == "auto" and not tm.seed_words:
        fit = _choose(tm, k, fit)
    assert fit is not None
    if tm.gibbs_sample_ is not None:  # a Gibbs model fitted on a sample of the training documents
        note = Message(
            "LDA by Gibbs sampling fitted on a random sample of {n:,} of the {total:,} training documents "
            "with words, the topic shares of the others computed from it.",
            n=tm.gibbs_sample_,
            total=len(tm._rows_with_words),
        )
        reason = Message("{k_reason} {note}", k_reason=tm.k_reason_message_, note=note)
        tm.k_reason_message_, tm.k_reason_ = reason, reason.english()
    return fit


def _choose(tm: TopicModel, k: int, fit: _Fit | None) -> _Fit:
    ahead: list[_Fit] = []

    def nmf_ahead() -> None:  # NMF's fit at K while the Gibbs candidate samples (kept if NMF wins)
        if fit is None:
            ahead.append(tm._run([(k, -1)], None, total=1)[(k, -1)])

    choice = choose_model_kind(tm, k, tm._C, tm._rows_with_words, meanwhile=nmf_ahead)
    tm.model_choice_ = choice.record()
    reason = Message("{k_reason} {model_reason}", k_reason=tm.k_reason_message_, model_reason=choice.reason())
    tm.k_reason_message_, tm.k_reason_ = reason, reason.english()
    if choice.chosen == "nmf":
        if fit is not None:
            return fit
        return ahead[0] if ahead else tm._run([(k, -1)], None, total=1)[(k, -1)]
    tm.model_, tm.idf_ = choice.chosen, None
    tm._refits = choice.refits
    tm._X = tm._C
    new = tm._run([(k, -1)], None, total=1)[(k, -1)]
    # the stability of the chosen kind: its topics on the splits against those on all documents
    tm.stability_ = float(
        np.mean([topic_stability(_top_sets(new.H, tm.top_n), _top_sets(R, tm.top_n)) for R in choice.refits])
    )
    return new


def _indices(sub: TopicModel, topic: int) -> list[int]:
    from .describe import order

    return order(sub, topic - 1, sub.top_n, sub.relevance(1.0))
