"""Quotes in report.md, report.html and report.xlsx never show half-masked names (髙橋〔氏名〕市長, エン〔氏名〕):
checked on the bundled sample survey and minutes and, when present, the real council and study-group minutes,
with the speakers kept (the default for public minutes) and masked (--mask-speakers)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import dxtext.runs as runs
from conftest import COUNCIL, MINUTES, SAMPLE_MINUTES, SAMPLE_SURVEY
from dxtext.text.privacy import NAME_MASK

# a piece of a name glued to the mask: a kanji or katakana before it, katakana after it
HALF = re.compile(
    rf"[\u3400-\u9fff\u30a1-\u30fa々]{re.escape(NAME_MASK)}|{re.escape(NAME_MASK)}[\u30a1-\u30fa]"
)


def half_masked(text: str) -> list[str]:
    return [text[max(0, m.start() - 8) : m.end() + 8] for m in HALF.finditer(text)]


@pytest.mark.parametrize("text", ["髙橋〔氏名〕市長", "都〔氏名〕", "エン〔氏名〕", "〔氏名〕パワー"])
def test_the_check_catches_half_masks(text: str) -> None:
    assert half_masked(text)


@pytest.mark.parametrize("text", ["〔氏名〕委員、〔氏名〕委員", "担当の〔氏名〕さん", "〔氏名〕市長は"])
def test_the_check_passes_whole_masks(text: str) -> None:
    assert not half_masked(text)


SOURCES = [
    (SAMPLE_SURVEY, False),
    (SAMPLE_MINUTES / "wakaba-city-assembly-plenary-sample.txt", True),
    (SAMPLE_MINUTES / "higashihara-town-committee-sample.txt", True),
    (COUNCIL, True),
    (COUNCIL, False),
    (MINUTES, False),
]


@pytest.mark.parametrize(("source", "mask_speakers"), SOURCES, ids=lambda x: getattr(x, "name", str(x)))
def test_report_quotes_are_never_half_masked(source: Path, mask_speakers: bool, tmp_path: Path) -> None:
    if not source.is_file():
        pytest.skip(f"{source.name} not found (shared corpora: set DXTEXT_SHARED_CORPORA)")
    extra = {"mask_speakers": True} if mask_speakers else {}
    result = runs.report(source, out=tmp_path, quotes=10, topics=0, network=False, cache_dir=None, **extra)
    folder = result.folder
    assert folder is not None
    md = (folder / "report.md").read_text(encoding="utf-8")
    html = (folder / "report.html").read_text(encoding="utf-8")
    sheets = pd.read_excel(folder / "report.xlsx", sheet_name=None)
    quotes = "\n".join(sheets["quotes"]["text"].astype(str)) if "quotes" in sheets else ""
    for name, text in (("report.md", md), ("report.html", html), ("report.xlsx quotes", quotes)):
        assert not half_masked(text), (name, half_masked(text))
