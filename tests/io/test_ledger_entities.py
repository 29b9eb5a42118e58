"""HTML character references decoded by normalisation are counted in the ledger's notes, not silently."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import FUKUI
from dxtext.io.corpus import read_corpus


def test_survey_references_counted(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "id,answer\n1,駅&rarr;城の順に回った&hellip;\n2,A&amp;Bの店\n3,普通の答え\n4,&amp;hellip;二重\n",
        encoding="utf-8",
    )
    corpus = read_corpus(path, text_cols=["answer"], cache_dir=None)
    assert list(corpus.texts)[:2] == ["駅→城の順に回った...", "A&Bの店"]
    ledger = corpus.ledger.to_dict()
    assert ledger["files"][0]["html_references"] == 3
    assert ledger["notes"] == [
        "s.csv: HTML character references (&hellip; &amp; &#NNNN; …) decoded in 3 documents"
    ]


def test_no_reference_no_note(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("id,answer\n1,AとBの店\n2,&だけ\n", encoding="utf-8")
    corpus = read_corpus(path, text_cols=["answer"], cache_dir=None)
    assert corpus.ledger.notes == [] and corpus.ledger.files[0].html_references == 0


def test_minutes_references_counted(tmp_path: Path) -> None:
    path = tmp_path / "m.txt"
    path.write_text("・窓口&hellip;の件\n・予算の件\n・A&amp;Bの件\n", encoding="utf-8")
    corpus = read_corpus(path, cache_dir=None)
    assert corpus.ledger.files[0].html_references == 2
    assert "2 documents" in corpus.ledger.notes[0]


def test_fukui_answers(tmp_path: Path) -> None:
    answers = FUKUI / "answers.csv"
    if not answers.is_file():
        pytest.skip("shared corpora not found (set DXTEXT_SHARED_CORPORA): Fukui answers needed")
    with open(answers, encoding="utf-8-sig", newline="") as f:
        expected = sum(1 for row in csv.DictReader(f) if "&" in row["text"] and ";" in row["text"])
    corpus = read_corpus(answers, cache_dir=None)
    n = corpus.ledger.files[0].html_references
    assert 0 < n <= expected  # 387 of 58,287 answers (CC BY 4.0 福井県観光連盟)
    assert f"{n:,} documents" in corpus.ledger.notes[0]
