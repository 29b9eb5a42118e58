"""`topics` and `report` show the same topics for the same corpus and options: one fitted model, shared."""

from __future__ import annotations

from pathlib import Path

import dxtext.runs as runs
from conftest import SAMPLE_SURVEY


def test_report_shows_the_topics_of_the_topics_command(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    t = runs.topics(str(SAMPLE_SURVEY), out=tmp_path / "o", cache_dir=cache)
    r = runs.report(str(SAMPLE_SURVEY), out=tmp_path / "o", cache_dir=cache, network=False)
    model = t.data["model"]
    assert r.data["topics_from_cache"] is True  # the report did not fit a model of its own
    md = (r.folder / "report.md").read_text(encoding="utf-8")
    assert f"発見されたトピック (K={model.n_topics_})" in md
    for topic in range(1, model.n_topics_ + 1):  # the report lists each topic's words in the same order
        assert "、".join(model.top_words(topic, 3, lambda_=0.6)) in md
    # a fixed K is shared the same way (report --topics 5 = topics --k 5)
    t5 = runs.topics(str(SAMPLE_SURVEY), k=5, out=tmp_path / "o", cache_dir=cache)
    r5 = runs.report(str(SAMPLE_SURVEY), topics=5, out=tmp_path / "o", cache_dir=cache, network=False)
    assert r5.data["topics_from_cache"] is True
    md5 = (r5.folder / "report.md").read_text(encoding="utf-8")
    m5 = t5.data["model"]
    assert all("、".join(m5.top_words(i, 3, lambda_=0.6)) in md5 for i in range(1, 6))


def test_a_different_seed_is_a_different_model(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    runs.topics(str(SAMPLE_SURVEY), k=4, out=tmp_path / "o", cache_dir=cache)
    r = runs.report(str(SAMPLE_SURVEY), topics=4, seed=3, out=tmp_path / "o", cache_dir=cache, network=False)
    assert r.data["topics_from_cache"] is False
