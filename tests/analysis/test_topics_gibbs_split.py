"""``--model gibbs`` choosing K: tomotopy holds the GIL while it samples, so the candidate fits are shared
between this process and a forked child (TopicModel._run_split) — the same model bytes as one after another."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dxtext import child
from dxtext.analysis.topics import TopicModel
from dxtext.analysis.topics.gibbs import import_tomotopy
from dxtext.errors import ModelError

try:
    import_tomotopy()
except ModelError:
    pytest.skip("tomotopy is not installed", allow_module_level=True)

from test_topics_model_choice import _digest, sample_tokens  # the sample survey's tokens, a folder's digest

__all__ = ["sample_tokens"]  # a fixture


def test_candidates_split_with_a_child_give_the_same_model(  # type: ignore[no-untyped-def]
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_tokens
) -> None:
    options = dict(model="gibbs", k_range=(3, 5), seed=2, n_stability=2)
    where: dict[tuple[int, int], int] = {}
    fit_once = TopicModel._fit_once

    def spy(self, k, rep):  # type: ignore[no-untyped-def]
        fit = fit_once(self, k, rep)
        fit.extra["pid"] = os.getpid()  # which process made the fit (comes back with it from a child)
        return fit

    monkeypatch.setattr(TopicModel, "_fit_once", spy)
    original = TopicModel._run_split

    def record(self, jobs, progress, *, total, done):  # type: ignore[no-untyped-def]
        results, done = original(self, jobs, progress, total=total, done=done)
        where.update({job: fit.extra.pop("pid") for job, fit in results.items()})
        return results, done

    monkeypatch.setattr(TopicModel, "_run_split", record)
    monkeypatch.setattr(child, "spare_core", lambda: False)
    alone = TopicModel(**options).fit(sample_tokens)
    alone.save(tmp_path / "alone")
    assert set(where.values()) == {os.getpid()}
    where.clear()
    monkeypatch.setattr(child, "spare_core", lambda: True)
    split = TopicModel(**options).fit(sample_tokens)
    split.save(tmp_path / "split")
    if child.forks():
        assert os.getpid() in where.values() and len(set(where.values())) == 2  # both sides made fits
    assert split.k_selection_.equals(alone.k_selection_)
    assert _digest(tmp_path / "split") == _digest(tmp_path / "alone")
