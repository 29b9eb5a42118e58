"""The report's per-theme word counts and network matrices computed for every theme at once must give what the
per-theme computations on the themes' own rows gave: characteristic words, network matrices and graphs, the
lemma × document counts of the theme coder, and crosstabs (counted per group code) with their clickable cells."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from dxtext.analysis.matrix import DocTermMatrix
from dxtext.analysis.network import cooccurrence_network
from dxtext.analysis.network.subsets import _rows_of, subset_counts, subset_matrices
from dxtext.analysis.themes import crosstab
from dxtext.analysis.themes.index import _lemma_columns
from dxtext.analysis.themes.words import characteristic_words, scored_words

WORDS = ["行政", "窓口", "住民", "職員", "研修", "予算", "電子", "申請", "手続", "相談", "時間", "負担"]


def _dtm(seed: int, n: int = 300) -> DocTermMatrix:
    rng = np.random.default_rng(seed)
    X = sp.random(
        n, len(WORDS), density=0.25, format="csr", random_state=seed, data_rvs=lambda k: rng.integers(1, 4, k)
    )
    return DocTermMatrix(X.astype(np.int32), list(WORDS), [f"d{i}" for i in range(n)])


def _graph_data(G: nx.Graph) -> tuple:
    return (
        sorted(G.nodes(data=True)),
        sorted((tuple(sorted((u, v))), tuple(sorted(d.items()))) for u, v, d in G.edges(data=True)),
        sorted(G.graph.items()),
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_subset_networks_equal_the_networks_of_the_subsets_rows(seed: int) -> None:
    dtm = _dtm(seed)
    rng = np.random.default_rng(seed + 10)
    masks = [rng.random(dtm.n_docs) < p for p in (0.05, 0.3, 0.8)]
    subs = subset_matrices(dtm, masks, words=6, min_df=2, least=3)
    for mask, sub in zip(masks, subs, strict=True):
        rows = np.flatnonzero(mask)
        X = dtm.X[rows]
        keep = np.flatnonzero(np.diff(X.tocsc().indptr) >= 2)
        assert sub.qualified == len(keep)
        whole = DocTermMatrix(
            X[:, keep].tocsr(), [dtm.vocab[j] for j in keep], [dtm.doc_ids[i] for i in rows]
        )
        assert sub.dtm is not None and sub.dtm.n_docs == len(rows) and sub.dtm.n_terms == 6
        a = cooccurrence_network(whole, words=6, min_df=2, top_edges=8, seed=1)
        b = cooccurrence_network(sub.dtm, words=6, min_df=2, top_edges=8, seed=1)
        assert _graph_data(a) == _graph_data(b)


def test_subset_with_too_few_words_has_no_matrix() -> None:
    dtm = _dtm(3, n=40)
    mask = np.zeros(40, dtype=bool)
    mask[:2] = True
    (sub,) = subset_matrices(dtm, [mask], words=6, min_df=2, least=3)
    assert sub.dtm is None and sub.qualified < 3


def test_rows_of_a_column_matrix() -> None:
    X = sp.csr_matrix(np.array([[1, 0, 2], [0, 3, 0], [4, 0, 0], [0, 5, 6]], dtype=np.int32))
    mask = np.array([True, False, True, True])
    got = _rows_of(X.tocsc(), mask)
    assert got.has_sorted_indices
    assert got.toarray().tolist() == [[1, 0, 2], [4, 0, 0], [0, 5, 6]]


@pytest.mark.parametrize("seed", [0, 1])
def test_characteristic_words_from_counts_of_every_theme(seed: int) -> None:
    dtm = _dtm(seed)
    B = dtm.binary().tocsr()
    rng = np.random.default_rng(seed)
    H = np.column_stack([rng.random(dtm.n_docs) < p for p in (0.1, 0.4)])
    _tf, df = subset_counts(dtm.X, sp.csc_matrix(H), binary=B)
    df_all = np.bincount(B.indices, minlength=B.shape[1])
    vocab = np.asarray(dtm.vocab, dtype=str)
    for t in range(H.shape[1]):
        want = characteristic_words(B, dtm.vocab, H[:, t], top=5, min_docs=2)
        got = scored_words(df[t], df_all, int(H[:, t].sum()), dtm.n_docs, vocab, top=5, min_docs=2)
        assert len(want) and want.to_csv() == got.to_csv()


def test_lemma_columns_equal_the_summed_matrix() -> None:
    rng = np.random.default_rng(5)
    lengths = rng.integers(0, 9, 200)
    flat = rng.integers(0, 15, int(lengths.sum())).astype(np.int32)
    doc_of = np.repeat(np.arange(200, dtype=np.int32), lengths)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    got = _lemma_columns(flat, offsets, 200, 17)  # two lemmas never occur
    want = sp.csr_matrix((np.ones(len(flat), np.int32), (doc_of, flat)), shape=(200, 17)).tocsc()
    want.sum_duplicates()
    assert np.array_equal(got.indptr, want.indptr)
    assert np.array_equal(got.indices, want.indices)
    assert np.array_equal(got.data, want.data)


def test_crosstab_counts_by_group_code_and_cells() -> None:
    ids = pd.Index([f"d{i}" for i in range(8)], name="doc_id")
    coded = pd.DataFrame(
        {"A": np.array([1, 1, 0, 1, 0, 0, 1, 0], np.int8), "B": np.array([0, 1, 1, 1, 0, 1, 0, 0], np.int8)},
        index=ids,
    )
    # the same ids in a new Index object (aligned by position), a value with spaces, a missing value
    groups = pd.Series(["20代", " 20代", "30代", None, "30代", "20代", "40代", "30代 "], index=list(ids))
    ct = crosstab(coded, groups, attribute="年代")
    assert ct.groups == ["20代", "30代", "40代"]
    assert ct.excluded == 1
    assert ct.counts.loc[["20代", "30代", "40代"], "文書数"].tolist() == [3, 3, 1]
    assert ct.counts.loc[["20代", "30代", "40代"], "A"].tolist() == [2, 0, 1]
    assert ct.counts.loc[["20代", "30代", "40代"], "B"].tolist() == [2, 1, 0]
    cells = ct.cell_positions(coded, groups, limit=1)
    assert cells[("20代", "A")][0] == 2 and cells[("20代", "A")][1].tolist() == [0]
    assert ct.cell_documents(coded, groups)[("30代", "B")] == (1, ["d2"])
    with_missing = crosstab(coded, groups, attribute="年代", include_missing=True)
    assert "(空欄)" in with_missing.groups and with_missing.excluded == 0
