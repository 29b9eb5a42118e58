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
HIGH_MARK = "▲"
LOW_MARK = "▽"


@dataclass
class CrossTab:
    """Themes by the groups of one attribute.

    ``counts``: groups × (文書数, themes) plus a 合計 row; ``percent``: the share of a group's documents
    with the theme (row %); ``residuals``: adjusted standardised residuals of the "has the theme" cell of
    each group (|r| ≥ 1.96 is notable at about the 5% level); ``tests``: per theme χ², degrees of freedom,
    p-value, Cramér's V, and whether some expected counts are below 5 (then read p with care).
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
            p_row[th] = "" if pd.isna(t["chi2"]) else f"{t['chi2']:.1f} ({format_p(t['p'])})"
        return pd.concat([out, pd.DataFrame([p_row])], ignore_index=True)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Tables for CSV/XLSX: counts, row percent, residuals (with marks) and the tests."""
        counts = self.counts.rename_axis(self.attribute).reset_index()
        percent = self.percent.round(2).rename_axis(self.attribute).reset_index()
        resid = self.residuals.round(3).rename_axis(self.attribute).reset_index()
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
                        "mark": marks.set_index(self.attribute).loc[g, th],
                    }
                )
        return {
            "crosstab_counts": counts,
            "crosstab_percent": percent,
            "crosstab_residuals": resid,
            "crosstab_long": pd.DataFrame(long),
            "chi2": self.tests.round({"chi2": 3, "p": 6, "cramers_v": 3}),
        }


def format_p(p: float) -> str:
    if p != p:  # NaN
        return "p=—"
    if p < 0.001:
        return "p<.001"
    return f"p={p:.3f}".replace("0.", ".", 1)


_NUM_IN_LABEL = re.compile(r"(\d+(?:\.\d+)?)")


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
) -> CrossTab:
    """Crosstab of themes by an attribute, with Pearson's χ² test per theme.

    For each theme the table is groups × (with the theme, without it). χ² is Pearson's without continuity
    correction, so that it agrees with the residuals (with two groups χ² is exactly r²; Yates's correction
    would call a cell with |r| ≥ 1.96 "not significant"); the adjusted
    standardised residual of group i is (O − E) / √(E · (1 − nᵢ/N) · (1 − m/N)), where nᵢ is the group's
    documents and m the documents with the theme. ``groups`` is aligned with ``coded`` (a Series indexed by
    doc_id is aligned by index). Documents without a value are left out unless ``include_missing``.
    """
    # χ² by hand with scipy.special: the same numbers as scipy.stats.chi2_contingency(table, correction=False)
    # (tests compare them), without importing scipy.stats, which takes a second.
    from scipy.special import chdtrc

    themes = list(coded.columns if themes is None else themes)
    if isinstance(groups, pd.Series):
        name = attribute or str(groups.name or "group")
        if groups.index.astype(str).isin(coded.index).all() and len(groups.index.unique()) == len(groups):
            g = pd.Series(groups.to_numpy(), index=groups.index.astype(str)).reindex(coded.index)
        else:
            g = pd.Series(groups.to_numpy(), index=coded.index)
    else:
        name = attribute or "group"
        g = pd.Series(list(groups), index=coded.index)
    if len(g) != len(coded):
        raise ValueError(_("{v0} group values for {v1} documents").format(v0=len(g), v1=len(coded)))
    g = g.fillna("").astype(str).str.strip()
    missing = g == ""
    excluded = 0
    if include_missing:
        g = g.where(~missing, MISSING_LABEL)
    else:
        excluded = int(missing.sum())
        g = g[~missing]
    data = coded.loc[g.index, themes].astype(np.int64)
    sizes = g.value_counts()
    labels = list(order) if order is not None else group_order(g.tolist(), sizes.to_dict())
    labels = [x for x in labels if x in sizes.index]
    if not labels:
        raise CorpusError(
            _("--by {name}: no document has a value of {name!r}; choose another attribute.").format(name=name)
        )
    sums = data.groupby(g).sum().reindex(labels).fillna(0).astype(np.int64)
    n_i = sizes.reindex(labels).astype(np.int64)
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
        if len(labels) < 2 or m == 0 or m == N:
            tests.append(
                {
                    "theme": th,
                    "chi2": np.nan,
                    "dof": 0,
                    "p": np.nan,
                    "cramers_v": np.nan,
                    "low_expected": False,
                }
            )
            continue
        expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
        stat = float(((table - expected) ** 2 / expected).sum())
        dof = (table.shape[0] - 1) * (table.shape[1] - 1)
        low = bool((expected < 5).mean() > 0.2)
        v = float(np.sqrt(stat / (N * (min(table.shape) - 1))))
        tests.append(
            {
                "theme": th,
                "chi2": stat,
                "dof": int(dof),
                "p": float(chdtrc(dof, stat)),
                "cramers_v": v,
                "low_expected": low,
            }
        )
    if any(t["low_expected"] for t in tests):
        notes.append(
            "some themes have expected counts below 5 in more than 20% of cells: read their p-values with care"
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
        tests=pd.DataFrame(tests, columns=["theme", "chi2", "dof", "p", "cramers_v", "low_expected"]),
        excluded=excluded,
        threshold=threshold,
        notes=notes,
    )
