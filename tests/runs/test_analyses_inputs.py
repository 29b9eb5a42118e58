"""ca, compare, cluster and assoc on awkward inputs (identical documents, an ID column given to --by, a
--min-df no word reaches) and the CA word choice checked against KH Coder's rule computed by hand."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

import dxtext.runs as r
from conftest import SAMPLE_SURVEY
from dxtext.errors import DxtextError
from dxtext.runs.inputs import prepare


def _csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    pd.DataFrame(rows, columns=["id", "text", "g"]).to_csv(path, index=False, encoding="utf-8")
    return path


def test_ca_chooses_the_words_kh_coder_would(tmp_path: Path) -> None:
    """KH Coder: per word, chisq.test of (occurrences in group j, other words of group j); the top words go in."""
    res = r.ca(SAMPLE_SURVEY, by="人口規模", words=15, min_df=5, out=tmp_path)
    inputs = prepare(SAMPLE_SURVEY, {}, command="ca", by="人口規模")
    groups = inputs.corpus.used.set_index("doc_id")["人口規模"].astype(str)
    freq: dict[str, Counter[str]] = {}
    docs: Counter[str] = Counter()
    for doc, lemmas in zip(inputs.tokens.doc_ids, inputs.tokens.tokens, strict=True):
        freq.setdefault(groups[doc], Counter()).update(lemmas)
        docs.update(set(lemmas))
    order = list(res.tables["ca_columns"]["人口規模"])
    totals = np.array([sum(freq[g].values()) for g in order], dtype=float)
    chi = {}
    for w, df in docs.items():
        if df >= 5:
            have = np.array([freq[g][w] for g in order], dtype=float)
            chi[w] = chi2_contingency(np.column_stack([have, totals - have]))[0]
    expected = sorted(chi, key=lambda w: (-round(chi[w], 9), w))[:15]
    rows = res.tables["ca_rows"]
    assert sorted(rows["word"]) == sorted(expected)
    got = rows.set_index("word")
    for w in expected:
        assert got.loc[w, "chi2"] == pytest.approx(chi[w], abs=1e-5)
        assert got.loc[w, "frequency"] == sum(freq[g][w] for g in order)
    table = res.tables["ca_table"].set_index("word")
    assert table.loc[expected[0]].tolist() == [freq[g][expected[0]] for g in order]


def test_ca_can_count_documents_instead(tmp_path: Path) -> None:
    res = r.ca(SAMPLE_SURVEY, by="人口規模", words=10, count="documents", out=tmp_path)
    table = res.tables["ca_table"].set_index("word")
    rows = res.tables["ca_rows"].set_index("word")
    assert (table.sum(axis=1) == rows["documents"].reindex(table.index)).all()
    with pytest.raises(DxtextError, match="--count"):
        r.ca(SAMPLE_SURVEY, by="人口規模", count="tokens", out=tmp_path)


def test_a_min_df_no_word_reaches_names_min_df(tmp_path: Path) -> None:
    f = _csv(tmp_path / "t.csv", [("1", "行政のデジタル化を進める", "a"), ("2", "住民の窓口を改善する", "b")])
    with pytest.raises(DxtextError, match="lower --min-df"):
        r.ca(f, by="g", out=tmp_path)


def test_an_id_column_given_to_by_is_a_clear_error(tmp_path: Path) -> None:
    rows = [(str(i), f"行政のデジタル化と窓口の改善{i}", f"id{i}") for i in range(250)]
    f = _csv(tmp_path / "ids.csv", rows)
    for run in (r.ca, r.compare):
        with pytest.raises(DxtextError, match="250 groups"):
            run(f, by="g", out=tmp_path)


def test_words_in_every_document_cannot_be_clustered_and_say_so(tmp_path: Path) -> None:
    f = _csv(tmp_path / "same.csv", [(str(i), "行政のデジタル化と窓口の改善を進める", "a") for i in range(6)])
    with pytest.raises(DxtextError, match="exactly the same documents"):
        r.cluster(f, out=tmp_path)


def test_cluster_of_few_tied_words_has_finite_mds(tmp_path: Path) -> None:
    rows = [("1", "行政 デジタル 窓口", "a"), ("2", "行政 デジタル 窓口", "a"), ("3", "住民 予算 職員", "b"),
            ("4", "住民 予算 職員", "b"), ("5", "行政 住民", "a")]  # fmt: skip
    res = r.cluster(_csv(tmp_path / "tied.csv", rows), min_df=2, clusters=2, out=tmp_path)
    words = res.tables["word_clusters"]
    assert np.isfinite(words[["x_classical", "y_classical", "x_kruskal", "y_kruskal"]].to_numpy()).all()
    assert np.isfinite(res.tables["mds_fit"]["value"]).all()


def test_small_p_values_are_not_written_as_zero() -> None:
    from dxtext.runs.grouping import rounded

    frame = pd.DataFrame({"G2": [123.4567891, 0.1], "p": [3.2e-28, 0.75123456789], "p_bh": [6.4e-28, 0.75]})
    out = rounded(frame)
    assert out["p"].tolist() == [3.2e-28, 0.751235] and out["p_bh"][0] == 6.4e-28
    assert out["G2"].tolist() == [123.456789, 0.1]
