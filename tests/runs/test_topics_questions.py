"""Questions kept apart in `dxtext topics`: prevalence per question by default, --per-question side by side,
and --seed-rules naming the topics after the rules."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import dxtext.runs as runs
from conftest import SAMPLE_SURVEY
from dxtext.errors import ModelError

REPO = Path(__file__).resolve().parents[2]


def test_prevalence_per_question_by_default_and_one_model_per_question(tmp_path: Path) -> None:
    res = runs.topics(
        str(SAMPLE_SURVEY), k=5, per_question=True, out=tmp_path / "o", cache_dir=tmp_path / "c"
    )
    prev = pd.read_csv(res.folder / "prevalence.csv", encoding="utf-8-sig")
    assert "question" in prev.columns and prev["question"].nunique() == 5  # the five open questions
    pq = pd.read_csv(res.folder / "per_question.csv", encoding="utf-8-sig")
    assert pq["question"].nunique() == 5
    for q, g in pq.groupby("question"):
        assert (g["k"] == 5).all() and g["topic"].tolist() == [1, 2, 3, 4, 5], q  # --k applies per question
        assert abs(g["share"].sum() - 1) < 0.01
    answers = pd.read_csv(res.folder / "doc_topics.csv", encoding="utf-8-sig")["question"].value_counts()
    docs = pq.drop_duplicates("question").set_index("question")["documents"]
    assert docs.to_dict() == answers.to_dict()  # every answer is in its question's model
    sheets = pd.read_excel(res.folder / "topics.xlsx", sheet_name=None)
    assert {"per_question", "per_question_topics"} <= set(sheets)
    assert "one model per question" in res.summary()


def test_per_question_needs_a_question_attribute(tmp_path: Path) -> None:
    minutes = REPO / "corpora"
    files = sorted((minutes / "minutes").glob("*.txt"))
    if not files:
        pytest.skip("no bundled minutes file")
    with pytest.raises(ModelError, match="no question attribute"):
        runs.topics(str(files[0]), per_question=True, out=tmp_path / "o", cache_dir=tmp_path / "c")


def test_seed_rules_name_the_topics_after_the_rules(tmp_path: Path) -> None:
    rules = tmp_path / "rules.txt"
    rules.write_text(
        "*人材\nキャリアパス or 採用\n*標準化\n標準化 or 移行\n*未知\n存在しない語\n", encoding="utf-8"
    )
    res = runs.topics(str(SAMPLE_SURVEY), seed_rules=rules, out=tmp_path / "o", cache_dir=tmp_path / "c")
    model = res.data["model"]
    assert model.n_topics_ == 2 and sorted(model.seed_names_) == ["人材", "標準化"]
    labels = res.tables["labels"]["label"].tolist()
    assert any(lab.startswith("【人材】") for lab in labels) and any(
        lab.startswith("【標準化】") for lab in labels
    )
    assert "未知" in res.summary()  # the rule without a word of the vocabulary is named
