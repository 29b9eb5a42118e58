"""``--k`` with ``--model auto``: NMF is fitted on all documents only if it wins the comparison with Gibbs LDA
(dxtext.analysis.topics.model ``fit``, .choice ``apply_choice``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dxtext.analysis.topics import TopicModel
from dxtext.analysis.topics import model as model_module
from dxtext.analysis.topics.gibbs import import_tomotopy
from dxtext.errors import ModelError

try:
    import_tomotopy()
except ModelError:
    pytest.skip("tomotopy is not installed", allow_module_level=True)

from test_topics_model_choice import _digest, sample_tokens  # the sample survey's tokens, a folder's digest

__all__ = ["sample_tokens"]  # a fixture


def _full_fits(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Records (kind, K) of every fit on all documents of a model fitted with --model auto."""
    seen: list[tuple[str, int]] = []
    fit_once = TopicModel._fit_once

    def spy(self, k, rep):  # type: ignore[no-untyped-def]
        if self.model == "auto" and rep < 0:
            seen.append((self.model_, k))
        return fit_once(self, k, rep)

    monkeypatch.setattr(TopicModel, "_fit_once", spy)
    return seen


def _eager(monkeypatch: pytest.MonkeyPatch) -> None:
    """What fit did before: NMF at the K given fitted on all documents before the comparison."""
    apply_choice = model_module.apply_choice

    def eager(tm, k, fit):  # type: ignore[no-untyped-def]
        if fit is None:
            fit = tm._run([(k, -1)], None, total=1)[(k, -1)]
        return apply_choice(tm, k, fit)

    monkeypatch.setattr(model_module, "apply_choice", eager)


@pytest.mark.parametrize("two_cores", [False, True])
@pytest.mark.parametrize(("k", "seed", "winner"), [(8, 1, "gibbs"), (5, 1, "nmf")])
def test_k_given_fits_nmf_on_all_documents_only_if_it_wins(  # type: ignore[no-untyped-def]
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sample_tokens,
    k: int,
    seed: int,
    winner: str,
    two_cores: bool,
) -> None:
    """On one core NMF's fit on all documents is made only if NMF wins. With a core to spare it is made while
    the Gibbs candidate samples in a child (the time is waited anyway), and thrown away if Gibbs wins; the
    model is the same bytes in every case."""
    from dxtext.analysis.topics import choice
    from dxtext.child import forks

    with monkeypatch.context() as m:
        _eager(m)
        before = TopicModel(n_topics=k, seed=seed).fit(sample_tokens)
        before.save(tmp_path / "before")
    monkeypatch.setattr(choice, "spare_core", lambda: two_cores)
    seen = _full_fits(monkeypatch)
    calls: list[tuple[int, int]] = []
    progress = lambda done, total: calls.append((done, total))  # noqa: E731
    now = TopicModel(n_topics=k, seed=seed).fit(sample_tokens, progress=progress)
    now.save(tmp_path / "now")
    assert now.model_ == before.model_ == winner
    ahead = two_cores and forks()
    expected = [("nmf", k)] if winner == "nmf" else [("nmf", k)] * ahead + [("gibbs", k)]
    assert seen == expected  # one core, Gibbs winning: no NMF fit thrown away
    assert calls == [(1, 1)]  # the fit's progress still ends
    assert _digest(tmp_path / "now") == _digest(tmp_path / "before")
