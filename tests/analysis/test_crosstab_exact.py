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


def _adjusted_residuals(table: np.ndarray) -> np.ndarray:
    """Haberman's adjusted residuals of a whole r × c table (as SPSS's "Adjusted Residual" and KH Coder report
    them), written from the definition: (O − E) / √(E (1 − row/N) (1 − col/N))."""
    t = np.asarray(table, dtype=float)
    n = t.sum()
    r = t.sum(axis=1, keepdims=True)
    c = t.sum(axis=0, keepdims=True)
    e = r @ c / n
    return (t - e) / np.sqrt(e * (1 - r / n) * (1 - c / n))


def test_several_groups_against_scipy_and_the_definition() -> None:
    from scipy.stats import chi2_contingency

    # four groups, one of which has no document with the theme
    groups = ["a"] * 25 + ["b"] * 20 + ["c"] * 10 + ["d"] * 5
    has = [1] * 15 + [0] * 10 + [1] * 8 + [0] * 12 + [0] * 10 + [1] * 3 + [0] * 2
    coded, g = _coded(groups, has)
    ct = crosstab(coded, g)
    table = np.array([[15, 10], [8, 12], [0, 10], [3, 2]])
    chi2, p, dof, _ = chi2_contingency(table, correction=False)
    t = ct.tests.set_index("theme").loc["T"]
    assert (t["chi2"], t["p"], t["dof"]) == (pytest.approx(chi2), pytest.approx(p), dof)
    assert ct.residuals["T"].to_numpy() == pytest.approx(_adjusted_residuals(table)[:, 0])
    # the "without" column's residuals are the negatives: one column says it all
    assert _adjusted_residuals(table)[:, 1] == pytest.approx(-_adjusted_residuals(table)[:, 0])
    assert ct.counts.loc["c", "T"] == 0 and ct.percent.loc["c", "T"] == 0.0


def test_the_p_to_read() -> None:
    # 2 groups: Fisher's, always
    coded, g = _coded(["a"] * 4 + ["b"] * 4, [1, 1, 1, 0, 1, 0, 0, 0])
    ct = crosstab(coded, g)
    assert ct.p_value("T") == (pytest.approx(34 / 70), "fisher")
    assert ct.p_shown("T") == "F p=.486"
    # 3 groups with small expected counts: the Monte Carlo p; large counts: Pearson's
    coded, g = _coded(["a"] * 4 + ["b"] * 4 + ["c"] * 4, [1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0])
    ct = crosstab(coded, g, seed=3)
    p, test = ct.p_value("T")
    assert test == "monte_carlo" and p == ct.tests.loc[0, "exact_p"] and ct.p_shown("T").startswith("MC p=")
    coded, g = _coded(
        ["a"] * 300 + ["b"] * 300 + ["c"] * 300, ([1] * 150 + [0] * 150) * 2 + [1] * 100 + [0] * 200
    )
    ct = crosstab(coded, g)
    assert ct.p_value("T") == (ct.tests.loc[0, "p"], "")


def test_tiny_p_values_are_not_written_as_zero() -> None:
    coded, g = _coded(["a"] * 400 + ["b"] * 400, [1] * 300 + [0] * 100 + [1] * 100 + [0] * 300)
    ct = crosstab(coded, g)
    p = float(ct.tests.loc[0, "p"])
    assert 0 < p < 1e-20
    written = ct.frames()["chi2"].iloc[0]
    assert written["p"] == float(f"{p:.6g}") and written["exact_p"] > 0


def test_untestable_themes_write_no_nan_or_inf(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from dxtext.render.tables import write_csv

    groups = ["a"] * 3 + ["b"] * 3 + ["c"] * 2
    coded = pd.DataFrame(
        {"none": [0] * 8, "all": [1] * 8, "some": [1, 0, 1, 0, 0, 0, 1, 1]},
        index=pd.Index([f"d{i}" for i in range(8)], name="doc_id"),
    )
    for grouping in (pd.Series(groups, index=coded.index), pd.Series(["a"] * 8, index=coded.index)):
        ct = crosstab(coded, grouping)
        for name, frame in ct.frames().items():
            path = write_csv(frame, tmp_path / f"{name}.csv")
            text = path.read_text(encoding="utf-8-sig").lower()
            assert "nan" not in text and "inf" not in text, name
        assert np.isfinite(ct.residuals.to_numpy()).all()
        assert np.isfinite(ct.percent.to_numpy()).all()
        assert ct.table().map(str).apply(lambda c: c.str.contains("nan")).to_numpy().sum() == 0
