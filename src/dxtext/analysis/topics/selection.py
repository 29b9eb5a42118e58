"""The choice of the number of topics K: the candidate values, the NPMI and stability of each, and the rule.

Every K of the range is a candidate (clipped to what the corpus allows, :func:`_max_k`); over more than eight
candidates the coarse steps are fitted first, then the neighbours of the best. Each K is scored by

- **coherence**: mean NPMI of the top words of each topic of the model on all documents; and
- **stability**: the mean Jaccard overlap of the top-word sets of refits on random subsamples with the
  full model's topics, after one-to-one matching.

The chosen K is the most coherent K among those whose stability is within ``STABILITY_TOLERANCE`` of the best
stability.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ...errors import ModelError
from ...i18n import Joined, Message, _
from .base import _Fit
from .measures import WordPairs, _top_indices, _top_sets, npmi_coherence, topic_stability

if TYPE_CHECKING:
    from .model import TopicModel

DEFAULT_K_RANGE: tuple[int, int] = (4, 16)
STABILITY_TOLERANCE = 0.10
#: a topic holding more of the documents than this (as their main topic) is a catch-all
MAX_TOPIC_SHARE = 0.30
#: K values whose held-out NPMI is this close to the best count as equally coherent (the smallest is taken)
COHERENCE_TOLERANCE = 0.005
#: held-out NPMI decides only when each held-out part has this many documents (else NPMI on all documents:
#: co-occurrence in a few dozen held-out answers is noise)
HELDOUT_MIN_DOCS = 500
COLUMNS = [
    "k",
    "score",
    "heldout_npmi",
    "coherence",
    "coherence_min",
    "stability",
    "stability_min",
    "diversity",
    "exclusivity",
    "max_share",
    "no_catch_all",
    "stable",
    "chosen",
]

#: ``run(jobs, progress, total=…, done=…)`` fits every (K, rep) job (rep = -1: all documents; rep ≥ 0: a
#: subsample refit) and returns the fits by job.
RunFits = Callable[..., dict[tuple[int, int], _Fit]]


def parse_k_range(text: str) -> tuple[int, int]:
    """``"4..20"`` (also ``4-20``, ``4:20``) → (4, 20)."""
    m = re.fullmatch(r"\s*(\d+)\s*(?:\.\.|-|:|〜|~)\s*(\d+)\s*", text or "")
    if not m:
        raise ModelError(_("--k-range {text!r}: write it as LOW..HIGH, for example 4..16.").format(text=text))
    lo, hi = int(m.group(1)), int(m.group(2))
    if lo < 2 or hi < lo:
        raise ModelError(_("--k-range {text!r}: need 2 ≤ LOW ≤ HIGH, for example 4..16.").format(text=text))
    return lo, hi


def _max_k(n_docs: int, n_terms: int) -> int:
    return max(2, min(n_docs // 5, n_terms // 5))


def candidate_ks(k_range: tuple[int, int], n_docs: int, n_terms: int) -> tuple[list[int], list[Message]]:
    """The K values to evaluate (``k_range`` clipped to :func:`_max_k`) and a note when it was clipped."""
    kmax = _max_k(n_docs, n_terms)
    notes: list[Message] = []
    lo, hi = k_range
    if hi > kmax:
        notes.append(
            Message(
                "K range {lo}..{hi} clipped to {new_lo}..{new_hi} ({n_docs} documents, {n_terms} words)",
                lo=lo,
                hi=hi,
                new_lo=min(lo, kmax),
                new_hi=kmax,
                n_docs=n_docs,
                n_terms=n_terms,
            )
        )
        hi = kmax
        lo = min(lo, hi)
    return list(range(lo, hi + 1)), notes


def subsample_index(n: int, *, seed: int, k: int, rep: int, share: float) -> np.ndarray:
    """The documents of stability refit ``rep`` at K = ``k`` (sorted); the others are its held-out part."""
    rng = np.random.default_rng([seed, k, rep])
    return np.sort(rng.choice(n, max(2, round(share * n)), replace=False))


def _choose(rows: list[dict[str, Any]]) -> tuple[int, Message | str]:
    """The rule (docs/topics.md, "Choosing K"); returns the K and, in words, which step decided.

    1. no catch-all: keep the K whose largest topic holds at most MAX_TOPIC_SHARE of the documents (if none
       does, keep every K and say so);
    2. stable: of those, keep the K whose stability is within STABILITY_TOLERANCE of the best kept;
    3. coherent on unseen answers: the best held-out NPMI, and then the smallest K within
       COHERENCE_TOLERANCE of it (a flat coherence curve must not flip K on a small change of the data).
    """
    ok = [r for r in rows if r["max_share"] <= MAX_TOPIC_SHARE + 1e-12]
    note: Message | str = ""
    if not ok:
        ok = list(rows)
        note = Message("every K has a topic above {share:.0%} of the documents; ", share=MAX_TOPIC_SHARE)
    best_stab = max(r["stability"] for r in ok)
    stable = [r for r in ok if r["stability"] >= best_stab - STABILITY_TOLERANCE - 1e-12]
    best_coh = max(r["score"] for r in stable)
    near = [r for r in stable if r["score"] >= best_coh - COHERENCE_TOLERANCE - 1e-12]
    return int(min(r["k"] for r in near)), note


def exclusivity(H: np.ndarray, top_n: int) -> np.ndarray:
    """Per topic: the mean, over its top words, of the word's weight in the topic divided by its weight in
    all topics (rows of H scaled to sum to 1 first) — 1 when no other topic uses its words."""
    rows = H.sum(axis=1, keepdims=True)
    P = np.divide(H, rows, out=np.zeros_like(H, dtype=np.float64), where=rows > 0)
    col = P.sum(axis=0)
    out = np.zeros(len(H))
    for t, h in enumerate(P):
        idx = _top_indices(h, top_n)
        out[t] = float(np.mean(np.divide(h[idx], col[idx], out=np.zeros(len(idx)), where=col[idx] > 0)))
    return out


def main_shares(W: np.ndarray) -> np.ndarray:
    """Share of the documents (with any weight) whose main topic each topic is."""
    has = W.sum(axis=1) > 0
    if not has.any():
        return np.zeros(W.shape[1])
    main = np.argmax(W[has], axis=1)
    return np.bincount(main, minlength=W.shape[1]) / has.sum()


def topic_stability_per_topic(ref: list[set[int]], others: list[list[set[int]]]) -> np.ndarray:
    """Per topic of ``ref``: the mean Jaccard overlap with its one-to-one match in each refit."""
    from scipy.optimize import linear_sum_assignment

    out = np.zeros(len(ref))
    for other in others:
        J = np.array([[len(a & b) / max(1, len(a | b)) for b in other] for a in ref])
        rows, cols = linear_sum_assignment(-J)
        got = np.zeros(len(ref))
        got[rows] = J[rows, cols]
        out += got
    return out / max(1, len(others))


def _score(
    k: int,
    fits: dict[tuple[int, int], _Fit],
    binary: WordPairs,
    *,
    top_n: int,
    n_stability: int,
    heldout: Callable[[int, int], np.ndarray],
) -> dict[str, Any]:
    full = fits[(k, -1)]
    tops = [_top_indices(h, top_n) for h in full.H]
    coh = npmi_coherence(binary, tops)
    ref = [set(t.tolist()) for t in tops]
    stab = [topic_stability(ref, _top_sets(fits[(k, r)].H, top_n)) for r in range(n_stability)]
    held = []
    n_held = binary.n
    for r in range(n_stability):
        rows = heldout(k, r)
        n_held = min(n_held, len(rows))
        if len(rows) >= 2:
            # measured on the held-out rows as all rows but the others (no copy of a corpus-sized matrix
            # per K and refit: with K chosen on a sample, nearly every document is held out)
            seen = np.ones(binary.n, dtype=bool)
            seen[rows] = False
            tops_r = [_top_indices(h, top_n) for h in fits[(k, r)].H]
            held.append(float(np.mean(npmi_coherence(binary, tops_r, leave_out=np.flatnonzero(seen)))))
    shares = main_shares(np.asarray(full.W))
    words = {int(i) for t in tops for i in t}
    heldout_npmi = float(np.mean(held)) if held else float("nan")
    return {
        "k": k,
        "score": heldout_npmi if n_held >= HELDOUT_MIN_DOCS else float(np.mean(coh)),
        "heldout_npmi": heldout_npmi,
        "coherence": float(np.mean(coh)),
        "coherence_min": float(np.min(coh)),
        "stability": float(np.mean(stab)),
        "stability_min": float(np.min(stab)),
        "diversity": len(words) / max(1, top_n * len(tops)),
        "exclusivity": float(np.mean(exclusivity(np.asarray(full.H), top_n))),
        "max_share": float(shares.max()) if len(shares) else 0.0,
    }


def select_k(
    ks: list[int],
    run: RunFits,
    binary: sp.spmatrix | WordPairs,
    *,
    top_n: int,
    n_stability: int,
    heldout: Callable[[int, int], np.ndarray],
    progress: Callable[[int, int], None] | None,
    notes: list[Message],
) -> tuple[int, _Fit, pd.DataFrame, Message, float, dict[tuple[int, int], _Fit]]:
    """Fit and score the candidates ``ks``; returns (chosen K, its fit on all documents, the table of every
    evaluated K, the reason in words, the chosen K's stability, every fit). ``heldout(k, rep)`` gives the
    documents left out of refit ``rep`` at K = ``k``: its topics' NPMI is measured on them. ``binary``: the
    documents × terms 0/1 matrix, or its :class:`~.measures.WordPairs` (the pair counts of every fit's top
    words come from one product over it)."""
    pairs = binary if isinstance(binary, WordPairs) else WordPairs(binary)

    def count_tops(done: dict[tuple[int, int], _Fit]) -> None:
        pairs.add({int(i) for fit in done.values() for h in fit.H for i in _top_indices(h, top_n)})

    reps = list(range(-1, n_stability))
    if len(ks) > 8:
        step = math.ceil((ks[-1] - ks[0]) / 6)
        coarse = sorted(set(ks[::step]) | {ks[-1]})
    else:
        step, coarse = 1, list(ks)
    max_refine = 2 * (step - 1)
    total = (len(coarse) + max_refine) * len(reps)

    def score(k: int) -> dict[str, Any]:
        return _score(k, fits, pairs, top_n=top_n, n_stability=n_stability, heldout=heldout)

    fits = run([(k, r) for k in coarse for r in reps], progress, total=total)
    count_tops(fits)
    rows = {k: score(k) for k in coarse}
    best, why = _choose(list(rows.values()))
    if step > 1:
        refine = [k for k in ks if abs(k - best) < step and k not in rows]
        more = run([(k, r) for k in refine for r in reps], progress, total=total, done=len(fits))
        fits.update(more)
        count_tops(more)
        rows.update({k: score(k) for k in refine})
        if progress:
            progress(total, total)
        best, why = _choose(list(rows.values()))
    table = pd.DataFrame([rows[k] for k in sorted(rows)])
    table["no_catch_all"] = table["max_share"] <= MAX_TOPIC_SHARE + 1e-12
    pool = table[table["no_catch_all"]] if table["no_catch_all"].any() else table
    table["stable"] = table["stability"] >= pool["stability"].max() - STABILITY_TOLERANCE - 1e-12
    table["chosen"] = table["k"] == best
    table = table[COLUMNS]
    table = table.round({c: 6 for c in COLUMNS[1:10]})
    row = rows[best]
    basis = (
        Message(
            "held-out NPMI ({heldout:.3f}; on all documents {all:.3f})",
            heldout=row["heldout_npmi"],
            all=row["coherence"],
        )
        if row["score"] == row["heldout_npmi"]
        else Message(
            "NPMI on all documents ({all:.3f}; held-out parts under {n} documents)",
            all=row["coherence"],
            n=HELDOUT_MIN_DOCS,
        )
    )
    shares = (
        Message("{why}largest topic {largest:.0%}, ", why=why, largest=row["max_share"])
        if why
        else Message(
            "no topic above {share:.0%} of the documents (largest {largest:.0%}), ",
            share=MAX_TOPIC_SHARE,
            largest=row["max_share"],
        )
    )
    reason = Message(
        "K={k}: {shares}stability {stability:.3f} (within {tolerance:.2f} of the best such K), and the smallest "
        "K within {coherence_tolerance} of the best {basis}; evaluated K = {ks}.{notes}",
        k=best,
        shares=shares,
        stability=row["stability"],
        tolerance=STABILITY_TOLERANCE,
        coherence_tolerance=COHERENCE_TOLERANCE,
        basis=basis,
        ks=", ".join(str(k) for k in sorted(rows)),
        notes=Message(" {notes}.", notes=Joined("; ", notes)) if notes else "",
    )
    return best, fits[(best, -1)], table, reason, row["stability"], fits


def choose_k(
    tm: TopicModel, ks: list[int], progress: Callable[[int, int], None] | None, notes: list[Message]
) -> tuple[int, _Fit | None]:
    """``TopicModel.fit``: choose K among ``ks`` (:func:`select_k`) for ``tm``; sets k_selection_, k_reason_, stability_.

    Above ``k_sample`` documents with words, the candidates are fitted and scored on a seeded sample of
    that many of them and the chosen K is then fitted on all documents."""
    nonempty = tm._rows_with_words
    if tm.k_sample is not None and len(nonempty) > tm.k_sample:
        rng = np.random.default_rng([tm.seed, 17])
        tm._base = np.sort(rng.choice(nonempty, tm.k_sample, replace=False))
        notes.append(
            Message(
                "K chosen on a random sample of {n:,} of the {total:,} documents with words, "
                "the model at that K fitted on all of them",
                n=tm.k_sample,
                total=len(nonempty),
            )
            if tm.fit_sample_ is None
            else Message("K chosen on {n:,} of the sample's documents", n=tm.k_sample)
        )
    base = tm._base
    n = tm._n_rows if base is None else len(base)

    def heldout(k: int, rep: int) -> np.ndarray:
        # every document the refit did not see — with a K-choice sample, the rest of the corpus too
        keep = np.ones(tm._n_rows, dtype=bool)
        seen = subsample_index(n, seed=tm.seed, k=k, rep=rep, share=tm.subsample)
        keep[seen if base is None else base[seen]] = False
        return np.flatnonzero(keep)

    tm._pairs = WordPairs(tm._binary)  # pair counts shared by every K, refit and the final fit
    best, fit, tm.k_selection_, reason, tm.stability_, fits = select_k(
        ks,
        tm._run,
        tm._pairs,
        top_n=tm.top_n,
        n_stability=tm.n_stability,
        heldout=heldout,
        progress=progress,
        notes=notes,
    )
    tm.k_reason_message_, tm.k_reason_ = reason, reason.english()
    tm._refits = [fits[(best, r)].H for r in range(tm.n_stability)]
    if tm._base is not None:  # --model auto: NMF's fit only if NMF is chosen (choice.apply_choice)
        tm._base = None
        fit = None if tm._C is not None else tm._run([(best, -1)], None, total=1)[(best, -1)]
    return best, fit
