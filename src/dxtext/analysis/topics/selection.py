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
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ...errors import ModelError
from ...i18n import _
from .base import _Fit
from .measures import _top_indices, _top_sets, npmi_coherence, topic_stability

DEFAULT_K_RANGE: tuple[int, int] = (4, 16)
STABILITY_TOLERANCE = 0.10

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


def candidate_ks(k_range: tuple[int, int], n_docs: int, n_terms: int) -> tuple[list[int], list[str]]:
    """The K values to evaluate (``k_range`` clipped to :func:`_max_k`) and a note when it was clipped."""
    kmax = _max_k(n_docs, n_terms)
    notes: list[str] = []
    lo, hi = k_range
    if hi > kmax:
        notes.append(
            f"K range {lo}..{hi} clipped to {min(lo, kmax)}..{kmax} ({n_docs} documents, {n_terms} words)"
        )
        hi = kmax
        lo = min(lo, hi)
    return list(range(lo, hi + 1)), notes


def _choose(rows: list[dict[str, Any]]) -> int:
    """The most coherent K among those with stability within STABILITY_TOLERANCE of the best; ties → smaller K."""
    best_stab = max(r["stability"] for r in rows)
    stable = [r for r in rows if r["stability"] >= best_stab - STABILITY_TOLERANCE - 1e-12]
    stable.sort(key=lambda r: (-round(r["coherence"], 6), r["k"]))
    return int(stable[0]["k"])


def _score(
    k: int, fits: dict[tuple[int, int], _Fit], binary: sp.spmatrix, *, top_n: int, n_stability: int
) -> dict[str, Any]:
    full = fits[(k, -1)]
    tops = [_top_indices(h, top_n) for h in full.H]
    coh = npmi_coherence(binary, tops)
    ref = [set(t.tolist()) for t in tops]
    stab = [topic_stability(ref, _top_sets(fits[(k, r)].H, top_n)) for r in range(n_stability)]
    return {
        "k": k,
        "coherence": float(np.mean(coh)),
        "coherence_min": float(np.min(coh)),
        "stability": float(np.mean(stab)),
        "stability_min": float(np.min(stab)),
    }


def select_k(
    ks: list[int],
    run: RunFits,
    binary: sp.spmatrix,
    *,
    top_n: int,
    n_stability: int,
    progress: Callable[[int, int], None] | None,
    notes: list[str],
) -> tuple[int, _Fit, pd.DataFrame, str, float]:
    """Fit and score the candidates ``ks``; returns (chosen K, its fit on all documents, the table of every
    evaluated K, the reason in words, the chosen K's stability)."""
    reps = list(range(-1, n_stability))
    if len(ks) > 8:
        step = math.ceil((ks[-1] - ks[0]) / 6)
        coarse = sorted(set(ks[::step]) | {ks[-1]})
    else:
        step, coarse = 1, list(ks)
    max_refine = 2 * (step - 1)
    total = (len(coarse) + max_refine) * len(reps)

    def score(k: int) -> dict[str, Any]:
        return _score(k, fits, binary, top_n=top_n, n_stability=n_stability)

    fits = run([(k, r) for k in coarse for r in reps], progress, total=total)
    rows = {k: score(k) for k in coarse}
    best = _choose(list(rows.values()))
    if step > 1:
        refine = [k for k in ks if abs(k - best) < step and k not in rows]
        more = run([(k, r) for k in refine for r in reps], progress, total=total, done=len(fits))
        fits.update(more)
        rows.update({k: score(k) for k in refine})
        if progress:
            progress(total, total)
        best = _choose(list(rows.values()))
    table = pd.DataFrame([rows[k] for k in sorted(rows)])
    table["stable"] = table["stability"] >= table["stability"].max() - STABILITY_TOLERANCE - 1e-12
    table["chosen"] = table["k"] == best
    table = table[["k", "coherence", "coherence_min", "stability", "stability_min", "stable", "chosen"]]
    table = table.round({"coherence": 6, "coherence_min": 6, "stability": 6, "stability_min": 6})
    row = rows[best]
    top_stab = table.loc[table["stability"].idxmax()]
    reason = (
        f"K={best}: the most coherent (mean NPMI {row['coherence']:.3f}) of the K values whose stability is "
        f"within {STABILITY_TOLERANCE:.2f} of the best (best {top_stab['stability']:.3f} at K={int(top_stab['k'])}; "
        f"K={best}: {row['stability']:.3f}); evaluated K = {', '.join(str(k) for k in sorted(rows))}."
    )
    if notes:
        reason += " " + "; ".join(notes) + "."
    return best, fits[(best, -1)], table, reason, row["stability"]
