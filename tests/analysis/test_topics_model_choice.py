"""``--model auto``: NMF or LDA by Gibbs sampling (dxtext.analysis.topics.choice, .gibbs)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from conftest import SAMPLE_SURVEY
from dxtext.analysis.topics import TopicModel
from dxtext.analysis.topics.gibbs import gibbs_shares, import_tomotopy
from dxtext.errors import ModelError

try:  # imported as dxtext does (its SIMD path fixed): a fit in another process then gives the same bytes
    import_tomotopy()
except ModelError:
    pytest.skip("tomotopy is not installed", allow_module_level=True)


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def sample_tokens(tokenizer):  # type: ignore[no-untyped-def]
    from dxtext.io.corpus import read_corpus

    return tokenizer.tokenize_corpus(read_corpus(SAMPLE_SURVEY)).tokens


def test_the_choice_is_recorded_and_the_same_bytes_twice(tmp_path: Path, sample_tokens) -> None:  # type: ignore[no-untyped-def]
    a = TopicModel(n_topics=6, seed=3).fit(sample_tokens)
    b = TopicModel(n_topics=6, seed=3).fit(sample_tokens)
    a.save(tmp_path / "a")
    b.save(tmp_path / "b")
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    info = json.loads((tmp_path / "a" / "model.json").read_text(encoding="utf-8"))
    choice = info["model_choice"]
    assert choice["chosen"] == info["model"] == a.model_
    assert set(choice["heldout_npmi"]) == {"nmf", "gibbs"}
    best = max(choice["heldout_npmi"].values())
    assert choice["heldout_npmi"][choice["chosen"]] == best
    # the reason says which model and why, in English and in Japanese
    assert f"Model {a.model_.upper()}" in info["k_reason"]
    from dxtext.i18n import in_language

    assert "モデル" in in_language(a.k_reason_message_, "ja")


@pytest.mark.parametrize("background", [True, False])
def test_the_gibbs_candidate_in_a_child_gives_the_bytes_of_one_after_the_other(
    tmp_path: Path,
    sample_tokens,
    monkeypatch,
    background: bool,  # type: ignore[no-untyped-def]
) -> None:
    """On two cores the Gibbs candidate is fitted in a forked child while NMF fits in the process; the model
    saved is the same, byte for byte, as when both are fitted in turn (one core)."""
    import os

    from dxtext.analysis.topics import choice
    from dxtext.child import forks

    seen = tmp_path / "pids"  # a file: a child's set would stay in the child
    candidate = choice._candidate

    def spy(tm, kind, *args):  # type: ignore[no-untyped-def]
        with seen.open("a") as f:
            f.write(f"{kind} {os.getpid()}\n")
        return candidate(tm, kind, *args)

    monkeypatch.setattr(choice, "_candidate", spy)
    monkeypatch.setattr(choice, "spare_core", lambda: background)
    TopicModel(n_topics=6, seed=3).fit(sample_tokens).save(tmp_path / "m")
    monkeypatch.setattr(choice, "spare_core", lambda: False)
    TopicModel(n_topics=6, seed=3).fit(sample_tokens).save(tmp_path / "inline")
    assert _digest(tmp_path / "m") == _digest(tmp_path / "inline")
    # the sample survey is small: three splits, Gibbs in a child in each when there is a core to spare
    runs = [line.split() for line in seen.read_text().splitlines()]
    parent = str(os.getpid())
    assert sorted(kind for kind, _ in runs) == ["gibbs"] * 6 + ["nmf"] * 6
    assert all(pid == parent for kind, pid in runs if kind == "nmf")
    in_children = [pid != parent for kind, pid in runs[:6] if kind == "gibbs"]
    assert in_children == [background and forks()] * 3


def test_a_given_model_is_not_chosen(sample_tokens) -> None:  # type: ignore[no-untyped-def]
    m = TopicModel(n_topics=5, model="nmf").fit(sample_tokens)
    assert m.model_ == "nmf" and m.model_choice_ is None


def test_gibbs_is_deterministic_and_transforms_after_loading(tmp_path: Path, sample_tokens) -> None:  # type: ignore[no-untyped-def]
    a = TopicModel(n_topics=5, model="gibbs", seed=2).fit(sample_tokens)
    b = TopicModel(n_topics=5, model="gibbs", seed=2).fit(sample_tokens)
    assert np.array_equal(a.components_, b.components_)
    assert np.array_equal(a.doc_topic_, b.doc_topic_)
    a.save(tmp_path / "m")
    loaded = TopicModel.load(tmp_path / "m")
    assert loaded.model_ == "gibbs"
    new = loaded.transform([*sample_tokens[:5], ["存在しない語"]])
    shares = new[loaded.topic_columns()].to_numpy()
    assert np.allclose(shares[:5].sum(axis=1), 1.0, atol=1e-3)
    assert shares[5].sum() == 0 and new["main_topic"].isna().tolist() == [False] * 5 + [True]
    assert [loaded.top_words(t, 10) for t in range(1, 6)] == [a.top_words(t, 10) for t in range(1, 6)]


def test_gibbs_shares_by_hand() -> None:
    # two topics over three words; a document of word 0 only belongs to topic 1, of word 2 only to topic 2
    phi = np.array([[0.8, 0.2, 0.0], [0.0, 0.2, 0.8]])
    M = sp.csr_matrix(np.array([[3, 0, 0], [0, 0, 2], [0, 0, 0]]))
    theta = gibbs_shares(M, phi, np.array([0.1, 0.1]))
    assert theta[0, 0] > 0.9 and theta[1, 1] > 0.9
    assert theta[2].tolist() == [0.0, 0.0]


def _saved(tm: TopicModel, folder: Path) -> str:
    tm.save(folder)
    return _digest(folder)


@pytest.mark.parametrize("winner", ["gibbs", "nmf"])
def test_the_same_model_on_one_thread_and_on_several(
    tmp_path: Path, sample_tokens, monkeypatch: pytest.MonkeyPatch, winner: str
) -> None:  # type: ignore[no-untyped-def]
    """One thread (n_jobs=1) or several (K's fits, the shares of every document by partition): the same
    bytes, K given or chosen on a sample (NMF's fit on all documents then made only if NMF wins)."""
    from dxtext.analysis.topics import choice, transform

    real = choice.choose_model_kind

    def forced(*args, **kwargs):  # type: ignore[no-untyped-def]
        made = real(*args, **kwargs)
        made.chosen = winner
        return made

    monkeypatch.setattr(choice, "choose_model_kind", forced)
    monkeypatch.setattr(transform, "threads_for", lambda n_jobs: 1 if n_jobs == 1 else 2)
    for n, options in enumerate(
        [{"n_topics": 5}, {"k_range": (4, 6), "k_sample": 300, "n_stability": 2, "fit_sample": 200}]
    ):
        one = TopicModel(seed=4, n_jobs=1, **options).fit(sample_tokens)
        two = TopicModel(seed=4, n_jobs=2, **options).fit(sample_tokens)
        assert one.model_ == two.model_ == winner
        assert _saved(one, tmp_path / f"one{n}") == _saved(two, tmp_path / f"two{n}")
        assert one.doc_topic_.tobytes() == two.doc_topic_.tobytes()
