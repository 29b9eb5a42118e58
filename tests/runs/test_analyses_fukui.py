"""ca, compare and assoc on the Fukui tourism answers (CC BY 4.0, 福井県観光連盟, FTAS open data)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import dxtext.runs as r

pytestmark = pytest.mark.slow


def _source(fukui: Path) -> dict[str, object]:
    return {"attrs": fukui / "respondents.csv", "on": "response_no"}


def test_ca_by_age_writes_the_map_and_tables_checked_independently(fukui: Path, tmp_path: Path) -> None:
    res = r.ca(fukui / "answers.csv", by="年代", out=tmp_path, **_source(fukui))
    assert (res.folder / "ca_biplot.png").stat().st_size > 50_000
    inertia = pd.read_csv(res.folder / "ca_inertia.csv", encoding="utf-8-sig")
    assert inertia["percent"].sum() == pytest.approx(100.0, abs=1e-3)
    # independent computation from the written table: eigenvalues by eigh, column coordinates by the
    # transition formula from the row standard coordinates
    table = pd.read_csv(res.folder / "ca_table.csv", encoding="utf-8-sig").set_index("word")
    X = table.to_numpy(float)
    n = X.sum()
    rm, cm = X.sum(1) / n, X.sum(0) / n
    Q = (X / n - np.outer(rm, cm)) / np.sqrt(np.outer(rm, cm))
    vals, vecs = np.linalg.eigh(Q @ Q.T)
    order = np.argsort(vals)[::-1][:2]
    assert np.allclose(inertia["eigenvalue"].head(2), vals[order], rtol=1e-5, atol=1e-6)  # CSV: 6 decimals
    row_std = vecs[:, order] / np.sqrt(rm)[:, None]
    cols = pd.read_csv(res.folder / "ca_columns.csv", encoding="utf-8-sig")
    expected = (X / X.sum(0)).T @ row_std  # up to the sign of each axis
    for k in range(2):
        got = cols[f"dim{k + 1}"].to_numpy()
        sign = np.sign(got @ expected[:, k])
        assert np.allclose(got, sign * expected[:, k], atol=1e-5)
    assert res.tables["ca_documents"]["dim1"].notna().sum() > 10_000


def test_compare_by_age_lists_words_of_teens_and_twenties_that_kwic_finds(
    fukui: Path, tmp_path: Path
) -> None:
    res = r.compare(fukui / "answers.csv", by="年代", out=tmp_path, **_source(fukui))
    top = res.tables["keyness_top"]
    for group in ("10代", "20代"):
        over = top[(top["group"] == group) & (top["direction"] == "over")]
        assert len(over) >= 1, group
        word = over.iloc[0]["word"]
        lines = r.kwic(fukui / "answers.csv", word, by="年代", **_source(fukui)).tables["kwic"]
        in_group = lines[lines["年代"] == group]
        assert len(in_group) >= over.iloc[0]["docs_in"] > 0
    assert "trend_words" in res.tables and (res.folder / "trend_words.png").is_file()
