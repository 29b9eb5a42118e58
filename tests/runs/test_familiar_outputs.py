"""Every table and page shows familiar forms: on 3,000 Fukui answers (CC BY 4.0 福井県観光連盟, read in place and
written to a temporary file), none of 為る, 居る, 奇麗, 側 appears as a word in freq.csv, in the report's
Markdown, HTML and XLSX (themes, topics, network words), and そば is among the top words."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

import dxtext.runs as runs
from conftest import FUKUI

UNIDIC_SPELLINGS = ["為る", "居る", "奇麗"]  # and 側 only where the text writes 側 ("side"), never for そば


@pytest.fixture(scope="module")
def fukui_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    answers = FUKUI / "answers.csv"
    if not answers.is_file():
        pytest.skip("shared corpora not found (set DXTEXT_SHARED_CORPORA): Fukui answers needed")
    path = tmp_path_factory.mktemp("fukui") / "answers3000.csv"
    with (
        open(answers, encoding="utf-8-sig", newline="") as f,
        open(path, "w", encoding="utf-8", newline="") as g,
    ):
        reader = csv.DictReader(f)
        writer = csv.DictWriter(g, fieldnames=["answer_id", "text"])
        writer.writeheader()
        for _, row in zip(range(3000), reader, strict=False):
            writer.writerow({"answer_id": row["answer_id"], "text": row["text"]})
    return path


def test_freq_shows_familiar_forms(fukui_sample: Path, tmp_path: Path) -> None:
    table = runs.freq(fukui_sample, top=0, out=tmp_path, id_col="answer_id", cache_dir=None).tables["freq"]
    words = table["word"].tolist()
    assert not set(UNIDIC_SPELLINGS) & set(words)
    side = int(table.loc[table["word"] == "側", "tf"].sum())
    with open(fukui_sample, encoding="utf-8") as f:
        assert side <= f.read().count("側")  # 側 counts only the 側 written as such
    assert "そば" in words[:100] and "する" not in words  # する is a stopword by its familiar form too
    written = pd.read_csv(next(tmp_path.glob("freq_*/freq.csv")), encoding="utf-8-sig")
    assert not set(UNIDIC_SPELLINGS) & set(written["word"])


def test_report_pages_show_familiar_forms(fukui_sample: Path, tmp_path: Path) -> None:
    result = runs.report(fukui_sample, out=tmp_path, id_col="answer_id", topics=6, cache_dir=None, mask=True)
    folder = result.folder
    assert folder is not None
    sheets = pd.read_excel(folder / "report.xlsx", sheet_name=None)
    # word cells of every sheet (quotes are the answers as written, not words: left out)
    cells = {
        str(v).strip()
        for name, frame in sheets.items()
        if name != "quotes"
        for col in frame.columns
        for v in frame[col].dropna().tolist()
    }
    words = {w for c in cells for w in re.split(r"[、,\s]+", c)}
    assert not set(UNIDIC_SPELLINGS) & words, set(UNIDIC_SPELLINGS) & words
    md = (folder / "report.md").read_text(encoding="utf-8")
    table_lines = [line for line in md.splitlines() if line.startswith("|") and not line.startswith("| >")]
    md_words = {w for line in table_lines for w in re.split(r"[|、,\s]+", line)}
    assert not set(UNIDIC_SPELLINGS) & md_words
