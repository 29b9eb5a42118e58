"""Runs on meeting records: procedure, roles and names kept out of models by default."""

from __future__ import annotations

from pathlib import Path

import pytest

import dxtext.runs as runs
from dxtext.errors import DxtextError

SAMPLES = Path(__file__).resolve().parents[2] / "corpora" / "minutes"
COMMITTEE = SAMPLES / "higashihara-town-committee-sample.txt"

# words of procedure that must not be among the top words of a topic of an assembly record (the list)
PROCEDURE_WORDS = set(
    "異議 休憩 開会 閉会 散会 再開 質疑 委員長 本日 午前 午後 次回 宜しい 如何 互選 諮る".split()
)


def test_topics_of_a_committee_record_are_about_policy(tmp_path: Path) -> None:
    result = runs.topics(COMMITTEE, out=tmp_path, models=None, seed=1)
    model = result.model
    names = {"中島", "石井", "安藤", "森田", "坂口", "岡本", "松井", "村上", "小川"}
    assert model.n_topics_ >= 4
    for topic in range(model.n_topics_):
        words = set(model.top_words(topic, 10))
        assert not PROCEDURE_WORDS & words, words
        assert not names & words, words


def test_role_filter_and_ledger(tmp_path: Path) -> None:
    full = runs.corpus_info(COMMITTEE, cache_dir=None)
    info = runs.corpus_info(COMMITTEE, role="member,executive", cache_dir=None)
    t, t0 = info.info["ledger"]["totals"], full.info["ledger"]["totals"]
    assert info.info["ledger"]["balanced"]
    assert t["used"] == 26 and t["filtered"] == t0["used"] - 26 and t["procedural"] == t0["procedural"]
    assert info.info["roles"]["member"]["used"] == 13
    with pytest.raises(DxtextError, match="unknown role"):
        runs.corpus_info(COMMITTEE, role="mayor", cache_dir=None)
    with pytest.raises(DxtextError, match="no speaker roles"):
        runs.corpus_info(SAMPLES / "dx-study-group-sample-01.txt", role="member", cache_dir=None)


def test_names_are_no_words_unless_kept(tmp_path: Path) -> None:
    plenary = SAMPLES / "wakaba-city-assembly-plenary-sample.txt"  # 市長: 大西議員の御質問にお答えいたします
    words = set(runs.freq(plenary, top=0, out=tmp_path / "a", cache_dir=None).tables["freq"]["word"])
    kept = set(
        runs.freq(plenary, top=0, out=tmp_path / "b", keep_names=True, cache_dir=None).tables["freq"]["word"]
    )
    assert "大西" not in words and "大西" in kept
    hits = runs.kwic(plenary, "大西", out=tmp_path / "c", cache_dir=None)
    assert len(hits.tables["kwic"]) > 0  # KWIC finds names always


def test_keep_procedure_brings_the_chair_back(tmp_path: Path) -> None:
    words = set(runs.freq(COMMITTEE, top=0, out=tmp_path / "a", cache_dir=None).tables["freq"]["word"])
    kept = set(
        runs.freq(COMMITTEE, top=0, out=tmp_path / "b", keep_procedure=True, cache_dir=None).tables["freq"][
            "word"
        ]
    )
    assert "質疑" not in words and "質疑" in kept
