"""Small-count tests of crosstabs: Fisher's exact test for two groups, a seeded Monte Carlo χ² for more, and
Pearson residuals — checked against independent computations (hand-made tables, exhaustive enumeration)."""

from __future__ import annotations

from itertools import product
from math import comb

import numpy as np
import pandas as pd
import pytest

from dxtext.analysis.themes import crosstab
from dxtext.analysis.themes.crosstabs import fisher_p, monte_carlo_p


def _coded(groups: list[str], has: list[int]) -> tuple[pd.DataFrame, pd.Series]:
    ids = [f"d{i}" for i in range(len(groups))]
    return (
        pd.DataFrame({"T": np.array(has, dtype=np.int8)}, index=pd.Index(ids, name="doc_id")),
        pd.Series(groups, index=ids),
    )


def test_fisher_for_two_groups() -> None:
    # 2×2 table [[3, 1], [1, 3]]: one-sided tail P(X ≥ 3) = (C(4,3)C(4,1) + C(4,4)C(4,0)) / C(8,4) = 17/70,
    # two-sided (tables as unlikely as the observed one, both ends) = 34/70
    assert fisher_p(np.array([[3, 1], [1, 3]])) == pytest.approx(34 / 70)
    coded, groups = _coded(["a"] * 4 + ["b"] * 4, [1, 1, 1, 0, 1, 0, 0, 0])
    ct = crosstab(coded, groups)
    t = ct.tests.set_index("theme").loc["T"]
    assert t["exact_test"] == "fisher"
    assert t["exact_p"] == pytest.approx(34 / 70)
    assert bool(t["low_expected"])


def _exact_chi2_p(table: np.ndarray) -> float:
    """P of χ² ≥ observed over every table with the same margins (k × 2), weighted by its probability."""
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    n, m = int(rows.sum()), int(cols[0])
    expected = np.outer(rows, cols) / n

    def chi2(t: np.ndarray) -> float:
        return float(((t - expected) ** 2 / expected).sum())

    observed = chi2(table)
    p = 0.0
    for first in product(*(range(int(r) + 1) for r in rows)):
        if sum(first) != m:
            continue
        t = np.column_stack([first, rows - np.array(first)])
        prob = np.prod([comb(int(r), int(x)) for r, x in zip(rows, first, strict=True)]) / comb(n, m)
        if chi2(t) >= observed - 1e-9:
            p += prob
    return p


def test_monte_carlo_agrees_with_exhaustive_enumeration_and_is_seeded() -> None:
    table = np.array([[4, 6], [1, 9], [0, 10]])
    from scipy.special import chdtrc

    rows, cols = table.sum(axis=1), table.sum(axis=0)
    expected = np.outer(rows, cols) / table.sum()
    stat = float(((table - expected) ** 2 / expected).sum())
    exact = _exact_chi2_p(table)
    mc = monte_carlo_p(table, stat, seed=0, n=20000)
    assert abs(mc - exact) < 0.01  # 20,000 tables: standard error about 0.003
    assert abs(chdtrc(2, stat) - exact) > 0.01  # the asymptotic p is off at these counts: why the test exists
    assert monte_carlo_p(table, stat, seed=0) == monte_carlo_p(table, stat, seed=0)


def test_crosstab_uses_monte_carlo_for_small_tables_with_more_groups() -> None:
    groups = ["a"] * 10 + ["b"] * 10 + ["c"] * 10
    has = [1] * 4 + [0] * 6 + [1] + [0] * 9 + [0] * 10
    coded, g = _coded(groups, has)
    ct = crosstab(coded, g, seed=3)
    t = ct.tests.set_index("theme").loc["T"]
    assert t["exact_test"] == "monte_carlo"
    assert abs(t["exact_p"] - _exact_chi2_p(np.array([[4, 6], [1, 9], [0, 10]]))) < 0.03
    again = crosstab(coded, g, seed=3).tests.set_index("theme").loc["T", "exact_p"]
    assert again == t["exact_p"]


def test_pearson_residuals_and_the_long_table() -> None:
    coded, groups = _coded(["a"] * 4 + ["b"] * 4, [1, 1, 1, 0, 1, 0, 0, 0])
    ct = crosstab(coded, groups)
    # E = 2 in each "has the theme" cell: (3 − 2)/√2 and (1 − 2)/√2
    assert ct.pearson.loc["a", "T"] == pytest.approx(1 / np.sqrt(2))
    assert ct.pearson.loc["b", "T"] == pytest.approx(-1 / np.sqrt(2))
    frames = ct.frames()
    long = frames["crosstab_long"].set_index("group")
    assert long.loc["a", "pearson_residual"] == pytest.approx(0.707, abs=1e-3)
    assert list(frames["crosstab_pearson_residuals"].columns) == ["group", "T"]
    assert list(frames["chi2"].columns)[-2:] == ["exact_test", "exact_p"]


def test_cell_documents() -> None:
    coded, groups = _coded(["a"] * 4 + ["b"] * 4, [1, 1, 1, 0, 1, 0, 0, 0])
    ct = crosstab(coded, groups)
    cells = ct.cell_documents(coded, groups, limit=2)
    assert cells[("a", "T")] == (3, ["d0", "d1"])
    assert cells[("b", "T")] == (1, ["d4"])
