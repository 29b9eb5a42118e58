"""Topics of a large corpus fitted on a sample (``TopicModel(fit_sample=…)``), exercised on small corpora with
the threshold lowered: every document gets its shares by transform, the reason says so (model, metadata,
page), the measures count every document, the same seed gives the same bytes, and below the threshold
nothing changes.

Corpora: synthetic answers from the planted word groups of test_topics.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_topics import GROUPS, planted_csv, planted_tokens

import dxtext.runs as runs
from dxtext.analysis.topics import TopicModel
from dxtext.analysis.topics.transform import PARTITION_ROWS, fit_sample_rows, shares_by_partition
from dxtext.errors import ModelError

N_DOCS = 1500
SAMPLE = 600


@pytest.fixture(scope="module")
def docs() -> list[list[str]]:
    d, _ = planted_tokens(GROUPS, N_DOCS, seed=3)
    d[5] = []  # a document without words: no shares
    return d


@pytest.fixture(scope="module")
def sampled(docs: list[list[str]]) -> TopicModel:
    return TopicModel(seed=1, fit_sample=SAMPLE, k_sample=300).fit(docs)


def test_every_document_gets_shares_from_the_sample_fit(docs: list[list[str]], sampled: TopicModel) -> None:
    m = sampled
    assert m.fit_sample_ == SAMPLE and m.n_topics_ == len(GROUPS)
    assert m.doc_topic_.shape == (N_DOCS, m.n_topics_) and m.doc_topic_.dtype == np.float32
    sums = m.doc_topic_.sum(axis=1)
    assert sums[5] == 0 and np.allclose(np.delete(sums, 5), 1.0, atol=1e-5)
    # the planted groups come back: each topic's top words from one group, each group one topic
    owner = {w: g for g, ws in GROUPS.items() for w in ws}
    tops = [{owner.get(w, "noise") for w in m.top_words(t, 5)} for t in range(1, m.n_topics_ + 1)]
    assert all(len(t) == 1 for t in tops) and len(set.union(*tops)) == len(GROUPS)
    # documents the fit never saw are assigned to their group's topic like those it saw
    seen = np.zeros(N_DOCS, dtype=bool)
    seen[fit_sample_rows(np.delete(np.arange(N_DOCS), 5), SAMPLE, 1)] = True
    frame = m.doc_topics()
    main = frame["main_topic"].to_numpy()
    _, truth = planted_tokens(GROUPS, N_DOCS, seed=3)
    truth_topic = {g: t + 1 for t, top in enumerate(tops) for g in top}
    right = np.array([main[i] == truth_topic[truth[i]] for i in range(N_DOCS) if i != 5])
    unseen = np.delete(~seen, 5)
    assert right[unseen].mean() > 0.95 and right[~unseen].mean() > 0.95
    # the measures count every document, not the sample
    assert m.word_pairs_.n_docs == N_DOCS
    assert "random sample of 600 of the 1,499 documents with words" in m.k_reason_
    assert "K chosen on 300 of the sample's documents" in m.k_reason_


def test_same_seed_same_bytes_another_seed_another_sample(
    docs: list[list[str]], sampled: TopicModel, tmp_path: Path
) -> None:
    again = TopicModel(seed=1, fit_sample=SAMPLE, k_sample=300).fit(docs)
    a, b = sampled.save(tmp_path / "a"), again.save(tmp_path / "b")
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    assert [n for n in names if (a / n).read_bytes() != (b / n).read_bytes()] == []
    assert sampled.doc_topics().to_csv() == again.doc_topics().to_csv()
    rows = np.arange(N_DOCS)
    assert not np.array_equal(fit_sample_rows(rows, SAMPLE, 1), fit_sample_rows(rows, SAMPLE, 2))
    info = json.loads((a / "model.json").read_text(encoding="utf-8"))
    assert info["fit_sample"] == SAMPLE and info["params"]["fit_sample"] == SAMPLE
    loaded = TopicModel.load(a)
    assert loaded.fit_sample_ == SAMPLE
    assert (
        loaded.transform(docs[:50])["main_topic"].tolist() == sampled.doc_topics()["main_topic"][:50].tolist()
    )


def test_given_k_and_lda_say_the_sample_too(docs: list[list[str]]) -> None:
    m = TopicModel(n_topics=6, seed=1, fit_sample=SAMPLE).fit(docs)
    assert m.k_reason_.startswith("K=6 was given (--k). Model fitted on a random sample of 600")
    lda = TopicModel(n_topics=6, model="lda", seed=1, fit_sample=SAMPLE, lda_passes=2).fit(docs)
    assert lda.fit_sample_ == SAMPLE and lda.doc_topic_.shape == (N_DOCS, 6)
    assert np.allclose(np.delete(lda.doc_topic_.sum(axis=1), 5), 1.0, atol=1e-5)


def test_gibbs_on_a_sample_transforms_every_document(docs: list[list[str]]) -> None:
    """LDA by Gibbs sampling (the other candidate of --model auto) fitted on the sample: every document's
    shares come from its topics and α, and the planted groups are found in documents the fit never saw."""
    m = TopicModel(n_topics=len(GROUPS), model="gibbs", seed=1, fit_sample=SAMPLE).fit(docs)
    assert m.fit_sample_ == SAMPLE and m.doc_topic_.shape == (N_DOCS, len(GROUPS))
    assert m.doc_topic_.dtype == np.float32
    sums = m.doc_topic_.sum(axis=1)
    assert sums[5] == 0 and np.allclose(np.delete(sums, 5), 1.0, atol=1e-5)
    owner = {w: g for g, ws in GROUPS.items() for w in ws}
    tops = [{owner.get(w, "noise") for w in m.top_words(t, 5)} for t in range(1, m.n_topics_ + 1)]
    assert all(len(t) == 1 for t in tops) and len(set.union(*tops)) == len(GROUPS)
    _, truth = planted_tokens(GROUPS, N_DOCS, seed=3)
    truth_topic = {g: t + 1 for t, top in enumerate(tops) for g in top}
    main = m.doc_topics()["main_topic"].to_numpy()
    unseen = np.ones(N_DOCS, dtype=bool)
    unseen[fit_sample_rows(np.delete(np.arange(N_DOCS), 5), SAMPLE, 1)] = False
    unseen[5] = False
    assert np.mean([main[i] == truth_topic[truth[i]] for i in np.flatnonzero(unseen)]) > 0.95


def test_below_the_threshold_the_fit_is_the_one_on_all_documents(docs: list[list[str]]) -> None:
    small = docs[:400]
    plain = TopicModel(n_topics=6, seed=1, fit_sample=None).fit(small)
    high = TopicModel(n_topics=6, seed=1, fit_sample=400).fit(small)
    assert high.fit_sample_ is None and high.doc_topic_.dtype == np.float64
    assert np.array_equal(plain.doc_topic_, high.doc_topic_)
    assert np.array_equal(plain.components_, high.components_)
    assert "fit_sample" not in TopicModel().get_params()  # the default is not written: model.json as before
    with pytest.raises(ModelError, match="fit_sample 50"):
        TopicModel(fit_sample=50).fit(small)


def test_shares_by_partition_covers_every_row_in_bounded_pieces() -> None:
    import scipy.sparse as sp

    M = sp.csr_matrix(np.array([[1, 0], [0, 0], [0, 2], [3, 3], [0, 1]], dtype=np.float64))
    seen: list[int] = []

    def shares(part: sp.csr_matrix) -> np.ndarray:
        seen.append(part.shape[0])
        x = part.toarray()
        s = x.sum(axis=1, keepdims=True)
        return np.divide(x, s, out=np.zeros_like(x), where=s > 0)

    out = shares_by_partition(shares, M, 2, rows=2)
    assert seen == [2, 2, 1] and out.dtype == np.float32
    assert out.tolist() == [[1, 0], [0, 0], [0, 1], [0.5, 0.5], [0, 1]]
    assert PARTITION_ROWS >= 10_000


def test_the_run_writes_the_note_and_every_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``dxtext.runs.topics`` with the threshold lowered: the note in metadata.json and topics.html, a row with
    a main topic for every answer in doc_topics.csv, the same files on a second run."""
    defaults = {**TopicModel.__init__.__kwdefaults__, "fit_sample": 300, "k_sample": 150}
    monkeypatch.setattr(TopicModel.__init__, "__kwdefaults__", defaults)
    src = planted_csv(tmp_path / "survey.csv", n_docs=700, seed=4)

    def run(out: str) -> Path:
        res = runs.topics(
            src, text_col="自由記述", id_col="回答ID", k=6, out=tmp_path / out, models=tmp_path / "models"
        )
        return res.folder

    a, b = run("a"), run("b")
    meta = json.loads((a / "metadata.json").read_text(encoding="utf-8"))
    assert "random sample of 300 of the 700 documents with words" in meta["topics"]["k_reason"]
    html = (a / "topics.html").read_text(encoding="utf-8")
    assert "無作為に選んだ 300 件で当てはめ" in html
    doc_topics = pd.read_csv(a / "doc_topics.csv", encoding="utf-8-sig")
    assert len(doc_topics) == 700 and doc_topics["main_topic"].notna().all()
    for name in ("topics.csv", "doc_topics.csv", "representative.csv", "topic_quality.csv", "topics.html"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_gibbs_above_its_limit_is_fitted_on_a_sample(
    docs: list[list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Gibbs sampling costs time in proportion to the documents: above gibbs.FIT_MAX training documents the
    model is fitted on a seeded sample of that many, the others' shares computed from its topics, and the
    reason and model.json say so."""
    from dxtext.analysis.topics import gibbs

    small = docs[:700]
    plain = TopicModel(n_topics=len(GROUPS), model="gibbs", seed=1).fit(small)
    assert plain.gibbs_sample_ is None and "sample" not in plain.k_reason_
    monkeypatch.setattr(gibbs, "FIT_MAX", 300)
    m = TopicModel(n_topics=len(GROUPS), model="gibbs", seed=1).fit(small)
    assert m.gibbs_sample_ == 300
    assert (
        "LDA by Gibbs sampling fitted on a random sample of 300 of the 699 training documents" in m.k_reason_
    )
    sums = m.doc_topic_.sum(axis=1)
    assert sums[5] == 0 and np.allclose(np.delete(sums, 5), 1.0)
    owner = {w: g for g, ws in GROUPS.items() for w in ws}
    tops = [{owner.get(w, "noise") for w in m.top_words(t, 5)} for t in range(1, m.n_topics_ + 1)]
    assert all(len(t) == 1 for t in tops) and len(set.union(*tops)) == len(GROUPS)
    again = TopicModel(n_topics=len(GROUPS), model="gibbs", seed=1).fit(small)
    a, b = m.save(tmp_path / "a"), again.save(tmp_path / "b")
    assert [p.name for p in sorted(a.iterdir()) if p.read_bytes() != (b / p.name).read_bytes()] == []
    assert json.loads((a / "model.json").read_text(encoding="utf-8"))["gibbs_sample"] == 300
    assert TopicModel.load(a).gibbs_sample_ == 300
