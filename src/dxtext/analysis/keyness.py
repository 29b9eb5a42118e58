"""Keyness (特徴語) of groups, and trends over ordered groups.

:func:`keyness` compares, for every group, each word's frequency in the group's documents with its frequency
in all the other documents: Dunning's log-likelihood G² of the 2 × 2 table (word / other words × group /
rest; Rayson & Garside 2000), its p-value (χ², 1 df), the p-values corrected for the number of words tested in
the group (Benjamini–Hochberg), and an effect size, Hardie's log ratio log2(relative frequency in the group /
relative frequency in the rest), with 0.5 added to a zero count. A word is "over" when it is more frequent in
the group than in the rest, "under" otherwise.

:func:`trend` tests, for ordered groups (年代, 人口規模, year), whether the share of documents with a word
(or coded with a theme) rises or falls along the order: the Cochran–Armitage test for trend with scores
0, 1, …, k − 1, two-sided, Benjamini–Hochberg across the words tested.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.special import chdtrc, ndtr

__all__ = ["benjamini_hochberg", "cochran_armitage", "keyness", "log_likelihood", "trend"]


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (step-up, monotone, at most 1); NaN stays NaN."""
    p = np.asarray(p, dtype=float)
    out = np.full_like(p, np.nan)
    ok = np.isfinite(p)
    q = p[ok]
    m = len(q)
    if m == 0:
        return out
    order = np.argsort(q, kind="stable")
    ranked = q[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    adj = np.empty(m)
    adj[order] = np.minimum(ranked, 1.0)
    out[ok] = adj
    return out


def log_likelihood(a: np.ndarray, b: np.ndarray, c: float | np.ndarray, d: float | np.ndarray) -> np.ndarray:
    """G² for a word with ``a`` occurrences among ``c`` tokens of the group and ``b`` among ``d`` of the rest:
    2 Σ O ln(O / E) over the four cells (word and other words, group and rest)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    c, d = np.asarray(c, dtype=float), np.asarray(d, dtype=float)
    n = c + d
    cells = [
        (a, c * (a + b) / n),
        (b, d * (a + b) / n),
        (c - a, c * (n - a - b) / n),
        (d - b, d * (n - a - b) / n),
    ]
    g = np.zeros(np.broadcast(a, b, c, d).shape)
    for o, e in cells:
        with np.errstate(divide="ignore", invalid="ignore"):
            g = g + np.where(o > 0, o * np.log(o / e), 0.0)
    return 2 * g


def keyness(
    X: sp.csr_matrix,
    vocab: Sequence[str],
    groups: Sequence[str],
    order: Sequence[str],
    *,
    min_count: int = 5,
) -> pd.DataFrame:
    """Keyness of every word in every group against the rest.

    ``X``: documents × words counts; ``groups``: one label per document ("" = in no group, left out);
    ``order``: the groups. Words with fewer than ``min_count`` occurrences in the grouped documents are not
    tested. Columns: group, word, direction (over/under), tf_in, tf_out, per10k_in, per10k_out, docs_in,
    docs_out, G2, log_ratio, p, p_bh; sorted by group (in ``order``), direction (over first), G² descending.
    """
    labels = np.asarray(list(groups), dtype=object)
    B = X.copy()
    B.data = np.ones_like(B.data)
    in_any = labels != ""
    total_tf = np.asarray(X[in_any].sum(axis=0)).ravel().astype(float)
    total_df = np.asarray(B[in_any].sum(axis=0)).ravel().astype(float)
    tested = np.flatnonzero(total_tf >= min_count)
    n_tokens = total_tf.sum()
    frames = []
    for g in order:
        mask = labels == g
        if not mask.any():
            continue
        tf_in = np.asarray(X[mask].sum(axis=0)).ravel().astype(float)
        df_in = np.asarray(B[mask].sum(axis=0)).ravel().astype(float)
        c = tf_in.sum()
        d = n_tokens - c
        a, b = tf_in[tested], total_tf[tested] - tf_in[tested]
        if c == 0 or d == 0:
            continue
        g2 = log_likelihood(a, b, c, d)
        lr = np.log2((np.where(a > 0, a, 0.5) / c) / (np.where(b > 0, b, 0.5) / d))
        p = chdtrc(1, g2)
        frames.append(
            pd.DataFrame(
                {
                    "group": g,
                    "word": [vocab[j] for j in tested],
                    "direction": np.where(a / c >= b / d, "over", "under"),
                    "tf_in": a.astype(np.int64),
                    "tf_out": b.astype(np.int64),
                    "per10k_in": a / c * 1e4,
                    "per10k_out": b / d * 1e4,
                    "docs_in": df_in[tested].astype(np.int64),
                    "docs_out": (total_df[tested] - df_in[tested]).astype(np.int64),
                    "G2": g2,
                    "log_ratio": lr,
                    "p": p,
                    "p_bh": benjamini_hochberg(p),
                }
            )
        )
    cols = ["group", "word", "direction", "tf_in", "tf_out", "per10k_in", "per10k_out", "docs_in", "docs_out",
            "G2", "log_ratio", "p", "p_bh"]  # fmt: skip
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)
    rank = {g: i for i, g in enumerate(order)}
    out["_g"] = out["group"].map(rank)
    out["_d"] = (out["direction"] == "under").astype(int)
    out = out.sort_values(["_g", "_d", "G2", "word"], ascending=[True, True, False, True], kind="stable")
    return out.drop(columns=["_g", "_d"]).reset_index(drop=True)[cols]


def cochran_armitage(
    x: np.ndarray, n: np.ndarray, scores: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(z, two-sided p) of the Cochran–Armitage test for trend, for rows of ``x`` (successes per group;
    shape items × groups) against group sizes ``n``. z > 0: the share rises along the scores."""
    x = np.atleast_2d(np.asarray(x, dtype=float))
    n = np.asarray(n, dtype=float)
    s = np.arange(len(n), dtype=float) if scores is None else np.asarray(scores, dtype=float)
    N = n.sum()
    p = x.sum(axis=1) / N
    s_bar = (n * s).sum() / N
    t = (x * (s - s_bar)).sum(axis=1)
    var = p * (1 - p) * (n * (s - s_bar) ** 2).sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(var > 0, t / np.sqrt(var), 0.0)
    return z, 2 * ndtr(-np.abs(z))


def trend(counts: pd.DataFrame, sizes: pd.Series, *, kind: str = "word", min_docs: int = 5) -> pd.DataFrame:
    """Trend of items (rows of ``counts``: documents per group, columns in the groups' order) over the
    ordered groups. Columns: <kind>, documents, one ``pct:<group>`` per group (share of the group's documents),
    slope (change in percentage points per step, least squares weighted by group size), z, p, p_bh,
    direction (rising/falling/none at p_bh < 0.05); items in fewer than ``min_docs`` documents are left out."""
    n = sizes.reindex(counts.columns).to_numpy(dtype=float)
    keep = counts[counts.sum(axis=1) >= min_docs]
    x = keep.to_numpy(dtype=float)
    z, p = cochran_armitage(x, n)
    pct = x / np.where(n > 0, n, np.nan) * 100
    s = np.arange(len(n), dtype=float)
    w = n / n.sum()
    s_c = s - (w * s).sum()
    slope = (pct * w * s_c).sum(axis=1) / max((w * s_c**2).sum(), 1e-12)
    columns: dict[str, object] = {kind: keep.index, "documents": x.sum(axis=1).astype(np.int64)}
    for j, g in enumerate(counts.columns):
        columns[f"pct:{g}"] = pct[:, j]
    columns.update({"slope": slope, "z": z, "p": p, "p_bh": benjamini_hochberg(p)})
    out = pd.DataFrame(columns)  # built at once: one column per group, 200 groups would fragment inserts
    out["direction"] = np.where(out["p_bh"] < 0.05, np.where(out["z"] > 0, "rising", "falling"), "none")
    out["_abs"] = -np.abs(out["z"])
    out = out.sort_values(["_abs", kind], kind="stable").drop(columns="_abs")
    return out.reset_index(drop=True)
