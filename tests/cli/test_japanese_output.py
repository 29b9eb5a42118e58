"""What the commands print under LANG=ja_JP.UTF-8 is Japanese: summaries, notes, the reason for K, errors.

The real command (``python -m dxtext``) runs on the bundled sample survey; no line of its stdout or stderr may
be mostly English words. What stays in Latin letters by design is left out before counting: file names and
paths, option names (``--k``) and ``name=value`` options, identifiers with ``_`` or ``-`` (the corpus name
``dx_survey_2025``), command names, and the few terms a Japanese reader uses as they are (NPMI, KWIC,
Jaccard …). Under LANG=C.UTF-8 the same check finds the English lines, so it is able to fail."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import SAMPLE_SURVEY, dxtext_in_language

_PATH = re.compile(r"\S*[/\\]\S*|\S+\.(csv|tsv|html|png|xlsx|json|txt|docx|graphml|gexf|jsonl|md)\b")
_OPTION = re.compile(r"(?<!\w)--?[A-Za-z][\w-]*")
_NAME = re.compile(r"\S*[A-Za-z0-9][_-][A-Za-z0-9]\S*|\w+=\S*|\{\w+\}|\[OPTIONS\]|python -m dxtext( [a-z]+)*")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
#: terms kept in Latin letters in the Japanese texts, and the command names
KEPT = set(
    "dxtext KWIC TF IDF NPMI LDA NMF KH Coder UniDic MeCab HTML Excel CSV XLSX PNG DX BH Jaccard lift Dask "
    "GraphML Gephi Cochran Armitage Benjamini Hochberg Kruskal stress Fisher Pearson ward MB KB GB "
    "freq kwic topics network themes report ca cluster assoc compare dtm corpus dict outputs model".split()
)


Q3 = "問3 デジタル人材の確保・育成やキャリアパスについて"


def english_line(line: str) -> bool:
    """True when ``line`` is mostly English words: two or more words left after taking out names, paths and
    options, with more Latin letters than twice the Japanese characters."""
    text = _NAME.sub(" ", _OPTION.sub(" ", _PATH.sub(" ", line)))
    words = [w for w in _WORD.findall(text) if w not in KEPT]
    return len(words) >= 2 and sum(map(len, words)) > 2 * len(_JAPANESE.findall(text))


# (line, mostly English?)
HEURISTIC = [
    ("co-occurrence network: 53 words, 60 pairs, 9 communities (modularity 0.716) from 433 documents", True),
    ("433 documents coded", True),
    ("  K=4 was given (--k).", True),
    (
        "エラー: r.txt:4: and: the expression ends after an operator; add the condition that should follow.",
        True,
    ),
    ("  warning: T1 職員・提案・異動: catch-all: main topic of 52% of the answers", True),
    ("共起ネットワーク: 53 語、60 組、9 コミュニティ (モジュラリティ 0.716)、433 件の文書から", False),
    ("トピック: dx_survey_2025 — NMF、K = 4", False),
    ("使い方: python -m dxtext kwic [OPTIONS] {path} {word}", False),
    ("  /tmp/x/dx_survey_2025.csv       csv          utf-8-sig      100     500", False),
    ("2026-12-06 21:11  dtm   1.3 MB  dtm_dx_survey_2025   format=auto min_df=1", False),
    ("KWIC (kwic.csv に 12 行):", False),
    ("  K = 4 は --k で指定された値です (K の選択は行っていません)。", False),
]


@pytest.mark.parametrize("line,expected", HEURISTIC)
def test_the_heuristic_tells_english_lines(line: str, expected: bool) -> None:
    assert english_line(line) is expected


def _dxtext(*args: str, lang: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return dxtext_in_language(*args, lang=lang, tmp_path=tmp_path)


def _commands(tmp_path: Path) -> list[list[str]]:
    bad_rules = tmp_path / "rules.txt"
    bad_rules.write_text("*人材\n人材 or 育成\n*悪い\n(人材 and\n", encoding="utf-8")
    rules = tmp_path / "rules_ok.txt"
    rules.write_text("*人材\n人材 or 育成\n*費用\n費用 or コスト\n", encoding="utf-8")
    survey = str(SAMPLE_SURVEY)
    return [
        ["corpus", "info", survey],
        ["network", survey, "--by", "人口規模", "-q"],
        ["themes", survey, "--rules", str(rules), "--by", "人口規模", "-q"],
        ["themes", survey, "--rules", str(bad_rules), "-q"],
        ["topics", survey, "-t", Q3, "--k-range", "3..5", "-q"],
        ["ca", survey, "--by", "人口規模", "-q"],
        ["assoc", survey, "人材", "-q"],
        ["compare", survey, "--by", "人口規模", "-q"],
        ["dtm", survey, "-q"],
    ]


@pytest.fixture(scope="module")
def japanese_runs(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[list[str], str]]:
    tmp = tmp_path_factory.mktemp("ja")
    out = []
    for args in _commands(tmp):
        p = _dxtext(*args, lang="ja_JP.UTF-8", tmp_path=tmp)
        assert p.returncode in (0, 1), (args, p.stderr[-2000:])
        out.append((args, p.stdout + p.stderr))
    return out


def test_no_line_is_mostly_english_under_a_japanese_locale(
    japanese_runs: list[tuple[list[str], str]],
) -> None:
    english = [
        f"dxtext {' '.join(args[:2])}: {line}"
        for args, text in japanese_runs
        for line in text.splitlines()
        if english_line(line)
    ]
    assert english == []


def test_the_reason_for_k_is_japanese_and_the_saved_one_english(tmp_path: Path) -> None:
    args = ["topics", str(SAMPLE_SURVEY), "-t", Q3, "--k", "4"]
    p = _dxtext(*args, "-q", lang="ja_JP.UTF-8", tmp_path=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "K = 4 は --k で指定された値です" in p.stdout
    (model,) = (tmp_path / "models").iterdir()
    saved = json.loads((model / "model.json").read_text(encoding="utf-8"))
    # the saved reason is English (then, with --model auto, why NMF or Gibbs LDA was chosen)
    assert saved["k_reason"].startswith("K=4 was given (--k). Model ")


def test_the_same_check_finds_the_english_lines_of_the_c_locale(tmp_path: Path) -> None:
    p = _dxtext("network", str(SAMPLE_SURVEY), "-q", lang="C.UTF-8", tmp_path=tmp_path)
    assert p.returncode == 0, p.stderr
    assert any(english_line(line) for line in p.stdout.splitlines())
