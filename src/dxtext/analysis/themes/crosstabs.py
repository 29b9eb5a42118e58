"""Crosstabs of themes by the groups of an attribute: counts, row percentages, adjusted standardised
residuals and Pearson's χ² per theme (:class:`CrossTab`, :func:`crosstab`); the reading order of group labels
and the formatting of p-values."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ...errors import CorpusError
from ...i18n import _

MISSING_LABEL = "(空欄)"
#: Random tables of a Monte Carlo χ² test (R's default B = 2000).
MONTE_CARLO_TABLES = 2000
HIGH_MARK = "▲"
LOW_MARK = "▽"


@dataclass
class CrossTab:
    """Themes by the groups of one attribute.

    ``counts``: groups × (文書数, themes) plus a 合計 row; ``percent``: the share of a group's documents
    with the theme (row %); ``residuals``: adjusted standardised residuals of the "has the theme" cell of
    each group (|r| ≥ 1.96 is notable at about the 5% level); ``tests``: per theme χ², degrees of freedom,
    p-value, Cramér's V, and whether some expected counts are below 5 (then read p with care), and the p-value
    of a test that does not lean on large counts: Fisher's exact test for two groups (always), a seeded Monte
    Carlo χ² (tables with the same margins, as R's ``chisq.test(simulate.p.value=TRUE)``) for more groups when
    expected counts are small; ``pearson``: Pearson residuals (O − E)/√E of the "has the theme" cells.
    """

    attribute: str
    groups: list[str]
    themes: list[str]
    counts: pd.DataFrame
    percent: pd.DataFrame
    residuals: pd.DataFrame
    tests: pd.DataFrame
    excluded: int = 0  # documents without a value of the attribute
    threshold: float = 1.96
    notes: list[str] = field(default_factory=list)
    pearson: pd.DataFrame | None = None

    def marks(self, threshold: float | None = None) -> pd.DataFrame:
        t = self.threshold if threshold is None else threshold
        r = self.residuals
        return r.map(lambda v: HIGH_MARK if v >= t else (LOW_MARK if v <= -t else ""))

    def highlights(
        self, theme: str, *, threshold: float | None = None
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(groups notably high, groups notably low) for a theme, strongest first: group, percent, residual, n."""
        t = self.threshold if threshold is None else threshold
        high, low = [], []
        for g in self.groups:
            r = float(self.residuals.loc[g, theme])
            item = {
                "group": g,
                "percent": float(self.percent.loc[g, theme]),
                "residual": r,
                "count": int(self.counts.loc[g, theme]),
                "n": int(self.counts.loc[g, "文書数"]),
            }
            if r >= t:
                high.append(item)
            elif r <= -t:
                low.append(item)
        high.sort(key=lambda x: -x["residual"])
        low.sort(key=lambda x: x["residual"])
        return high, low

    def cell_documents(
        self, coded: pd.DataFrame, groups: pd.Series, *, limit: int | None = 50
    ) -> dict[tuple[str, str], tuple[int, list[str]]]:
        """(group, theme) → (documents in the cell, the first ``limit`` of their doc_ids in corpus order): what
        a click on a crosstab cell lists. ``groups``: the attribute per doc_id (as given to :func:`crosstab`)."""
        ids = coded.index
        return {
            cell: (n, [str(ids[i]) for i in rows])
            for cell, (n, rows) in self.cell_positions(coded, groups, limit=limit).items()
        }

    def cell_positions(
        self, coded: pd.DataFrame, groups: pd.Series, *, limit: int | None = 50
    ) -> dict[tuple[str, str], tuple[int, np.ndarray]]:
        """:meth:`cell_documents` with the documents as row positions in ``coded`` (the caller then reads only
        their texts). ``groups`` indexed like ``coded`` is taken as it is (no look-up of every id)."""
        if groups.index is coded.index or groups.index.equals(coded.index):
            g = pd.Series(groups.array, index=coded.index)
        else:
            g = pd.Series(groups.to_numpy(), index=groups.index.astype(str)).reindex(coded.index)
        codes, values = _group_codes(g, include_missing=MISSING_LABEL in self.groups)
        code_of = {v: k for k, v in enumerate(values)}
        out: dict[tuple[str, str], tuple[int, np.ndarray]] = {}
        for th in self.themes:
            hit = np.flatnonzero(coded[th].to_numpy(dtype=bool))
            hit_codes = codes[hit]
            for grp in self.groups:
                rows = hit[hit_codes == code_of.get(grp, -2)]
                out[(grp, th)] = (len(rows), rows[:limit] if limit else rows)
        return out

    def table(self, *, decimals: int = 1) -> pd.DataFrame:
        """One readable table: per group its documents and, per theme, "count (pct%)▲" (▲/▽ = residual ≥/≤ ±1.96)."""
        marks = self.marks()
        rows = []
        for g in [*self.groups, "合計"]:
            row: dict[str, Any] = {self.attribute: g, "文書数": int(self.counts.loc[g, "文書数"])}
            for th in self.themes:
                mark = marks.loc[g, th] if g in marks.index else ""
                row[th] = f"{int(self.counts.loc[g, th])} ({self.percent.loc[g, th]:.{decimals}f}%){mark}"
            rows.append(row)
        out = pd.DataFrame(rows)
        p_row: dict[str, Any] = {self.attribute: "χ² (p)", "文書数": ""}
        for th in self.themes:
            t = self.tests.set_index("theme").loc[th]
            p_row[th] = "" if pd.isna(t["chi2"]) else f"{t['chi2']:.1f} ({self.p_shown(th)})"
        return pd.concat([out, pd.DataFrame([p_row])], ignore_index=True)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Tables for CSV/XLSX: counts, row percent, residuals (with marks) and the tests."""
        counts = self.counts.rename_axis(self.attribute).reset_index()
        percent = self.percent.round(2).rename_axis(self.attribute).reset_index()
        resid = self.residuals.round(3).rename_axis(self.attribute).reset_index()
        pearson = self.pearson if self.pearson is not None else self.residuals * np.nan
        pearson_frame = pearson.round(3).rename_axis(self.attribute).reset_index()
        marks = self.marks().rename_axis(self.attribute).reset_index()
        long = []
        for g in self.groups:
            for th in self.themes:
                long.append(
                    {
                        self.attribute: g,
                        "theme": th,
                        "documents": int(self.counts.loc[g, "文書数"]),
                        "with_theme": int(self.counts.loc[g, th]),
                        "percent": round(float(self.percent.loc[g, th]), 2),
                        "adjusted_residual": round(float(self.residuals.loc[g, th]), 3),
                        "pearson_residual": round(float(pearson.loc[g, th]), 3),
                        "mark": marks.set_index(self.attribute).loc[g, th],
                    }
                )
        return {
            "crosstab_counts": counts,
            "crosstab_percent": percent,
            "crosstab_residuals": resid,
            "crosstab_pearson_residuals": pearson_frame,
            "crosstab_long": pd.DataFrame(long),
            "chi2": _tests_rounded(self.tests),
        }

    def p_value(self, theme: str) -> tuple[float, str]:
        """(p, test) to read for a theme: Fisher's exact test with two groups, the Monte Carlo χ² when expected
        counts are small (more than 20% of cells below 5), else Pearson's χ² (test ""); NaN when the theme
        cannot be tested. The report decides "differs" with this p, not with the χ² approximation."""
        t = self.tests.set_index("theme").loc[theme]
        exact = float(t["exact_p"])
        if exact == exact and (bool(t["low_expected"]) or t["exact_test"] == "fisher"):
            return exact, str(t["exact_test"])
        return float(t["p"]), ""

    def p_shown(self, theme: str) -> str:
        """:meth:`p_value` as text: ``F p=.041`` (Fisher), ``MC p=.134`` (Monte Carlo), ``p<.001``, ``p=—``."""
        p, test = self.p_value(theme)
        return {"fisher": "F ", "monte_carlo": "MC "}.get(test, "") + format_p(p)


def _tests_rounded(tests: pd.DataFrame) -> pd.DataFrame:
    """χ², V to 3 decimals; p-values to 6 significant digits, so that p = 3e-12 is not written as 0."""
    out = tests.round({"chi2": 3, "cramers_v": 3})
    for c in ("p", "exact_p"):
        out[c] = [float(f"{v:.6g}") if v == v else v for v in tests[c].astype(float)]
    return out


def format_p(p: float) -> str:
    if p != p:  # NaN
        return "p=—"
    if p < 0.001:
        return "p<.001"
    return f"p={p:.3f}".replace("0.", ".", 1)


_NUM_IN_LABEL = re.compile(r"(\d+(?:\.\d+)?)")


def _group_codes(g: pd.Series, *, include_missing: bool) -> tuple[np.ndarray, list[str]]:
    """(a code per document, the labels in order of first appearance): labels are the values as text,
    stripped, each cleaned once; an empty value is "" or, with ``include_missing``, :data:`MISSING_LABEL`
    (merged with a value written that way)."""
    raw_codes, raw_values = pd.factorize(g, use_na_sentinel=True)
    cleaned = [("" if v is None or v != v else str(v)).strip() for v in raw_values]
    if include_missing:
        cleaned = [v or MISSING_LABEL for v in cleaned]
    merged, found = pd.factorize(pd.Series(cleaned, dtype=object))
    values = [str(v) for v in found]
    lookup = np.append(merged, -1).astype(np.int64)
    if (raw_codes < 0).any():  # NaN or None: an empty value
        empty = MISSING_LABEL if include_missing else ""
        if empty not in values:
            values.append(empty)
        lookup[-1] = values.index(empty)
    return lookup[raw_codes], values


def group_order(values: Sequence[str], counts: Mapping[str, int] | None = None) -> list[str]:
    """Order group labels for reading: by their first number when every label has one (20代 < 30代;
    5万人未満 < 5〜10万人 < 10万人以上, 万 counted), otherwise by size (largest first), then label."""
    labels = list(dict.fromkeys(values))
    if labels and all(_NUM_IN_LABEL.search(v) for v in labels):

        def key(v: str) -> tuple[float, int, str]:
            m = _NUM_IN_LABEL.search(v)
            assert m is not None
            x = float(m.group(1))
            rest = v[m.end() :]
            nxt = re.match(r"\s*(?:[〜~\-–－]\s*\d+(?:\.\d+)?)?\s*(万|千|億)?", rest)
            unit = (nxt.group(1) if nxt else None) or ""
            x *= {"万": 1e4, "千": 1e3, "億": 1e8}.get(unit, 1)
            tie = -1 if ("未満" in v or "以下" in v) else (1 if ("以上" in v or "超" in v) else 0)
            return (x, tie, v)

        return sorted(labels, key=key)
    c = counts or {}
    return sorted(labels, key=lambda v: (-c.get(v, 0), v))


def crosstab(
    coded: pd.DataFrame,
    groups: pd.Series | Sequence[str],
    *,
    attribute: str | None = None,
    themes: Sequence[str] | None = None,
    include_missing: bool = False,
    order: Sequence[str] | None = None,
    threshold: float = 1.96,
    seed: int = 0,
    simulations: int = MONTE_CARLO_TABLES,
) -> CrossTab:
    """Crosstab of themes by an attribute, with Pearson's χ² test per theme.

    For each theme the table is groups × (with the theme, without it). χ² is Pearson's without continuity
    correction, so that it agrees with the residuals (with two groups χ² is exactly r²; Yates's correction
    would call a cell with |r| ≥ 1.96 "not significant"); the adjusted
    standardised residual of group i is (O − E) / √(E · (1 − nᵢ/N) · (1 − m/N)), where nᵢ is the group's
    documents and m the documents with the theme. ``groups`` is aligned with ``coded`` (a Series indexed by
    doc_id is aligned by index). Documents without a value are left out unless ``include_missing``.

    ``exact_p``: Fisher's exact test (two-sided) when there are two groups; with more groups and expected counts
    below 5, a Monte Carlo p-value from ``simulations`` random tables with the same margins (seeded by ``seed``,
    so the same input gives the same p); otherwise empty. ``exact_test`` names which.
    """
    # χ² by hand with scipy.special: the same numbers as scipy.stats.chi2_contingency(table, correction=False)
    # (tests compare them), without importing scipy.stats, which takes a second.
    from scipy.special import chdtrc

    themes = list(coded.columns if themes is None else themes)
    if isinstance(groups, pd.Series):
        name = attribute or str(groups.name or "group")
        if groups.index is coded.index or groups.index.equals(coded.index):
            # aligned by the caller (the same ids in the same order): no look-up of a million ids
            known = None
        else:
            # a set look-up: Index.isin on pyarrow strings took 6.5 s for 233k documents
            known = set(coded.index.tolist())
        keys = groups.index.astype(str).tolist() if known is not None else []
        if known is None:
            g = pd.Series(groups.array, index=coded.index)  # the values as they are (no object copy)
        elif all(k in known for k in keys) and len(set(keys)) == len(keys):
            g = pd.Series(groups.to_numpy(), index=groups.index.astype(str)).reindex(coded.index)
        else:
            g = pd.Series(groups.to_numpy(), index=coded.index)
    else:
        name = attribute or "group"
        g = pd.Series(list(groups), index=coded.index)
    if len(g) != len(coded):
        raise ValueError(_("{v0} group values for {v1} documents").format(v0=len(g), v1=len(coded)))
    # groups as codes of their distinct labels (cleaned once per label, not once per document); counts by
    # bincount per theme (no int64 copy of the coded table, no groupby over a million rows)
    codes, values = _group_codes(g, include_missing=include_missing)
    n_values = len(values)
    excluded = 0
    if "" in values:  # documents without a value: counted, then left in a bin that is not read
        empty = values.index("")
        excluded = int(np.count_nonzero(codes == empty))
        codes = np.where(codes == empty, n_values, codes)
    size_of = np.bincount(codes, minlength=n_values + 1)[:n_values]
    sizes = {v: int(c) for v, c in zip(values, size_of, strict=True) if v != "" and c > 0}
    labels = list(order) if order is not None else group_order(list(sizes), sizes)
    labels = [x for x in labels if x in sizes]
    if not labels:
        raise CorpusError(
            _("--by {name}: no document has a value of {name!r}; choose another attribute.").format(name=name)
        )
    at = [values.index(x) for x in labels]
    sums = pd.DataFrame(
        {
            th: np.bincount(codes, weights=coded[th].to_numpy(), minlength=n_values + 1)[at].astype(np.int64)
            for th in themes
        },
        index=labels,
        columns=themes,
    )
    n_i = pd.Series([sizes[x] for x in labels], index=labels, dtype=np.int64)
    counts = sums.copy()
    counts.insert(0, "文書数", n_i)
    total = counts.sum(axis=0)
    counts.loc["合計"] = total
    counts.index.name = name
    with np.errstate(divide="ignore", invalid="ignore"):
        percent = counts[themes].div(counts["文書数"].replace(0, np.nan), axis=0) * 100
    percent = percent.fillna(0.0)
    N = float(n_i.sum())
    resid = pd.DataFrame(0.0, index=labels, columns=themes)
    pearson = pd.DataFrame(0.0, index=labels, columns=themes)
    tests = []
    notes = []
    for th in themes:
        O1 = sums[th].to_numpy(dtype=float)
        m = O1.sum()
        table = np.column_stack([O1, n_i.to_numpy(dtype=float) - O1])
        E1 = n_i.to_numpy(dtype=float) * m / N if N else np.zeros_like(O1)
        denom = np.sqrt(E1 * (1 - n_i.to_numpy(dtype=float) / N) * (1 - m / N)) if N else np.zeros_like(O1)
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(denom > 0, (O1 - E1) / denom, 0.0)
        resid[th] = r
        with np.errstate(divide="ignore", invalid="ignore"):
            pearson[th] = np.where(E1 > 0, (O1 - E1) / np.sqrt(E1), 0.0)
        if len(labels) < 2 or m == 0 or m == N:
            tests.append(
                {
                    "theme": th,
                    "chi2": np.nan,
                    "dof": 0,
                    "p": np.nan,
                    "cramers_v": np.nan,
                    "low_expected": False,
                    "exact_test": "",
                    "exact_p": np.nan,
                }
            )
            continue
        expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
        stat = float(((table - expected) ** 2 / expected).sum())
        dof = (table.shape[0] - 1) * (table.shape[1] - 1)
        low = bool((expected < 5).mean() > 0.2)
        v = float(np.sqrt(stat / (N * (min(table.shape) - 1))))
        exact_test, exact_p = "", np.nan
        if table.shape[0] == 2:
            exact_test, exact_p = "fisher", fisher_p(table)
        elif low:
            exact_test = "monte_carlo"
            exact_p = monte_carlo_p(table, stat, seed=seed + themes.index(th), n=simulations)
        tests.append(
            {
                "theme": th,
                "chi2": stat,
                "dof": int(dof),
                "p": float(chdtrc(dof, stat)),
                "cramers_v": v,
                "low_expected": low,
                "exact_test": exact_test,
                "exact_p": exact_p,
            }
        )
    if any(t["low_expected"] for t in tests):
        notes.append(
            _(
                "some themes have expected counts below 5 in more than 20% of cells: read their exact_p in chi2.csv "
                "(Fisher's exact test or a Monte Carlo χ²) rather than p"
            )
        )
    resid.index.name = name
    percent.index.name = name
    return CrossTab(
        attribute=name,
        groups=labels,
        themes=themes,
        counts=counts,
        percent=percent,
        residuals=resid,
        tests=pd.DataFrame(
            tests,
            columns=["theme", "chi2", "dof", "p", "cramers_v", "low_expected", "exact_test", "exact_p"],
        ),
        excluded=excluded,
        threshold=threshold,
        notes=notes,
        pearson=pearson.rename_axis(name),
    )


def fisher_p(table: np.ndarray) -> float:
    """Two-sided p of Fisher's exact test of a 2×2 table (scipy.stats.fisher_exact)."""
    from scipy.stats import fisher_exact

    return float(fisher_exact(np.asarray(table, dtype=np.int64)).pvalue)


def monte_carlo_p(table: np.ndarray, stat: float, *, seed: int = 0, n: int = MONTE_CARLO_TABLES) -> float:
    """P of Pearson's χ² by simulation: the share of ``n`` random tables with the same row and column sums
    whose χ² is at least ``stat``, counted as (1 + hits) / (n + 1) (Hope 1968; R's simulate.p.value)."""
    from scipy.stats import random_table

    t = np.asarray(table, dtype=np.int64)
    rows, cols = t.sum(axis=1), t.sum(axis=0)
    sims = random_table(rows, cols, seed=np.random.default_rng(seed)).rvs(n).astype(float)
    expected = np.outer(rows, cols) / t.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        chi = np.where(expected > 0, (sims - expected) ** 2 / expected, 0.0).sum(axis=(1, 2))
    hits = int((chi >= stat - 1e-9 * max(1.0, stat)).sum())
    return (1 + hits) / (n + 1)
