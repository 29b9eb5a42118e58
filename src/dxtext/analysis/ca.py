"""Correspondence analysis (対応分析) of a contingency table, with the textbook formulas (Greenacre,
*Correspondence Analysis in Practice*, ch. 4–12) and scipy's SVD.

For a table ``N`` (I rows × J columns) with grand total ``n``: ``P = N / n``, row masses ``r``, column masses
``c``, standardised residuals ``S = D_r^-1/2 (P - r cᵀ) D_c^-1/2 = U Σ Vᵀ``. Principal inertias ``λ_k = σ_k²``
(their sum is the total inertia χ²/n); standard coordinates ``A = D_r^-1/2 U``, ``B = D_c^-1/2 V``; principal
coordinates ``F = A Σ``, ``G = B Σ``; contributions of a row to axis k ``r_i a_ik²`` (sum 1 over rows);
squared cosines ``f_ik² / d_i²`` with ``d_i²`` the χ² distance of the row profile to the centroid.
A supplementary column (a document's profile over the rows) is placed with the transition formula
``g_k = Σ_i (n_i / n) a_ik``.

Signs of axes are arbitrary in CA; they are fixed so that the column with the largest absolute standard
coordinate is positive (ties: the first), so the same table always gives the same picture.

Words are chosen as KH Coder does (差異が顕著な語, its ``chisq.test(cbind(d[,i], n_total - d[,i]))``): for
every word, Pearson's χ² of the J × 2 table "occurrences of the word in group j / the other words of group j"
(with Yates' correction when J = 2, as R's chisq.test does for a 2 × 2 table); the words with the largest χ²
go into the analysis. The same function counts documents instead (documents of group j with / without the
word) when given a documents × groups table and the groups' document counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import DxtextError
from ..i18n import _

__all__ = ["CAResult", "correspondence", "group_table", "supplementary_columns", "word_chi2"]


@dataclass
class CAResult:
    """The outcome of :func:`correspondence`; frames are indexed by the row and column labels."""

    table: pd.DataFrame  # the analysed contingency table (rows × columns)
    eigenvalues: np.ndarray  # principal inertias λ_k
    row_standard: np.ndarray  # A (I × K)
    col_standard: np.ndarray  # B (J × K)
    row_mass: np.ndarray
    col_mass: np.ndarray
    row_dist2: np.ndarray  # squared χ² distances to the centroid
    col_dist2: np.ndarray
    dropped: list[str] = field(default_factory=list)  # rows/columns left out because they were empty

    @property
    def n_dims(self) -> int:
        return len(self.eigenvalues)

    @property
    def total_inertia(self) -> float:
        return float(self.eigenvalues.sum())

    @property
    def row_principal(self) -> np.ndarray:
        return self.row_standard * np.sqrt(self.eigenvalues)

    @property
    def col_principal(self) -> np.ndarray:
        return self.col_standard * np.sqrt(self.eigenvalues)

    def inertia(self) -> pd.DataFrame:
        """dim, eigenvalue (principal inertia), percent of the total, cumulative percent, singular value."""
        total = self.total_inertia
        pct = self.eigenvalues / total * 100 if total > 0 else np.zeros_like(self.eigenvalues)
        return pd.DataFrame(
            {
                "dim": np.arange(1, self.n_dims + 1),
                "eigenvalue": self.eigenvalues,
                "percent": pct,
                "cumulative_percent": np.cumsum(pct),
                "singular_value": np.sqrt(self.eigenvalues),
            }
        )

    def _frame(self, labels: Sequence[str], name: str, mass: np.ndarray, d2: np.ndarray,
               std: np.ndarray, dims: int) -> pd.DataFrame:  # fmt: skip
        k = min(dims, self.n_dims)
        principal = std[:, :k] * np.sqrt(self.eigenvalues[:k])
        out = pd.DataFrame({name: list(labels), "mass": mass, "inertia": mass * d2})
        total = self.total_inertia
        out["inertia_percent"] = out["inertia"] / total * 100 if total > 0 else 0.0
        for j in range(k):
            out[f"dim{j + 1}"] = principal[:, j]
        for j in range(k):
            out[f"contrib{j + 1}"] = mass * std[:, j] ** 2 * 100  # percent of the axis
        with np.errstate(divide="ignore", invalid="ignore"):
            for j in range(k):
                out[f"cos2_{j + 1}"] = np.where(d2 > 0, principal[:, j] ** 2 / d2, 0.0)
        out["quality"] = out[[f"cos2_{j + 1}" for j in range(k)]].sum(axis=1)
        return out

    def rows(self, *, dims: int = 5, name: str = "row") -> pd.DataFrame:
        """Per row: mass, inertia (and its percent), principal coordinates, contributions (% of each axis),
        squared cosines and their sum over the kept dims (quality)."""
        return self._frame(self.table.index, name, self.row_mass, self.row_dist2, self.row_standard, dims)

    def columns(self, *, dims: int = 5, name: str = "column") -> pd.DataFrame:
        return self._frame(self.table.columns, name, self.col_mass, self.col_dist2, self.col_standard, dims)


def correspondence(table: pd.DataFrame) -> CAResult:
    """Correspondence analysis of a table of non-negative counts (rows and columns labelled).

    Rows or columns whose total is 0 cannot have a profile and are left out (named in ``dropped``). At least
    2 rows and 2 columns must remain.
    """
    N = table.to_numpy(dtype=float)
    if N.ndim != 2 or np.any(N < 0) or not np.all(np.isfinite(N)):
        raise DxtextError(_("correspondence analysis needs a table of non-negative counts."))
    keep_r, keep_c = N.sum(axis=1) > 0, N.sum(axis=0) > 0
    dropped = [f"row {x}" for x, k in zip(table.index, keep_r, strict=True) if not k]
    dropped += [f"column {x}" for x, k in zip(table.columns, keep_c, strict=True) if not k]
    table = table.loc[keep_r, keep_c]
    N = N[np.ix_(keep_r, keep_c)]
    if N.shape[0] < 2 or N.shape[1] < 2:
        raise DxtextError(
            _(
                "correspondence analysis needs at least 2 rows and 2 columns with counts; the table has {v0} × {v1}. Use an attribute with more groups or more words."
            ).format(v0=N.shape[0], v1=N.shape[1])
        )
    P = N / N.sum()
    r, c = P.sum(axis=1), P.sum(axis=0)
    S = (P - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    U, sigma, Vt = np.linalg.svd(S, full_matrices=False)
    k = min(N.shape) - 1
    # drop the trivial zero dimension(s): keep the min(I, J) - 1 axes with a non-negligible inertia
    tol = max(N.shape) * np.finfo(float).eps * (sigma[0] if len(sigma) else 0.0)
    k = max(1, min(k, int(np.sum(sigma > tol))))
    U, sigma, V = U[:, :k], sigma[:k], Vt[:k].T
    A = U / np.sqrt(r)[:, None]
    B = V / np.sqrt(c)[:, None]
    for j in range(k):  # deterministic signs
        i = int(np.argmax(np.abs(B[:, j]) - np.arange(len(B)) * 1e-12))
        if B[i, j] < 0:
            A[:, j], B[:, j] = -A[:, j], -B[:, j]
    row_d2 = (((P / r[:, None]) - c) ** 2 / c).sum(axis=1)
    col_d2 = (((P / c) - r[:, None]) ** 2 / r[:, None]).sum(axis=0)
    return CAResult(
        table=table,
        eigenvalues=sigma**2,
        row_standard=A,
        col_standard=B,
        row_mass=r,
        col_mass=c,
        row_dist2=row_d2,
        col_dist2=col_d2,
        dropped=dropped,
    )


def supplementary_columns(ca: CAResult, profiles: sp.spmatrix | np.ndarray, *, dims: int = 2) -> np.ndarray:
    """Principal coordinates of supplementary columns (one per row of ``profiles``, which counts them over
    ``ca``'s rows): ``g_k = Σ_i (n_i / n) a_ik``. A profile with no count gives NaN."""
    M = sp.csr_matrix(profiles, dtype=float)
    totals = np.asarray(M.sum(axis=1)).ravel()
    k = min(dims, ca.n_dims)
    raw = M @ ca.row_standard[:, :k]
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.asarray(raw) / totals[:, None]
    out[totals == 0] = np.nan
    return out


def group_table(binary: sp.csr_matrix, vocab: Sequence[str], groups: Sequence[str],
                order: Sequence[str]) -> tuple[pd.DataFrame, pd.Series]:  # fmt: skip
    """Words × groups: the number of documents of each group that contain each word; and the number of
    documents per group. ``binary`` is documents × words (0/1), ``groups`` one label per document."""
    g = pd.Categorical(list(groups), categories=list(order))
    codes = np.asarray(g.codes)
    ok = codes >= 0
    G = sp.csr_matrix(
        (np.ones(int(ok.sum())), (codes[ok], np.flatnonzero(ok))), shape=(len(order), binary.shape[0])
    )
    counts = (G @ binary).toarray().T  # words × groups
    sizes = pd.Series(np.bincount(codes[ok], minlength=len(order)), index=list(order))
    return pd.DataFrame(counts.astype(np.int64), index=list(vocab), columns=list(order)), sizes


def word_chi2(table: pd.DataFrame, sizes: pd.Series, *, yates: bool | None = None) -> pd.Series:
    """Per word (row of a words × groups table of counts), Pearson's χ² of the J × 2 table "count of the word
    in group j / the rest of group j's total" (``sizes``: the groups' totals — words for frequencies,
    documents for document counts) — how unevenly the word is spread over the groups.

    ``yates`` (default: when there are 2 groups) applies R's continuity correction, (|O − E| − min(½, |O − E|))²
    / E, as ``chisq.test`` does for a 2 × 2 table. Groups with a zero total are left out."""
    n_all = sizes.reindex(table.columns).fillna(0).to_numpy(dtype=float)
    use = n_all > 0
    x = table.to_numpy(dtype=float)[:, use]
    n = n_all[use]
    if yates is None:
        yates = len(n) == 2
    total = n.sum()
    p = x.sum(axis=1, keepdims=True) / total if total > 0 else np.zeros((len(x), 1))
    e1 = p * n
    e0 = (1 - p) * n

    def term(o: np.ndarray, e: np.ndarray) -> np.ndarray:
        dev = np.abs(o - e)
        if yates:
            dev = dev - np.minimum(0.5, dev)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(e > 0, dev**2 / e, 0.0)

    chi = term(x, e1) + term(n - x, e0)
    return pd.Series(chi.sum(axis=1), index=table.index)
