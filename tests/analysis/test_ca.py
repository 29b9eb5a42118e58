"""Correspondence analysis against published and hand-checked numbers, and against an independent computation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dxtext.analysis.ca import correspondence, group_table, supplementary_columns, word_chi2

# Greenacre's smoking table (Correspondence Analysis in Practice; R package ca, data "smoke")
SMOKE = pd.DataFrame(
    [[4, 2, 3, 2], [4, 3, 7, 4], [25, 10, 12, 4], [18, 24, 33, 13], [10, 6, 7, 2]],
    index=["SM", "JM", "SE", "JE", "SC"],
    columns=["none", "light", "medium", "heavy"],
)
# published: principal inertias, and row principal coordinates on axis 1 (up to the sign of the axis)
SMOKE_INERTIAS = [0.07476, 0.01002, 0.00041]
SMOKE_ROW_DIM1 = {"SM": -0.066, "JM": 0.259, "SE": -0.381, "JE": 0.233, "SC": -0.201}
SMOKE_QUALITY_2D = {"SM": 0.893, "JM": 0.991, "SE": 1.000, "JE": 1.000, "SC": 0.999}


def test_the_smoking_table_gives_the_published_numbers() -> None:
    ca = correspondence(SMOKE)
    assert np.allclose(ca.eigenvalues, SMOKE_INERTIAS, atol=5e-6)
    inertia = ca.inertia()
    assert inertia["percent"].sum() == pytest.approx(100.0)
    assert inertia["percent"].round(1).tolist() == [87.8, 11.8, 0.5]
    rows = ca.rows(dims=2, name="staff").set_index("staff")
    sign = np.sign(rows.loc["JM", "dim1"])
    for label, value in SMOKE_ROW_DIM1.items():
        assert sign * rows.loc[label, "dim1"] == pytest.approx(value, abs=6e-4)
        assert rows.loc[label, "quality"] == pytest.approx(SMOKE_QUALITY_2D[label], abs=6e-4)
    # contributions are percentages of each axis
    assert rows["contrib1"].sum() == pytest.approx(100.0)
    assert ca.columns(dims=2)["contrib2"].sum() == pytest.approx(100.0)


def test_a_two_by_two_table_has_one_axis_with_inertia_phi_squared() -> None:
    a, b, c, d = 30, 10, 5, 25  # by hand: φ² = (ad − bc)² / (r1 r2 c1 c2)
    ca = correspondence(pd.DataFrame([[a, b], [c, d]], index=["x", "y"], columns=["p", "q"]))
    phi2 = (a * d - b * c) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    assert ca.n_dims == 1
    assert ca.total_inertia == pytest.approx(phi2)
    assert ca.inertia()["percent"].tolist() == pytest.approx([100.0])


def test_against_an_independent_computation() -> None:
    """Eigenvalues of the χ² matrix by eigh, total inertia = χ²/n, and the transition formula
    (row principal coordinates = row profiles × column standard coordinates)."""
    from scipy.stats import chi2_contingency

    rng = np.random.default_rng(7)
    N = pd.DataFrame(rng.integers(0, 40, size=(12, 5)), index=[f"w{i}" for i in range(12)],
                     columns=list("ABCDE"))  # fmt: skip
    ca = correspondence(N)
    X = N.to_numpy(float)
    n = X.sum()
    r, c = X.sum(1) / n, X.sum(0) / n
    E = np.outer(r, c)
    Q = (X / n - E) / np.sqrt(E)
    eig = np.sort(np.linalg.eigvalsh(Q.T @ Q))[::-1][: ca.n_dims]
    assert np.allclose(ca.eigenvalues, eig)
    assert ca.total_inertia == pytest.approx(chi2_contingency(X, correction=False)[0] / n)
    F = (X / X.sum(1, keepdims=True)) @ ca.col_standard
    assert np.allclose(ca.row_principal, F)
    G = (X / X.sum(0, keepdims=True)).T @ ca.row_standard
    assert np.allclose(ca.col_principal, G)


def test_a_column_as_a_supplementary_point_lands_on_itself() -> None:
    ca = correspondence(SMOKE)
    profiles = SMOKE.to_numpy().T  # each column as a profile over the rows
    assert np.allclose(supplementary_columns(ca, profiles, dims=3), ca.col_principal)
    empty = supplementary_columns(ca, np.zeros((1, 5)), dims=2)
    assert np.isnan(empty).all()


def test_signs_are_fixed_and_empty_rows_are_named() -> None:
    t = SMOKE.copy()
    t.loc["none_at_all"] = 0
    ca = correspondence(t)
    assert ca.dropped == ["row none_at_all"]
    again = correspondence(SMOKE.iloc[::-1])
    assert np.allclose(np.sort(ca.row_principal[:, 0]), np.sort(again.row_principal[:, 0]))


def test_word_chi2_is_the_chi2_of_the_words_two_by_groups_table() -> None:
    import scipy.sparse as sp
    from scipy.stats import chi2_contingency

    docs = sp.csr_matrix(np.array([[1, 0], [1, 1], [0, 1], [1, 0], [0, 0], [1, 1]]))
    groups = ["a", "a", "b", "b", "c", "c"]
    table, sizes = group_table(docs, ["x", "y"], groups, ["a", "b", "c"])
    assert table.loc["x"].tolist() == [2, 1, 1] and sizes.tolist() == [2, 2, 2]
    chi = word_chi2(table, sizes)
    for w in ("x", "y"):
        have = table.loc[w].to_numpy()
        expected = chi2_contingency(np.vstack([have, sizes.to_numpy() - have]), correction=False)[0]
        assert chi[w] == pytest.approx(expected)


def test_too_small_a_table_is_a_clear_error() -> None:
    from dxtext.errors import DxtextError

    with pytest.raises(DxtextError, match="at least 2 rows and 2 columns"):
        correspondence(pd.DataFrame([[1, 2]], index=["a"], columns=["x", "y"]))


@pytest.mark.parametrize("n_groups", [2, 3, 5])
def test_word_chi2_of_frequencies_is_r_chisq_test_as_kh_coder_calls_it(n_groups: int) -> None:
    """KH Coder ranks a word by chisq.test(cbind(d[,i], n_total - d[,i])): occurrences of the word per group
    against the group's other words; R (like scipy) applies Yates' correction when that table is 2 × 2."""
    from scipy.stats import chi2_contingency

    rng = np.random.default_rng(n_groups)
    counts = pd.DataFrame(rng.integers(0, 40, size=(12, n_groups)), index=[f"w{i}" for i in range(12)],
                          columns=[f"g{j}" for j in range(n_groups)])  # fmt: skip
    totals = pd.Series(counts.sum(axis=0).to_numpy() * 7 + 50, index=counts.columns)
    chi = word_chi2(counts, totals)
    for w in counts.index:
        have = counts.loc[w].to_numpy()
        expected = chi2_contingency(np.column_stack([have, totals.to_numpy() - have]))[0]
        assert chi[w] == pytest.approx(expected), w


def test_word_chi2_leaves_out_groups_with_no_total() -> None:
    counts = pd.DataFrame([[3, 0, 5], [1, 0, 9]], index=["x", "y"], columns=["a", "empty", "b"])
    totals = pd.Series([40, 0, 60], index=counts.columns)
    chi = word_chi2(counts, totals)
    assert np.all(np.isfinite(chi))
    assert chi["x"] == pytest.approx(word_chi2(counts[["a", "b"]], totals[["a", "b"]])["x"])
